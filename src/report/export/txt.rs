//! Plain text (.txt), the contract of DESIGN.md: the title, a blank line, then one line per
//! heading or paragraph; paragraphs and sub-headings (（一）…) indented with two full-width
//! spaces; UTF-8 with `\n`.
//! A 姓名行 comes after that blank line with a blank line of its own, so the title stays the
//! first line; the 署名 and 日期 close the text after a blank line.

use crate::report::{BlockKind, Report, plain};

/// The customary indent of a body paragraph: two full-width spaces (空两格).
pub const INDENT: &str = "　　";

pub fn render(report: &Report) -> String {
    let mut out = report.title_text();
    out.push_str("\n\n");
    if let Some(byline) = &report.byline {
        out.push_str(&plain(byline));
        out.push_str("\n\n");
    }
    for (i, block) in report.blocks.iter().enumerate() {
        if report.runs_on(i) {
            out.pop();
        } else if let BlockKind::Paragraph { .. } | BlockKind::SubHeading { .. } = block.kind {
            out.push_str(INDENT);
        }
        out.push_str(&block.full_text());
        out.push('\n');
    }
    if let Some(signature) = &report.signature {
        out.push('\n');
        for line in [&signature.name, &signature.date] {
            out.push_str(&plain(line));
            out.push('\n');
        }
    }
    out
}
