//! 检查: what is left to do before the report can be handed in: places to fill, empty parts,
//! required fields, the length, and what the proofreader ([`crate::proof`]) finds in what the
//! writer typed (密级 markings, 提法, 规范表述, 错别字, 语病, 数字用法, 标点, 重复).

use super::{BlockKind, InlineKind, Report, heading_body, paragraph_body};
use crate::draft::Draft;
use crate::proof::{self, Context, Finding, Kind, Level, Place, Proofreader, repeats};
use crate::template::{Part, Template};
use crate::text::punctuation::{lint, lint_heading, lint_sequence};
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
    /// What the proofreader found in the draft's own text ([`crate::proof`]); a 密级 marking
    /// of the title has no part.
    ///
    /// The finding's range is a byte range in the *draft's* text, so the wizard can jump to it
    /// and apply the fix there: for a paragraph (`paragraph: Some(n)`), in
    /// `&p[paragraph_body(part, p)]` where `p` is the n-th paragraph of the section as
    /// [`Section::paragraphs`](crate::draft::Section::paragraphs) gives it (the trimmed line,
    /// `{字段}` not filled in), i.e. after the ordinal the tool strips in numbered parts; for
    /// the heading (`paragraph: None`), in `&h[heading_body(h)]` of the draft's own heading
    /// (a template's heading is not checked).
    Finding(Finding),
}

impl Problem {
    /// The rule's id: a finding's, or one naming what is left to do (`待完成.待填`).
    pub fn rule(&self) -> &str {
        match &self.kind {
            ProblemKind::Finding(f) => &f.rule,
            ProblemKind::Slot(_) => "待完成.待填",
            ProblemKind::Stars(_) => "待完成.待填数字",
            ProblemKind::EmptyPart => "待完成.空白部分",
            ProblemKind::RequiredField(_) => "待完成.必填字段",
            ProblemKind::TooLong { .. } => "待完成.超过字数",
        }
    }

    /// How sure: a finding's level; what is left to do must be done (必错).
    pub fn level(&self) -> Level {
        match &self.kind {
            ProblemKind::Finding(f) => f.level,
            _ => Level::Error,
        }
    }

    /// The finding's kind; `None` for what is left to do.
    pub fn finding_kind(&self) -> Option<Kind> {
        match &self.kind {
            ProblemKind::Finding(f) => Some(f.kind),
            _ => None,
        }
    }

    /// What identifies a finding across checks, for remembering that the writer ignored it
    /// (`[state] ignored` in the draft): the rule, the part's id and the text found.
    pub fn key(&self, template: &Template) -> Option<String> {
        let ProblemKind::Finding(f) = &self.kind else {
            return None;
        };
        let part = self
            .part
            .and_then(|i| template.parts.get(i))
            .map_or("", |p| p.id.as_str());
        Some(format!("{}|{part}|{}", f.rule, f.text))
    }

    /// Whether the writer marked this finding 忽略 in `draft`.
    pub fn is_ignored(&self, draft: &Draft, template: &Template) -> bool {
        !draft.state.ignored.is_empty()
            && self
                .key(template)
                .is_some_and(|k| draft.state.ignored.contains(&k))
    }
}

/// Every problem of the draft by the built-in rules: see [`check_with`].
pub fn check(draft: &Draft, template: &Template, report: &Report) -> Vec<Problem> {
    check_with(draft, template, report, Proofreader::builtin())
}

/// Every problem of the draft, 密级 markings first, then in reading order: fields, the title,
/// part by part, the length, and last the repeats across the report. Findings the writer
/// marked 忽略 ([`ignore`]) are left out.
pub fn check_with(
    draft: &Draft,
    template: &Template,
    report: &Report,
    proofreader: &Proofreader,
) -> Vec<Problem> {
    let mut problems = check_all(draft, template, report, proofreader);
    problems.retain(|p| !p.is_ignored(draft, template));
    problems
}

