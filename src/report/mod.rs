//! 报告: the assembled report, the one thing the preview and every export are drawn from.
//!
//! [`assemble`] turns a draft and its template into a [`Report`]: the title with fields filled,
//! the parts in order with their headings numbered 一、二、…, the points numbered 一是、二是…,
//! empty parts left out, `{字段}` replaced and the places still to fill marked. [`check`] lists
//! what is left to do. The exporters in [`export`] only lay the report out; they decide nothing.

mod assemble;
mod check;
pub mod export;
pub mod naming;
mod unfinished;

pub use assemble::{
    LineEdit, LineShape, assemble, heading_body, lead_paragraphs, paragraph_body, patch_paragraph,
    reassemble_part, template_title,
};
pub use check::{
    GROUP_TODO, Problem, ProblemKind, apply_fix, apply_safe_fixes, check, check_all, check_with,
    group_label, groups, ignore, part_count, part_counts, unignore,
};
/// The 密级 markings of one line of text (what the writing assistant refuses to send).
pub(crate) use unfinished::markings;
pub use unfinished::{Length, Unfinished, unfinished};

use std::ops::Range;

use crate::text::{WordCount, slots, word_count};

/// A report ready to show or write.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Report {
    pub title: Vec<Inline>,
    /// Where field values (a name, a post) lie in the title, as char ranges of
    /// [`Report::title_text`]: a long title is never broken inside one.
    pub title_fields: Vec<Range<usize>>,
    /// 姓名行: the line under the title naming the writer, when the report has one.
    pub byline: Option<Vec<Inline>>,
    pub blocks: Vec<Block>,
    /// The signature block (name, date), when the report has one.
    pub signature: Option<Signature>,
}

/// A heading or a paragraph of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Index of the template part it comes from.
    pub part: usize,
    /// The ordinal the tool put in front: `三、` for a heading, `（二）` for a sub-heading,
    /// `二是` for a point, or empty.
    pub ordinal: String,
    /// The text after the ordinal.
    pub text: Vec<Inline>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A level-1 heading (一、…).
    Heading,
    /// A body paragraph; `index` is its 1-based number within its part, as the writer sees it.
    Paragraph { index: usize },
    /// A sub-heading inside a part (（一）…), numbered by the tool; `index` as for a paragraph
    /// (its line among the part's paragraphs).
    SubHeading { index: usize },
}

/// A run of text, marked when it is a place still to fill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inline {
    pub text: String,
    pub kind: InlineKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InlineKind {
    Plain,
    /// `{…}` not filled: a slot, or a field left empty.
    Slot,
    /// A run of `*`: a figure still to fill.
    Stars,
}

/// 署名: who signs, and the date line, from the fields `姓名` and `日期` (a slot when the
/// template has no such field or it is empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    pub name: Vec<Inline>,
    pub date: Vec<Inline>,
}

impl Block {
    /// The ordinal and the text as one string, as it is written out.
    pub fn full_text(&self) -> String {
        let mut out = self.ordinal.clone();
        out.extend(self.text.iter().map(|i| i.text.as_str()));
        out
    }
}

/// Whether a heading's text ends a sentence, and so runs on into its part's first paragraph.
fn heading_runs_on(text: &str) -> bool {
    text.trim_end().ends_with(['。', '！', '？'])
}

/// How many of `blocks` are headings.
pub fn count_headings(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
        .count()
}

impl Report {
    /// Where the blocks of template part `index` are in `blocks` (blocks come in part order).
    pub fn part_range(&self, index: usize) -> std::ops::Range<usize> {
        let start = self.blocks.partition_point(|b| b.part < index);
        let end = self.blocks.partition_point(|b| b.part <= index);
        start..end
    }

    /// How many headings come before template part `index`: its own heading is numbered one more.
    pub fn headings_before(&self, index: usize) -> usize {
        count_headings(&self.blocks[..self.part_range(index).start])
    }

