//! 结构: which paragraphs of a report are its title, its opening and its numbered parts.
//!
//! The parts are found by their level-1 headings. When the file marks headings itself (`##` in
//! Markdown, outline level 1 in Word), those are the headings. Otherwise a heading is a paragraph
//! numbered 一、二、三、… *in sequence*, whatever its indent and whether `、` `．` `.` or `，`
//! follows the numeral: the first 一、 that looks like a heading, then the first 二、 after it,
//! and so on, so a body paragraph that happens to start with 一、 inside a later part is never
//! taken for a heading. Two readings are tried, and the one that finds more headings wins (the
//! first on a tie):
//!
//! 1. short numbered paragraphs (at most [`MAX_HEADING_CHARS`] 字 after the number, no 。 before
//!    the end): headings on their own line;
//! 2. any numbered paragraph: a run-in heading (`一、服从大局，坚定不移。对于……`) is cut after
//!    its first sentence, the `。` staying with the heading, the rest the part's first paragraph.
//!
//! A report with no 一、 at all may number its parts `1、` `2.` `3．`: then those are read the
//! same way.
//!
//! The title is the first paragraph when it reads like one (marked as the title, or short with
//! no sentence in it and no number in front); a report that begins with its opening has no
//! title. Everything between the title and the first heading is the opening; the paragraphs
//! after the last heading all belong to the last part here: where that part ends and the
//! closing begins, and what the name line and signature are, is decided by the caller.

use super::read::{Mark, Paragraph};
use crate::text::ordinal::{OrdinalKind, parse_chinese_number, read_ordinal, split_ordinal};

/// The longest a heading written on its own line usually is, in characters after its number.
pub const MAX_HEADING_CHARS: usize = 40;

/// The longest a title is, in characters.
const MAX_TITLE_CHARS: usize = 80;

/// Marks that end a sentence: a title has none of them, a heading on its own line none before
/// its end.
pub(super) const SENTENCE_ENDS: &[char] = &['。', '！', '？', '!', '?'];

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
    pub paragraphs: Vec<Paragraph>,
}

/// How a report numbers its level-1 headings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Numbering {
    /// 一、 一． 一. 一，
    Chinese,
    /// 1、 1. 1．
    Arabic,
}

/// The outline of a report, `None` when no part is found.
pub fn outline(paragraphs: &[Paragraph]) -> Option<Outline> {
    let (title, body) = match paragraphs.split_first() {
        Some((first, rest)) if is_title(first) => (Some(first.text.clone()), rest),
        _ => (None, paragraphs),
    };

    let explicit = marked_headings(body);
    let (headings, numbering, run_in) = if explicit.is_empty() {
        [Numbering::Chinese, Numbering::Arabic]
            .into_iter()
            .find_map(|numbering| {
                let short = sequence(body, numbering, is_short_heading);
                let any = sequence(body, numbering, |_| true);
                match (short.len(), any.len()) {
                    (0, 0) => None,
                    (s, a) if s >= a => Some((short, Some(numbering), false)),
                    _ => Some((any, Some(numbering), true)),
                }
            })?
    } else {
        (explicit, None, true)
    };
    let first = *headings.first()?;

    let mut parts = Vec::with_capacity(headings.len());
    for (n, &at) in headings.iter().enumerate() {
        let end = headings.get(n + 1).copied().unwrap_or(body.len());
        let rest = heading_rest(&body[at].text, numbering).trim();
        let marked = body[at].mark == Mark::Heading;
        let (heading, lead) = if run_in && !is_short_heading(&body[at]) && !marked {
            split_run_in(rest)
        } else {
            ((!rest.is_empty()).then(|| rest.to_string()), None)
        };
        let mut paragraphs: Vec<Paragraph> = lead
            .map(|text| Paragraph {
                text,
                indented: true,
                mark: Mark::Plain,
            })
            .into_iter()
            .collect();
        paragraphs.extend(body[at + 1..end].iter().cloned());
        parts.push(OutlinePart {
            heading,
            paragraphs,
        });
    }
    Some(Outline {
        title,
        opening: body[..first].iter().map(|p| p.text.clone()).collect(),
        parts,
    })
}

