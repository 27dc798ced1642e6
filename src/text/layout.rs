//! The one layout function: how a paragraph of Chinese text wraps into screen rows, and where a
//! caret sits on them.
//!
//! The editor and the preview both call [`wrap`] and map carets with [`caret_cell`] and
//! [`caret_at`], so what the writer edits wraps exactly as the preview shows it. Break
//! opportunities come from Unicode line breaking (UAX #14, via textwrap): no row starts with
//! `，。、；：？！）」`, an opening bracket stays with what follows it, `1.5` and `12.6%` stay whole,
//! and so does a place to fill such as `{年度}` (up to [`SLOT_BYTES`] long). Rows are filled
//! first-fit, the way Word and WPS fill lines. A run longer than a row is split between
//! graphemes. Widths are display cells with the terminal's ambiguous width, never chars.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use textwrap::WordSeparator;
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_segmentation::UnicodeSegmentation;

use super::width::{Ambiguous, str_width};

/// One screen row of a paragraph: the byte range `start..end` of its text. The rows of a
/// paragraph cover it exactly, in order; an empty paragraph has one empty row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub start: usize,
    pub end: usize,
}

/// A piece that may not be broken: a UAX #14 word, or a grapheme-sized part of an overlong one.
#[derive(Debug)]
struct Piece {
    start: usize,
    /// End including trailing spaces, which may hang past the row's edge.
    end_with_space: usize,
    width: f64,
    space_width: f64,
    /// Where the word this piece is of ends (with its trailing spaces).
    word_end: usize,
}