    /// Whether block `i` runs on after the heading before it, on the same line: a part's first
    /// paragraph after a heading that ends a sentence (`一、服从大局，坚定不移。对于……`), as the
    /// writer had it. A heading on its own line takes no full stop; one that runs on does.
    pub fn runs_on(&self, i: usize) -> bool {
        let (Some(heading), Some(block)) = (
            i.checked_sub(1).map(|h| &self.blocks[h]),
            self.blocks.get(i),
        ) else {
            return false;
        };
        heading.kind == BlockKind::Heading
            && heading.part == block.part
            && matches!(block.kind, BlockKind::Paragraph { .. })
            && heading_runs_on(&plain(&heading.text))
    }

    /// Whether template part `index` has a heading its first paragraph runs on after.
    pub fn part_runs_on(&self, index: usize) -> bool {
        let blocks = self.part_range(index);
        !blocks.is_empty() && self.runs_on(blocks.start + 1)
    }

    /// The title as one string.
    pub fn title_text(&self) -> String {
        plain(&self.title)
    }

    /// 字数 of the body: headings and paragraphs, not the title or signature.
    pub fn word_count(&self) -> WordCount {
        self.blocks.iter().map(|b| word_count(&b.full_text())).sum()
    }

    /// How many `{…}` slots and `*` runs are still to fill, title included.
    pub fn unfilled(&self) -> (usize, usize) {
        let all = self
            .title
            .iter()
            .chain(self.blocks.iter().flat_map(|b| b.text.iter()));
        all.fold((0, 0), |(slots, stars), inline| match inline.kind {
            InlineKind::Slot => (slots + 1, stars),
            InlineKind::Stars => (slots, stars + 1),
            InlineKind::Plain => (slots, stars),
        })
    }
}

/// Right indents, in half-字 (terminal cells in the preview, half an 一字 in the .docx), of the name line and the date line (GB/T 9704 §7.3.5.2 for an
/// unsealed document): the name 右空二字, and the date on the next line starting two 字 right of
/// the name's first character. When that would leave the date less than two 字 from the edge
/// (a date longer than the name less two 字, as with most personal names), the date goes 右空二字
/// and the name moves left just as far, so the date still starts two 字 right of it. We follow
/// the text of the standard here, not the older habit of centring the name over the date.
pub fn signature_indents(name: usize, date: usize) -> (usize, usize) {
    const TWO_CHARS: usize = 4;
    // The name 右空二字 puts its start 2 + name from the edge; the date starting two 字 right of
    // that ends `name - date` from the edge. Less than two 字 there: the date 右空二字 instead.
    let date_indent = name.saturating_sub(date).max(TWO_CHARS);
    // The name starts two 字 left of the date's start (date_indent + date from the edge).
    let name_indent = date_indent + date + TWO_CHARS - name;
    (name_indent, date_indent)
}

/// Concatenates inlines.
pub fn plain(inlines: &[Inline]) -> String {
    inlines.iter().map(|i| i.text.as_str()).collect()
}

/// Where the values [`inlines`] fills in from `field` lie in its result, as char ranges.
pub fn field_spans<'a>(text: &str, field: impl Fn(&str) -> Option<&'a str>) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut at = 0;
    for piece in slots::pieces(text) {
        let len = match piece {
            slots::Piece::Text(t) | slots::Piece::Stars(t) => t.chars().count(),
            slots::Piece::Braced(t) => match field(slots::braced_name(t)).filter(|v| !v.is_empty())
            {
                Some(value) => {
                    let len = value.chars().count();
                    spans.push(at..at + len);
                    len
                }
                None => t.chars().count(),
            },
        };
        at += len;
    }
    spans
}

/// Splits text into inlines, filling `{字段}` from `field` (`None` or empty: left as a slot).
pub fn inlines<'a>(text: &str, field: impl Fn(&str) -> Option<&'a str>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut push = |text: &str, kind: InlineKind| match out.last_mut() {
        Some(last) if last.kind == kind && kind == InlineKind::Plain => last.text.push_str(text),
        _ => out.push(Inline {
            text: text.to_string(),
            kind,
        }),
    };
    for piece in slots::pieces(text) {
        match piece {
            slots::Piece::Text(t) => push(t, InlineKind::Plain),
            slots::Piece::Stars(t) => push(t, InlineKind::Stars),
            slots::Piece::Braced(t) => match field(slots::braced_name(t)).filter(|v| !v.is_empty())
            {
                Some(value) => push(value, InlineKind::Plain),
                None => push(t, InlineKind::Slot),
            },
        }
    }
    out
}
