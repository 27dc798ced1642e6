//! The .docx export as Word, WPS and LibreOffice will read it: the real binary writes the file,
//! the test unzips it and parses every part, then asserts the GB/T 9704 layout (fonts, sizes,
//! spacing, indents, margins, grid, footers) and that the report's text is all there, in order.
//!
//! `sample_draft_converts_to_a_gbt9704_pdf_in_libreoffice` also converts the sample to PDF with
//! LibreOffice and checks the pages. Under CI (the `CI` variable set) it fails when `soffice` or
//! `pdfinfo` is missing, since `.ci/run` installs them; elsewhere it is skipped, saying so.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use roxmltree::{Document, Node};

mod common;

use common::{Sandbox, repo};
use shuzhi::draft::Draft;
use shuzhi::report::{Report, assemble};
use shuzhi::template::Registry;

const FIXTURE: &str = "tests/fixtures/xiangzhang.toml";
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const LATIN: &str = "Times New Roman";

impl Sandbox {
    fn template(&self, name: &str, toml: &str) {
        let dir = self.config_dir().join("templates");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(name), toml).unwrap();
    }

    /// Renders `draft` (a path, or TOML text when it has a newline) to `report.docx`.
    fn render(&self, draft: &str) -> Package {
        let draft = if draft.contains('\n') {
            std::fs::write(self.path("draft.toml"), draft).unwrap();
            self.path("draft.toml")
        } else {
            repo(draft)
        };
        let output = self
            .command(&["render", draft.to_str().unwrap(), "-o", "report.docx"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        Package::read(&std::fs::read(self.path("report.docx")).unwrap())
    }

    /// The report the draft assembles to, through the library, with the sandbox's templates.
    fn report(&self, draft: &Path) -> Report {
        let registry = Registry::load(Some(&self.config_dir().join("templates"))).unwrap();
        let draft = Draft::load(draft, &registry).unwrap();
        assemble(&draft, registry.template(&draft.template).unwrap())
    }
}

/// The parts of a .docx, by name.
struct Package {
    parts: BTreeMap<String, String>,
}

impl Package {
    fn read(bytes: &[u8]) -> Package {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip file");
        let mut parts = BTreeMap::new();
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).expect("every part is UTF-8");
            parts.insert(file.name().expect("a UTF-8 part name").to_string(), text);
        }
        Package { parts }
    }

    fn xml(&self, name: &str) -> Document<'_> {
        let text = self
            .parts
            .get(name)
            .unwrap_or_else(|| panic!("no part {name}"));
        Document::parse(text).unwrap_or_else(|e| panic!("{name} is not well-formed: {e}"))
    }
}

// ---- Reading WordprocessingML ----

fn child<'a>(node: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn children<'a>(node: Node<'a, 'a>, name: &'a str) -> impl Iterator<Item = Node<'a, 'a>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn attr<'a>(node: Option<Node<'a, 'a>>, name: &str) -> Option<&'a str> {
    node.and_then(|n| n.attribute((W, name)))
}

/// The value of `w:{property}/@w:{name}` in a paragraph's or run's properties.
fn prop<'a>(properties: Option<Node<'a, 'a>>, property: &str, name: &str) -> Option<&'a str> {
    attr(properties.and_then(|p| child(p, property)), name)
}

fn paragraphs<'a>(document: &'a Document<'a>) -> Vec<Node<'a, 'a>> {
    let body = child(document.root_element(), "body").expect("w:body");
    children(body, "p").collect()
}

/// A paragraph's text: its `w:t`, with `w:br` as a line break.
fn text(paragraph: Node) -> String {
    let mut out = String::new();
    for node in paragraph.descendants() {
        match node.tag_name().name() {
            "t" if node.tag_name().namespace() == Some(W) => {
                out.push_str(node.text().unwrap_or(""))
            }
            "br" => out.push('\n'),
            _ => {}
        }
    }
    out
}

fn runs<'a>(paragraph: Node<'a, 'a>) -> Vec<Node<'a, 'a>> {
    children(paragraph, "r").collect()
}

fn run_text(run: Node) -> String {
    children(run, "t").filter_map(|t| t.text()).collect()
}

