//! Draft + template → report: numbering, field values, places to fill.

use std::ops::Range;

use super::{
    Block, BlockKind, Inline, InlineKind, Report, Signature, count_headings, field_spans, inlines,
    plain,
};
use crate::draft::{Draft, sub_heading};
use crate::template::{Part, Template};
use crate::text::count::{WordCount, word_count_after};
use crate::text::date::unpadded_date;
use crate::text::ordinal::{PointStyle, heading_ordinal, read_ordinal, split_ordinal};
use crate::text::slots::is_star;

/// Assembles the report of `draft` laid out by `template`.
///
/// - The title is the draft's own when it has one, else the template's, fields filled in.
/// - Parts come in the template's order; a part with no text is left out, and the headings of
///   the others are numbered 一、二、… in order, so later parts renumber.
/// - A heading is the draft's own when it has one, else the template's; a typed ordinal in front
///   of it is dropped.
/// - In a part whose template numbers points, a typed ordinal in front of each paragraph is
///   dropped, and when the part has two or more paragraphs each gets its number by position.
///   Paragraphs before a typed first point (`一是`, `（一）`, `1.`) are a lead, kept unnumbered,
///   when every paragraph from that point on has its number typed. Prose parts keep their
///   paragraphs as typed.
/// - A part with sub-headings (`# …` lines) keeps the writer's structure: each sub-heading is
///   numbered （一）（二）… in order, its typed ordinal dropped, and every paragraph (before the
///   first sub-heading or beneath one) is kept as typed, with no number added.
pub fn assemble(draft: &Draft, template: &Template) -> Report {
    let mut blocks = Vec::new();
    let mut headings = 0;
    for index in 0..template.parts.len() {
        let part = part_blocks(draft, template, index, headings);
        headings += count_headings(&part);
        blocks.extend(part);
    }
    let field = |key: &str| template.field(key).map(|_| draft.field(key));
    let date = field("日期").and_then(unpadded_date);
    let signed = draft.signature.unwrap_or(template.signature);
    let signature = signed.then(|| Signature {
        name: inlines("{姓名}", field),
        date: inlines("{日期}", |key| match (key, &date) {
            ("日期", Some(date)) => Some(date.as_str()),
            _ => field(key),
        }),
    });
    let byline = draft
        .byline
        .as_deref()
        .or(template.byline.as_deref())
        .filter(|b| !b.trim().is_empty())
        .map(|b| inlines(b, field));
    let title_pattern = draft.title.as_deref().unwrap_or(&template.title);
    Report {
        title: inlines(title_pattern, field),
        title_fields: field_spans(title_pattern, field),
        byline,
        blocks,
        signature,
    }
}

/// The template's title with `draft`'s fields filled in: the title a draft without its own has.
pub fn template_title(draft: &Draft, template: &Template) -> String {
    let field = |key: &str| template.field(key).map(|_| draft.field(key));
    plain(&inlines(&template.title, field))
}

/// Brings `report`, assembled from `draft` before the text or heading of part `index` changed,
/// up to date: the report [`assemble`] gives, with only that part's blocks made again, unless
/// the part's heading came or went (the part was emptied or begun), which renumbers the rest.
/// Says whether only that part's blocks changed.
pub fn reassemble_part(
    report: &mut Report,
    draft: &Draft,
    template: &Template,
    index: usize,
) -> bool {
    let range = report.part_range(index);
    let part = part_blocks(draft, template, index, report.headings_before(index));
    if count_headings(&part) == count_headings(&report.blocks[range.clone()]) {
        report.blocks.splice(range, part);
        true
    } else {
        *report = assemble(draft, template);
        false
    }
}

/// One line of a part's text as the report takes it: where the text its block keeps lies in
/// the line (after leading spaces, a typed ordinal or a sub-heading's mark; before trailing
/// spaces), and whether it is a sub-heading. A blank line has none: it is no paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineShape {
    body: Range<usize>,
    sub_heading: bool,
    /// Whether the line's part has sub-headings: its other paragraphs then keep their typed
    /// ordinals (see `part_blocks`).
    in_sub_headed: bool,
}

