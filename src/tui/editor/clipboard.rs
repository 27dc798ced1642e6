//! Cut, copy and paste within the wizard: its own clipboard ([`Clip`]), kept by the wizard so it
//! goes with the writer from part to part. With text selected they work on the selection; with
//! nothing selected, on the caret's whole paragraph (a point), which pastes back as a point of
//! its own before the caret's. The terminal's paste (bracketed paste) is another way in and is
//! not touched by this.

use super::{Buffer, EditKind, Editor, Paragraphs, Pos};

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
    pub fn copy<T: Paragraphs + ?Sized>(&self, text: &T) -> Option<Clip> {
        if let Some(marked) = self.marked_text(text) {
            return Some(Clip {
                text: marked,
                whole: false,
            });
        }
        let para = text.paragraph(self.caret.para);
        (!para.is_empty()).then(|| Clip {
            text: para.to_string(),
            whole: true,
        })
    }

    /// Ctrl-X: copies as [`Editor::copy`] does, then deletes what was copied (one undo step).
    pub fn cut<B: Buffer + ?Sized>(&mut self, buf: &mut B) -> Option<Clip> {
        let clip = self.copy(buf)?;
        if !clip.whole {
            self.backspace(buf);
            return Some(clip);
        }
        let para = self.caret.para;
        let len = |p: usize| buf.paragraph(p).len();
        // The point and one of the line breaks beside it; the caret goes on at the start of
        // the point that followed, or the end of the one before when the last was cut.
        let range = if buf.count() == 1 {
            Pos::default()..Pos {
                para,
                byte: len(para),
            }
        } else if para + 1 < buf.count() {
            Pos { para, byte: 0 }..Pos {
                para: para + 1,
                byte: 0,
            }
        } else {
            Pos {
                para: para - 1,
                byte: len(para - 1),
            }..Pos {
                para,
                byte: len(para),
            }
        };
        self.selection = None;
        self.filling = false;
        self.phrase = None;
        self.caret = self.edit(buf, range, "", EditKind::Other);
        self.after_edit(buf);
        Some(clip)
    }

    /// Ctrl-V: a whole paragraph goes in before the caret's (or into it, when it is empty),
    /// the caret staying in the text it was in; anything else goes in at the caret, replacing
    /// a selection.
    pub fn paste_clip<B: Buffer + ?Sized>(&mut self, buf: &mut B, clip: &Clip) {
        let Pos { para, byte } = self.caret;
        if !clip.whole || self.marked().is_some() || buf.paragraph(para).is_empty() {
            self.insert(buf, &clip.text);
            return;
        }
        let mut text = crate::text::sanitize(&clip.text).replace('\n', "");
        text.push('\n');
        let at = Pos { para, byte: 0 };
        self.selection = None;
        self.filling = false;
        self.phrase = None;
        self.edit(buf, at..at, &text, EditKind::Other);
        self.caret = Pos {
            para: para + 1,
            byte,
        };
        self.after_edit(buf);
    }
}

#[cfg(test)]
mod tests {
    use super::Clip;
    use crate::tui::editor::Pos;
    use crate::tui::editor::tests::editor;

    #[test]
    fn a_point_cut_with_nothing_selected_pastes_back_as_a_point() {
        let (mut e, mut t) = editor("甲\n乙\n丙", 20);
        e.set_caret(&t, Pos { para: 1, byte: 0 });
        let clip = e.cut(&mut t).unwrap();
        assert_eq!(
            clip,
            Clip {
                text: "乙".into(),
                whole: true
            }
        );
        assert_eq!(t.join("\n"), "甲\n丙");
        assert_eq!(e.caret(), Pos { para: 1, byte: 0 });
        e.set_caret(&t, Pos { para: 0, byte: 0 });
        e.paste_clip(&mut t, &clip);
        assert_eq!(t.join("\n"), "乙\n甲\n丙");
        assert_eq!(e.caret(), Pos { para: 1, byte: 0 }, "still before 甲");
        e.undo(&mut t);
        e.undo(&mut t);
        assert_eq!(t.join("\n"), "甲\n乙\n丙");
        assert!(e.check_invariants(&t).is_ok());
    }

    #[test]
    fn the_last_point_cut_leaves_one_empty_paragraph_and_an_empty_one_is_not_copied() {
        let (mut e, mut t) = editor("甲", 20);
        assert!(e.cut(&mut t).is_some());
        assert_eq!(t, [""]);
        assert_eq!(e.copy(&t), None);
        assert_eq!(e.cut(&mut t), None);
        // Into an empty paragraph a point goes in place.
        e.paste_clip(
            &mut t,
            &Clip {
                text: "乙".into(),
                whole: true,
            },
        );
        assert_eq!(t, ["乙"]);
    }
}
