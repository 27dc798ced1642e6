//! Reading a template or phrase bank file, strictly: every mistake is reported with its place.

use std::collections::{BTreeSet, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::{Bank, Error, Field, Fit, FitProblem, Part, Phrase, Role, Template, UnitKind};
use crate::source::Source;
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
    roles: Vec<Spanned<String>>,
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
    #[serde(default)]
    about: Vec<String>,
    heading: Option<String>,
    points: Option<Spanned<String>>,
    #[serde(default)]
    guidance: String,
    chars: Option<Spanned<(usize, usize)>>,
    #[serde(default)]
    banks: Vec<Spanned<String>>,
    #[serde(default)]
    phrases: Vec<RawPhrase>,
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
    from: Option<i64>,
    to: Option<i64>,
    #[serde(default)]
    types: Vec<String>,
    role: Option<String>,
    #[serde(default)]
    units: Vec<String>,
    phrases: Vec<RawPhrase>,
}

/// A phrase: its text alone, or a table with its text and the keys of [`RawFit`].
#[derive(Deserialize)]
#[serde(untagged)]
enum RawPhrase {
    Text(String),
    Table(RawPhraseTable),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhraseTable {
    text: String,
    from: Option<i64>,
    to: Option<i64>,
    #[serde(default)]
    types: Vec<String>,
    role: Option<String>,
    #[serde(default)]
    units: Vec<String>,
}

/// Whom a group or phrase is for, as written (see [`Fit`]).
struct RawFit {
    from: Option<i64>,
    to: Option<i64>,
    types: Vec<String>,
    role: Option<String>,
    units: Vec<String>,
}

/// Years a phrase may name: from the first 述职 rules to far ahead.
const YEARS: std::ops::RangeInclusive<i64> = 1980..=2100;

/// Parses a template; `banks` are the ids of the phrase banks it may refer to.
pub fn parse_template(
    source: &Source,
    banks: &BTreeSet<String>,
    origin: &str,
) -> Result<Template, Error> {
    let raw: RawTemplate = source.parse_toml("模板")?;
    let id = check_id(source, &raw.id, "模板")?;
    let name = non_empty(source, &raw.name, "模板的 name（名称）")?;
    let title = non_empty(source, &raw.title, "模板的 title（标题）")?;

    let mut fields: Vec<Field> = Vec::new();
    for raw_field in raw.fields {
        let key = line(raw_field.key.get_ref());
        if key.is_empty() || key.contains(['{', '}']) {
            return Err(Error::BadFieldKey {
                at: source.locate(raw_field.key.span()),
            });
        }
        if fields.iter().any(|f| f.key == key) {
            return Err(Error::DuplicateField {
                at: source.locate(raw_field.key.span()),
                key,
            });
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

    let mut roles = Vec::new();
    for name in &raw.roles {
        let role = Role::from_name(name.get_ref()).ok_or_else(|| Error::UnknownRole {
            name: name.get_ref().clone(),
            at: source.locate(name.span()),
        })?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }

    if raw.parts.get_ref().is_empty() {
        return Err(Error::NoParts {
            at: source.locate(raw.parts.span()),
        });
    }
    let mut parts: Vec<Part> = Vec::new();
    for raw_part in raw.parts.into_inner() {
        let part_id = check_id(source, &raw_part.id, "部分")?;
        if parts.iter().any(|p| p.id == part_id) {
            return Err(Error::DuplicatePart {
                id: part_id,
                at: source.locate(raw_part.id.span()),
            });
        }
        let step = non_empty(source, &raw_part.step, "部分的 step（步骤名）")?;
        let points = match &raw_part.points {
            None => None,
            Some(name) => Some(PointStyle::from_name(name.get_ref()).ok_or_else(|| {
                Error::UnknownPointStyle {
                    name: name.get_ref().clone(),
                    known: PointStyle::ALL.iter().map(|(_, n)| *n).collect(),
                    at: source.locate(name.span()),
                }
            })?),
        };
        let chars = match raw_part.chars {
            Some(range) if range.get_ref().0 > range.get_ref().1 => {
                return Err(Error::ReversedRange {
                    at: source.locate(range.span()),
                });
            }
            range => range.map(Spanned::into_inner),
        };
        for bank in &raw_part.banks {
            if !banks.contains(bank.get_ref()) {
                return Err(Error::UnknownBank {
                    id: bank.get_ref().clone(),
                    known: banks.iter().cloned().collect(),
                    at: source.locate(bank.span()),
                });
            }
        }
        let heading = raw_part
            .heading
            .as_deref()
            .map(|h| line(text::ordinal::split_ordinal(h).1))
            .filter(|h| !h.is_empty());
        let mut phrases = Vec::new();
        for raw_phrase in raw_part.phrases {
            if let Some(phrase) = phrase(source, raw_phrase, &step, &Fit::default())? {
                phrases.push(phrase);
            }
        }
        parts.push(Part {
            phrases,
            id: part_id,
            step,
            about: raw_part
                .about
                .iter()
                .map(|word| line(word))
                .filter(|word| !word.is_empty())
                .collect(),
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
        roles,
        byline,
        origin: origin.to_string(),
    })
}

/// Parses a phrase bank.
pub fn parse_bank(source: &Source, origin: &str) -> Result<Bank, Error> {
    let raw: RawBank = source.parse_toml("素材库")?;
    let id = check_id(source, &raw.id, "素材库")?;
    let name = non_empty(source, &raw.name, "素材库的 name（名称）")?;
    let mut seen = HashSet::new();
    let mut phrases = Vec::new();
    for group in raw.groups {
        let topic = line(&group.topic);
        let raw_fit = RawFit {
            from: group.from,
            to: group.to,
            types: group.types,
            role: group.role,
            units: group.units,
        };
        let group_fit = fit(source, raw_fit, &format!("主题“{topic}”"))?;
        for raw_phrase in group.phrases {
            if let Some(phrase) = phrase(source, raw_phrase, &topic, &group_fit)?
                && seen.insert(phrase.text.clone())
            {
                phrases.push(phrase);
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

/// One phrase under `topic`, with its own keys over the group's; `None` for an empty text.
fn phrase(
    source: &Source,
    raw: RawPhrase,
    topic: &str,
    group: &Fit,
) -> Result<Option<Phrase>, Error> {
    let (text, own) = match raw {
        RawPhrase::Text(text) => (line(&text), Fit::default()),
        RawPhrase::Table(table) => {
            let text = line(&table.text);
            let own = fit(
                source,
                RawFit {
                    from: table.from,
                    to: table.to,
                    types: table.types,
                    role: table.role,
                    units: table.units,
                },
                &format!("素材“{text}”"),
            )?;
            (text, own)
        }
    };
    if text.is_empty() {
        return Ok(None);
    }
    let fit = group.overridden_by(&own);
    if let (Some(from), Some(to)) = (fit.from, fit.to)
        && from > to
    {
        return Err(bad_fit(
            source,
            &format!("素材“{text}”"),
            FitProblem::YearsReversed { from, to },
        ));
    }
    Ok(Some(Phrase {
        text,
        topic: topic.to_string(),
        fit,
    }))
}

/// Checks the keys of [`RawFit`] written for `what` (a group or a phrase, for messages).
fn fit(source: &Source, raw: RawFit, what: &str) -> Result<Fit, Error> {
    let year = |year: Option<i64>, key: &'static str| -> Result<Option<u16>, Error> {
        match year {
            None => Ok(None),
            Some(y) if YEARS.contains(&y) => Ok(u16::try_from(y).ok()),
            Some(year) => Err(bad_fit(source, what, FitProblem::NotAYear { key, year })),
        }
    };
    let role = match &raw.role {
        None => None,
        Some(name) => Some(
            Role::from_name(name)
                .ok_or_else(|| bad_fit(source, what, FitProblem::UnknownRole(name.clone())))?,
        ),
    };
    let mut units = Vec::new();
    for name in &raw.units {
        let kind = UnitKind::from_name(name)
            .ok_or_else(|| bad_fit(source, what, FitProblem::UnknownUnit(name.clone())))?;
        units.push(kind);
    }
    for id in &raw.types {
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(bad_fit(source, what, FitProblem::BadTypeId(id.clone())));
        }
    }
    Ok(Fit {
        from: year(raw.from, "from")?,
        to: year(raw.to, "to")?,
        types: raw.types,
        role,
        units,
    })
}

fn bad_fit(source: &Source, what: &str, problem: FitProblem) -> Error {
    Error::BadFit {
        what: what.to_string(),
        problem,
        file: source.name.clone(),
    }
}

/// An id as used on the command line and as a TOML key: ASCII letters, digits, `-` and `_`.
fn check_id(source: &Source, id: &Spanned<String>, what: &'static str) -> Result<String, Error> {
    let value = id.get_ref();
    let ok = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(value.clone())
    } else {
        Err(Error::BadId {
            what,
            id: value.clone(),
            at: source.locate(id.span()),
        })
    }
}

fn non_empty(
    source: &Source,
    value: &Spanned<String>,
    what: &'static str,
) -> Result<String, Error> {
    let cleaned = line(value.get_ref());
    if cleaned.is_empty() {
        Err(Error::Empty {
            what,
            at: source.locate(value.span()),
        })
    } else {
        Ok(cleaned)
    }
}

/// Checks that every `{…}` in `text` (the title or the byline, read at `span`) names a field.
fn check_field_references(
    source: &Source,
    text: &str,
    span: std::ops::Range<usize>,
    what: &'static str,
    fields: &[Field],
) -> Result<(), Error> {
    for piece in slots::pieces(text) {
        if let slots::Piece::Braced(braced) = piece {
            let name = slots::braced_name(braced);
            if !fields.iter().any(|f| f.key == name) {
                return Err(Error::UnknownFieldReference {
                    what,
                    slot: braced.to_string(),
                    fields: fields.iter().map(|f| f.key.clone()).collect(),
                    at: source.locate(span),
                });
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
    use crate::source::Diagnostic;
    use proptest::prelude::*;

    fn banks() -> BTreeSet<String> {
        ["study".to_string()].into()
    }

    fn parse(text: &str) -> Result<Template, Error> {
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
about = ["学习", " 理论 ", ""]
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
        assert_eq!(
            t.parts[1].about,
            ["学习", "理论"],
            "trimmed, blanks dropped"
        );
        assert!(t.parts[0].about.is_empty());
    }

    fn error(text: &str) -> Diagnostic {
        parse(text).unwrap_err().into()
    }

    fn line_of(d: &Diagnostic) -> usize {
        d.location.as_ref().expect("a position").line
    }

    #[test]
    fn unknown_key_is_an_error_at_its_line() {
        let d = error(&MINIMAL.replace("chars =", "charz ="));
        assert!(d.message.contains("未知的键 `charz`"), "{d}");
        assert_eq!(line_of(&d), 21);
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

    fn bank(text: &str) -> Result<Bank, Error> {
        parse_bank(
            &Source::new("b.toml", format!("id = \"b\"\nname = \"学习\"\n{text}")),
            "测试",
        )
    }

    #[test]
    fn a_group_gives_its_years_role_and_units_to_its_phrases_and_a_phrase_may_say_its_own() {
        let b = bank(
            "[[groups]]\ntopic = \"理论\"\nfrom = 2024\nto = 2026\nrole = \"leader\"\nunits = [\"乡镇\", \"村\"]\nphrases = [\"甲。\", { text = \"乙。\", to = 2024, role = \"staff\", types = [\"zongjie\"] }]\n",
        )
        .unwrap();
        let (a, b) = (&b.phrases[0].fit, &b.phrases[1].fit);
        assert_eq!(
            (a.from, a.to, a.role),
            (Some(2024), Some(2026), Some(Role::Leader))
        );
        assert_eq!(a.units, [UnitKind::Township, UnitKind::Village]);
        assert_eq!(
            (b.from, b.to, b.role),
            (Some(2024), Some(2024), Some(Role::Staff))
        );
        assert_eq!(b.types, ["zongjie"]);
        assert_eq!(b.units, a.units, "kept from the group");
    }

    #[test]
    fn a_phrase_file_without_metadata_fits_everyone() {
        let b = bank("[[groups]]\ntopic = \"理论\"\nphrases = [\"甲。\"]\n").unwrap();
        assert_eq!(b.phrases[0].fit, Fit::default());
    }

    #[test]
    fn wrong_metadata_is_an_error_that_says_what_to_write() {
        let unit =
            bank("[[groups]]\ntopic = \"理论\"\nunits = [\"街道办\"]\nphrases = [\"甲。\"]\n")
                .unwrap_err();
        assert!(
            matches!(&unit, Error::BadFit { problem: FitProblem::UnknownUnit(name), .. } if name == "街道办"),
            "{unit}"
        );
        assert!(unit.help().unwrap().contains("县直部门"));
        let role = bank("[[groups]]\ntopic = \"理论\"\nrole = \"boss\"\nphrases = [\"甲。\"]\n")
            .unwrap_err();
        assert!(matches!(
            &role,
            Error::BadFit {
                problem: FitProblem::UnknownRole(_),
                ..
            }
        ));
        assert!(role.help().unwrap().contains("leader"));
        let years = bank(
            "[[groups]]\ntopic = \"理论\"\nfrom = 2026\nphrases = [{ text = \"甲。\", to = 2025 }]\n",
        )
        .unwrap_err();
        assert!(years.to_string().contains("晚于"), "{years}");
        assert!(matches!(
            years,
            Error::BadFit {
                problem: FitProblem::YearsReversed {
                    from: 2026,
                    to: 2025
                },
                ..
            }
        ));
        let year =
            bank("[[groups]]\ntopic = \"理论\"\nfrom = 26\nphrases = [\"甲。\"]\n").unwrap_err();
        assert!(year.to_string().contains("不是年份"), "{year}");
        assert!(
            bank("[[groups]]\ntopic = \"理论\"\nphrases = [{ txt = \"甲。\" }]\n").is_err(),
            "a misspelt key in a phrase table"
        );
    }

    #[test]
    fn a_template_says_the_roles_it_serves() {
        let t = parse(&MINIMAL.replace(
            "title = \"{年度}年度测试报告\"",
            "title = \"{年度}年度测试报告\"\nroles = [\"staff\", \"leader\"]",
        ))
        .unwrap();
        assert_eq!(t.roles, [Role::Staff, Role::Leader]);
        let d = error(&MINIMAL.replace(
            "title = \"{年度}年度测试报告\"",
            "title = \"{年度}年度测试报告\"\nroles = [\"chief\"]",
        ));
        assert!(d.message.contains("`chief`"), "{d}");
        assert_eq!(line_of(&d), 5);
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