impl LineShape {
    /// The shape of `line` in `part`, whose text has sub-headings when `in_sub_headed`.
    pub fn of(part: &Part, line: &str, in_sub_headed: bool) -> Option<LineShape> {
        let paragraph = line.trim();
        if paragraph.is_empty() {
            return None;
        }
        let lead = line.len() - line.trim_start().len();
        let sub = sub_heading(paragraph).is_some();
        let body = if in_sub_headed && !sub {
            0..paragraph.len()
        } else {
            paragraph_body(part, paragraph)
        };
        Some(LineShape {
            body: lead + body.start..lead + body.end,
            sub_heading: sub,
            in_sub_headed,
        })
    }
}

/// A change inside one line of a part's text: `removed`, which began at byte `at` of the
/// line, replaced by `inserted`. Neither holds a line break.
#[derive(Clone, Copy, Debug)]
pub struct LineEdit<'a> {
    /// The template part.
    pub part: usize,
    /// The paragraph's number in its part (1-based, blank lines not counted).
    pub number: usize,
    pub at: usize,
    pub removed: &'a str,
    pub inserted: &'a str,
}

/// Brings `report` up to date with `edit`, by which a line of shape `before` became `line`,
/// without assembling the paragraph again: the text of its block changes in place just as the
/// line did, so typing in a long paragraph costs what the edit does, not what the paragraph
/// does. This can be done only when the edit leaves every number, place to fill and field as
/// it was: the line keeps its shape, the edit holds no brace or star, and it is outside any
/// `{…}` and does not split or join a run of stars. For any other edit it says `None` and
/// changes nothing ([`reassemble_part`] is the way then). Else it gives the 字数 of the stretch
/// of the block's text that changed, with the character after it, before the edit and after:
/// the part's 字数 changes by their difference.
pub fn patch_paragraph(
    report: &mut Report,
    part: &Part,
    edit: &LineEdit,
    before: &LineShape,
    line: &str,
) -> Option<(WordCount, WordCount)> {
    let after = LineShape::of(part, line, before.in_sub_headed)?;
    let (removed, inserted) = (edit.removed.len(), edit.inserted.len());
    let kept_shape = after.sub_heading == before.sub_heading
        && after.body.start == before.body.start
        && after.body.end + removed == before.body.end + inserted
        && before.body.start <= edit.at
        && edit.at + removed <= before.body.end;
    let special = |text: &str| text.contains(['{', '}', '*', '＊', '\n']);
    if !kept_shape || special(edit.removed) || special(edit.inserted) {
        return None;
    }
    let body = &line[after.body];
    let at = edit.at - before.body.start;
    let (head, tail) = (&body[..at], &body[at + inserted..]);
    if head.ends_with(is_star) && tail.starts_with(is_star) {
        return None;
    }
    let blocks = report.part_range(edit.part);
    let block = report.blocks[blocks].iter_mut().find(|b| match b.kind {
        BlockKind::Paragraph { index } | BlockKind::SubHeading { index } => index == edit.number,
        BlockKind::Heading => false,
    })?;
    // Where the edit is in the block's text: the text before it is the line's as typed when
    // it holds no `{` (no field filled in), and so is the text after it when that holds no
    // brace at all. In a paragraph with fields on both sides it is not known without
    // assembling it again.
    let len: usize = block.text.iter().map(|i| i.text.len()).sum();
    let x = if !head.contains('{') {
        at
    } else if !tail.contains(['{', '}']) {
        len.checked_sub(tail.len() + removed)?
    } else {
        return None;
    };
    // The plain run the stretch is in; plain text typed between two places to fill (or
    // beside one at an end) is a run of its own, at the boundary between them.
    let mut start = 0;
    let mut spot = None;
    let mut boundary = (x == 0).then_some(0);
    for (i, inline) in block.text.iter().enumerate() {
        let end = start + inline.text.len();
        if inline.kind == InlineKind::Plain && start <= x && x + removed <= end {
            spot = Some((i, x - start));
            break;
        }
        if end == x {
            boundary = Some(i + 1);
        }
        start = end;
    }
    let (i, offset) = match (spot, boundary) {
        (Some((i, offset)), _) => {
            if block.text[i].text.get(offset..offset + removed) != Some(edit.removed) {
                return None;
            }
            (i, offset)
        }
        (None, Some(i)) if removed == 0 => {
            let run = Inline {
                text: String::new(),
                kind: InlineKind::Plain,
            };
            block.text.insert(i, run);
            (i, 0)
        }
        _ => return None,
    };
    let counts = stretch_counts(block, x, edit);
    let run = &mut block.text[i].text;
    run.replace_range(offset..offset + removed, edit.inserted);
    if run.is_empty() {
        block.text.remove(i);
    }
    Some(counts)
}

