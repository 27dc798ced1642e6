//! 结构: which paragraphs of a report are its title, its opening and its numbered parts.
//!
//! The parts are found by their level-1 headings. When the file marks headings itself (`##` in
//! Markdown, outline level 1 in Word), those are the headings. Otherwise a heading is a paragraph
//! numbered 一、二、三、… *in sequence*: the first 一、 that looks like a heading, then the
//! first 二、 after it, and so on, so a body paragraph that happens to start with 一、 inside a
//! later part is never taken for a heading. What looks like a heading is tried in three ways,
//! and the first that finds any heading wins:
//!
//! 1. when most paragraphs are indented (空两格, as shuzhi's .txt and most hand-written reports
//!    are), a numbered paragraph that is *not* indented;
//! 2. a short one (at most [`MAX_HEADING_CHARS`] 字 after the number, no 。 inside);
//! 3. any numbered one: a run-in heading (`一、思想政治方面。本人……`), whose first sentence is
//!    the heading and the rest the part's first paragraph.
//!
//! The title is the first paragraph, unless it is numbered 一、 itself. Everything between the title
//! and the first heading is the opening; the paragraphs after the last heading all belong to
//! the last part here; where that part ends and the closing begins depends on the template and
//! is decided by the caller.

use super::read::{Mark, Paragraph};
use crate::text::ordinal::{OrdinalKind, read_ordinal, split_ordinal};

/// The longest a heading written on its own line usually is, in characters after its number.
pub const MAX_HEADING_CHARS: usize = 40;

/// A report's parts as found in its paragraphs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outline {
    pub title: Option<String>,
    pub opening: Vec<String>,
    pub parts: Vec<OutlinePart>,
}

/// One numbered part: its heading without the number, and its paragraphs as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutlinePart {
    /// `None` when the heading ran into a paragraph too long to be a heading.
    pub heading: Option<String>,
    pub paragraphs: Vec<String>,
}

/// The outline of a report, `None` when no part is found.
pub fn outline(paragraphs: &[Paragraph]) -> Option<Outline> {
    let (title, body) = match paragraphs.split_first() {
        // A Word title set in Heading 1 is still the title: it has no 一、.
        Some((first, rest))
            if first.mark == Mark::Title || heading_number(&first.text).is_none() =>
        {
            (Some(first.text.clone()), rest)
        }
        _ => (None, paragraphs),
    };

    let explicit: Vec<usize> = (0..body.len())
        .filter(|&i| body[i].mark == Mark::Heading)
        .collect();
    let (headings, run_in) = if explicit.is_empty() {
        let indents = body.iter().filter(|p| p.indented).count() * 2 > body.len();
        let unindented = |p: &Paragraph| indents && !p.indented;
        let short = |p: &Paragraph| {
            let rest = split_ordinal(&p.text).1;
            rest.chars().count() <= MAX_HEADING_CHARS
                && !rest.trim_end_matches(['。', '：', ':']).contains('。')
        };
        let found = [sequence(body, unindented), sequence(body, short)]
            .into_iter()
            .find(|found| !found.is_empty());
        match found {
            Some(found) => (found, false),
            None => (sequence(body, |_| true), true),
        }
    } else {
        (explicit, false)
    };
    let first = *headings.first()?;

    let texts = |range: &[Paragraph]| range.iter().map(|p| p.text.clone()).collect::<Vec<_>>();
    let mut parts = Vec::with_capacity(headings.len());
    for (n, &at) in headings.iter().enumerate() {
        let end = headings.get(n + 1).copied().unwrap_or(body.len());
        let rest = split_ordinal(&body[at].text).1.trim();
        let (heading, lead) = if run_in {
            split_run_in(rest)
        } else {
            ((!rest.is_empty()).then(|| rest.to_string()), None)
        };
        let mut paragraphs: Vec<String> = lead.into_iter().collect();
        paragraphs.extend(texts(&body[at + 1..end]));
        parts.push(OutlinePart {
            heading,
            paragraphs,
        });
    }
    Some(Outline {
        title,
        opening: texts(&body[..first]),
        parts,
    })
}

/// The value of a level-1 heading number (一、 二、 …) at the start of `text`.
pub fn heading_number(text: &str) -> Option<usize> {
    match read_ordinal(text)? {
        (OrdinalKind::Heading, n) => Some(n),
        _ => None,
    }
}

/// Indices of the paragraphs numbered 一、二、三、… in order among those `looks_like` accepts.
fn sequence(body: &[Paragraph], looks_like: impl Fn(&Paragraph) -> bool) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, p) in body.iter().enumerate() {
        if heading_number(&p.text) == Some(out.len() + 1) && looks_like(p) {
            out.push(i);
        }
    }
    out
}

