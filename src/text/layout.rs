//! The one layout function: how a paragraph of Chinese text wraps into screen rows, and where a
//! caret sits on them.
//!
//! The editor and the preview both call [`wrap`] and map carets with [`caret_cell`] and
//! [`caret_at`], so what the writer edits wraps exactly as the preview shows it. Break
//! opportunities come from Unicode line breaking (UAX #14, via textwrap): no row starts with
//! `，。、；：？！）」`, an opening bracket stays with what follows it, `1.5` and `12.6%` stay whole.
//! Rows are filled first-fit, the way Word and WPS fill lines. A run longer than a row is split
//! between graphemes. Widths are display cells with the terminal's ambiguous width, never chars.

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
    let base = text.as_ptr() as usize;
    let mut pieces = Vec::new();
    for word in WordSeparator::UnicodeBreakProperties.find_words(text) {
        let start = word.word.as_ptr() as usize - base;
        let end = start + word.word.len();
        let end_with_space = end + word.whitespace.len();
        let space_width = str_width(word.whitespace, ambiguous) as f64;
        let word_width = str_width(word.word, ambiguous);
        if word_width <= width {
            pieces.push(Piece {
                start,
                end_with_space,
                width: word_width as f64,
                space_width,
            });
            continue;
        }
        // Too long for any row: cut it between graphemes into row-sized parts.
        let mut part_start = start;
        let mut part_width = 0;
        for (offset, grapheme) in word.word.grapheme_indices(true) {
            let g_width = str_width(grapheme, ambiguous);
            if part_width + g_width > width && part_width > 0 {
                let at = start + offset;
                pieces.push(Piece {
                    start: part_start,
                    end_with_space: at,
                    width: part_width as f64,
                    space_width: 0.0,
                });
                part_start = at;
                part_width = 0;
            }
            part_width += g_width;
        }
        pieces.push(Piece {
            start: part_start,
            end_with_space,
            width: part_width as f64,
            space_width,
        });
    }
    let mut rows: Vec<Row> = wrap_first_fit(&pieces, &[width as f64])
        .iter()
        .filter_map(|line| {
            Some(Row {
                start: line.first()?.start,
                end: line.last()?.end_with_space,
            })
        })
        .collect();
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
            ],
            0..60,
        )
        .prop_map(|parts| parts.concat())
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
