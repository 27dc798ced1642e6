//! 重复: a clause written twice in a row (a slip of copying), one sentence in two places of the
//! report, and a phrase of four characters or more used so often it reads as padding.

use std::collections::HashMap;

use super::{Finding, Kind, Level};
use crate::text::count::is_han;

/// Ids of the rules in this module.
pub const RULES: &[&str] = &[CLAUSE, SENTENCE, PHRASE];
const CLAUSE: &str = "重复.连续分句";
const SENTENCE: &str = "重复.句子";
const PHRASE: &str = "重复.高频短语";

/// Shorter clauses may be repeated on purpose (`抓学习，抓学习`…).
const MIN_CLAUSE_CHARS: usize = 4;
/// Shorter sentences (a 套话 like `现将有关情况报告如下`) may stand in two places.
const MIN_SENTENCE_CHARS: usize = 12;
/// The length of a counted phrase.
const PHRASE_CHARS: usize = 4;

fn is_stop(c: char) -> bool {
    matches!(
        c,
        '，' | '；' | '。' | '、' | '！' | '？' | '：' | ',' | ';'
    )
}

/// A clause written twice in a row within `text`: the second one, with the mark before it, is
/// the range, and removing it is the fix.
pub fn in_paragraph(text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    // (start, end) of each clause, without its mark.
    let mut clauses: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if is_stop(c) {
            clauses.push((start, i));
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        clauses.push((start, text.len()));
    }
    for pair in clauses.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let first = text[a.0..a.1].trim();
        let second = text[b.0..b.1].trim();
        if first == second && first.chars().filter(|&c| is_han(c)).count() >= MIN_CLAUSE_CHARS {
            found.push(Finding {
                rule: CLAUSE.into(),
                level: Level::Error,
                kind: Kind::Repeat,
                range: a.1..b.1,
                text: text[a.1..b.1].to_string(),
                message: format!("“{first}”连写了两遍"),
                fix: Some(String::new()),
            });
        }
    }
    found
}

/// The sentences written twice and the phrases used more than `limit` times across the
/// report's paragraphs: `(index into paragraphs, finding)`. `exempt` holds what may recur
/// (the unit's name and the other field values).
pub fn across(paragraphs: &[&str], limit: usize, exempt: &[&str]) -> Vec<(usize, Finding)> {
    let mut found = Vec::new();
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    for (p, text) in paragraphs.iter().enumerate() {
        let mut start = 0;
        for (i, c) in text.char_indices().chain([(text.len(), '。')]) {
            if !matches!(c, '。' | '！' | '？' | '；') {
                continue;
            }
            let sentence = text[start..i].trim();
            let range_start = start;
            start = (i + c.len_utf8()).min(text.len());
            if sentence.chars().filter(|&c| is_han(c)).count() < MIN_SENTENCE_CHARS {
                continue;
            }
            if let Some(&earlier) = first_seen.get(sentence) {
                let lead = text[range_start..].len() - text[range_start..].trim_start().len();
                let at = range_start + lead;
                found.push((
                    p,
                    Finding {
                        rule: SENTENCE.into(),
                        level: Level::Suspect,
                        kind: Kind::Repeat,
                        range: at..at + sentence.len(),
                        text: sentence.to_string(),
                        message: format!("这句话在第 {} 段已经出现过", earlier + 1),
                        fix: None,
                    },
                ));
            } else {
                first_seen.insert(sentence, p);
            }
        }
    }
    found.extend(phrases(paragraphs, limit, exempt));
    found
}

/// Where a phrase is: (index into paragraphs, byte offset).
type Place = (usize, usize);

