//! The part editor: our own multi-paragraph text editor over the shared layout.
//!
//! It holds no text. The paragraphs it shows are the document's (one per line of the draft's
//! `text`), read through [`Paragraphs`], and every change it makes is one small edit handed to
//! a [`Buffer`] (a character put in, a paragraph split or joined, a paste): the wizard's buffer
//! is the open part of the `Document`, so the text lives in one place. The editor keeps only
//! what is its own: the caret (a paragraph and a byte offset on a grapheme boundary), the
//! selected place to fill, the scroll, the rows laid out, and undo as the edits made.
//!
//! Every row it shows and every caret cell it reports come from [`crate::text::layout`], the
//! same function the preview wraps with, so the two always agree. Rows are kept per paragraph
//! and laid out only as far as the screen needs ([`Rows`]); an edit forgets only the rows from
//! a little before it, so a key in a paragraph of a megabyte costs no more than in a short one.
//! Enter only ever splits a paragraph, so a paste that arrives as keystrokes still lands right.
//! It knows nothing of keys or the terminal: the part step calls it, and the view asks it for
//! visible rows and the caret's cell.

use std::collections::VecDeque;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

pub use crate::document::Pos;
use crate::document::{Document, Edit, PartText};
use crate::text::grapheme::{next_boundary, next_word, prev_boundary, prev_word};
use crate::text::layout::{self, Row, Rows};
use crate::text::width::{Ambiguous, str_width};
use crate::text::{sanitize, slots};

mod clipboard;
mod points;
mod selection;

pub use clipboard::Clip;

/// Undo steps kept per part.
const UNDO_DEPTH: usize = 500;
/// The most text the undo steps of a part hold, in bytes; the oldest steps go first.
const UNDO_BYTES: usize = 32 * 1024 * 1024;

/// The paragraphs an editor shows: at least one, none holding a line break.
pub trait Paragraphs {
    fn count(&self) -> usize;
    fn paragraph(&self, i: usize) -> &str;
}

/// The text an editor's edits go into.
pub trait Buffer: Paragraphs {
    /// Puts `text` (already sanitized) in place of `range`; a `\n` in it starts a paragraph.
    fn splice(&mut self, range: Range<Pos>, text: &str);
}

impl Paragraphs for PartText<'_> {
    fn count(&self) -> usize {
        PartText::count(self)
    }
    fn paragraph(&self, i: usize) -> &str {
        PartText::paragraph(self, i)
    }
}

/// Part `part` of a document, as an editor edits it: every edit goes in by `Document::apply`.
pub struct DocumentPart<'a> {
    pub doc: &'a mut Document,
    pub part: usize,
}

impl Paragraphs for DocumentPart<'_> {
    fn count(&self) -> usize {
        self.doc.part_text(self.part).count()
    }
    fn paragraph(&self, i: usize) -> &str {
        self.doc.part_text(self.part).paragraph(i)
    }
}

impl Buffer for DocumentPart<'_> {
    fn splice(&mut self, range: Range<Pos>, text: &str) {
        self.doc.apply(Edit::Splice {
            part: self.part,
            range,
            text: text.to_string(),
        });
    }
}

/// Paragraphs of their own, for an editor used without a document (tests, benchmarks).
impl Paragraphs for Vec<String> {
    fn count(&self) -> usize {
        self.len()
    }
    fn paragraph(&self, i: usize) -> &str {
        &self[i]
    }
}

impl Buffer for Vec<String> {
    fn splice(&mut self, range: Range<Pos>, text: &str) {
        let tail = self[range.end.para][range.end.byte..].to_string();
        let mut head = self[range.start.para][..range.start.byte].to_string();
        let mut lines = text.split('\n');
        head.push_str(lines.next().unwrap_or(""));
        let mut new: Vec<String> = std::iter::once(head)
            .chain(lines.map(String::from))
            .collect();
        if let Some(last) = new.last_mut() {
            last.push_str(&tail);
        }
        let _removed: Vec<String> =
            Vec::splice(self, range.start.para..=range.end.para, new).collect();
    }
}

/// The paragraphs of a text as the editor edits them: sanitized, without the line break a
/// draft's text ends with.
pub fn paragraphs_of(text: &str) -> Vec<String> {
    let clean = sanitize(text);
    clean
        .trim_end_matches('\n')
        .split('\n')
        .map(str::to_string)
        .collect()
}

/// What the editor can be asked to do. Keys map to these; a feature that edits adds one here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditorOp {
    /// A character typed (replacing a selected place to fill).
    Type(char),
    /// Text pasted: each line break starts a paragraph. One undo step.
    Insert(String),
    /// A phrase put in, its first place to fill selected.
    InsertPhrase(String),
    Newline,
    Backspace,
    Delete,
    Undo,
    Redo,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
    WordLeft,
    WordRight,
    EndOfParagraph,
    /// The next place to fill; says in the return value whether there was one.
    NextSlot,
    /// Tab while filling places in: the next place of the phrase, after its last its end.
    NextPlace,
    /// Enter while filling places in: to the end of the phrase's paragraph.
    EndOfFilling,
    /// The selection grows with the caret (Shift and an arrow, Home or End).
    SelectLeft,
    SelectRight,
    SelectUp,
    SelectDown,
    SelectHome,
    SelectEnd,
    /// What was cut or copied, put in (see [`Editor::paste_clip`]).
    PasteClip(Clip),
    /// The caret's point (or the selected points) one up or one down.
    MoveUp,
    MoveDown,
    /// The caret to a place (clamped to the text).
    SetCaret(Pos),
}

/// What an edit was, to decide whether it joins the previous undo step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EditKind {
    Typing,
    Other,
}

/// Where an inserted phrase ends, counted from the end of the text (paragraphs after it, bytes
/// after it in its last paragraph): that stays true while its places are filled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PhraseEnd {
    paras_after: usize,
    tail: usize,
}

/// One undo (or redo) step: an edit as what it removed and where its own text now lies, never
/// a copy of the paragraphs: after a 5 MB paste, an Enter costs nothing but its place.
#[derive(Clone, Debug)]
struct Step {
    /// Where the edit's text now lies.
    start: Pos,
    end: Pos,
    /// What the edit removed, to put back.
    removed: String,
    /// The caret before the edit.
    caret: Pos,
}

impl Step {
    fn bytes(&self) -> usize {
        self.removed.len()
    }
}

/// Where text inserted at `at` ends.
fn after(at: Pos, text: &str) -> Pos {
    match text.rfind('\n') {
        None => Pos {
            para: at.para,
            byte: at.byte + text.len(),
        },
        Some(i) => Pos {
            para: at.para + text.matches('\n').count(),
            byte: text.len() - i - 1,
        },
    }
}

/// The text of `range`, paragraphs joined by `\n`.
fn slice<T: Paragraphs + ?Sized>(text: &T, range: Range<Pos>) -> String {
    if range.start.para == range.end.para {
        return text.paragraph(range.start.para)[range.start.byte..range.end.byte].to_string();
    }
    let mut out = text.paragraph(range.start.para)[range.start.byte..].to_string();
    for p in range.start.para + 1..range.end.para {
        out.push('\n');
        out.push_str(text.paragraph(p));
    }
    out.push('\n');
    out.push_str(&text.paragraph(range.end.para)[..range.end.byte]);
    out
}

