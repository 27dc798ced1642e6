//! 检查: what is left to do before the report can be handed in.

use super::{BlockKind, InlineKind, Report};
use crate::draft::Draft;
use crate::template::Template;
use crate::text::{WordCount, word_count};

/// Characters of context shown on each side of a place to fill.
const CONTEXT_CHARS: usize = 12;

/// One thing to fix, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    /// Index of the template part, when the problem is inside one.
    pub part: Option<usize>,
    /// 1-based paragraph within the part; `None` for the heading or the part as a whole.
    pub paragraph: Option<usize>,
    /// The text around the spot, `…` where it was cut.
    pub context: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// A `{…}` still to fill (the braces included).
    Slot(String),
    /// A run of `*` still to fill.
    Stars(String),
    /// A part with no text.
    EmptyPart,
    /// A required field left empty (its label).
    RequiredField(String),
    /// The report's 字数 is over the template's limit.
    TooLong { words: usize, limit: usize },
}

/// Every problem of the draft, in reading order: fields, then the title, then part by part,
/// then the length.
pub fn check(draft: &Draft, template: &Template, report: &Report) -> Vec<Problem> {
    let mut problems = Vec::new();
    for field in &template.fields {
        if field.required && draft.field(&field.key).trim().is_empty() {
            problems.push(Problem {
                kind: ProblemKind::RequiredField(field.label.clone()),
                part: None,
                paragraph: None,
                context: String::new(),
            });
        }
    }
    let title = report.title_text();
    for (offset, inline) in offsets(&report.title) {
        if let Some(kind) = unfilled(inline) {
            problems.push(Problem {
                kind,
                part: None,
                paragraph: None,
                context: context(&title, offset, inline.text.len()),
            });
        }
    }
    for (index, part) in template.parts.iter().enumerate() {
        let blocks: Vec<_> = report.blocks.iter().filter(|b| b.part == index).collect();
        if blocks.is_empty() {
            problems.push(Problem {
                kind: ProblemKind::EmptyPart,
                part: Some(index),
                paragraph: None,
                context: part.heading.clone().unwrap_or_default(),
            });
        }
        for block in blocks {
            let text = block.full_text();
            let paragraph = match block.kind {
                BlockKind::Heading => None,
                BlockKind::Paragraph { index } => Some(index),
            };
            for (offset, inline) in offsets(&block.text) {
                if let Some(kind) = unfilled(inline) {
                    problems.push(Problem {
                        kind,
                        part: Some(index),
                        paragraph,
                        context: context(&text, block.ordinal.len() + offset, inline.text.len()),
                    });
                }
            }
        }
    }
    if let Some(limit) = template.max_chars {
        let words = report.word_count().words;
        if words > limit {
            problems.push(Problem {
                kind: ProblemKind::TooLong { words, limit },
                part: None,
                paragraph: None,
                context: String::new(),
            });
        }
    }
    problems
}

/// 字数 of each part of the template, in order (headings included; empty parts count 0).
pub fn part_counts(template: &Template, report: &Report) -> Vec<WordCount> {
    let mut counts = vec![WordCount::default(); template.parts.len()];
    for block in &report.blocks {
        if let Some(count) = counts.get_mut(block.part) {
            *count += word_count(&block.full_text());
        }
    }
    counts
}

fn unfilled(inline: &super::Inline) -> Option<ProblemKind> {
    match inline.kind {
        InlineKind::Slot => Some(ProblemKind::Slot(inline.text.clone())),
        InlineKind::Stars => Some(ProblemKind::Stars(inline.text.clone())),
        InlineKind::Plain => None,
    }
}

/// Each inline with its byte offset in the concatenated text.
fn offsets(inlines: &[super::Inline]) -> impl Iterator<Item = (usize, &super::Inline)> {
    inlines.iter().scan(0, |at, inline| {
        let start = *at;
        *at += inline.text.len();
        Some((start, inline))
    })
}

