//! 校对: proofreading a report offline, from rule files shipped in `templates/rules/` that a
//! user or an administrator can extend, override by rule id, or switch off.
//!
//! Every rule gives [`Finding`]s of one type: the rule's id, a [`Level`] (必错 / 疑似 / 提示), a
//! [`Kind`] (密级, 提法, 规范表述, 错别字, 语病, 数字用法, 重复, 标点), the byte range in the checked
//! text, what is wrong, and where it is safe the text that replaces the range. The kinds:
//!
//! | kind | where the rules are | how they match |
//! |---|---|---|
//! | 提法 | `tifa.toml` ([`tifa`]) | a term used as this year's work outside the years it is current |
//! | 规范表述 | `formulas.toml` ([`formulas`]), `naming.toml` | a fixed formula out of order or with a word missing or changed; names and 称谓 |
//! | 错别字, 语病, 数字用法, 密级 | `typos.toml`, `confusables.toml`, `grammar.toml`, `numbers.toml`, `secrecy.toml` ([`lexicon`]) | a literal or a regular expression, with what may or may not come before or after it |
//! | 数字用法 | [`numbers`] | 汉字 and Arabic statistics mixed in a sentence, 万元 and 元 mixed in a list |
//! | 重复 | [`repeats`] | a clause twice in a row, one sentence in two places, a phrase used too often |
//! | 标点 | [`crate::text::punctuation`] | GB/T 15834 |
//!
//! Every rule in a rule file carries sentences it must flag and sentences it must pass; one test
//! runs them all. Nothing here knows about drafts or parts: [`crate::report::check`] decides
//! which text to check and where each finding is.

pub mod formulas;
pub mod lexicon;
pub mod numbers;
pub mod repeats;
pub mod rules;
pub mod tifa;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use crate::source::Diagnostic;
use crate::text::punctuation;

pub use rules::RuleFiles;

/// How sure a rule is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
pub enum Level {
    /// Wrong wherever it matches; its fix may be applied without reading.
    #[serde(rename = "必错")]
    Error,
    /// Probably wrong; the writer decides. A fix, when there is one, is applied one at a time.
    #[serde(rename = "疑似")]
    Suspect,
    /// Worth a look.
    #[serde(rename = "提示")]
    Hint,
}

impl Level {
    /// The label the writer sees.
    pub fn label(self) -> &'static str {
        match self {
            Level::Error => "必错",
            Level::Suspect => "疑似",
            Level::Hint => "提示",
        }
    }
}

/// What a finding is about; the review screen and `check` group findings by kind, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
pub enum Kind {
    #[serde(rename = "密级")]
    Secrecy,
    #[serde(rename = "提法")]
    Tifa,
    #[serde(rename = "规范表述")]
    Formula,
    #[serde(rename = "错别字")]
    Typo,
    #[serde(rename = "语病")]
    Grammar,
    #[serde(rename = "数字用法")]
    Number,
    #[serde(rename = "标点")]
    Punctuation,
    #[serde(rename = "重复")]
    Repeat,
}

impl Kind {
    /// Every kind, in the order findings are shown.
    pub const ALL: [Kind; 8] = [
        Kind::Secrecy,
        Kind::Tifa,
        Kind::Formula,
        Kind::Typo,
        Kind::Grammar,
        Kind::Number,
        Kind::Punctuation,
        Kind::Repeat,
    ];

    /// The label the writer sees.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Secrecy => "密级",
            Kind::Tifa => "提法",
            Kind::Formula => "规范表述",
            Kind::Typo => "错别字",
            Kind::Grammar => "语病",
            Kind::Number => "数字用法",
            Kind::Punctuation => "标点",
            Kind::Repeat => "重复",
        }
    }
}

/// One thing a rule found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule's id (`错别字.布署`, `提法.党纪学习教育`, `标点.半角`).
    pub rule: String,
    pub level: Level,
    pub kind: Kind,
    /// Byte range in the checked text.
    pub range: Range<usize>,
    /// The checked text's `range`, kept so a fix is applied only where the text is unchanged.
    pub text: String,
    /// What is wrong, and what to write, in Chinese.
    pub message: String,
    /// What replaces `range`; `None` when only the writer can mend it.
    pub fix: Option<String>,
}

