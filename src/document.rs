//! 一份打开的草稿: the draft, the template it follows, the report assembled from them and the
//! 字数 of each part, kept in step behind one door.
//!
//! Every change to the text goes through [`Document::apply`], which refreshes the report (only
//! the part that changed, when it can) and the counts, and bumps the revision a save compares
//! with. The text of a part lives here once, in the draft: an editor reads it paragraph by
//! paragraph ([`Document::part_text`]) and changes it by small edits ([`Edit::Splice`]: a
//! character typed, a paragraph split or joined, a paste), never by handing back a copy. Nothing here knows of the terminal: the wizard holds a `Document`, and so could any
//! other front end. It does not save, lock or check files (`draft`, `files` do that).

use std::ops::Range;
use std::sync::Arc;

use crate::draft::{Draft, Section, sub_heading};
use crate::proof::{Kind, Proofreader};
use crate::report::{self, LineEdit, LineShape, Problem, Report};
use crate::template::Template;
use crate::text::{WordCount, sanitize};

/// A place in a part's text: a paragraph (a line of the part's text) and a byte offset in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub para: usize,
    pub byte: usize,
}

/// A change to the draft's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// A field's value as typed (stored trimmed; empty clears it).
    Field { key: String, value: String },
    /// The report's title as typed: the draft's own (`title = "…"`), unless it is empty or the
    /// template's title as it stands, which means none of its own (the title then follows the
    /// fields again).
    Title(String),
    /// A part's text and the heading as it stands in the heading box (the template's own
    /// heading, or nothing, means no override).
    Part {
        index: usize,
        text: String,
        heading: String,
    },
    /// The suggested fix of a finding.
    Fix(Problem),
    /// Every safe fix of findings of one kind (of every kind when `None`), in one change.
    FixAll(Option<Kind>),
    /// A finding marked 忽略 (`true`) or no longer (`false`), in the draft's `[state]`.
    Ignore(Problem, bool),
    /// Another draft in its place (a recovery file taken).
    Replace(Draft),
    /// `text` in place of `range` of part `part`'s text: a `\n` in it starts a paragraph, and a
    /// range over the end of a paragraph joins it with the next. The text passes the sanitizer.
    Splice {
        part: usize,
        range: Range<Pos>,
        text: String,
    },
}

/// A part's text seen paragraph by paragraph: the lines of the draft's `text`, blank ones too.
/// A part without text has one empty paragraph.
#[derive(Clone, Copy, Debug)]
pub struct PartText<'a> {
    text: &'a str,
    /// Where each paragraph begins.
    starts: &'a [usize],
}

impl<'a> PartText<'a> {
    /// How many paragraphs (at least one).
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// Paragraph `i`, without its line break.
    pub fn paragraph(&self, i: usize) -> &'a str {
        let start = self.starts[i];
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |next| next - 1);
        &self.text[start..end]
    }

    pub fn paragraphs(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.count()).map(|i| self.paragraph(i))
    }

    /// The whole text, paragraphs joined by `\n`.
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// The byte offset in the whole text of a place, if it is one.
    pub fn offset(&self, pos: Pos) -> Option<usize> {
        let start = *self.starts.get(pos.para)?;
        let at = start.checked_add(pos.byte)?;
        let end = start + self.paragraph(pos.para).len();
        (at <= end && self.text.is_char_boundary(at)).then_some(at)
    }
}

/// Part `index`'s text in `draft`, paragraph by paragraph, `starts` being where they begin by part.
fn part_text<'a>(
    template: &Template,
    draft: &'a Draft,
    starts: &'a [Vec<usize>],
    index: usize,
) -> PartText<'a> {
    let text = template
        .parts
        .get(index)
        .and_then(|p| draft.sections.get(&p.id))
        .map_or("", |s| s.text.as_str());
    PartText {
        text,
        starts: &starts[index],
    }
}

/// Where the paragraphs of `text` begin.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// A part's text as the editor has it: sanitized, without the line break a draft's text ends
/// with (that is not an empty last paragraph to edit).
fn normalize(text: &mut String) {
    if let std::borrow::Cow::Owned(clean) = sanitize(text) {
        *text = clean;
    }
    let kept = text.trim_end_matches('\n').len();
    text.truncate(kept);
}

fn normalize_draft(draft: &mut Draft) {
    for section in draft.sections.values_mut() {
        normalize(&mut section.text);
    }
}

