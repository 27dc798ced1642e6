//! The part editor: our own multi-paragraph text editor over the shared layout.
//!
//! Text is a list of paragraphs (one per line of the draft's `text`); the caret is a paragraph
//! and a byte offset on a grapheme boundary. Every row the editor shows and every caret cell it
//! reports come from [`crate::text::layout`], the same function the preview wraps with, so the
//! two always agree. Layouts are cached per paragraph and redone only for a paragraph that
//! changed or when the width changes. Enter only ever splits a paragraph, so a paste that arrives
//! as keystrokes still lands right. It knows nothing of keys or the terminal: the app calls its
//! methods, and the view asks it for visible rows and the caret's cell.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::text::grapheme::{next_boundary, next_word, prev_boundary, prev_word};
use crate::text::layout::{self, Row};
use crate::text::width::Ambiguous;
use crate::text::{sanitize, slots};

/// Undo steps kept per part.
const UNDO_DEPTH: usize = 500;
/// The most text the undo steps of a part hold, in bytes; the oldest steps go first.
const UNDO_BYTES: usize = 32 * 1024 * 1024;

/// A position in the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub para: usize,
    pub byte: usize,
}

/// What an edit was, to decide whether it joins the previous undo step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EditKind {
    Typing,
    Other,
}

/// One undo (or redo) step: what an edit replaced. Only the paragraphs the edit touched are
/// kept, never a copy of the whole text: after a 5 MB paste, an Enter costs the one paragraph it
/// split.
#[derive(Clone, Debug)]
struct Step {
    /// The first paragraph the edit touched.
    start: usize,
    /// Those paragraphs as they were before the edit.
    before: Vec<String>,
    /// How many paragraphs the text had before the edit: with the count now, this says how many
    /// paragraphs the edit left in place of `before`.
    len_before: usize,
    caret: Pos,
}

impl Step {
    fn bytes(&self) -> usize {
        self.before.iter().map(|p| p.len() + 1).sum()
    }
}

#[derive(Clone, Debug)]
pub struct Editor {
    paras: Vec<String>,
    caret: Pos,
    /// A selected place to fill (`{slot}` or `*`): typing replaces it. Always in the caret's
    /// paragraph, and the caret sits at its start.
    selection: Option<Range<usize>>,
    /// True while the writer is filling places in: after a phrase was inserted or a place was
    /// selected, until the caret is moved away. Tab then goes to the next place.
    filling: bool,
    /// Fields with a value: `{姓名}` is then filled by the tool, not a place to fill.
    filled_fields: Vec<String>,
    /// The column Up and Down try to keep.
    preferred_col: Option<usize>,
    width: usize,
    height: usize,
    ambiguous: Ambiguous,
    /// Rows of each paragraph at `width`.
    layouts: Vec<Vec<Row>>,
    /// First visible row, counted over all paragraphs.
    scroll: usize,
    undo: std::collections::VecDeque<Step>,
    redo: Vec<Step>,
    /// What the undo steps hold, in bytes (see [`UNDO_BYTES`]).
    undo_bytes: usize,
    last_edit: Option<EditKind>,
}

impl Editor {
    /// An editor holding `text` (paragraphs separated by `\n`), caret at the end.
    pub fn new(text: &str, ambiguous: Ambiguous) -> Editor {
        let clean = sanitize(text);
        let mut paras: Vec<String> = clean.split('\n').map(str::to_string).collect();
        // A draft's text ends with a newline; that is not an empty last paragraph to edit.
        while paras.len() > 1 && paras.last().is_some_and(String::is_empty) {
            paras.pop();
        }
        let mut editor = Editor {
            layouts: Vec::new(),
            paras,
            caret: Pos::default(),
            selection: None,
            filling: false,
            filled_fields: Vec::new(),
            preferred_col: None,
            width: 1,
            height: 1,
            ambiguous,
            scroll: 0,
            undo: std::collections::VecDeque::new(),
            redo: Vec::new(),
            undo_bytes: 0,
            last_edit: None,
        };
        editor.relayout_all();
        editor.move_to_end();
        editor
    }