impl Finding {
    /// A fix that may be applied with the others of its kind, unread: a 必错 rule's.
    pub fn is_safe(&self) -> bool {
        self.fix.is_some() && self.level == Level::Error
    }
}

/// What a check needs to know about the report beyond its text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// The year the report is about (the draft's 年度); 提法 are judged against it.
    pub year: Option<i32>,
}

/// Where a paragraph sits, for the rules that look only at titles and headings (密级).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The report's title, a heading, or the report's first paragraph (where a 密级 mark goes).
    Head,
    Body,
}

/// Every rule, compiled: what `check` and the review screen use.
pub struct Proofreader {
    lexicon: lexicon::Lexicon,
    tifa: tifa::Tifa,
    formulas: formulas::Formulas,
    /// Ids switched off; applies to the rules in code too.
    off: Vec<String>,
    /// A phrase used more often than this in one report is a finding.
    pub phrase_limit: usize,
}

/// A phrase of four characters or more used more than this many times is a 提示.
pub const PHRASE_LIMIT: usize = 10;

/// The folders whose rule files are laid over the built-in ones, in order: the `rules/` of
/// every data folder ([`crate::config::data_dirs`]: the system-wide ones, then the user's).
/// `shuzhi check`, `import` and the wizard all read the rules from here.
pub fn rule_folders() -> Vec<PathBuf> {
    crate::config::data_dirs()
        .into_iter()
        .map(|dir| dir.join("rules"))
        .collect()
}

impl std::fmt::Debug for Proofreader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Proofreader")
            .field("rules", &self.rule_count())
            .finish_non_exhaustive()
    }
}

impl Proofreader {
    /// The rules shipped in the binary, compiled once.
    pub fn builtin() -> &'static Arc<Proofreader> {
        static BUILTIN: OnceLock<Arc<Proofreader>> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Arc::new(
                Proofreader::new(&RuleFiles::builtin())
                    .expect("the built-in rule files are checked by the tests"),
            )
        })
    }

    /// The built-in rules with those of the [`rule_folders`] laid over them: what `check` and
    /// the wizard use (the wizard reads them once, when it starts).
    pub fn configured() -> Result<Proofreader, Diagnostic> {
        Proofreader::load(&rule_folders())
    }

    /// The built-in rules with the rule files in `folders` laid over them, in order (a
    /// system-wide folder first, then the user's): a rule with the id of an earlier one replaces
    /// it, and `off = [...]` switches rules off. A folder that does not exist holds nothing.
    pub fn load(folders: &[PathBuf]) -> Result<Proofreader, Diagnostic> {
        let mut files = RuleFiles::builtin();
        for folder in folders {
            files.add_folder(folder)?;
        }
        Proofreader::new(&files)
    }

    /// Compiles a set of rule files.
    pub fn new(files: &RuleFiles) -> Result<Proofreader, Diagnostic> {
        Ok(Proofreader {
            lexicon: lexicon::Lexicon::new(files.lexicon_rules(), &files.off)?,
            tifa: tifa::Tifa::new(files.terms(), &files.off),
            formulas: formulas::Formulas::new(files.formulas(), &files.off),
            off: files.off.clone(),
            phrase_limit: PHRASE_LIMIT,
        })
    }

    /// Whether the rule `id` is on.
    pub fn is_on(&self, id: &str) -> bool {
        !self.off.iter().any(|o| o == id)
    }

    /// How many rules are on, the rules in code included.
    pub fn rule_count(&self) -> usize {
        let code = numbers::RULES
            .iter()
            .chain(repeats::RULES)
            .chain(PUNCTUATION_RULES)
            .filter(|id| self.is_on(id))
            .count();
        self.lexicon.len() + self.tifa.len() + self.formulas.len() + code
    }

    /// Every finding in one paragraph (or heading) by the rules that look at one paragraph at a
    /// time: punctuation is left to the caller, which also follows 一是 runs across paragraphs.
    pub fn check_paragraph(&self, text: &str, place: Place, context: Context) -> Vec<Finding> {
        let mut findings = self.lexicon.check(text, place);
        findings.extend(self.tifa.check(text, context));
        findings.extend(self.formulas.check(text));
        findings.extend(
            numbers::check(text)
                .into_iter()
                .filter(|f| self.is_on(&f.rule)),
        );
        findings.extend(
            repeats::in_paragraph(text)
                .into_iter()
                .filter(|f| self.is_on(&f.rule)),
        );
        findings.sort_by_key(|f| (f.range.start, f.range.end));
        findings
    }

    /// The 提法 findings of a text for `year`: for `import --next-year`, which reads last year's
    /// report to write the next one.
    pub fn tifa(&self, text: &str, year: i32) -> Vec<Finding> {
        self.tifa.check(text, Context { year: Some(year) })
    }

    /// The 密级 markings in a report's title, headings and first paragraph (`head`) and in its
    /// body: the warning before any export.
    pub fn secrecy<'a>(
        &self,
        head: impl IntoIterator<Item = &'a str>,
        body: impl IntoIterator<Item = &'a str>,
    ) -> Vec<Finding> {
        let mut found = Vec::new();
        for (place, texts) in [(Place::Head, head.into_iter().collect::<Vec<_>>())]
            .into_iter()
            .chain([(Place::Body, body.into_iter().collect())])
        {
            for text in texts {
                found.extend(
                    self.lexicon
                        .check(text, place)
                        .into_iter()
                        .filter(|f| f.kind == Kind::Secrecy),
                );
            }
        }
        found
    }
}