/// The 字数 of the stretch `edit` changes at byte `x` of `block`'s text, with the character
/// after it, before the edit and after: counted after the character before it, the ordinal's
/// last when it is at the start.
fn stretch_counts(block: &Block, x: usize, edit: &LineEdit) -> (WordCount, WordCount) {
    let pieces =
        std::iter::once(block.ordinal.as_str()).chain(block.text.iter().map(|i| i.text.as_str()));
    let from = block.ordinal.len() + x;
    let to = from + edit.removed.len();
    let (mut before, mut after, mut start) = (None, None, 0);
    for piece in pieces {
        let end = start + piece.len();
        if start < from && from <= end {
            before = piece
                .get(..from - start)
                .and_then(|s| s.chars().next_back());
        }
        if start <= to && to < end {
            after = piece.get(to - start..).and_then(|s| s.chars().next());
        }
        start = end;
    }
    let count = |stretch: &str| {
        let mut stretch = stretch.to_string();
        stretch.extend(after);
        word_count_after(before, &stretch)
    };
    (count(edit.removed), count(edit.inserted))
}

/// The blocks of part `index`, after `headings` numbered headings: none when it has no text.
fn part_blocks(draft: &Draft, template: &Template, index: usize, headings: usize) -> Vec<Block> {
    let field = |key: &str| template.field(key).map(|_| draft.field(key));
    let part = &template.parts[index];
    let Some(section) = draft.section(&part.id) else {
        return Vec::new();
    };
    let paragraphs: Vec<&str> = section.paragraphs().collect();
    if paragraphs.is_empty() {
        return Vec::new();
    }
    let mut blocks = Vec::with_capacity(paragraphs.len() + 1);
    let heading = section.heading.as_deref().or(part.heading.as_deref());
    if let Some(heading) = heading {
        blocks.push(Block {
            kind: BlockKind::Heading,
            part: index,
            ordinal: heading_ordinal(headings + 1),
            text: inlines(&heading[heading_body(heading)], field),
        });
    }
    if paragraphs.iter().any(|p| sub_heading(p).is_some()) {
        let mut subs = 0;
        for (n, paragraph) in paragraphs.iter().enumerate() {
            let block = if sub_heading(paragraph).is_some() {
                subs += 1;
                Block {
                    kind: BlockKind::SubHeading { index: n + 1 },
                    part: index,
                    ordinal: PointStyle::Paren.ordinal(subs),
                    text: inlines(&paragraph[paragraph_body(part, paragraph)], field),
                }
            } else {
                Block {
                    kind: BlockKind::Paragraph { index: n + 1 },
                    part: index,
                    ordinal: String::new(),
                    text: inlines(paragraph, field),
                }
            };
            blocks.push(block);
        }
        return blocks;
    }
    let lead = lead_paragraphs(&paragraphs);
    let numbered = part.points.filter(|_| paragraphs.len() - lead >= 2);
    for (n, paragraph) in paragraphs.iter().enumerate() {
        let text = &paragraph[paragraph_body(part, paragraph)];
        blocks.push(Block {
            kind: BlockKind::Paragraph { index: n + 1 },
            part: index,
            ordinal: numbered
                .filter(|_| n >= lead)
                .map(|style| style.ordinal(n + 1 - lead))
                .unwrap_or_default(),
            text: inlines(text, field),
        });
    }
    blocks
}

