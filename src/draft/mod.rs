//! 草稿: what the writer has written so far, as the TOML file of DESIGN.md.
//!
//! A [`Draft`] holds the template id, the field values, the text of each part and where the
//! wizard was left. It is read strictly against its template (an unknown key, field or part is
//! an error with its line) and written back in the same hand-editable shape, atomically. It does
//! not number, assemble or check anything: that is `report`'s job.

pub mod lock;
pub mod recovery;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::files::{self, Overwrite, PRIVATE_FILE_MODE};
use crate::source::{Diagnostic, Source, suggest};
use crate::template::{Registry, Template};
use crate::text;

/// The field the signature's date comes from.
pub const DATE_FIELD: &str = "日期";

/// The draft format this build reads and writes.
pub const FORMAT: i64 = 1;

/// A draft being written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    /// Id of the template the draft follows.
    pub template: String,
    /// Field values by key (年度 → 2025).
    pub fields: BTreeMap<String, String>,
    /// The text of each part, by part id. A part with no entry is empty.
    pub sections: BTreeMap<String, Section>,
    /// `signature = true|false`: whether this report ends with 署名 and 日期, when the writer
    /// wants otherwise than the template.
    pub signature: Option<bool>,
    /// `byline = "…"`: the line under the title naming the writer, when the writer wants
    /// otherwise than the template (`""`: none).
    pub byline: Option<String>,
    /// Where the wizard was left.
    pub state: State,
}

/// The writer's text for one part.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    /// Overrides the template's heading for this part.
    pub heading: Option<String>,
    /// One line per paragraph; blank lines mean nothing.
    pub text: String,
}

/// What the tool itself keeps in a draft (`[state]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// The wizard step to resume at: `fields`, a part id, or `review`.
    pub step: Option<String>,
}

impl Section {
    /// The paragraphs, trimmed, without blank lines.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        paragraphs(&self.text)
    }
}