fn run_props<'a>(run: Node<'a, 'a>) -> Option<Node<'a, 'a>> {
    child(run, "rPr")
}

fn para_props<'a>(paragraph: Node<'a, 'a>) -> Option<Node<'a, 'a>> {
    child(paragraph, "pPr")
}

fn sample() -> (Sandbox, Package) {
    let s = Sandbox::new();
    let package = s.render(FIXTURE);
    (s, package)
}

// ---- The package ----

#[test]
fn every_part_is_well_formed_xml_and_declared_in_content_types() {
    let (_s, package) = sample();
    for name in package.parts.keys() {
        package.xml(name);
    }
    let types = package.xml("[Content_Types].xml");
    let declared: Vec<&str> = types
        .root_element()
        .children()
        .filter_map(|n| n.attribute("PartName"))
        .collect();
    for name in package.parts.keys() {
        if !name.ends_with(".rels") && name != "[Content_Types].xml" {
            assert!(declared.contains(&format!("/{name}").as_str()), "{name}");
        }
    }
    for name in [
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/footer1.xml",
        "word/footer2.xml",
    ] {
        assert!(package.parts.contains_key(name), "{name}");
    }
}

#[test]
fn no_theme_fonts_and_no_control_characters_anywhere() {
    let (_s, package) = sample();
    for (name, xml) in &package.parts {
        assert!(!xml.contains("Theme\""), "{name} names a theme font");
        assert!(
            !xml.chars().any(|c| c.is_control()),
            "{name} holds a control character"
        );
    }
}

#[test]
fn page_is_a4_with_the_gbt9704_margins_and_a_line_grid() {
    let (_s, package) = sample();
    let document = package.xml("word/document.xml");
    let body = child(document.root_element(), "body").unwrap();
    let section = child(body, "sectPr").expect("w:sectPr");
    let size = child(section, "pgSz");
    assert_eq!(
        (attr(size, "w"), attr(size, "h")),
        (Some("11906"), Some("16838"))
    );
    let margins = child(section, "pgMar");
    // 37, 26, 35, 28 mm.
    assert_eq!(attr(margins, "top"), Some("2098"));
    assert_eq!(attr(margins, "right"), Some("1474"));
    assert_eq!(attr(margins, "bottom"), Some("1984"));
    assert_eq!(attr(margins, "left"), Some("1587"));
    let grid = child(section, "docGrid");
    assert_eq!(attr(grid, "type"), Some("lines"));
    assert_eq!(attr(grid, "linePitch"), Some("579"));
    // Schema order: the footer references come first in w:sectPr.
    let order: Vec<&str> = section
        .children()
        .filter(|c| c.is_element())
        .map(|c| c.tag_name().name())
        .collect();
    assert_eq!(&order[..3], ["footerReference", "footerReference", "pgSz"]);
    assert_eq!(order.last(), Some(&"docGrid"));
}

#[test]
fn title_is_2hao_xiaobiaosong_centred_and_broken_between_word_units() {
    let (_s, package) = sample();
    let document = package.xml("word/document.xml");
    let title = paragraphs(&document)[0];
    assert_eq!(text(title), "2025年度述职述德述廉述法报告\n（德能勤绩廉）");
    assert_eq!(prop(para_props(title), "jc", "val"), Some("center"));
    for run in runs(title).into_iter().filter(|r| !run_text(*r).is_empty()) {
        let props = run_props(run);
        assert_eq!(prop(props, "sz", "val"), Some("44"));
        assert_eq!(prop(props, "rFonts", "eastAsia"), Some("方正小标宋简体"));
    }
}

#[test]
fn every_paragraph_of_the_report_appears_in_order_with_its_text_intact() {
    let (_s, package) = sample();
    let report = Sandbox::new().report(&repo(FIXTURE));
    let document = package.xml("word/document.xml");
    let written: Vec<String> = paragraphs(&document).into_iter().map(text).collect();
    let mut expected = vec![
        report.title_text().replace('（', "\n（"),
        shuzhi::report::plain(report.byline.as_deref().unwrap_or_default()),
        String::new(),
    ];
    expected.extend(report.blocks.iter().map(|b| b.full_text()));
    assert_eq!(written, expected);
}

