//! Cut, copy and paste within the wizard: its own clipboard ([`Clip`]), kept by the wizard so it
//! goes with the writer from part to part. With text selected they work on the selection; with
//! nothing selected, on the caret's whole paragraph (a point), which pastes back as a point of
//! its own before the caret's. The terminal's paste (bracketed paste) is another way in and is
//! not touched by this.

use super::{EditKind, Editor, Pos};

/// What was cut or copied.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Clip {
    /// The text, paragraphs joined by `\n`.
    pub text: String,
    /// A whole paragraph, cut or copied with nothing selected: it pastes as a paragraph.
    pub whole: bool,
}

impl Editor {
    /// What Ctrl-C copies: the selection, else the caret's paragraph (nothing when it is empty).
    pub fn copy(&self) -> Option<Clip> {
        if let Some(text) = self.marked_text() {
            return Some(Clip { text, whole: false });
        }
        let para = &self.paras[self.caret.para];
        (!para.is_empty()).then(|| Clip {
            text: para.clone(),
            whole: true,
        })
    }

    /// Ctrl-X: copies as [`Editor::copy`] does, then deletes what was copied (one undo step).
    pub fn cut(&mut self) -> Option<Clip> {
        let clip = self.copy()?;
        if clip.whole {
            let para = self.caret.para;
            self.begin_edit(EditKind::Other, para..para + 1);
            if self.paras.len() == 1 {
                self.paras[0].clear();
                self.relayout(0);
                self.caret = Pos::default();
            } else {
                self.paras.remove(para);
                self.layouts.remove(para);
                // The caret goes on at the start of the point that followed, or the end of
                // the one before when the last was cut.
                self.caret = match self.paras.get(para) {
                    Some(_) => Pos { para, byte: 0 },
                    None => Pos {
                        para: para - 1,
                        byte: self.paras[para - 1].len(),
                    },
                };
            }
            self.anchor = None;
            self.selection = None;
            self.filling = false;
            self.phrase = None;
            self.after_edit();
        } else {
            self.delete_marked();
        }
        Some(clip)
    }

    /// Ctrl-V: a whole paragraph goes in before the caret's (or into it, when it is empty),
    /// the caret staying in the text it was in; anything else goes in at the caret, replacing
    /// a selection.
    pub fn paste_clip(&mut self, clip: &Clip) {
        let para = self.caret.para;
        if !clip.whole || self.marked().is_some() || self.paras[para].is_empty() {
            self.insert(&clip.text);
            return;
        }
        self.begin_edit(EditKind::Other, para..para + 1);
        let text = crate::text::sanitize(&clip.text).replace('\n', "");
        self.paras.insert(para, text);
        self.layouts.insert(para, Vec::new());
        self.relayout(para);
        self.caret.para += 1;
        self.anchor = None;
        self.selection = None;
        self.filling = false;
        self.phrase = None;
        self.after_edit();
    }
}

#[cfg(test)]
mod tests {
    use super::Clip;
    use crate::text::width::Ambiguous;
    use crate::tui::editor::{Editor, Pos};

    fn editor(text: &str) -> Editor {
        let mut e = Editor::new(text, Ambiguous::Narrow);
        e.set_size(20, 10);
        e
    }

    #[test]
    fn a_point_cut_with_nothing_selected_pastes_back_as_a_point() {
        let mut e = editor("甲\n乙\n丙");
        e.set_caret(Pos { para: 1, byte: 0 });
        let clip = e.cut().unwrap();
        assert_eq!(
            clip,
            Clip {
                text: "乙".into(),
                whole: true
            }
        );
        assert_eq!(e.text(), "甲\n丙");
        assert_eq!(e.caret(), Pos { para: 1, byte: 0 });
        e.set_caret(Pos { para: 0, byte: 0 });
        e.paste_clip(&clip);
        assert_eq!(e.text(), "乙\n甲\n丙");
        assert_eq!(e.caret(), Pos { para: 1, byte: 0 }, "still before 甲");
        e.undo();
        e.undo();
        assert_eq!(e.text(), "甲\n乙\n丙");
        assert!(e.check_invariants().is_ok());
    }

    #[test]
    fn the_last_point_cut_leaves_one_empty_paragraph_and_an_empty_one_is_not_copied() {
        let mut e = editor("甲");
        assert!(e.cut().is_some());
        assert_eq!(e.paragraphs(), [""]);
        assert_eq!(e.copy(), None);
        assert_eq!(e.cut(), None);
        // Into an empty paragraph a point goes in place.
        e.paste_clip(&Clip {
            text: "乙".into(),
            whole: true,
        });
        assert_eq!(e.paragraphs(), ["乙"]);
    }
}
