//! The live preview: the assembled `Report` (the same one every export is written from), wrapped
//! by the shared layout. The title is centred with the 姓名行 under it, headings stand apart in
//! bold, body paragraphs are indented two characters, the 署名 and 日期 sit at the right as in
//! the .docx, and places still to fill are highlighted.
//!
//! Only what is on screen is laid out: drawing starts at an anchor block and walks back only as
//! far as the scroll offset asks, so a long report costs no more per frame than a short one; and
//! a block's rows are remembered between frames, so typing re-wraps only the block that changed.
//! A very long block is laid out only as far down as the pane shows it, each frame afresh.

use std::ops::Range;
use std::rc::Rc;

use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use super::{Theme, styled_row};
use crate::report::export::INDENT;
use crate::report::{BlockKind, Inline, InlineKind, Report, plain, signature_indents};
use crate::text::layout::{LayoutCache, Row, Rows};
use crate::text::width::{Ambiguous, str_width};

/// A block longer than this is laid out only as far down as the pane shows it, when that is no
/// more than [`FEW_ROWS`] rows (see [`block_rows`]).
const LONG_BLOCK_BYTES: usize = 16 * 1024;
/// Rows of a long block laid out afresh rather than taken whole from the cache: a few screens.
const FEW_ROWS: usize = 400;

/// One thing the preview shows: the title, the 姓名行, a blank line, a block, or a line of
/// the signature.
#[derive(Clone, Copy)]
enum Item {
    Title,
    Byline,
    Gap,
    Block(usize),
    SignatureName,
    SignatureDate,
}

/// Where the preview is on screen and what frames it (see `view::Framing`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shown {
    pub area: ratatui::layout::Rect,
    /// The part's step it follows.
    pub step: usize,
    /// Rows scrolled from where it follows the caret.
    pub offset: isize,
    pub focused: bool,
}

/// Which part of the report a pane shows.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    pub width: usize,
    pub height: usize,
    /// The block to start from; `None` starts at the title.
    pub anchor: Option<usize>,
    /// Rows from the top of the anchor (negative: above it).
    pub offset: isize,
}

/// The preview lines for `window`, wrapped with the theme's ambiguous width.
pub fn lines(
    report: &Report,
    window: Window,
    theme: &Theme,
    cache: &LayoutCache,
) -> Vec<Line<'static>> {
    let Window {
        width,
        height,
        anchor,
        offset,
    } = window;
    let mut items = vec![Item::Title];
    if report.byline.is_some() {
        items.push(Item::Byline);
    }
    items.push(Item::Gap);
    let before_blocks = items.len();
    items.extend((0..report.blocks.len()).map(Item::Block));
    if report.signature.is_some() {
        items.extend([Item::Gap, Item::SignatureName, Item::SignatureDate]);
    }
    let mut start = anchor.map_or(0, |b| {
        (b + before_blocks).min(items.len().saturating_sub(1))
    });
    let mut skip = offset;
    while skip < 0 && start > 0 {
        start -= 1;
        skip += row_count(report, items[start], width, theme, cache) as isize;
    }
    let mut skip = skip.max(0) as usize;
    let mut out = Vec::with_capacity(height);
    for &item in &items[start..] {
        if out.len() >= height {
            break;
        }
        let (shown, rows) = render(
            report,
            item,
            width,
            theme,
            cache,
            skip..skip + height - out.len(),
        );
        skip = skip.saturating_sub(rows);
        out.extend(shown);
    }
    out
}

/// How many rows `item` takes.
fn row_count(
    report: &Report,
    item: Item,
    width: usize,
    theme: &Theme,
    cache: &LayoutCache,
) -> usize {
    match item {
        // Drawn on the heading's rows.
        Item::Block(i) if report.runs_on(i) => 0,
        Item::Block(i) => {
            let (text, _, _) = block_text(report, i, theme);
            block_rows(&text, width, theme.ambiguous(), cache, None).len()
        }
        _ => render(report, item, width, theme, cache, 0..usize::MAX).1,
    }
}

/// The rows of a block's text: all of them, or at least the first `wanted` (all, when it
/// has no more). A long block is laid out only as far as that, and afresh each time: it
/// changes with every key typed into it, and its versions would fill the cache.
fn block_rows(
    text: &str,
    width: usize,
    ambiguous: Ambiguous,
    cache: &LayoutCache,
    wanted: Option<usize>,
) -> Rc<[Row]> {
    match wanted {
        Some(wanted) if text.len() > LONG_BLOCK_BYTES && wanted <= FEW_ROWS => {
            let mut rows = Rows::new();
            rows.reach_rows(text, width, ambiguous, wanted);
            rows.laid_out().into()
        }
        _ => cache.wrap(text, width, ambiguous),
    }
}

