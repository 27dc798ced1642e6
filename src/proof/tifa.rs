//! 提法: a term that is this year's work only in some years (a 学习教育 campaign, a five-year
//! plan's first or last year, a 普法 plan, the latest 全会, the poverty transition period).
//!
//! A term in a report about a year outside its years is a finding with what to write instead,
//! unless its sentence speaks of the past (去年, 2024年 before the report's year, 以来, 此前, 曾…)
//! or holds one of the term's `ok_with` words (`巩固拓展…成果`). The report's year is the
//! draft's 年度; without one nothing is judged.

use aho_corasick::AhoCorasick;

use super::rules::Term;
use super::{Context, Finding, Kind, quoted, sentence_around};

/// Words that put a sentence in the past.
const PAST: &[&str] = &[
    "去年",
    "上年",
    "上一年",
    "前年",
    "以来",
    "此前",
    "之前",
    "曾经",
    "曾",
    "过去",
    "往年",
    "历年",
    "回顾",
    "当年",
    "那年",
    "期间",
    "时期",
    "已经完成",
    "圆满完成",
    "顺利完成",
    "总结验收",
];

/// The terms, compiled.
pub struct Tifa {
    terms: Vec<Term>,
    /// For each pattern of the automaton, the index of its term.
    owners: Vec<usize>,
    automaton: Option<AhoCorasick>,
}

impl Tifa {
    /// Compiles `terms` but those switched off.
    pub fn new(terms: &[Term], off: &[String]) -> Tifa {
        let terms: Vec<Term> = terms
            .iter()
            .filter(|t| !off.contains(&t.id))
            .cloned()
            .collect();
        let mut words = Vec::new();
        let mut owners = Vec::new();
        for (i, term) in terms.iter().enumerate() {
            for word in &term.words {
                let bare: String = word.chars().filter(|c| !matches!(c, '“' | '”')).collect();
                for w in [word.clone(), bare] {
                    if !w.is_empty() && !words.contains(&w) {
                        words.push(w);
                        owners.push(i);
                    }
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&words)
            .ok();
        Tifa {
            terms,
            owners,
            automaton,
        }
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// Every term of `text` used as work of `context.year` outside its years.
    pub fn check(&self, text: &str, context: Context) -> Vec<Finding> {
        let (Some(year), Some(automaton)) = (context.year, &self.automaton) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for m in automaton.find_iter(text) {
            let term = &self.terms[self.owners[m.pattern().as_usize()]];
            let range = m.start()..m.end();
            let current = year >= term.from && term.to.is_none_or(|to| year <= to);
            if current {
                continue;
            }
            let sentence = &text[sentence_around(text, &range)];
            if speaks_of_past(sentence, year)
                || term.ok_with.iter().any(|w| sentence.contains(w.as_str()))
            {
                continue;
            }
            let matched = &text[range.clone()];
            let years = match term.to {
                Some(to) if to == term.from => format!("{}年", term.from),
                Some(to) => format!("{}—{to}年", term.from),
                None => format!("{}年起", term.from),
            };
            let instead = match term.instead.get(&year.to_string()) {
                Some(wording) => Some(wording.as_str()),
                None if year < term.from => term.earlier.as_deref(),
                None => term.later.as_deref(),
            };
            let term_text = quoted(matched);
            let mut message = if year < term.from {
                format!("{term_text}是{years}的提法，{year}年还没有")
            } else {
                format!("{term_text}是{years}的提法，写{year}年的工作不宜再用")
            };
            if let Some(instead) = instead {
                message.push_str(&format!("；宜写{}", quoted(instead)));
            }
            message.push_str(&format!("（依据：{}）", term.source));
            found.push(Finding {
                rule: term.id.clone(),
                level: term.level,
                kind: Kind::Tifa,
                range,
                text: matched.to_string(),
                message,
                fix: None,
            });
        }
        found
    }
}

/// Whether `sentence` tells of the past for a report about `year`: a past-tense word, or a year
/// before `year` (`2024年`, `2024—2025年`).
fn speaks_of_past(sentence: &str, year: i32) -> bool {
    if PAST.iter().any(|w| sentence.contains(w)) {
        return true;
    }
    let chars: Vec<char> = sentence.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let digits: String = chars[start..i].iter().collect();
            let before_digit = start > 0 && chars[start - 1].is_ascii_digit();
            if digits.len() == 4
                && !before_digit
                && digits
                    .parse::<i32>()
                    .is_ok_and(|y| (1949..year).contains(&y))
                && matches!(chars.get(i), Some('年' | '—' | '-' | '至' | '～'))
            {
                return true;
            }
        } else {
            i += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_before_the_reports_puts_a_sentence_in_the_past() {
        assert!(speaks_of_past("2024年开展党纪学习教育", 2026));
        assert!(!speaks_of_past("2026年开展党纪学习教育", 2026));
        assert!(!speaks_of_past("投入资金2024万元开展党纪学习教育", 2026));
        assert!(speaks_of_past("此前开展党纪学习教育", 2026));
    }
}
