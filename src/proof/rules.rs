//! 规则文件: reading the rule files, the built-in ones and those of an administrator's or a
//! user's folder, into one set where a later rule with an earlier one's id replaces it.
//!
//! A rule file is TOML. Every key is optional:
//!
//! ```toml
//! kind = "错别字"          # the kind of the file's `rules`
//! level = "必错"           # their level, unless a rule says otherwise
//! off = ["错别字.其它"]     # rules switched off (any kind, by id)
//! rules = [                # literal or regular-expression rules (see `lexicon`)
//!   { find = "布署", fix = "部署", flags = ["认真布署全年工作"], passes = ["认真部署全年工作"] },
//! ]
//! [[term]]                 # 提法 by year (see `tifa`)
//! [[formula]]              # fixed formulas (see `formulas`)
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Kind, Level};
use crate::source::{Diagnostic, Source, io_diagnostic};

macro_rules! rule_file {
    ($id:literal) => {
        (
            concat!("内置/rules/", $id, ".toml"),
            include_str!(concat!("../../templates/rules/", $id, ".toml")),
        )
    };
}

/// `(name shown in messages, TOML text)` of each built-in rule file.
pub const BUILTIN: &[(&str, &str)] = &[
    rule_file!("tifa"),
    rule_file!("formulas"),
    rule_file!("naming"),
    rule_file!("typos"),
    rule_file!("confusables"),
    rule_file!("grammar"),
    rule_file!("numbers"),
    rule_file!("secrecy"),
];

/// Where a literal or regex rule looks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub enum Scope {
    /// Everywhere.
    #[default]
    #[serde(rename = "全文")]
    All,
    /// Only the title, the headings and the first paragraph.
    #[serde(rename = "标题")]
    Head,
}

/// A literal or regular-expression rule, its file's kind and level filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexRule {
    pub id: String,
    pub kind: Kind,
    pub level: Level,
    pub pattern: Pattern,
    /// Replaces the match (or the regex's group `x`).
    pub fix: Option<String>,
    pub message: Option<String>,
    /// The match counts only when the text before it ends with one of these…
    pub before: Vec<String>,
    /// …and not with one of these; likewise for the text after it.
    pub not_before: Vec<String>,
    pub after: Vec<String>,
    pub not_after: Vec<String>,
    pub scope: Scope,
    /// Sentences the rule must flag, and sentences it must leave alone.
    pub flags: Vec<String>,
    pub passes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pattern {
    Literal(String),
    /// A regular expression; its group `x`, when it has one, is the finding's range.
    Regex(String),
}

/// An example sentence of a 提法 term, with the year of the report it is in.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    pub year: i32,
    pub text: String,
}

/// A 提法: a term current in some years only.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: String,
    /// The wording and its variants; each is also matched without its “ ” quotes.
    pub words: Vec<String>,
    /// The first and last year it is this year's work; `to` absent: still current.
    pub from: i32,
    pub to: Option<i32>,
    /// What to write in a later year…
    pub later: Option<String>,
    /// …unless a year has its own wording here (`2025 = "深入贯彻中央八项规定精神学习教育"`).
    #[serde(default)]
    pub instead: std::collections::BTreeMap<String, String>,
    /// What to write instead before `from`.
    pub earlier: Option<String>,
    /// Words that, in the same sentence, make the term right in any year (`成果`).
    #[serde(default)]
    pub ok_with: Vec<String>,
    #[serde(default = "suspect")]
    pub level: Level,
    /// Where the years come from.
    pub source: String,
    pub flags: Vec<Example>,
    pub passes: Vec<Example>,
}

fn suspect() -> Level {
    Level::Suspect
}

/// A fixed formula: its items in their order.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Formula {
    pub id: String,
    /// What it is called (`四个意识`).
    pub name: String,
    pub items: Vec<String>,
    /// What stands between items (one fewer than the items); `、` when absent.
    pub seps: Option<Vec<String>>,
    pub source: String,
    pub flags: Vec<String>,
    pub passes: Vec<String>,
}

impl Formula {
    /// The formula written out.
    pub fn canonical(&self) -> String {
        let mut out = String::new();
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                let sep = self
                    .seps
                    .as_ref()
                    .and_then(|s| s.get(i - 1))
                    .map_or("、", String::as_str);
                out.push_str(sep);
            }
            out.push_str(item);
        }
        out
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    kind: Option<Kind>,
    level: Option<Level>,
    #[serde(default)]
    off: Vec<String>,
    #[serde(default)]
    rules: Vec<RawRule>,
    #[serde(default)]
    term: Vec<Term>,
    #[serde(default)]
    formula: Vec<Formula>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Option<String>,
    kind: Option<Kind>,
    level: Option<Level>,
    find: Option<String>,
    regex: Option<String>,
    fix: Option<String>,
    message: Option<String>,
    #[serde(default)]
    before: Vec<String>,
    #[serde(default)]
    not_before: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
    #[serde(default)]
    not_after: Vec<String>,
    #[serde(default)]
    scope: Scope,
    #[serde(default)]
    flags: Vec<String>,
    #[serde(default)]
    passes: Vec<String>,
}