#[test]
fn body_is_3hao_fangsong_indented_two_characters_on_exact_28_95pt_lines() {
    let (_s, package) = sample();
    let document = package.xml("word/document.xml");
    let body = &paragraphs(&document)[2..];
    assert!(body.len() > 20);
    for paragraph in body {
        let props = para_props(*paragraph);
        assert_eq!(prop(props, "ind", "firstLineChars"), Some("200"));
        assert_eq!(prop(props, "ind", "firstLine"), Some("640"));
        assert_eq!(prop(props, "spacing", "line"), Some("579"));
        assert_eq!(prop(props, "spacing", "lineRule"), Some("exact"));
        let heading = prop(props, "outlineLvl", "val").is_some();
        for run in runs(*paragraph) {
            let props = run_props(run);
            assert_eq!(prop(props, "sz", "val"), Some("32"));
            assert_eq!(
                prop(props, "spacing", "val"),
                Some("-5"),
                "28 characters a line"
            );
            let east_asia = prop(props, "rFonts", "eastAsia");
            if !heading {
                assert_eq!(east_asia, Some("仿宋_GB2312"), "{}", run_text(run));
            }
        }
    }
}

#[test]
fn level_one_headings_are_heiti_on_the_navigation_pane() {
    let (_s, package) = sample();
    let document = package.xml("word/document.xml");
    let headings: Vec<Node> = paragraphs(&document)
        .into_iter()
        .filter(|p| prop(para_props(*p), "outlineLvl", "val") == Some("0"))
        .collect();
    let texts: Vec<String> = headings.iter().map(|h| text(*h)).collect();
    assert_eq!(texts.len(), 4, "{texts:?}");
    assert!(texts[0].starts_with("一、坚定理想信念"));
    for heading in headings {
        assert!(
            para_props(heading)
                .and_then(|p| child(p, "keepNext"))
                .is_some()
        );
        for run in runs(heading) {
            assert_eq!(prop(run_props(run), "rFonts", "eastAsia"), Some("黑体"));
        }
    }
}

#[test]
fn digits_are_times_new_roman_and_quotes_and_dashes_stay_chinese() {
    let (_s, package) = sample();
    let document = package.xml("word/document.xml");
    let mut quotes = 0;
    for paragraph in paragraphs(&document) {
        for run in runs(paragraph) {
            let text = run_text(run);
            let props = run_props(run);
            let fonts = ["ascii", "hAnsi", "eastAsia"].map(|a| prop(props, "rFonts", a));
            if text.contains(|c: char| c.is_ascii_digit()) {
                assert_eq!(fonts[0], Some(LATIN), "{text}");
                assert_eq!(fonts[1], Some(LATIN), "{text}");
            }
            if text.contains(['“', '”', '—', '…']) {
                quotes += 1;
                assert_eq!(prop(props, "rFonts", "hint"), Some("eastAsia"), "{text}");
                assert_eq!(fonts[0], fonts[2], "{text} is Chinese in every font slot");
                assert_eq!(fonts[1], fonts[2], "{text}");
                assert!(
                    !text.contains(|c: char| c.is_ascii_alphanumeric()),
                    "{text}"
                );
            }
        }
    }
    assert!(quotes > 10);
}

#[test]
fn places_still_to_fill_are_highlighted() {
    let (_s, package) = sample();
    let document = package.xml("word/document.xml");
    let highlighted: Vec<String> = paragraphs(&document)
        .into_iter()
        .flat_map(runs)
        .filter(|r| prop(run_props(*r), "highlight", "val") == Some("yellow"))
        .map(run_text)
        .collect();
    assert_eq!(highlighted, ["{具体项目名称}", "*", "**", "***", "*"]);
}