/// How many paragraphs at the start of a part whose template numbers points are a lead, kept
/// unnumbered: those before a typed first point (`总的来看…。` then `一是…`), when every paragraph
/// from it on has its number typed too. None otherwise: the points are then numbered from the
/// first paragraph, whatever was typed.
pub fn lead_paragraphs(paragraphs: &[&str]) -> usize {
    let Some(first) = paragraphs.iter().position(|p| read_ordinal(p).is_some()) else {
        return 0;
    };
    let starts_at_one = read_ordinal(paragraphs[first]).is_some_and(|(_, n)| n == 1);
    let all_typed = paragraphs[first..]
        .iter()
        .all(|p| read_ordinal(p).is_some());
    if starts_at_one && all_typed { first } else { 0 }
}

/// Where a paragraph's text lies in a draft line: a sub-heading's after its `#` and any typed
/// ordinal; in a part whose template numbers points, after a typed ordinal; else all of it.
pub fn paragraph_body(part: &Part, paragraph: &str) -> Range<usize> {
    if sub_heading(paragraph).is_some() {
        let after_mark = paragraph
            .trim_start()
            .trim_start_matches(crate::draft::SUB_HEADING_MARKS);
        return trimmed(paragraph, split_ordinal(after_mark).1);
    }
    match part.points {
        Some(_) => trimmed(paragraph, split_ordinal(paragraph).1),
        None => 0..paragraph.len(),
    }
}

/// Where the heading text the report keeps lies in a draft's `heading`: after a typed ordinal,
/// spaces trimmed.
pub fn heading_body(heading: &str) -> Range<usize> {
    trimmed(heading, split_ordinal(heading).1)
}

