//! Moving points: the caret's paragraph, or every paragraph the selection touches, goes one up
//! or one down past its neighbour (Alt-↑, Alt-↓). The caret and the selection go with the text,
//! and each move is one undo step. The numbers (一是、二是…) are the report's, so they follow.

use super::{Buffer, EditKind, Editor, Paragraphs, Pos};

impl Editor {
    /// The paragraphs a move takes: the caret's, or those the selection touches. A selection
    /// ending at the very start of a paragraph leaves that one out, and is made to end at the
    /// end of the paragraph before, so that it goes with what it moves.
    fn moved_block<T: Paragraphs + ?Sized>(&mut self, text: &T) -> (usize, usize) {
        let Some(range) = self.marked() else {
            return (self.caret.para, self.caret.para);
        };
        if range.end.byte == 0 && range.end.para > range.start.para {
            let last = range.end.para - 1;
            let end = Pos {
                para: last,
                byte: text.paragraph(last).len(),
            };
            if self.caret == range.end {
                self.caret = end;
            } else {
                self.anchor = Some(end);
            }
            return (range.start.para, last);
        }
        (range.start.para, range.end.para)
    }

    /// Moves the caret's point (or the selected points) above the one before; false at the top.
    pub fn move_up<B: Buffer + ?Sized>(&mut self, buf: &mut B) -> bool {
        let (first, last) = self.moved_block(buf);
        if first == 0 {
            return false;
        }
        self.swap(buf, first - 1, first, last, -1);
        true
    }

    /// Moves the caret's point (or the selected points) below the one after; false at the end.
    pub fn move_down<B: Buffer + ?Sized>(&mut self, buf: &mut B) -> bool {
        let (first, last) = self.moved_block(buf);
        if last + 1 >= buf.count() {
            return false;
        }
        self.swap(buf, first, last + 1, last + 1, 1);
        true
    }

    /// Puts paragraphs `second..=last` before paragraphs `first..second` as one edit, and moves
    /// the caret and the selection `by` paragraphs with their text.
    fn swap<B: Buffer + ?Sized>(
        &mut self,
        buf: &mut B,
        first: usize,
        second: usize,
        last: usize,
        by: isize,
    ) {
        let paragraphs: Vec<String> = (first..=last)
            .map(|p| buf.paragraph(p).to_string())
            .collect();
        let (before, after) = paragraphs.split_at(second - first);
        let moved = [after, before].concat();
        // Two paragraphs alike (two empty lines) change no text: no undo step, only the caret.
        if moved != paragraphs {
            let range = Pos {
                para: first,
                byte: 0,
            }..Pos {
                para: last,
                byte: buf.paragraph(last).len(),
            };
            self.edit(buf, range, &moved.join("\n"), EditKind::Other);
        }
        let shift = |pos: Pos| Pos {
            para: pos.para.saturating_add_signed(by),
            ..pos
        };
        let (caret, anchor) = (shift(self.caret), self.anchor.map(shift));
        self.selection = None;
        self.filling = false;
        self.phrase = None;
        self.caret = caret;
        self.after_edit(buf);
        self.anchor = anchor.filter(|a| *a != caret);
        // The next keystroke starts an undo step of its own.
        self.last_edit = None;
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::editor::Pos;
    use crate::tui::editor::tests::editor;

    #[test]
    fn a_point_moves_up_and_down_with_the_caret_and_each_move_undoes_alone() {
        let (mut e, mut t) = editor("甲\n乙\n丙", 20);
        assert!(e.move_up(&mut t));
        assert_eq!(t.join("\n"), "甲\n丙\n乙");
        assert_eq!(e.caret(), Pos { para: 1, byte: 3 });
        assert!(e.move_up(&mut t));
        assert!(!e.move_up(&mut t), "at the top");
        assert_eq!(t.join("\n"), "丙\n甲\n乙");
        assert!(e.move_down(&mut t));
        assert_eq!(t.join("\n"), "甲\n丙\n乙");
        e.undo(&mut t);
        assert_eq!(t.join("\n"), "丙\n甲\n乙");
        e.undo(&mut t);
        e.undo(&mut t);
        assert_eq!(t.join("\n"), "甲\n乙\n丙");
        assert!(e.check_invariants(&t).is_ok());
    }

    #[test]
    fn selected_points_move_together() {
        let (mut e, mut t) = editor("甲\n乙\n丙\n丁", 20);
        e.set_caret(&t, Pos { para: 1, byte: 0 });
        e.select_down(&t);
        e.select_right(&t);
        assert!(e.move_down(&mut t));
        assert_eq!(t.join("\n"), "甲\n丁\n乙\n丙");
        assert_eq!(
            e.marked_text(&t).as_deref(),
            Some("乙\n丙"),
            "the selection went along"
        );
        // A selection that ends at the start of a paragraph does not take it.
        let (mut e, mut t) = editor("甲\n乙\n丙", 20);
        e.set_caret(&t, Pos { para: 0, byte: 0 });
        e.select_down(&t);
        assert!(e.move_down(&mut t));
        assert_eq!(t.join("\n"), "乙\n甲\n丙");
    }
}
