//! The selection a writer makes with Shift and the arrows (Shift-Home, Shift-End): from an
//! anchor to the caret, over as many paragraphs as it takes. Typing, a paste or Enter replace
//! it (one undo step with what replaces it); Backspace and Delete delete it; an arrow alone
//! drops it, Left and Right at its start or end. The places to fill that Tab and F3 select are
//! the editor's own selection, not this one.

use std::ops::Range;

use super::{Editor, Paragraphs, Pos, slice};

impl Editor {
    /// The text selected with Shift, in text order (none when it is empty).
    pub fn marked(&self) -> Option<Range<Pos>> {
        let anchor = self.anchor?;
        let caret = self.caret;
        (anchor != caret).then(|| anchor.min(caret)..anchor.max(caret))
    }

    /// The selected text, paragraphs joined by `\n`.
    pub fn marked_text<T: Paragraphs + ?Sized>(&self, text: &T) -> Option<String> {
        Some(slice(text, self.marked()?))
    }

    /// The byte range of paragraph `para` the Shift selection covers, for drawing it.
    pub fn marked_in<T: Paragraphs + ?Sized>(&self, text: &T, para: usize) -> Option<Range<usize>> {
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
            text.paragraph(para).len()
        };
        (start < end).then_some(start..end)
    }

    /// Moves the caret with `movement`, the selection's other end staying where it was.
    fn extend<T: Paragraphs + ?Sized>(&mut self, text: &T, movement: fn(&mut Editor, &T)) {
        let anchor = self.anchor.take().unwrap_or(self.caret);
        // A place to fill that Tab selected becomes a plain caret at its start.
        self.selection = None;
        movement(self, text);
        self.anchor = (anchor != self.caret).then_some(anchor);
    }

    pub fn select_left<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        self.extend(text, Editor::left);
    }

    pub fn select_right<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        self.extend(text, Editor::right);
    }

    pub fn select_up<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        self.extend(text, Editor::up);
    }

    pub fn select_down<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        self.extend(text, Editor::down);
    }

    pub fn select_home<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        self.extend(text, Editor::home);
    }

    pub fn select_end<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        self.extend(text, Editor::end);
    }

    /// Left or Right with a selection: the caret goes to its start or end and it is dropped.
    pub(super) fn collapse_marked<T: Paragraphs + ?Sized>(
        &mut self,
        text: &T,
        to_end: bool,
    ) -> bool {
        let Some(range) = self.marked() else {
            return false;
        };
        self.caret = if to_end { range.end } else { range.start };
        self.preferred_col = None;
        self.moved(text);
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::editor::Pos;
    use crate::tui::editor::tests::editor;

    #[test]
    fn a_selection_over_paragraphs_reads_deletes_and_undoes_as_one() {
        let (mut e, mut t) = editor("甲甲\n乙乙\n丙丙", 20);
        e.set_caret(
            &t,
            Pos {
                para: 0,
                byte: "甲".len(),
            },
        );
        e.select_down(&t);
        e.select_down(&t);
        assert_eq!(e.marked_text(&t).as_deref(), Some("甲\n乙乙\n丙"));
        assert_eq!(e.marked_in(&t, 1), Some(0.."乙乙".len()));
        e.type_char(&mut t, '丁');
        assert_eq!(t.join("\n"), "甲丁丙");
        e.type_char(&mut t, '戊');
        e.undo(&mut t);
        assert_eq!(
            t.join("\n"),
            "甲甲\n乙乙\n丙丙",
            "one step, typing included"
        );
        assert!(e.check_invariants(&t).is_ok());
    }

    #[test]
    fn selecting_back_over_the_anchor_turns_the_selection_round() {
        let (mut e, t) = editor("一二三四", 20);
        e.set_caret(
            &t,
            Pos {
                para: 0,
                byte: "一二".len(),
            },
        );
        e.select_right(&t);
        assert_eq!(e.marked_text(&t).as_deref(), Some("三"));
        e.select_left(&t);
        assert_eq!(e.marked(), None, "back at the anchor: nothing selected");
        e.select_left(&t);
        assert_eq!(e.marked_text(&t).as_deref(), Some("二"));
        e.right(&t);
        assert_eq!(
            e.caret().byte,
            "一二".len(),
            "Right goes to the selection's end"
        );
        assert_eq!(e.marked(), None);
    }

    #[test]
    fn a_paste_over_a_selection_replaces_it() {
        let (mut e, mut t) = editor("全年完成任务", 20);
        e.set_caret(&t, Pos::default());
        e.select_end(&t);
        e.insert(&mut t, "甲\n乙");
        assert_eq!(t.join("\n"), "甲\n乙");
        e.undo(&mut t);
        assert_eq!(t.join("\n"), "全年完成任务");
    }
    #[test]
    fn the_next_place_to_fill_replaces_a_shift_selection() {
        let (mut e, mut t) = editor("甲乙\n丙", 10);
        e.insert_phrase(&mut t, "完成{指标}*亩");
        e.newline(&mut t);
        e.left(&t);
        e.up(&t);
        e.delete(&mut t);
        e.select_left(&t);
        e.next_place(&t);
        assert_eq!(e.marked(), None, "only the place is selected");
        assert!(e.selection().is_some());
        // A point moved from there keeps the editor whole (the caret on the selected place).
        e.move_up(&mut t);
        assert!(
            e.check_invariants(&t).is_ok(),
            "{:?}",
            e.check_invariants(&t)
        );
    }
}
