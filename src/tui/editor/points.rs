//! Moving points: the caret's paragraph, or every paragraph the selection touches, goes one up
//! or one down past its neighbour (Alt-↑, Alt-↓). The caret and the selection go with the text,
//! and each move is one undo step. The numbers (一是、二是…) are the report's, so they follow.

use super::{EditKind, Editor, Pos};

impl Editor {
    /// The paragraphs a move takes: the caret's, or those the selection touches. A selection
    /// ending at the very start of a paragraph leaves that one out, and is made to end at the
    /// end of the paragraph before, so that it goes with what it moves.
    fn moved_block(&mut self) -> (usize, usize) {
        let Some(range) = self.marked() else {
            return (self.caret.para, self.caret.para);
        };
        if range.end.byte == 0 && range.end.para > range.start.para {
            let last = range.end.para - 1;
            let end = Pos {
                para: last,
                byte: self.paras[last].len(),
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
    pub fn move_up(&mut self) -> bool {
        let (first, last) = self.moved_block();
        if first == 0 {
            return false;
        }
        if self.all_alike(first - 1..last + 1) {
            self.shift_by(-1);
            return true;
        }
        self.begin_edit(EditKind::Other, first - 1..last + 1);
        self.paras[first - 1..=last].rotate_left(1);
        self.layouts[first - 1..=last].rotate_left(1);
        self.shift_by(-1);
        true
    }

    /// Moves the caret's point (or the selected points) below the one after; false at the end.
    pub fn move_down(&mut self) -> bool {
        let (first, last) = self.moved_block();
        if last + 1 >= self.paras.len() {
            return false;
        }
        if self.all_alike(first..last + 2) {
            self.shift_by(1);
            return true;
        }
        self.begin_edit(EditKind::Other, first..last + 2);
        self.paras[first..=last + 1].rotate_right(1);
        self.layouts[first..=last + 1].rotate_right(1);
        self.shift_by(1);
        true
    }

    /// Whether the paragraphs are all the same (two empty lines): moving changes no text then,
    /// and is no undo step, only the caret moves.
    fn all_alike(&self, range: std::ops::Range<usize>) -> bool {
        let paras = &self.paras[range];
        paras.iter().all(|p| *p == paras[0])
    }

    /// The caret and the selection's anchor follow their text one paragraph up or down.
    fn shift_by(&mut self, by: isize) {
        let shift = |para: usize| para.saturating_add_signed(by);
        self.caret.para = shift(self.caret.para);
        self.anchor = self
            .anchor
            .map(|anchor| Pos {
                para: shift(anchor.para),
                ..anchor
            })
            .filter(|anchor| *anchor != self.caret);
        self.selection = None;
        self.filling = false;
        self.phrase = None;
        // The next keystroke starts an undo step of its own.
        self.last_edit = None;
        self.after_edit();
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
    fn a_point_moves_up_and_down_with_the_caret_and_each_move_undoes_alone() {
        let mut e = editor("甲\n乙\n丙");
        assert!(e.move_up());
        assert_eq!(e.text(), "甲\n丙\n乙");
        assert_eq!(e.caret(), Pos { para: 1, byte: 3 });
        assert!(e.move_up());
        assert!(!e.move_up(), "at the top");
        assert_eq!(e.text(), "丙\n甲\n乙");
        assert!(e.move_down());
        assert_eq!(e.text(), "甲\n丙\n乙");
        e.undo();
        assert_eq!(e.text(), "丙\n甲\n乙");
        e.undo();
        e.undo();
        assert_eq!(e.text(), "甲\n乙\n丙");
        assert!(e.check_invariants().is_ok());
    }

    #[test]
    fn selected_points_move_together() {
        let mut e = editor("甲\n乙\n丙\n丁");
        e.set_caret(Pos { para: 1, byte: 0 });
        e.select_down();
        e.select_right();
        assert!(e.move_down());
        assert_eq!(e.text(), "甲\n丁\n乙\n丙");
        assert_eq!(
            e.marked_text().as_deref(),
            Some("乙\n丙"),
            "the selection went along"
        );
        // A selection that ends at the start of a paragraph does not take it.
        let mut e = editor("甲\n乙\n丙");
        e.set_caret(Pos { para: 0, byte: 0 });
        e.select_down();
        assert!(e.move_down());
        assert_eq!(e.text(), "乙\n甲\n丙");
    }
}