/// `思想政治方面。本人……` → heading `思想政治方面`, paragraph `本人……`. When the first sentence
/// is too long for a heading there is no heading and the whole is a paragraph.
fn split_run_in(text: &str) -> (Option<String>, Option<String>) {
    let cut = text
        .char_indices()
        .find(|(_, c)| matches!(c, '。' | '：' | ':'))
        .filter(|&(at, _)| (1..=MAX_HEADING_CHARS).contains(&text[..at].chars().count()));
    match cut {
        Some((at, c)) => {
            let rest = text[at + c.len_utf8()..].trim();
            (
                Some(text[..at].to_string()),
                (!rest.is_empty()).then(|| rest.to_string()),
            )
        }
        None => (None, (!text.is_empty()).then(|| text.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn paragraphs(text: &str) -> Vec<Paragraph> {
        text.lines()
            .filter_map(|l| Paragraph::from_line(l, Mark::Plain))
            .collect()
    }

    fn headings(o: &Outline) -> Vec<Option<&str>> {
        o.parts.iter().map(|p| p.heading.as_deref()).collect()
    }

    #[test]
    fn title_opening_and_parts_are_found() {
        let o = outline(&paragraphs(
            "2025年度述职报告\n\n　　开头。\n一、学习\n　　一是甲。\n　　二是乙。\n二、履职\n　　丙。\n",
        ))
        .unwrap();
        assert_eq!(o.title.as_deref(), Some("2025年度述职报告"));
        assert_eq!(o.opening, ["　　开头。".trim()]);
        assert_eq!(headings(&o), [Some("学习"), Some("履职")]);
        assert_eq!(o.parts[0].paragraphs, ["一是甲。", "二是乙。"]);
    }

    #[test]
    fn a_body_paragraph_starting_with_yi_is_not_a_heading_out_of_sequence() {
        let o = outline(&paragraphs(
            "标题\n一、学习\n　　（一）甲。\n二、履职\n　　一、这一段在第二部分里，以一、开头，是正文。\n三、廉洁\n　　乙。",
        ))
        .unwrap();
        assert_eq!(headings(&o), [Some("学习"), Some("履职"), Some("廉洁")]);
        assert_eq!(o.parts[1].paragraphs.len(), 1);
    }

    #[test]
    fn when_nothing_is_indented_short_numbered_paragraphs_are_headings() {
        let o = outline(&paragraphs(
            "标题\n开头。\n一、学习\n1. 甲。\n二、履职\n一、本段虽以一、开头，但又长又有句号。它是正文，不是标题，因为它不在序列中也太长了。\n",
        ))
        .unwrap();
        assert_eq!(headings(&o), [Some("学习"), Some("履职")]);
    }

    #[test]
    fn run_in_headings_are_split_at_their_first_sentence() {
        let o = outline(&paragraphs(
            "　　标题\n　　一、思想政治方面。本人坚持学习，全年参加学习十二次，撰写心得六篇，效果较好。\n　　二、业务工作方面。完成各项任务。",
        ))
        .unwrap();
        assert_eq!(headings(&o), [Some("思想政治方面"), Some("业务工作方面")]);
        assert_eq!(o.parts[1].paragraphs, ["完成各项任务。"]);
    }

    #[test]
    fn marked_headings_win_over_numbering() {
        let mut ps = paragraphs("标题\n概述\n学习\n甲。\n");
        ps[0].mark = Mark::Title;
        ps[2].mark = Mark::Heading;
        let o = outline(&ps).unwrap();
        assert_eq!(o.opening, ["概述"]);
        assert_eq!(headings(&o), [Some("学习")]);
    }

    #[test]
    fn a_title_styled_as_a_heading_is_still_the_title() {
        let mut ps = paragraphs("2025年度述职报告\n一、学习\n甲。\n");
        ps[0].mark = Mark::Heading;
        ps[1].mark = Mark::Heading;
        let o = outline(&ps).unwrap();
        assert_eq!(o.title.as_deref(), Some("2025年度述职报告"));
        assert_eq!(headings(&o), [Some("学习")]);
    }

    #[test]
    fn no_numbered_heading_means_no_outline() {
        assert_eq!(outline(&paragraphs("购物清单\n苹果\n梨")), None);
        assert_eq!(outline(&[]), None);
    }

    proptest! {
        #[test]
        fn any_paragraphs_give_an_outline_or_none_without_panicking(
            lines in proptest::collection::vec("(　　|  )?(一、|二、|三、|一是|（一）|1\\.)?[^\n]{0,30}", 0..30)
        ) {
            let ps = paragraphs(&lines.join("\n"));
            if let Some(o) = outline(&ps) {
                let count = o.title.iter().count()
                    + o.opening.len()
                    + o.parts.iter().map(|p| p.paragraphs.len() + 1).sum::<usize>();
                // Nothing is dropped; a run-in heading may split one paragraph in two.
                prop_assert!(count >= ps.len());
            }
        }
    }
}
