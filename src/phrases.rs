//! Phrase search: what `shuzhi phrases` prints and what the wizard's phrase panel shows.
//!
//! An [`Index`] is built once from a list of phrases (a part's, a template's, or all of them) and
//! then answers [`Index::search`] on every keystroke. The first search with a query looks up, for
//! each Han character of a phrase's text and topic, its pinyin without tones (the `pinyin`
//! crate), and keeps it for the searches after: once for each character met, each place it
//! stands holding only where and which (so the index stays a few times the size of the texts, not
//! fifty times), and each topic once however many phrases are filed under it. For a polyphone (多音字) the two most common
//! readings are kept, so `zhang`/`chang` both find 长 and `xing`/`hang` both find 行; `ü` may be
//! typed `v` or `u` (`lv`, `lu` → 律).
//!
//! # How a query matches
//!
//! The query is split at spaces into words; a phrase matches when **every** word matches its
//! text or its topic. A word matches in the best of these ways, each worth a number of points
//! (its [`Tier`]):
//!
//! | tier | points | how | example |
//! |---|---|---|---|
//! | [`Tier::Exact`] | 5 | the word occurs in the text (ASCII case and full-width forms ignored) | `八项规定`, `gdp` |
//! | [`Tier::Pinyin`] | 4 | full pinyin of a run of characters, the last syllable may be cut short | `lianjie`, `lianjiezilv`, `lianj` |
//! | [`Tier::Initials`] | 3 | the first letters of a run of characters | `ljzl` → 廉洁自律 |
//! | [`Tier::Topic`] | 2 | the word matches the phrase's topic, in any of the ways above | `作风`, `zuofeng` |
//! | [`Tier::Fuzzy`] | 1 | pinyin syllables and initials mixed (`lianjzl`), or the Han characters of the word in order with little between them (`八项精神` → 八项规定精神) | |
//!
//! Initials are those of the standard readings: 廉洁自律 is lián jié zì lǜ, so `ljzl` (not
//! `lzzl`, which is 廉政自律) finds it. Pinyin runs skip characters without pinyin
//! (punctuation, digits), so `ljzl` also finds 廉洁、自律. Pinyin only applies to words of ASCII
//! letters; any other word (Han, digits, `12.6%`) is matched as text.
//!
//! # Ranking
//!
//! Best first, by: the sum of the words' points; then how early in the phrase the words match
//! (sum of the character positions where each match starts); then the shorter phrase; then the
//! order of the banks. An empty query matches every phrase, in bank order.
//!
//! This is deliberately a small hand-written scorer rather than a general fuzzy matcher such as
//! nucleo: the ways writers search (pinyin, initials, a word they remember) are few, and fixed
//! tiers give an order a writer can predict. Timings are held by `benches/phrases.rs`.

use std::cell::OnceCell;
use std::collections::HashMap;

use pinyin::ToPinyinMulti;

use crate::template::Phrase;
use crate::text::count::is_han;

/// How many readings of a polyphone are indexed: the most common one and the next.
const READINGS_PER_CHAR: usize = 2;
/// The most spellings a syllable can have: two readings, each with a `v` and a `u` form of `ü`.
const MAX_SPELLINGS: usize = 4;
/// Longest ASCII word matched as pinyin (the matcher keeps its positions in a `u64`).
const MAX_PINYIN_WORD: usize = 63;
/// In a fuzzy Han match, how many characters may lie between the first and last found, per
/// character of the word.
const FUZZY_SPAN_PER_CHAR: usize = 2;

/// How well one word of the query matches a phrase; the variants' values are their points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Fuzzy = 1,
    Topic = 2,
    Initials = 3,
    Pinyin = 4,
    Exact = 5,
}

/// Phrases prepared for searching. Indices are positions in the list it was built from.
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// Each phrase's text as given, and its topic's place in `topics`.
    phrases: Vec<(String, usize)>,
    /// The topics, each once.
    topics: Vec<String>,
    /// The phrases folded and spelled out in pinyin, made on the first search that needs them:
    /// opening a step lists its phrases without paying for the pinyin of all of them.
    entries: OnceCell<Entries>,
}

