//! 发送前的把关: nothing leaves the machine from a draft that carries a 密级 marking anywhere
//! (its title, fields, headings or text), nor from a selection that does. A marking is what
//! `shuzhi check` reports as one (`秘密★1年`, anything with ★, a line that is only `机密` or
//! `内部资料`, `（内部）` in brackets); the words in a sentence (`保守国家秘密`, `内部控制`) are not.

use crate::draft::Draft;
use crate::report::markings;

/// The first 密级 marking in the draft or in `text`, if there is one.
pub fn marking(draft: &Draft, text: &str) -> Option<String> {
    let lines = text
        .lines()
        .chain(draft.title.as_deref().into_iter().flat_map(str::lines))
        .chain(draft.fields.values().flat_map(|v| v.lines()))
        .chain(draft.sections.values().flat_map(|s| {
            s.heading
                .as_deref()
                .into_iter()
                .flat_map(str::lines)
                .chain(s.text.lines())
        }));
    for line in lines {
        if let Some(m) = markings(line).into_iter().next() {
            return Some(m);
        }
    }
    None
}

/// The line the writer reads when nothing was sent because of a marking.
pub fn refusal(marking: &str) -> String {
    format!(
        "草稿中有密级标志“{marking}”，写作助手不会发送任何内容：涉密内容不得在非涉密计算机和网络上处理"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Section;

    #[test]
    fn a_marking_anywhere_in_the_draft_or_the_selection_stops_sending() {
        let mut draft = Draft::default();
        assert_eq!(marking(&draft, "保守国家秘密，加强内部控制"), None);
        assert_eq!(marking(&draft, "机密★1年").as_deref(), Some("机密★1年"));
        assert!(marking(&draft, "★").is_some());
        draft.sections.insert(
            "opening".into(),
            Section {
                heading: None,
                text: "内部资料　注意保存\n正文".into(),
            },
        );
        assert_eq!(
            marking(&draft, "普通的一段").as_deref(),
            Some("内部资料　注意保存")
        );
        let draft = Draft {
            title: Some("（绝密）年度报告".into()),
            ..Draft::default()
        };
        assert_eq!(marking(&draft, "x").as_deref(), Some("（绝密）"));
        assert!(refusal("秘密").contains("不会发送"));
    }
}