/// Rule files read and laid one over the other.
#[derive(Clone, Debug, Default)]
pub struct RuleFiles {
    lexicon: Vec<LexRule>,
    terms: Vec<Term>,
    formulas: Vec<Formula>,
    /// Ids switched off.
    pub off: Vec<String>,
}

impl RuleFiles {
    /// The rule files compiled into the binary.
    pub fn builtin() -> RuleFiles {
        let mut files = RuleFiles::default();
        for (name, text) in BUILTIN {
            files
                .add(&Source::new(*name, *text))
                .expect("the built-in rule files are checked by the tests");
        }
        files
    }

    /// Adds every `*.toml` directly in `folder`, by name; a missing folder holds nothing.
    pub fn add_folder(&mut self, folder: &Path) -> Result<(), Diagnostic> {
        let entries = match std::fs::read_dir(folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(io_diagnostic(folder, &e)),
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            self.add(&Source::read(&path)?)?;
        }
        Ok(())
    }

    /// Adds one rule file: its rules replace those with the same id, its `off` list adds to
    /// the rules switched off.
    pub fn add(&mut self, source: &Source) -> Result<(), Diagnostic> {
        let raw: RawFile = source.parse_toml("规则文件")?;
        for rule in raw.rules {
            let kind = rule.kind.or(raw.kind).ok_or_else(|| {
                file_error(source, "规则没有写明类别")
                    .help("在文件开头写 `kind = \"错别字\"`，或在规则里写 `kind = …`")
            })?;
            let level = rule.level.or(raw.level).unwrap_or(Level::Suspect);
            let pattern = match (rule.find, rule.regex) {
                (Some(find), None) if !find.is_empty() => Pattern::Literal(find),
                (None, Some(regex)) => {
                    regex::Regex::new(&regex)
                        .map_err(|e| file_error(source, format!("规则的正则表达式写错了：{e}")))?;
                    Pattern::Regex(regex)
                }
                _ => {
                    return Err(file_error(
                        source,
                        "每条规则要有 `find`（原文）或 `regex`（正则）二者之一",
                    )
                    .help(format!("出问题的规则：{}", rule.id.unwrap_or_default())));
                }
            };
            let id = match (&rule.id, &pattern) {
                (Some(id), _) => id.clone(),
                (None, Pattern::Literal(find)) => format!("{}.{find}", kind.label()),
                (None, Pattern::Regex(regex)) => {
                    return Err(file_error(source, format!("正则规则 `{regex}` 没有 id"))
                        .help("正则规则要写 `id = \"类别.名称\"`"));
                }
            };
            if rule.fix.is_none() && rule.message.is_none() {
                return Err(file_error(
                    source,
                    format!("规则 `{id}` 既没有 `fix` 也没有 `message`"),
                )
                .help("没有自动修改的规则要用 `message` 说明问题和改法"));
            }
            let lex = LexRule {
                id,
                kind,
                level,
                pattern,
                fix: rule.fix,
                message: rule.message,
                before: rule.before,
                not_before: rule.not_before,
                after: rule.after,
                not_after: rule.not_after,
                scope: rule.scope,
                flags: rule.flags,
                passes: rule.passes,
            };
            replace_or_push(&mut self.lexicon, lex, |r| &r.id);
        }
        for term in raw.term {
            replace_or_push(&mut self.terms, term, |t| &t.id);
        }
        for formula in raw.formula {
            replace_or_push(&mut self.formulas, formula, |f| &f.id);
        }
        self.off.extend(raw.off);
        Ok(())
    }

    pub fn lexicon_rules(&self) -> &[LexRule] {
        &self.lexicon
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    pub fn formulas(&self) -> &[Formula] {
        &self.formulas
    }
}

fn replace_or_push<T>(list: &mut Vec<T>, item: T, id: impl Fn(&T) -> &String) {
    match list.iter().position(|old| id(old) == id(&item)) {
        Some(i) => list[i] = item,
        None => list.push(item),
    }
}

/// A problem with a rule file as a whole (not at one place in it).
fn file_error(source: &Source, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(message).in_file(&source.name)
}
