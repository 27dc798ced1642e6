//! 改动对照: an answer shown as a difference from the original, character by character (Chinese
//! has no spaces to split words at), with the changed runs merged so a reader sees changed words,
//! not scattered single characters.

use similar::{Algorithm, ChangeTag, TextDiff};

/// Whether a run of text is in both, only the original, or only the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Same,
    Removed,
    Added,
}

/// A run of text and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub change: Change,
    pub text: String,
}

/// A run in common this short between two changes is shown as changed too: `加强了学习` against
/// `强化学习` reads as one word replaced, not as 加…了 removed around a kept 强.
const KEEP_AT_LEAST: usize = 2;

/// The runs that turn `original` into `answer`: removed before added where both are at a place.
pub fn diff(original: &str, answer: &str) -> Vec<Run> {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_chars(original, answer);
    let mut raw: Vec<Run> = Vec::new();
    for change in diff.iter_all_changes() {
        let change_kind = match change.tag() {
            ChangeTag::Equal => Change::Same,
            ChangeTag::Delete => Change::Removed,
            ChangeTag::Insert => Change::Added,
        };
        push(&mut raw, change_kind, change.value());
    }
    // Short common runs between changes become a removal and an addition.
    let mut merged: Vec<Run> = Vec::new();
    for (i, run) in raw.iter().enumerate() {
        let between = i > 0 && i + 1 < raw.len();
        if run.change == Change::Same && between && run.text.chars().count() < KEEP_AT_LEAST {
            push(&mut merged, Change::Removed, &run.text);
            push(&mut merged, Change::Added, &run.text);
        } else {
            push(&mut merged, run.change, &run.text);
        }
    }
    // Each place: everything removed, then everything added.
    let mut out: Vec<Run> = Vec::new();
    let mut removed = String::new();
    let mut added = String::new();
    for run in merged {
        match run.change {
            Change::Removed => removed.push_str(&run.text),
            Change::Added => added.push_str(&run.text),
            Change::Same => {
                flush(&mut out, &mut removed, &mut added);
                push(&mut out, Change::Same, &run.text);
            }
        }
    }
    flush(&mut out, &mut removed, &mut added);
    out
}

fn flush(out: &mut Vec<Run>, removed: &mut String, added: &mut String) {
    if !removed.is_empty() {
        push(out, Change::Removed, &std::mem::take(removed));
    }
    if !added.is_empty() {
        push(out, Change::Added, &std::mem::take(added));
    }
}

fn push(runs: &mut Vec<Run>, change: Change, text: &str) {
    match runs.last_mut() {
        Some(last) if last.change == change => last.text.push_str(text),
        _ => runs.push(Run {
            change,
            text: text.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(runs: &[Run]) -> String {
        runs.iter()
            .map(|r| match r.change {
                Change::Same => r.text.clone(),
                Change::Removed => format!("[-{}-]", r.text),
                Change::Added => format!("{{+{}+}}", r.text),
            })
            .collect()
    }

    #[test]
    fn changed_words_are_marked_and_the_rest_kept() {
        let runs = diff(
            "全镇完成投资12.5亿元，同比增长15%。",
            "全镇共完成投资12.5亿元，比上年增长15%。",
        );
        assert_eq!(
            shown(&runs),
            "全镇{+共+}完成投资12.5亿元，[-同比-]{+比上年+}增长15%。"
        );
    }

    #[test]
    fn both_sides_can_be_read_back_from_the_runs() {
        let (a, b) = (
            "认真学习习近平新时代中国特色社会主义思想",
            "深入学习习近平新时代中国特色社会主义思想，做到学思用贯通",
        );
        let runs = diff(a, b);
        let side = |keep: Change| -> String {
            runs.iter()
                .filter(|r| r.change == Change::Same || r.change == keep)
                .map(|r| r.text.as_str())
                .collect()
        };
        assert_eq!(side(Change::Removed), a);
        assert_eq!(side(Change::Added), b);
        assert_eq!(
            diff("一样", "一样"),
            [Run {
                change: Change::Same,
                text: "一样".into()
            }]
        );
    }
}
