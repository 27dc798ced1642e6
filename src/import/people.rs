//! 署名: the name line under a report's title (`青山县农业农村局副局长 张伟`) and the signature
//! and date at its end, read into 单位, 职务 and 姓名 (and 日期).
//!
//! Only what reads plainly as such is taken: a short line with no sentence in it, whose last
//! word (after a space, or the last two or three 字 after a post such as 局长, 书记) is a name.
//! The unit and the post are told apart by where the unit's name ends (局, 委, 政府, 乡…) and
//! the post begins. Nothing here decides where the lines are; the caller offers them.

use crate::text::date::unpadded_date;

/// Last characters of a 职务 (局长, 书记, 主任, 委员…): where a 职务 ends and 姓名 begins.
pub const POST_ENDINGS: &str = "长记任员席理事官师委监导司部";

/// Last characters of a unit's name (某某县农业农村局, 某某乡人民政府, 区委宣传部…).
const UNIT_ENDINGS: &str = "局委办院府乡镇街厅部处科所站队室馆社校厂司行会中心组";

/// The longest a name line is, in characters.
const MAX_NAME_LINE_CHARS: usize = 40;

/// Words that may introduce the name (`报告人：张伟`).
const NAME_PREFIXES: &[&str] = &["报告人", "述职人", "汇报人", "总结人", "姓名"];

/// Who wrote the report, as a name line or signature says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Person {
    pub unit: Option<String>,
    pub post: Option<String>,
    pub name: String,
}

/// The person a name line names, `None` when the line is not one.
pub fn name_line(line: &str) -> Option<Person> {
    let line = line
        .trim()
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')'])
        .trim();
    let line = NAME_PREFIXES
        .iter()
        .find_map(|p| line.strip_prefix(p))
        .map(|rest| rest.trim_start_matches(['：', ':', ' ', '　']))
        .unwrap_or(line);
    if crate::text::ordinal::read_ordinal(line).is_some() {
        return None;
    }
    let count = line.chars().count();
    if !(2..=MAX_NAME_LINE_CHARS).contains(&count)
        || !line
            .chars()
            .all(|c| is_name_line_char(c) || c.is_whitespace())
    {
        return None;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let (before, name) = match words.as_slice() {
        [name] if is_name(name) => ("".to_string(), name.to_string()),
        [name] => split_name(name)?,
        [before @ .., name] if is_name(name) => (before.concat(), name.to_string()),
        _ => return None,
    };
    let (unit, post) = split_unit(&before);
    Some(Person { unit, post, name })
}

/// A date line (`2025年12月20日`, `2025-12-20`), as GB/T 9704 writes it.
pub fn date_line(line: &str) -> Option<String> {
    let line = line
        .trim()
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    unpadded_date(line)
}

/// Characters a name line is made of: Chinese, `、` between posts, `·` in a minority name.
fn is_name_line_char(c: char) -> bool {
    crate::text::count::is_han(c) || matches!(c, '、' | '·' | '•')
}

/// Two to four Chinese characters (or a name with `·`): a personal name.
fn is_name(word: &str) -> bool {
    let count = word.chars().count();
    (2..=4).contains(&count) && !word.contains('、') || (word.contains('·') && count <= 12)
}

/// `副局长张伟` → (`副局长`, `张伟`): the name is the last two or three characters, three when
/// what is left then ends like a post does. `None` when nothing before ends like a post.
fn split_name(word: &str) -> Option<(String, String)> {
    let chars: Vec<char> = word.chars().collect();
    [3, 2].into_iter().find_map(|len| {
        let cut = chars.len().checked_sub(len)?;
        let before = &chars[..cut];
        before
            .last()
            .is_some_and(|c| POST_ENDINGS.contains(*c))
            .then(|| (before.iter().collect(), chars[cut..].iter().collect()))
    })
}

/// `青山县农业农村局副局长` → (`青山县农业农村局`, `副局长`): the longest unit name that leaves
/// a post of two or more 字 ending like a post does. Without one, it is all post.
fn split_unit(text: &str) -> (Option<String>, Option<String>) {
    if text.is_empty() {
        return (None, None);
    }
    let chars: Vec<char> = text.chars().collect();
    let ends_like_post =
        |post: &[char]| post.len() >= 2 && post.last().is_some_and(|c| POST_ENDINGS.contains(*c));
    let cut = (2..chars.len().saturating_sub(1))
        .rev()
        .find(|&cut| UNIT_ENDINGS.contains(chars[cut - 1]) && ends_like_post(&chars[cut..]));
    match cut {
        Some(cut) => (
            Some(chars[..cut].iter().collect()),
            Some(chars[cut..].iter().collect()),
        ),
        None => (None, Some(text.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(unit: Option<&str>, post: Option<&str>, name: &str) -> Option<Person> {
        Some(Person {
            unit: unit.map(String::from),
            post: post.map(String::from),
            name: name.into(),
        })
    }

    #[test]
    fn a_name_line_gives_unit_post_and_name() {
        assert_eq!(
            name_line("青山县农业农村局副局长 张伟"),
            person(Some("青山县农业农村局"), Some("副局长"), "张伟")
        );
        assert_eq!(
            name_line("（区委宣传部部长　李红梅）"),
            person(Some("区委宣传部"), Some("部长"), "李红梅")
        );
        assert_eq!(
            name_line("青山县农业农村局副局长张伟"),
            person(Some("青山县农业农村局"), Some("副局长"), "张伟")
        );
        assert_eq!(name_line("报告人：张伟"), person(None, None, "张伟"));
        assert_eq!(name_line("张伟"), person(None, None, "张伟"));
    }

    #[test]
    fn a_sentence_or_a_heading_is_not_a_name_line() {
        assert_eq!(name_line("各位领导、同志们："), None);
        assert_eq!(name_line("现将有关情况报告如下。"), None);
        assert_eq!(name_line("思想政治方面"), None);
        assert_eq!(name_line("一是学习"), None);
        assert_eq!(name_line("2025年12月20日"), None);
    }

    #[test]
    fn a_date_line_is_read_as_gb_t_9704_writes_it() {
        assert_eq!(
            date_line("2025年12月20日").as_deref(),
            Some("2025年12月20日")
        );
        assert_eq!(
            date_line("（2025-12-05）").as_deref(),
            Some("2025年12月5日")
        );
        assert_eq!(date_line("2025年12月"), None);
    }
}
