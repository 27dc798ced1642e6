//! The built-in templates and phrase banks as a writer meets them: every part offers enough
//! phrases to choose from, and no phrase is offered twice under two spellings.

use std::collections::{BTreeMap, BTreeSet};

use shuzhi::template::Registry;
use shuzhi::text::ordinal::split_ordinal;

/// The banks written together with the 述职述廉、述责述廉、个人总结 and 对照检查 templates; they
/// follow the writing rules of `templates/README.md` strictly.
const NEW_BANKS: [&str; 6] = [
    "causes",
    "meeting-prep",
    "problems",
    "rectification",
    "responsibility",
    "summary-work",
];

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{2010}'..='\u{2027}'   // – — ‘ ’ “ ” … ·
            | '\u{2030}'..='\u{205E}'
            | '\u{3000}'..='\u{303F}' // 　 、 。 《 》 「 」 【 】 〔 〕
            | '\u{FE10}'..='\u{FE6F}'
            | '\u{FF01}'..='\u{FF0F}' // ！ （ ） ， ．
            | '\u{FF1A}'..='\u{FF20}' // ： ； ？
            | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}' // ～
        )
}

/// A phrase with its punctuation and whitespace taken out: two phrases equal here say the same.
fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !is_punctuation(*c))
        .collect()
}

/// `(where it is, text)` of every phrase in the banks and in the templates themselves.
fn all_phrases(registry: &Registry) -> Vec<(String, String)> {
    let mut all = Vec::new();
    for bank in registry.banks() {
        for phrase in &bank.phrases {
            all.push((format!("素材库 {}", bank.id), phrase.text.clone()));
        }
    }
    for template in registry.templates() {
        for part in &template.parts {
            for phrase in &part.phrases {
                all.push((
                    format!("模板 {} 部分 {}", template.id, part.id),
                    phrase.text.clone(),
                ));
            }
        }
    }
    all
}

#[test]
fn every_part_of_every_builtin_template_offers_at_least_20_phrases() {
    let registry = Registry::builtin();
    assert_eq!(registry.templates().len(), 5);
    let mut thin = Vec::new();
    for template in registry.templates() {
        for part in &template.parts {
            let distinct: BTreeSet<&str> = registry
                .phrases(part)
                .map(|phrase| phrase.text.as_str())
                .collect();
            if distinct.len() < 20 {
                thin.push(format!("{}/{}: {}", template.id, part.id, distinct.len()));
            }
        }
    }
    assert!(
        thin.is_empty(),
        "parts with fewer than 20 phrases: {thin:?}"
    );
}

#[test]
fn the_builtin_phrases_number_at_least_600() {
    let registry = Registry::builtin();
    let distinct: BTreeSet<String> = all_phrases(&registry)
        .iter()
        .map(|(_, text)| normalise(text))
        .collect();
    assert!(distinct.len() >= 600, "only {} phrases", distinct.len());
}

#[test]
fn no_two_phrases_are_the_same_but_for_punctuation_and_spaces() {
    let registry = Registry::builtin();
    let mut seen: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut twice = Vec::new();
    for (place, text) in all_phrases(&registry) {
        let key = normalise(&text);
        if let Some((first_place, first_text)) = seen.get(&key) {
            twice.push(format!("{place}「{text}」 = {first_place}「{first_text}」"));
        } else {
            seen.insert(key, (place, text));
        }
    }
    assert!(
        twice.is_empty(),
        "phrases offered twice:\n{}",
        twice.join("\n")
    );
}

#[test]
fn every_bank_has_a_few_topics_and_no_numbered_or_starred_phrase() {
    let registry = Registry::builtin();
    for bank in registry.banks() {
        let topics: BTreeSet<&str> = bank.phrases.iter().map(|p| p.topic.as_str()).collect();
        assert!(
            (2..=5).contains(&topics.len()),
            "{}: {} topics",
            bank.id,
            topics.len()
        );
        assert!(
            bank.phrases.len() >= 30,
            "{}: {} phrases",
            bank.id,
            bank.phrases.len()
        );
        for phrase in &bank.phrases {
            assert!(!phrase.text.contains('*'), "{}: {}", bank.id, phrase.text);
            assert!(
                split_ordinal(&phrase.text).0.is_empty(),
                "{} begins with an ordinal: {}",
                bank.id,
                phrase.text
            );
        }
    }
}

#[test]
fn the_new_banks_follow_the_writing_rules() {
    let registry = Registry::builtin();
    for id in NEW_BANKS {
        let bank = registry.bank(id).unwrap_or_else(|| panic!("bank {id}"));
        let with_slots = bank.phrases.iter().filter(|p| p.text.contains('{')).count();
        assert!(
            3 * with_slots >= bank.phrases.len(),
            "{id}: only {with_slots} of {} phrases have a {{slot}}",
            bank.phrases.len()
        );
        for phrase in &bank.phrases {
            let text = &phrase.text;
            let chars = text.chars().count();
            assert!((15..=80).contains(&chars), "{id}: {chars} 字: {text}");
            assert!(
                !text
                    .chars()
                    .any(|c| c.is_ascii_punctuation() && c != '{' && c != '}'),
                "{id}: half-width punctuation in {text}"
            );
            assert!(text.ends_with('。'), "{id}: {text}");
        }
    }
}