/// The phrases and topics made searchable, and the pinyin their syllables refer to.
#[derive(Clone, Debug, Default)]
struct Entries {
    phrases: Vec<Entry>,
    topics: Vec<Searchable>,
    readings: Vec<Reading>,
}

/// What is kept of one phrase.
#[derive(Clone, Debug)]
struct Entry {
    text: Searchable,
    /// Its topic's place in [`Entries::topics`].
    topic: usize,
    /// Characters in the text, for "shorter phrases first".
    chars: usize,
}

/// A text folded for matching, with the pinyin of its characters.
#[derive(Clone, Debug, Default)]
struct Searchable {
    /// Lowercase, full-width ASCII forms folded to ASCII; one char for each char of the original.
    folded: String,
    /// The characters that have pinyin, in order.
    syllables: Vec<Syllable>,
}

/// A character with pinyin, where it stands.
#[derive(Clone, Copy, Debug)]
struct Syllable {
    /// Character position in the text.
    at: u32,
    /// Its pinyin's place in [`Entries::readings`].
    reading: u32,
}

/// The pinyin of one character.
#[derive(Clone, Copy, Debug)]
struct Reading {
    spellings: [&'static str; MAX_SPELLINGS],
    len: u8,
    /// The first letters of the spellings, as bits (`a` is bit 0).
    initials: u32,
}

/// How the letters of a word may be taken from syllables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Whole syllables; the last one may be cut short.
    Full,
    /// One letter, the first, from each syllable.
    Initials,
    /// Any non-empty beginning of each syllable.
    Mixed,
}

/// A word's match: its tier and the character position where it starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Hit {
    tier: Tier,
    at: usize,
}

impl Index {
    /// Keeps `phrases` for searching; their pinyin is looked up on the first search with a query,
    /// or by [`Index::prepare`].
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a Phrase>) -> Index {
        let mut topics: Vec<String> = Vec::new();
        let mut topic_at: HashMap<&str, usize> = HashMap::new();
        let phrases = phrases
            .into_iter()
            .map(|p| {
                let topic = *topic_at.entry(&p.topic).or_insert_with(|| {
                    topics.push(p.topic.clone());
                    topics.len() - 1
                });
                (p.text.clone(), topic)
            })
            .collect();
        Index {
            phrases,
            topics,
            entries: OnceCell::new(),
        }
    }

    /// Looks up the pinyin now rather than on the first search.
    pub fn prepare(&self) {
        self.entries();
    }

    fn entries(&self) -> &Entries {
        self.entries.get_or_init(|| {
            let mut readings = Readings::default();
            let phrases = self
                .phrases
                .iter()
                .map(|(text, topic)| Entry {
                    text: Searchable::new(text, &mut readings),
                    topic: *topic,
                    chars: text.chars().count(),
                })
                .collect();
            let topics = self
                .topics
                .iter()
                .map(|topic| Searchable::new(topic, &mut readings))
                .collect();
            Entries {
                phrases,
                topics,
                readings: readings.list,
            }
        })
    }

    /// How many phrases it holds.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// Whether it holds no phrase.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Indices of the phrases matching `query`, best first (see the module doc). An empty or
    /// blank query gives every index in order.
    pub fn search(&self, query: &str) -> Vec<usize> {
        let words: Vec<Word> = query.split_whitespace().map(Word::new).collect();
        if words.is_empty() {
            return (0..self.len()).collect();
        }
        let mut found: Vec<(usize, usize, usize, usize)> = Vec::new();
        let entries = self.entries();
        'phrases: for (index, entry) in entries.phrases.iter().enumerate() {
            let (mut points, mut starts) = (0, 0);
            for word in &words {
                let Some(hit) = word.matches(entry, entries) else {
                    continue 'phrases;
                };
                points += hit.tier as usize;
                starts += hit.at;
            }
            found.push((points, starts, entry.chars, index));
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        found.into_iter().map(|(.., index)| index).collect()
    }
}