    /// The text, paragraphs joined by `\n`.
    pub fn text(&self) -> String {
        self.paras.join("\n")
    }

    pub fn paragraphs(&self) -> &[String] {
        &self.paras
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
    pub fn paragraph_number(&self, para: usize) -> usize {
        let upto = para.min(self.paras.len() - 1);
        self.paras[..=upto]
            .iter()
            .filter(|p| !p.trim().is_empty())
            .count()
            .max(1)
    }

    /// The paragraph the report numbers `number` (1-based), if there is one.
    pub fn paragraph_numbered(&self, number: usize) -> Option<usize> {
        self.paras
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.trim().is_empty())
            .nth(number.checked_sub(1)?)
            .map(|(i, _)| i)
    }

    pub fn is_empty(&self) -> bool {
        self.paras.iter().all(|p| p.trim().is_empty())
    }

    /// Sets the area the editor draws in. Layouts are redone only when the width changes.
    pub fn set_size(&mut self, width: usize, height: usize) {
        let width = width.max(1);
        self.height = height.max(1);
        if width != self.width {
            self.width = width;
            self.relayout_all();
        }
        self.scroll_to_caret();
    }

    pub fn set_ambiguous(&mut self, ambiguous: Ambiguous) {
        if ambiguous != self.ambiguous {
            self.ambiguous = ambiguous;
            self.relayout_all();
        }
    }

    // ---- editing ----

    /// Types one character (replacing a selected slot).
    pub fn type_char(&mut self, c: char) {
        if c == '\n' {
            self.newline();
            return;
        }
        if sanitize::is_dropped(c) {
            return;
        }
        self.begin_edit(EditKind::Typing, self.caret.para..self.caret.para + 1);
        self.delete_selection();
        let Pos { para, byte } = self.caret;
        self.paras[para].insert(byte, c);
        self.caret.byte += c.len_utf8();
        self.changed(para);
    }

    /// Inserts text that may hold line breaks (a paste, a phrase): each break starts a new
    /// paragraph. The text is sanitized first. One undo step.
    pub fn insert(&mut self, text: &str) -> Range<Pos> {
        self.begin_edit(EditKind::Other, self.caret.para..self.caret.para + 1);
        self.delete_selection();
        let start = self.caret;
        let clean = sanitize(text);
        let mut pieces = clean.split('\n');
        let first = pieces.next().unwrap_or("");
        let Pos { para, byte } = self.caret;
        let tail = self.paras[para].split_off(byte);
        self.paras[para].push_str(first);
        let mut at = Pos {
            para,
            byte: self.paras[para].len(),
        };
        let mut new_paras = Vec::new();
        for piece in pieces {
            new_paras.push(piece.to_string());
        }
        let added = new_paras.len();
        if let Some(last) = new_paras.last() {
            at = Pos {
                para: para + added,
                byte: last.len(),
            };
        }
        let insert_at = para + 1;
        self.paras.splice(insert_at..insert_at, new_paras);
        self.layouts
            .splice(insert_at..insert_at, std::iter::repeat_n(Vec::new(), added));
        self.paras[at.para].push_str(&tail);
        self.caret = at;
        for p in para..=at.para {
            self.relayout(p);
        }
        self.after_edit();
        start..at
    }

    /// Replaces paragraph `para` with `text` (line breaks in it start new paragraphs): one undo
    /// step, the caret at the end of what was put in.
    pub fn replace_paragraph(&mut self, para: usize, text: &str) {
        let Some(len) = self.paras.get(para).map(String::len) else {
            return;
        };
        self.caret = Pos { para, byte: 0 };
        self.selection = Some(0..len);
        self.last_edit = None;
        self.insert(text);
        self.selection = None;
        self.filling = false;
        self.last_edit = None;
    }