/// The ids of the punctuation rules (in [`crate::text::punctuation`]), to switch them off.
pub const PUNCTUATION_RULES: &[&str] = &[
    "标点.半角",
    "标点.重复",
    "标点.不配对",
    "标点.空格",
    "标点.省略号",
    "标点.破折号",
    "标点.标题句号",
    "标点.标题接排",
    "标点.序号",
];

/// A punctuation slip of `text` as a finding.
pub fn from_punctuation(slip: punctuation::Finding, text: &str) -> Finding {
    use punctuation::Rule;
    let (rule, level) = match slip.rule {
        Rule::HalfWidth => ("标点.半角", Level::Error),
        Rule::Doubled => ("标点.重复", Level::Error),
        Rule::Unmatched => ("标点.不配对", Level::Suspect),
        Rule::Space => ("标点.空格", Level::Error),
        Rule::Ellipsis => ("标点.省略号", Level::Error),
        Rule::Dash => ("标点.破折号", Level::Error),
        Rule::HeadingStop => ("标点.标题句号", Level::Error),
        Rule::HeadingRunsOn => ("标点.标题接排", Level::Hint),
        Rule::Sequence => ("标点.序号", Level::Suspect),
    };
    Finding {
        rule: rule.to_string(),
        level,
        kind: Kind::Punctuation,
        text: text.get(slip.range.clone()).unwrap_or_default().to_string(),
        range: slip.range,
        message: slip.message,
        fix: slip.fix,
    }
}

/// `text` with `finding`'s fix applied; `None` when it has none or the text at its range is no
/// longer what the rule found.
pub fn apply(text: &str, finding: &Finding) -> Option<String> {
    let fix = finding.fix.as_ref()?;
    if text.get(finding.range.clone())? != finding.text {
        return None;
    }
    let mut out = text.to_string();
    out.replace_range(finding.range.clone(), fix);
    Some(out)
}

/// The sentence (between 。！？； or the ends) around `range` of `text`, as a byte range.
pub(crate) fn sentence_around(text: &str, range: &Range<usize>) -> Range<usize> {
    let ends = |c: char| matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';');
    let start = text[..range.start].rfind(ends).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text[range.end..]
        .find(ends)
        .map_or(text.len(), |i| range.end + i);
    start..end
}

/// `text` in quotation marks, its own marks turned to the inner ones: “‘八五’普法”.
pub fn quoted(text: &str) -> String {
    let inner: String = text
        .chars()
        .map(|c| match c {
            '“' => '‘',
            '”' => '’',
            c => c,
        })
        .collect();
    format!("“{inner}”")
}

