//! Phrase search: what `shuzhi phrases` prints and what the wizard's phrase panel shows.
//!
//! For now a phrase matches when every word of the query (split at spaces) occurs in its text or
//! its topic, ignoring ASCII case; results keep the order of the banks. Pinyin and ranking come
//! with the phrase-bank work, behind this same function.

use crate::template::Phrase;

/// The phrases among `phrases` that match `query`, in their order. An empty query matches all.
pub fn search<'a>(phrases: impl IntoIterator<Item = &'a Phrase>, query: &str) -> Vec<&'a Phrase> {
    let words = query_words(query);
    phrases.into_iter().filter(|p| matches(p, &words)).collect()
}

/// The same search, as indices into `phrases` (what the wizard's phrase panel keeps).
pub fn matching(phrases: &[Phrase], query: &str) -> Vec<usize> {
    let words = query_words(query);
    (0..phrases.len())
        .filter(|&i| matches(&phrases[i], &words))
        .collect()
}

fn query_words(query: &str) -> Vec<String> {
    query.split_whitespace().map(str::to_lowercase).collect()
}

fn matches(phrase: &Phrase, words: &[String]) -> bool {
    let text = phrase.text.to_lowercase();
    let topic = phrase.topic.to_lowercase();
    words
        .iter()
        .all(|w| text.contains(w.as_str()) || topic.contains(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase(text: &str, topic: &str) -> Phrase {
        Phrase {
            text: text.into(),
            topic: topic.into(),
        }
    }

    #[test]
    fn every_word_must_match_text_or_topic() {
        let bank = [
            phrase("严格落实中央八项规定精神。", "作风"),
            phrase("全年GDP增长{百分比}。", "经济"),
            phrase("坚持廉洁自律。", "廉洁"),
        ];
        let texts =
            |q: &str| -> Vec<&str> { search(&bank, q).iter().map(|p| p.text.as_str()).collect() };
        assert_eq!(texts("八项规定"), ["严格落实中央八项规定精神。"]);
        assert_eq!(texts("gdp 经济"), ["全年GDP增长{百分比}。"]);
        assert_eq!(texts("廉洁"), ["坚持廉洁自律。"]);
        assert_eq!(texts("").len(), 3);
        assert!(texts("没有这句").is_empty());
    }
}