/// Every problem of the draft as [`check_with`] gives them, those marked 忽略 included: for
/// the review screen, which shows them when asked.
pub fn check_all(
    draft: &Draft,
    template: &Template,
    report: &Report,
    proofreader: &Proofreader,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let title_text = report.title_text();
    for finding in proofreader.secrecy([title_text.as_str()], []) {
        problems.push(Problem {
            context: context(&title_text, finding.range.start, finding.range.len()),
            kind: ProblemKind::Finding(finding),
            part: None,
            paragraph: None,
        });
    }
    let context_of_year = Context {
        year: draft.field("年度").trim().parse().ok(),
    };
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
    let first_part = template.parts.iter().position(|p| {
        draft
            .section(&p.id)
            .is_some_and(|s| s.paragraphs().next().is_some())
    });
    for (index, part) in template.parts.iter().enumerate() {
        let head = Some(index) == first_part;
        // A heading that runs on keeps its full stop (see `Report::runs_on`).
        let runs_on = report.part_runs_on(index);
        let mut slips = findings(
            draft,
            part,
            index,
            proofreader,
            context_of_year,
            head,
            runs_on,
        )
        .into_iter()
        .peekable();
        let blocks: Vec<_> = report.blocks.iter().filter(|b| b.part == index).collect();
        // A part whose usual 字数 starts at 0 may be left out.
        if blocks.is_empty() && part.chars.is_none_or(|(min, _)| min > 0) {
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
                BlockKind::Paragraph { index } | BlockKind::SubHeading { index } => Some(index),
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
    problems.extend(repeats_across(draft, template, proofreader));
    // 密级 markings always come first, whatever part they are in.
    problems.sort_by_key(|p| p.finding_kind() != Some(Kind::Secrecy));
    problems
}

/// Marks `problem` 忽略 in the draft, so later checks leave it out. Returns false for what
/// cannot be ignored (a place to fill, an empty part…) or is ignored already.
pub fn ignore(draft: &mut Draft, template: &Template, problem: &Problem) -> bool {
    match problem.key(template) {
        Some(key) if !draft.state.ignored.contains(&key) => {
            draft.state.ignored.push(key);
            true
        }
        _ => false,
    }
}

/// Takes the 忽略 mark off `problem`: later checks list it again. False when it had none.
pub fn unignore(draft: &mut Draft, template: &Template, problem: &Problem) -> bool {
    let Some(key) = problem.key(template) else {
        return false;
    };
    let before = draft.state.ignored.len();
    draft.state.ignored.retain(|k| *k != key);
    draft.state.ignored.len() != before
}

/// The groups problems are listed in by `check` and on the review screen: 密级 first, then
/// what is left to do (`None`), then the proofreader's kinds in their order.
pub fn groups() -> impl Iterator<Item = Option<Kind>> {
    std::iter::once(Some(Kind::Secrecy)).chain([None]).chain(
        Kind::ALL
            .into_iter()
            .filter(|k| *k != Kind::Secrecy)
            .map(Some),
    )
}

/// What a group is called: the kind's label, or `待完成` for what is left to do.
pub fn group_label(group: Option<Kind>) -> &'static str {
    group.map_or(GROUP_TODO, Kind::label)
}

/// The group of what is left to do (places to fill, fields, empty parts, length).
pub const GROUP_TODO: &str = "待完成";

/// The body paragraphs of every part, as the proofreader sees them: `(part, paragraph, text)`.
fn bodies<'a>(draft: &'a Draft, template: &'a Template) -> Vec<(usize, usize, &'a str)> {
    let mut out = Vec::new();
    for (index, part) in template.parts.iter().enumerate() {
        if let Some(section) = draft.section(&part.id) {
            for (i, p) in section.paragraphs().enumerate() {
                out.push((index, i + 1, &p[paragraph_body(part, p)]));
            }
        }
    }
    out
}

/// Sentences written twice and phrases used too often, across the whole report.
fn repeats_across(draft: &Draft, template: &Template, proofreader: &Proofreader) -> Vec<Problem> {
    let bodies = bodies(draft, template);
    let texts: Vec<&str> = bodies.iter().map(|b| b.2).collect();
    let exempt: Vec<&str> = draft.fields.values().map(String::as_str).collect();
    repeats::across(&texts, proofreader.phrase_limit, &exempt)
        .into_iter()
        .filter(|(_, f)| proofreader.is_on(&f.rule))
        .map(|(i, mut finding)| {
            let (part, paragraph, text) = bodies[i];
            if finding.rule == "重复.句子" {
                // Say where the first one is in the writer's terms.
                if let Some(first) = texts.iter().position(|t| t.contains(finding.text.as_str())) {
                    let (p, n, _) = bodies[first];
                    finding.message =
                        format!("这句话在「{}」第 {n} 段已经写过", template.parts[p].step);
                }
            }
            Problem {
                context: context(text, finding.range.start, finding.range.len()),
                kind: ProblemKind::Finding(finding),
                part: Some(part),
                paragraph: Some(paragraph),
            }
        })
        .collect()
}

