//! The selection a writer makes with Shift and the arrows (Shift-Home, Shift-End): from an
//! anchor to the caret, over as many paragraphs as it takes. Typing, a paste or Enter replace
//! it (one undo step with what replaces it); Backspace and Delete delete it; an arrow alone
//! drops it, Left and Right at its start or end. The places to fill that Tab and F3 select are
//! the editor's own selection, not this one.

use std::ops::Range;

use super::{EditKind, Editor, Pos};

impl Editor {
    /// The text selected with Shift, in text order (none when it is empty).
    pub fn marked(&self) -> Option<Range<Pos>> {
        let anchor = self.anchor?;
        let caret = self.caret;
        (anchor != caret).then(|| anchor.min(caret)..anchor.max(caret))
    }

    /// The selected text, paragraphs joined by `\n`.
    pub fn marked_text(&self) -> Option<String> {
        let range = self.marked()?;
        let (start, end) = (range.start, range.end);
        if start.para == end.para {
            return Some(self.paras[start.para][start.byte..end.byte].to_string());
        }
        let mut text = self.paras[start.para][start.byte..].to_string();
        for para in &self.paras[start.para + 1..end.para] {
            text.push('\n');
            text.push_str(para);
        }
        text.push('\n');
        text.push_str(&self.paras[end.para][..end.byte]);
        Some(text)
    }

    /// The byte range of paragraph `para` the Shift selection covers, for drawing it.
    pub fn marked_in(&self, para: usize) -> Option<Range<usize>> {
        let range = self.marked()?;
        if para < range.start.para || para > range.end.para {
            return None;
        }
        let start = if para == range.start.para {
            range.start.byte
        } else {
            0
        };
        let end = if para == range.end.para {
            range.end.byte
        } else {
            self.paras[para].len()
        };
        (start < end).then_some(start..end)
    }

    /// Moves the caret with `movement`, the selection's other end staying where it was.
    fn extend(&mut self, movement: fn(&mut Editor)) {
        let anchor = self.anchor.take().unwrap_or(self.caret);
        // A place to fill that Tab selected becomes a plain caret at its start.
        self.selection = None;
        movement(self);
        self.anchor = (anchor != self.caret).then_some(anchor);
    }

    pub fn select_left(&mut self) {
        self.extend(Editor::left);
    }

    pub fn select_right(&mut self) {
        self.extend(Editor::right);
    }

    pub fn select_up(&mut self) {
        self.extend(Editor::up);
    }

    pub fn select_down(&mut self) {
        self.extend(Editor::down);
    }

    pub fn select_home(&mut self) {
        self.extend(Editor::home);
    }

    pub fn select_end(&mut self) {
        self.extend(Editor::end);
    }

    /// Left or Right with a selection: the caret goes to its start or end and it is dropped.
    pub(super) fn collapse_marked(&mut self, to_end: bool) -> bool {
        let Some(range) = self.marked() else {
            return false;
        };
        self.caret = if to_end { range.end } else { range.start };
        self.preferred_col = None;
        self.moved();
        true
    }

    /// Deletes the selection, as one undo step; false when there is none.
    pub(super) fn delete_marked(&mut self) -> bool {
        let Some(range) = self.marked() else {
            self.anchor = None;
            return false;
        };
        let (start, end) = (range.start, range.end);
        self.begin_edit(EditKind::Other, start.para..end.para + 1);
        let tail = self.paras[end.para].split_off(end.byte);
        self.paras[start.para].truncate(start.byte);
        self.paras[start.para].push_str(&tail);
        self.paras.drain(start.para + 1..=end.para);
        self.layouts.drain(start.para + 1..=end.para);
        self.anchor = None;
        self.selection = None;
        self.filling = false;
        self.phrase = None;
        self.caret = start;
        self.relayout(start.para);
        self.after_edit();
        true
    }

    /// Before an edit that puts text at the caret: the selection goes, and that edit joins its
    /// undo step, so one Ctrl-Z brings the selected text back.
    pub(super) fn replace_marked(&mut self) {
        if self.delete_marked() {
            self.last_edit = Some(EditKind::Replacing);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::text::width::Ambiguous;
    use crate::tui::editor::{Editor, Pos};

    fn editor(text: &str) -> Editor {
        let mut e = Editor::new(text, Ambiguous::Narrow);
        e.set_size(20, 10);
        e
    }

    #[test]
    fn a_selection_over_paragraphs_reads_deletes_and_undoes_as_one() {
        let mut e = editor("甲甲\n乙乙\n丙丙");
        e.set_caret(Pos {
            para: 0,
            byte: "甲".len(),
        });
        e.select_down();
        e.select_down();
        assert_eq!(e.marked_text().as_deref(), Some("甲\n乙乙\n丙"));
        assert_eq!(e.marked_in(1), Some(0.."乙乙".len()));
        e.type_char('丁');
        assert_eq!(e.text(), "甲丁丙");
        e.type_char('戊');
        e.undo();
        assert_eq!(e.text(), "甲甲\n乙乙\n丙丙", "one step, typing included");
        assert!(e.check_invariants().is_ok());
    }

    #[test]
    fn selecting_back_over_the_anchor_turns_the_selection_round() {
        let mut e = editor("一二三四");
        e.set_caret(Pos {
            para: 0,
            byte: "一二".len(),
        });
        e.select_right();
        assert_eq!(e.marked_text().as_deref(), Some("三"));
        e.select_left();
        assert_eq!(e.marked(), None, "back at the anchor: nothing selected");
        e.select_left();
        assert_eq!(e.marked_text().as_deref(), Some("二"));
        e.right();
        assert_eq!(
            e.caret().byte,
            "一二".len(),
            "Right goes to the selection's end"
        );
        assert_eq!(e.marked(), None);
    }

    #[test]
    fn a_paste_over_a_selection_replaces_it() {
        let mut e = editor("全年完成任务");
        e.set_caret(Pos::default());
        e.select_end();
        e.insert("甲\n乙");
        assert_eq!(e.text(), "甲\n乙");
        e.undo();
        assert_eq!(e.text(), "全年完成任务");
    }
}