/// Phrases of [`PHRASE_CHARS`] Han characters or more used more than `limit` times: one finding
/// each, at the first use past the limit. Of overlapping phrases the longest is reported.
fn phrases(paragraphs: &[&str], limit: usize, exempt: &[&str]) -> Vec<(usize, Finding)> {
    // Every window of PHRASE_CHARS Han characters: its text and its places.
    // Each window's count and first place.
    let mut counts: HashMap<&str, (usize, Place)> = HashMap::new();
    for (p, text) in paragraphs.iter().enumerate() {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for w in chars.windows(PHRASE_CHARS) {
            if w.iter().all(|&(_, c)| is_han(c)) {
                let start = w[0].0;
                let last = w[PHRASE_CHARS - 1];
                let end = last.0 + last.1.len_utf8();
                counts.entry(&text[start..end]).or_insert((0, (p, start))).0 += 1;
            }
        }
    }
    let mut over: Vec<(&str, (usize, Place))> = counts
        .into_iter()
        .filter(|(w, (count, _))| *count > limit && !exempt.iter().any(|e| e.contains(w)))
        .collect();
    // Grow each window to the longest phrase used as often, then keep one of each family.
    let mut grown: Vec<(String, usize)> = Vec::new();
    over.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    for (word, (count, (p, mut at))) in over {
        if grown.iter().any(|(g, _)| g.contains(word)) {
            continue;
        }
        let text = paragraphs[p];
        let uses =
            |phrase: &str| -> usize { paragraphs.iter().map(|t| t.matches(phrase).count()).sum() };
        let mut end = at + word.len();
        loop {
            let right = text[end..].chars().next().filter(|&c| is_han(c));
            if let Some(c) = right
                && uses(&text[at..end + c.len_utf8()]) >= count
            {
                end += c.len_utf8();
                continue;
            }
            let left = text[..at].chars().next_back().filter(|&c| is_han(c));
            if let Some(c) = left
                && uses(&text[at - c.len_utf8()..end]) >= count
            {
                at -= c.len_utf8();
                continue;
            }
            break;
        }
        let phrase = text[at..end].to_string();
        if grown.iter().any(|(g, _)| g.contains(phrase.as_str())) {
            continue;
        }
        grown.retain(|(g, _)| !phrase.contains(g.as_str()));
        grown.push((phrase, count));
    }
    grown
        .into_iter()
        .filter_map(|(phrase, count)| {
            // The use past the limit, in reading order.
            let (p, at) = paragraphs
                .iter()
                .enumerate()
                .flat_map(|(p, t)| t.match_indices(phrase.as_str()).map(move |(at, _)| (p, at)))
                .nth(limit)?;
            Some((
                p,
                Finding {
                    rule: PHRASE.into(),
                    level: Level::Hint,
                    kind: Kind::Repeat,
                    range: at..at + phrase.len(),
                    message: format!("“{phrase}”全文用了 {} 次，可换个说法或删去一些", count),
                    text: phrase,
                    fix: None,
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clause_written_twice_in_a_row_is_removed_by_its_fix() {
        let text = "学用结合不够紧密，学用结合不够紧密，调查研究不够深入。";
        let found = in_paragraph(text);
        assert_eq!(found.len(), 1);
        let fixed = super::super::apply(text, &found[0]).unwrap();
        assert_eq!(fixed, "学用结合不够紧密，调查研究不够深入。");
        assert!(in_paragraph(&fixed).is_empty());
    }

    #[test]
    fn short_clauses_and_different_clauses_are_not_repeats() {
        assert!(in_paragraph("抓学习，抓学习，再抓学习。").is_empty());
        assert!(in_paragraph("学用结合不够紧密，调查研究不够深入。").is_empty());
    }

    #[test]
    fn a_sentence_in_two_paragraphs_is_flagged_where_it_comes_again() {
        let a = "全年组织集体学法十二次，带头参加法律知识考试。";
        let b = "　　全年组织集体学法十二次，带头参加法律知识考试。另起一句。";
        let found = across(&[a, "别的内容。", b], 100, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 2);
        assert_eq!(
            &b[found[0].1.range.clone()],
            "全年组织集体学法十二次，带头参加法律知识考试"
        );
    }

    #[test]
    fn a_phrase_used_too_often_is_one_hint_for_its_longest_form() {
        let p = "坚持以人民为中心，推进工作。";
        let paragraphs = vec![p; 7];
        let found = across(&paragraphs, 6, &[]);
        let phrases: Vec<_> = found
            .iter()
            .filter(|(_, f)| f.rule == PHRASE)
            .map(|(_, f)| f.text.as_str())
            .collect();
        assert!(phrases.contains(&"坚持以人民为中心"), "{phrases:?}");
        assert!(found.iter().all(|(_, f)| f.text != "人民为中"));
        assert!(
            across(&paragraphs[..6], 6, &[])
                .iter()
                .all(|(_, f)| f.rule != PHRASE)
        );
    }
}
