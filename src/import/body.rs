//! 正文: the inside of one imported part, made into the lines of a draft section.
//!
//! Two shapes are told apart, so that the author's structure is kept:
//!
//! - **Sub-headings**: short paragraphs numbered （一）（二）… or 1、2、… in sequence (or marked
//!   as sub-headings by the file: `###`, Word's Heading 2), at least one of them with body
//!   paragraphs beneath it. Each becomes a `# …` line of the draft with its paragraphs after it,
//!   as written; what comes before the first is kept in front.
//! - **Flat points**: anything else. In a part whose template numbers points, a typed ordinal is
//!   dropped (the tool numbers points), and a paragraph that runs its points on
//!   (`一是……。二是……。三是……`) is split into one point each, cut only after a sentence ends
//!   so nothing of the text changes. Prose parts keep their paragraphs as they are.

use super::outline::{SENTENCE_ENDS, reads_as_heading};
use super::read::{Mark, Paragraph};
use crate::draft::sub_heading_line;
use crate::report::lead_paragraphs;
use crate::text::ordinal::{OrdinalKind, read_ordinal, split_ordinal};

/// The shape found in a part's paragraphs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// One point or paragraph each, ordinals already dropped where the template numbers points.
    Flat(Vec<String>),
    /// Paragraphs before the first sub-heading, then each sub-heading with those beneath it.
    Sections {
        lead: Vec<String>,
        subs: Vec<(String, Vec<String>)>,
    },
}

impl Body {
    /// The shape of `paragraphs`; `numbered` when the template numbers this part's points.
    pub fn of(paragraphs: &[Paragraph], numbered: bool) -> Body {
        Body::shaped(paragraphs, numbered, true)
    }

    /// The shape of `paragraphs` as [`Body::of`] finds it, but sub-headings only looked for when
    /// `structured` (a part with a heading: an opening or closing is prose).
    pub fn shaped(paragraphs: &[Paragraph], numbered: bool, structured: bool) -> Body {
        if let Some(starts) = sub_headings(paragraphs).filter(|_| structured) {
            let text = |p: &Paragraph| p.text.clone();
            let lead = paragraphs[..starts[0]].iter().map(text).collect();
            let subs = starts
                .iter()
                .enumerate()
                .map(|(n, &at)| {
                    let end = starts.get(n + 1).copied().unwrap_or(paragraphs.len());
                    let heading = split_ordinal(&paragraphs[at].text).1.trim().to_string();
                    (heading, paragraphs[at + 1..end].iter().map(text).collect())
                })
                .collect();
            return Body::Sections { lead, subs };
        }
        let texts = paragraphs.iter().map(|p| p.text.as_str());
        if !numbered {
            return Body::Flat(texts.map(String::from).collect());
        }
        let points: Vec<&str> = texts.flat_map(split_points).collect();
        // A lead before the author's 一是 keeps the typed numbers: they mark where points begin.
        if lead_paragraphs(&points) > 0 {
            return Body::Flat(points.into_iter().map(String::from).collect());
        }
        Body::Flat(
            points
                .into_iter()
                .map(|point| match split_ordinal(point).1.trim() {
                    "" => point.to_string(),
                    rest => rest.to_string(),
                })
                .collect(),
        )
    }

    /// The lines of the draft section.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Body::Flat(lines) => lines.clone(),
            Body::Sections { lead, subs } => {
                let mut out = lead.clone();
                for (heading, paragraphs) in subs {
                    out.push(sub_heading_line(heading));
                    out.extend(paragraphs.iter().cloned());
                }
                out
            }
        }
    }

    /// How many points or paragraphs there are, sub-headings counted.
    pub fn len(&self) -> usize {
        match self {
            Body::Flat(lines) => lines.len(),
            Body::Sections { lead, subs } => {
                lead.len() + subs.iter().map(|(_, p)| 1 + p.len()).sum::<usize>()
            }
        }
    }
}

/// The indices of a part's sub-headings, when it has them (see the module doc).
pub(super) fn sub_headings(paragraphs: &[Paragraph]) -> Option<Vec<usize>> {
    let marked: Vec<usize> = (0..paragraphs.len())
        .filter(|&i| paragraphs[i].mark == Mark::SubHeading)
        .collect();
    if !marked.is_empty() {
        return Some(marked);
    }
    [OrdinalKind::ParenChinese, OrdinalKind::Arabic]
        .into_iter()
        .find_map(|kind| {
            let mut starts = Vec::new();
            for (i, p) in paragraphs.iter().enumerate() {
                if read_ordinal(&p.text) == Some((kind, starts.len() + 1)) {
                    if !is_short(&p.text) {
                        return None;
                    }
                    starts.push(i);
                }
            }
            let beneath = |n: usize| {
                let end = starts.get(n + 1).copied().unwrap_or(paragraphs.len());
                end - starts[n] - 1
            };
            let any_beneath = (0..starts.len()).any(|n| beneath(n) > 0);
            (!starts.is_empty() && any_beneath).then_some(starts)
        })
}