/// The paragraphs of a text: its lines, trimmed, without blank ones.
pub fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|line| !line.is_empty())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDraft {
    format: Option<Spanned<i64>>,
    template: Spanned<String>,
    signature: Option<bool>,
    byline: Option<String>,
    #[serde(default)]
    fields: BTreeMap<Spanned<String>, String>,
    #[serde(default)]
    sections: BTreeMap<Spanned<String>, RawSection>,
    #[serde(default)]
    state: RawState,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    heading: Option<String>,
    #[serde(default)]
    text: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawState {
    step: Option<String>,
}

impl Draft {
    /// A new, empty draft of `template`.
    pub fn new(template: &Template) -> Draft {
        Draft {
            template: template.id.clone(),
            ..Draft::default()
        }
    }

    /// Reads and checks a draft file against the templates it may name.
    pub fn load(path: &Path, registry: &Registry) -> Result<Draft, Diagnostic> {
        Draft::parse(&Source::read(path)?, registry)
    }

    /// Parses a draft; every text in it passes the sanitizer.
    pub fn parse(source: &Source, registry: &Registry) -> Result<Draft, Diagnostic> {
        let raw: RawDraft =
            toml::from_str(&source.text).map_err(|e| source.toml_error(&e, "草稿"))?;
        if let Some(format) = &raw.format {
            let value = *format.get_ref();
            if value != FORMAT {
                let err = source.error_at(format.span(), format!("不认识的草稿格式版本 {value}"));
                return Err(if value > FORMAT {
                    err.help("这份草稿是更新版本的 shuzhi 写的，请升级 shuzhi 后再打开")
                } else {
                    err.help(format!("本版本的草稿格式是 `format = {FORMAT}`"))
                });
            }
        }
        let template = registry.template(raw.template.get_ref()).map_err(|e| {
            source
                .error_at(raw.template.span(), e.message)
                .help(e.help.unwrap_or_default())
        })?;

        let mut fields = BTreeMap::new();
        for (key, value) in raw.fields {
            if template.field(key.get_ref()).is_none() {
                let keys = template.fields.iter().map(|f| f.key.as_str());
                return Err(unknown(source, &key, "字段", template, keys));
            }
            let value = text::sanitize(&value).replace('\n', " ").trim().to_string();
            fields.insert(key.into_inner(), value);
        }
        let mut sections = BTreeMap::new();
        for (id, section) in raw.sections {
            if template.part(id.get_ref()).is_none() {
                let ids = template.parts.iter().map(|p| p.id.as_str());
                return Err(unknown(source, &id, "部分", template, ids));
            }
            let heading = section
                .heading
                .map(|h| text::sanitize(&h).replace('\n', " ").trim().to_string())
                .filter(|h| !h.is_empty());
            let text = text::sanitize(&section.text).into_owned();
            sections.insert(id.into_inner(), Section { heading, text });
        }
        Ok(Draft {
            template: template.id.clone(),
            fields,
            sections,
            signature: raw.signature,
            byline: raw
                .byline
                .map(|b| text::sanitize(&b).replace('\n', " ").trim().to_string()),
            state: State {
                step: raw
                    .state
                    .step
                    .map(|s| text::sanitize(&s).trim().to_string()),
            },
        })
    }

    /// Fills the template's `日期` field, when the draft leaves it empty, with the day given
    /// (the day the draft is begun), written as GB/T 9704 has it: `2026年12月5日`.
    pub fn date_by_default(&mut self, template: &Template, year: u32, month: u32, day: u32) {
        if template.field(DATE_FIELD).is_some() && self.field(DATE_FIELD).trim().is_empty() {
            self.fields.insert(
                DATE_FIELD.to_string(),
                text::date::chinese_date(year, month, day),
            );
        }
    }

    /// The value of a field, empty when not filled.
    pub fn field(&self, key: &str) -> &str {
        self.fields.get(key).map_or("", String::as_str)
    }

    /// The section of a part, if the draft has one.
    pub fn section(&self, part: &str) -> Option<&Section> {
        self.sections.get(part)
    }

    /// The draft as TOML in the shape of DESIGN.md: fields and parts in the template's order,
    /// each part's text as a multi-line string with one paragraph per line.
    ///
    /// Written by hand rather than with `toml::to_string` because the file is a contract people
    /// edit: the serializer would pick its own string styles and table layout.
    pub fn to_toml(&self, template: &Template) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "format = {FORMAT}");
        let _ = writeln!(out, "template = {}", basic_string(&self.template));
        if let Some(signature) = self.signature {
            let _ = writeln!(out, "signature = {signature}");
        }
        if let Some(byline) = &self.byline {
            let _ = writeln!(out, "byline = {}", basic_string(byline));
        }

        let field_order = ordered(
            self.fields.keys().map(String::as_str),
            template.fields.iter().map(|f| f.key.as_str()),
        );
        if !field_order.is_empty() {
            out.push_str("\n[fields]\n");
            for key in field_order {
                let _ = writeln!(
                    out,
                    "{} = {}",
                    basic_string(key),
                    basic_string(self.field(key))
                );
            }
        }
        let part_order = ordered(
            self.sections.keys().map(String::as_str),
            template.parts.iter().map(|p| p.id.as_str()),
        );
        for id in part_order {
            let section = &self.sections[id];
            let _ = writeln!(out, "\n[sections.{}]", table_key(id));
            if let Some(heading) = &section.heading {
                let _ = writeln!(out, "heading = {}", basic_string(heading));
            }
            let _ = writeln!(out, "text = {}", multiline_string(&section.text));
        }
        if let Some(step) = &self.state.step {
            let _ = writeln!(out, "\n[state]\nstep = {}", basic_string(step));
        }
        out
    }

    /// Writes the draft to `path` atomically, private to its owner.
    pub fn save(&self, path: &Path, template: &Template) -> std::io::Result<()> {
        files::write_atomic(
            path,
            self.to_toml(template).as_bytes(),
            PRIVATE_FILE_MODE,
            Overwrite::Replace,
        )
    }
}

fn unknown<'a>(
    source: &Source,
    key: &Spanned<String>,
    what: &str,
    template: &Template,
    known: impl Iterator<Item = &'a str> + Clone,
) -> Diagnostic {
    let name = key.get_ref();
    let err = source.error_at(
        key.span(),
        format!("模板 `{}` 没有{what} `{name}`", template.id),
    );
    match suggest(name, known.clone()) {
        Some(best) => err.help(format!("是否想写 `{best}`？")),
        None => err.help(format!(
            "可用的{what}：{}",
            known.collect::<Vec<_>>().join("、")
        )),
    }
}