/// A block's text as the preview shows it (with its ordinal, and a paragraph's indent), the
/// places to fill in it, and its style.
fn block_text(
    report: &Report,
    i: usize,
    theme: &Theme,
) -> (String, Vec<(Range<usize>, Style)>, Style) {
    let block = &report.blocks[i];
    let (lead, base) = match block.kind {
        BlockKind::Heading => (
            block.ordinal.clone(),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        BlockKind::Paragraph { .. } => (format!("{INDENT}{}", block.ordinal), Style::new()),
        BlockKind::SubHeading { .. } => (
            format!("{INDENT}{}", block.ordinal),
            Style::new().add_modifier(Modifier::BOLD),
        ),
    };
    let (mut text, mut styles) = styled_text(&lead, &block.text, theme);
    if report.runs_on(i + 1) {
        // The part's first paragraph on the heading's line; only the heading in bold.
        styles.insert(0, (0..text.len(), base));
        let next = &report.blocks[i + 1];
        let (rest, slots) = styled_text(&next.ordinal, &next.text, theme);
        let at = text.len();
        text.push_str(&rest);
        styles.extend(
            slots
                .into_iter()
                .map(|(r, s)| (r.start + at..r.end + at, s)),
        );
        return (text, styles, Style::new());
    }
    (text, styles, base)
}

/// The lines of `item` in `shown` (rows counted from its top), and how many rows it has, or at
/// least `shown.end` when it has more.
fn render(
    report: &Report,
    item: Item,
    width: usize,
    theme: &Theme,
    cache: &LayoutCache,
    shown: Range<usize>,
) -> (Vec<Line<'static>>, usize) {
    if let Item::Block(i) = item {
        if report.runs_on(i) {
            return (Vec::new(), 0);
        }
        let (text, styles, base) = block_text(report, i, theme);
        let rows = block_rows(&text, width, theme.ambiguous(), cache, Some(shown.end));
        let lines = rows
            .iter()
            .skip(shown.start)
            .take(shown.len())
            .map(|&row| styled_row(&text, row, &styles, base))
            .collect();
        return (lines, rows.len());
    }
    let lines = small_item(report, item, width, theme, cache);
    let rows = lines.len();
    (
        lines
            .into_iter()
            .skip(shown.start)
            .take(shown.len())
            .collect(),
        rows,
    )
}

/// The lines of an item that is not a block: the title, the 姓名行, a gap, the signature.
fn small_item(
    report: &Report,
    item: Item,
    width: usize,
    theme: &Theme,
    cache: &LayoutCache,
) -> Vec<Line<'static>> {
    let ambiguous = theme.ambiguous();
    match item {
        Item::Gap => vec![Line::raw("")],
        Item::Title => centred(
            &report.title,
            Style::new().add_modifier(Modifier::BOLD),
            width,
            theme,
            cache,
        ),
        Item::Byline => centred(
            report.byline.as_deref().unwrap_or_default(),
            Style::new(),
            width,
            theme,
            cache,
        ),
        Item::SignatureName | Item::SignatureDate => {
            let Some(signature) = &report.signature else {
                return Vec::new();
            };
            let (name, date) = (plain(&signature.name), plain(&signature.date));
            let (name_cells, date_cells) =
                (str_width(&name, ambiguous), str_width(&date, ambiguous));
            let (name_right, date_right) = signature_indents(name_cells, date_cells);
            let (inlines, used, right) = match item {
                Item::SignatureName => (&signature.name, name_cells, name_right),
                _ => (&signature.date, date_cells, date_right),
            };
            let (text, styles) = styled_text("", inlines, theme);
            let pad = " ".repeat(width.saturating_sub(used + right));
            let row = Row {
                start: 0,
                end: text.len(),
            };
            let mut line = styled_row(&text, row, &styles, Style::new());
            line.spans.insert(0, pad.into());
            vec![line]
        }
        Item::Block(_) => Vec::new(),
    }
}

/// Lines centred in `width`, wrapped by the shared layout.
fn centred(
    inlines: &[Inline],
    base: Style,
    width: usize,
    theme: &Theme,
    cache: &LayoutCache,
) -> Vec<Line<'static>> {
    let ambiguous = theme.ambiguous();
    let (text, styles) = styled_text("", inlines, theme);
    cache
        .wrap(&text, width, ambiguous)
        .iter()
        .map(|&row| {
            let used = str_width(&text[row.start..row.end], ambiguous);
            let pad = " ".repeat(width.saturating_sub(used) / 2);
            let mut line = styled_row(&text, row, &styles, base);
            line.spans.insert(0, pad.into());
            line
        })
        .collect()
}

