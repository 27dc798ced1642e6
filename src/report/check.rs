//! 检查: what is left to do before the report can be handed in: places to fill, empty parts,
//! required fields, the length, and punctuation slips in what the writer typed.

use super::{BlockKind, InlineKind, Report, heading_body, paragraph_body};
use crate::draft::Draft;
use crate::template::{Part, Template};
use crate::text::punctuation::{Finding, lint, lint_heading, lint_sequence};
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
    /// A punctuation or style slip ([`crate::text::punctuation`]) in the draft's own text.
    ///
    /// The finding's range is a byte range in the *draft's* text, so the wizard can jump to it
    /// and apply the fix there: for a paragraph (`paragraph: Some(n)`), in
    /// `&p[paragraph_body(part, p)]` where `p` is the n-th paragraph of the section as
    /// [`Section::paragraphs`](crate::draft::Section::paragraphs) gives it (the trimmed line,
    /// `{字段}` not filled in), i.e. after the ordinal the tool strips in numbered parts; for
    /// the heading (`paragraph: None`), in `&h[heading_body(h)]` of the draft's own heading
    /// (a template's heading is not checked).
    Punctuation(Finding),
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
    // An empty 署名 or 日期, unless a required field already says so.
    for line in report.signature.iter().flat_map(|s| [&s.name, &s.date]) {
        for inline in line {
            let key = crate::text::slots::braced_name(&inline.text);
            if let Some(kind) =
                unfilled(inline).filter(|_| !template.field(key).is_some_and(|f| f.required))
            {
                problems.push(Problem {
                    kind,
                    part: None,
                    paragraph: None,
                    context: format!("落款：{}", inline.text),
                });
            }
        }
    }
    for (index, part) in template.parts.iter().enumerate() {
        let mut slips = punctuation(draft, part, index).into_iter().peekable();
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
            while let Some(slip) = slips.next_if(|slip| slip.paragraph == paragraph) {
                problems.push(slip);
            }
        }
        // Every slip belongs to a block of the part; should one not, it is still listed.
        problems.extend(slips);
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

/// The punctuation slips of one part of the draft, heading first, then paragraph by paragraph,
/// each in order of place (see [`ProblemKind::Punctuation`] for what the ranges refer to).
/// A part with no text has none: it is not in the report.
fn punctuation(draft: &Draft, part: &Part, index: usize) -> Vec<Problem> {
    let Some(section) = draft.section(&part.id) else {
        return Vec::new();
    };
    let bodies: Vec<&str> = section
        .paragraphs()
        .map(|p| &p[paragraph_body(part, p)])
        .collect();
    if bodies.is_empty() {
        return Vec::new();
    }
    let problem = |paragraph: Option<usize>, text: &str, finding: Finding| Problem {
        context: context(text, finding.range.start, finding.range.len()),
        kind: ProblemKind::Punctuation(finding),
        part: Some(index),
        paragraph,
    };
    let mut problems = Vec::new();
    if let Some(heading) = &section.heading {
        let body = &heading[heading_body(heading)];
        problems.extend(
            lint_heading(body)
                .into_iter()
                .map(|f| problem(None, body, f)),
        );
    }
    // Points of a numbered part are numbered by the tool, so a typed run is followed only within
    // each; in a prose part it may run from paragraph to paragraph.
    let mut sequence: Vec<(usize, Finding)> = match part.points {
        Some(_) => (0..bodies.len())
            .flat_map(|i| {
                lint_sequence(&bodies[i..=i])
                    .into_iter()
                    .map(move |(_, f)| (i, f))
            })
            .collect(),
        None => lint_sequence(&bodies),
    };
    for (i, body) in bodies.iter().enumerate() {
        let mut findings = lint(body);
        findings.extend(sequence.extract_if(.., |(p, _)| *p == i).map(|(_, f)| f));
        findings.sort_by_key(|f| (f.range.start, f.range.end));
        problems.extend(findings.into_iter().map(|f| problem(Some(i + 1), body, f)));
    }
    problems
}

/// Applies the automatic fix of a punctuation problem to the draft's text. Returns false when
/// the problem has no fix or no longer matches the draft (it was edited since the check).
pub fn apply_fix(draft: &mut Draft, template: &Template, problem: &Problem) -> bool {
    let ProblemKind::Punctuation(finding) = &problem.kind else {
        return false;
    };
    let Some(fix) = &finding.fix else {
        return false;
    };
    let Some(part) = problem.part.and_then(|i| template.parts.get(i)) else {
        return false;
    };
    let Some(section) = draft.sections.get_mut(&part.id) else {
        return false;
    };
    let replace = |text: &mut String, start: usize| -> bool {
        let range = start + finding.range.start..start + finding.range.end;
        let ok = range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end);
        if ok {
            text.replace_range(range, fix);
        }
        ok
    };
    match problem.paragraph {
        None => match &mut section.heading {
            Some(heading) => {
                let start = heading_body(heading).start;
                replace(heading, start)
            }
            None => false,
        },
        Some(n) => {
            // The n-th paragraph is the n-th non-blank line, trimmed, as `Section::paragraphs`.
            let mut lines: Vec<String> = section.text.split('\n').map(String::from).collect();
            let Some(line) = lines.iter_mut().filter(|l| !l.trim().is_empty()).nth(n - 1) else {
                return false;
            };
            let lead = line.len() - line.trim_start().len();
            let start = lead + paragraph_body(part, line.trim()).start;
            let done = replace(line, start);
            if done {
                section.text = lines.join("\n");
            }
            done
        }
    }
}

