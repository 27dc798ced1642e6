//! The paragraphs of a .docx: `word/document.xml` read in order, each `w:p`'s text runs joined.
//!
//! Only the body is read: headers and footers (where page numbers live) are other parts of the
//! package and are never opened. Inside the body, field codes and the results of page-number
//! fields are skipped, deleted text (tracked changes) is left out, a line break (`w:br`, which
//! shuzhi's own export puts into long titles) joins its two halves with nothing, and a text box's
//! fallback copy is not read twice. A paragraph at outline level 1, or in a style that is
//! (Heading 1, 标题 1), is marked as a heading; at level 2 (Heading 2), as a sub-heading; one in
//! the Title style as the title.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use roxmltree::{Document, Node, ParsingOptions};

use super::read::{Mark, Paragraph};
use crate::source::Diagnostic;
use crate::text::sanitize;

/// The most `word/document.xml` may hold once unzipped: far above any report, far below what
/// would exhaust memory (a zip bomb).
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// The deepest nesting of elements read: a real document nests a few dozen deep; a hostile one
/// nested 100 000 deep would overflow the stack of the reader, which walks it recursively.
const MAX_XML_DEPTH: usize = 256;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Fields whose result is a page number or a table of contents, not the writer's text.
const SKIPPED_FIELDS: &[&str] = &["PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF", "TOC"];

/// The paragraphs with text of the .docx in `bytes`, called `name` in messages.
pub fn paragraphs(name: &str, bytes: &[u8]) -> Result<Vec<Paragraph>, Diagnostic> {
    let corrupt = || {
        Diagnostic::new(format!(
            "`{name}` 不是有效的 .docx 文件（文件已损坏，或不是 Word 文档）"
        ))
        .help("请用 Word 或 WPS 打开后重新另存为 .docx，或另存为 .txt 再导入")
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| corrupt())?;
    let document = read_part(&mut zip, "word/document.xml")
        .ok_or_else(corrupt)?
        .map_err(|_| corrupt())?;
    let styles = match read_part(&mut zip, "word/styles.xml") {
        Some(Ok(xml)) => style_marks(&xml),
        _ => HashMap::new(),
    };
    let options = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(&document, options).map_err(|_| corrupt())?;
    if doc
        .descendants()
        .any(|n| n.ancestors().nth(MAX_XML_DEPTH).is_some())
    {
        return Err(corrupt().help(format!(
            "文档的结构嵌套超过 {MAX_XML_DEPTH} 层，不像 Word 或 WPS 保存的文件；请另存为 .txt 再导入"
        )));
    }
    let out: Vec<Paragraph> = doc
        .descendants()
        .filter(|n| is_w(*n, "p") && !in_fallback(*n))
        .filter_map(|p| paragraph(p, &styles))
        .collect();
    if out.is_empty() {
        return Err(
            Diagnostic::new(format!("`{name}` 里没有文字（可能只有图片，或是扫描件）"))
                .help("请导入有文字的原稿；扫描件需要先识别成文字，保存为 .txt 再导入"),
        );
    }
    Ok(out)
}

/// The text of one part of the package; `None` when there is no such part.
fn read_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Option<Result<String, ()>> {
    let file = zip.by_name(name).ok()?;
    let mut bytes = Vec::new();
    let read = file.take(MAX_XML_BYTES + 1).read_to_end(&mut bytes);
    Some(match read {
        Ok(n) if (n as u64) <= MAX_XML_BYTES => String::from_utf8(bytes).map_err(|_| ()),
        _ => Err(()),
    })
}

fn is_w(node: Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(W_NS)
}

fn w_attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W_NS, name))
}

/// Inside `mc:Fallback`: a second copy of content already read from `mc:Choice`.
fn in_fallback(node: Node) -> bool {
    node.ancestors().any(|a| {
        a.is_element()
            && a.tag_name().name() == "Fallback"
            && a.tag_name().namespace() == Some(MC_NS)
    })
}

