//! A one-line text input: form fields, the part's heading, the phrase search box, file paths.
//!
//! The caret moves by grapheme, columns are display width, and the text scrolls sideways to keep
//! the caret in view. Line breaks in pasted text become spaces; everything passes the sanitizer.

use unicode_segmentation::UnicodeSegmentation;

use crate::text::grapheme::{next_boundary, prev_boundary};
use crate::text::sanitize::{self, sanitize};
use crate::text::width::{Ambiguous, str_width};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    caret: usize,
}

impl LineInput {
    pub fn new(text: &str) -> LineInput {
        let mut input = LineInput::default();
        input.set(text);
        input
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Replaces the text, caret at the end.
    pub fn set(&mut self, text: &str) {
        self.text = sanitize(text).replace('\n', " ");
        self.caret = self.text.len();
    }

    pub fn insert(&mut self, text: &str) {
        let clean = sanitize(text).replace('\n', " ");
        self.text.insert_str(self.caret, &clean);
        self.caret += clean.len();
    }

    pub fn type_char(&mut self, c: char) {
        // One line: a line break typed as a character (a `\n` key) is no text here either.
        if !sanitize::is_dropped(c) && c != '\n' {
            self.text.insert(self.caret, c);
            self.caret += c.len_utf8();
        }
    }

    pub fn backspace(&mut self) {
        let start = prev_boundary(&self.text, self.caret);
        self.text.replace_range(start..self.caret, "");
        self.caret = start;
    }

    pub fn delete(&mut self) {
        let end = next_boundary(&self.text, self.caret);
        self.text.replace_range(self.caret..end, "");
    }

    pub fn left(&mut self) {
        self.caret = prev_boundary(&self.text, self.caret);
    }

    pub fn right(&mut self) {
        self.caret = next_boundary(&self.text, self.caret);
    }

    pub fn home(&mut self) {
        self.caret = 0;
    }

    pub fn end(&mut self) {
        self.caret = self.text.len();
    }

    /// The part of the text to show in `width` cells and the caret's column in it: the text
    /// scrolls so the caret stays visible, with the caret as far right as needed.
    pub fn window(&self, width: usize, ambiguous: Ambiguous) -> (&str, usize) {
        let width = width.max(1);
        let before = &self.text[..self.caret];
        let mut start = 0;
        // Drop graphemes from the left until the caret fits (leaving a cell for it).
        for (i, _) in before.grapheme_indices(true) {
            if str_width(&before[i..], ambiguous) < width {
                start = i;
                break;
            }
            start = self.caret;
        }
        let col = str_width(&self.text[start..self.caret], ambiguous);
        let mut end = start;
        let mut used = 0;
        for g in self.text[start..].graphemes(true) {
            let w = str_width(g, ambiguous);
            if used + w > width {
                break;
            }
            used += w;
            end += g.len();
        }
        (&self.text[start..end], col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_works_by_grapheme() {
        let mut input = LineInput::new("张三");
        input.type_char('丰');
        assert_eq!(input.text(), "张三丰");
        input.left();
        input.backspace();
        assert_eq!(input.text(), "张丰");
        input.home();
        input.delete();
        assert_eq!(input.text(), "丰");
    }

    #[test]
    fn pasted_line_breaks_become_spaces_and_junk_is_dropped() {
        let mut input = LineInput::default();
        input.insert("某某乡\r\n人民政府\u{1b}[2J");
        assert_eq!(input.text(), "某某乡 人民政府[2J");
    }

    #[test]
    fn window_keeps_the_caret_in_view() {
        let input = LineInput::new("一二三四五六七八九十");
        let (shown, col) = input.window(9, Ambiguous::Narrow);
        assert_eq!((shown, col), ("七八九十", 8));
        let mut input = input;
        input.home();
        assert_eq!(input.window(9, Ambiguous::Narrow), ("一二三四", 0));
    }
}
