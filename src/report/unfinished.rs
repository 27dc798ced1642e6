//! 导出前提醒: what is still unfinished in a report about to be handed in, for the warning the
//! writer sees before an export (who may export anyway).
//!
//! [`unfinished`] lists, in reading order: places still to fill (`{…}` and runs of `*`), parts
//! with no text, parts far outside their usual 字数, 密级 markings (a report drafted on a shared
//! server must not carry classified matter), and an empty 署名 or 日期. It looks at the report
//! as assembled, so it says what the exported file would show. It decides nothing and prints
//! nothing: the caller shows [`Unfinished::message`]s. `check` goes further (punctuation,
//! required fields); this is the short list that matters at the moment of export.

use super::{Inline, InlineKind, Report, part_count, plain};
use crate::template::{Part, Template};

/// A part is "far" outside its usual 字数 below `min / FAR_FACTOR` or above `max * FAR_FACTOR`.
const FAR_FACTOR: usize = 2;

/// How many places still to fill are quoted in the message.
const QUOTED_PLACES: usize = 3;

/// The 密级 words of GB/T 9704 §7.2.2 and the markings offices use for internal material.
const MARKING_WORDS: [&str; 5] = ["绝密", "机密", "秘密", "涉密", "内部"];

/// One thing unfinished.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unfinished {
    /// `{…}` slots and `*` runs still to fill, with the first few as written.
    Unfilled {
        slots: usize,
        stars: usize,
        first: Vec<String>,
    },
    /// A part of the template with no text (it is left out of the report).
    EmptyPart { part: usize },
    /// A part far shorter or longer than usual.
    Length {
        part: usize,
        words: usize,
        usual: (usize, usize),
    },
    /// A 密级 marking (`秘密★1年`, `内部资料`) in the text, with where it is.
    Marking {
        marking: String,
        part: Option<usize>,
    },
    /// The 署名 has no name.
    EmptySignatureName,
    /// The 署名 has no date.
    EmptySignatureDate,
}

/// Where a part's 字数 lies against its usual range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Length {
    Usual,
    /// Below the range (偏短).
    Short,
    /// Above it (偏长).
    Long,
    /// Below a half of its least.
    FarShort,
    /// Above twice its most.
    FarLong,
}

impl Length {
    /// Where `words` lies for `part`; `None` when the part has no usual range or no text.
    pub fn of(part: &Part, words: usize) -> Option<Length> {
        let (min, max) = part.chars?;
        Some(match words {
            0 => return None,
            w if w * FAR_FACTOR < min => Length::FarShort,
            w if w < min => Length::Short,
            w if w > max * FAR_FACTOR => Length::FarLong,
            w if w > max => Length::Long,
            _ => Length::Usual,
        })
    }

    /// `偏短`, `偏长`, or nothing for a usual length.
    pub fn note(self) -> &'static str {
        match self {
            Length::Usual => "",
            Length::Short | Length::FarShort => "偏短",
            Length::Long | Length::FarLong => "偏长",
        }
    }
}

/// What is unfinished in `report`, assembled from a draft of `template`, in reading order.
pub fn unfinished(template: &Template, report: &Report) -> Vec<Unfinished> {
    let mut out = Vec::new();

    let everything = report
        .title
        .iter()
        .chain(report.byline.iter().flatten())
        .chain(report.blocks.iter().flat_map(|b| b.text.iter()))
        .chain(
            report
                .signature
                .iter()
                .flat_map(|s| s.name.iter().chain(&s.date)),
        );
    let (mut slots, mut stars, mut first) = (0, 0, Vec::new());
    for inline in everything {
        match inline.kind {
            InlineKind::Plain => continue,
            InlineKind::Slot => slots += 1,
            InlineKind::Stars => stars += 1,
        }
        if first.len() < QUOTED_PLACES && !first.contains(&inline.text) {
            first.push(inline.text.clone());
        }
    }
    if slots + stars > 0 {
        out.push(Unfinished::Unfilled {
            slots,
            stars,
            first,
        });
    }

    let heads = [&report.title]
        .into_iter()
        .chain(report.byline.as_ref())
        .map(|line| (None, plain(line)));
    let bodies = report.blocks.iter().map(|b| (Some(b.part), b.full_text()));
    for (part, text) in heads.chain(bodies) {
        for marking in markings(&text) {
            out.push(Unfinished::Marking { marking, part });
        }
    }

    for (index, part) in template.parts.iter().enumerate() {
        if report.part_range(index).is_empty() {
            out.push(Unfinished::EmptyPart { part: index });
            continue;
        }
        let words = part_count(report, index).words;
        if let (Some(Length::FarShort | Length::FarLong), Some(usual)) =
            (Length::of(part, words), part.chars)
        {
            out.push(Unfinished::Length {
                part: index,
                words,
                usual,
            });
        }
    }

    if let Some(signature) = &report.signature {
        if is_empty(&signature.name) {
            out.push(Unfinished::EmptySignatureName);
        }
        if is_empty(&signature.date) {
            out.push(Unfinished::EmptySignatureDate);
        }
    }
    out
}