/// The headings of a file that marks them (`##`, outline level 1), and between them the
/// paragraphs numbered as the next heading that run on into their text (`一、服从大局，坚定不移。
/// 对于……`): a heading that runs on is written as a body paragraph, in shuzhi's own .docx and
/// .md as in Word, so that the navigation pane does not list the whole paragraph.
fn marked_headings(body: &[Paragraph]) -> Vec<usize> {
    if !body.iter().any(|p| p.mark == Mark::Heading) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut last = 0;
    for (i, p) in body.iter().enumerate() {
        let number = heading_number(&p.text, Numbering::Chinese);
        let runs_on = || {
            number == Some(last + 1)
                && !is_short_heading(p)
                && split_run_in(heading_rest(&p.text, None)).0.is_some()
        };
        if p.mark == Mark::Heading || runs_on() {
            out.push(i);
            last = number.unwrap_or(last + 1);
        }
    }
    out
}

/// Whether the first paragraph of a report is its title: marked so, or a short line with no
/// sentence in it and no number in front (a Word title set in Heading 1 has no 一、 either).
fn is_title(p: &Paragraph) -> bool {
    if p.mark == Mark::Title {
        return true;
    }
    read_ordinal(&p.text).is_none()
        && heading_number(&p.text, Numbering::Chinese).is_none()
        && p.text.chars().count() <= MAX_TITLE_CHARS
        && !p.text.contains(SENTENCE_ENDS)
        && !p.text.ends_with(['，', '；', '：', ',', ';', ':', '、'])
}

/// A numbered paragraph short enough to be a heading on its own line.
fn is_short_heading(p: &Paragraph) -> bool {
    reads_as_heading(heading_rest(&p.text, None))
}

/// Whether what follows a number reads as a heading on its own line: at most
/// [`MAX_HEADING_CHARS`] 字, and no sentence ends before its end.
pub(super) fn reads_as_heading(rest: &str) -> bool {
    rest.chars().count() <= MAX_HEADING_CHARS
        && !rest
            .trim_end_matches(SENTENCE_ENDS)
            .trim_end_matches(['：', ':'])
            .contains(SENTENCE_ENDS)
}

/// The value of a level-1 heading number at the start of `text` in `numbering`.
fn heading_number(text: &str, numbering: Numbering) -> Option<usize> {
    match (numbering, read_ordinal(text)) {
        (Numbering::Chinese, Some((OrdinalKind::Heading, n))) => Some(n),
        (Numbering::Arabic, Some((OrdinalKind::Arabic, n))) => Some(n),
        (Numbering::Chinese, None) => comma_numbered(text).map(|(n, _)| n),
        _ => None,
    }
}

/// `三，严于律己……`: a Chinese numeral and a comma, the way some writers number headings.
fn comma_numbered(text: &str) -> Option<(usize, &str)> {
    let text = text.trim_start();
    let end = text.find(['，', ','])?;
    let n = parse_chinese_number(&text[..end])?;
    let comma = text[end..].chars().next()?.len_utf8();
    Some((n, &text[end + comma..]))
}

/// What follows a heading's number.
fn heading_rest(text: &str, numbering: Option<Numbering>) -> &str {
    match comma_numbered(text) {
        Some((_, rest)) if numbering != Some(Numbering::Arabic) && read_ordinal(text).is_none() => {
            rest
        }
        _ => split_ordinal(text).1,
    }
}

/// Indices of the paragraphs numbered 1, 2, 3, … in order among those `looks_like` accepts.
fn sequence(
    body: &[Paragraph],
    numbering: Numbering,
    looks_like: impl Fn(&Paragraph) -> bool,
) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, p) in body.iter().enumerate() {
        if heading_number(&p.text, numbering) == Some(out.len() + 1) && looks_like(p) {
            out.push(i);
        }
    }
    out
}