/// A numbered paragraph that reads as a sub-heading on its own line.
fn is_short(text: &str) -> bool {
    let rest = split_ordinal(text).1.trim();
    !rest.is_empty() && reads_as_heading(rest)
}

/// `一是……。二是……。` → `一是……。`, `二是……。`: cut before each next 是-ordinal in
/// sequence that follows the end of a sentence. A paragraph that does not begin with one is
/// left whole.
fn split_points(text: &str) -> Vec<&str> {
    let Some((OrdinalKind::Yishi, first)) = read_ordinal(text) else {
        return vec![text];
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut next = first + 1;
    let mut after_end = false;
    for (at, c) in text.char_indices() {
        if after_end && read_ordinal(&text[at..]) == Some((OrdinalKind::Yishi, next)) {
            out.push(text[start..at].trim_end());
            start = at;
            next += 1;
        }
        after_end = SENTENCE_ENDS.contains(&c) || (after_end && c.is_whitespace());
    }
    out.push(&text[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(lines: &[&str]) -> Vec<Paragraph> {
        lines
            .iter()
            .filter_map(|l| Paragraph::from_line(l, Mark::Plain))
            .collect()
    }

    #[test]
    fn run_on_points_are_split_after_each_sentence() {
        let body = Body::of(
            &paragraphs(&[
                "一是抓好粮食生产，全年播种面积稳定。二是推进高标准农田建设，新建农田3200亩。三是抓好防汛。",
            ]),
            true,
        );
        assert_eq!(
            body,
            Body::Flat(vec![
                "抓好粮食生产，全年播种面积稳定。".into(),
                "推进高标准农田建设，新建农田3200亩。".into(),
                "抓好防汛。".into(),
            ])
        );
    }

    #[test]
    fn points_are_not_split_inside_a_sentence_or_in_a_prose_part() {
        let text = "一是抓好生产，做到二是二、非是非；三是不提。";
        assert_eq!(split_points(text), [text]);
        let prose = Body::of(&paragraphs(&["一是甲。二是乙。"]), false);
        assert_eq!(prose, Body::Flat(vec!["一是甲。二是乙。".into()]));
    }

    #[test]
    fn sub_headings_with_paragraphs_beneath_are_kept_as_structure() {
        let body = Body::of(
            &paragraphs(&[
                "全年主要做了三方面工作。",
                "（一）强化理论武装",
                "全年参加中心组学习12次。",
                "撰写心得体会6篇。",
                "（二）抓好粮食生产",
                "粮食播种面积稳定。",
            ]),
            true,
        );
        assert_eq!(
            body.lines(),
            [
                "全年主要做了三方面工作。",
                "# 强化理论武装",
                "全年参加中心组学习12次。",
                "撰写心得体会6篇。",
                "# 抓好粮食生产",
                "粮食播种面积稳定。",
            ]
        );
        assert_eq!(body.len(), 6);
    }

    #[test]
    fn arabic_numbered_sub_headings_count_too() {
        let body = Body::of(
            &paragraphs(&["1、小标题甲", "正文甲。", "2、小标题乙", "正文乙。"]),
            true,
        );
        assert!(matches!(body, Body::Sections { ref subs, .. } if subs.len() == 2));
    }

    #[test]
    fn short_numbered_points_with_nothing_beneath_stay_flat_points() {
        let body = Body::of(
            &paragraphs(&["（一）完成文稿起草120篇。", "（二）做好会务保障。"]),
            true,
        );
        assert_eq!(
            body,
            Body::Flat(vec!["完成文稿起草120篇。".into(), "做好会务保障。".into()])
        );
    }

    #[test]
    fn long_numbered_points_are_points_not_sub_headings() {
        let body = Body::of(
            &paragraphs(&[
                "（一）抓项目建设。全年实施重点项目12个，完成投资3.2亿元，超额完成年度目标任务。",
                "补充说明一段。",
            ]),
            true,
        );
        assert!(matches!(body, Body::Flat(_)), "{body:?}");
    }
}