#[test]
fn page_numbers_are_4hao_songti_dashes_odd_right_even_left_one_character_in() {
    let (_s, package) = sample();
    let settings = package.xml("word/settings.xml");
    assert!(child(settings.root_element(), "evenAndOddHeaders").is_some());
    let document = package.xml("word/document.xml");
    let references: Vec<(String, String)> = document
        .descendants()
        .filter(|n| n.tag_name().name() == "footerReference")
        .map(|n| {
            let id = n.attributes().find(|a| a.name() == "id").unwrap().value();
            (
                n.attribute((W, "type")).unwrap().to_string(),
                id.to_string(),
            )
        })
        .collect();
    let rels = package.xml("word/_rels/document.xml.rels");
    let target = |id: &str| {
        rels.root_element()
            .children()
            .find(|r| r.attribute("Id") == Some(id))
            .and_then(|r| r.attribute("Target"))
            .unwrap()
            .to_string()
    };
    let footer = |kind: &str| {
        let (_, id) = references.iter().find(|(t, _)| t == kind).unwrap();
        format!("word/{}", target(id))
    };
    for (kind, align, side) in [("default", "right", "right"), ("even", "left", "left")] {
        let name = footer(kind);
        let xml = package.xml(&name);
        let paragraph = child(xml.root_element(), "p").unwrap();
        let props = para_props(paragraph);
        assert_eq!(prop(props, "jc", "val"), Some(align), "{name}");
        assert_eq!(prop(props, "ind", side), Some("320"), "{name}: 一字 in");
        assert_eq!(text(paragraph), "— 1 —", "{name}");
        let instruction: String = paragraph
            .descendants()
            .filter(|n| n.tag_name().name() == "instrText")
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(instruction.trim(), "PAGE");
        for run in runs(paragraph) {
            let props = run_props(run);
            assert_eq!(prop(props, "sz", "val"), Some("28"), "{name}");
            for font in ["ascii", "hAnsi", "eastAsia"] {
                assert_eq!(prop(props, "rFonts", font), Some("宋体"), "{name}");
            }
        }
    }
    // The 一字线's top 7 mm below the 版心: see FOOTER_DISTANCE_TWIPS in the exporter.
    let body = child(document.root_element(), "body").unwrap();
    assert_eq!(
        attr(
            child(body, "sectPr").and_then(|s| child(s, "pgMar")),
            "footer"
        ),
        Some("1447")
    );
}

#[test]
fn options_give_plain_fangsong_and_kaiti_and_centred_page_numbers() {
    let s = Sandbox::new();
    s.config("[docx]\nfonts = \"plain\"\npage_numbers = \"center\"\n");
    let package = s.render(FIXTURE);
    for (name, xml) in &package.parts {
        assert!(!xml.contains("_GB2312"), "{name}");
    }
    assert!(package.parts["word/document.xml"].contains("w:eastAsia=\"仿宋\""));
    assert!(!package.parts.contains_key("word/footer2.xml"));
    let settings = package.xml("word/settings.xml");
    assert!(child(settings.root_element(), "evenAndOddHeaders").is_none());
    let footer = package.xml("word/footer1.xml");
    let paragraph = child(footer.root_element(), "p").unwrap();
    assert_eq!(prop(para_props(paragraph), "jc", "val"), Some("center"));
}

const SHUZE_TEMPLATE: &str = r#"
id = "shuze"
name = "述责述廉报告"
title = "{年度}年度述责述廉报告"
signature = true

[[fields]]
key = "年度"

[[fields]]
key = "姓名"

[[fields]]
key = "日期"

[[parts]]
id = "opening"
step = "开头"

[[parts]]
id = "duty"
step = "述责"
heading = "履行管党治党责任情况"
points = "（一）"
"#;

const SHUZE_DRAFT: &str = r#"
format = 1
template = "shuze"

[fields]
"年度" = "2025"
"姓名" = "周明远"
"日期" = "2026-01-05"

[sections.opening]
text = """
现将本人履行管党治党责任和廉洁自律情况报告如下。
"""

[sections.duty]
text = """
认真履行“一岗双责”。与分管领域负责人签订责任书12份。
扎实开展警示教育
"""
"#;

