//! 词表规则: literal and regular-expression rules (错别字, 易混词, 语病, 数字用法, 称谓, 密级).
//!
//! A literal rule matches its `find` text; a regex rule its expression, the finding being its
//! group `x` when it has one (so a rule can look at what stands around without taking it in).
//! Either counts only when the text before the finding ends with one of `before` (when given)
//! and with none of `not_before`, and the text after it starts with one of `after` (when given)
//! and with none of `not_after`: `截止` is wrong before a date and right before `日期`.
//!
//! All literal rules are matched in one pass of an Aho–Corasick automaton, and the regex rules
//! are first tried together as one set, so checking stays fast however many rules there are.

use aho_corasick::AhoCorasick;
use regex::{Regex, RegexSet};

use super::rules::{LexRule, Pattern, Scope};
use super::{Finding, Place, ends_with_any, quoted, starts_with_any};
use crate::source::Diagnostic;

/// The literal and regex rules, compiled.
pub struct Lexicon {
    literals: Vec<LexRule>,
    automaton: AhoCorasick,
    regex_rules: Vec<LexRule>,
    regexes: Vec<Regex>,
    set: RegexSet,
}

impl Lexicon {
    /// Compiles `rules` but those switched off.
    pub fn new(rules: &[LexRule], off: &[String]) -> Result<Lexicon, Diagnostic> {
        let on = rules.iter().filter(|r| !off.contains(&r.id));
        let (literals, regex_rules): (Vec<LexRule>, Vec<LexRule>) = on
            .cloned()
            .partition(|r| matches!(r.pattern, Pattern::Literal(_)));
        let words = literals.iter().map(|r| match &r.pattern {
            Pattern::Literal(w) => w.as_str(),
            Pattern::Regex(_) => "",
        });
        let automaton = AhoCorasick::new(words)
            .map_err(|e| Diagnostic::new(format!("词表规则无法编译：{e}")))?;
        let sources: Vec<&str> = regex_rules
            .iter()
            .map(|r| match &r.pattern {
                Pattern::Regex(re) => re.as_str(),
                Pattern::Literal(_) => "",
            })
            .collect();
        let bad = |e: regex::Error| Diagnostic::new(format!("正则规则无法编译：{e}"));
        let regexes = sources
            .iter()
            .map(|s| Regex::new(s))
            .collect::<Result<_, _>>()
            .map_err(bad)?;
        let set = RegexSet::new(&sources).map_err(bad)?;
        Ok(Lexicon {
            literals,
            automaton,
            regex_rules,
            regexes,
            set,
        })
    }

    /// How many rules are on.
    pub fn len(&self) -> usize {
        self.literals.len() + self.regex_rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every finding of these rules in `text`, which sits at `place`.
    pub fn check(&self, text: &str, place: Place) -> Vec<Finding> {
        let mut found = Vec::new();
        for m in self.automaton.find_overlapping_iter(text) {
            let rule = &self.literals[m.pattern().as_usize()];
            if let Some(f) = finding(rule, text, m.start()..m.end(), place) {
                found.push(f);
            }
        }
        for i in self.set.matches(text).iter() {
            let rule = &self.regex_rules[i];
            for caps in self.regexes[i].captures_iter(text) {
                let Some(m) = caps.name("x").or_else(|| caps.get(0)) else {
                    continue;
                };
                if m.is_empty() {
                    continue;
                }
                if let Some(f) = finding(rule, text, m.range(), place) {
                    found.push(f);
                }
            }
        }
        found
    }

    /// Every rule, literal ones first: for the tests that run each rule's examples.
    pub fn rules(&self) -> impl Iterator<Item = &LexRule> {
        self.literals.iter().chain(&self.regex_rules)
    }
}

/// The finding of `rule` at `range` of `text`, when the conditions around it hold.
fn finding(
    rule: &LexRule,
    text: &str,
    range: std::ops::Range<usize>,
    place: Place,
) -> Option<Finding> {
    if rule.scope == Scope::Head && place != Place::Head {
        return None;
    }
    let before = &text[..range.start];
    let after = &text[range.end..];
    let holds = (rule.before.is_empty() || ends_with_any(before, &rule.before))
        && !ends_with_any(before, &rule.not_before)
        && (rule.after.is_empty() || starts_with_any(after, &rule.after))
        && !starts_with_any(after, &rule.not_after);
    if !holds {
        return None;
    }
    let matched = &text[range.clone()];
    let message = match (&rule.message, &rule.fix) {
        (Some(m), _) => m.clone(),
        (None, Some(fix)) if fix.is_empty() => format!("{}多余，宜删去", quoted(matched)),
        (None, Some(fix)) => format!("{}应为{}", quoted(matched), quoted(fix)),
        (None, None) => String::new(),
    };
    Some(Finding {
        rule: rule.id.clone(),
        level: rule.level,
        kind: rule.kind,
        range,
        text: matched.to_string(),
        message,
        fix: rule.fix.clone(),
    })
}
