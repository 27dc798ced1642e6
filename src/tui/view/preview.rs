//! The live preview: the assembled `Report` (the same one every export is written from), wrapped
//! by the shared layout. The title is centred with the 姓名行 under it, headings stand apart in
//! bold, body paragraphs are indented two characters, the 署名 and 日期 sit at the right as in
//! the .docx, and places still to fill are highlighted.
//!
//! Only what is on screen is laid out: drawing starts at an anchor block and walks back only as
//! far as the scroll offset asks, so a long report costs no more per frame than a short one; and
//! a block's rows are remembered between frames, so typing re-wraps only the block that changed.

use std::ops::Range;

use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use super::{Theme, styled_row};
use crate::report::export::INDENT;
use crate::report::{BlockKind, Inline, InlineKind, Report, plain, signature_indents};
use crate::text::layout::{LayoutCache, Row};
use crate::text::width::str_width;

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
