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
use std::io::{BufRead, BufReader, Cursor, Read};

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};

use super::read::{Mark, Paragraph};
use crate::source::Diagnostic;
use crate::text::sanitize;

/// The most `word/document.xml` may hold once unzipped: far above any report, far below what
/// would exhaust memory (a zip bomb).
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// The deepest nesting of elements read: a real document nests a few dozen deep; one nested
/// 100 000 deep is not a document Word or WPS wrote.
const MAX_XML_DEPTH: usize = 256;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Fields whose result is a page number or a table of contents, not the writer's text.
const SKIPPED_FIELDS: &[&str] = &["PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF", "TOC"];

/// The paragraphs with text of the .docx in `bytes`, called `name` in messages. The parts are
/// read as they are unzipped, an element at a time: what is kept is the text, not the XML.
pub fn paragraphs(name: &str, bytes: &[u8]) -> Result<Vec<Paragraph>, Diagnostic> {
    let corrupt = || {
        Diagnostic::new(format!(
            "`{name}` 不是有效的 .docx 文件（文件已损坏，或不是 Word 文档）"
        ))
        .help("请用 Word 或 WPS 打开后重新另存为 .docx，或另存为 .txt 再导入")
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| corrupt())?;
    let styles = match zip.by_name("word/styles.xml") {
        Ok(file) => style_marks(file).unwrap_or_default(),
        Err(_) => HashMap::new(),
    };
    let document = zip.by_name("word/document.xml").map_err(|_| corrupt())?;
    let out = match body(document, &styles) {
        Ok(out) => out,
        Err(Refused::TooDeep) => {
            return Err(corrupt().help(format!(
                "文档的结构嵌套超过 {MAX_XML_DEPTH} 层，不像 Word 或 WPS 保存的文件；请另存为 .txt 再导入"
            )));
        }
        Err(Refused::Corrupt) => return Err(corrupt()),
    };
    if out.is_empty() {
        return Err(
            Diagnostic::new(format!("`{name}` 里没有文字（可能只有图片，或是扫描件）"))
                .help("请导入有文字的原稿；扫描件需要先识别成文字，保存为 .txt 再导入"),
        );
    }
    Ok(out)
}

/// Why a part could not be read.
#[derive(Debug)]
enum Refused {
    /// Not well-formed XML, a DTD, over [`MAX_XML_BYTES`], not UTF-8.
    Corrupt,
    /// Nested deeper than [`MAX_XML_DEPTH`].
    TooDeep,
}

/// The namespace of an element: the two the reader knows, or another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ns {
    W,
    Mc,
    Other,
}

/// One step through a part: an element opened (an empty one is opened and closed), closed, or
/// text (references resolved, line ends as XML reads them).
enum Step {
    Open {
        ns: Ns,
        /// Its local name.
        name: String,
        /// Its attributes in the `w:` namespace, by local name.
        attributes: Vec<(String, String)>,
    },
    Close,
    Text(String),
    End,
}

/// A part of the package read an element at a time, holding [`MAX_XML_BYTES`] and
/// [`MAX_XML_DEPTH`] and refusing a DTD.
struct Part<R: BufRead> {
    reader: NsReader<R>,
    buf: Vec<u8>,
    /// Elements open now.
    depth: usize,
    /// Whether the root element was met.
    rooted: bool,
}

impl<R: Read> Part<BufReader<std::io::Take<R>>> {
    fn new(file: R) -> Self {
        let mut reader = NsReader::from_reader(BufReader::new(file.take(MAX_XML_BYTES + 1)));
        reader.config_mut().expand_empty_elements = true;
        Part {
            reader,
            buf: Vec::new(),
            depth: 0,
            rooted: false,
        }
    }
}