#[derive(Clone, Debug)]
pub struct Editor {
    caret: Pos,
    /// A selected place to fill (`{slot}` or `*`): typing replaces it. Always in the caret's
    /// paragraph, and the caret sits at its start.
    selection: Option<Range<usize>>,
    /// True while the writer is filling places in: after a phrase was inserted or a place was
    /// selected, until the caret is moved away. Tab then goes to the next place.
    filling: bool,
    /// The end of the phrase whose places are being filled in: Tab stays inside it.
    phrase: Option<PhraseEnd>,
    /// The other end of a selection made with Shift and the arrows (the caret is one end).
    anchor: Option<Pos>,
    /// The caret sits at the end of its screen row (after End), not at the start of the next:
    /// the same byte, drawn where the writer expects it.
    row_end: bool,
    /// Fields with a value: `{姓名}` is then filled by the tool, not a place to fill.
    filled_fields: Vec<String>,
    /// The column Up and Down try to keep.
    preferred_col: Option<usize>,
    width: usize,
    height: usize,
    ambiguous: Ambiguous,
    /// Rows of each paragraph at `width`, as far as laid out.
    layouts: Vec<Rows>,
    /// First visible row, counted over all paragraphs.
    scroll: usize,
    /// The caret's row, counted over all paragraphs, and its column.
    caret_row_col: (usize, usize),
    undo: VecDeque<Step>,
    redo: Vec<Step>,
    /// What the undo steps hold, in bytes (see [`UNDO_BYTES`]).
    undo_bytes: usize,
    last_edit: Option<EditKind>,
    /// Edits made, undo and redo included.
    edits: u64,
}

impl Editor {
    /// An editor over `text`, caret at the end.
    pub fn new<T: Paragraphs + ?Sized>(text: &T, ambiguous: Ambiguous) -> Editor {
        let mut editor = Editor {
            layouts: (0..text.count()).map(|_| Rows::new()).collect(),
            caret: Pos::default(),
            selection: None,
            filling: false,
            phrase: None,
            anchor: None,
            row_end: false,
            filled_fields: Vec::new(),
            preferred_col: None,
            width: 1,
            height: 1,
            ambiguous,
            scroll: 0,
            caret_row_col: (0, 0),
            undo: VecDeque::new(),
            redo: Vec::new(),
            undo_bytes: 0,
            last_edit: None,
            edits: 0,
        };
        // Laid out once the editor knows its size (`set_size`).
        let para = text.count() - 1;
        editor.caret = Pos {
            para,
            byte: text.paragraph(para).len(),
        };
        editor
    }

    /// Does `op`; says whether the text changed (for [`EditorOp::NextSlot`]: whether there was
    /// a place to go to).
    pub fn apply<B: Buffer + ?Sized>(&mut self, buf: &mut B, op: EditorOp) -> bool {
        let before = self.edits;
        match op {
            EditorOp::Type(c) => self.type_char(buf, c),
            EditorOp::Insert(text) => {
                self.insert(buf, &text);
            }
            EditorOp::InsertPhrase(text) => self.insert_phrase(buf, &text),
            EditorOp::Newline => self.newline(buf),
            EditorOp::Backspace => self.backspace(buf),
            EditorOp::Delete => self.delete(buf),
            EditorOp::Undo => self.undo(buf),
            EditorOp::Redo => self.redo(buf),
            EditorOp::Left => self.left(buf),
            EditorOp::Right => self.right(buf),
            EditorOp::Up => self.up(buf),
            EditorOp::Down => self.down(buf),
            EditorOp::Home => self.home(buf),
            EditorOp::End => self.end(buf),
            EditorOp::PageUp => self.page_up(buf),
            EditorOp::PageDown => self.page_down(buf),
            EditorOp::WordLeft => self.word_left(buf),
            EditorOp::WordRight => self.word_right(buf),
            EditorOp::EndOfParagraph => self.end_of_paragraph(buf),
            EditorOp::NextSlot => return self.next_slot(buf),
            EditorOp::NextPlace => self.next_place(buf),
            EditorOp::EndOfFilling => self.end_of_filling(buf),
            EditorOp::SelectLeft => self.select_left(buf),
            EditorOp::SelectRight => self.select_right(buf),
            EditorOp::SelectUp => self.select_up(buf),
            EditorOp::SelectDown => self.select_down(buf),
            EditorOp::SelectHome => self.select_home(buf),
            EditorOp::SelectEnd => self.select_end(buf),
            EditorOp::PasteClip(clip) => self.paste_clip(buf, &clip),
            EditorOp::MoveUp => return self.move_up(buf),
            EditorOp::MoveDown => return self.move_down(buf),
            EditorOp::SetCaret(pos) => self.set_caret(buf, pos),
        }
        self.edits != before
    }

    pub fn caret(&self) -> Pos {
        self.caret
    }

    /// The selected place to fill, as (paragraph, byte range).
    pub fn selection(&self) -> Option<(usize, Range<usize>)> {
        self.selection.clone().map(|r| (self.caret.para, r))
    }

    /// Whether the writer is filling in places (Tab goes to the next one).
    pub fn filling(&self) -> bool {
        self.filling
    }

    /// The fields that have a value, whose `{字段}` the tool fills in.
    pub fn set_filled_fields(&mut self, fields: Vec<String>) {
        self.filled_fields = fields;
    }

    /// Whether a `{…}` or `*` piece is a place still to fill (not a filled field).
    pub fn is_place(&self, piece: &slots::Piece) -> bool {
        match piece {
            slots::Piece::Stars(_) => true,
            slots::Piece::Braced(b) => !self
                .filled_fields
                .iter()
                .any(|f| f == slots::braced_name(b)),
            slots::Piece::Text(_) => false,
        }
    }

    /// The number the report gives paragraph `para` (1-based; blank lines are not paragraphs,
    /// and a blank line counts as the paragraph before it).
    pub fn paragraph_number<T: Paragraphs + ?Sized>(&self, text: &T, para: usize) -> usize {
        let upto = para.min(text.count() - 1);
        (0..=upto)
            .filter(|&p| !text.paragraph(p).trim().is_empty())
            .count()
            .max(1)
    }

    /// The paragraph the report numbers `number` (1-based), if there is one.
    pub fn paragraph_numbered<T: Paragraphs + ?Sized>(
        &self,
        text: &T,
        number: usize,
    ) -> Option<usize> {
        (0..text.count())
            .filter(|&p| !text.paragraph(p).trim().is_empty())
            .nth(number.checked_sub(1)?)
    }

    /// Sets the area the editor draws in. Rows are laid out again only when the width changes.
    pub fn set_size<T: Paragraphs + ?Sized>(&mut self, text: &T, width: usize, height: usize) {
        let width = width.max(1);
        self.height = height.max(1);
        if width != self.width {
            self.width = width;
            self.forget_rows();
        }
        self.scroll_to_caret(text);
    }

    pub fn set_ambiguous<T: Paragraphs + ?Sized>(&mut self, text: &T, ambiguous: Ambiguous) {
        if ambiguous != self.ambiguous {
            self.ambiguous = ambiguous;
            self.forget_rows();
            self.scroll_to_caret(text);
        }
    }

    // ---- editing ----

    /// Puts `text` (clean) in place of `range` as one edit, and returns where it ends.
    fn edit<B: Buffer + ?Sized>(
        &mut self,
        buf: &mut B,
        range: Range<Pos>,
        text: &str,
        kind: EditKind,
    ) -> Pos {
        let removed = slice(buf, range.clone());
        let end = after(range.start, text);
        let continues = kind == EditKind::Typing && self.last_edit == Some(EditKind::Typing);
        let merged = continues && self.merge_typing(&range, text, &removed, end);
        if !merged {
            self.push_undo(Step {
                start: range.start,
                end,
                removed,
                caret: self.caret,
            });
        }
        self.redo.clear();
        self.last_edit = Some(kind);
        self.splice(buf, range, text);
        end
    }