/// Whether `text` ends with one of `words`.
pub(crate) fn ends_with_any(text: &str, words: &[String]) -> bool {
    words.iter().any(|w| text.ends_with(w.as_str()))
}

/// Whether `text` starts with one of `words`.
pub(crate) fn starts_with_any(text: &str, words: &[String]) -> bool {
    words.iter().any(|w| text.starts_with(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fired(findings: &[Finding], id: &str) -> bool {
        findings.iter().any(|f| f.rule == id)
    }

    /// Every example of every rule file: each `flags` sentence gives a finding of its rule, each
    /// `passes` sentence none, and a fixed `flags` sentence none either.
    #[test]
    fn every_rule_flags_its_examples_and_passes_its_counter_examples() {
        let files = RuleFiles::builtin();
        let proofreader = Proofreader::new(&files).unwrap();
        let mut failures = Vec::new();
        for rule in files.lexicon_rules() {
            let place = match rule.scope {
                rules::Scope::Head => Place::Head,
                rules::Scope::All => Place::Body,
            };
            if rule.flags.is_empty() || rule.passes.is_empty() {
                failures.push(format!("{}: needs flags and passes", rule.id));
            }
            for text in &rule.flags {
                let found = proofreader.lexicon.check(text, place);
                let mine: Vec<&Finding> = found.iter().filter(|f| f.rule == rule.id).collect();
                if mine.is_empty() {
                    failures.push(format!("{}: does not flag {text}", rule.id));
                }
                if let Some(f) = mine.first()
                    && f.fix.is_some()
                {
                    let fixed = apply(text, f).unwrap();
                    if fired(&proofreader.lexicon.check(&fixed, place), &rule.id) {
                        failures.push(format!("{}: still flags {fixed} after its fix", rule.id));
                    }
                }
            }
            for text in &rule.passes {
                if fired(&proofreader.lexicon.check(text, place), &rule.id) {
                    failures.push(format!("{}: flags {text}", rule.id));
                }
            }
        }
        for term in files.terms() {
            for ex in &term.flags {
                if !fired(&proofreader.tifa(&ex.text, ex.year), &term.id) {
                    failures.push(format!(
                        "{}: does not flag {} in {}",
                        term.id, ex.text, ex.year
                    ));
                }
            }
            for ex in &term.passes {
                if fired(&proofreader.tifa(&ex.text, ex.year), &term.id) {
                    failures.push(format!("{}: flags {} in {}", term.id, ex.text, ex.year));
                }
            }
            if term.flags.is_empty() || term.passes.is_empty() {
                failures.push(format!("{}: needs flags and passes", term.id));
            }
        }
        for formula in files.formulas() {
            for text in &formula.flags {
                let found = proofreader.formulas.check(text);
                match found.iter().find(|f| f.rule == formula.id) {
                    None => failures.push(format!("{}: does not flag {text}", formula.id)),
                    Some(f) => {
                        let fixed = apply(text, f).unwrap();
                        if fired(&proofreader.formulas.check(&fixed), &formula.id) {
                            failures.push(format!("{}: still flags {fixed}", formula.id));
                        }
                    }
                }
            }
            for text in &formula.passes {
                if fired(&proofreader.formulas.check(text), &formula.id) {
                    failures.push(format!("{}: flags {text}", formula.id));
                }
            }
            if formula.flags.is_empty() || formula.passes.is_empty() {
                failures.push(format!("{}: needs flags and passes", formula.id));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn rule_ids_are_unique_across_the_rule_files() {
        let files = RuleFiles::builtin();
        let mut ids: Vec<&str> = files
            .lexicon_rules()
            .iter()
            .map(|r| r.id.as_str())
            .chain(files.terms().iter().map(|t| t.id.as_str()))
            .chain(files.formulas().iter().map(|f| f.id.as_str()))
            .collect();
        let all = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all);
    }

    #[test]
    fn there_are_at_least_three_hundred_rules() {
        let count = Proofreader::builtin().rule_count();
        assert!(count >= 300, "{count} rules");
    }
}