/// The range of `rest` (a suffix of `whole`) without its leading and trailing whitespace.
fn trimmed(whole: &str, rest: &str) -> Range<usize> {
    let start = whole.len() - rest.len() + (rest.len() - rest.trim_start().len());
    start..start + rest.trim().len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Section;
    use crate::report::InlineKind;
    use crate::report::export::Format;
    use crate::template::Registry;
    use crate::text::sanitize::is_clean;
    use proptest::prelude::*;

    fn report(sections: &[(&str, Option<&str>, &str)]) -> Report {
        let registry = Registry::builtin();
        let template = registry.template("dnqjl").unwrap();
        let mut draft = Draft::new(template);
        draft.fields.insert("年度".into(), "2022".into());
        draft.fields.insert("姓名".into(), "张三".into());
        for (id, heading, text) in sections {
            draft.sections.insert(
                id.to_string(),
                Section {
                    heading: heading.map(String::from),
                    text: text.to_string(),
                },
            );
        }
        assemble(&draft, template)
    }

    fn lines(report: &Report) -> Vec<String> {
        report.blocks.iter().map(Block::full_text).collect()
    }

    #[test]
    fn title_is_filled_from_fields() {
        assert_eq!(
            report(&[]).title_text(),
            "2022年度述职述德述廉述法报告（德能勤绩廉）"
        );
    }

    #[test]
    fn headings_are_numbered_in_order_and_the_drafts_heading_wins() {
        let r = report(&[
            ("opening", None, "开头。"),
            ("study", Some("学习标题"), "学习。"),
            ("duty", None, "履职。"),
        ]);
        let l = lines(&r);
        assert_eq!(l[0], "开头。");
        assert_eq!(l[1], "一、学习标题");
        assert!(l[3].starts_with("二、"), "{l:?}");
        assert_eq!(
            l[3],
            format!(
                "二、{}",
                Registry::builtin().template("dnqjl").unwrap().parts[2]
                    .heading
                    .clone()
                    .unwrap()
            )
        );
    }

    #[test]
    fn empty_part_is_left_out_and_later_parts_renumber() {
        let r = report(&[
            ("study", Some("学习"), "  \n\n"),
            ("duty", Some("履职"), "履职。"),
            ("integrity", Some("廉洁"), "廉洁。"),
        ]);
        assert_eq!(lines(&r), ["一、履职", "履职。", "二、廉洁", "廉洁。"]);
    }

    #[test]
    fn points_are_numbered_by_position_whatever_was_typed() {
        let r = report(&[(
            "study",
            Some("学习"),
            "三是甲。\n（一）乙。\n\n1. 丙。\n　　(2)丁。\n戊。",
        )]);
        assert_eq!(
            lines(&r),
            [
                "一、学习",
                "一是甲。",
                "二是乙。",
                "三是丙。",
                "四是丁。",
                "五是戊。"
            ]
        );
    }

    #[test]
    fn paragraphs_before_a_typed_first_point_are_a_lead_left_unnumbered() {
        let r = report(&[(
            "study",
            Some("学习"),
            "总的来看，学习有成效。\n一是甲。\n二是乙。",
        )]);
        assert_eq!(
            lines(&r),
            ["一、学习", "总的来看，学习有成效。", "一是甲。", "二是乙。"]
        );
        // Without a typed number on every point from the first, points count from the top.
        let r = report(&[("study", Some("学习"), "甲。\n二是乙。\n三是丙。")]);
        assert_eq!(lines(&r), ["一、学习", "一是甲。", "二是乙。", "三是丙。"]);
        let r = report(&[("study", Some("学习"), "甲。\n一是乙。\n丙。")]);
        assert_eq!(lines(&r), ["一、学习", "一是甲。", "二是乙。", "三是丙。"]);
    }

    #[test]
    fn typed_ordinal_is_replaced_by_the_right_one() {
        let r = report(&[("study", Some("五、学习"), "一是甲。\n一是乙。")]);
        assert_eq!(lines(&r), ["一、学习", "一是甲。", "二是乙。"]);
    }

    #[test]
    fn a_single_paragraph_gets_no_point_number() {
        let r = report(&[("study", Some("学习"), "二是只有一段。")]);
        assert_eq!(lines(&r), ["一、学习", "只有一段。"]);
    }

    #[test]
    fn prose_parts_keep_what_was_typed() {
        let r = report(&[("closing", None, "一是不足。\n二是打算。")]);
        assert_eq!(lines(&r), ["一是不足。", "二是打算。"]);
    }

    #[test]
    fn a_figure_at_the_start_of_a_point_is_kept() {
        let r = report(&[(
            "duty",
            Some("实绩"),
            "2025年，全乡完成。\n1.5亿元投资到位。",
        )]);
        assert_eq!(
            lines(&r)[1..],
            ["一是2025年，全乡完成。", "二是1.5亿元投资到位。"]
        );
    }

    #[test]
    fn fields_are_filled_and_slots_and_stars_are_marked() {
        let r = report(&[(
            "opening",
            None,
            "我叫{姓名}，任{职务}，完成{项目}，面积**亩。",
        )]);
        let kinds: Vec<(&str, InlineKind)> = r.blocks[0]
            .text
            .iter()
            .map(|i| (i.text.as_str(), i.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("我叫张三，任", InlineKind::Plain),
                ("{职务}", InlineKind::Slot),
                ("，完成", InlineKind::Plain),
                ("{项目}", InlineKind::Slot),
                ("，面积", InlineKind::Plain),
                ("**", InlineKind::Stars),
                ("亩。", InlineKind::Plain),
            ]
        );
        assert_eq!(r.unfilled(), (2, 1));
    }

    #[test]
    fn bodies_are_the_text_after_a_typed_ordinal_in_numbered_parts_only() {
        let registry = Registry::builtin();
        let template = registry.template("dnqjl").unwrap();
        let study = template.part("study").unwrap();
        let closing = template.part("closing").unwrap();
        assert_eq!(paragraph_body(study, "三是， 加强学习。"), 10..25);
        assert_eq!(paragraph_body(closing, "一是不足。"), 0..15);
        assert_eq!(heading_body(" 二、加强学习 "), 7..19);
    }

    #[test]
    fn the_drafts_own_title_replaces_the_templates_with_fields_filled() {
        let registry = Registry::builtin();
        let template = registry.template("dnqjl").unwrap();
        let mut draft = Draft::new(template);
        draft.fields.insert("年度".into(), "2026".into());
        draft.title = Some("林业局局长{年度}年度述职报告".into());
        assert_eq!(
            assemble(&draft, template).title_text(),
            "林业局局长2026年度述职报告"
        );
    }

    #[test]
    fn sub_headings_are_numbered_and_the_paragraphs_beneath_kept_as_typed() {
        let r = report(&[(
            "duty",
            Some("履职"),
            "总的来看，全年工作有序推进。\n# 二、抓好粮食生产\n全年粮食播种面积稳定。\n一是抓春播。\n# 推进高标准农田建设\n新建农田3200亩。",
        )]);
        assert_eq!(
            lines(&r),
            [
                "一、履职",
                "总的来看，全年工作有序推进。",
                "（一）抓好粮食生产",
                "全年粮食播种面积稳定。",
                "一是抓春播。",
                "（二）推进高标准农田建设",
                "新建农田3200亩。",
            ]
        );
        assert_eq!(r.blocks[2].kind, BlockKind::SubHeading { index: 2 });
        assert_eq!(r.blocks[6].kind, BlockKind::Paragraph { index: 6 });
        let text = String::from_utf8(Format::Txt.render(&r, &Default::default())).unwrap();
        assert!(text.contains("\n　　（一）抓好粮食生产\n"), "{text}");
        let md = String::from_utf8(Format::Md.render(&r, &Default::default())).unwrap();
        assert!(md.contains("\n### （二）推进高标准农田建设\n"), "{md}");
    }

    #[test]
    fn a_sub_headings_body_is_after_its_mark_and_typed_ordinal() {
        let registry = Registry::builtin();
        let template = registry.template("dnqjl").unwrap();
        let closing = template.part("closing").unwrap();
        let line = "# （一） 抓好粮食生产 ";
        assert_eq!(&line[paragraph_body(closing, line)], "抓好粮食生产");
    }

    #[test]
    fn paragraph_numbers_count_what_the_writer_sees() {
        let r = report(&[("study", Some("学习"), "甲。\n\n乙。")]);
        assert_eq!(r.blocks[2].kind, BlockKind::Paragraph { index: 2 });
    }

    /// Types `inserted` over `removed` bytes at byte `at` of the one line of part `duty`, and
    /// patches the report of the line as it was: whether it could, and that the report is then
    /// what assembling gives.
    fn patched(line: &str, at: usize, removed: usize, inserted: &str) -> bool {
        let registry = Registry::builtin();
        let template = registry.template("dnqjl").unwrap();
        let mut draft = Draft::new(template);
        draft.fields.insert("姓名".into(), "张三".into());
        let section = |text: String| Section {
            heading: None,
            text,
        };
        draft
            .sections
            .insert("duty".into(), section(line.to_string()));
        let mut report = assemble(&draft, template);
        let part = &template.parts[2];
        let before = LineShape::of(part, line, sub_heading(line).is_some()).unwrap();
        let mut new = line.to_string();
        new.replace_range(at..at + removed, inserted);
        draft.sections.insert("duty".into(), section(new.clone()));
        let edit = LineEdit {
            part: 2,
            number: 1,
            at,
            removed: &line[at..at + removed],
            inserted,
        };
        let counts = patch_paragraph(&mut report, part, &edit, &before, &new);
        if counts.is_some() {
            assert_eq!(report, assemble(&draft, template), "{new}");
        }
        counts.is_some()
    }

    #[test]
    fn typing_in_a_paragraph_patches_its_block_unless_a_place_to_fill_changes() {
        let long = "全面贯彻落实党的二十届四中全会精神。".repeat(50);
        assert!(patched(&long, long.len(), 0, "字"), "at the end");
        assert!(patched(&long, 300, 3, "学习"), "in the middle");
        let with_field = format!("{{姓名}}同志{long}");
        assert!(
            patched(&with_field, with_field.len(), 0, "。"),
            "after a field"
        );
        assert!(
            patched("完成**{甲}", "完成**".len(), 0, "约"),
            "between two places"
        );
        assert!(patched("面积**亩", "面积".len(), 0, "约"), "beside stars");
        assert!(!patched(&long, 300, 0, "}"), "a brace");
        assert!(
            !patched("面积**亩", "面积*".len(), 0, "约"),
            "inside a run of stars"
        );
        assert!(
            !patched("完成{甲}", "完成{".len(), 0, "乙"),
            "inside a place"
        );
    }

    proptest! {
        #[test]
        fn any_draft_assembles_checks_and_exports_clean_text(
            texts in proptest::collection::vec(any::<String>(), 7),
            heading in any::<String>(),
            name in any::<String>(),
        ) {
            let registry = Registry::builtin();
            let template = registry.template("dnqjl").unwrap();
            let mut written = Draft::new(template);
            written.fields.insert("姓名".into(), name);
            for (part, text) in template.parts.iter().zip(texts) {
                written.sections.insert(part.id.clone(), Section { heading: None, text });
            }
            written.sections.get_mut("study").unwrap().heading = Some(heading);
            // Through the file format, as a draft from disk would come: sanitized on the way in.
            let source = crate::source::Source::new("x", written.to_toml(template));
            let draft = Draft::parse(&source, &registry).unwrap();

            let report = assemble(&draft, template);
            let _ = crate::report::check(&draft, template, &report);
            for (format, _) in Format::ALL.into_iter().filter(|(f, _)| f.is_text()) {
                let text = String::from_utf8(format.render(&report, &Default::default())).unwrap();
                prop_assert!(is_clean(&text), "{text:?}");
            }
            let paragraphs: usize = draft.sections.values().map(|s| s.paragraphs().count()).sum();
            let blocks = report
                .blocks
                .iter()
                .filter(|b| matches!(b.kind, BlockKind::Paragraph { .. } | BlockKind::SubHeading { .. }))
                .count();
            prop_assert_eq!(blocks, paragraphs, "every paragraph is in the report once");
        }

        #[test]
        fn reassembling_an_edited_part_gives_the_report_assembling_gives(
            texts in proptest::collection::vec("[一二三是、。\n 学习廉洁{姓名}]{0,12}", 7),
            part in 0usize..7,
            edited in "[一二三是、。\n 学习]{0,12}",
            heading in proptest::option::of("[一、学习]{0,4}"),
        ) {
            let registry = Registry::builtin();
            let template = registry.template("dnqjl").unwrap();
            let mut draft = Draft::new(template);
            draft.fields.insert("姓名".into(), "张三".into());
            for (p, text) in template.parts.iter().zip(texts) {
                draft.sections.insert(p.id.clone(), Section { heading: None, text });
            }
            let mut report = assemble(&draft, template);
            let id = &template.parts[part].id;
            draft.sections.insert(id.clone(), Section { heading, text: edited });
            reassemble_part(&mut report, &draft, template, part);
            prop_assert_eq!(report, assemble(&draft, template));
        }
    }
}
