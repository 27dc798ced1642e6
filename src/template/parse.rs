//! Reading a template or phrase bank file, strictly: every mistake is reported with its place.

use std::collections::{BTreeSet, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::{Bank, Field, Part, Phrase, Template};
use crate::source::{Diagnostic, Source, suggest};
use crate::text::{self, ordinal::PointStyle, slots};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    id: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    summary: String,
    title: Spanned<String>,
    max_chars: Option<usize>,
    #[serde(default)]
    signature: bool,
    byline: Option<Spanned<String>>,
    #[serde(default)]
    fields: Vec<RawField>,
    parts: Spanned<Vec<RawPart>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    key: Spanned<String>,
    label: Option<String>,
    #[serde(default)]
    hint: String,
    #[serde(default)]
    required: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPart {
    id: Spanned<String>,
    step: Spanned<String>,
    heading: Option<String>,
    points: Option<Spanned<String>>,
    #[serde(default)]
    guidance: String,
    chars: Option<Spanned<(usize, usize)>>,
    #[serde(default)]
    banks: Vec<Spanned<String>>,
    #[serde(default)]
    phrases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBank {
    id: Spanned<String>,
    name: Spanned<String>,
    groups: Vec<RawGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    topic: String,
    phrases: Vec<String>,
}

/// Parses a template; `banks` are the ids of the phrase banks it may refer to.
pub fn parse_template(
    source: &Source,
    banks: &BTreeSet<String>,
    origin: &str,
) -> Result<Template, Diagnostic> {
    let raw: RawTemplate =
        toml::from_str(&source.text).map_err(|e| source.toml_error(&e, "模板"))?;
    let id = check_id(source, &raw.id, "模板")?;
    let name = non_empty(source, &raw.name, "模板的 name（名称）")?;
    let title = non_empty(source, &raw.title, "模板的 title（标题）")?;

    let mut fields: Vec<Field> = Vec::new();
    for raw_field in raw.fields {
        let key = line(raw_field.key.get_ref());
        if key.is_empty() || key.contains(['{', '}']) {
            return Err(source.error_at(
                raw_field.key.span(),
                "字段的 key 不能为空，也不能含有花括号",
            ));
        }
        if fields.iter().any(|f| f.key == key) {
            return Err(source.error_at(raw_field.key.span(), format!("字段 `{key}` 重复")));
        }
        fields.push(Field {
            label: raw_field
                .label
                .as_deref()
                .map(line)
                .unwrap_or_else(|| key.clone()),
            key,
            hint: line(&raw_field.hint),
            required: raw_field.required,
        });
    }
    check_field_references(source, &title, raw.title.span(), "标题", &fields)?;
    let byline = match &raw.byline {
        Some(byline) => {
            let text = line(byline.get_ref());
            check_field_references(source, &text, byline.span(), "姓名行（byline）", &fields)?;
            Some(text).filter(|t| !t.is_empty())
        }
        None => None,
    };

    if raw.parts.get_ref().is_empty() {
        return Err(source.error_at(raw.parts.span(), "模板至少要有一个部分（[[parts]]）"));
    }
    let mut parts: Vec<Part> = Vec::new();
    for raw_part in raw.parts.into_inner() {
        let part_id = check_id(source, &raw_part.id, "部分")?;
        if parts.iter().any(|p| p.id == part_id) {
            return Err(source.error_at(raw_part.id.span(), format!("部分的 id `{part_id}` 重复")));
        }
        let step = non_empty(source, &raw_part.step, "部分的 step（步骤名）")?;
        let points = match &raw_part.points {
            None => None,
            Some(name) => Some(PointStyle::from_name(name.get_ref()).ok_or_else(|| {
                let names: Vec<&str> = PointStyle::ALL.iter().map(|(_, n)| *n).collect();
                source
                    .error_at(
                        name.span(),
                        format!("不认识的编号方式 `{}`", name.get_ref()),
                    )
                    .help(format!("可用的编号方式：{}", names.join("、")))
            })?),
        };
        let chars = match raw_part.chars {
            Some(range) if range.get_ref().0 > range.get_ref().1 => {
                return Err(source.error_at(range.span(), "字数范围要写成 [最少, 最多]"));
            }
            range => range.map(Spanned::into_inner),
        };
        for bank in &raw_part.banks {
            if !banks.contains(bank.get_ref()) {
                let mut err =
                    source.error_at(bank.span(), format!("找不到素材库 `{}`", bank.get_ref()));
                err = match suggest(bank.get_ref(), banks.iter().map(String::as_str)) {
                    Some(best) => err.help(format!("是否想写 `{best}`？")),
                    None => err.help(
                        "素材库放在模板文件夹的 phrases/ 子文件夹中，文件里的 id 要与此处一致",
                    ),
                };
                return Err(err);
            }
        }
        let heading = raw_part
            .heading
            .as_deref()
            .map(|h| line(text::ordinal::split_ordinal(h).1))
            .filter(|h| !h.is_empty());
        parts.push(Part {
            phrases: raw_part
                .phrases
                .iter()
                .map(|p| Phrase {
                    text: line(p),
                    topic: step.clone(),
                })
                .filter(|p| !p.text.is_empty())
                .collect(),
            id: part_id,
            step,
            heading,
            points,
            guidance: text::sanitize(raw_part.guidance.trim()).into_owned(),
            chars,
            banks: raw_part
                .banks
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
        });
    }

    Ok(Template {
        id,
        name,
        summary: line(&raw.summary),
        title,
        fields,
        parts,
        max_chars: raw.max_chars,
        signature: raw.signature,
        byline,
        origin: origin.to_string(),
    })
}

/// Parses a phrase bank.
pub fn parse_bank(source: &Source, origin: &str) -> Result<Bank, Diagnostic> {
    let raw: RawBank = toml::from_str(&source.text).map_err(|e| source.toml_error(&e, "素材库"))?;
    let id = check_id(source, &raw.id, "素材库")?;
    let name = non_empty(source, &raw.name, "素材库的 name（名称）")?;
    let mut seen = HashSet::new();
    let mut phrases = Vec::new();
    for group in raw.groups {
        let topic = line(&group.topic);
        for text in group.phrases {
            let text = line(&text);
            if !text.is_empty() && seen.insert(text.clone()) {
                phrases.push(Phrase {
                    text,
                    topic: topic.clone(),
                });
            }
        }
    }
    Ok(Bank {
        id,
        name,
        phrases,
        origin: origin.to_string(),
    })
}

/// An id as used on the command line and as a TOML key: ASCII letters, digits, `-` and `_`.
fn check_id(source: &Source, id: &Spanned<String>, what: &str) -> Result<String, Diagnostic> {
    let value = id.get_ref();
    let ok = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(value.clone())
    } else {
        Err(source
            .error_at(id.span(), format!("{what}的 id `{value}` 不合规"))
            .help("id 只能用英文字母、数字、- 和 _，例如 `dnqjl`、`study`"))
    }
}

fn non_empty(source: &Source, value: &Spanned<String>, what: &str) -> Result<String, Diagnostic> {
    let cleaned = line(value.get_ref());
    if cleaned.is_empty() {
        Err(source.error_at(value.span(), format!("{what}不能为空")))
    } else {
        Ok(cleaned)
    }
}

/// Checks that every `{…}` in `text` (the title or the byline, read at `span`) names a field.
fn check_field_references(
    source: &Source,
    text: &str,
    span: std::ops::Range<usize>,
    what: &str,
    fields: &[Field],
) -> Result<(), Diagnostic> {
    for piece in slots::pieces(text) {
        if let slots::Piece::Braced(braced) = piece {
            let name = slots::braced_name(braced);
            if !fields.iter().any(|f| f.key == name) {
                return Err(source
                    .error_at(span, format!("{what}中的 `{braced}` 不是本模板的字段"))
                    .help(format!(
                        "字段有：{}",
                        fields
                            .iter()
                            .map(|f| f.key.as_str())
                            .collect::<Vec<_>>()
                            .join("、")
                    )));
            }
        }
    }
    Ok(())
}

/// A one-line text from a file: sanitized, line breaks folded to spaces, trimmed.
fn line(s: &str) -> String {
    text::sanitize(s).replace('\n', " ").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn banks() -> BTreeSet<String> {
        ["study".to_string()].into()
    }

    fn parse(text: &str) -> Result<Template, Diagnostic> {
        parse_template(&Source::new("t.toml", text), &banks(), "测试")
    }

    const MINIMAL: &str = r#"
id = "t"
name = "测试报告"
title = "{年度}年度测试报告"

[[fields]]
key = "年度"
required = true

[[parts]]
id = "opening"
step = "开头"

[[parts]]
id = "study"
step = "学习"
heading = "一、加强学习"
points = "一是"
banks = ["study"]
chars = [100, 200]
"#;

    #[test]
    fn a_minimal_template_parses() {
        let t = parse(MINIMAL).unwrap();
        assert_eq!(t.parts.len(), 2);
        assert_eq!(
            t.parts[1].heading.as_deref(),
            Some("加强学习"),
            "typed ordinal stripped"
        );
        assert_eq!(t.parts[1].points, Some(PointStyle::Yishi));
        assert_eq!(t.fields[0].label, "年度", "label defaults to the key");
    }

    fn error(text: &str) -> Diagnostic {
        parse(text).unwrap_err()
    }

    fn line_of(d: &Diagnostic) -> usize {
        d.location.as_ref().expect("a position").line
    }

    #[test]
    fn unknown_key_is_an_error_at_its_line() {
        let d = error(&MINIMAL.replace("chars =", "charz ="));
        assert!(d.message.contains("未知的键 `charz`"), "{d}");
        assert_eq!(line_of(&d), 20);
        assert_eq!(d.help.as_deref(), Some("是否想写 `chars`？"));
    }

    #[test]
    fn duplicate_part_id_is_an_error() {
        let d = error(&MINIMAL.replace("id = \"study\"", "id = \"opening\""));
        assert!(d.message.contains("重复"), "{d}");
        assert_eq!(line_of(&d), 15);
    }

    #[test]
    fn reference_to_a_missing_bank_is_an_error() {
        let d = error(&MINIMAL.replace("[\"study\"]", "[\"studdy\"]"));
        assert!(d.message.contains("找不到素材库 `studdy`"), "{d}");
        assert_eq!(d.help.as_deref(), Some("是否想写 `study`？"));
    }

    #[test]
    fn empty_title_is_an_error() {
        let d = error(&MINIMAL.replace("{年度}年度测试报告", "  "));
        assert!(d.message.contains("title"), "{d}");
        assert_eq!(line_of(&d), 4);
    }

    #[test]
    fn title_naming_an_unknown_field_is_an_error() {
        let d = error(&MINIMAL.replace("{年度}年度", "{年份}年度"));
        assert!(d.message.contains("`{年份}` 不是本模板的字段"), "{d}");
    }

    #[test]
    fn a_byline_is_read_and_may_only_name_fields() {
        let with = |byline: &str| {
            MINIMAL.replacen("title = ", &format!("byline = \"{byline}\"\ntitle = "), 1)
        };
        assert_eq!(
            parse(&with("{年度}")).unwrap().byline.as_deref(),
            Some("{年度}")
        );
        assert_eq!(parse(&with("  ")).unwrap().byline, None);
        let d = error(&with("{姓名}"));
        assert!(
            d.message
                .contains("姓名行（byline）中的 `{姓名}` 不是本模板的字段"),
            "{d}"
        );
    }

    #[test]
    fn bad_point_style_and_reversed_range_are_errors() {
        assert!(
            error(&MINIMAL.replace("\"一是\"", "\"甲是\""))
                .message
                .contains("编号方式")
        );
        assert!(
            error(&MINIMAL.replace("[100, 200]", "[300, 200]"))
                .message
                .contains("字数范围")
        );
    }

    #[test]
    fn bad_id_and_missing_parts_are_errors() {
        assert!(
            error(&MINIMAL.replace("id = \"t\"", "id = \"述职\""))
                .message
                .contains("不合规")
        );
        let d = error("id = \"t\"\nname = \"x\"\ntitle = \"x\"\n");
        assert!(d.message.contains("缺少必需的键 `parts`"), "{d}");
    }

    #[test]
    fn control_characters_in_a_template_are_removed() {
        let t = parse(&MINIMAL.replace("测试报告\"", "测试\\u001b[2J报告\"")).unwrap();
        assert_eq!(t.name, "测试[2J报告");
    }

    #[test]
    fn bank_phrases_keep_their_topic_and_duplicates_are_dropped() {
        let bank = parse_bank(
            &Source::new(
                "b.toml",
                "id = \"b\"\nname = \"学习\"\n[[groups]]\ntopic = \"理论\"\nphrases = [\"甲。\", \"乙。\", \"甲。\"]\n",
            ),
            "测试",
        )
        .unwrap();
        assert_eq!(bank.phrases.len(), 2);
        assert_eq!(bank.phrases[1].topic, "理论");
    }

    proptest! {
        #[test]
        fn arbitrary_input_never_panics(s in any::<String>()) {
            let _ = parse(&s);
            let _ = parse_bank(&Source::new("b.toml", s), "测试");
        }

        #[test]
        fn template_like_input_never_panics(
            s in "(id = \"[a-z述]{0,3}\"\n|name = \"[^\"]{0,4}\"\n|title = \"[{}年度]{0,6}\"\n|\\[\\[parts\\]\\]\n|\\[\\[fields\\]\\]\n|key = \"[{}年度]{0,3}\"\n|step = \"[^\"]{0,3}\"\n|points = \"[一是（）1.]{0,3}\"\n|chars = \\[[0-9]{1,3}, [0-9]{1,3}\\]\n|banks = \\[\"[a-z]{0,5}\"\\]\n){0,14}"
        ) {
            let _ = parse(&s);
        }
    }
}