/// Style id → the mark its paragraphs get, from `word/styles.xml`.
fn style_marks(xml: &str) -> HashMap<String, Mark> {
    let options = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    let Ok(doc) = Document::parse_with_options(xml, options) else {
        return HashMap::new();
    };
    let mut out = HashMap::new();
    for style in doc.descendants().filter(|n| is_w(*n, "style")) {
        let Some(id) = w_attr(style, "styleId") else {
            continue;
        };
        let name = style
            .children()
            .find(|n| is_w(*n, "name"))
            .and_then(|n| w_attr(n, "val"))
            .unwrap_or_default()
            .to_ascii_lowercase();
        let outline = style
            .descendants()
            .find(|n| is_w(*n, "outlineLvl"))
            .and_then(|n| w_attr(n, "val"));
        let mark = if name == "title" {
            Mark::Title
        } else if name == "heading 1" || outline == Some("0") {
            Mark::Heading
        } else if name == "heading 2" || outline == Some("1") {
            Mark::SubHeading
        } else {
            continue;
        };
        out.insert(id.to_string(), mark);
    }
    out
}

/// One `w:p` as a paragraph, `None` when it has no text.
fn paragraph(p: Node, styles: &HashMap<String, Mark>) -> Option<Paragraph> {
    let properties = p.children().find(|n| is_w(*n, "pPr"));
    let property = |name: &str| properties.and_then(|pr| pr.children().find(|n| is_w(*n, name)));
    let mark = match property("outlineLvl").and_then(|n| w_attr(n, "val")) {
        Some("0") => Mark::Heading,
        Some("1") => Mark::SubHeading,
        _ => property("pStyle")
            .and_then(|n| w_attr(n, "val"))
            .and_then(|id| styles.get(id).copied())
            .unwrap_or(Mark::Plain),
    };
    let first_line_indent = property("ind").is_some_and(|ind| {
        ["firstLine", "firstLineChars"].iter().any(|a| {
            w_attr(ind, a)
                .and_then(|v| v.parse::<i64>().ok())
                .unwrap_or(0)
                > 0
        })
    });

    let mut text = String::new();
    let mut fields: Vec<Field> = Vec::new();
    collect(p, &mut fields, &mut text);
    let text = sanitize(&text);
    let mut paragraph = Paragraph::from_line(&text, mark)?;
    paragraph.indented |= first_line_indent;
    Some(paragraph)
}

/// A complex field being read: its instruction so far, and whether its result has started.
struct Field {
    instruction: String,
    in_result: bool,
}

impl Field {
    /// Whether text here is the writer's: not a field code, not a page number.
    fn shows_text(fields: &[Field]) -> bool {
        fields.iter().all(|f| {
            f.in_result && {
                let word = f.instruction.split_whitespace().next().unwrap_or("");
                !SKIPPED_FIELDS.contains(&word.to_ascii_uppercase().as_str())
            }
        })
    }
}