/// A signature line with nothing written: blank, or only a place to fill.
fn is_empty(line: &[Inline]) -> bool {
    line.iter()
        .all(|i| i.kind != InlineKind::Plain || i.text.trim().is_empty())
}

/// The 密级 markings in one line of the report: anything with ★ (`机密★1年`); a line that is
/// no more than a marking (`秘密`, `内部资料　注意保存`); a marking in brackets (`（内部）`).
/// The words in a sentence (`保守国家秘密`, `涉密载体管理`, `内部控制`) are not markings.
pub(crate) fn markings(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c == '★' {
            let from = i.saturating_sub(2);
            let to = chars[i + 1..]
                .iter()
                .position(|c| !(c.is_ascii_digit() || "年个月长期".contains(*c)))
                .map_or(chars.len(), |n| i + 1 + n);
            out.push(chars[from..to].iter().collect());
        }
    }
    let line = text.trim();
    if out.is_empty() && is_marking(line) {
        out.push(line.to_string());
    }
    let mut rest = text;
    while let Some(open) = rest.find(['（', '(', '【', '[']) {
        let inner = &rest[open..];
        let open_len = inner.chars().next().map_or(1, char::len_utf8);
        let Some(close) = inner[open_len..].find(['）', ')', '】', ']']) else {
            break;
        };
        let close = open_len + close;
        let close_len = inner[close..].chars().next().map_or(1, char::len_utf8);
        let bracketed = &inner[..close + close_len];
        if is_marking(&inner[open_len..close]) && !out.iter().any(|m| m.contains(bracketed)) {
            out.push(bracketed.to_string());
        }
        rest = &inner[close + close_len..];
    }
    out
}

/// Whether `text` is nothing but a marking: a 密级 word, then maybe its term (`1年`), or a
/// word for the material (`内部资料`) and `注意保存`.
fn is_marking(text: &str) -> bool {
    const MATERIAL: [&str; 5] = ["资料", "文件", "材料", "刊物", "使用"];
    let Some(rest) = MARKING_WORDS.iter().find_map(|w| text.strip_prefix(w)) else {
        return false;
    };
    let rest = rest.trim_start();
    let rest = MATERIAL
        .iter()
        .find_map(|m| rest.strip_prefix(m))
        .unwrap_or(rest);
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || "，,、".contains(c));
    let rest = rest.strip_prefix("注意保存").unwrap_or(rest);
    rest.trim_end_matches('。')
        .chars()
        .all(|c| c.is_ascii_digit() || "年个月长期".contains(c))
}