/// The phrases among `phrases` that match `query`, best first. An empty query matches all, in
/// order. Builds an [`Index`] each time: to search the same phrases again, keep an index.
pub fn search<'a>(phrases: impl IntoIterator<Item = &'a Phrase>, query: &str) -> Vec<&'a Phrase> {
    let phrases: Vec<&Phrase> = phrases.into_iter().collect();
    Index::new(phrases.iter().copied())
        .search(query)
        .into_iter()
        .map(|i| phrases[i])
        .collect()
}

/// One word of the query, folded like the texts.
struct Word {
    folded: String,
    /// Pinyin can apply: ASCII letters only, not too long.
    letters: bool,
    /// Han characters, for the fuzzy match.
    han: Vec<char>,
}

impl Word {
    fn new(word: &str) -> Word {
        let folded = fold(word);
        let letters =
            folded.len() <= MAX_PINYIN_WORD && folded.bytes().all(|b| b.is_ascii_lowercase());
        let han = folded.chars().collect::<Vec<_>>();
        let han = if han.len() >= 2 && han.iter().all(|&c| is_han(c)) {
            han
        } else {
            Vec::new()
        };
        Word {
            folded,
            letters,
            han,
        }
    }

    /// The best way this word matches the phrase, if any.
    fn matches(&self, entry: &Entry, entries: &Entries) -> Option<Hit> {
        let readings = &entries.readings;
        if let Some(at) = entry.text.find(&self.folded) {
            return Some(Hit {
                tier: Tier::Exact,
                at,
            });
        }
        // Whole syllables and initials are special cases of mixed ones, so a word that does not
        // match mixed matches neither, and most phrases are left after one pass.
        let mixed = match self.letters {
            true => entry
                .text
                .pinyin(readings, self.folded.as_bytes(), Mode::Mixed),
            false => None,
        };
        if mixed.is_some() {
            for (mode, tier) in [(Mode::Full, Tier::Pinyin), (Mode::Initials, Tier::Initials)] {
                if let Some(at) = entry.text.pinyin(readings, self.folded.as_bytes(), mode) {
                    return Some(Hit { tier, at });
                }
            }
        }
        if self.matches_topic(&entries.topics[entry.topic], readings) {
            return Some(Hit {
                tier: Tier::Topic,
                at: 0,
            });
        }
        let fuzzy = match self.letters {
            true => mixed,
            false => entry.text.subsequence(&self.han),
        };
        fuzzy.map(|at| Hit {
            tier: Tier::Fuzzy,
            at,
        })
    }

    fn matches_topic(&self, topic: &Searchable, readings: &[Reading]) -> bool {
        topic.find(&self.folded).is_some()
            || (self.letters
                && topic
                    .pinyin(readings, self.folded.as_bytes(), Mode::Mixed)
                    .is_some())
    }
}

/// The pinyin of the characters met so far, each looked up once.
#[derive(Default)]
struct Readings {
    list: Vec<Reading>,
    /// Each character's place in `list`; `None`: it has no pinyin.
    of: HashMap<char, Option<u32>>,
}

impl Readings {
    fn of(&mut self, c: char) -> Option<u32> {
        let list = &mut self.list;
        *self.of.entry(c).or_insert_with(|| {
            let reading = Reading::of(c)?;
            list.push(reading);
            u32::try_from(list.len() - 1).ok()
        })
    }
}

impl Searchable {
    fn new(text: &str, readings: &mut Readings) -> Searchable {
        let syllables = text
            .chars()
            .enumerate()
            .filter_map(|(at, c)| {
                Some(Syllable {
                    at: u32::try_from(at).ok()?,
                    reading: readings.of(c)?,
                })
            })
            .collect();
        Searchable {
            folded: fold(text),
            syllables,
        }
    }

    /// Character position of `word` in the folded text.
    fn find(&self, word: &str) -> Option<usize> {
        let byte = self.folded.find(word)?;
        Some(self.folded[..byte].chars().count())
    }