#[test]
fn level_two_points_set_their_first_sentence_in_kaiti() {
    let s = Sandbox::new();
    s.template("shuze.toml", SHUZE_TEMPLATE);
    let package = s.render(SHUZE_DRAFT);
    let document = package.xml("word/document.xml");
    let paragraphs = paragraphs(&document);
    let point = paragraphs
        .iter()
        .find(|p| text(**p).starts_with("（一）"))
        .unwrap();
    let fonts: Vec<(String, &str)> = runs(*point)
        .into_iter()
        .map(|r| {
            (
                run_text(r),
                prop(run_props(r), "rFonts", "eastAsia").unwrap(),
            )
        })
        .collect();
    let kaiti: String = fonts
        .iter()
        .filter(|(_, f)| *f == "楷体_GB2312")
        .map(|(t, _)| t.as_str())
        .collect();
    let fangsong: String = fonts
        .iter()
        .filter(|(_, f)| *f == "仿宋_GB2312")
        .map(|(t, _)| t.as_str())
        .collect();
    assert_eq!(kaiti, "（一）认真履行“一岗双责”。");
    assert_eq!(fangsong, "与分管领域负责人签订责任书12份。");
    let heading_only = paragraphs
        .iter()
        .find(|p| text(**p).starts_with("（二）"))
        .unwrap();
    for run in runs(*heading_only) {
        assert_eq!(
            prop(run_props(run), "rFonts", "eastAsia"),
            Some("楷体_GB2312")
        );
    }
}

#[test]
fn signature_has_the_name_then_an_unpadded_date_aligned_as_gbt9704_says() {
    let s = Sandbox::new();
    s.template("shuze.toml", SHUZE_TEMPLATE);
    let package = s.render(SHUZE_DRAFT);
    let document = package.xml("word/document.xml");
    let paragraphs = paragraphs(&document);
    let n = paragraphs.len();
    assert_eq!(text(paragraphs[n - 3]), "", "one blank line after the body");
    let (name, date) = (paragraphs[n - 2], paragraphs[n - 1]);
    assert_eq!(text(name), "周明远");
    assert_eq!(text(date), "2026年1月5日");
    for line in [name, date] {
        assert_eq!(prop(para_props(line), "jc", "val"), Some("right"));
    }
    // The date (6 字) is longer than the name (3 字): the date 右空二字, and the name's first
    // character two 字 left of the date's: 2 + 6 + 2 − 3 = 7 字 from the edge.
    assert_eq!(prop(para_props(date), "ind", "right"), Some("640"));
    assert_eq!(prop(para_props(date), "ind", "rightChars"), Some("200"));
    assert_eq!(prop(para_props(name), "ind", "right"), Some("2240"));
    assert_eq!(prop(para_props(name), "ind", "rightChars"), Some("700"));
}

// ---- Every template: who wrote it, the 署名, the styles, the title ----

/// The sample draft of each built-in template, and whether its type customarily signs.
const SAMPLES: [(&str, bool); 5] = [
    ("xiangzhang", false),
    ("shulian", true),
    ("shuze", false),
    ("zongjie", true),
    ("duizhao", true),
];

/// Width in twips of a line of 3号 text: 一字 for Chinese, half for digits and Latin letters.
fn width_twips(text: &str) -> i64 {
    text.chars()
        .map(|c| if c.is_ascii() { 160 } else { 320 })
        .sum()
}

fn twips(value: Option<&str>) -> i64 {
    value.and_then(|v| v.parse().ok()).unwrap_or(0)
}

/// The title's lines never cut the writer's name, and each fits the 版心 at 2号.
fn assert_title_lines_keep_the_name(title: &str, name: &str) {
    for line in title.split('\n') {
        let half: usize = line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
        assert!(half <= 38, "a title line fits the type area: {title:?}");
    }
    if title.replace('\n', "").contains(name) {
        assert!(title.contains(name), "the name is never broken: {title:?}");
    }
}

