//! Markdown (.md): `#` for the title, `##` for headings, `###` for sub-headings, paragraphs separated by blank lines and
//! indented with two full-width spaces as in the .txt (CommonMark does not treat them as
//! indentation, so a paragraph starting with a figure never becomes a list). Characters Markdown
//! would take as markup (`*` marking a figure to fill, `_`, brackets…) are escaped.

use super::txt::INDENT;
use crate::report::{BlockKind, Report, plain};

pub fn render(report: &Report) -> String {
    let mut out = format!("# {}\n", escape(&report.title_text()));
    if let Some(byline) = &report.byline {
        out.push('\n');
        out.push_str(&escape(&plain(byline)));
        out.push('\n');
    }
    for (i, block) in report.blocks.iter().enumerate() {
        if report.runs_on(i) {
            // After the heading, which is then a paragraph of its own in bold.
            out.pop();
            out.push_str("**");
        } else {
            out.push('\n');
            match block.kind {
                BlockKind::Heading if report.runs_on(i + 1) => out.push_str("**"),
                BlockKind::Heading => out.push_str("## "),
                BlockKind::SubHeading { .. } => out.push_str("### "),
                BlockKind::Paragraph { .. } => out.push_str(INDENT),
            }
        }
        out.push_str(&escape(&block.full_text()));
        out.push('\n');
    }
    if let Some(signature) = &report.signature {
        out.push('\n');
        out.push_str(&escape(&plain(&signature.name)));
        out.push_str("  \n");
        out.push_str(&escape(&plain(&signature.date)));
        out.push('\n');
    }
    out
}

/// Backslash-escapes the ASCII punctuation CommonMark may read as inline markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_and_markup_characters_are_escaped() {
        assert_eq!(
            escape("面积*亩，<b>_x_</b>"),
            "面积\\*亩，\\<b\\>\\_x\\_\\</b\\>"
        );
    }
}