    /// Character position where a run of syllables spells `word` in `mode`: the first such run.
    fn pinyin(&self, readings: &[Reading], word: &[u8], mode: Mode) -> Option<usize> {
        let first = letter_bit(*word.first()?);
        let done = 1u64 << word.len();
        for (start, syllable) in self.syllables.iter().enumerate() {
            if readings[syllable.reading as usize].initials & first == 0 {
                continue;
            }
            // Bit `i` set: the first `i` letters of the word are spelled so far.
            let mut reached = 1u64;
            for syllable in &self.syllables[start..] {
                let reading = &readings[syllable.reading as usize];
                let mut next = 0u64;
                let mut bits = reached;
                while bits != 0 {
                    let pos = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    for spelling in reading.spellings() {
                        next |= advance(&word[pos..], spelling.as_bytes(), mode) << pos;
                    }
                }
                if next & done != 0 {
                    return Some(self.syllables[start].at as usize);
                }
                if next == 0 {
                    break;
                }
                reached = next;
            }
        }
        None
    }

    /// Character position where the characters of `han` occur in order, close together.
    fn subsequence(&self, han: &[char]) -> Option<usize> {
        let (&first, rest) = han.split_first()?;
        let max_span = han.len() * (1 + FUZZY_SPAN_PER_CHAR);
        self.folded
            .chars()
            .enumerate()
            .filter(|&(_, c)| c == first)
            .find_map(|(start, _)| {
                let mut after = self.folded.chars().skip(start + 1).take(max_span - 1);
                rest.iter()
                    .all(|&wanted| after.any(|c| c == wanted))
                    .then_some(start)
            })
    }
}

/// The positions (as bits, relative to the start of `rest`) the word can reach by taking
/// letters of `rest` from `spelling` in `mode`. Reaching the end of the word mid-spelling counts
/// in `Full` mode too: the last syllable may be cut short.
fn advance(rest: &[u8], spelling: &[u8], mode: Mode) -> u64 {
    let common = rest
        .iter()
        .zip(spelling)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return 0;
    }
    match mode {
        Mode::Initials => 1 << 1,
        Mode::Full if common == spelling.len() || common == rest.len() => 1 << common,
        Mode::Full => 0,
        // Every beginning of the spelling that the word follows: bits 1..=common.
        Mode::Mixed => ((1u64 << common) - 1) << 1,
    }
}

impl Reading {
    /// The pinyin of `c`, if it is a Han character with one.
    fn of(c: char) -> Option<Reading> {
        let readings = c.to_pinyin_multi()?;
        let mut syllable = Reading {
            spellings: [""; MAX_SPELLINGS],
            len: 0,
            initials: 0,
        };
        let mut readings_kept = 0;
        for reading in readings {
            if readings_kept == READINGS_PER_CHAR {
                break;
            }
            let forms = ascii_forms(reading.plain());
            let Some(first) = forms[0] else { continue };
            if syllable.spellings().any(|s| s == first) {
                continue;
            }
            readings_kept += 1;
            for spelling in forms.into_iter().flatten() {
                if usize::from(syllable.len) < MAX_SPELLINGS {
                    syllable.spellings[usize::from(syllable.len)] = spelling;
                    syllable.len += 1;
                    syllable.initials |= letter_bit(spelling.as_bytes()[0]);
                }
            }
        }
        (syllable.len > 0).then_some(syllable)
    }

    fn spellings(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.spellings[..usize::from(self.len)].iter().copied()
    }
}

/// How a toneless reading is typed: as it is, or `ü` as `v` and as `u`. A reading with any
/// other non-ASCII letter (`ê`) has no typed form.
fn ascii_forms(plain: &'static str) -> [Option<&'static str>; 2] {
    match plain {
        "lü" => [Some("lv"), Some("lu")],
        "lüe" => [Some("lve"), Some("lue")],
        "nü" => [Some("nv"), Some("nu")],
        "nüe" => [Some("nve"), Some("nue")],
        _ if !plain.is_empty() && plain.is_ascii() => [Some(plain), None],
        _ => [None, None],
    }
}

/// The bit of an ASCII letter in a set of initials; 0 for anything else.
fn letter_bit(letter: u8) -> u32 {
    match letter {
        b'a'..=b'z' => 1 << (letter - b'a'),
        _ => 0,
    }
}