#[test]
fn every_templates_sample_names_its_writer_and_signs_where_customary() {
    for (sample, signs) in SAMPLES {
        let s = Sandbox::new();
        let fixture = format!("tests/fixtures/{sample}.toml");
        let package = s.render(&fixture);
        let report = s.report(&repo(&fixture));
        let registry = Registry::builtin();
        let draft = Draft::load(&repo(&fixture), &registry).unwrap();
        let name = draft.field("姓名");
        let document = package.xml("word/document.xml");
        let paragraphs = paragraphs(&document);
        let title = text(paragraphs[0]);
        assert_title_lines_keep_the_name(&title, name);

        // The name is in the title, on the line under it, or in the 署名.
        let byline = report.byline.is_some().then(|| paragraphs[1]);
        let named = title.replace('\n', "").contains(name)
            || byline.is_some_and(|b| text(b) == name)
            || signs;
        assert!(named, "{sample}: {name} appears nowhere");
        if let Some(byline) = byline {
            assert_eq!(text(byline), name, "{sample}");
            let props = para_props(byline);
            assert_eq!(prop(props, "jc", "val"), Some("center"), "{sample}");
            assert_eq!(prop(props, "ind", "firstLine"), Some("0"), "{sample}");
            for run in runs(byline) {
                assert_eq!(
                    prop(run_props(run), "rFonts", "eastAsia"),
                    Some("楷体_GB2312")
                );
                assert_eq!(prop(run_props(run), "sz", "val"), Some("32"), "3号");
            }
        }

        assert_eq!(report.signature.is_some(), signs, "{sample}");
        if signs {
            let n = paragraphs.len();
            assert_eq!(
                text(paragraphs[n - 3]),
                "",
                "{sample}: a blank line before the 署名"
            );
            let (signer, date) = (paragraphs[n - 2], paragraphs[n - 1]);
            assert_eq!(text(signer), name, "{sample}");
            assert_eq!(
                text(date),
                draft.field("日期"),
                "{sample}: the date below the name"
            );
            let right = |p: Node| twips(prop(para_props(p), "ind", "right"));
            for line in [signer, date] {
                assert_eq!(
                    prop(para_props(line), "jc", "val"),
                    Some("right"),
                    "{sample}"
                );
            }
            assert_eq!(right(signer).min(right(date)), 640, "{sample}: 右空二字");
            // The date's first character two 字 right of the name's first character.
            let name_start = right(signer) + width_twips(&text(signer));
            let date_start = right(date) + width_twips(&text(date));
            assert_eq!(
                name_start - date_start,
                640,
                "{sample}: the date starts 2 字 further right"
            );
        }

        // Headings: the 标题 1 style, first in the paragraph's properties.
        for paragraph in &paragraphs {
            if prop(para_props(*paragraph), "outlineLvl", "val") == Some("0") {
                let first = para_props(*paragraph)
                    .and_then(|p| p.children().find(|c| c.is_element()))
                    .unwrap();
                assert_eq!(first.tag_name().name(), "pStyle", "{sample}");
                assert_eq!(attr(Some(first), "val"), Some("heading1"), "{sample}");
            }
        }
    }
}

#[test]
fn styles_carry_the_body_so_text_added_in_word_keeps_28_characters_a_line() {
    let (_s, package) = sample();
    let styles = package.xml("word/styles.xml");
    let root = styles.root_element();
    let defaults = child(root, "docDefaults").unwrap();
    let run = child(child(defaults, "rPrDefault").unwrap(), "rPr");
    assert_eq!(prop(run, "rFonts", "eastAsia"), Some("仿宋_GB2312"));
    assert_eq!(prop(run, "rFonts", "ascii"), Some(LATIN));
    assert_eq!(prop(run, "sz", "val"), Some("32"));
    assert_eq!(prop(run, "spacing", "val"), Some("-5"));
    let paragraph = child(child(defaults, "pPrDefault").unwrap(), "pPr");
    assert_eq!(prop(paragraph, "ind", "firstLineChars"), Some("200"));
    assert_eq!(prop(paragraph, "spacing", "line"), Some("579"));
    assert_eq!(prop(paragraph, "spacing", "lineRule"), Some("exact"));

    let style = |id: &str| {
        children(root, "style")
            .find(|s| attr(Some(*s), "styleId") == Some(id))
            .unwrap_or_else(|| panic!("style {id}"))
    };
    for (id, name, level, font) in [
        ("heading1", "heading 1", "0", "黑体"),
        ("heading2", "heading 2", "1", "楷体_GB2312"),
    ] {
        let style = style(id);
        assert_eq!(
            prop(Some(style), "name", "val"),
            Some(name),
            "Word shows it as 标题 {level}"
        );
        assert_eq!(prop(child(style, "pPr"), "outlineLvl", "val"), Some(level));
        let run = child(style, "rPr");
        assert_eq!(prop(run, "rFonts", "eastAsia"), Some(font));
        assert_eq!(prop(run, "sz", "val"), Some("32"), "the look stays 3号");
        assert_eq!(
            prop(run, "b", "val"),
            Some("0"),
            "not bold as Word's own headings are"
        );
    }

    // What differs from the defaults says so: the title and the page numbers.
    let document = package.xml("word/document.xml");
    let title = paragraphs(&document)[0];
    assert_eq!(prop(para_props(title), "ind", "firstLine"), Some("0"));
    for run in runs(title).into_iter().filter(|r| !run_text(*r).is_empty()) {
        assert_eq!(prop(run_props(run), "spacing", "val"), Some("0"));
    }
    let footer = package.xml("word/footer1.xml");
    for run in footer.descendants().filter(|n| n.tag_name().name() == "r") {
        assert_eq!(prop(run_props(run), "spacing", "val"), Some("0"));
    }
    let footer_paragraph = footer.descendants().find(|n| n.tag_name().name() == "p");
    assert_eq!(
        prop(footer_paragraph.and_then(para_props), "ind", "firstLine"),
        Some("0")
    );

    let fonts = package.xml("word/fontTable.xml");
    let title_font = fonts
        .descendants()
        .find(|n| n.tag_name().name() == "font" && attr(Some(*n), "name") == Some("方正小标宋简体"))
        .unwrap();
    assert_eq!(
        prop(Some(title_font), "altName", "val"),
        Some("FZXiaoBiaoSong-B05S")
    );
}

