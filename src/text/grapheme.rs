//! Stepping through text the way a writer sees it: by grapheme (one 字, one emoji with its
//! modifiers, one letter with its accent), and by word, where a Chinese "word" is the run of
//! characters up to the next punctuation, so word moves go clause by clause.
//!
//! The editor and the one-line inputs both step with these; nothing else re-derives a boundary.
//! Offsets are byte offsets into the `&str`, always on a grapheme boundary.

use unicode_segmentation::UnicodeSegmentation;

/// What kind of run a character belongs to, for word moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordClass {
    /// 汉字 and other letters of scripts without spaces.
    Han,
    /// Latin letters, digits and what belongs to a figure (`%`, `.`).
    Latin,
    /// Spaces and punctuation: what words are separated by.
    Gap,
}

/// The word class of a character.
pub fn word_class(c: char) -> WordClass {
    if c.is_whitespace() || (c.is_ascii_punctuation() && c != '%' && c != '.') || is_cjk_punct(c) {
        WordClass::Gap
    } else if c.is_ascii_alphanumeric() || c == '%' || c == '.' {
        WordClass::Latin
    } else {
        WordClass::Han
    }
}

/// Full-width and CJK punctuation, general punctuation (— … “ ”) included.
fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}' | '\u{2010}'..='\u{2027}')
}

/// The boundary before the grapheme that ends at `byte` (0 at the start).
pub fn prev_boundary(text: &str, byte: usize) -> usize {
    text[..byte]
        .grapheme_indices(true)
        .next_back()
        .map_or(0, |(i, _)| i)
}

/// The boundary after the grapheme that starts at `byte` (the end at the end).
pub fn next_boundary(text: &str, byte: usize) -> usize {
    text[byte..]
        .graphemes(true)
        .next()
        .map_or(text.len(), |g| byte + g.len())
}

/// The start of the next word after `byte`: past the run `byte` is in, then past any spaces and
/// punctuation. At the end, the end.
pub fn next_word(text: &str, byte: usize) -> usize {
    let rest = &text[byte..];
    let first = rest.chars().next().map(word_class);
    let mut in_first_run = true;
    for (i, c) in rest.char_indices() {
        let k = word_class(c);
        if in_first_run && Some(k) == first && k != WordClass::Gap {
            continue;
        }
        in_first_run = false;
        if k != WordClass::Gap {
            return byte + i;
        }
    }
    text.len()
}

/// The start of the word before `byte` (spaces and punctuation just before it skipped).
pub fn prev_word(text: &str, byte: usize) -> usize {
    let mut chars = text[..byte].char_indices().rev().peekable();
    while chars
        .next_if(|&(_, c)| word_class(c) == WordClass::Gap)
        .is_some()
    {}
    let kind = chars.peek().map(|&(_, c)| word_class(c));
    for (i, c) in chars {
        if Some(word_class(c)) != kind {
            return i + c.len_utf8();
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grapheme_with_a_combining_mark_is_one_step() {
        let text = "e\u{301}述";
        assert_eq!(next_boundary(text, 0), 3);
        assert_eq!(prev_boundary(text, 3), 0);
        assert_eq!(next_boundary(text, text.len()), text.len());
        assert_eq!(prev_boundary(text, 0), 0);
    }

    #[test]
    fn word_steps_go_clause_by_clause_and_keep_a_figure_whole() {
        let text = "全年完成投资3.5%，同比增长。";
        let comma = text.find('，').unwrap();
        let figure = text.find('3').unwrap();
        assert_eq!(next_word(text, 0), figure, "汉字 run, then the figure");
        assert_eq!(next_word(text, figure), comma + '，'.len_utf8());
        assert_eq!(prev_word(text, comma + '，'.len_utf8()), figure);
        assert_eq!(prev_word(text, figure), 0);
        assert_eq!(next_word(text, text.find('同').unwrap()), text.len());
    }
}
