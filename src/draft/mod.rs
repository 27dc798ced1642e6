//! 草稿: what the writer has written so far, as the TOML file of DESIGN.md.
//!
//! A [`Draft`] holds the template id, its own title when it has one, the field values, the text
//! of each part and where the wizard was left. Inside a part's text a line beginning with `#`
//! is a sub-heading (小标题, numbered （一）（二）… by the tool) with the paragraphs after it
//! beneath it; a draft without such lines reads as it always did. It is read strictly against its template (an unknown key, field or part is
//! an error with its line) and written back in the same hand-editable shape, atomically. It does
//! not number, assemble or check anything: that is `report`'s job.

mod error;
pub mod lock;
pub mod recovery;

pub use error::Error;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::files::{self, Overwrite, PRIVATE_FILE_MODE};
use crate::source::Source;
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
    /// The report's own title (`title = "…"`), replacing the template's; `{字段}` works in it.
    pub title: Option<String>,
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
    /// Findings the writer marked 忽略, by [`crate::report::Problem::key`].
    pub ignored: Vec<String>,
    /// The writer agreed, once for this draft, to send its text to the writing assistant.
    pub assistant_agreed: bool,
}

impl Section {
    /// No text but spaces and blank lines, and no heading of its own: as good as no entry.
    pub fn is_blank(&self) -> bool {
        self.heading.is_none() && self.text.trim().is_empty()
    }

    /// The paragraphs, trimmed, without blank lines.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        paragraphs(&self.text)
    }
}

/// The paragraphs of a text: its lines, trimmed, without blank ones.
pub fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|line| !line.is_empty())
}

/// What begins a sub-heading line in a part's text (`# 强化理论武装`); the full-width `＃` an
/// IME gives is taken too.
pub const SUB_HEADING_MARKS: [char; 2] = ['#', '＃'];

/// The text of a sub-heading paragraph (`# 强化理论武装` → `强化理论武装`), `None` when the
/// paragraph is not one. A mark with nothing after it is not a sub-heading.
pub fn sub_heading(paragraph: &str) -> Option<&str> {
    let trimmed = paragraph.trim();
    let rest = trimmed.trim_start_matches(SUB_HEADING_MARKS);
    if rest.len() == trimmed.len() {
        return None;
    }
    let rest = rest.trim();
    (!rest.is_empty()).then_some(rest)
}