#[test]
fn a_long_title_breaks_between_the_post_and_the_name_never_inside_them() {
    let s = Sandbox::new();
    let draft = r#"
format = 1
template = "shuze"

[fields]
"年度" = "2026"
"姓名" = "欧阳明远"
"职务" = "青山县柳溪乡人民政府办公室主任"
"单位" = "青山县柳溪乡人民政府"

[sections.opening]
text = "现将本人履行管党治党责任和廉洁自律情况报告如下。"
"#;
    let package = s.render(draft);
    let document = package.xml("word/document.xml");
    assert_eq!(
        text(paragraphs(&document)[0]),
        "青山县柳溪乡人民政府办公室主任\n欧阳明远同志2026年度述责述廉报告"
    );
}

#[test]
fn docx_goes_to_a_pipe_when_asked_for_with_dash() {
    let s = Sandbox::new();
    let fixture = repo(FIXTURE);
    let output = s
        .command(&["render", fixture.to_str().unwrap(), "-f", "docx", "-o", "-"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stdout.starts_with(b"PK\x03\x04"));
    Package::read(&output.stdout).xml("word/document.xml");
}

#[test]
fn same_report_gives_the_same_bytes() {
    let s = Sandbox::new();
    let fixture = repo(FIXTURE);
    let run = || {
        s.command(&["render", fixture.to_str().unwrap(), "-f", "docx"])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run(), run());
}

// ---- LibreOffice ----

fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The sample's page count with the fonts `.ci/run` installs (Noto CJK for the Chinese fonts,
/// Liberation Serif for Times New Roman).
const SAMPLE_PAGES: usize = 8;

#[test]
fn sample_draft_converts_to_a_gbt9704_pdf_in_libreoffice() {
    if !common::tools_installed(
        "sample_draft_converts_to_a_gbt9704_pdf_in_libreoffice",
        &["soffice", "pdfinfo"],
        "LibreOffice and poppler-utils; `.ci/run` installs them",
    ) {
        return;
    }
    let s = Sandbox::new();
    s.render(FIXTURE);
    let profile = tempfile::tempdir().unwrap();
    let profile_url = format!("-env:UserInstallation=file://{}", profile.path().display());
    let out = s.path("");
    run(
        "soffice",
        &[
            &profile_url,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            out.to_str().unwrap(),
            s.path("report.docx").to_str().unwrap(),
        ],
    );
    let pdf = s.path("report.pdf");
    let pdf = pdf.to_str().unwrap();

    let info = run("pdfinfo", &[pdf]);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_default()
            .to_string()
    };
    assert!(field("Page size:").starts_with("595.3"), "A4: {info}");
    assert!(field("Page size:").contains("x 841.89"), "A4: {info}");
    let pages: usize = field("Pages:").parse().unwrap();
    assert_eq!(pages, SAMPLE_PAGES, "{info}");

    let mut full_pages = 0;
    let mut longest_han_line = 0;
    let mut drawn: Vec<String> = Vec::new();
    for page in 1..=pages {
        let n = page.to_string();
        let text = run("pdftotext", &["-layout", "-f", &n, "-l", &n, pdf, "-"]);
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let (number, body) = lines.split_last().unwrap();
        // `— 1 —`: odd pages right, even pages left.
        assert_eq!(number.replace(' ', ""), format!("—{page}—"), "page {page}");
        let indent = number.len() - number.trim_start().len();
        if page % 2 == 1 {
            assert!(indent > 20, "page {page}: number on the right: {number:?}");
        } else {
            assert!(indent < 5, "page {page}: number on the left: {number:?}");
        }
        assert!(body.len() <= 22, "page {page} has {} lines", body.len());
        if body.len() == 22 {
            full_pages += 1;
        }
        drawn.extend(body.iter().map(|l| l.to_string()));
        for line in body {
            let line = line.trim();
            if !line.is_ascii() && line.chars().all(|c| !c.is_ascii()) {
                let han = line
                    .trim_end_matches(['，', '。', '、', '；', '：'])
                    .chars()
                    .count();
                longest_han_line = longest_han_line.max(han);
            }
        }
    }
    assert!(full_pages >= 5, "{full_pages} pages of 22 lines");
    assert_eq!(longest_han_line, 28, "28 characters a line");

    let report = s.report(&repo(FIXTURE));
    let mut expected = report.title_text();
    expected.push_str(&shuzhi::report::plain(
        report.byline.as_deref().unwrap_or_default(),
    ));
    for block in &report.blocks {
        expected.push_str(&block.full_text());
    }
    if let Err(at) = same_text_but_hanging_marks(&drawn, &expected) {
        panic!("the PDF's text differs from the report at character {at}");
    }
}