    /// Adds an edit within one paragraph to the run of typing the last undo step holds, when
    /// it continues it (a character after the last, a backspace over them or just before).
    fn merge_typing(&mut self, range: &Range<Pos>, text: &str, removed: &str, end: Pos) -> bool {
        let Some(top) = self.undo.back_mut() else {
            return false;
        };
        let one_para = range.start.para == range.end.para
            && top.start.para == range.start.para
            && top.end.para == range.start.para
            && !text.contains('\n');
        if !one_para {
            return false;
        }
        let (s, e) = (range.start.byte, range.end.byte);
        if removed.is_empty() && s == top.end.byte {
            top.end = end;
            return true;
        }
        if text.is_empty() && e == top.end.byte && s >= top.start.byte {
            top.end.byte = s;
            return true;
        }
        if text.is_empty() && s == top.end.byte {
            // Delete after the run: what it takes followed what the step removed.
            top.removed.push_str(removed);
            self.undo_bytes += removed.len();
            return true;
        }
        if text.is_empty() && e == top.start.byte {
            let len = e - s;
            top.removed.insert_str(0, removed);
            top.start.byte = s;
            top.end.byte -= len;
            self.undo_bytes += removed.len();
            return true;
        }
        false
    }

    /// Hands an edit to the buffer and forgets the rows it changes.
    fn splice<B: Buffer + ?Sized>(&mut self, buf: &mut B, range: Range<Pos>, text: &str) {
        buf.splice(range.clone(), text);
        self.edits += 1;
        let added = text.matches('\n').count();
        let first = range.start.para;
        self.layouts[first].edited(range.start.byte);
        self.layouts.splice(
            first + 1..range.end.para + 1,
            std::iter::repeat_with(Rows::new).take(added),
        );
    }

    /// The range a typed character replaces: the selection made with Shift, the selected
    /// place, or none at the caret.
    fn typing_range(&self) -> Range<Pos> {
        if let Some(marked) = self.marked() {
            return marked;
        }
        match &self.selection {
            Some(r) => {
                let para = self.caret.para;
                Pos {
                    para,
                    byte: r.start,
                }..Pos { para, byte: r.end }
            }
            None => self.caret..self.caret,
        }
    }

    /// Types one character (replacing a selected slot).
    pub fn type_char<B: Buffer + ?Sized>(&mut self, buf: &mut B, c: char) {
        if c == '\n' {
            self.newline(buf);
            return;
        }
        if sanitize::is_dropped(c) {
            return;
        }
        let range = self.typing_range();
        let mut text = [0; 4];
        let kind = if self.selection.is_some() || self.marked().is_some() {
            EditKind::Other
        } else {
            EditKind::Typing
        };
        self.selection = None;
        self.caret = self.edit(buf, range, c.encode_utf8(&mut text), kind);
        if kind == EditKind::Other {
            // Typing over a place goes on as a run of typing.
            self.last_edit = Some(EditKind::Typing);
        }
        self.after_edit(buf);
    }

    /// Inserts text that may hold line breaks (a paste, a phrase): each break starts a new
    /// paragraph. The text is sanitized first. One undo step.
    pub fn insert<B: Buffer + ?Sized>(&mut self, buf: &mut B, text: &str) -> Range<Pos> {
        let clean = sanitize(text);
        let range = self.typing_range();
        let start = range.start;
        self.selection = None;
        self.caret = self.edit(buf, range, &clean, EditKind::Other);
        self.after_edit(buf);
        start..self.caret
    }

    /// Replaces paragraph `para` with `text` (line breaks in it start new paragraphs): one undo
    /// step, the caret at the end of what was put in.
    pub fn replace_paragraph<B: Buffer + ?Sized>(&mut self, buf: &mut B, para: usize, text: &str) {
        if para >= buf.count() {
            return;
        }
        let len = buf.paragraph(para).len();
        self.caret = Pos { para, byte: 0 };
        self.selection = Some(0..len);
        self.last_edit = None;
        self.insert(buf, text);
        self.selection = None;
        self.filling = false;
        self.last_edit = None;
    }

    /// Inserts a phrase at the caret and selects its first place to fill, if it has one.
    pub fn insert_phrase<B: Buffer + ?Sized>(&mut self, buf: &mut B, phrase: &str) {
        let range = self.insert(buf, phrase);
        self.last_edit = None;
        if let Some(slot) = self.find_slot(buf, range.start, Some(range.end)) {
            self.select(buf, slot);
            self.phrase = Some(PhraseEnd {
                paras_after: buf.count() - 1 - range.end.para,
                tail: buf.paragraph(range.end.para).len() - range.end.byte,
            });
        }
    }

    /// Splits the paragraph at the caret.
    pub fn newline<B: Buffer + ?Sized>(&mut self, buf: &mut B) {
        let range = self.typing_range();
        self.selection = None;
        self.caret = self.edit(buf, range, "\n", EditKind::Other);
        self.after_edit(buf);
    }

    /// Deletes the grapheme before the caret, or joins the paragraph to the previous one.
    pub fn backspace<B: Buffer + ?Sized>(&mut self, buf: &mut B) {
        if self.selection.is_some() || self.marked().is_some() {
            let range = self.typing_range();
            self.selection = None;
            self.caret = self.edit(buf, range, "", EditKind::Other);
            self.after_edit(buf);
            return;
        }
        let Pos { para, byte } = self.caret;
        if byte > 0 {
            let start = prev_boundary(buf.paragraph(para), byte);
            let at = Pos { para, byte: start };
            self.caret = self.edit(buf, at..self.caret, "", EditKind::Typing);
            self.after_edit(buf);
        } else if para > 0 {
            let at = Pos {
                para: para - 1,
                byte: buf.paragraph(para - 1).len(),
            };
            self.caret = self.edit(buf, at..self.caret, "", EditKind::Other);
            self.after_edit(buf);
        }
    }

    /// Deletes the grapheme after the caret, or joins the next paragraph to this one.
    pub fn delete<B: Buffer + ?Sized>(&mut self, buf: &mut B) {
        if self.selection.is_some() || self.marked().is_some() {
            self.backspace(buf);
            return;
        }
        let Pos { para, byte } = self.caret;
        let len = buf.paragraph(para).len();
        // A run of Deletes in a paragraph is one undo step, as a run of typing is.
        let (end, kind) = if byte < len {
            let end = Pos {
                para,
                byte: next_boundary(buf.paragraph(para), byte),
            };
            (end, EditKind::Typing)
        } else if para + 1 < buf.count() {
            let end = Pos {
                para: para + 1,
                byte: 0,
            };
            (end, EditKind::Other)
        } else {
            return;
        };
        self.caret = self.edit(buf, self.caret..end, "", kind);
        self.after_edit(buf);
    }

    pub fn undo<B: Buffer + ?Sized>(&mut self, buf: &mut B) {
        if let Some(step) = self.undo.pop_back() {
            self.undo_bytes -= step.bytes();
            let back = self.revert(buf, step);
            self.redo.push(back);
        }
    }

    pub fn redo<B: Buffer + ?Sized>(&mut self, buf: &mut B) {
        if let Some(step) = self.redo.pop() {
            let back = self.revert(buf, step);
            self.push_undo(back);
        }
    }

    /// Puts back what `step` removed, and returns the step that undoes that.
    fn revert<B: Buffer + ?Sized>(&mut self, buf: &mut B, step: Step) -> Step {
        let now = slice(buf, step.start..step.end);
        self.splice(buf, step.start..step.end, &step.removed);
        let back = Step {
            start: step.start,
            end: after(step.start, &step.removed),
            removed: now,
            caret: self.caret,
        };
        self.caret = step.caret;
        self.preferred_col = None;
        self.moved(buf);
        back
    }