/// A draft open for editing, with its report always assembled from what it holds.
#[derive(Clone, Debug)]
pub struct Document {
    template: Arc<Template>,
    draft: Draft,
    report: Report,
    counts: Vec<WordCount>,
    total: WordCount,
    revision: u64,
    /// Where each paragraph of each part's text begins, by part (see [`PartText`]).
    starts: Vec<Vec<usize>>,
    /// The rules the draft is checked by.
    proofreader: Arc<Proofreader>,
}

impl Document {
    pub fn new(mut draft: Draft, template: Arc<Template>) -> Document {
        normalize_draft(&mut draft);
        let mut doc = Document {
            report: report::assemble(&draft, &template),
            template,
            draft,
            counts: Vec::new(),
            total: WordCount::default(),
            revision: 0,
            starts: Vec::new(),
            proofreader: Proofreader::builtin().clone(),
        };
        doc.recount();
        doc.index_all();
        doc
    }

    /// Part `index`'s text, paragraph by paragraph.
    pub fn part_text(&self, index: usize) -> PartText<'_> {
        part_text(&self.template, &self.draft, &self.starts, index)
    }

    fn index_part(&mut self, index: usize) {
        let id = &self.template.parts[index].id;
        let text = self.draft.sections.get(id).map_or("", |s| s.text.as_str());
        self.starts[index] = line_starts(text);
    }

    fn index_all(&mut self) {
        self.starts = vec![Vec::new(); self.template.parts.len()];
        for index in 0..self.template.parts.len() {
            self.index_part(index);
        }
    }

    pub fn template(&self) -> &Arc<Template> {
        &self.template
    }

    pub fn draft(&self) -> &Draft {
        &self.draft
    }

    /// The report as every export and the preview render it.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// 字数 of each part, in the template's order.
    pub fn counts(&self) -> &[WordCount] {
        &self.counts
    }

    /// 字数 of the whole report.
    pub fn total(&self) -> WordCount {
        self.total
    }

    /// Counts the changes made: a save notes the revision it wrote, so typing since is unsaved.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Checks the draft by `proofreader` from now on (the built-in rules until then).
    pub fn set_proofreader(&mut self, proofreader: Arc<Proofreader>) {
        self.proofreader = proofreader;
    }

    /// What `check` finds in the draft now.
    pub fn problems(&self) -> Vec<Problem> {
        report::check_with(&self.draft, &self.template, &self.report, &self.proofreader)
    }

    /// The same, the findings marked 忽略 included (see [`Problem::is_ignored`]).
    pub fn all_problems(&self) -> Vec<Problem> {
        report::check_all(&self.draft, &self.template, &self.report, &self.proofreader)
    }

    /// Notes the step to resume at (`fields`, a part id, `review`). Not a change to the text:
    /// the revision stays.
    pub fn set_resume_step(&mut self, step: &str) {
        if self.draft.state.step.as_deref() != Some(step) {
            self.draft.state.step = Some(step.to_string());
        }
    }

    /// Notes that the writer agreed to send this draft's text to the writing assistant, kept
    /// in the draft so it is asked once. Not a change to the text either.
    pub fn agree_to_assistant(&mut self) {
        self.draft.state.assistant_agreed = true;
    }

    /// Makes a change; says whether the draft changed. The report and the counts follow, and
    /// the revision goes up, only when it did.
    pub fn apply(&mut self, edit: Edit) -> bool {
        let part = match edit {
            Edit::Field { key, value } => {
                let value = value.trim();
                let changed = if value.is_empty() {
                    self.draft.fields.remove(&key).is_some()
                } else if self.draft.field(&key) != value {
                    self.draft.fields.insert(key, value.to_string());
                    true
                } else {
                    false
                };
                if !changed {
                    return false;
                }
                None
            }
            Edit::Title(typed) => {
                let typed = sanitize(&typed).replace('\n', "");
                let typed = typed.trim();
                let own = (!typed.is_empty()
                    && typed != report::template_title(&self.draft, &self.template))
                .then(|| typed.to_string());
                if own == self.draft.title {
                    return false;
                }
                self.draft.title = own;
                None
            }
            Edit::Part {
                index,
                text,
                heading,
            } => {
                if !self.set_part(index, text, &heading) {
                    return false;
                }
                Some(index)
            }
            Edit::Fix(problem) => {
                if !report::apply_fix(&mut self.draft, &self.template, &problem) {
                    return false;
                }
                match problem.part {
                    Some(index) => self.index_part(index),
                    None => self.index_all(),
                }
                problem.part
            }
            Edit::FixAll(kind) => {
                let mut draft = self.draft.clone();
                if report::apply_safe_fixes(&mut draft, &self.template, &self.proofreader, kind)
                    == 0
                {
                    return false;
                }
                self.draft = draft;
                self.index_all();
                None
            }
            Edit::Ignore(problem, on) => {
                let changed = if on {
                    report::ignore(&mut self.draft, &self.template, &problem)
                } else {
                    report::unignore(&mut self.draft, &self.template, &problem)
                };
                // Not a change to the text: the report and the counts stay as they are.
                if changed {
                    self.revision += 1;
                }
                return changed;
            }
            Edit::Replace(mut draft) => {
                normalize_draft(&mut draft);
                if draft == self.draft {
                    return false;
                }
                self.draft = draft;
                self.index_all();
                None
            }
            Edit::Splice { part, range, text } => {
                let clean = sanitize(&text);
                let shape = self.line_shape(part, &range, &clean);
                let Some(removed) = self.splice(part, range.clone(), &clean) else {
                    return false;
                };
                if let Some(shape) = shape
                    && self.patch(part, range.start, &removed, &clean, &shape)
                {
                    self.revision += 1;
                    return true;
                }
                Some(part)
            }
        };
        self.revision += 1;
        match part {
            Some(index)
                if report::reassemble_part(
                    &mut self.report,
                    &self.draft,
                    &self.template,
                    index,
                ) =>
            {
                self.counts[index] = report::part_count(&self.report, index);
                self.total = self.counts.iter().copied().sum();
            }
            _ => {
                self.report = report::assemble(&self.draft, &self.template);
                self.recount();
            }
        }
        true
    }

    /// The shape of the line a splice of `text` over `range` is made in, when it is made in one
    /// line and is no paragraph break: the report may then be patched rather than reassembled.
    fn line_shape(&self, index: usize, range: &Range<Pos>, text: &str) -> Option<LineShape> {
        let part = self.template.parts.get(index)?;
        let current = self.part_text(index);
        let one_line = range.start.para == range.end.para && range.start.para < current.count();
        if !one_line || text.contains('\n') {
            return None;
        }
        let sub_headed = (0..current.count()).any(|i| sub_heading(current.paragraph(i)).is_some());
        LineShape::of(part, current.paragraph(range.start.para), sub_headed)
    }

    /// Brings the report and the 字数 up to date with a splice made in one line, `removed`
    /// at `at` replaced by `inserted`, by patching the paragraph's block in place; false when
    /// that cannot be done and the part is to be reassembled.
    fn patch(
        &mut self,
        index: usize,
        at: Pos,
        removed: &str,
        inserted: &str,
        before: &LineShape,
    ) -> bool {
        let text = part_text(&self.template, &self.draft, &self.starts, index);
        let number = 1
            + (0..at.para)
                .filter(|&i| !text.paragraph(i).trim().is_empty())
                .count();
        let edit = LineEdit {
            part: index,
            number,
            at: at.byte,
            removed,
            inserted,
        };
        let part = &self.template.parts[index];
        let line = text.paragraph(at.para);
        let patched = report::patch_paragraph(&mut self.report, part, &edit, before, line);
        let Some((old, new)) = patched else {
            return false;
        };
        self.counts[index] = self.counts[index] - old + new;
        self.total = self.total - old + new;
        true
    }

    /// Puts `clean` (sanitized text) in place of `range` of part `index`'s text, and gives
    /// what it replaced; `None` when that changes nothing or the range is not in the text.
    fn splice(&mut self, index: usize, range: Range<Pos>, clean: &str) -> Option<String> {
        let part = self.template.parts.get(index)?;
        let current = self.part_text(index);
        let (Some(a), Some(b)) = (current.offset(range.start), current.offset(range.end)) else {
            return None;
        };
        if a > b || current.as_str()[a..b] == *clean {
            return None;
        }
        let removed = current.as_str()[a..b].to_string();
        let section = self.draft.sections.entry(part.id.clone()).or_default();
        section.text.replace_range(a..b, clean);
        if section.text.is_empty() && section.heading.is_none() {
            self.draft.sections.remove(&part.id);
        }
        let starts = &mut self.starts[index];
        let (first, last) = (range.start.para + 1, range.end.para + 1);
        let added: Vec<usize> = clean.match_indices('\n').map(|(i, _)| a + i + 1).collect();
        let after = first + added.len();
        starts.splice(first..last, added);
        let (removed_len, inserted) = (b - a, clean.len());
        for start in &mut starts[after..] {
            *start = *start + inserted - removed_len;
        }
        Some(removed)
    }

    /// Puts a part's text and heading into the draft; false when they were already so.
    fn set_part(&mut self, index: usize, text: String, heading: &str) -> bool {
        let Some(part) = self.template.parts.get(index) else {
            return false;
        };
        let heading = heading.trim();
        let heading = (part.heading.is_some()
            && !heading.is_empty()
            && Some(heading) != part.heading.as_deref())
        .then(|| heading.to_string());
        if text.trim().is_empty() && heading.is_none() {
            let removed = self.draft.sections.remove(&part.id).is_some();
            self.index_part(index);
            return removed;
        }
        let section = Section { heading, text };
        if self.draft.section(&part.id) == Some(&section) {
            return false;
        }
        self.draft.sections.insert(part.id.clone(), section);
        self.index_part(index);
        true
    }

    fn recount(&mut self) {
        self.counts = report::part_counts(&self.template, &self.report);
        self.total = self.counts.iter().copied().sum();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Registry;

    fn doc() -> Document {
        let registry = Registry::builtin();
        let template = registry.template("dnqjl").unwrap().clone();
        let mut draft = Draft::new(&template);
        draft.fields.insert("年度".into(), "2026".into());
        Document::new(draft, Arc::new(template))
    }

    fn part(index: usize, text: &str) -> Edit {
        Edit::Part {
            index,
            text: text.into(),
            heading: String::new(),
        }
    }

    #[test]
    fn typing_into_a_part_refreshes_its_report_and_count_and_bumps_the_revision() {
        let mut doc = doc();
        assert!(doc.apply(part(1, "坚持理论学习。\n注重调查研究。")));
        assert_eq!(doc.revision(), 1);
        let texts: Vec<String> = doc.report().blocks.iter().map(|b| b.full_text()).collect();
        assert_eq!(texts[1..], ["一是坚持理论学习。", "二是注重调查研究。"]);
        assert_eq!(
            doc.counts()[1].words,
            report::part_count(doc.report(), 1).words
        );
        assert_eq!(doc.total().words, doc.report().word_count().words);
    }

    #[test]
    fn the_same_text_again_is_no_change() {
        let mut doc = doc();
        doc.apply(part(0, "一年来，本人认真履职。"));
        assert!(!doc.apply(part(0, "一年来，本人认真履职。")));
        assert_eq!(doc.revision(), 1);
    }

    #[test]
    fn an_emptied_part_leaves_the_draft_and_later_headings_renumber() {
        let mut doc = doc();
        doc.apply(part(1, "坚持理论学习。"));
        doc.apply(part(2, "抓好项目建设。"));
        assert_eq!(doc.report().blocks[2].ordinal, "二、");
        doc.apply(part(1, "  "));
        assert!(doc.draft().section("study").is_none());
        assert_eq!(doc.report().blocks[0].ordinal, "一、");
    }

    #[test]
    fn the_templates_own_heading_is_not_stored_as_an_override() {
        let mut doc = doc();
        let own = doc.template().parts[1].heading.clone().unwrap();
        doc.apply(Edit::Part {
            index: 1,
            text: "坚持理论学习。".into(),
            heading: own,
        });
        assert_eq!(doc.draft().section("study").unwrap().heading, None);
        doc.apply(Edit::Part {
            index: 1,
            text: "坚持理论学习。".into(),
            heading: "加强学习，提高政治素质".into(),
        });
        assert_eq!(
            doc.draft().section("study").unwrap().heading.as_deref(),
            Some("加强学习，提高政治素质")
        );
    }

    #[test]
    fn a_field_is_stored_trimmed_and_an_empty_one_is_cleared() {
        let mut doc = doc();
        doc.apply(Edit::Field {
            key: "姓名".into(),
            value: " 周明远 ".into(),
        });
        assert_eq!(doc.draft().field("姓名"), "周明远");
        assert!(doc.apply(Edit::Field {
            key: "姓名".into(),
            value: String::new(),
        }));
        assert!(!doc.draft().fields.contains_key("姓名"));
    }

    #[test]
    fn a_typed_title_becomes_the_drafts_own_and_the_templates_again_means_none() {
        let mut doc = doc();
        doc.apply(Edit::Field {
            key: "年度".into(),
            value: "2026".into(),
        });
        let template_title = doc.report().title_text();
        assert!(doc.apply(Edit::Title(format!(
            " 县委办公室主任周明远{template_title} "
        ))));
        assert_eq!(
            doc.draft().title.as_deref(),
            Some(format!("县委办公室主任周明远{template_title}").as_str())
        );
        assert!(
            doc.report()
                .title_text()
                .starts_with("县委办公室主任周明远")
        );
        assert!(doc.apply(Edit::Title(template_title.clone())));
        assert_eq!(
            doc.draft().title,
            None,
            "the template's title is no title of its own"
        );
        doc.apply(Edit::Title("述职报告".into()));
        assert!(doc.apply(Edit::Title(String::new())));
        assert_eq!(doc.draft().title, None);
        assert_eq!(doc.report().title_text(), template_title);
    }

    #[test]
    fn the_resume_step_is_not_a_change_to_save() {
        let mut doc = doc();
        doc.set_resume_step("duty");
        assert_eq!(doc.draft().state.step.as_deref(), Some("duty"));
        assert_eq!(doc.revision(), 0);
    }

    /// The place of byte `at` of a part's text (at a char boundary).
    fn pos(text: &PartText, at: usize) -> Pos {
        let para = (0..text.count())
            .rfind(|&i| {
                text.offset(Pos { para: i, byte: 0 })
                    .is_some_and(|s| s <= at)
            })
            .unwrap_or(0);
        let start = text.offset(Pos { para, byte: 0 }).unwrap_or(0);
        Pos {
            para,
            byte: at - start,
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]
        #[test]
        fn the_report_and_the_counts_kept_up_by_edits_are_those_made_from_scratch(
            texts in proptest::collection::vec("[一二是、。 　学习甲a1.{}*＊#\n]{0,14}", 7),
            edits in proptest::collection::vec(
                (
                    0usize..7,
                    proptest::prelude::any::<proptest::sample::Index>(),
                    0usize..4,
                    proptest::prop_oneof![
                        4 => "[学习甲，a 1。]{0,3}",
                        1 => "[一是{}*＊#\n 姓名]{0,4}",
                    ],
                ),
                1..12,
            ),
        ) {
            use proptest::prelude::*;
            let registry = Registry::builtin();
            let template = Arc::new(registry.template("dnqjl").unwrap().clone());
            let mut draft = Draft::new(&template);
            draft.fields.insert("姓名".into(), "张三".into());
            for (part, text) in template.parts.iter().zip(&texts) {
                draft.sections.insert(part.id.clone(), Section { heading: None, text: text.clone() });
            }
            let mut doc = Document::new(draft, template.clone());
            let mut model: Vec<String> = (0..7).map(|i| doc.part_text(i).as_str().to_string()).collect();
            for (part, at, removed, inserted) in edits {
                let text = doc.part_text(part);
                let bounds: Vec<usize> = model[part]
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([model[part].len()])
                    .collect();
                let from = at.index(bounds.len());
                let to = (from + removed).min(bounds.len() - 1);
                let range = pos(&text, bounds[from])..pos(&text, bounds[to]);
                doc.apply(Edit::Splice { part, range, text: inserted.clone() });
                model[part].replace_range(bounds[from]..bounds[to], &inserted);
                prop_assert_eq!(doc.part_text(part).as_str(), model[part].as_str());
                let whole = report::assemble(doc.draft(), &template);
                prop_assert_eq!(doc.report(), &whole);
                let counts = report::part_counts(&template, &whole);
                prop_assert_eq!(doc.counts(), counts.as_slice());
                prop_assert_eq!(doc.total(), whole.word_count());
            }
        }
    }

    #[test]
    fn typing_after_an_ordinal_in_a_part_with_sub_headings_keeps_the_ordinal_as_typed() {
        // Beside a sub-heading a paragraph keeps its typed ordinal: "1." then "a" is "1.a".
        let mut doc = doc();
        let part = doc
            .template
            .parts
            .iter()
            .position(|p| p.id == "study")
            .unwrap();
        doc.apply(self::part(part, "1.\n#}是甲\n一"));
        let at = Pos { para: 0, byte: 2 };
        doc.apply(Edit::Splice {
            part,
            range: at..at,
            text: "a".into(),
        });
        assert_eq!(doc.report(), &report::assemble(doc.draft(), &doc.template));
        assert_eq!(doc.total(), doc.report().word_count());
    }

    #[test]
    fn a_replaced_draft_brings_its_own_report() {
        let mut doc = doc();
        let mut other = doc.draft().clone();
        other.sections.insert(
            "duty".into(),
            Section {
                heading: None,
                text: "全年完成任务。".into(),
            },
        );
        assert!(doc.apply(Edit::Replace(other)));
        assert!(
            doc.report()
                .blocks
                .iter()
                .any(|b| b.full_text() == "全年完成任务。")
        );
    }
}