/// Full-width marks LibreOffice 7.4's PDF export leaves out when they hang past a full line
/// (measured: the `，` after 不断壮大 vanished; our XML asks for it, and `w:overflowPunct` does
/// not bring it back). Word and WPS draw them.
const HANGING_MARKS: &str = "，。、；：？！”’）》";

/// Whether the lines `drawn` (from pdftotext) say `expected`, spaces aside, where the only
/// characters missing are [`HANGING_MARKS`] at the end of a line. On a difference, the
/// character offset into `expected`.
fn same_text_but_hanging_marks(drawn: &[String], expected: &str) -> Result<(), usize> {
    // Each drawn character, and whether a line ends after it.
    let mut chars: Vec<(char, bool)> = Vec::new();
    for line in drawn {
        chars.extend(
            line.chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| (c, false)),
        );
        if let Some(last) = chars.last_mut() {
            last.1 = true;
        }
    }
    let expected: Vec<char> = expected.chars().filter(|c| !c.is_whitespace()).collect();
    let mut d = 0;
    for (e, want) in expected.iter().enumerate() {
        match chars.get(d) {
            Some((got, _)) if got == want => d += 1,
            // A mark that would have hung after the previous line's last character.
            _ if HANGING_MARKS.contains(*want) && d > 0 && chars[d - 1].1 => {}
            _ => return Err(e),
        }
    }
    if d == chars.len() {
        Ok(())
    } else {
        Err(expected.len())
    }
}

#[test]
fn only_a_mark_hanging_past_a_full_line_may_be_missing_from_the_pdf() {
    let drawn = ["一是发展不断壮大".to_string(), "集体经济。".to_string()];
    assert_eq!(
        same_text_but_hanging_marks(&drawn, "一是发展不断壮大，集体经济。"),
        Ok(())
    );
    assert_eq!(
        same_text_but_hanging_marks(&drawn, "一是发展不断，壮大集体经济。"),
        Err(6)
    );
    assert_eq!(
        same_text_but_hanging_marks(&drawn, "一是发展不断壮大集体经济。"),
        Ok(())
    );
    assert_eq!(
        same_text_but_hanging_marks(&drawn, "一是发展不断壮大啊集体经济。"),
        Err(8)
    );
}