/// `lead` followed by the inlines, with the byte ranges of places to fill styled.
fn styled_text(
    lead: &str,
    inlines: &[Inline],
    theme: &Theme,
) -> (String, Vec<(Range<usize>, Style)>) {
    let mut text = lead.to_string();
    let mut styles = Vec::new();
    for inline in inlines {
        let start = text.len();
        text.push_str(&inline.text);
        if inline.kind != InlineKind::Plain {
            styles.push((start..text.len(), theme.slot()));
        }
    }
    (text, styles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Draft;
    use crate::report::assemble;
    use crate::template::Registry;
    use crate::text::width::Ambiguous;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn a_long_paragraph_shows_the_rows_it_has_whole_wherever_the_pane_is_scrolled() {
        let registry = Registry::builtin();
        let template = registry.template("dnqjl").unwrap();
        let mut draft = Draft::new(template);
        let long = "全面贯彻落实党的二十届四中全会精神，扎实推进“十五五”开局之年各项工作。"
            .repeat(LONG_BLOCK_BYTES / 25);
        let section = crate::draft::Section {
            heading: None,
            text: format!("{long}\n全年工作有序推进。"),
        };
        draft.sections.insert("duty".into(), section);
        let report = assemble(&draft, template);
        let theme = Theme::new(false, Ambiguous::Wide);
        let cache = LayoutCache::default();
        let block = report
            .blocks
            .iter()
            .position(|b| b.ordinal == "一是")
            .unwrap();
        let all = 0..usize::MAX;
        let whole: Vec<String> = render(&report, Item::Block(block), 40, &theme, &cache, all)
            .0
            .iter()
            .map(text)
            .collect();
        assert!(whole.len() > 2 * FEW_ROWS, "{}", whole.len());
        let last = whole.len() as isize;
        for offset in [-3, 0, 7, FEW_ROWS as isize, last - 5] {
            let window = Window {
                width: 40,
                height: 12,
                anchor: Some(block),
                offset,
            };
            let shown: Vec<String> = lines(&report, window, &theme, &LayoutCache::default())
                .iter()
                .map(text)
                .collect();
            // Rows of the block above come first when it is scrolled above the block.
            let above = (-offset).max(0) as usize;
            let from = offset.max(0) as usize;
            let k = (12 - above).min(whole.len() - from);
            assert_eq!(
                shown[above..above + k],
                whole[from..from + k],
                "at {offset}"
            );
            assert!(shown.len() == 12 || from + k == whole.len(), "at {offset}");
        }
        // Typing in the paragraph after it: its last rows stand above.
        let window = Window {
            width: 40,
            height: 12,
            anchor: Some(block + 1),
            offset: -4,
        };
        let shown: Vec<String> = lines(&report, window, &theme, &cache)
            .iter()
            .map(text)
            .collect();
        assert_eq!(shown[..4], whole[whole.len() - 4..]);
        assert_eq!(shown[4].trim(), "二是全年工作有序推进。");
    }

    #[test]
    fn the_byline_is_centred_and_the_signature_sits_at_the_right_as_in_the_docx() {
        let registry = Registry::builtin();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/zongjie.toml");
        let mut draft = Draft::load(std::path::Path::new(path), &registry).unwrap();
        draft.byline = Some("{姓名}".into());
        let template = registry.template(&draft.template).unwrap();
        let report = assemble(&draft, template);
        let theme = Theme::new(false, Ambiguous::Narrow);
        let cache = LayoutCache::default();
        let shown = |anchor| -> Vec<String> {
            let window = Window {
                width: 40,
                height: 20,
                anchor,
                offset: 0,
            };
            lines(&report, window, &theme, &cache)
                .iter()
                .map(text)
                .collect()
        };
        let top = shown(None);
        assert_eq!(top[1].trim(), "王晓岚");
        assert_eq!(
            str_width(&top[1], Ambiguous::Narrow),
            17 + 6,
            "centred: (40 − 6) / 2 cells before it"
        );
        let end = shown(Some(report.blocks.len() - 1));
        let n = end.len();
        assert_eq!(end[n - 3], "", "a blank line before the signature");
        // 2025年12月26日 (14 cells) 右空二字; the name starts two 字 left of the date's start.
        assert_eq!(
            end[n - 1],
            format!("{}2025年12月26日", " ".repeat(40 - 14 - 4))
        );
        assert_eq!(end[n - 2], format!("{}王晓岚", " ".repeat(40 - 14 - 4 - 4)));
    }
}