/// `服从大局，坚定不移。对于……` → heading `服从大局，坚定不移。`, paragraph `对于……`: the
/// heading keeps the mark that ends it. When the first sentence is too long for a heading there
/// is no heading and the whole is a paragraph.
fn split_run_in(text: &str) -> (Option<String>, Option<String>) {
    let cut = text
        .char_indices()
        .find(|(_, c)| matches!(c, '。' | '：' | ':' | '！' | '？'))
        .filter(|&(at, _)| (1..=MAX_HEADING_CHARS).contains(&text[..at].chars().count()));
    match cut {
        Some((at, c)) => {
            let end = at + c.len_utf8();
            let rest = text[end..].trim();
            (
                Some(text[..end].to_string()),
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

    fn texts(part: &OutlinePart) -> Vec<&str> {
        part.paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn between_marked_headings_a_numbered_paragraph_that_runs_on_is_a_heading() {
        let marked = |text: &str| Paragraph {
            text: text.into(),
            indented: false,
            mark: Mark::Heading,
        };
        let mut body =
            paragraphs("标题\n一、服从大局，坚定不移。对于各项任务坚决执行。\n　　一是甲。\n");
        body.push(marked("二、履职尽责"));
        body.extend(paragraphs("　　乙。\n　　三、这是正文里的三、不是标题。\n"));
        let o = outline(&body).unwrap();
        assert_eq!(
            headings(&o),
            [Some("服从大局，坚定不移。"), Some("履职尽责")]
        );
        assert_eq!(texts(&o.parts[0]), ["对于各项任务坚决执行。", "一是甲。"]);
        assert_eq!(
            texts(&o.parts[1]),
            ["乙。", "三、这是正文里的三、不是标题。"]
        );
    }

    #[test]
    fn title_opening_and_parts_are_found() {
        let o = outline(&paragraphs(
            "2025年度述职报告\n\n　　开头。\n一、学习\n　　一是甲。\n　　二是乙。\n二、履职\n　　丙。\n",
        ))
        .unwrap();
        assert_eq!(o.title.as_deref(), Some("2025年度述职报告"));
        assert_eq!(o.opening, ["开头。"]);
        assert_eq!(headings(&o), [Some("学习"), Some("履职")]);
        assert_eq!(texts(&o.parts[0]), ["一是甲。", "二是乙。"]);
    }

    #[test]
    fn a_report_that_begins_with_its_opening_has_no_title() {
        let o = outline(&paragraphs(
            "　　2025年以来，本人认真履行职责，现将有关情况报告如下。\n一、学习\n　　甲。\n",
        ))
        .unwrap();
        assert_eq!(o.title, None);
        assert_eq!(o.opening.len(), 1, "the first paragraph stays the opening");
    }

    #[test]
    fn headings_are_headings_whatever_their_indent_and_the_mark_after_the_numeral() {
        let o = outline(&paragraphs(
            "林业局局长的述职报告\n　　开头。\n一、学习\n　　甲。\n二．履职\n　　乙。\n　　三、廉洁\n　　丙。\n　　四，述法\n　　丁。\n　　五.不足\n　　戊。\n",
        ))
        .unwrap();
        assert_eq!(
            headings(&o),
            [
                Some("学习"),
                Some("履职"),
                Some("廉洁"),
                Some("述法"),
                Some("不足")
            ]
        );
        assert_eq!(texts(&o.parts[4]), ["戊。"]);
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
    fn run_in_headings_are_cut_after_their_first_sentence_which_keeps_its_mark() {
        let o = outline(&paragraphs(
            "　　标题\n　　一、服从大局，坚定不移。对于组织安排的各项工作，本人坚决服从，全年完成任务十二项。\n　　二、业务工作方面：完成各项任务。全年共起草文稿一百二十篇，办理来文三百余件。",
        ))
        .unwrap();
        assert_eq!(
            headings(&o),
            [Some("服从大局，坚定不移。"), Some("业务工作方面：")]
        );
        assert_eq!(
            texts(&o.parts[0]),
            ["对于组织安排的各项工作，本人坚决服从，全年完成任务十二项。"]
        );
    }

    #[test]
    fn parts_numbered_with_arabic_numerals_are_found_when_there_is_no_yi() {
        let o = outline(&paragraphs(
            "2025年度个人工作总结\n　　开头。\n1、思想方面\n　　甲。\n2、工作方面\n　　（一）乙。\n3、不足\n　　丙。\n",
        ))
        .unwrap();
        assert_eq!(
            headings(&o),
            [Some("思想方面"), Some("工作方面"), Some("不足")]
        );
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
            lines in proptest::collection::vec("(　　|  )?(一、|二、|三，|1、|2\\.|一是|（一）|1\\.)?[^\n]{0,30}", 0..30)
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