/// Up to `CONTEXT_CHARS` characters each side of `text[start..start + len]`.
fn context(text: &str, start: usize, len: usize) -> String {
    let before: Vec<char> = text[..start].chars().collect();
    let after: Vec<char> = text[start + len..].chars().collect();
    let from = before.len().saturating_sub(CONTEXT_CHARS);
    let to = after.len().min(CONTEXT_CHARS);
    format!(
        "{}{}{}{}{}",
        if from > 0 { "…" } else { "" },
        before[from..].iter().collect::<String>(),
        &text[start..start + len],
        after[..to].iter().collect::<String>(),
        if to < after.len() { "…" } else { "" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Section;
    use crate::report::assemble;
    use crate::template::Registry;

    fn problems(fields: &[(&str, &str)], sections: &[(&str, &str)]) -> Vec<Problem> {
        let registry = Registry::builtin();
        let template = registry.template("dnqjl").unwrap();
        let mut draft = Draft::new(template);
        for (k, v) in fields {
            draft.fields.insert(k.to_string(), v.to_string());
        }
        for part in &template.parts {
            draft.sections.insert(
                part.id.clone(),
                Section {
                    heading: None,
                    text: "有内容。".into(),
                },
            );
        }
        for (id, text) in sections {
            draft.sections.insert(
                id.to_string(),
                Section {
                    heading: None,
                    text: text.to_string(),
                },
            );
        }
        let report = assemble(&draft, template);
        check(&draft, template, &report)
    }

    const FIELDS: &[(&str, &str)] = &[
        ("年度", "2025"),
        ("姓名", "李四"),
        ("职务", "乡长"),
        ("单位", "柳溪乡"),
    ];

    #[test]
    fn a_complete_draft_has_no_problems() {
        assert_eq!(problems(FIELDS, &[]), []);
    }

    #[test]
    fn required_fields_left_empty_are_listed() {
        let p = problems(&FIELDS[..2], &[]);
        let kinds: Vec<_> = p.iter().map(|p| &p.kind).collect();
        assert_eq!(
            kinds,
            [
                &ProblemKind::RequiredField("职务".into()),
                &ProblemKind::RequiredField("单位".into())
            ]
        );
    }

    #[test]
    fn a_missing_year_shows_as_a_slot_in_the_title_too() {
        let p = problems(&FIELDS[1..], &[]);
        assert_eq!(p[1].kind, ProblemKind::Slot("{年度}".into()));
        assert_eq!(p[1].part, None);
    }

    #[test]
    fn slots_and_stars_are_listed_with_part_paragraph_and_context() {
        let p = problems(
            FIELDS,
            &[(
                "duty",
                "第一段。\n全年完成早稻播种面积*亩，同比增长{百分比}，粮食总产量稳定在较高水平。",
            )],
        );
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].kind, ProblemKind::Stars("*".into()));
        assert_eq!((p[0].part, p[0].paragraph), (Some(2), Some(2)));
        assert_eq!(
            p[0].context,
            "二是全年完成早稻播种面积*亩，同比增长{百分比}，…"
        );
        assert_eq!(p[1].kind, ProblemKind::Slot("{百分比}".into()));
        assert_eq!(
            p[1].context,
            "…稻播种面积*亩，同比增长{百分比}，粮食总产量稳定在较高水…"
        );
    }

    #[test]
    fn empty_parts_are_listed() {
        let p = problems(FIELDS, &[("ideology", ""), ("closing", " \n ")]);
        assert_eq!(p.len(), 2);
        assert!(p.iter().all(|p| p.kind == ProblemKind::EmptyPart));
        assert_eq!(p[0].part, Some(5));
    }

    #[test]
    fn over_the_limit_is_a_problem() {
        let long = "字".repeat(6000);
        let p = problems(FIELDS, &[("duty", &long)]);
        assert!(
            matches!(p[0].kind, ProblemKind::TooLong { limit: 5000, .. }),
            "{p:?}"
        );
    }
}