    fn push_undo(&mut self, step: Step) {
        self.undo_bytes += step.bytes();
        self.undo.push_back(step);
        while self.undo.len() > UNDO_DEPTH || (self.undo_bytes > UNDO_BYTES && self.undo.len() > 1)
        {
            if let Some(old) = self.undo.pop_front() {
                self.undo_bytes -= old.bytes();
            }
        }
    }

    /// Ends a run of typing, so the next keystroke starts a new undo step.
    pub fn break_undo_group(&mut self) {
        self.last_edit = None;
    }

    fn after_edit<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        self.preferred_col = None;
        self.anchor = None;
        self.row_end = false;
        self.scroll_to_caret(text);
    }

    // ---- moving ----

    fn moved<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        self.selection = None;
        self.anchor = None;
        self.phrase = None;
        self.row_end = false;
        self.filling = false;
        self.last_edit = None;
        self.scroll_to_caret(text);
    }

    pub fn left<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        if self.collapse_marked(text, false) {
            return;
        }
        let Pos { para, byte } = self.caret;
        if let Some(range) = self.selection.take() {
            self.caret.byte = range.start;
        } else if byte > 0 {
            self.caret.byte = prev_boundary(text.paragraph(para), byte);
        } else if para > 0 {
            self.caret = Pos {
                para: para - 1,
                byte: text.paragraph(para - 1).len(),
            };
        }
        self.preferred_col = None;
        self.moved(text);
    }

    pub fn right<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        if self.collapse_marked(text, true) {
            return;
        }
        let Pos { para, byte } = self.caret;
        if let Some(range) = self.selection.take() {
            self.caret.byte = range.end;
        } else if byte < text.paragraph(para).len() {
            self.caret.byte = next_boundary(text.paragraph(para), byte);
        } else if para + 1 < text.count() {
            self.caret = Pos {
                para: para + 1,
                byte: 0,
            };
        }
        self.preferred_col = None;
        self.moved(text);
    }

    /// Moves by `rows` screen rows (negative: up), keeping the column.
    pub fn vertical<T: Paragraphs + ?Sized>(&mut self, text: &T, rows: isize) {
        let (row, col) = self.caret_row_col;
        let col = *self.preferred_col.get_or_insert(col);
        let wanted = (row as isize + rows).max(0) as usize;
        // Rows far enough to know whether the target, or the caret's row, is the last.
        self.lay_out_rows(text, wanted.max(row) + 2);
        let total = self.rows_laid_out();
        let target = wanted.min(total - 1);
        if rows < 0 && row == 0 {
            self.caret = Pos::default();
        } else if rows > 0 && row + 1 == total {
            self.move_to_end(text);
            return;
        } else {
            let (para, r) = self.locate_row(target);
            let byte = layout::caret_at(
                text.paragraph(para),
                self.layouts[para].laid_out(),
                r,
                col,
                self.ambiguous,
            );
            self.caret = Pos { para, byte };
        }
        self.moved(text);
    }

    pub fn up<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        self.vertical(text, -1);
    }

    pub fn down<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        self.vertical(text, 1);
    }

    pub fn page_up<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        let page = self.height.saturating_sub(1).max(1) as isize;
        self.scroll = self.scroll.saturating_sub(page as usize);
        self.vertical(text, -page);
    }

    pub fn page_down<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        let page = self.height.saturating_sub(1).max(1) as isize;
        self.vertical(text, page);
    }

    /// To the start of the caret's screen row.
    pub fn home<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        let para = self.caret.para;
        let row = self.caret_row();
        self.caret.byte = self.layouts[para].laid_out()[row].start;
        self.preferred_col = None;
        self.moved(text);
    }

    /// To the end of the caret's screen row: after its last character, drawn on that row (not
    /// at the start of the next, where the same byte would be drawn otherwise).
    pub fn end<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        let para = self.caret.para;
        let paragraph = text.paragraph(para);
        let row = self.caret_row();
        // One row more, to know whether this row is the paragraph's last.
        self.layouts[para].reach_rows(paragraph, self.width, self.ambiguous, row + 2);
        let rows = self.layouts[para].laid_out();
        let wrapped = row + 1 < rows.len();
        self.caret.byte = rows[row].end;
        self.preferred_col = None;
        self.moved(text);
        if wrapped {
            self.row_end = true;
            self.scroll_to_caret(text);
        }
    }

    /// The caret's row within its paragraph (rows laid out up to it); after End, the row it ends.
    fn caret_row(&self) -> usize {
        let Pos { para, byte } = self.caret;
        let rows = self.layouts[para].laid_out();
        let row = layout::row_of(rows, byte);
        if self.row_end && row > 0 && rows[row].start == byte {
            row - 1
        } else {
            row
        }
    }

    /// To the end of the caret's paragraph.
    pub fn end_of_paragraph<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        self.caret.byte = text.paragraph(self.caret.para).len();
        self.preferred_col = None;
        self.moved(text);
    }

    pub fn move_to_end<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        let para = text.count() - 1;
        self.caret = Pos {
            para,
            byte: text.paragraph(para).len(),
        };
        self.preferred_col = None;
        self.moved(text);
    }

    /// Puts the caret at a position (clamped to the text and to a grapheme boundary).
    pub fn set_caret<T: Paragraphs + ?Sized>(&mut self, text: &T, pos: Pos) {
        let para = pos.para.min(text.count() - 1);
        let paragraph = text.paragraph(para);
        let mut byte = pos.byte.min(paragraph.len());
        while !paragraph.is_char_boundary(byte) {
            byte -= 1;
        }
        self.caret = Pos { para, byte };
        self.preferred_col = None;
        self.moved(text);
    }

    /// To the start of the next word; in Chinese, past the next run of characters up to the
    /// punctuation, so it moves clause by clause.
    pub fn word_right<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        let Pos { para, byte } = self.caret;
        if byte == text.paragraph(para).len() {
            self.right(text);
            return;
        }
        self.caret.byte = next_word(text.paragraph(para), byte);
        self.preferred_col = None;
        self.moved(text);
    }

    /// To the start of the previous word.
    pub fn word_left<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        let Pos { para, byte } = self.caret;
        if byte == 0 {
            self.left(text);
            return;
        }
        self.caret.byte = prev_word(text.paragraph(para), byte);
        self.preferred_col = None;
        self.moved(text);
    }

    // ---- places to fill ----

    /// Selects the next `{slot}` or `*` run after the caret, wrapping to the start of the part.
    /// Returns false when the part has none.
    pub fn next_slot<T: Paragraphs + ?Sized>(&mut self, text: &T) -> bool {
        self.phrase = None;
        let from = match &self.selection {
            Some(range) => Pos {
                para: self.caret.para,
                byte: range.end,
            },
            None => self.caret,
        };
        let found = self
            .find_slot(text, from, None)
            .or_else(|| self.find_slot(text, Pos::default(), Some(from)));
        match found {
            Some(slot) => {
                self.select(text, slot);
                true
            }
            None => {
                self.filling = false;
                false
            }
        }
    }

    /// Tab while filling places in: the next place of the phrase being filled in, and after its
    /// last, the end of that phrase (never a place elsewhere in the part). Places selected with
    /// F3 rather than by inserting a phrase go on through the whole part.
    pub fn next_place<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        let Some(end) = self.phrase_end(text) else {
            if !self.next_slot(text) {
                self.end_of_paragraph(text);
            }
            return;
        };
        let from = match &self.selection {
            Some(range) => Pos {
                para: self.caret.para,
                byte: range.end,
            },
            None => self.caret,
        };
        match self.find_slot(text, from, Some(end)) {
            Some(slot) => self.select(text, slot),
            None => self.set_caret(text, end),
        }
    }

    /// Enter while filling places in: to the end of the paragraph the phrase ends in (or the
    /// caret's), where the next point begins.
    pub fn end_of_filling<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        let para = self
            .phrase_end(text)
            .map_or(self.caret.para, |end| end.para);
        self.set_caret(
            text,
            Pos {
                para,
                byte: usize::MAX,
            },
        );
    }

    /// Where the phrase being filled in ends now.
    fn phrase_end<T: Paragraphs + ?Sized>(&self, text: &T) -> Option<Pos> {
        let end = self.phrase?;
        let para = (text.count() - 1).checked_sub(end.paras_after)?;
        let paragraph = text.paragraph(para);
        let mut byte = paragraph.len().checked_sub(end.tail)?;
        while !paragraph.is_char_boundary(byte) {
            byte -= 1;
        }
        Some(Pos { para, byte })
    }

    fn select<T: Paragraphs + ?Sized>(&mut self, text: &T, (para, range): (usize, Range<usize>)) {
        self.caret = Pos {
            para,
            byte: range.start,
        };
        self.selection = Some(range);
        // The place is the selection now: a Shift selection made before it goes.
        self.anchor = None;
        self.filling = true;
        self.last_edit = None;
        self.preferred_col = None;
        self.scroll_to_caret(text);
    }

    /// The first place to fill at or after `from` and before `until`.
    fn find_slot<T: Paragraphs + ?Sized>(
        &self,
        text: &T,
        from: Pos,
        until: Option<Pos>,
    ) -> Option<(usize, Range<usize>)> {
        let last = until.map_or(text.count() - 1, |u| u.para.min(text.count() - 1));
        for para in from.para..=last {
            let mut at = 0;
            for piece in slots::pieces(text.paragraph(para)) {
                let range = at..at + piece.as_str().len();
                at = range.end;
                let is_slot = self.is_place(&piece);
                let after_start = para > from.para || range.start >= from.byte;
                let before_end = until.is_none_or(|u| para < u.para || range.end <= u.byte);
                if is_slot && after_start && before_end {
                    return Some((para, range));
                }
            }
        }
        None
    }

    // ---- layout and view ----

    fn forget_rows(&mut self) {
        for rows in &mut self.layouts {
            rows.clear();
        }
    }

    /// Rows laid out, over all paragraphs, up to the first paragraph not laid out whole.
    fn rows_laid_out(&self) -> usize {
        let mut total = 0;
        for rows in &self.layouts {
            total += rows.laid_out().len();
            if !rows.is_complete() {
                break;
            }
        }
        total
    }

    /// Lays out rows until `count` rows from the top are known, or all of them.
    fn lay_out_rows<T: Paragraphs + ?Sized>(&mut self, text: &T, count: usize) {
        let (width, amb) = (self.width, self.ambiguous);
        let mut before = 0;
        for (para, rows) in self.layouts.iter_mut().enumerate() {
            if before >= count {
                return;
            }
            rows.reach_rows(text.paragraph(para), width, amb, count - before);
            if !rows.is_complete() {
                return;
            }
            before += rows.laid_out().len();
        }
    }

    /// The paragraph and its row index of global row `row` (rows up to it laid out).
    fn locate_row(&self, mut row: usize) -> (usize, usize) {
        for (para, rows) in self.layouts.iter().enumerate() {
            let len = rows.laid_out().len();
            if row < len {
                return (para, row);
            }
            row -= len;
        }
        let last = self.layouts.len() - 1;
        (last, self.layouts[last].laid_out().len().saturating_sub(1))
    }

    /// Lays out what the caret and the screen need, and keeps the caret in view.
    fn scroll_to_caret<T: Paragraphs + ?Sized>(&mut self, text: &T) {
        let (width, amb) = (self.width, self.ambiguous);
        let Pos { para, byte } = self.caret;
        let mut before = 0;
        for p in 0..para {
            self.layouts[p].complete(text.paragraph(p), width, amb);
            before += self.layouts[p].laid_out().len();
        }
        let paragraph = text.paragraph(para);
        self.layouts[para].reach_byte(paragraph, width, amb, byte);
        let rows = self.layouts[para].laid_out();
        let (row, col) = match self.caret_row() {
            // After End: at the end of the row the caret's byte ends.
            row if row != layout::row_of(rows, byte) => {
                (row, str_width(&paragraph[rows[row].start..byte], amb))
            }
            _ => layout::caret_cell(paragraph, rows, byte, amb),
        };
        let row = before + row;
        self.caret_row_col = (row, col);
        if row < self.scroll {
            self.scroll = row;
        } else if row >= self.scroll + self.height {
            self.scroll = row + 1 - self.height;
        }
        // One row more than the screen: enough to say whether rows are hidden below.
        self.lay_out_rows(text, self.scroll + self.height + 1);
        // Never blank rows at the bottom while rows are hidden at the top.
        let known = self.rows_laid_out();
        if known < self.scroll + self.height {
            self.scroll = self.scroll.min(known.saturating_sub(self.height));
        }
    }

    /// The caret's cell relative to the editor's top-left, when it is in view.
    pub fn caret_cell(&self) -> Option<(usize, usize)> {
        let (row, col) = self.caret_row_col;
        (row >= self.scroll && row < self.scroll + self.height)
            .then(|| (row - self.scroll, col.min(self.width)))
    }

    /// The rows in view, top to bottom: (paragraph, byte range of its text).
    pub fn visible_rows(&self) -> Vec<(usize, Row)> {
        let mut out = Vec::with_capacity(self.height);
        let (mut para, mut row) = self.locate_row(self.scroll);
        while out.len() < self.height && para < self.layouts.len() {
            let rows = self.layouts[para].laid_out();
            if row < rows.len() {
                out.push((para, rows[row]));
                row += 1;
            } else if self.layouts[para].is_complete() {
                para += 1;
                row = 0;
            } else {
                break;
            }
        }
        out
    }

    /// True when rows are hidden above or below the view.
    pub fn scrolled(&self) -> (bool, bool) {
        (
            self.scroll > 0,
            self.scroll + self.height < self.rows_laid_out(),
        )
    }

    /// Checks the invariants the rest of the app relies on (used by tests).
    pub fn check_invariants<T: Paragraphs + ?Sized>(&self, text: &T) -> Result<(), String> {
        if text.count() == 0 {
            return Err("no paragraph".into());
        }
        if self.caret.para >= text.count() {
            return Err("caret paragraph out of range".into());
        }
        let paragraph = text.paragraph(self.caret.para);
        if !paragraph.is_char_boundary(self.caret.byte) {
            return Err(format!("caret {:?} not on a char boundary", self.caret));
        }
        let on_grapheme = self.caret.byte == paragraph.len()
            || paragraph
                .grapheme_indices(true)
                .any(|(i, _)| i == self.caret.byte);
        if !on_grapheme {
            return Err(format!("caret {:?} inside a grapheme", self.caret));
        }
        if self.layouts.len() != text.count() {
            return Err("layouts out of step".into());
        }
        if (0..text.count()).any(|p| text.paragraph(p).contains('\n')) {
            return Err("a paragraph holds a line break".into());
        }
        for (p, rows) in self.layouts.iter().enumerate() {
            let whole = layout::wrap(text.paragraph(p), self.width, self.ambiguous);
            let laid = rows.laid_out();
            if laid.len() > whole.len() || laid != &whole[..laid.len()] {
                return Err(format!("rows of paragraph {p} are not the layout's"));
            }
        }
        if let Some(range) = &self.selection
            && (range.start != self.caret.byte || range.end > paragraph.len())
        {
            return Err("selection not at the caret".into());
        }
        if let Some(anchor) = self.anchor {
            let on_boundary = anchor.para < text.count()
                && text.paragraph(anchor.para).is_char_boundary(anchor.byte);
            if !on_boundary {
                return Err(format!("selection anchor {anchor:?} outside the text"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An editor over `text`, `width` columns by 10 rows (the editing tests of every file).
    pub(super) fn editor(text: &str, width: usize) -> (Editor, Vec<String>) {
        let t = paragraphs_of(text);
        let mut e = Editor::new(&t, Ambiguous::Narrow);
        e.set_size(&t, width, 10);
        (e, t)
    }

    #[test]
    fn typing_inserts_at_the_caret_and_enter_splits_the_paragraph() {
        let (mut e, mut t) = editor("", 20);
        for c in "一是学习".chars() {
            e.type_char(&mut t, c);
        }
        e.newline(&mut t);
        for c in "二是工作".chars() {
            e.type_char(&mut t, c);
        }
        assert_eq!(t.join("\n"), "一是学习\n二是工作");
        assert_eq!(
            e.caret(),
            Pos {
                para: 1,
                byte: "二是工作".len()
            }
        );
    }

    #[test]
    fn a_drafts_trailing_newline_is_not_a_paragraph() {
        let (_, t) = editor("甲\n乙\n", 20);
        assert_eq!(t, ["甲", "乙"]);
    }

    #[test]
    fn paste_with_carriage_returns_makes_paragraphs() {
        let (mut e, mut t) = editor("开头", 20);
        e.insert(&mut t, "甲\r\n乙\r丙");
        assert_eq!(t.join("\n"), "开头甲\n乙\n丙");
        assert_eq!(
            e.caret(),
            Pos {
                para: 2,
                byte: "丙".len()
            }
        );
    }

    #[test]
    fn paste_is_sanitized() {
        let (mut e, mut t) = editor("", 20);
        e.insert(&mut t, "A\u{1b}]0;PWNED\u{7}B\u{202e}C\u{0}");
        assert_eq!(t.join("\n"), "A]0;PWNEDBC");
    }

    #[test]
    fn backspace_and_delete_work_by_grapheme_and_join_paragraphs() {
        let (mut e, mut t) = editor("ae\u{301}\n乙", 20);
        e.set_caret(
            &t,
            Pos {
                para: 0,
                byte: "ae\u{301}".len(),
            },
        );
        e.backspace(&mut t);
        assert_eq!(t.join("\n"), "a\n乙");
        e.delete(&mut t);
        assert_eq!(t.join("\n"), "a乙");
        e.set_caret(&t, Pos { para: 0, byte: 0 });
        e.delete(&mut t);
        assert_eq!(t.join("\n"), "乙");
    }

    #[test]
    fn up_and_down_move_by_screen_row_keeping_the_column() {
        // Width 10: 5 Han characters a row.
        let (mut e, t) = editor("一二三四五六七八九十甲乙", 10);
        e.set_caret(
            &t,
            Pos {
                para: 0,
                byte: "一二".len(),
            },
        );
        e.down(&t);
        assert_eq!(e.caret().byte, "一二三四五六七".len());
        e.down(&t);
        assert_eq!(
            e.caret().byte,
            "一二三四五六七八九十甲乙".len(),
            "last row is shorter: to its end"
        );
        e.up(&t);
        assert_eq!(
            e.caret().byte,
            "一二三四五六七".len(),
            "the column was kept"
        );
    }

    #[test]
    fn end_on_a_wrapped_row_stands_after_its_last_character_and_typing_lands_there() {
        // Width 10: 5 Han characters a row.
        let (mut e, mut t) = editor("一二三四五六七八九十", 10);
        e.set_caret(&t, Pos::default());
        e.end(&t);
        assert_eq!(e.caret().byte, "一二三四五".len());
        assert_eq!(e.caret_cell(), Some((0, 10)), "on the first row, after 五");
        e.home(&t);
        assert_eq!(e.caret().byte, 0, "Home from there: the same row's start");
        e.end(&t);
        e.type_char(&mut t, '甲');
        assert_eq!(t.join("\n"), "一二三四五甲六七八九十");
        e.set_caret(&t, Pos::default());
        e.end(&t);
        e.left(&t);
        assert_eq!(e.caret().byte, "一二三四".len());
    }

    #[test]
    fn tab_after_the_last_place_of_a_phrase_goes_to_its_end_not_to_a_place_before_it() {
        let (mut e, mut t) = editor("面积*亩", 40);
        e.newline(&mut t);
        e.insert_phrase(&mut t, "完成{指标}，增长{比例}。");
        e.type_char(&mut t, '甲');
        e.next_place(&t);
        e.type_char(&mut t, '乙');
        assert!(e.filling());
        e.next_place(&t);
        assert!(!e.filling());
        e.type_char(&mut t, '丙');
        assert_eq!(t.join("\n"), "面积*亩\n完成甲，增长乙。丙");
    }

    #[test]
    fn a_run_of_deletes_is_one_undo_step() {
        let (mut e, mut t) = editor("一年来本人", 40);
        e.set_caret(&t, Pos::default());
        for _ in 0..3 {
            e.delete(&mut t);
        }
        assert_eq!(t, ["本人"]);
        e.undo(&mut t);
        assert_eq!(t, ["一年来本人"]);
        assert_eq!(e.caret(), Pos::default());
        e.redo(&mut t);
        assert_eq!(t, ["本人"]);
    }

    #[test]
    fn home_and_end_stay_on_the_screen_row() {
        let (mut e, t) = editor("一二三四五六七八九十", 10);
        e.set_caret(
            &t,
            Pos {
                para: 0,
                byte: "一二三四五六七".len(),
            },
        );
        e.home(&t);
        assert_eq!(e.caret().byte, "一二三四五".len());
        e.end(&t);
        assert_eq!(e.caret().byte, "一二三四五六七八九十".len());
    }

    #[test]
    fn word_moves_go_clause_by_clause_in_chinese() {
        let (mut e, t) = editor("全年完成任务，同比增长12.6%。", 40);
        e.set_caret(&t, Pos::default());
        e.word_right(&t);
        assert_eq!(e.caret().byte, "全年完成任务，".len());
        e.word_right(&t);
        assert_eq!(e.caret().byte, "全年完成任务，同比增长".len());
        e.word_left(&t);
        assert_eq!(e.caret().byte, "全年完成任务，".len());
    }

    #[test]
    fn undo_groups_a_run_of_typing_and_redo_brings_it_back() {
        let (mut e, mut t) = editor("", 20);
        for c in "学习".chars() {
            e.type_char(&mut t, c);
        }
        e.newline(&mut t);
        for c in "工作".chars() {
            e.type_char(&mut t, c);
        }
        e.undo(&mut t);
        assert_eq!(t.join("\n"), "学习\n");
        e.undo(&mut t);
        assert_eq!(t.join("\n"), "学习");
        e.undo(&mut t);
        assert_eq!(t.join("\n"), "");
        e.redo(&mut t);
        e.redo(&mut t);
        assert_eq!(t.join("\n"), "学习\n");
    }

    #[test]
    fn inserted_phrase_selects_its_first_slot_and_typing_replaces_it() {
        let (mut e, mut t) = editor("", 40);
        e.insert_phrase(&mut t, "全年完成{指标}{数值}万元。");
        assert_eq!(
            e.selection(),
            Some((0, "全年完成".len().."全年完成{指标}".len()))
        );
        for c in "投资".chars() {
            e.type_char(&mut t, c);
        }
        assert_eq!(t.join("\n"), "全年完成投资{数值}万元。");
        assert!(e.next_slot(&t));
        e.type_char(&mut t, '5');
        assert_eq!(t.join("\n"), "全年完成投资5万元。");
        assert!(!e.next_slot(&t), "no place left to fill");
    }

    #[test]
    fn filled_fields_are_not_places_to_fill() {
        let (mut e, mut t) = editor("", 40);
        e.set_filled_fields(vec!["单位".into()]);
        e.insert_phrase(&mut t, "本人任{单位}{职务}。");
        assert_eq!(
            e.selection(),
            Some((0, "本人任{单位}".len().."本人任{单位}{职务}".len()))
        );
        assert!(e.filling());
        e.type_char(&mut t, '长');
        assert!(e.filling(), "typing into a place goes on filling");
        e.left(&t);
        assert!(!e.filling(), "moving away ends it");
    }

    #[test]
    fn next_slot_wraps_around_the_part_and_finds_stars() {
        let (mut e, t) = editor("面积*亩\n增长{百分比}", 40);
        assert!(e.next_slot(&t));
        assert_eq!(e.selection(), Some((0, "面积".len().."面积*".len())));
        assert!(e.next_slot(&t));
        assert_eq!(e.selection(), Some((1, "增长".len().."增长{百分比}".len())));
    }

    #[test]
    fn paragraphs_are_numbered_as_the_report_numbers_them() {
        let (e, t) = editor("甲\n\n乙\n丙", 20);
        assert_eq!(e.paragraph_numbered(&t, 2), Some(2));
        assert_eq!(e.paragraph_number(&t, 2), 2);
        assert_eq!(
            e.paragraph_number(&t, 1),
            1,
            "a blank line goes with the paragraph before"
        );
        assert_eq!(e.paragraph_numbered(&t, 4), None);
    }

    #[test]
    fn caret_cell_follows_the_shared_layout() {
        let (mut e, t) = editor("一二三四五六", 6);
        e.set_caret(
            &t,
            Pos {
                para: 0,
                byte: "一二三".len(),
            },
        );
        assert_eq!(e.caret_cell(), Some((1, 0)));
        assert_eq!(e.visible_rows().len(), 2);
    }

    #[test]
    fn the_view_scrolls_to_keep_the_caret_visible() {
        let t = paragraphs_of(&"段落\n".repeat(30));
        let mut e = Editor::new(&t, Ambiguous::Narrow);
        e.set_size(&t, 20, 5);
        assert_eq!(e.caret_cell(), Some((4, 4)));
        e.set_caret(&t, Pos::default());
        assert_eq!(e.caret_cell(), Some((0, 0)));
        e.page_down(&t);
        assert_eq!(e.caret().para, 4);
    }

    #[test]
    fn undo_after_a_big_paste_and_three_hundred_enters_keeps_edits_not_copies() {
        let (mut e, mut t) = editor("", 40);
        let paste = "全年完成固定资产投资三点二亿元。\n".repeat(256 * 1024 / 49);
        e.insert(&mut t, &paste);
        for _ in 0..300 {
            e.newline(&mut t);
        }
        let held: usize = e.undo.iter().map(Step::bytes).sum();
        assert_eq!(held, e.undo_bytes);
        // Copies of the text would hold 300 times the paste; the edits hold next to nothing.
        assert!(held < 4096, "undo holds {held} bytes");
        for _ in 0..300 {
            e.undo(&mut t);
        }
        assert_eq!(t.join("\n"), paste);
        e.undo(&mut t);
        assert_eq!(t.join("\n"), "");
        e.redo(&mut t);
        assert_eq!(t.join("\n"), paste);
    }

    #[test]
    fn undo_is_capped_by_bytes_and_the_newest_steps_are_kept() {
        let (mut e, mut t) = editor("", 40);
        // Each step a third of the cap and a little more: two fit.
        let big = "字".repeat(UNDO_BYTES / 3 / 3);
        for n in 0..8 {
            e.push_undo(Step {
                start: Pos::default(),
                end: Pos::default(),
                removed: format!("{n}{big}"),
                caret: Pos::default(),
            });
        }
        assert!(e.undo_bytes <= UNDO_BYTES, "{}", e.undo_bytes);
        assert_eq!(e.undo.len(), 2);
        assert!(e.undo.back().unwrap().removed.starts_with('7'));
        e.undo(&mut t);
        assert!(
            t.join("\n").starts_with('7'),
            "the newest step is undone first"
        );
    }

    #[test]
    fn a_run_of_typing_and_backspacing_is_one_undo_step() {
        let (mut e, mut t) = editor("全年", 20);
        for c in "完成任务".chars() {
            e.type_char(&mut t, c);
        }
        e.backspace(&mut t);
        e.backspace(&mut t);
        e.backspace(&mut t);
        e.backspace(&mut t);
        e.backspace(&mut t);
        assert_eq!(t.join("\n"), "全");
        e.type_char(&mut t, '面');
        e.undo(&mut t);
        assert_eq!(
            t.join("\n"),
            "全年",
            "the run is undone at once, the deleted 年 put back"
        );
        e.redo(&mut t);
        assert_eq!(t.join("\n"), "全面");
    }

    #[test]
    fn typing_in_a_huge_paragraph_lays_out_only_near_the_caret() {
        let text = "全面贯彻落实党的二十届四中全会精神，扎实推进各项工作。".repeat(20_000);
        let mut t = paragraphs_of(&text);
        let mut e = Editor::new(&t, Ambiguous::Narrow);
        e.set_size(&t, 60, 20);
        e.set_caret(
            &t,
            Pos {
                para: 0,
                byte: text.len() / 2 / 3 * 3,
            },
        );
        let laid_before = e.layouts[0].laid_out().len();
        for c in "同比增长".chars() {
            e.type_char(&mut t, c);
        }
        let rows = e.layouts[0].laid_out();
        assert!(!e.layouts[0].is_complete(), "rows past the screen wait");
        assert!(
            rows.len() <= laid_before + 60,
            "{} rows laid out",
            rows.len()
        );
        let whole = layout::wrap(&t[0], 60, Ambiguous::Narrow);
        assert_eq!(rows, &whole[..rows.len()]);
        assert!(e.caret_cell().is_some());
        e.move_to_end(&t);
        assert_eq!(e.layouts[0].laid_out(), whole.as_slice());
    }

    proptest::proptest! {
        #[test]
        fn undoing_every_edit_walks_back_through_every_text_and_redo_walks_forward(
            ops in proptest::collection::vec(0u8..19, 1..60)
        ) {
            let (mut e, mut t) = editor("甲乙\n丙", 10);
            let mut texts = vec![t.join("\n")];
            let mut clip = None;
            for op in ops {
                match op {
                    0 => e.type_char(&mut t, '字'),
                    1 => e.newline(&mut t),
                    2 => e.backspace(&mut t),
                    3 => e.delete(&mut t),
                    4 => { e.insert(&mut t, "一\n二"); }
                    5 => e.left(&t),
                    6 => e.up(&t),
                    7 => e.select_left(&t),
                    8 => e.select_down(&t),
                    9 => e.select_end(&t),
                    10 => clip = e.cut(&mut t).or(clip),
                    11 => clip = e.copy(&t).or(clip),
                    12 => if let Some(c) = &clip { e.paste_clip(&mut t, c) },
                    13 => { e.move_up(&mut t); }
                    14 => { e.move_down(&mut t); }
                    15 => e.insert_phrase(&mut t, "完成{指标}*亩"),
                    16 => e.next_place(&t),
                    17 => e.end_of_filling(&t),
                    _ => e.end(&t),
                }
                proptest::prop_assert!(e.check_invariants(&t).is_ok(), "{:?}", e.check_invariants(&t));
                e.break_undo_group();
                if t.join("\n") != *texts.last().unwrap() {
                    texts.push(t.join("\n"));
                }
            }
            // An edit that put back what it replaced (a line break selected and Enter typed
            // over it) is a step that changes nothing: undo and redo pass over it.
            for expected in texts.iter().rev().skip(1) {
                let now = t.join("\n");
                for _ in 0..60 {
                    e.undo(&mut t);
                    if t.join("\n") != now {
                        break;
                    }
                }
                proptest::prop_assert_eq!(&t.join("\n"), expected);
                proptest::prop_assert!(e.check_invariants(&t).is_ok());
            }
            for expected in texts.iter().skip(1) {
                let now = t.join("\n");
                for _ in 0..60 {
                    e.redo(&mut t);
                    if t.join("\n") != now {
                        break;
                    }
                }
                proptest::prop_assert_eq!(&t.join("\n"), expected);
            }
        }
    }

    /// A key for the model test.
    #[derive(Clone, Debug)]
    enum Key {
        Type(char),
        Enter,
        Backspace,
        Delete,
        Left,
        Right,
        Paste(String),
        /// A move that depends on the layout (Up, Down, Home, End, a word): the model takes the
        /// editor's caret after it.
        Move(u8),
    }

    fn keys() -> impl proptest::strategy::Strategy<Value = Vec<Key>> {
        use proptest::prelude::*;
        let key = prop_oneof![
            8 => proptest::sample::select(vec!['字', '述', '职', 'a', '1', '。', '“', ' '])
                .prop_map(Key::Type),
            2 => Just(Key::Enter),
            3 => Just(Key::Backspace),
            2 => Just(Key::Delete),
            2 => Just(Key::Left),
            2 => Just(Key::Right),
            1 => proptest::sample::select(vec!["一是\n二是", "甲\r\n乙", "\n", "增长12.6%"])
                .prop_map(|s| Key::Paste(s.to_string())),
            2 => (0u8..6).prop_map(Key::Move),
        ];
        proptest::collection::vec(key, 1..80)
    }

    /// What a key does to plain text with a caret, by the rules a writer expects: a grapheme
    /// at a time, Enter a line break, a paste its text with `\r\n` made `\n`.
    fn model(text: &mut String, caret: &mut usize, key: &Key) {
        match key {
            Key::Type(c) => {
                text.insert(*caret, *c);
                *caret += c.len_utf8();
            }
            Key::Enter => {
                text.insert(*caret, '\n');
                *caret += 1;
            }
            Key::Paste(p) => {
                let p = p.replace("\r\n", "\n");
                text.insert_str(*caret, &p);
                *caret += p.len();
            }
            Key::Backspace if *caret > 0 => {
                let start = prev_boundary(text, *caret);
                text.replace_range(start..*caret, "");
                *caret = start;
            }
            Key::Delete if *caret < text.len() => {
                let end = next_boundary(text, *caret);
                text.replace_range(*caret..end, "");
            }
            Key::Left if *caret > 0 => *caret = prev_boundary(text, *caret),
            Key::Right if *caret < text.len() => *caret = next_boundary(text, *caret),
            _ => {}
        }
    }

    fn press<B: Buffer>(e: &mut Editor, buf: &mut B, key: &Key) {
        let op = match key {
            Key::Type(c) => EditorOp::Type(*c),
            Key::Enter => EditorOp::Newline,
            Key::Backspace => EditorOp::Backspace,
            Key::Delete => EditorOp::Delete,
            Key::Left => EditorOp::Left,
            Key::Right => EditorOp::Right,
            Key::Paste(p) => EditorOp::Insert(p.clone()),
            Key::Move(0) => EditorOp::Up,
            Key::Move(1) => EditorOp::Down,
            Key::Move(2) => EditorOp::Home,
            Key::Move(3) => EditorOp::End,
            Key::Move(4) => EditorOp::WordLeft,
            Key::Move(_) => EditorOp::PageDown,
        };
        e.apply(buf, op);
    }

    /// The caret as an offset into the text joined by `\n`.
    fn offset<T: Paragraphs>(text: &T, pos: Pos) -> usize {
        (0..pos.para)
            .map(|p| text.paragraph(p).len() + 1)
            .sum::<usize>()
            + pos.byte
    }

    proptest::proptest! {
        #[test]
        fn keys_in_the_editor_make_the_documents_text_what_was_typed(
            start in "[述职字，。a ]{0,40}",
            keys in keys(),
            width in 2usize..30,
        ) {
            use crate::document::{Document, Edit};
            use crate::draft::Draft;
            use crate::template::Registry;
            let registry = Registry::builtin();
            let template = std::sync::Arc::new(registry.template("dnqjl").unwrap().clone());
            let mut draft = Draft::new(&template);
            draft.fields.insert("姓名".into(), "周明远".into());
            let mut doc = Document::new(draft, template.clone());
            let part = 2;
            doc.apply(Edit::Splice { part, range: Pos::default()..Pos::default(), text: start.clone() });
            let mut e = Editor::new(&doc.part_text(part), Ambiguous::Narrow);
            e.set_size(&doc.part_text(part), width, 6);
            let mut typed = start.clone();
            let mut caret = typed.len();
            for key in &keys {
                press(&mut e, &mut DocumentPart { doc: &mut doc, part }, key);
                model(&mut typed, &mut caret, key);
                if matches!(key, Key::Move(_)) {
                    caret = offset(&doc.part_text(part), e.caret());
                }
                let text = doc.part_text(part);
                proptest::prop_assert_eq!(text.as_str(), typed.as_str(), "after {:?}", key);
                proptest::prop_assert_eq!(offset(&text, e.caret()), caret, "caret after {:?}", key);
                proptest::prop_assert_eq!(e.check_invariants(&text), Ok(()));
            }
            // The report and the 字数 followed every edit.
            let whole = crate::report::assemble(doc.draft(), &template);
            proptest::prop_assert_eq!(doc.report(), &whole);
            proptest::prop_assert_eq!(doc.counts().to_vec(), crate::report::part_counts(&template, &whole));
            // And what is saved is what was typed.
            let saved = doc.draft().section(&template.parts[part].id).map(|s| s.text.clone());
            let blank = typed.trim().is_empty();
            proptest::prop_assert_eq!(saved.is_none(), blank);
            if let Some(saved) = saved {
                proptest::prop_assert_eq!(saved, typed);
            }
        }

        #[test]
        fn keys_in_the_editor_make_plain_paragraphs_what_was_typed(keys in keys(), width in 1usize..12) {
            let mut t = vec![String::new()];
            let mut e = Editor::new(&t, Ambiguous::Wide);
            e.set_size(&t, width, 3);
            let (mut typed, mut caret) = (String::new(), 0);
            for key in &keys {
                press(&mut e, &mut t, key);
                model(&mut typed, &mut caret, key);
                if matches!(key, Key::Move(_)) {
                    caret = offset(&t, e.caret());
                }
                proptest::prop_assert_eq!(t.join("\n"), typed.as_str());
                proptest::prop_assert_eq!(offset(&t, e.caret()), caret);
                proptest::prop_assert_eq!(e.check_invariants(&t), Ok(()));
            }
        }
    }
}