    /// Inserts a phrase at the caret and selects its first place to fill, if it has one.
    pub fn insert_phrase(&mut self, phrase: &str) {
        let range = self.insert(phrase);
        self.last_edit = None;
        if let Some(slot) = self.find_slot(range.start, Some(range.end)) {
            self.select(slot);
        }
    }

    /// Splits the paragraph at the caret.
    pub fn newline(&mut self) {
        self.begin_edit(EditKind::Other, self.caret.para..self.caret.para + 1);
        self.delete_selection();
        let Pos { para, byte } = self.caret;
        let tail = self.paras[para].split_off(byte);
        self.paras.insert(para + 1, tail);
        self.layouts.insert(para + 1, Vec::new());
        self.caret = Pos {
            para: para + 1,
            byte: 0,
        };
        self.relayout(para);
        self.relayout(para + 1);
        self.after_edit();
    }

    /// Deletes the grapheme before the caret, or joins the paragraph to the previous one.
    pub fn backspace(&mut self) {
        if self.selection.is_some() {
            self.begin_edit(EditKind::Other, self.caret.para..self.caret.para + 1);
            self.delete_selection();
            self.after_edit();
            return;
        }
        let Pos { para, byte } = self.caret;
        if byte > 0 {
            self.begin_edit(EditKind::Typing, para..para + 1);
            let start = prev_boundary(&self.paras[para], byte);
            self.paras[para].replace_range(start..byte, "");
            self.caret.byte = start;
            self.changed(para);
        } else if para > 0 {
            self.begin_edit(EditKind::Other, para - 1..para + 1);
            self.join_with_next(para - 1);
            self.after_edit();
        }
    }

    /// Deletes the grapheme after the caret, or joins the next paragraph to this one.
    pub fn delete(&mut self) {
        if self.selection.is_some() {
            self.backspace();
            return;
        }
        let Pos { para, byte } = self.caret;
        if byte < self.paras[para].len() {
            self.begin_edit(EditKind::Other, para..para + 1);
            let end = next_boundary(&self.paras[para], byte);
            self.paras[para].replace_range(byte..end, "");
            self.changed(para);
        } else if para + 1 < self.paras.len() {
            self.begin_edit(EditKind::Other, para..para + 2);
            let caret = self.caret;
            self.join_with_next(para);
            self.caret = caret;
            self.after_edit();
        }
    }

    fn join_with_next(&mut self, para: usize) {
        let next = self.paras.remove(para + 1);
        self.layouts.remove(para + 1);
        let byte = self.paras[para].len();
        self.paras[para].push_str(&next);
        self.caret = Pos { para, byte };
        self.relayout(para);
    }

    fn delete_selection(&mut self) {
        if let Some(range) = self.selection.take() {
            let para = self.caret.para;
            self.paras[para].replace_range(range.clone(), "");
            self.caret.byte = range.start;
            self.relayout(para);
        }
    }

    pub fn undo(&mut self) {
        if let Some(step) = self.undo.pop_back() {
            self.undo_bytes -= step.bytes();
            let back = self.apply(step);
            self.redo.push(back);
        }
    }

    pub fn redo(&mut self) {
        if let Some(step) = self.redo.pop() {
            let back = self.apply(step);
            self.push_undo(back);
        }
    }