/// What the proofreader finds in one part of the draft, heading first, then paragraph by
/// paragraph, each in order of place (see [`ProblemKind::Finding`] for what the ranges refer
/// to). `head`: the part holds the report's first paragraph, where a 密级 marking goes. A part
/// with no text has none: it is not in the report.
fn findings(
    draft: &Draft,
    part: &Part,
    index: usize,
    proofreader: &Proofreader,
    year: Context,
    head: bool,
    runs_on: bool,
) -> Vec<Problem> {
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
        kind: ProblemKind::Finding(finding),
        part: Some(index),
        paragraph,
    };
    let with_text = |slips: Vec<crate::text::punctuation::Finding>, text: &str| -> Vec<Finding> {
        slips
            .into_iter()
            .map(|slip| proof::from_punctuation(slip, text))
            .filter(|f| proofreader.is_on(&f.rule))
            .collect()
    };
    let mut problems = Vec::new();
    if let Some(heading) = &section.heading {
        let body = &heading[heading_body(heading)];
        let slips = lint_heading(body, runs_on);
        let mut found = with_text(slips, body);
        found.extend(proofreader.check_paragraph(body, Place::Head, year));
        found.sort_by_key(|f| (f.range.start, f.range.end));
        problems.extend(found.into_iter().map(|f| problem(None, body, f)));
    }
    // Points of a numbered part are numbered by the tool, so a typed run is followed only within
    // each; in a prose part it may run from paragraph to paragraph.
    let mut sequence: Vec<(usize, crate::text::punctuation::Finding)> = match part.points {
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
        let mut slips = lint(body);
        slips.extend(sequence.extract_if(.., |(p, _)| *p == i).map(|(_, f)| f));
        let mut found = with_text(slips, body);
        let place = if head && i == 0 {
            Place::Head
        } else {
            Place::Body
        };
        found.extend(proofreader.check_paragraph(body, place, year));
        found.sort_by_key(|f| (f.range.start, f.range.end));
        problems.extend(found.into_iter().map(|f| problem(Some(i + 1), body, f)));
    }
    problems
}