/// `present` in the order of `order`, then any not in `order`.
fn ordered<'a>(
    present: impl Iterator<Item = &'a str> + Clone,
    order: impl Iterator<Item = &'a str>,
) -> Vec<&'a str> {
    let mut out: Vec<&str> = order.filter(|k| present.clone().any(|p| p == *k)).collect();
    for key in present {
        if !out.contains(&key) {
            out.push(key);
        }
    }
    out
}

/// A TOML key for a table header: bare when it can be.
fn table_key(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        key.to_string()
    } else {
        basic_string(key)
    }
}

/// A TOML basic string `"…"`.
fn basic_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    escape_into(&mut out, s, false);
    out.push('"');
    out
}

/// A TOML multi-line basic string, starting on the line after `"""` and ending on its own line.
fn multiline_string(s: &str) -> String {
    if s.trim().is_empty() {
        return "\"\"".to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str("\"\"\"\n");
    escape_into(&mut out, s, true);
    if !s.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("\"\"\"");
    out
}

fn escape_into(out: &mut String, s: &str, keep_newlines: bool) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn registry() -> Registry {
        Registry::builtin()
    }

    fn parse(text: &str) -> Result<Draft, Diagnostic> {
        Draft::parse(&Source::new("草稿.toml", text), &registry())
    }

    #[test]
    fn a_new_drafts_date_is_the_day_given_and_a_written_one_is_kept() {
        let registry = registry();
        let template = registry.template("zongjie").unwrap();
        let mut draft = Draft::new(template);
        draft.date_by_default(template, 2026, 12, 5);
        assert_eq!(draft.field("日期"), "2026年12月5日");
        draft.fields.insert("日期".into(), "2026年12月28日".into());
        draft.date_by_default(template, 2026, 12, 6);
        assert_eq!(draft.field("日期"), "2026年12月28日");
    }

    #[test]
    fn signature_and_byline_keys_are_read_and_written_back() {
        let registry = registry();
        let text =
            "format = 1\ntemplate = \"dnqjl\"\nsignature = true\nbyline = \"办公室主任　王建国\"\n";
        let draft = parse(text).unwrap();
        assert_eq!(draft.signature, Some(true));
        assert_eq!(draft.byline.as_deref(), Some("办公室主任　王建国"));
        let template = registry.template("dnqjl").unwrap();
        let again = parse(&draft.to_toml(template)).unwrap();
        assert_eq!(again, draft);
        assert_eq!(
            parse(DRAFT).unwrap().signature,
            None,
            "old drafts stay valid"
        );
    }

    const DRAFT: &str = "format = 1\ntemplate = \"dnqjl\"\n\n[fields]\n\"年度\" = \"2022\"\n\"姓名\" = \"张三\"\n\n[sections.opening]\ntext = \"\"\"\n2022年以来，……现将本人一年来履职尽责情况报告如下。\n\"\"\"\n\n[sections.study]\nheading = \"加强学习，不断提高政治素质和党性修养\"\ntext = \"\"\"\n注重理论学习，……\n\n二是注重专业知识学习，……\n\"\"\"\n";

    #[test]
    fn the_design_example_parses() {
        let draft = parse(DRAFT).unwrap();
        assert_eq!(draft.field("年度"), "2022");
        let study = draft.section("study").unwrap();
        assert_eq!(
            study.heading.as_deref(),
            Some("加强学习，不断提高政治素质和党性修养")
        );
        assert_eq!(
            study.paragraphs().count(),
            2,
            "the blank line is not a paragraph"
        );
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let crlf = format!("\u{feff}{}", DRAFT.replace('\n', "\r\n"));
        let draft = parse(&crlf).unwrap();
        assert_eq!(draft, parse(DRAFT).unwrap());
    }

    #[test]
    fn unknown_key_names_the_key_and_its_line() {
        let d = parse(&DRAFT.replace("heading =", "heding =")).unwrap_err();
        assert!(d.message.contains("`heding`"), "{d}");
        assert_eq!(d.location.as_ref().unwrap().line, 14);
        assert_eq!(d.help.as_deref(), Some("是否想写 `heading`？"));
    }

    #[test]
    fn unknown_part_field_and_template_are_errors_at_their_place() {
        let d = parse(&DRAFT.replace("sections.study", "sections.studdy")).unwrap_err();
        assert!(d.message.contains("没有部分 `studdy`"), "{d}");
        assert_eq!(d.location.as_ref().unwrap().line, 13);

        let d = parse(&DRAFT.replace("\"姓名\" = ", "\"名字\" = ")).unwrap_err();
        assert!(d.message.contains("没有字段 `名字`"), "{d}");
        assert_eq!(d.location.as_ref().unwrap().line, 6);

        let d = parse(&DRAFT.replace("\"dnqjl\"", "\"shuzhi\"")).unwrap_err();
        assert!(d.message.contains("没有 id 为 `shuzhi` 的模板"), "{d}");
        assert_eq!(d.location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn wrong_type_and_bad_toml_are_errors() {
        let d = parse(&DRAFT.replace("\"2022\"", "2022")).unwrap_err();
        assert!(d.message.contains("类型不对"), "{d}");
        assert_eq!(d.location.as_ref().unwrap().line, 5);
        let d = parse("template = \"dnqjl\n").unwrap_err();
        assert!(d.message.contains("不是有效的 TOML"), "{d}");
    }

    #[test]
    fn newer_format_asks_for_an_upgrade() {
        let d = parse(&DRAFT.replace("format = 1", "format = 2")).unwrap_err();
        assert!(d.help.unwrap().contains("升级"));
    }

    #[test]
    fn control_characters_in_a_draft_are_removed() {
        let draft = parse(&DRAFT.replace("注重理论学习", "注重\\u001b[2J理论\\u202e学习")).unwrap();
        assert!(
            draft
                .section("study")
                .unwrap()
                .text
                .contains("注重[2J理论学习")
        );
    }

    #[test]
    fn saved_draft_reads_back_the_same() {
        let registry = registry();
        let template = registry.template("dnqjl").unwrap();
        let draft = parse(DRAFT).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.toml");
        draft.save(&path, template).unwrap();
        let again = Draft::load(&path, &registry).unwrap();
        assert_eq!(again, draft);
    }

    #[test]
    fn written_draft_has_the_documented_shape() {
        let registry = registry();
        let template = registry.template("dnqjl").unwrap();
        let mut draft = Draft::new(template);
        draft.fields.insert("单位".into(), "某某乡人民政府".into());
        draft.fields.insert("年度".into(), "2022".into());
        draft.sections.insert(
            "study".into(),
            Section {
                heading: None,
                text: "引号\"与\\反斜杠\n第二段".into(),
            },
        );
        draft.state.step = Some("study".into());
        assert_eq!(
            draft.to_toml(template),
            "format = 1\ntemplate = \"dnqjl\"\n\n[fields]\n\"年度\" = \"2022\"\n\"单位\" = \"某某乡人民政府\"\n\n[sections.study]\ntext = \"\"\"\n引号\\\"与\\\\反斜杠\n第二段\n\"\"\"\n\n[state]\nstep = \"study\"\n"
        );
    }

    proptest! {
        #[test]
        fn any_text_survives_a_save_and_load(text in any::<String>(), heading in any::<String>()) {
            let registry = registry();
            let template = registry.template("dnqjl").unwrap();
            let mut draft = Draft::new(template);
            draft.sections.insert("duty".into(), Section {
                heading: Some(heading.clone()).filter(|h| !h.trim().is_empty()),
                text: text.clone(),
            });
            let written = draft.to_toml(template);
            let read = Draft::parse(&Source::new("x", written.clone()), &registry).unwrap();
            let section = read.section("duty").unwrap();
            let want: Vec<String> = paragraphs(&text::sanitize(&text)).map(String::from).collect();
            let got: Vec<String> = section.paragraphs().map(String::from).collect();
            prop_assert_eq!(got, want);
            prop_assert_eq!(read.to_toml(template), Draft::parse(&Source::new("x", read.to_toml(template)), &registry).unwrap().to_toml(template));
        }

        #[test]
        fn arbitrary_input_never_panics(s in any::<String>()) {
            let _ = parse(&s);
        }

        #[test]
        fn draft_like_input_never_panics(s in "(format = 1\n|template = \"dnqjl\"\n|\\[fields\\]\n|\\[sections\\.[a-z]{1,8}\\]\n|text = \"[^\"]{0,10}\"\n|\"[年度姓名]{2}\" = \"[^\"]{0,5}\"\n|[\\[\\]=\"a-z\n]{0,5}){0,12}") {
            let _ = parse(&s);
        }
    }
}
