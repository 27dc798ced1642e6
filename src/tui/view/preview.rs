//! The live preview: the assembled `Report` (the same one every export is written from), wrapped
//! by the shared layout. The title is centred, headings stand apart in bold, body paragraphs are
//! indented two characters, and places still to fill are highlighted.
//!
//! Only what is on screen is laid out: drawing starts at an anchor block and walks back only as
//! far as the scroll offset asks, so a long report costs no more per frame than a short one; and
//! a block's rows are remembered between frames, so typing re-wraps only the block that changed.

use std::ops::Range;

use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use super::{Theme, styled_row};
use crate::report::export::INDENT;
use crate::report::{BlockKind, Inline, InlineKind, Report};
use crate::text::layout::LayoutCache;
use crate::text::width::str_width;

/// One thing the preview shows: the title, the blank line under it, or a block.
#[derive(Clone, Copy)]
enum Item {
    Title,
    Gap,
    Block(usize),
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
    let items: Vec<Item> = [Item::Title, Item::Gap]
        .into_iter()
        .chain((0..report.blocks.len()).map(Item::Block))
        .collect();
    let mut start = anchor.map_or(0, |b| (b + 2).min(items.len().saturating_sub(1)));
    let mut skip = offset;
    while skip < 0 && start > 0 {
        start -= 1;
        skip += render(report, items[start], width, theme, cache).len() as isize;
    }
    let mut skip = skip.max(0) as usize;
    let mut out = Vec::with_capacity(height);
    for &item in &items[start..] {
        if out.len() >= height {
            break;
        }
        for line in render(report, item, width, theme, cache) {
            if skip > 0 {
                skip -= 1;
            } else if out.len() < height {
                out.push(line);
            }
        }
    }
    out
}

fn render(
    report: &Report,
    item: Item,
    width: usize,
    theme: &Theme,
    cache: &LayoutCache,
) -> Vec<Line<'static>> {
    let ambiguous = theme.ambiguous();
    match item {
        Item::Gap => vec![Line::raw("")],
        Item::Title => {
            let (text, styles) = styled_text("", &report.title, theme);
            let bold = Style::new().add_modifier(Modifier::BOLD);
            cache
                .wrap(&text, width, ambiguous)
                .iter()
                .map(|&row| {
                    let used = str_width(&text[row.start..row.end], ambiguous);
                    let pad = " ".repeat(width.saturating_sub(used) / 2);
                    let mut line = styled_row(&text, row, &styles, bold);
                    line.spans.insert(0, pad.into());
                    line
                })
                .collect()
        }
        Item::Block(i) => {
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
            let (text, styles) = styled_text(&lead, &block.text, theme);
            cache
                .wrap(&text, width, ambiguous)
                .iter()
                .map(|&row| styled_row(&text, row, &styles, base))
                .collect()
        }
    }
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