/// Applies the fix of a finding to the draft's text. Returns false when the finding has no fix
/// or the draft's text there is no longer what was found (it was edited since the check).
pub fn apply_fix(draft: &mut Draft, template: &Template, problem: &Problem) -> bool {
    let ProblemKind::Finding(finding) = &problem.kind else {
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
        let ok = text.get(range.clone()) == Some(finding.text.as_str());
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

/// Applies every safe fix (those of 必错 rules) of `kind`, or of every kind when `None`, and
/// checks again until none is left (a fix may bring the next one into view): the review
/// screen's "fix all of this kind". Returns how many fixes were applied.
pub fn apply_safe_fixes(
    draft: &mut Draft,
    template: &Template,
    proofreader: &Proofreader,
    kind: Option<Kind>,
) -> usize {
    /// Enough rounds for a fix that uncovers another; a rule that undoes itself stops here.
    const ROUNDS: usize = 8;
    let mut applied = 0;
    for _ in 0..ROUNDS {
        let report = super::assemble(draft, template);
        let problems = check_with(draft, template, &report, proofreader);
        let mut safe: Vec<&Problem> = problems
            .iter()
            .filter(|p| match &p.kind {
                ProblemKind::Finding(f) => f.is_safe() && kind.is_none_or(|k| f.kind == k),
                _ => false,
            })
            .collect();
        // From the end of each paragraph back, so the ranges still to apply stay where they
        // were; of overlapping findings only the later one is applied in this round.
        safe.sort_by_key(|p| {
            let start = match &p.kind {
                ProblemKind::Finding(f) => f.range.start,
                _ => 0,
            };
            std::cmp::Reverse((p.part, p.paragraph, start))
        });
        let mut round = 0;
        let mut last: Option<(Option<usize>, Option<usize>, usize)> = None;
        for problem in safe {
            let ProblemKind::Finding(f) = &problem.kind else {
                continue;
            };
            let overlaps = last.is_some_and(|(part, paragraph, start)| {
                part == problem.part && paragraph == problem.paragraph && f.range.end > start
            });
            if !overlaps && apply_fix(draft, template, problem) {
                round += 1;
                last = Some((problem.part, problem.paragraph, f.range.start));
            }
        }
        if round == 0 {
            break;
        }
        applied += round;
    }
    applied
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

    /// A draft of `dnqjl` with `fields`, every part holding a line but those in `sections`.
    fn draft_with(
        fields: &[(&str, &str)],
        sections: &[(&str, &str)],
    ) -> (Draft, &'static Template) {
        let registry = Box::leak(Box::new(Registry::builtin()));
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
        (draft, template)
    }

    fn problems(fields: &[(&str, &str)], sections: &[(&str, &str)]) -> Vec<Problem> {
        let (draft, template) = draft_with(fields, sections);
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
                ProblemKind::Finding(f) if f.kind == Kind::Punctuation => {
                    Some((p.part, p.paragraph, f))
                }
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
    fn a_heading_with_a_full_stop_runs_on_with_a_hint_and_is_wrong_only_on_a_line_of_its_own() {
        let registry = Registry::builtin();
        let template = registry.template("dnqjl").unwrap();
        let mut draft = Draft::new(template);
        for (k, v) in FIELDS {
            draft.fields.insert(k.to_string(), v.to_string());
        }
        for part in &template.parts {
            let (heading, text) = match part.id.as_str() {
                // Runs on: `一、加强学习。有内容。` on one line, as the writer had it.
                "study" => (Some("二、加强学习。".to_string()), "有内容。"),
                // Over a sub-heading it stands alone, where a full stop is wrong.
                "duty" => (Some("三、履职尽责。".to_string()), "# 抓项目\n有内容。"),
                _ => (None, "有内容。"),
            };
            draft.sections.insert(
                part.id.clone(),
                Section {
                    heading,
                    text: text.into(),
                },
            );
        }
        let report = assemble(&draft, template);
        let txt = crate::report::export::Format::Txt.render(&report, &Default::default());
        let txt = String::from_utf8(txt).unwrap();
        assert!(txt.contains("\n一、加强学习。有内容。\n"), "{txt}");
        assert!(
            txt.contains("\n二、履职尽责。\n　　（一）抓项目\n"),
            "{txt}"
        );
        let p = check(&draft, template, &report);
        let found = slips(&p);
        assert_eq!(found.len(), 2, "{p:?}");
        // Where it runs on, a hint that says what it does and how to undo it.
        assert_eq!((found[0].0, found[0].1), (Some(1), None));
        assert_eq!(found[0].2.rule, "标点.标题接排");
        assert_eq!(found[0].2.level, crate::proof::Level::Hint);
        assert!(found[0].2.message.contains("第一段接排在标题后"), "{p:?}");
        assert_eq!((found[1].0, found[1].1), (Some(2), None));
        assert_eq!(found[1].2.rule, "标点.标题句号");
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
                heading: Some("二、抓项目,促发展".into()),
                text: "甲。\n\n　　二是完成任务,效果好。。\n".into(),
            },
        );
        let report = assemble(&draft, template);
        let problems: Vec<Problem> = check(&draft, template, &report)
            .into_iter()
            .filter(|p| matches!(&p.kind, ProblemKind::Finding(f) if f.kind == Kind::Punctuation))
            .collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        for problem in problems.iter().rev() {
            assert!(apply_fix(&mut draft, template, problem));
        }
        let section = draft.section("duty").unwrap();
        assert_eq!(section.heading.as_deref(), Some("二、抓项目，促发展"));
        assert_eq!(section.text, "甲。\n\n　　二是完成任务，效果好。\n");
    }

    fn draft_of(year: &str, sections: &[(&str, &str)]) -> (Draft, &'static Template) {
        let (mut draft, template) = draft_with(FIELDS, sections);
        draft.fields.insert("年度".into(), year.into());
        (draft, template)
    }

    fn findings_of(draft: &Draft, template: &Template) -> Vec<Problem> {
        check(draft, template, &assemble(draft, template))
            .into_iter()
            .filter(|p| matches!(p.kind, ProblemKind::Finding(_)))
            .collect()
    }

    fn tifa_messages(year: &str, text: &str) -> Vec<String> {
        let (draft, template) = draft_of(year, &[("study", text)]);
        findings_of(&draft, template)
            .into_iter()
            .filter_map(|p| match p.kind {
                ProblemKind::Finding(f) if f.kind == Kind::Tifa => Some(f.message),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_2026_report_doing_the_2024_campaign_is_told_what_to_write_and_a_2024_one_is_not() {
        let text = "扎实开展党纪学习教育，组织党员逐章学习条例。";
        let found = tifa_messages("2026", text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("宜写“巩固拓展深入贯彻中央八项规定精神学习教育成果”"),
            "{found:?}"
        );
        assert_eq!(tifa_messages("2024", text), Vec::<String>::new());
    }

    #[test]
    fn a_2026_report_pushing_the_eighth_law_plan_is_told_what_to_write_and_a_2024_one_is_not() {
        let text = "推进“八五”普法，举办法治讲座6场。";
        let found = tifa_messages("2026", text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("《法治宣传教育法》"), "{found:?}");
        assert!(found[0].contains("2021—2025年"), "{found:?}");
        assert_eq!(tifa_messages("2024", text), Vec::<String>::new());
    }

    #[test]
    fn a_term_in_a_sentence_about_the_past_is_not_a_tifa_finding() {
        for text in [
            "2024年开展党纪学习教育以来，纪律意识明显增强。",
            "去年推进“八五”普法，今年转入总结。",
        ] {
            assert_eq!(tifa_messages("2026", text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_secrecy_marking_comes_before_every_other_problem() {
        let (draft, template) = draft_of(
            "2026",
            &[
                ("opening", "秘密★1年\n本人认真布署全年工作。"),
                ("closing", "以上报告，请审议。"),
            ],
        );
        let problems = check(&draft, template, &assemble(&draft, template));
        assert_eq!(
            problems[0].finding_kind(),
            Some(Kind::Secrecy),
            "{problems:?}"
        );
        assert!(problems.iter().any(|p| p.rule() == "错别字.布署"));
    }

    #[test]
    fn an_ignored_finding_is_remembered_in_the_draft_and_left_out() {
        let (mut draft, template) = draft_of("2026", &[("duty", "认真布署全年工作。")]);
        let found = findings_of(&draft, template);
        let typo = found.iter().find(|p| p.rule() == "错别字.布署").unwrap();
        assert!(ignore(&mut draft, template, typo));
        assert!(!ignore(&mut draft, template, typo), "ignored twice");
        let saved = draft.to_toml(template);
        assert!(
            saved.contains("ignored = [\"错别字.布署|duty|布署\"]"),
            "{saved}"
        );
        let reread = Draft::parse(
            &crate::source::Source::new("草稿", saved),
            &Registry::builtin(),
        )
        .unwrap();
        assert!(
            findings_of(&reread, template)
                .iter()
                .all(|p| p.rule() != "错别字.布署")
        );
    }

    #[test]
    fn fixing_all_safe_findings_of_a_kind_leaves_the_others() {
        let (mut draft, template) = draft_of(
            "2026",
            &[(
                "duty",
                "认真布署全年工作,做为分管领导带头抓落实。超过500人以上参训。",
            )],
        );
        let proofreader = Proofreader::builtin();
        let applied = apply_safe_fixes(&mut draft, template, proofreader, Some(Kind::Typo));
        assert_eq!(applied, 2);
        let text = &draft.section("duty").unwrap().text;
        assert_eq!(
            text,
            "认真部署全年工作,作为分管领导带头抓落实。超过500人以上参训。"
        );
        apply_safe_fixes(&mut draft, template, proofreader, None);
        let text = &draft.section("duty").unwrap().text;
        assert_eq!(
            text,
            "认真部署全年工作，作为分管领导带头抓落实。超过500人参训。"
        );
        assert!(
            findings_of(&draft, template)
                .iter()
                .all(|p| !matches!(&p.kind, ProblemKind::Finding(f) if f.is_safe()))
        );
    }

    #[test]
    fn a_fix_is_not_applied_where_the_text_has_changed_since_the_check() {
        let (mut draft, template) = draft_of("2026", &[("duty", "认真布署全年工作。")]);
        let found = findings_of(&draft, template);
        let typo = found
            .iter()
            .find(|p| p.rule() == "错别字.布署")
            .unwrap()
            .clone();
        draft.sections.get_mut("duty").unwrap().text = "认真部署全年工作。".into();
        assert!(!apply_fix(&mut draft, template, &typo));
    }
}