/// 字数 of each part of the template, in order (headings included; empty parts count 0).
pub fn part_counts(template: &Template, report: &Report) -> Vec<WordCount> {
    (0..template.parts.len())
        .map(|index| part_count(report, index))
        .collect()
}

/// 字数 of part `index` (headings included).
pub fn part_count(report: &Report, index: usize) -> WordCount {
    report.blocks[report.part_range(index)]
        .iter()
        .map(|block| word_count(&block.full_text()))
        .sum()
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
    fn an_empty_signature_is_listed() {
        let registry = Registry::builtin();
        // A template with a 日期 field: the empty required field says it.
        let zongjie = registry.template("zongjie").unwrap();
        let draft = Draft::new(zongjie);
        let found = check(&draft, zongjie, &assemble(&draft, zongjie));
        assert!(
            found
                .iter()
                .any(|p| p.kind == ProblemKind::RequiredField("日期".into()))
        );
        assert!(
            !found.iter().any(|p| p.context.starts_with("落款")),
            "{found:?}"
        );
        // A draft that asks for a signature its template has no date for: the date is to fill.
        let dnqjl = registry.template("dnqjl").unwrap();
        let mut draft = Draft::new(dnqjl);
        draft.signature = Some(true);
        let found = check(&draft, dnqjl, &assemble(&draft, dnqjl));
        assert!(
            found.iter().any(
                |p| p.kind == ProblemKind::Slot("{日期}".into()) && p.context == "落款：{日期}"
            ),
            "{found:?}"
        );
    }

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

    fn slips(problems: &[Problem]) -> Vec<(Option<usize>, Option<usize>, &Finding)> {
        problems
            .iter()
            .filter_map(|p| match &p.kind {
                ProblemKind::Punctuation(f) => Some((p.part, p.paragraph, f)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn punctuation_slips_are_listed_with_a_range_in_the_drafts_text_after_the_ordinal() {
        let draft = "第一段。\n  二是{单位}全年完成任务,成效明显。";
        let p = problems(FIELDS, &[("duty", draft)]);
        let found = slips(&p);
        assert_eq!(found.len(), 1, "{p:?}");
        let (part, paragraph, finding) = found[0];
        assert_eq!((part, paragraph), (Some(2), Some(2)));
        let registry = Registry::builtin();
        let duty = registry.template("dnqjl").unwrap().part("duty").unwrap();
        let line = crate::draft::paragraphs(draft).nth(1).unwrap();
        let body = &line[crate::report::paragraph_body(duty, line)];
        assert_eq!(body, "{单位}全年完成任务,成效明显。");
        assert_eq!(&body[finding.range.clone()], ",");
        assert_eq!(p[0].context, "{单位}全年完成任务,成效明显。");
    }

    #[test]
    fn a_drafts_own_heading_is_checked_for_a_full_stop() {
        let registry = Registry::builtin();
        let template = registry.template("dnqjl").unwrap();
        let mut draft = Draft::new(template);
        for (k, v) in FIELDS {
            draft.fields.insert(k.to_string(), v.to_string());
        }
        for part in &template.parts {
            let heading = (part.id == "study").then(|| "二、加强学习。".to_string());
            let text = "有内容。".into();
            draft
                .sections
                .insert(part.id.clone(), Section { heading, text });
        }
        let p = check(&draft, template, &assemble(&draft, template));
        let found = slips(&p);
        assert_eq!(found.len(), 1, "{p:?}");
        assert_eq!((found[0].0, found[0].1), (Some(1), None));
        assert_eq!(found[0].2.rule, crate::text::punctuation::Rule::HeadingStop);
    }

    #[test]
    fn typed_sequences_are_followed_in_prose_parts_but_point_numbers_are_the_tools() {
        let p = problems(
            FIELDS,
            &[
                ("study", "一是学习。\n一是工作。\n三是生活。"),
                ("closing", "不足：一是学习不够。\n三是作风不实。"),
            ],
        );
        let found = slips(&p);
        assert_eq!(found.len(), 1, "{p:?}");
        assert_eq!((found[0].0, found[0].1), (Some(6), Some(2)));
        assert_eq!(found[0].2.fix.as_deref(), Some("二是"));
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

    #[test]
    fn a_punctuation_fix_is_applied_to_the_drafts_text() {
        let registry = Registry::builtin();
        let template = registry.template("dnqjl").unwrap();
        let mut draft = Draft::new(template);
        draft.sections.insert(
            "duty".into(),
            Section {
                heading: Some("二、抓项目。".into()),
                text: "甲。\n\n　　二是完成任务,效果好。。\n".into(),
            },
        );
        let report = assemble(&draft, template);
        let problems: Vec<Problem> = check(&draft, template, &report)
            .into_iter()
            .filter(|p| matches!(p.kind, ProblemKind::Punctuation(_)))
            .collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        for problem in problems.iter().rev() {
            assert!(apply_fix(&mut draft, template, problem));
        }
        let section = draft.section("duty").unwrap();
        assert_eq!(section.heading.as_deref(), Some("二、抓项目"));
        assert_eq!(section.text, "甲。\n\n　　二是完成任务，效果好。\n");
    }
}