/// Appends the text under `node` that belongs to its paragraph (not to a paragraph nested in a
/// text box, which is read on its own).
fn collect(node: Node, fields: &mut Vec<Field>, out: &mut String) {
    for child in node.children().filter(Node::is_element) {
        let ns = child.tag_name().namespace();
        let name = child.tag_name().name();
        if ns == Some(MC_NS) && name == "Fallback" {
            continue;
        }
        if ns != Some(W_NS) {
            collect(child, fields, out);
            continue;
        }
        match name {
            "p" => {}
            "pPr" | "rPr" | "del" | "moveFrom" | "delText" => {}
            "fldSimple" => {
                let instruction = w_attr(child, "instr").unwrap_or_default().to_string();
                fields.push(Field {
                    instruction,
                    in_result: true,
                });
                collect(child, fields, out);
                fields.pop();
            }
            "fldChar" => match w_attr(child, "fldCharType") {
                Some("begin") => fields.push(Field {
                    instruction: String::new(),
                    in_result: false,
                }),
                Some("separate") => {
                    if let Some(f) = fields.last_mut() {
                        f.in_result = true;
                    }
                }
                Some("end") => {
                    fields.pop();
                }
                _ => {}
            },
            "instrText" => {
                if let Some(f) = fields.last_mut() {
                    f.instruction.push_str(child.text().unwrap_or_default());
                }
            }
            "t" => {
                if Field::shows_text(fields) {
                    out.push_str(child.text().unwrap_or_default());
                }
            }
            "tab" if Field::shows_text(fields) => out.push('\t'),
            "noBreakHyphen" if Field::shows_text(fields) => out.push('-'),
            _ => collect(child, fields, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn package(document_body: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("word/document.xml", SimpleFileOptions::default())
            .unwrap();
        write!(
            zip,
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}" xmlns:mc="{MC_NS}"><w:body>{document_body}</w:body></w:document>"#
        )
        .unwrap();
        zip.finish().unwrap().into_inner()
    }

    fn texts(body: &str) -> Vec<String> {
        paragraphs("a.docx", &package(body))
            .unwrap()
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn runs_are_joined_and_a_break_in_the_title_joins_with_nothing() {
        let body = r#"<w:p><w:r><w:t>白石县自然资源局党组书记、局长赵立群同志</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>2025年度述责述廉报告</w:t></w:r></w:p><w:p/><w:p><w:r><w:t xml:space="preserve">一、</w:t></w:r><w:r><w:t>学习</w:t></w:r></w:p>"#;
        assert_eq!(
            texts(body),
            [
                "白石县自然资源局党组书记、局长赵立群同志2025年度述责述廉报告",
                "一、学习"
            ]
        );
    }

    #[test]
    fn page_number_fields_field_codes_and_deleted_text_are_skipped() {
        let body = r#"<w:p><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t></w:r><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:fldSimple w:instr="NUMPAGES"><w:r><w:t>9</w:t></w:r></w:fldSimple></w:p><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "x"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>链接文字</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#;
        assert_eq!(texts(body), ["第页", "链接文字"]);
    }

    #[test]
    fn outline_level_marks_a_heading_and_first_line_indent_an_indent() {
        let body = r#"<w:p><w:pPr><w:ind w:firstLineChars="200"/><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>一、学习</w:t></w:r></w:p><w:p><w:pPr><w:ind w:firstLine="640"/></w:pPr><w:r><w:t>正文</w:t></w:r></w:p>"#;
        let ps = paragraphs("a.docx", &package(body)).unwrap();
        assert_eq!(ps[0].mark, Mark::Heading);
        assert_eq!(ps[1].mark, Mark::Plain);
        assert!(ps[1].indented);
    }

    #[test]
    fn a_text_box_is_read_once() {
        let body = r#"<w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文</w:t></w:r></w:p>"#;
        assert_eq!(texts(body), ["正文", "框内"]);
    }

    #[test]
    fn a_document_nested_a_hundred_thousand_deep_is_refused_not_a_crash() {
        let depth = 100_000;
        let body = format!(
            "<w:p>{}<w:t>字</w:t>{}</w:p>",
            "<w:r>".repeat(depth),
            "</w:r>".repeat(depth)
        );
        let err = paragraphs("深.docx", &package(&body)).unwrap_err();
        assert!(err.help.unwrap().contains("嵌套"));
    }

    #[test]
    fn corrupt_image_only_and_partless_packages_are_refused() {
        let image_only = package(r#"<w:p><w:r><w:drawing/></w:r></w:p>"#);
        let err = paragraphs("a.docx", &image_only).unwrap_err();
        assert!(err.message.contains("没有文字"), "{err}");

        let mut truncated = package("<w:p><w:r><w:t>字</w:t></w:r></w:p>");
        truncated.truncate(truncated.len() / 2);
        assert!(paragraphs("a.docx", &truncated).is_err());

        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("other.xml", SimpleFileOptions::default())
            .unwrap();
        let no_document = zip.finish().unwrap().into_inner();
        let err = paragraphs("a.docx", &no_document).unwrap_err();
        assert!(err.message.contains("不是有效的 .docx"), "{err}");
    }
}
