//! 规范表述: fixed formulas whose items have a fixed order (“四个意识”: 政治意识、大局意识、核心
//! 意识、看齐意识). A run of a formula's items written one after another (joined by `、`, `，`,
//! `和`, `及`…) is checked against the formula: all its items in another order is 必错 with the
//! right order as its fix; all but one, or all but one with another word in the missing one's
//! place, is 疑似 with the whole formula as its fix. A run of fewer items, or one ending in `等`,
//! is a writer's own choice and left alone.

use aho_corasick::AhoCorasick;

use super::rules::Formula;
use super::{Finding, Kind, Level};

/// What may stand between two items of a run.
const JOINERS: &[char] = &['、', '，', ',', '和', '与', '及', '以', '同', '；'];
/// The longest text taken for a changed word at the end of a run.
const MAX_CHANGED_CHARS: usize = 8;

/// The formulas, compiled.
pub struct Formulas {
    formulas: Vec<Formula>,
    /// For each pattern: (formula, item).
    owners: Vec<(usize, usize)>,
    automaton: Option<AhoCorasick>,
}

impl Formulas {
    pub fn new(formulas: &[Formula], off: &[String]) -> Formulas {
        let formulas: Vec<Formula> = formulas
            .iter()
            .filter(|f| !off.contains(&f.id))
            .cloned()
            .collect();
        let mut words = Vec::new();
        let mut owners = Vec::new();
        for (f, formula) in formulas.iter().enumerate() {
            for (i, item) in formula.items.iter().enumerate() {
                words.push(item.clone());
                owners.push((f, i));
            }
        }
        let automaton = AhoCorasick::new(&words).ok();
        Formulas {
            formulas,
            owners,
            automaton,
        }
    }

    pub fn len(&self) -> usize {
        self.formulas.len()
    }

    pub fn is_empty(&self) -> bool {
        self.formulas.is_empty()
    }

    pub fn formulas(&self) -> &[Formula] {
        &self.formulas
    }

    /// Every formula of `text` written out of order or with an item missing or changed.
    pub fn check(&self, text: &str) -> Vec<Finding> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        // (start, end, item) of each formula's items, in order of place.
        let mut hits: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); self.formulas.len()];
        for m in automaton.find_overlapping_iter(text) {
            let (f, i) = self.owners[m.pattern().as_usize()];
            hits[f].push((m.start(), m.end(), i));
        }
        let mut found = Vec::new();
        for (f, mut hits) in hits.into_iter().enumerate() {
            if hits.len() < 2 {
                continue;
            }
            hits.sort_unstable();
            // An item inside a longer one of the same formula is the longer one.
            let mut kept: Vec<(usize, usize, usize)> = Vec::new();
            for hit in hits {
                match kept.last() {
                    Some(last) if hit.0 < last.1 => {
                        if hit.1 - hit.0 > last.1 - last.0 {
                            kept.pop();
                            kept.push(hit);
                        }
                    }
                    _ => kept.push(hit),
                }
            }
            for run in runs(text, &kept) {
                if let Some(finding) = self.judge(text, &self.formulas[f], &run) {
                    found.push(finding);
                }
            }
        }
        found
    }

    /// The finding for one run of a formula's items, if it is wrong.
    fn judge(
        &self,
        text: &str,
        formula: &Formula,
        run: &[(usize, usize, usize)],
    ) -> Option<Finding> {
        let n = formula.items.len();
        let order: Vec<usize> = run.iter().map(|h| h.2).collect();
        let mut seen = order.clone();
        seen.sort_unstable();
        seen.dedup();
        if seen.len() != order.len() {
            return None;
        }
        let start = run[0].0;
        let mut end = run[run.len() - 1].1;
        let canonical = formula.canonical();
        let in_order = order.windows(2).all(|w| w[0] < w[1]);
        let (level, message) = if order.len() == n {
            if in_order {
                return None;
            }
            (
                Level::Error,
                format!("“{}”的顺序是：{canonical}", formula.name),
            )
        } else if order.len() + 1 == n && n >= 2 {
            if text[end..].starts_with('等') {
                return None;
            }
            let missing = (0..n).find(|i| !order.contains(i))?;
            if let Some(changed) = changed_word(text, end, &formula.items[missing]) {
                end = changed;
                (
                    Level::Suspect,
                    format!(
                        "“{}”是：{canonical}（这里少了或改了“{}”）",
                        formula.name, formula.items[missing]
                    ),
                )
            } else if n >= 3 {
                (
                    Level::Suspect,
                    format!(
                        "“{}”是：{canonical}（这里少了“{}”）",
                        formula.name, formula.items[missing]
                    ),
                )
            } else {
                return None;
            }
        } else {
            return None;
        };
        Some(Finding {
            rule: formula.id.clone(),
            level,
            kind: Kind::Formula,
            range: start..end,
            text: text[start..end].to_string(),
            message: format!("{message}（依据：{}）", formula.source),
            fix: Some(canonical),
        })
    }
}

/// Runs of hits joined only by [`JOINERS`] (at most two characters of them).
fn runs(text: &str, hits: &[(usize, usize, usize)]) -> Vec<Vec<(usize, usize, usize)>> {
    let mut runs: Vec<Vec<(usize, usize, usize)>> = Vec::new();
    for &hit in hits {
        let joined = runs.last().and_then(|run| run.last()).is_some_and(|last| {
            let gap = &text[last.1..hit.0.max(last.1)];
            let n = gap.chars().count();
            (1..=2).contains(&n) && gap.chars().all(|c| JOINERS.contains(&c))
        });
        match runs.last_mut() {
            Some(run) if joined => run.push(hit),
            _ => runs.push(vec![hit]),
        }
    }
    runs.retain(|run| run.len() >= 2);
    runs
}

/// Where a changed last item ends: after `end`, a `、` and a word of a few characters that is
/// not `item`, up to the next mark. `None` when no such word follows.
fn changed_word(text: &str, end: usize, item: &str) -> Option<usize> {
    let rest = text[end..].strip_prefix('、')?;
    let word_len: usize = rest
        .char_indices()
        .find(|&(_, c)| !crate::text::count::is_han(c))
        .map_or(rest.len(), |(i, _)| i);
    let word = &rest[..word_len];
    let chars = word.chars().count();
    let item_chars = item.chars().count();
    // Another word in the item's place keeps its shape: about its length, the same last
    // character (服从意识 for 看齐意识), so a clause that goes on is not taken for it.
    let near = (item_chars.saturating_sub(1)..=(item_chars + 1).min(MAX_CHANGED_CHARS))
        .contains(&chars)
        && word != item
        && word.chars().next_back() == item.chars().next_back();
    near.then_some(end + '、'.len_utf8() + word_len)
}