impl Unfinished {
    /// The line the writer reads, in 公文 language.
    pub fn message(&self, template: &Template) -> String {
        let step = |part: usize| {
            template
                .parts
                .get(part)
                .map_or_else(String::new, |p| p.step.clone())
        };
        match self {
            Unfinished::Unfilled {
                slots,
                stars,
                first,
            } => {
                let mut counts = Vec::new();
                if *slots > 0 {
                    counts.push(format!("{slots} 处 {{…}}"));
                }
                if *stars > 0 {
                    counts.push(format!("{stars} 处 *"));
                }
                format!(
                    "还有待填写的内容：{}（如 {}）",
                    counts.join("、"),
                    first.join("、")
                )
            }
            Unfinished::EmptyPart { part } => {
                format!(
                    "「{}」部分还没有写，导出的报告中不会出现这一部分",
                    step(*part)
                )
            }
            Unfinished::Length {
                part,
                words,
                usual: (min, max),
            } => {
                let how = if words < min {
                    "远少于"
                } else {
                    "远多于"
                };
                format!(
                    "「{}」部分 {words} 字（标题在内），{how}常见的 {min}–{max} 字",
                    step(*part)
                )
            }
            Unfinished::Marking { marking, part } => {
                let place =
                    part.map_or_else(|| "标题处".to_string(), |p| format!("「{}」部分", step(p)));
                format!(
                    "{place}有密级标志“{marking}”：涉密内容不得在非涉密计算机上撰写、存储和传输，请删除后再导出"
                )
            }
            Unfinished::EmptySignatureName => {
                "落款还没有署名，请在“基本信息”中填写姓名".to_string()
            }
            Unfinished::EmptySignatureDate => {
                "落款还没有日期，请在“基本信息”中填写日期，如 2026年12月5日".to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::{Draft, Section};
    use crate::report::assemble;
    use crate::template::Registry;

    /// A 个人年度工作总结 with every part written at its usual length, name and date given.
    fn finished() -> Draft {
        let registry = Registry::builtin();
        let template = registry.template("zongjie").unwrap();
        let mut draft = Draft::new(template);
        for (key, value) in [
            ("年度", "2026"),
            ("姓名", "王晓岚"),
            ("日期", "2026年12月5日"),
        ] {
            draft.fields.insert(key.into(), value.into());
        }
        for part in &template.parts {
            let (min, _) = part.chars.unwrap_or((10, 10));
            draft.sections.insert(
                part.id.clone(),
                Section {
                    heading: None,
                    text: format!("{}。", "认真履行岗位职责".repeat(min / 8 + 1)),
                },
            );
        }
        draft
    }

    fn list(draft: &Draft) -> Vec<Unfinished> {
        let registry = Registry::builtin();
        let template = registry.template(&draft.template).unwrap();
        unfinished(template, &assemble(draft, template))
    }

    fn messages(draft: &Draft) -> Vec<String> {
        let registry = Registry::builtin();
        let template = registry.template(&draft.template).unwrap();
        list(draft).iter().map(|u| u.message(template)).collect()
    }

    fn set(draft: &mut Draft, part: &str, text: &str) {
        draft.sections.insert(
            part.into(),
            Section {
                heading: None,
                text: text.into(),
            },
        );
    }

    #[test]
    fn a_finished_report_has_nothing_to_say() {
        assert_eq!(list(&finished()), []);
    }

    #[test]
    fn places_to_fill_are_counted_and_the_first_quoted() {
        let mut draft = finished();
        let text = format!(
            "{}完成{{项目名称}}，面积*亩，投资**万元，{{项目名称}}竣工。",
            "认真履行岗位职责".repeat(13)
        );
        set(&mut draft, "work", &text.repeat(8));
        let found = list(&draft);
        assert_eq!(
            found[0],
            Unfinished::Unfilled {
                slots: 16,
                stars: 16,
                first: vec!["{项目名称}".into(), "*".into(), "**".into()],
            }
        );
        assert!(
            messages(&draft)[0].contains("16 处 {…}、16 处 *"),
            "{:?}",
            messages(&draft)
        );
    }

    #[test]
    fn an_empty_part_and_a_part_far_from_its_usual_length_are_named() {
        let mut draft = finished();
        draft.sections.remove("politics");
        set(&mut draft, "work", "认真履行岗位职责。");
        let said = messages(&draft);
        assert_eq!(
            said,
            [
                "「思想政治」部分还没有写，导出的报告中不会出现这一部分",
                "「业务工作」部分 17 字（标题在内），远少于常见的 800–1500 字",
            ]
        );
    }

    #[test]
    fn a_part_a_little_off_its_usual_length_is_not_a_warning_but_check_calls_it_short() {
        let registry = Registry::builtin();
        let template = registry.template("zongjie").unwrap();
        let work = template.part("work").unwrap();
        assert_eq!(Length::of(work, 700), Some(Length::Short));
        assert_eq!(Length::of(work, 700).unwrap().note(), "偏短");
        assert_eq!(Length::of(work, 399), Some(Length::FarShort));
        assert_eq!(Length::of(work, 1000), Some(Length::Usual));
        assert_eq!(Length::of(work, 3001), Some(Length::FarLong));
        assert_eq!(Length::of(work, 0), None);
    }

    #[test]
    fn classified_markings_are_found_and_ordinary_words_are_not() {
        for marked in [
            "秘密★1年",
            "机密★长期",
            "绝密",
            "内部资料　注意保存",
            "（内部）关于柳溪乡的情况",
            "涉密",
        ] {
            assert!(!markings(marked).is_empty(), "{marked}");
        }
        assert_eq!(markings("秘密★1年"), ["秘密★1年"]);
        assert_eq!(markings("材料（内部）如下"), ["（内部）"]);
        for sentence in [
            "严格遵守保密纪律，保守党和国家秘密。",
            "规范涉密载体管理，全年未发生失泄密事件。",
            "健全内部控制制度，加强内部审计监督。",
            "内部管理不断规范。",
            "（内部审计发现问题3个）",
        ] {
            assert_eq!(markings(sentence), Vec::<String>::new(), "{sentence}");
        }
    }

    #[test]
    fn a_marking_in_the_text_is_named_with_its_part() {
        let mut draft = finished();
        let registry = Registry::builtin();
        let template = registry.template("zongjie").unwrap();
        let opening = &draft.sections["opening"].text.clone();
        set(&mut draft, "opening", &format!("秘密★1年\n{opening}"));
        assert_eq!(
            list(&draft),
            [Unfinished::Marking {
                marking: "秘密★1年".into(),
                part: Some(0)
            }]
        );
        assert!(
            list(&draft)[0]
                .message(template)
                .starts_with("「开头」部分有密级标志“秘密★1年”")
        );
    }

    #[test]
    fn an_empty_signature_name_and_date_are_named() {
        let mut draft = finished();
        draft.fields.remove("姓名");
        draft.fields.remove("日期");
        let found = list(&draft);
        assert!(found.contains(&Unfinished::EmptySignatureName), "{found:?}");
        assert!(found.contains(&Unfinished::EmptySignatureDate), "{found:?}");
        // A template without a signature has none to miss.
        draft.signature = Some(false);
        let found = list(&draft);
        assert!(
            !found.contains(&Unfinished::EmptySignatureName),
            "{found:?}"
        );
    }
}