/// A paragraph line that is a sub-heading with `text`, as it is written in a part's text.
pub fn sub_heading_line(text: &str) -> String {
    format!("{} {}", SUB_HEADING_MARKS[0], text.trim())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDraft {
    format: Option<Spanned<i64>>,
    template: Spanned<String>,
    title: Option<String>,
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
    #[serde(default)]
    ignored: Vec<String>,
    #[serde(default)]
    assistant_agreed: bool,
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
    pub fn load(path: &Path, registry: &Registry) -> Result<Draft, Error> {
        Draft::parse(&Source::read(path)?, registry)
    }

    /// Parses a draft; every text in it passes the sanitizer.
    pub fn parse(source: &Source, registry: &Registry) -> Result<Draft, Error> {
        let raw: RawDraft = source.parse_toml("草稿")?;
        if let Some(format) = &raw.format {
            let version = *format.get_ref();
            if version != FORMAT {
                return Err(Error::Format {
                    version,
                    at: source.locate(format.span()),
                });
            }
        }
        let template = registry
            .template(raw.template.get_ref())
            .map_err(|source_error| Error::Template {
                source: Box::new(source_error),
                at: source.locate(raw.template.span()),
            })?;

        let mut fields = BTreeMap::new();
        for (key, value) in raw.fields {
            if template.field(key.get_ref()).is_none() {
                return Err(Error::UnknownField {
                    template: template.id.clone(),
                    known: template.fields.iter().map(|f| f.key.clone()).collect(),
                    at: source.locate(key.span()),
                    key: key.into_inner(),
                });
            }
            let value = text::sanitize(&value).replace('\n', " ").trim().to_string();
            fields.insert(key.into_inner(), value);
        }
        let mut sections = BTreeMap::new();
        for (id, section) in raw.sections {
            if template.part(id.get_ref()).is_none() {
                return Err(Error::UnknownPart {
                    template: template.id.clone(),
                    known: template.parts.iter().map(|p| p.id.clone()).collect(),
                    at: source.locate(id.span()),
                    id: id.into_inner(),
                });
            }
            let heading = section
                .heading
                .map(|h| text::sanitize(&h).replace('\n', " ").trim().to_string())
                .filter(|h| !h.is_empty());
            let text = text::sanitize(&section.text).into_owned();
            sections.insert(id.into_inner(), Section { heading, text });
        }
        let title = raw
            .title
            .map(|t| text::sanitize(&t).replace('\n', " ").trim().to_string())
            .filter(|t| !t.is_empty());
        Ok(Draft {
            template: template.id.clone(),
            title,
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
                ignored: raw.state.ignored,
                assistant_agreed: raw.state.assistant_agreed,
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
    /// A part's text, when it has any (a blank text with no heading of its own, as a part left
    /// with only spaces, is none).
    pub fn section(&self, part: &str) -> Option<&Section> {
        self.sections.get(part).filter(|s| !s.is_blank())
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
        if let Some(title) = &self.title {
            let _ = writeln!(out, "title = {}", basic_string(title));
        }
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
            if section.is_blank() {
                continue;
            }
            let _ = writeln!(out, "\n[sections.{}]", table_key(id));
            if let Some(heading) = &section.heading {
                let _ = writeln!(out, "heading = {}", basic_string(heading));
            }
            let _ = writeln!(out, "text = {}", multiline_string(&section.text));
        }
        if self.state.step.is_some()
            || !self.state.ignored.is_empty()
            || self.state.assistant_agreed
        {
            out.push_str("\n[state]\n");
        }
        if let Some(step) = &self.state.step {
            let _ = writeln!(out, "step = {}", basic_string(step));
        }
        if !self.state.ignored.is_empty() {
            let keys: Vec<String> = self.state.ignored.iter().map(|k| basic_string(k)).collect();
            let _ = writeln!(out, "ignored = [{}]", keys.join(", "));
        }
        if self.state.assistant_agreed {
            out.push_str("assistant_agreed = true\n");
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
    use crate::source::{Diagnostic, TomlErrorKind};
    use proptest::prelude::*;

    fn registry() -> Registry {
        Registry::builtin()
    }

    fn parse(text: &str) -> Result<Draft, Diagnostic> {
        parse_typed(text).map_err(Diagnostic::from)
    }

    fn parse_typed(text: &str) -> Result<Draft, Error> {
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
    fn the_assistant_agreement_is_kept_in_state_and_old_drafts_have_none() {
        let registry = registry();
        let template = registry.template("dnqjl").unwrap();
        let old = parse("format = 1\ntemplate = \"dnqjl\"\n\n[state]\nstep = \"duty\"\n").unwrap();
        assert!(!old.state.assistant_agreed);
        assert!(!old.to_toml(template).contains("assistant_agreed"));
        let mut draft = old;
        draft.state.assistant_agreed = true;
        let text = draft.to_toml(template);
        assert!(
            text.contains("[state]\nstep = \"duty\"\nassistant_agreed = true\n"),
            "{text}"
        );
        assert!(parse(&text).unwrap().state.assistant_agreed);
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
    fn a_draft_may_carry_its_own_title_and_keeps_it_through_a_save() {
        let draft = parse(&DRAFT.replace(
            "template = \"dnqjl\"\n",
            "template = \"dnqjl\"\ntitle = \" 林业局局长{年度}年度述职报告 \"\n",
        ))
        .unwrap();
        assert_eq!(draft.title.as_deref(), Some("林业局局长{年度}年度述职报告"));
        let registry = registry();
        let template = registry.template("dnqjl").unwrap();
        let again = Draft::parse(&Source::new("x", draft.to_toml(template)), &registry).unwrap();
        assert_eq!(again, draft);
        assert_eq!(parse(DRAFT).unwrap().title, None, "old drafts have none");
    }

    #[test]
    fn a_line_starting_with_a_hash_is_a_sub_heading() {
        assert_eq!(sub_heading("# 强化理论武装"), Some("强化理论武装"));
        assert_eq!(
            sub_heading("＃（一）强化理论武装 "),
            Some("（一）强化理论武装")
        );
        assert_eq!(sub_heading("#"), None);
        assert_eq!(sub_heading("全年完成#1号楼建设。"), None);
        assert_eq!(
            sub_heading(&sub_heading_line("强化理论武装")),
            Some("强化理论武装")
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
        let err = parse_typed(&DRAFT.replace("heading =", "heding =")).unwrap_err();
        assert!(
            matches!(&err, Error::Toml(e) if matches!(&e.kind, TomlErrorKind::UnknownKey { key, .. } if key == "heding")),
            "{err:?}"
        );
        let d = Diagnostic::from(err);
        assert!(d.message.contains("`heding`"), "{d}");
        assert_eq!(d.location.as_ref().unwrap().line, 14);
        assert_eq!(d.help.as_deref(), Some("是否想写 `heading`？"));
    }

    #[test]
    fn unknown_part_field_and_template_are_errors_at_their_place() {
        let err = parse_typed(&DRAFT.replace("sections.study", "sections.studdy")).unwrap_err();
        assert!(matches!(&err, Error::UnknownPart { id, .. } if id == "studdy"));
        let d = Diagnostic::from(err);
        assert!(d.message.contains("没有部分 `studdy`"), "{d}");
        assert_eq!(d.location.as_ref().unwrap().line, 13);

        let d = parse(&DRAFT.replace("\"姓名\" = ", "\"名字\" = ")).unwrap_err();
        assert!(d.message.contains("没有字段 `名字`"), "{d}");
        assert_eq!(d.location.as_ref().unwrap().line, 6);

        let err = parse_typed(&DRAFT.replace("\"dnqjl\"", "\"shuzhi\"")).unwrap_err();
        assert!(matches!(
            &err,
            Error::Template { source, .. }
                if matches!(**source, crate::template::Error::UnknownTemplate { .. })
        ));
        let d = Diagnostic::from(err);
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
        let err = parse_typed(&DRAFT.replace("format = 1", "format = 2")).unwrap_err();
        assert!(matches!(err, Error::Format { version: 2, .. }));
        let d = Diagnostic::from(err);
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
            let want: Vec<String> = paragraphs(&text::sanitize(&text)).map(String::from).collect();
            match read.section("duty") {
                Some(section) => {
                    let got: Vec<String> = section.paragraphs().map(String::from).collect();
                    prop_assert_eq!(got, want);
                }
                // A part with neither heading nor text (spaces only) is an empty part.
                None => prop_assert!(want.iter().all(|p| p.trim().is_empty()), "{:?}", want),
            }
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