impl<R: BufRead> Part<R> {
    /// The next step; [`Step::End`] once the document is whole and within bounds.
    fn next(&mut self) -> Result<Step, Refused> {
        loop {
            self.buf.clear();
            let (ns, event) = self
                .reader
                .read_resolved_event_into(&mut self.buf)
                .map_err(|_| Refused::Corrupt)?;
            let ns = match ns {
                ResolveResult::Bound(ns) if ns.0 == W_NS => Ns::W,
                ResolveResult::Bound(ns) if ns.0 == MC_NS => Ns::Mc,
                ResolveResult::Unknown(_) => return Err(Refused::Corrupt),
                _ => Ns::Other,
            };
            match event {
                Event::Start(start) => {
                    self.depth += 1;
                    self.rooted = true;
                    if self.depth > MAX_XML_DEPTH {
                        return Err(Refused::TooDeep);
                    }
                    let attributes = w_attributes(&self.reader, &start)?;
                    let name = start.local_name().into_inner().to_string();
                    return Ok(Step::Open {
                        ns,
                        name,
                        attributes,
                    });
                }
                Event::End(_) => {
                    self.depth = self.depth.checked_sub(1).ok_or(Refused::Corrupt)?;
                    return Ok(Step::Close);
                }
                Event::Text(text) => return Ok(Step::Text(text.xml10_content().into_owned())),
                Event::CData(text) => return Ok(Step::Text(text.xml10_content().into_owned())),
                Event::GeneralRef(reference) => {
                    let text = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => resolve_predefined_entity(&reference.into_inner())
                            .ok_or(Refused::Corrupt)?
                            .to_string(),
                        Err(_) => return Err(Refused::Corrupt),
                    };
                    return Ok(Step::Text(text));
                }
                Event::DocType(_) => return Err(Refused::Corrupt),
                Event::Eof => {
                    let whole = self.depth == 0 && self.rooted;
                    if !whole || self.reader.buffer_position() > MAX_XML_BYTES {
                        return Err(Refused::Corrupt);
                    }
                    return Ok(Step::End);
                }
                Event::Empty(_) | Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            }
        }
    }
}

/// The attributes of `start` in the `w:` namespace, by local name, their values unescaped.
fn w_attributes<R>(
    reader: &NsReader<R>,
    start: &BytesStart,
) -> Result<Vec<(String, String)>, Refused> {
    let mut out = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|_| Refused::Corrupt)?;
        let (ns, local) = reader.resolver().resolve_attribute(attribute.key);
        match ns {
            ResolveResult::Bound(ns) if ns.0 == W_NS => {
                let value = attribute
                    .normalized_value(XmlVersion::Implicit1_0)
                    .map_err(|_| Refused::Corrupt)?;
                out.push((local.into_inner().to_string(), value.into_owned()));
            }
            ResolveResult::Unknown(_) => return Err(Refused::Corrupt),
            _ => {}
        }
    }
    Ok(out)
}

fn attribute<'a>(attributes: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attributes
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// Style id → the mark its paragraphs get, from `word/styles.xml`; `None` when it cannot be read.
fn style_marks(file: impl Read) -> Option<HashMap<String, Mark>> {
    /// A `w:style` being read: its id, the depth it opened at, its name and outline level.
    struct Style {
        id: Option<String>,
        depth: usize,
        name: Option<String>,
        outline: Option<String>,
    }
    let mut part = Part::new(file);
    let mut open: Vec<Style> = Vec::new();
    let mut out = HashMap::new();
    loop {
        let depth = part.depth;
        match part.next().ok()? {
            Step::Open {
                ns: Ns::W,
                name,
                attributes,
            } => match name.as_str() {
                "style" => open.push(Style {
                    id: attribute(&attributes, "styleId").map(str::to_string),
                    depth: depth + 1,
                    name: None,
                    outline: None,
                }),
                "name" => {
                    if let Some(style) = open.last_mut()
                        && style.depth == depth
                        && style.name.is_none()
                    {
                        style.name = Some(attribute(&attributes, "val").unwrap_or_default().into());
                    }
                }
                "outlineLvl" => {
                    for style in open.iter_mut().filter(|s| s.outline.is_none()) {
                        style.outline = attribute(&attributes, "val").map(str::to_string);
                    }
                }
                _ => {}
            },
            Step::Close => {
                if open.last().is_some_and(|s| s.depth == depth) {
                    let style = open.pop()?;
                    let name = style.name.unwrap_or_default().to_ascii_lowercase();
                    let outline = style.outline.as_deref();
                    let mark = if name == "title" {
                        Mark::Title
                    } else if name == "heading 1" || outline == Some("0") {
                        Mark::Heading
                    } else if name == "heading 2" || outline == Some("1") {
                        Mark::SubHeading
                    } else {
                        continue;
                    };
                    if let Some(id) = style.id {
                        out.insert(id, mark);
                    }
                }
            }
            Step::End => return Some(out),
            Step::Open { .. } | Step::Text(_) => {}
        }
    }
}