/// Lowercase, with full-width ASCII forms (`ＧＤＰ`) folded to ASCII; char for char.
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '！'..='～' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn phrase(text: &str, topic: &str) -> Phrase {
        Phrase::new(text, topic)
    }

    fn bank() -> Vec<Phrase> {
        vec![
            phrase("严格落实中央八项规定精神，持续纠治“四风”。", "作风"),
            phrase("全年GDP增长{百分比}，经济运行稳中向好。", "经济"),
            phrase("始终把廉洁自律作为从政之本。", "严守纪律"),
            phrase("坚持廉洁从政，自觉接受监督。", "严守纪律"),
            phrase("带头遵守廉洁纪律，及时发送廉洁提醒。", "八项规定"),
            phrase("统筹发展和安全，守牢安全生产底线。", "安全"),
            phrase("联系群众，解决急难愁盼问题。", "民生"),
            phrase("严格遵守《中国共产党廉洁自律准则》。", "严守纪律"),
            phrase("坚持长期学习，做到学用结合、知行合一。", "学习"),
            phrase("推动绿色发展，守护绿水青山。", "生态"),
        ]
    }

    fn texts(query: &str) -> Vec<String> {
        let bank = bank();
        search(&bank, query)
            .iter()
            .map(|p| p.text.clone())
            .collect()
    }

    fn tops(query: &str, n: usize) -> Vec<String> {
        texts(query).into_iter().take(n).collect()
    }

    #[test]
    fn han_words_match_as_substrings() {
        assert_eq!(
            texts("八项规定")[0],
            "严格落实中央八项规定精神，持续纠治“四风”。"
        );
        assert!(texts("没有这句").is_empty());
    }

    #[test]
    fn latin_words_match_ignoring_case_and_full_width() {
        assert_eq!(texts("gdp")[0], "全年GDP增长{百分比}，经济运行稳中向好。");
        assert_eq!(
            texts("ＧＤＰ")[0],
            "全年GDP增长{百分比}，经济运行稳中向好。"
        );
    }

    #[test]
    fn full_pinyin_matches_a_run_of_syllables() {
        let found = texts("lianjie");
        assert!(found.iter().any(|t| t.contains("廉洁自律")), "{found:?}");
        assert!(found.iter().any(|t| t.contains("廉洁从政")), "{found:?}");
        assert_eq!(tops("lianjiezilv", 1)[0], "始终把廉洁自律作为从政之本。");
    }

    #[test]
    fn the_last_syllable_may_be_cut_short() {
        assert!(texts("lianj").iter().any(|t| t.contains("廉洁")));
        assert!(texts("lianjiezil").iter().all(|t| t.contains("廉洁自律")));
    }

    #[test]
    fn initials_match_a_run_of_characters() {
        // 廉洁自律 is lián jié zì lǜ.
        let found = texts("ljzl");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|t| t.contains("廉洁自律")), "{found:?}");
    }

    #[test]
    fn u_umlaut_is_typed_v_or_u() {
        assert_eq!(texts("zilv"), texts("zilu"));
        assert!(texts("zilv")[0].contains("自律"));
        assert!(texts("lvse")[0].contains("绿色"));
    }

    #[test]
    fn the_second_reading_of_a_polyphone_is_indexed() {
        // 长 is zhang first, chang in 长期; 行 is xing first, hang elsewhere.
        assert!(texts("changqi")[0].contains("长期"));
        assert!(texts("zhixing")[0].contains("知行"));
    }

    #[test]
    fn topic_matches_by_text_and_by_pinyin() {
        assert_eq!(
            texts("作风"),
            ["严格落实中央八项规定精神，持续纠治“四风”。"]
        );
        assert_eq!(texts("zuofeng"), texts("作风"));
    }

    #[test]
    fn every_word_of_the_query_must_match() {
        assert_eq!(
            texts("gdp 经济"),
            ["全年GDP增长{百分比}，经济运行稳中向好。"]
        );
        assert_eq!(
            texts("lianjie 准则"),
            ["严格遵守《中国共产党廉洁自律准则》。"]
        );
        assert!(texts("gdp 廉洁").is_empty());
    }

    #[test]
    fn an_empty_query_gives_every_phrase_in_bank_order() {
        let bank = bank();
        assert_eq!(
            Index::new(&bank).search(""),
            (0..bank.len()).collect::<Vec<_>>()
        );
        assert_eq!(
            Index::new(&bank).search("   "),
            (0..bank.len()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn exact_beats_topic_and_earlier_beats_later() {
        // 八项规定 is in the first phrase's text and the fifth's topic.
        assert_eq!(
            texts("八项规定"),
            [
                "严格落实中央八项规定精神，持续纠治“四风”。",
                "带头遵守廉洁纪律，及时发送廉洁提醒。",
            ]
        );
        // 廉洁 starts earlier in 坚持廉洁从政 (3rd char) than in 始终把廉洁自律 (4th).
        assert_eq!(
            tops("廉洁", 2),
            [
                "坚持廉洁从政，自觉接受监督。",
                "始终把廉洁自律作为从政之本。"
            ]
        );
    }

    #[test]
    fn tiers_rank_exact_then_pinyin_then_initials_then_topic_then_fuzzy() {
        let order = |texts_topics: &[(&str, &str)], query: &str| {
            let bank: Vec<Phrase> = texts_topics.iter().map(|(t, o)| phrase(t, o)).collect();
            Index::new(&bank).search(query)
        };
        // Each pair lists the weaker match first, so bank order alone would get it wrong.
        assert_eq!(
            order(&[("廉洁。", "甲"), ("拼音lianjie。", "甲")], "lianjie"),
            [1, 0]
        );
        assert_eq!(
            order(&[("加工而成。", "甲"), ("各项工作。", "甲")], "ge"),
            [1, 0]
        );
        assert_eq!(
            order(&[("遵守纪律。", "廉洁自律"), ("廉洁自律。", "甲")], "ljzl"),
            [1, 0]
        );
        // Syllables and initials mixed is fuzzy, below a topic.
        assert_eq!(
            order(
                &[("廉洁自律。", "甲"), ("遵守纪律。", "廉洁自律")],
                "lianjzl"
            ),
            [1, 0]
        );
    }

    #[test]
    fn within_a_tier_earlier_then_shorter_wins() {
        let bank = vec![
            phrase("坚持廉洁自律，从严治党。", "甲"),
            phrase("廉洁自律，从严治党。", "甲"),
            phrase("廉洁自律。", "甲"),
        ];
        assert_eq!(Index::new(&bank).search("廉洁"), [2, 1, 0]);
        assert_eq!(Index::new(&bank).search("ljzl"), [2, 1, 0]);
    }

    #[test]
    fn han_words_match_fuzzily_with_little_between() {
        let found = texts("八项精神");
        assert_eq!(found, ["严格落实中央八项规定精神，持续纠治“四风”。"]);
        assert!(texts("严格风").is_empty(), "too far apart");
    }

    #[test]
    fn ties_keep_bank_order() {
        let bank = vec![phrase("安全。", "甲"), phrase("安全。", "乙")];
        assert_eq!(Index::new(&bank).search("anquan"), [0, 1]);
    }

    proptest! {
        #[test]
        fn any_query_on_any_text_is_answered(text in any::<String>(), query in any::<String>()) {
            let bank = vec![phrase(&text, &text)];
            let found = Index::new(&bank).search(&query);
            prop_assert!(found.iter().all(|&i| i < bank.len()));
        }

        #[test]
        fn a_piece_of_the_text_finds_its_phrase(text in "[廉洁自律a-zA-Z，。 ]{1,20}", from in 0usize..20, len in 1usize..6) {
            let chars: Vec<char> = text.chars().collect();
            let from = from.min(chars.len() - 1);
            let piece: String = chars[from..(from + len).min(chars.len())].iter().collect();
            prop_assume!(!piece.trim().is_empty());
            let bank = vec![phrase(&text, "")];
            prop_assert_eq!(Index::new(&bank).search(&piece), vec![0]);
        }
    }
}