    /// Puts back what `step` replaced, and returns the step that undoes that.
    fn apply(&mut self, step: Step) -> Step {
        let replaced = step.before.len() + self.paras.len() - step.len_before;
        let range = step.start..step.start + replaced;
        let len_now = self.paras.len();
        let restored = step.before.len();
        let removed: Vec<String> = self.paras.splice(range.clone(), step.before).collect();
        self.layouts
            .splice(range, std::iter::repeat_n(Vec::new(), restored));
        for p in step.start..step.start + restored {
            self.relayout(p);
        }
        let back = Step {
            start: step.start,
            before: removed,
            len_before: len_now,
            caret: self.caret,
        };
        self.caret = step.caret;
        self.selection = None;
        self.filling = false;
        self.last_edit = None;
        self.preferred_col = None;
        self.scroll_to_caret();
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

    /// Records an undo step for an edit of paragraphs `touched`, unless this edit continues a
    /// run of typing (which stays in one paragraph: moving the caret ends it).
    fn begin_edit(&mut self, kind: EditKind, touched: Range<usize>) {
        let continues = kind == EditKind::Typing && self.last_edit == Some(EditKind::Typing);
        if !continues {
            let step = Step {
                start: touched.start,
                before: self.paras[touched].to_vec(),
                len_before: self.paras.len(),
                caret: self.caret,
            };
            self.push_undo(step);
        }
        self.redo.clear();
        self.last_edit = Some(kind);
    }

    /// Ends a run of typing, so the next keystroke starts a new undo step.
    pub fn break_undo_group(&mut self) {
        self.last_edit = None;
    }

    fn changed(&mut self, para: usize) {
        self.relayout(para);
        self.after_edit();
    }

    fn after_edit(&mut self) {
        self.preferred_col = None;
        self.scroll_to_caret();
    }

    // ---- moving ----

    fn moved(&mut self) {
        self.selection = None;
        self.filling = false;
        self.last_edit = None;
        self.scroll_to_caret();
    }

    pub fn left(&mut self) {
        let Pos { para, byte } = self.caret;
        if let Some(range) = self.selection.take() {
            self.caret.byte = range.start;
        } else if byte > 0 {
            self.caret.byte = prev_boundary(&self.paras[para], byte);
        } else if para > 0 {
            self.caret = Pos {
                para: para - 1,
                byte: self.paras[para - 1].len(),
            };
        }
        self.preferred_col = None;
        self.moved();
    }

    pub fn right(&mut self) {
        let Pos { para, byte } = self.caret;
        if let Some(range) = self.selection.take() {
            self.caret.byte = range.end;
        } else if byte < self.paras[para].len() {
            self.caret.byte = next_boundary(&self.paras[para], byte);
        } else if para + 1 < self.paras.len() {
            self.caret = Pos {
                para: para + 1,
                byte: 0,
            };
        }
        self.preferred_col = None;
        self.moved();
    }

    /// Moves by `rows` screen rows (negative: up), keeping the column.
    pub fn vertical(&mut self, rows: isize) {
        let (row, col) = self.caret_row_col();
        let col = *self.preferred_col.get_or_insert(col);
        let total = self.total_rows();
        let target = (row as isize + rows).clamp(0, total as isize - 1) as usize;
        if rows < 0 && row == 0 {
            self.caret = Pos::default();
        } else if rows > 0 && row + 1 == total {
            self.move_to_end();
        } else {
            let (para, r) = self.locate_row(target);
            let byte = layout::caret_at(
                &self.paras[para],
                &self.layouts[para],
                r,
                col,
                self.ambiguous,
            );
            self.caret = Pos { para, byte };
        }
        self.moved();
    }

    pub fn up(&mut self) {
        self.vertical(-1);
    }

    pub fn down(&mut self) {
        self.vertical(1);
    }

    pub fn page_up(&mut self) {
        let page = self.height.saturating_sub(1).max(1) as isize;
        self.scroll = self.scroll.saturating_sub(page as usize);
        self.vertical(-page);
    }

    pub fn page_down(&mut self) {
        let page = self.height.saturating_sub(1).max(1) as isize;
        self.vertical(page);
    }

    /// To the start of the caret's screen row.
    pub fn home(&mut self) {
        let Pos { para, byte } = self.caret;
        let rows = &self.layouts[para];
        self.caret.byte = rows[layout::row_of(rows, byte)].start;
        self.preferred_col = None;
        self.moved();
    }

    /// To the end of the caret's screen row.
    pub fn end(&mut self) {
        let Pos { para, byte } = self.caret;
        let rows = &self.layouts[para];
        let row = layout::row_of(rows, byte);
        self.caret.byte =
            layout::caret_at(&self.paras[para], rows, row, usize::MAX, self.ambiguous);
        self.preferred_col = None;
        self.moved();
    }

    /// To the end of the caret's paragraph.
    pub fn end_of_paragraph(&mut self) {
        self.caret.byte = self.paras[self.caret.para].len();
        self.preferred_col = None;
        self.moved();
    }

    pub fn move_to_end(&mut self) {
        let para = self.paras.len() - 1;
        self.caret = Pos {
            para,
            byte: self.paras[para].len(),
        };
        self.preferred_col = None;
        self.moved();
    }

    /// Puts the caret at a position (clamped to the text and to a grapheme boundary).
    pub fn set_caret(&mut self, pos: Pos) {
        let para = pos.para.min(self.paras.len() - 1);
        let text = &self.paras[para];
        let mut byte = pos.byte.min(text.len());
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        self.caret = Pos { para, byte };
        self.preferred_col = None;
        self.moved();
    }

    /// To the start of the next word; in Chinese, past the next run of characters up to the
    /// punctuation, so it moves clause by clause.
    pub fn word_right(&mut self) {
        let Pos { para, byte } = self.caret;
        if byte == self.paras[para].len() {
            self.right();
            return;
        }
        self.caret.byte = next_word(&self.paras[para], byte);
        self.preferred_col = None;
        self.moved();
    }

    /// To the start of the previous word.
    pub fn word_left(&mut self) {
        let Pos { para, byte } = self.caret;
        if byte == 0 {
            self.left();
            return;
        }
        self.caret.byte = prev_word(&self.paras[para], byte);
        self.preferred_col = None;
        self.moved();
    }

    // ---- places to fill ----

    /// Selects the next `{slot}` or `*` run after the caret, wrapping to the start of the part.
    /// Returns false when the part has none.
    pub fn next_slot(&mut self) -> bool {
        let from = match &self.selection {
            Some(range) => Pos {
                para: self.caret.para,
                byte: range.end,
            },
            None => self.caret,
        };
        let found = self
            .find_slot(from, None)
            .or_else(|| self.find_slot(Pos::default(), Some(from)));
        match found {
            Some(slot) => {
                self.select(slot);
                true
            }
            None => {
                self.filling = false;
                false
            }
        }
    }

    fn select(&mut self, (para, range): (usize, Range<usize>)) {
        self.caret = Pos {
            para,
            byte: range.start,
        };
        self.selection = Some(range);
        self.filling = true;
        self.last_edit = None;
        self.preferred_col = None;
        self.scroll_to_caret();
    }

    /// The first place to fill at or after `from` and before `until`.
    fn find_slot(&self, from: Pos, until: Option<Pos>) -> Option<(usize, Range<usize>)> {
        let last = until.map_or(self.paras.len() - 1, |u| u.para.min(self.paras.len() - 1));
        for para in from.para..=last {
            let mut at = 0;
            for piece in slots::pieces(&self.paras[para]) {
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

    fn relayout_all(&mut self) {
        self.layouts = self
            .paras
            .iter()
            .map(|p| layout::wrap(p, self.width, self.ambiguous))
            .collect();
    }

    fn relayout(&mut self, para: usize) {
        self.layouts[para] = layout::wrap(&self.paras[para], self.width, self.ambiguous);
    }

    fn total_rows(&self) -> usize {
        self.layouts.iter().map(Vec::len).sum()
    }

    /// The paragraph and its row index of global row `row`.
    fn locate_row(&self, mut row: usize) -> (usize, usize) {
        for (para, rows) in self.layouts.iter().enumerate() {
            if row < rows.len() {
                return (para, row);
            }
            row -= rows.len();
        }
        let last = self.paras.len() - 1;
        (last, self.layouts[last].len() - 1)
    }

    /// The caret's global row and its column.
    fn caret_row_col(&self) -> (usize, usize) {
        let Pos { para, byte } = self.caret;
        let before: usize = self.layouts[..para].iter().map(Vec::len).sum();
        let (row, col) =
            layout::caret_cell(&self.paras[para], &self.layouts[para], byte, self.ambiguous);
        (before + row, col)
    }

    fn scroll_to_caret(&mut self) {
        let (row, _) = self.caret_row_col();
        if row < self.scroll {
            self.scroll = row;
        } else if row >= self.scroll + self.height {
            self.scroll = row + 1 - self.height;
        }
        // Never blank rows at the bottom while rows are hidden at the top.
        self.scroll = self
            .scroll
            .min(self.total_rows().saturating_sub(self.height));
    }

    /// The caret's cell relative to the editor's top-left, when it is in view.
    pub fn caret_cell(&self) -> Option<(usize, usize)> {
        let (row, col) = self.caret_row_col();
        (row >= self.scroll && row < self.scroll + self.height)
            .then(|| (row - self.scroll, col.min(self.width)))
    }

    /// The rows in view, top to bottom: (paragraph, byte range of its text).
    pub fn visible_rows(&self) -> Vec<(usize, Row)> {
        let mut out = Vec::with_capacity(self.height);
        let (mut para, mut row) = self.locate_row(self.scroll);
        while out.len() < self.height && para < self.paras.len() {
            let rows = &self.layouts[para];
            if row < rows.len() {
                out.push((para, rows[row]));
                row += 1;
            } else {
                para += 1;
                row = 0;
            }
        }
        out
    }

    /// True when rows are hidden above or below the view.
    pub fn scrolled(&self) -> (bool, bool) {
        (
            self.scroll > 0,
            self.scroll + self.height < self.total_rows(),
        )
    }

    /// Checks the invariants the rest of the app relies on (used by tests).
    pub fn check_invariants(&self) -> Result<(), String> {
        if self.paras.is_empty() {
            return Err("no paragraph".into());
        }
        let text = self
            .paras
            .get(self.caret.para)
            .ok_or("caret paragraph out of range")?;
        if !text.is_char_boundary(self.caret.byte) {
            return Err(format!("caret {:?} not on a char boundary", self.caret));
        }
        let on_grapheme = self.caret.byte == text.len()
            || text
                .grapheme_indices(true)
                .any(|(i, _)| i == self.caret.byte);
        if !on_grapheme {
            return Err(format!("caret {:?} inside a grapheme", self.caret));
        }
        if self.layouts.len() != self.paras.len() {
            return Err("layouts out of step".into());
        }
        if self.paras.iter().any(|p| p.contains('\n')) {
            return Err("a paragraph holds a line break".into());
        }
        if let Some(range) = &self.selection
            && (range.start != self.caret.byte || range.end > text.len())
        {
            return Err("selection not at the caret".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn editor(text: &str, width: usize) -> Editor {
        let mut e = Editor::new(text, Ambiguous::Narrow);
        e.set_size(width, 10);
        e
    }

    #[test]
    fn typing_inserts_at_the_caret_and_enter_splits_the_paragraph() {
        let mut e = editor("", 20);
        for c in "一是学习".chars() {
            e.type_char(c);
        }
        e.newline();
        for c in "二是工作".chars() {
            e.type_char(c);
        }
        assert_eq!(e.text(), "一是学习\n二是工作");
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
        let e = editor("甲\n乙\n", 20);
        assert_eq!(e.paragraphs(), ["甲", "乙"]);
    }

    #[test]
    fn paste_with_carriage_returns_makes_paragraphs() {
        let mut e = editor("开头", 20);
        e.insert("甲\r\n乙\r丙");
        assert_eq!(e.text(), "开头甲\n乙\n丙");
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
        let mut e = editor("", 20);
        e.insert("A\u{1b}]0;PWNED\u{7}B\u{202e}C\u{0}");
        assert_eq!(e.text(), "A]0;PWNEDBC");
    }

    #[test]
    fn backspace_and_delete_work_by_grapheme_and_join_paragraphs() {
        let mut e = editor("ae\u{301}\n乙", 20);
        e.set_caret(Pos {
            para: 0,
            byte: "ae\u{301}".len(),
        });
        e.backspace();
        assert_eq!(e.text(), "a\n乙");
        e.delete();
        assert_eq!(e.text(), "a乙");
        e.set_caret(Pos { para: 0, byte: 0 });
        e.delete();
        assert_eq!(e.text(), "乙");
    }

    #[test]
    fn up_and_down_move_by_screen_row_keeping_the_column() {
        // Width 10: 5 Han characters a row.
        let mut e = editor("一二三四五六七八九十甲乙", 10);
        e.set_caret(Pos {
            para: 0,
            byte: "一二".len(),
        });
        e.down();
        assert_eq!(e.caret().byte, "一二三四五六七".len());
        e.down();
        assert_eq!(
            e.caret().byte,
            "一二三四五六七八九十甲乙".len(),
            "last row is shorter: to its end"
        );
        e.up();
        assert_eq!(
            e.caret().byte,
            "一二三四五六七".len(),
            "the column was kept"
        );
    }

    #[test]
    fn home_and_end_stay_on_the_screen_row() {
        let mut e = editor("一二三四五六七八九十", 10);
        e.set_caret(Pos {
            para: 0,
            byte: "一二三四五六七".len(),
        });
        e.home();
        assert_eq!(e.caret().byte, "一二三四五".len());
        e.end();
        assert_eq!(e.caret().byte, "一二三四五六七八九十".len());
    }

    #[test]
    fn word_moves_go_clause_by_clause_in_chinese() {
        let mut e = editor("全年完成任务，同比增长12.6%。", 40);
        e.set_caret(Pos::default());
        e.word_right();
        assert_eq!(e.caret().byte, "全年完成任务，".len());
        e.word_right();
        assert_eq!(e.caret().byte, "全年完成任务，同比增长".len());
        e.word_left();
        assert_eq!(e.caret().byte, "全年完成任务，".len());
    }

    #[test]
    fn undo_groups_a_run_of_typing_and_redo_brings_it_back() {
        let mut e = editor("", 20);
        for c in "学习".chars() {
            e.type_char(c);
        }
        e.newline();
        for c in "工作".chars() {
            e.type_char(c);
        }
        e.undo();
        assert_eq!(e.text(), "学习\n");
        e.undo();
        assert_eq!(e.text(), "学习");
        e.undo();
        assert_eq!(e.text(), "");
        e.redo();
        e.redo();
        assert_eq!(e.text(), "学习\n");
    }

    #[test]
    fn inserted_phrase_selects_its_first_slot_and_typing_replaces_it() {
        let mut e = editor("", 40);
        e.insert_phrase("全年完成{指标}{数值}万元。");
        assert_eq!(
            e.selection(),
            Some((0, "全年完成".len().."全年完成{指标}".len()))
        );
        for c in "投资".chars() {
            e.type_char(c);
        }
        assert_eq!(e.text(), "全年完成投资{数值}万元。");
        assert!(e.next_slot());
        e.type_char('5');
        assert_eq!(e.text(), "全年完成投资5万元。");
        assert!(!e.next_slot(), "no place left to fill");
    }

    #[test]
    fn filled_fields_are_not_places_to_fill() {
        let mut e = editor("", 40);
        e.set_filled_fields(vec!["单位".into()]);
        e.insert_phrase("本人任{单位}{职务}。");
        assert_eq!(
            e.selection(),
            Some((0, "本人任{单位}".len().."本人任{单位}{职务}".len()))
        );
        assert!(e.filling());
        e.type_char('长');
        assert!(e.filling(), "typing into a place goes on filling");
        e.left();
        assert!(!e.filling(), "moving away ends it");
    }

    #[test]
    fn next_slot_wraps_around_the_part_and_finds_stars() {
        let mut e = editor("面积*亩\n增长{百分比}", 40);
        assert!(e.next_slot());
        assert_eq!(e.selection(), Some((0, "面积".len().."面积*".len())));
        assert!(e.next_slot());
        assert_eq!(e.selection(), Some((1, "增长".len().."增长{百分比}".len())));
    }

    #[test]
    fn paragraphs_are_numbered_as_the_report_numbers_them() {
        let e = editor("甲\n\n乙\n丙", 20);
        assert_eq!(e.paragraph_numbered(2), Some(2));
        assert_eq!(e.paragraph_number(2), 2);
        assert_eq!(
            e.paragraph_number(1),
            1,
            "a blank line goes with the paragraph before"
        );
        assert_eq!(e.paragraph_numbered(4), None);
    }

    #[test]
    fn caret_cell_follows_the_shared_layout() {
        let mut e = editor("一二三四五六", 6);
        e.set_caret(Pos {
            para: 0,
            byte: "一二三".len(),
        });
        assert_eq!(e.caret_cell(), Some((1, 0)));
        assert_eq!(e.visible_rows().len(), 2);
    }

    #[test]
    fn the_view_scrolls_to_keep_the_caret_visible() {
        let mut e = Editor::new(&"段落\n".repeat(30), Ambiguous::Narrow);
        e.set_size(20, 5);
        assert_eq!(e.caret_cell(), Some((4, 4)));
        e.set_caret(Pos::default());
        assert_eq!(e.caret_cell(), Some((0, 0)));
        e.page_down();
        assert_eq!(e.caret().para, 4);
    }

    #[test]
    fn undo_after_a_big_paste_and_three_hundred_enters_keeps_edits_not_copies() {
        let mut e = editor("", 40);
        let paste = "全年完成固定资产投资三点二亿元。\n".repeat(256 * 1024 / 49);
        e.insert(&paste);
        for _ in 0..300 {
            e.newline();
        }
        let held: usize = e.undo.iter().map(Step::bytes).sum();
        assert_eq!(held, e.undo_bytes);
        // Copies of the text would hold 300 times the paste; the edits hold next to nothing.
        assert!(held < 4096, "undo holds {held} bytes");
        for _ in 0..300 {
            e.undo();
        }
        assert_eq!(e.text(), paste);
        e.undo();
        assert_eq!(e.text(), "");
        e.redo();
        assert_eq!(e.text(), paste);
    }

    #[test]
    fn undo_is_capped_by_bytes_and_the_newest_steps_are_kept() {
        let mut e = editor("", 40);
        // Each step a third of the cap and a little more: two fit.
        let big = "字".repeat(UNDO_BYTES / 3 / 3);
        for n in 0..8 {
            e.push_undo(Step {
                start: 0,
                before: vec![format!("{n}{big}")],
                len_before: 1,
                caret: Pos::default(),
            });
        }
        assert!(e.undo_bytes <= UNDO_BYTES, "{}", e.undo_bytes);
        assert_eq!(e.undo.len(), 2);
        assert!(e.undo.back().unwrap().before[0].starts_with('7'));
        e.undo();
        assert!(e.text().starts_with('7'), "the newest step is undone first");
    }

    proptest::proptest! {
        #[test]
        fn undoing_every_edit_walks_back_through_every_text_and_redo_walks_forward(
            ops in proptest::collection::vec(0u8..7, 1..60)
        ) {
            let mut e = editor("甲乙\n丙", 10);
            let mut texts = vec![e.text()];
            for op in ops {
                match op {
                    0 => e.type_char('字'),
                    1 => e.newline(),
                    2 => e.backspace(),
                    3 => e.delete(),
                    4 => { e.insert("一\n二"); }
                    5 => e.left(),
                    _ => e.up(),
                }
                e.break_undo_group();
                if e.text() != *texts.last().unwrap() {
                    texts.push(e.text());
                }
            }
            for expected in texts.iter().rev().skip(1) {
                e.undo();
                proptest::prop_assert_eq!(&e.text(), expected);
                proptest::prop_assert!(e.check_invariants().is_ok());
            }
            for expected in texts.iter().skip(1) {
                e.redo();
                proptest::prop_assert_eq!(&e.text(), expected);
            }
        }
    }
}