/// A paragraph being read.
#[derive(Default)]
struct Open {
    /// Its place in the output: paragraphs come out in the order they begin.
    slot: usize,
    /// The depth of its `w:p`.
    depth: usize,
    text: String,
    fields: Vec<Field>,
    /// An element whose content is not its text (`w:rPr`, `w:del`…), by depth.
    skip: Option<usize>,
    /// `w:t` or `w:instrText` whose text is being taken, by depth.
    take: Option<(Take, usize)>,
    /// Its first `w:pPr`, by depth, while it is open; and whether one was met.
    properties: Option<usize>,
    had_properties: bool,
    outline: Option<String>,
    style: Option<String>,
    indent: Option<bool>,
    /// The `w:fldSimple` elements open in it, by depth.
    simple_fields: Vec<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Take {
    Text,
    Instruction,
}

impl Open {
    /// An element opened at `depth` inside this paragraph (not a paragraph itself).
    fn open(&mut self, depth: usize, ns: Ns, name: &str, attributes: &[(String, String)]) {
        if let Some(at) = self.properties
            && depth == at + 1
            && ns == Ns::W
        {
            let val = || attribute(attributes, "val").map(str::to_string);
            match name {
                "outlineLvl" if self.outline.is_none() => {
                    self.outline = Some(val().unwrap_or_default())
                }
                "pStyle" if self.style.is_none() => self.style = Some(val().unwrap_or_default()),
                "ind" if self.indent.is_none() => {
                    self.indent = Some(["firstLine", "firstLineChars"].iter().any(|a| {
                        attribute(attributes, a)
                            .and_then(|v| v.parse::<i64>().ok())
                            .unwrap_or(0)
                            > 0
                    }));
                }
                _ => {}
            }
        }
        if self.skip.is_some() || self.take.is_some() {
            // Inside something not read, or an element inside `w:t`: not the paragraph's text.
            self.skip.get_or_insert(depth);
            return;
        }
        if ns != Ns::W {
            return;
        }
        match name {
            "pPr" => {
                if depth == self.depth + 1 && !self.had_properties {
                    self.properties = Some(depth);
                    self.had_properties = true;
                }
                self.skip = Some(depth);
            }
            "rPr" | "del" | "moveFrom" | "delText" => self.skip = Some(depth),
            "fldSimple" => {
                self.fields.push(Field {
                    instruction: attribute(attributes, "instr")
                        .unwrap_or_default()
                        .to_string(),
                    in_result: true,
                });
                self.simple_fields.push(depth);
            }
            "fldChar" => {
                match attribute(attributes, "fldCharType") {
                    Some("begin") => self.fields.push(Field {
                        instruction: String::new(),
                        in_result: false,
                    }),
                    Some("separate") => {
                        if let Some(f) = self.fields.last_mut() {
                            f.in_result = true;
                        }
                    }
                    Some("end") => {
                        self.fields.pop();
                    }
                    _ => {}
                }
                self.skip = Some(depth);
            }
            "instrText" => self.take = Some((Take::Instruction, depth)),
            "t" => {
                if Field::shows_text(&self.fields) {
                    self.take = Some((Take::Text, depth));
                } else {
                    self.skip = Some(depth);
                }
            }
            "tab" if Field::shows_text(&self.fields) => {
                self.text.push('\t');
                self.skip = Some(depth);
            }
            "noBreakHyphen" if Field::shows_text(&self.fields) => {
                self.text.push('-');
                self.skip = Some(depth);
            }
            _ => {}
        }
    }