impl Fragment for Piece {
    fn width(&self) -> f64 {
        self.width
    }
    fn whitespace_width(&self) -> f64 {
        self.space_width
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Wraps `text` (one paragraph, no `\n`) into rows at most `width` cells wide. Trailing spaces
/// may hang past the edge, and a single grapheme wider than `width` gets a row of its own.
pub fn wrap(text: &str, width: usize, ambiguous: Ambiguous) -> Vec<Row> {
    if text.is_empty() {
        return vec![Row { start: 0, end: 0 }];
    }
    let width = width.max(1);
    let mut pieces = Vec::new();
    pieces_of(text, 0, width, ambiguous, &mut pieces);
    let mut rows = first_fit(&pieces, width);
    // The separator leaves leading spaces out of every word: give them to the first row, and
    // make the rows meet exactly.
    if let Some(first) = rows.first_mut() {
        first.start = 0;
    }
    for i in 1..rows.len() {
        rows[i].start = rows[i - 1].end;
    }
    match rows.last_mut() {
        Some(last) => last.end = text.len(),
        None => rows.push(Row {
            start: 0,
            end: text.len(),
        }),
    }
    rows
}

/// The rows `pieces` fill, each at most `width` cells, first fit: a row takes pieces while they
/// fit (textwrap's `FirstFit`), from the first piece's start to the end of the last one's spaces.
fn first_fit(pieces: &[Piece], width: usize) -> Vec<Row> {
    wrap_first_fit(pieces, &[width as f64])
        .iter()
        .filter_map(|line| {
            Some(Row {
                start: line.first()?.start,
                end: line.last()?.end_with_space,
            })
        })
        .collect()
}

/// The longest `{…}` kept on one row, in bytes (a slot's name of up to 20 汉字); a longer one
/// breaks as text does.
pub const SLOT_BYTES: usize = 64;

/// The words of `text`: UAX #14 words, but a `{…}` of at most [`SLOT_BYTES`] is never broken
/// inside (`{年度}` is three UAX #14 words). Each word is (start, end, end with its spaces).
fn words_of(text: &str) -> Vec<(usize, usize, usize)> {
    let origin = text.as_ptr() as usize;
    let mut words: Vec<(usize, usize, usize)> = Vec::new();
    let mut glue_until = 0;
    for word in WordSeparator::UnicodeBreakProperties.find_words(text) {
        let start = word.word.as_ptr() as usize - origin;
        let end = start + word.word.len();
        let with_space = end + word.whitespace.len();
        match words.last_mut() {
            Some(last) if last.2 < glue_until => *last = (last.0, end, with_space),
            _ => words.push((start, end, with_space)),
        }
        // A slot that begins in this word: no break until its closing brace.
        if let Some(open) = text[start..with_space].rfind('{') {
            let open = start + open;
            let bytes = text.as_bytes();
            let ceiling = (open + SLOT_BYTES).min(text.len());
            let close = (open + 1..ceiling).find(|&i| matches!(bytes[i], b'{' | b'}' | b'\n'));
            if let Some(close) = close.filter(|&i| bytes[i] == b'}') {
                glue_until = glue_until.max(close + 1);
            }
        }
    }
    words
}

/// The pieces of `text` (which begins at byte `base` of the paragraph), offsets counted in the
/// paragraph.
fn pieces_of(text: &str, base: usize, width: usize, ambiguous: Ambiguous, out: &mut Vec<Piece>) {
    for (start, end, end_with_space) in words_of(text) {
        let word = &text[start..end];
        let whitespace = &text[end..end_with_space];
        let space_width = str_width(whitespace, ambiguous) as f64;
        let word_width = str_width(word, ambiguous);
        let word_end = base + end_with_space;
        if word_width <= width {
            out.push(Piece {
                start: base + start,
                end_with_space: word_end,
                width: word_width as f64,
                space_width,
                word_end,
            });
            continue;
        }
        // Too long for any row: cut it between graphemes into row-sized parts.
        let mut part_start = start;
        let mut part_width = 0;
        for (offset, grapheme) in word.grapheme_indices(true) {
            let g_width = str_width(grapheme, ambiguous);
            if part_width + g_width > width && part_width > 0 {
                let at = start + offset;
                out.push(Piece {
                    start: base + part_start,
                    end_with_space: base + at,
                    width: part_width as f64,
                    space_width: 0.0,
                    word_end,
                });
                part_start = at;
                part_width = 0;
            }
            part_width += g_width;
        }
        out.push(Piece {
            start: base + part_start,
            end_with_space: word_end,
            width: part_width as f64,
            space_width,
            word_end,
        });
    }
}

/// The rows of one paragraph laid out so far, from its start: for a paragraph that may be too
/// long to wrap whole at every keystroke (a 1 MB paragraph takes ~75 ms). Rows are laid out a
/// stretch at a time, as far as a caller asks, and an edit forgets only the rows from a little
/// before the place edited; the rows are always exactly those [`wrap`] gives the whole text.
///
/// A stretch is wrapped from a place where line breaking needs nothing of what comes before:
/// between two 汉字 (UAX #14 class ID, after which every rule starts afresh), and it ends at such
/// a place too, so its words are the words of the whole text. Text without two 汉字 in a row
/// near the place falls back to wrapping from the start, which is slow but right.
#[derive(Clone, Debug, Default)]
pub struct Rows {
    rows: Vec<Row>,
    /// The rows reach the end of the text.
    complete: bool,
    /// The first byte edited since the rows were last extended past it.
    edited_at: Option<usize>,
}

/// Bytes a stretch of layout covers, at least: about 40 rows of 汉字 at 65 columns.
const STRETCH_BYTES: usize = if cfg!(test) { 16 } else { 4096 };
/// How far line breaking may look past a place to decide a break there, in bytes: UAX #14 looks
/// ahead at most three characters, and a `{` looks for its `}` up to [`SLOT_BYTES`] on.
const LOOKAHEAD_BYTES: usize = 32 + SLOT_BYTES;
/// How far back and forth a safe place to start or end a stretch is looked for.
const SAFE_SEARCH_BYTES: usize = if cfg!(test) { 64 } else { 16 * 1024 };

impl Rows {
    /// No rows laid out yet.
    pub fn new() -> Rows {
        Rows::default()
    }

    /// The rows laid out so far, from the start of the text.
    pub fn laid_out(&self) -> &[Row] {
        &self.rows
    }

    /// Whether the rows reach the end of the text.
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// Forgets every row: the width or the text changed all through.
    pub fn clear(&mut self) {
        *self = Rows::default();
    }

    /// The text changed from byte `at` on (bytes before `at` are as they were): forgets the rows
    /// that may change. A row whose next row ends well before `at` stays.
    pub fn edited(&mut self, at: usize) {
        let limit = at.saturating_sub(LOOKAHEAD_BYTES);
        let ending_before = self.rows.partition_point(|r| r.end <= limit);
        self.rows.truncate(ending_before.saturating_sub(1));
        self.complete = false;
        self.edited_at = Some(self.edited_at.map_or(at, |e| e.min(at)));
    }

    /// Lays out rows until the last row laid out ends after byte `at`, or all of them.
    pub fn reach_byte(&mut self, text: &str, width: usize, ambiguous: Ambiguous, at: usize) {
        while !self.complete && self.rows.last().is_none_or(|r| r.end <= at) {
            self.extend(text, width, ambiguous, at);
        }
    }

    /// Lays out rows until there are at least `count`, or all of them.
    pub fn reach_rows(&mut self, text: &str, width: usize, ambiguous: Ambiguous, count: usize) {
        while !self.complete && self.rows.len() < count {
            let from = self.rows.last().map_or(0, |r| r.end);
            self.extend(text, width, ambiguous, from);
        }
    }

    /// Lays out every row.
    pub fn complete(&mut self, text: &str, width: usize, ambiguous: Ambiguous) {
        if self.complete {
            return;
        }
        if self.rows.is_empty() {
            // Whole, at once: the same call as everyone else's.
            self.rows = wrap(text, width, ambiguous);
            self.complete = true;
            self.edited_at = None;
            return;
        }
        self.reach_byte(text, width, ambiguous, text.len());
    }

    /// Lays out one more stretch, at least as far as byte `want`.
    fn extend(&mut self, text: &str, width: usize, ambiguous: Ambiguous, want: usize) {
        if text.is_empty() {
            self.rows = vec![Row { start: 0, end: 0 }];
            self.complete = true;
            self.edited_at = None;
            return;
        }
        // Unit tests take short stretches, so that their short texts are laid out in several.
        let mut stretch = if cfg!(test) {
            STRETCH_BYTES
        } else {
            STRETCH_BYTES.max(width.saturating_mul(8))
        };
        loop {
            let from = self.rows.last().map_or(0, |r| r.end);
            let begin = safe_before(text, from);
            let end = safe_after(text, want.max(from).saturating_add(stretch));
            let mut pieces = Vec::new();
            pieces_of(&text[begin..end], begin, width, ambiguous, &mut pieces);
            let first = pieces.partition_point(|p| p.start < from);
            // The place to go on from must start a piece, and the word that piece is of must
            // end before what was edited: else the row before may take it in. Go back a row.
            let go_on = pieces.get(first).is_some_and(|p| {
                p.start == from
                    && self
                        .edited_at
                        .is_none_or(|edited| p.word_end + LOOKAHEAD_BYTES <= edited)
            });
            if from > 0 && !go_on {
                self.rows.pop();
                continue;
            }
            // From here on every row is laid out from the text as it is now.
            self.edited_at = None;
            let mut new_rows = first_fit(&pieces[first..], width.max(1));
            let at_end = end == text.len();
            if !at_end {
                // The last row may go on past the stretch.
                new_rows.pop();
                if new_rows.is_empty() {
                    stretch = stretch.saturating_mul(2);
                    continue;
                }
            }
            let mut prev_end = from;
            for row in &mut new_rows {
                row.start = prev_end;
                prev_end = row.end;
            }
            self.rows.extend(new_rows);
            if at_end {
                match self.rows.last_mut() {
                    Some(last) => last.end = text.len(),
                    None => self.rows.push(Row {
                        start: 0,
                        end: text.len(),
                    }),
                }
                self.complete = true;
            }
            return;
        }
    }
}

/// Whether line breaking starts afresh at byte `at`: between two 汉字, not inside a slot kept
/// on one row.
fn is_safe(text: &str, at: usize) -> bool {
    let is_han = |c: char| matches!(u32::from(c), 0x4E00..=0x9FFF);
    at > 0
        && at < text.len()
        && text.is_char_boundary(at)
        && text[at..].chars().next().is_some_and(is_han)
        && text[..at].chars().next_back().is_some_and(is_han)
        && !in_slot(text, at)
}

/// Whether byte `at` is inside a `{…}` that [`words_of`] keeps whole.
fn in_slot(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let floor = at.saturating_sub(SLOT_BYTES);
    let Some(open) = (floor..at).rev().find(|&i| matches!(bytes[i], b'{' | b'}')) else {
        return false;
    };
    if bytes[open] != b'{' {
        return false;
    }
    let ceiling = (open + SLOT_BYTES).min(text.len());
    (open + 1..ceiling)
        .find(|&i| matches!(bytes[i], b'{' | b'}' | b'\n'))
        .is_some_and(|close| bytes[close] == b'}' && at <= close)
}

/// The nearest safe place at or before `at` (see [`Rows`]), or the start of the text.
fn safe_before(text: &str, at: usize) -> usize {
    let floor = at.saturating_sub(SAFE_SEARCH_BYTES);
    let mut i = at.min(text.len());
    while i > floor {
        if is_safe(text, i) {
            return i;
        }
        i -= 1;
    }
    0
}

/// The nearest safe place at or after `at`, or the end of the text.
fn safe_after(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    let ceiling = at.saturating_add(SAFE_SEARCH_BYTES).min(text.len());
    (at..ceiling)
        .find(|&i| is_safe(text, i))
        .unwrap_or(text.len())
}

/// Remembers the rows of texts already wrapped, for a view that draws the same paragraphs frame
/// after frame (the preview): only a paragraph that changed is wrapped again.
///
/// Every keystroke in a paragraph adds its new text, so the cache is bounded: texts are kept in
/// two generations of at most `LayoutCache::CAPACITY` each. When the recent one is full it
/// becomes the older one and the oldest texts are dropped; a text found in the older generation
/// moves back to the recent one, so what is on screen is never wrapped again for it.
#[derive(Debug, Default)]
pub struct LayoutCache {
    rows: RefCell<Generations>,
}

#[derive(Debug, Default)]
struct Generations {
    recent: HashMap<LayoutKey, Rc<[Row]>>,
    older: HashMap<LayoutKey, Rc<[Row]>>,
}

/// A text, the width it was wrapped to, and the ambiguous width it was measured with.
type LayoutKey = (String, usize, Ambiguous);

impl LayoutCache {
    /// Texts per generation: more than a screen shows, and a few hundred keystrokes' worth of
    /// one paragraph's versions (at 2 KB a paragraph, under 2 MB in all).
    const CAPACITY: usize = 512;

    /// The rows of `text` at `width`, as [`wrap`] gives them.
    pub fn wrap(&self, text: &str, width: usize, ambiguous: Ambiguous) -> Rc<[Row]> {
        let key = (text.to_string(), width, ambiguous);
        let mut cache = self.rows.borrow_mut();
        if let Some(rows) = cache.recent.get(&key) {
            return rows.clone();
        }
        let rows = match cache.older.remove(&key) {
            Some(rows) => rows,
            None => wrap(text, width, ambiguous).into(),
        };
        if cache.recent.len() >= Self::CAPACITY {
            cache.older = std::mem::take(&mut cache.recent);
        }
        cache.recent.insert(key, rows.clone());
        rows
    }
}

impl Clone for LayoutCache {
    /// A copy starts empty: a cache is not state.
    fn clone(&self) -> LayoutCache {
        LayoutCache::default()
    }
}

/// The index of the row a caret at byte `at` is drawn on. A caret at the end of a row that is
/// not the last one is drawn at the start of the next.
pub fn row_of(rows: &[Row], at: usize) -> usize {
    rows.partition_point(|row| row.start <= at)
        .saturating_sub(1)
}

/// The (row, column) cell of a caret at byte `at` of `text`.
pub fn caret_cell(text: &str, rows: &[Row], at: usize, ambiguous: Ambiguous) -> (usize, usize) {
    let row = row_of(rows, at);
    let start = rows.get(row).map_or(0, |r| r.start);
    let at = at.clamp(start, text.len());
    (row, str_width(&text[start..at], ambiguous))
}

/// The caret nearest to column `col` of row `row`: before the grapheme covering `col`. On a row
/// that is not the last, the caret stays before its last grapheme rather than move to the next.
pub fn caret_at(text: &str, rows: &[Row], row: usize, col: usize, ambiguous: Ambiguous) -> usize {
    let Some(r) = rows.get(row) else {
        return text.len();
    };
    let last_row = row + 1 == rows.len();
    let mut x = 0;
    let mut last_start = r.start;
    for (offset, grapheme) in text[r.start..r.end].grapheme_indices(true) {
        let g_width = str_width(grapheme, ambiguous);
        if x + g_width > col {
            return r.start + offset;
        }
        x += g_width;
        last_start = r.start + offset;
    }
    if last_row { r.end } else { last_start }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const N: Ambiguous = Ambiguous::Narrow;

    fn lines(text: &str, width: usize) -> Vec<&str> {
        wrap(text, width, N)
            .iter()
            .map(|r| &text[r.start..r.end])
            .collect()
    }

    #[test]
    fn rows_are_filled_first_fit_and_numbers_stay_whole() {
        assert_eq!(
            lines("共完成财政收入1.5亿元，全年新签约项目3个。", 20),
            ["共完成财政收入1.5亿", "元，全年新签约项目3", "个。"]
        );
    }

    #[test]
    fn no_row_starts_with_closing_punctuation() {
        let text = "一二三四五六七八九十，一二三四五六七八九十。（一二三四五六七八九）「十」全年完成12345.67万元";
        let rows = lines(text, 20);
        assert_eq!(rows[0], "一二三四五六七八九");
        for row in &rows[1..] {
            assert!(!row.starts_with(['，', '。', '）', '」']), "{rows:?}");
        }
        assert!(rows.iter().all(|r| !r.ends_with(['（', '「'])), "{rows:?}");
    }

    #[test]
    fn a_place_to_fill_stays_on_one_row_when_it_fits() {
        assert_eq!(
            lines("一二三四五六七八{年度}十", 20),
            ["一二三四五六七八", "{年度}十"]
        );
        assert_eq!(lines("第{卷次}卷", 20), ["第{卷次}卷"]);
        // Longer than a row: cut where it must be, as any run is.
        assert_eq!(
            lines("{一二三四五六七八九十}", 10),
            ["{一二三四", "五六七八九", "十}"]
        );
        // Not a place: an unclosed brace breaks as text does.
        assert_eq!(
            lines("一二三四五六七八{年度十", 20),
            ["一二三四五六七八{年", "度十"]
        );
    }

    #[test]
    fn indent_stays_on_the_first_row() {
        assert_eq!(lines("　　全年完成任务", 8), ["　　全年", "完成任务"]);
    }

    #[test]
    fn overlong_runs_are_cut_between_graphemes() {
        assert_eq!(
            lines("ABCDEFGHIJKLMNOPQRSTUVWXY", 10),
            ["ABCDEFGHIJ", "KLMNOPQRST", "UVWXY"]
        );
        assert_eq!(
            lines("https://example.com/a/b/c", 10),
            ["https://", "example.co", "m/a/b/c"]
        );
    }

    #[test]
    fn the_cache_gives_the_same_rows_as_wrap() {
        let cache = LayoutCache::default();
        let text = "共完成财政收入1.5亿元，全年新签约项目3个。";
        assert_eq!(&*cache.wrap(text, 20, N), wrap(text, 20, N).as_slice());
        assert_eq!(
            &*cache.wrap(text, 20, N),
            wrap(text, 20, N).as_slice(),
            "from the cache"
        );
        assert_eq!(
            &*cache.wrap(text, 10, N),
            wrap(text, 10, N).as_slice(),
            "another width"
        );
    }

    #[test]
    fn the_cache_stays_bounded_and_keeps_what_is_on_screen() {
        let cache = LayoutCache::default();
        let on_screen = "屏幕上一直显示的这一段。";
        let first = cache.wrap(on_screen, 20, N);
        // A long stretch of typing: a new version of a paragraph per key, the screen drawn each time.
        for i in 0..LayoutCache::CAPACITY * 3 {
            cache.wrap(&format!("正在输入的段落{i}"), 20, N);
            let again = cache.wrap(on_screen, 20, N);
            assert!(Rc::ptr_eq(&first, &again), "wrapped again after {i} keys");
        }
        let kept = cache.rows.borrow();
        assert!(kept.recent.len() + kept.older.len() <= 2 * LayoutCache::CAPACITY);
    }

    #[test]
    fn empty_text_has_one_empty_row() {
        assert_eq!(wrap("", 10, N), [Row { start: 0, end: 0 }]);
    }

    #[test]
    fn ambiguous_width_changes_where_rows_break() {
        let text = "“两个维护”要落实";
        assert_eq!(lines(text, 16).len(), 1);
        let wide: Vec<&str> = wrap(text, 16, Ambiguous::Wide)
            .iter()
            .map(|r| &text[r.start..r.end])
            .collect();
        assert_eq!(wide.len(), 2, "{wide:?}");
    }

    #[test]
    fn caret_maps_to_cells_and_back() {
        let text = "共完成财政收入1.5亿元，全年新签约项目3个。";
        let rows = wrap(text, 20, N);
        let at = text.find("元").unwrap();
        assert_eq!(
            caret_cell(text, &rows, at, N),
            (1, 0),
            "end of row 0 is start of row 1"
        );
        assert_eq!(caret_at(text, &rows, 1, 0, N), at);
        assert_eq!(caret_cell(text, &rows, text.len(), N), (2, 4));
    }

    #[test]
    fn a_column_inside_a_wide_glyph_puts_the_caret_before_it() {
        let text = "一二三";
        let rows = wrap(text, 20, N);
        assert_eq!(caret_at(text, &rows, 0, 3, N), "一".len());
        assert_eq!(caret_at(text, &rows, 0, 99, N), text.len());
    }

    #[test]
    fn past_the_end_of_a_middle_row_stays_on_that_row() {
        let text = "一二三四五六";
        let rows = wrap(text, 6, N);
        assert_eq!(rows.len(), 2);
        assert_eq!(caret_at(text, &rows, 0, 99, N), "一二".len());
    }

    fn chinese_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("述"),
                Just("职"),
                Just("，"),
                Just("。"),
                Just("（"),
                Just("）"),
                Just("“"),
                Just("”"),
                Just("1.5"),
                Just("12.6%"),
                Just(" "),
                Just("　"),
                Just("GDP"),
                Just("e\u{301}"),
                Just("👨‍👩‍👧"),
                Just("……"),
                Just("a"),
                Just("{"),
                Just("}"),
                Just("{年度}"),
            ],
            0..60,
        )
        .prop_map(|parts| parts.concat())
    }

    fn han_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                6 => Just("述"),
                6 => Just("职"),
                3 => Just("报"),
                1 => Just("，"),
                1 => Just("。"),
                1 => Just("（"),
                1 => Just("）"),
                1 => Just("“"),
                1 => Just("”"),
                1 => Just("1.5"),
                1 => Just("12.6%"),
                1 => Just(" "),
                1 => Just("　"),
                1 => Just("GDP"),
                1 => Just("https://example.com/a"),
                1 => Just("e\u{301}"),
                1 => Just("……"),
                1 => Just("-"),
                1 => Just("{"),
                1 => Just("}"),
                1 => Just("{年度}"),
                1 => Just("{具体项目名称}"),
            ],
            0..80,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn rows_laid_out_a_stretch_at_a_time_are_the_rows_of_the_whole_text(
            start in han_text(),
            edits in proptest::collection::vec(
                (any::<proptest::sample::Index>(), 0usize..6, han_text(), any::<proptest::sample::Index>()),
                0..6,
            ),
            width in 1usize..24,
            wide in any::<bool>(),
        ) {
            let amb = if wide { Ambiguous::Wide } else { N };
            let mut text = start;
            let mut rows = Rows::new();
            rows.complete(&text, width, amb);
            prop_assert_eq!(rows.laid_out().to_vec(), wrap(&text, width, amb));
            for (at, removed, inserted, want) in edits {
                let bounds: Vec<usize> =
                    text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
                let from = at.index(bounds.len());
                let to = (from + removed).min(bounds.len() - 1);
                text.replace_range(bounds[from]..bounds[to], &inserted);
                rows.edited(bounds[from]);
                let want = want.index(text.len() + 1);
                rows.reach_byte(&text, width, amb, want);
                let whole = wrap(&text, width, amb);
                let laid = rows.laid_out();
                prop_assert!(laid.len() <= whole.len());
                prop_assert_eq!(laid, &whole[..laid.len()], "after an edit at {}", bounds[from]);
                prop_assert!(rows.is_complete() || laid.last().is_some_and(|r| r.end > want));
            }
            rows.complete(&text, width, amb);
            prop_assert_eq!(rows.laid_out().to_vec(), wrap(&text, width, amb));
        }
    }

    proptest! {
        #[test]
        fn rows_cover_the_text_and_fit_the_width(text in chinese_text(), width in 0usize..30, wide in any::<bool>()) {
            let amb = if wide { Ambiguous::Wide } else { N };
            let rows = wrap(&text, width, amb);
            prop_assert_eq!(rows[0].start, 0);
            prop_assert_eq!(rows.last().unwrap().end, text.len());
            for pair in rows.windows(2) {
                prop_assert_eq!(pair[0].end, pair[1].start);
                prop_assert!(pair[0].start < pair[0].end, "no empty row but an empty paragraph's");
            }
            for row in &rows {
                let visible = text[row.start..row.end].trim_end_matches(' ');
                let one_grapheme = visible.graphemes(true).count() <= 1;
                prop_assert!(str_width(visible, amb) <= width.max(1) || one_grapheme, "{:?}", visible);
            }
        }

        #[test]
        fn every_caret_position_round_trips_through_its_cell(text in chinese_text(), width in 1usize..30) {
            let rows = wrap(&text, width, N);
            let boundaries = text.grapheme_indices(true).map(|(i, _)| i).chain([text.len()]);
            for at in boundaries {
                let (row, col) = caret_cell(&text, &rows, at, N);
                prop_assert_eq!(caret_at(&text, &rows, row, col, N), at, "row {} col {}", row, col);
            }
        }
    }
}
