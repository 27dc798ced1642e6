//! 字数, counted the way Word and WPS count it (字数统计 → 字数).
//!
//! Every CJK character counts 1: Han ideographs (all extensions and compatibility forms), CJK
//! symbols and punctuation, full-width forms, kana, hangul, bopomofo, enclosed and compatibility
//! CJK, vertical forms and radicals. Every maximal run of other non-space characters counts 1
//! (`2024`, `GDP`, `1.5`). Whitespace, the full-width space included, counts 0.
//!
//! Punctuation of the General Punctuation block (“ ” ‘ ’ … —) is not CJK under this rule, so a
//! `“` between Han characters is its own run and counts 1. Word may differ by a few characters on
//! such marks; the help text says so.

use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

/// The two counts a writer is asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordCount {
    /// 字数: CJK characters plus runs of other non-space characters.
    pub words: usize,
    /// 字符数（不计空格）: every non-space character.
    pub chars: usize,
}

/// Counts `text` by the rule of the module doc.
pub fn word_count(text: &str) -> WordCount {
    word_count_after(None, text)
}

/// Counts `text` as it counts where it follows the character `before`: a run of other
/// characters that `before` began is not counted again. What the 字数 of a long text gains by
/// an edit is found so, from the edited stretch and the characters either side of it.
pub fn word_count_after(before: Option<char>, text: &str) -> WordCount {
    let mut count = WordCount::default();
    let mut in_run = before.is_some_and(|c| !c.is_whitespace() && !is_cjk(c));
    for c in text.chars() {
        if c.is_whitespace() {
            in_run = false;
            continue;
        }
        count.chars += 1;
        if is_cjk(c) {
            count.words += 1;
            in_run = false;
        } else if !in_run {
            count.words += 1;
            in_run = true;
        }
    }
    count
}

/// True for the characters that count one each.
pub fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x11FF       // Hangul Jamo
        | 0x2E80..=0x2EFF     // CJK Radicals Supplement
        | 0x2F00..=0x2FDF     // Kangxi Radicals
        | 0x3000..=0x303F     // CJK Symbols and Punctuation
        | 0x3040..=0x30FF     // Hiragana, Katakana
        | 0x3100..=0x312F     // Bopomofo
        | 0x3130..=0x318F     // Hangul Compatibility Jamo
        | 0x31A0..=0x31FF     // Bopomofo Extended, CJK Strokes, Katakana Phonetic Extensions
        | 0x3200..=0x33FF     // Enclosed CJK Letters and Months, CJK Compatibility
        | 0x3400..=0x4DBF     // CJK Extension A
        | 0x4E00..=0x9FFF     // CJK Unified Ideographs
        | 0xAC00..=0xD7AF     // Hangul Syllables
        | 0xF900..=0xFAFF     // CJK Compatibility Ideographs
        | 0xFE10..=0xFE1F     // Vertical Forms
        | 0xFE30..=0xFE4F     // CJK Compatibility Forms
        | 0xFF00..=0xFFEF     // Halfwidth and Fullwidth Forms
        | 0x20000..=0x323AF   // CJK Extensions B to H, Compatibility Ideographs Supplement
    )
}

/// True for Han ideographs (汉字) alone, all extensions and compatibility forms: the part of
/// [`is_cjk`] that has pinyin and that punctuation rules speak of as "Chinese characters".
pub fn is_han(c: char) -> bool {
    matches!(u32::from(c),
        0x3400..=0x4DBF       // CJK Extension A
        | 0x4E00..=0x9FFF     // CJK Unified Ideographs
        | 0xF900..=0xFAFF     // CJK Compatibility Ideographs
        | 0x20000..=0x323AF   // CJK Extensions B to H, Compatibility Ideographs Supplement
    )
}

impl Add for WordCount {
    type Output = WordCount;
    fn add(self, other: WordCount) -> WordCount {
        WordCount {
            words: self.words + other.words,
            chars: self.chars + other.chars,
        }
    }
}

impl Sub for WordCount {
    type Output = WordCount;
    /// What is left of a count when a part of it is taken away.
    fn sub(self, part: WordCount) -> WordCount {
        WordCount {
            words: self.words - part.words,
            chars: self.chars - part.chars,
        }
    }
}

impl AddAssign for WordCount {
    fn add_assign(&mut self, other: WordCount) {
        *self = *self + other;
    }
}

impl Sum for WordCount {
    fn sum<I: Iterator<Item = WordCount>>(iter: I) -> WordCount {
        iter.fold(WordCount::default(), Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> usize {
        word_count(s).words
    }

    #[test]
    fn examples_checked_against_word() {
        assert_eq!(words("中文测试"), 4);
        assert_eq!(words("Hello 世界"), 3);
        assert_eq!(words("Hello、World。"), 4);
        assert_eq!(words("東京2024オリンピック"), 9);
        assert_eq!(words("ＡＢＣＤＥ"), 5);
        assert_eq!(words("①②③④⑤"), 1);
    }

    #[test]
    fn figures_and_latin_runs_count_once_each() {
        assert_eq!(words("全年完成1.5亿元"), 4 + 1 + 2);
        assert_eq!(words("GDP增长12.6%"), 1 + 2 + 1);
    }

    #[test]
    fn whitespace_counts_nothing_and_breaks_runs() {
        assert_eq!(words("　　一二\n三"), 3);
        assert_eq!(words("ab cd"), 2);
        assert_eq!(words(""), 0);
    }

    #[test]
    fn general_punctuation_between_han_is_its_own_run() {
        assert_eq!(words("树牢“四个意识”"), 2 + 1 + 4 + 1);
        assert_eq!(words("成绩……不足"), 2 + 1 + 2);
    }

    #[test]
    fn chars_count_every_non_space_character() {
        assert_eq!(word_count("　　Hello 世界。").chars, 8);
    }

    proptest::proptest! {
        #[test]
        fn a_text_counts_as_its_two_halves_with_the_second_after_the_first(
            text in "[述职 　a1.，“]{0,16}",
            at in 0usize..17,
        ) {
            let at = text.char_indices().map(|(i, _)| i).nth(at).unwrap_or(text.len());
            let (head, tail) = text.split_at(at);
            let before = head.chars().next_back();
            proptest::prop_assert_eq!(
                word_count(head) + word_count_after(before, tail),
                word_count(&text)
            );
        }
    }

    #[test]
    fn counts_add_up() {
        let total: WordCount = ["一二", "ab"].into_iter().map(word_count).sum();
        assert_eq!(total, WordCount { words: 3, chars: 4 });
    }
}