    /// The element at `depth` inside this paragraph closed.
    fn close(&mut self, depth: usize) {
        if self.properties == Some(depth) {
            self.properties = None;
        }
        if self.skip == Some(depth) {
            self.skip = None;
        }
        if self.take.is_some_and(|(_, at)| at == depth) {
            self.take = None;
        }
        if self.skip.is_none() && self.simple_fields.last() == Some(&depth) {
            self.simple_fields.pop();
            self.fields.pop();
        }
    }

    /// Text met at `depth` (the depth of the element it is in).
    fn text(&mut self, depth: usize, text: &str) {
        match self.take {
            Some((Take::Text, at)) if at == depth && self.skip.is_none() => {
                self.text.push_str(text)
            }
            Some((Take::Instruction, at)) if at == depth && self.skip.is_none() => {
                if let Some(f) = self.fields.last_mut() {
                    f.instruction.push_str(text);
                }
            }
            _ => {}
        }
    }

    fn finish(self, styles: &HashMap<String, Mark>) -> Option<Paragraph> {
        let mark = match self.outline.as_deref() {
            Some("0") => Mark::Heading,
            Some("1") => Mark::SubHeading,
            _ => self
                .style
                .as_deref()
                .and_then(|id| styles.get(id).copied())
                .unwrap_or(Mark::Plain),
        };
        let text = sanitize(&self.text);
        let mut paragraph = Paragraph::from_line(&text, mark)?;
        paragraph.indented |= self.indent.unwrap_or(false);
        Some(paragraph)
    }
}

/// The paragraphs of `word/document.xml`: every `w:p` not inside `mc:Fallback` (a second copy
/// of what `mc:Choice` holds), in the order they begin; a paragraph inside another (in a text
/// box) is read on its own and not as part of the outer one's text.
fn body(file: impl Read, styles: &HashMap<String, Mark>) -> Result<Vec<Paragraph>, Refused> {
    let mut part = Part::new(file);
    let mut out: Vec<Option<Paragraph>> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    // The depth of the outermost `mc:Fallback` open, if one is.
    let mut fallback: Option<usize> = None;
    loop {
        let outer = part.depth;
        match part.next()? {
            Step::Open {
                ns,
                name,
                attributes,
            } => {
                let depth = outer + 1;
                if fallback.is_some() {
                    continue;
                }
                if ns == Ns::Mc && name == "Fallback" {
                    fallback = Some(depth);
                } else if ns == Ns::W && name == "p" {
                    out.push(None);
                    open.push(Open {
                        slot: out.len() - 1,
                        depth,
                        ..Open::default()
                    });
                } else if let Some(paragraph) = open.last_mut() {
                    paragraph.open(depth, ns, &name, &attributes);
                }
            }
            Step::Close => {
                let depth = outer;
                if fallback == Some(depth) {
                    fallback = None;
                } else if fallback.is_some() {
                } else if open.last().is_some_and(|p| p.depth == depth) {
                    if let Some(paragraph) = open.pop() {
                        let slot = paragraph.slot;
                        out[slot] = paragraph.finish(styles);
                    }
                } else if let Some(paragraph) = open.last_mut() {
                    paragraph.close(depth);
                }
            }
            Step::Text(text) => {
                if fallback.is_none()
                    && let Some(paragraph) = open.last_mut()
                {
                    paragraph.text(outer, &text);
                }
            }
            Step::End => return Ok(out.into_iter().flatten().collect()),
        }
    }
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
