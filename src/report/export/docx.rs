//! Word (.docx) laid out to GB/T 9704-2012 《党政机关公文格式》: A4 with the standard margins,
//! a 2号 方正小标宋简体 title, 3号 仿宋_GB2312 body on a grid of 22 lines × 28 characters,
//! headings 一、 in 黑体 and （一） in 楷体_GB2312, digits and Latin letters in Times New Roman,
//! page numbers `— 1 —` in 4号 宋体, and the signature block when the template has one.
//!
//! The package is written by hand (the `zip` crate and XML strings) rather than with a .docx
//! library, because the layout depends on details those libraries get wrong or leave out: docx-rs
//! never writes `w:firstLineChars` and orders child elements against the schema, and none sets
//! fonts per run finely enough to keep quotes and dashes out of the Latin font. Eight small parts
//! are enough, and every element here is written in schema order.
//!
//! Styles are few: document defaults that are the body's own formatting (so text the writer
//! adds or pastes in Word or WPS keeps 28 characters a line) and the heading styles 标题 1 and
//! 标题 2 (for the navigation pane and a table of contents). Every paragraph and run still
//! carries its own formatting, so Word, WPS and LibreOffice agree even when a style is unknown
//! to them. A long title is broken by explicit line breaks between word units, never inside a
//! name or a post, and a 姓名行 in 3号楷体 sits under it when the report has one.
//!
//! What it deliberately does not do: no theme fonts (WPS reports them as missing), no 红头, 发文字号 or 版记 (a
//! report has none), no embedded fonts, and no timestamps (the same report gives the same bytes).
//!
//! The 28 characters per line: 28 × 16 pt = 448 pt does not fit the 442.25 pt 版心, and Word's
//! usual fix, `w:docGrid w:type="linesAndChars"` with a negative `w:charSpace`, is rendered wrongly
//! by LibreOffice (two grid cells per character: 18 a line). So the grid is `lines` only and every
//! body run is condensed by 0.25 pt (`w:spacing w:val="-5"`): 28 × 15.75 pt = 441 pt fits, in
//! every application, because character spacing is the oldest run property there is.

use std::io::{Cursor, Write};

use unicode_width::UnicodeWidthChar;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::config::{Docx as Options, Fonts, PageNumbers};
use crate::report::{Block, BlockKind, Inline, InlineKind, Report, signature_indents};
use crate::text::width::is_ambiguous;

// ---- Page geometry, in twips (1/20 pt; 1 mm = 56.69 twips), GB/T 9704 §5.2.1 ----

/// A4, 210 × 297 mm.
const PAGE_WIDTH_TWIPS: u32 = 11906;
const PAGE_HEIGHT_TWIPS: u32 = 16838;
/// 天头 37 mm.
const MARGIN_TOP_TWIPS: u32 = 2098;
/// 订口 28 mm.
const MARGIN_LEFT_TWIPS: u32 = 1587;
/// 210 − 28 − 156 = 26 mm, so the 版心 is 156 mm wide.
const MARGIN_RIGHT_TWIPS: u32 = 1474;
/// 297 − 37 − 225 = 35 mm, so the 版心 is 225 mm high.
const MARGIN_BOTTOM_TWIPS: u32 = 1984;
/// There is no header; Word wants a distance anyway (15 mm).
const HEADER_DISTANCE_TWIPS: u32 = 851;
/// One line of the grid: 225 mm / 22 lines = 28.99 pt, rounded down to 28.95 pt so that 22
/// lines (12 738 twips) fit in the 版心 (12 756 twips) and a 23rd does not.
const LINE_PITCH_TWIPS: u32 = 579;
/// The page-number line is exactly one 4号 character high.
const PAGE_NUMBER_LINE_TWIPS: u32 = 280;
/// GB/T 9704 §7.5: the top of the 一字线 is 7 mm below the bottom edge of the 版心, which is
/// 35 mm above the bottom of the page, so the dash's top is at 35 − 7 = 28 mm (1587 twips).
/// Word's `w:footer` is the distance from the page's bottom edge to the bottom of the footer's
/// line. The 一字线 sits in the middle of the character, about half a 4号 line (140 twips, the
/// dash's own thickness is negligible) below the line's top. So the line's top is at
/// 1587 + 140 = 1727 twips and its bottom, the footer distance, at 1727 − 280 = 1447 twips
/// (25.5 mm).
const FOOTER_DISTANCE_TWIPS: u32 = 1587 + PAGE_NUMBER_LINE_TWIPS / 2 - PAGE_NUMBER_LINE_TWIPS;

// ---- Type ----

/// 一字 at 3号 (16 pt): GB/T 9704 §3.1 measures indents in it.
const CHAR_TWIPS: u32 = 320;
/// 3号 in half-points (`w:sz`).
const BODY_SIZE: u32 = 32;
/// 2号.
const TITLE_SIZE: u32 = 44;
/// 4号.
const PAGE_NUMBER_SIZE: u32 = 28;
/// Character spacing of body runs in twentieths of a point: −0.25 pt, so 28 fit a line.
const BODY_CHAR_SPACING: i32 = -5;
/// A title wider than this, in half-字 of 2号 (19 字), is broken into lines. The 版心 holds 20
/// 2号 characters; one is left spare because the reader's fonts may be a little wider than ours.
const TITLE_LINE_HALF_CHARS: usize = 38;

const LATIN_FONT: &str = "Times New Roman";
const TITLE_FONT: &str = "方正小标宋简体";
/// The family name 方正小标宋简体 is installed under on systems that list fonts in English, so
/// Word finds it there too (`w:altName`).
const TITLE_FONT_ALT_NAME: &str = "FZXiaoBiaoSong-B05S";
const HEADING_FONT: &str = "黑体";
const PAGE_NUMBER_FONT: &str = "宋体";

/// `w:styleId`s of the heading styles. Their names are Word's built-in `heading 1` and
/// `heading 2`, which Chinese Word and WPS show as 标题 1 and 标题 2, list in the navigation
/// pane and take for a table of contents.
const HEADING_1_STYLE: &str = "heading1";
const HEADING_2_STYLE: &str = "heading2";

/// The fonts that depend on the `fonts` option.
#[derive(Clone, Copy)]
struct FontNames {
    /// 仿宋: the body and levels 3 and 4.
    fangsong: &'static str,
    /// 楷体: level-2 headings.
    kaiti: &'static str,
}

impl FontNames {
    fn of(fonts: Fonts) -> FontNames {
        match fonts {
            Fonts::Gb2312 => FontNames {
                fangsong: "仿宋_GB2312",
                kaiti: "楷体_GB2312",
            },
            Fonts::Plain => FontNames {
                fangsong: "仿宋",
                kaiti: "楷体",
            },
        }
    }
}

/// How the runs of a piece of text are set.
#[derive(Clone, Copy)]
struct RunStyle {
    /// The font of Chinese text and of the punctuation shared with Latin text (“ ” — …).
    east_asia: &'static str,
    /// The font of digits and Latin letters.
    latin: &'static str,
    /// Half-points.
    size: u32,
    /// Twentieths of a point.
    spacing: i32,
}

impl RunStyle {
    fn body(east_asia: &'static str) -> RunStyle {
        RunStyle {
            east_asia,
            latin: LATIN_FONT,
            size: BODY_SIZE,
            spacing: BODY_CHAR_SPACING,
        }
    }
}

/// Paragraph properties, written in schema order.
#[derive(Clone, Copy)]
struct ParagraphStyle {
    /// `w:pStyle`: the heading styles, so Word's and WPS's navigation pane and table of contents
    /// find the headings; the look is still set on the paragraph and its runs.
    style: Option<&'static str>,
    keep_next: bool,
    /// Off for the title: its 2号 characters are taller than a grid line, and LibreOffice would
    /// give each of its lines two grid lines (Word already keeps exact spacing off the grid).
    snap_to_grid: bool,
    align: &'static str,
    indent: Indent,
    /// `w:outlineLvl`, so Word's navigation pane lists the headings.
    outline_level: Option<u8>,
}

#[derive(Clone, Copy)]
enum Indent {
    None,
    /// 首行缩进二字.
    FirstLineTwoChars,
    /// A right indent, in half-字.
    RightHalfChars(usize),
    /// A left indent, in half-字 (only the even pages' number uses it).
    LeftHalfChars(usize),
}

impl ParagraphStyle {
    const BODY: ParagraphStyle = ParagraphStyle {
        style: None,
        keep_next: false,
        snap_to_grid: true,
        align: "both",
        indent: Indent::FirstLineTwoChars,
        outline_level: None,
    };
}

/// The level a block is set at, GB/T 9704 §7.3.3.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    /// 一、: 黑体.
    One,
    /// （一）: 楷体, the ordinal and the first sentence (a run-in heading).
    Two,
    /// 1., （1）, 一是 and prose: 仿宋.
    Body,
}

fn level(block: &Block) -> Level {
    match block.kind {
        BlockKind::Heading => Level::One,
        BlockKind::SubHeading { .. } => Level::Two,
        BlockKind::Paragraph { .. } if is_chinese_in_brackets(&block.ordinal) => Level::Two,
        BlockKind::Paragraph { .. } => Level::Body,
    }
}

/// `（一）`, `（十二）`: a Chinese numeral in brackets.
fn is_chinese_in_brackets(ordinal: &str) -> bool {
    let inner = ordinal
        .strip_prefix(['（', '('])
        .and_then(|rest| rest.strip_suffix(['）', ')']));
    inner
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| "〇一二三四五六七八九十百".contains(c)))
}

/// The report as the bytes of a .docx file.
pub fn render(report: &Report, options: &Options) -> Vec<u8> {
    let fonts = FontNames::of(options.fonts);
    let mut parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", content_types(options.page_numbers)),
        ("_rels/.rels", package_relationships()),
        ("docProps/core.xml", core_properties(&report.title_text())),
        ("docProps/app.xml", app_properties()),
        ("word/document.xml", document(report, fonts, options)),
        ("word/styles.xml", styles(fonts)),
        ("word/settings.xml", settings(options.page_numbers)),
        ("word/fontTable.xml", font_table(fonts)),
        (
            "word/_rels/document.xml.rels",
            document_relationships(options.page_numbers),
        ),
    ];
    match options.page_numbers {
        PageNumbers::Outside => {
            parts.push((
                "word/footer1.xml",
                footer("right", Indent::RightHalfChars(2)),
            ));
            parts.push(("word/footer2.xml", footer("left", Indent::LeftHalfChars(2))));
        }
        PageNumbers::Center => parts.push(("word/footer1.xml", footer("center", Indent::None))),
    }
    zip_package(&parts)
}

/// The parts in a zip. Writing to memory cannot fail: the names are ours, the sizes tiny.
fn zip_package(parts: &[(&str, String)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, xml) in parts {
        zip.start_file(*name, options)
            .and_then(|()| zip.write_all(xml.as_bytes()).map_err(Into::into))
            .expect("writing a zip to memory cannot fail");
    }
    zip.finish()
        .expect("writing a zip to memory cannot fail")
        .into_inner()
}

const XML_DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// ---- word/document.xml ----

fn document(report: &Report, fonts: FontNames, options: &Options) -> String {
    let mut body = String::new();

    let title_style = RunStyle {
        east_asia: TITLE_FONT,
        latin: LATIN_FONT,
        size: TITLE_SIZE,
        spacing: 0,
    };
    let title = ParagraphStyle {
        style: None,
        keep_next: true,
        snap_to_grid: false,
        align: "center",
        indent: Indent::None,
        outline_level: None,
    };
    let breaks = title_breaks(&report.title_text(), &report.title_fields);
    let lines = split_inlines(&report.title, &breaks);
    let mut runs = String::new();
    for (n, line) in lines.iter().enumerate() {
        if n > 0 {
            runs.push_str("<w:r><w:br/></w:r>");
        }
        push_runs(&mut runs, line, title_style);
    }
    push_paragraph(&mut body, title, title_style, &runs);
    // 姓名行: 3号楷体, centred under the title.
    if let Some(byline) = &report.byline {
        let style = RunStyle::body(fonts.kaiti);
        let mut runs = String::new();
        push_runs(&mut runs, byline, style);
        let paragraph = ParagraphStyle {
            keep_next: true,
            align: "center",
            indent: Indent::None,
            ..ParagraphStyle::BODY
        };
        push_paragraph(&mut body, paragraph, style, &runs);
    }
    // One blank line between the title and the body.
    push_paragraph(
        &mut body,
        ParagraphStyle::BODY,
        RunStyle::body(fonts.fangsong),
        "",
    );

    for (i, block) in report.blocks.iter().enumerate() {
        if report.runs_on(i) {
            // Written with the heading before it.
            continue;
        }
        let mut runs = String::new();
        let inlines = with_ordinal(block);
        let paragraph = match level(block) {
            // A heading that runs on: 黑体, then its part's first paragraph in 仿宋, one body
            // paragraph (as a run-in 标题 2 is), or the navigation pane would list all of it.
            Level::One if report.runs_on(i + 1) => {
                push_runs(&mut runs, &inlines, RunStyle::body(HEADING_FONT));
                let rest = with_ordinal(&report.blocks[i + 1]);
                push_runs(&mut runs, &rest, RunStyle::body(fonts.fangsong));
                ParagraphStyle::BODY
            }
            Level::One => {
                push_runs(&mut runs, &inlines, RunStyle::body(HEADING_FONT));
                ParagraphStyle {
                    style: Some(HEADING_1_STYLE),
                    keep_next: true,
                    outline_level: Some(0),
                    ..ParagraphStyle::BODY
                }
            }
            // A sub-heading on its own line: all of it 楷体, kept with what follows, at outline
            // level 2 so that Word's navigation pane (and shuzhi's import) sees it.
            Level::Two if matches!(block.kind, BlockKind::SubHeading { .. }) => {
                push_runs(&mut runs, &inlines, RunStyle::body(fonts.kaiti));
                ParagraphStyle {
                    keep_next: true,
                    outline_level: Some(1),
                    ..ParagraphStyle::BODY
                }
            }
            Level::Two => {
                let (heading, rest) = run_in_heading(&inlines);
                push_runs(&mut runs, &heading, RunStyle::body(fonts.kaiti));
                push_runs(&mut runs, &rest, RunStyle::body(fonts.fangsong));
                // A heading on its own line is a 标题 2; a run-in one stays a body paragraph,
                // or the navigation pane would list the whole paragraph.
                let alone = rest.is_empty();
                ParagraphStyle {
                    style: alone.then_some(HEADING_2_STYLE),
                    keep_next: alone,
                    outline_level: alone.then_some(1),
                    ..ParagraphStyle::BODY
                }
            }
            Level::Body => {
                push_runs(&mut runs, &inlines, RunStyle::body(fonts.fangsong));
                ParagraphStyle::BODY
            }
        };
        push_paragraph(&mut body, paragraph, RunStyle::body(fonts.fangsong), &runs);
    }

    if let Some(signature) = &report.signature {
        let style = RunStyle::body(fonts.fangsong);
        push_paragraph(&mut body, ParagraphStyle::BODY, style, "");
        let (name_indent, date_indent) = signature_indents(
            half_chars(&crate::report::plain(&signature.name)),
            half_chars(&crate::report::plain(&signature.date)),
        );
        for (line, indent) in [
            (&signature.name, name_indent),
            (&signature.date, date_indent),
        ] {
            let mut runs = String::new();
            push_runs(&mut runs, line, style);
            let paragraph = ParagraphStyle {
                align: "right",
                indent: Indent::RightHalfChars(indent),
                ..ParagraphStyle::BODY
            };
            push_paragraph(&mut body, paragraph, style, &runs);
        }
    }

    let mut footers = String::new();
    match options.page_numbers {
        PageNumbers::Outside => footers.push_str(
            r#"<w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/>"#,
        ),
        PageNumbers::Center => footers
            .push_str(r#"<w:footerReference w:type="default" r:id="rIdFooterOdd"/>"#),
    }
    format!(
        "{XML_DECLARATION}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>{body}\
         <w:sectPr>{footers}\
         <w:pgSz w:w=\"{PAGE_WIDTH_TWIPS}\" w:h=\"{PAGE_HEIGHT_TWIPS}\"/>\
         <w:pgMar w:top=\"{MARGIN_TOP_TWIPS}\" w:right=\"{MARGIN_RIGHT_TWIPS}\" \
         w:bottom=\"{MARGIN_BOTTOM_TWIPS}\" w:left=\"{MARGIN_LEFT_TWIPS}\" \
         w:header=\"{HEADER_DISTANCE_TWIPS}\" w:footer=\"{FOOTER_DISTANCE_TWIPS}\" w:gutter=\"0\"/>\
         <w:pgNumType w:fmt=\"decimal\" w:start=\"1\"/><w:cols w:space=\"425\"/>\
         <w:docGrid w:type=\"lines\" w:linePitch=\"{LINE_PITCH_TWIPS}\"/>\
         </w:sectPr></w:body></w:document>"
    )
}

/// Appends a paragraph; `mark` sets the paragraph mark, so an empty paragraph is a 3号 line.
fn push_paragraph(out: &mut String, style: ParagraphStyle, mark: RunStyle, runs: &str) {
    out.push_str("<w:p><w:pPr>");
    if let Some(id) = style.style {
        out.push_str(&format!("<w:pStyle w:val=\"{id}\"/>"));
    }
    if style.keep_next {
        out.push_str("<w:keepNext/>");
    }
    out.push_str("<w:widowControl w:val=\"0\"/>");
    if !style.snap_to_grid {
        out.push_str("<w:snapToGrid w:val=\"0\"/>");
    }
    out.push_str(&format!(
        "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{LINE_PITCH_TWIPS}\" \
         w:lineRule=\"exact\"/>"
    ));
    push_indent(out, style.indent);
    out.push_str(&format!("<w:jc w:val=\"{}\"/>", style.align));
    if let Some(level) = style.outline_level {
        out.push_str(&format!("<w:outlineLvl w:val=\"{level}\"/>"));
    }
    out.push_str(&run_properties(mark, false, false));
    out.push_str("</w:pPr>");
    out.push_str(runs);
    out.push_str("</w:p>");
}

fn push_indent(out: &mut String, indent: Indent) {
    // The document default indents the first line two 字 (so text added in Word is body
    // text); every other paragraph says it has no first-line indent.
    match indent {
        Indent::None => out.push_str("<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>"),
        Indent::FirstLineTwoChars => out.push_str(&format!(
            "<w:ind w:firstLineChars=\"200\" w:firstLine=\"{}\"/>",
            2 * CHAR_TWIPS
        )),
        Indent::RightHalfChars(half) => out.push_str(&format!(
            "<w:ind w:rightChars=\"{}\" w:right=\"{}\" w:firstLineChars=\"0\" w:firstLine=\"0\"/>",
            half * 50,
            half as u32 * CHAR_TWIPS / 2
        )),
        Indent::LeftHalfChars(half) => out.push_str(&format!(
            "<w:ind w:leftChars=\"{}\" w:left=\"{}\" w:firstLineChars=\"0\" w:firstLine=\"0\"/>",
            half * 50,
            half as u32 * CHAR_TWIPS / 2
        )),
    }
}

/// `<w:rPr>`: Latin text in the Latin font, everything else in the East Asian one. A run of
/// punctuation shared by both scripts (`shared`) is set in the East Asian font in every slot and
/// hinted as East Asian, so “ ” — … never fall back to Times New Roman.
fn run_properties(style: RunStyle, shared: bool, highlight: bool) -> String {
    let RunStyle {
        east_asia,
        latin,
        size,
        spacing,
    } = style;
    let mut out = String::from("<w:rPr>");
    if shared {
        out.push_str(&format!(
            "<w:rFonts w:ascii=\"{east_asia}\" w:hAnsi=\"{east_asia}\" w:eastAsia=\"{east_asia}\" \
             w:cs=\"{east_asia}\" w:hint=\"eastAsia\"/>"
        ));
    } else {
        out.push_str(&format!(
            "<w:rFonts w:ascii=\"{latin}\" w:hAnsi=\"{latin}\" w:eastAsia=\"{east_asia}\" \
             w:cs=\"{latin}\"/>"
        ));
    }
    // Always written, 0 included: the document default is the body's −0.25 pt.
    out.push_str(&format!("<w:spacing w:val=\"{spacing}\"/>"));
    out.push_str(&format!(
        "<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>"
    ));
    if highlight {
        out.push_str("<w:highlight w:val=\"yellow\"/>");
    }
    out.push_str("</w:rPr>");
    out
}

/// Appends the runs of `inlines`: a new run wherever the font slot changes, places still to fill
/// highlighted in yellow.
fn push_runs(out: &mut String, inlines: &[Inline], style: RunStyle) {
    for inline in inlines {
        let highlight = inline.kind != InlineKind::Plain;
        for (text, shared) in script_runs(&inline.text) {
            out.push_str("<w:r>");
            out.push_str(&run_properties(style, shared, highlight));
            out.push_str("<w:t xml:space=\"preserve\">");
            out.push_str(&escape(text));
            out.push_str("</w:t></w:r>");
        }
    }
}

/// Splits text where it changes between punctuation shared by Chinese and Latin text and
/// everything else; `true` marks the shared pieces.
fn script_runs(text: &str) -> Vec<(&str, bool)> {
    let mut out: Vec<(&str, bool)> = Vec::new();
    let mut start = 0;
    let mut current = None;
    for (i, c) in text.char_indices() {
        let shared = is_shared_punctuation(c);
        if current.is_some_and(|s| s != shared) {
            out.push((&text[start..i], !shared));
            start = i;
        }
        current = Some(shared);
    }
    if let Some(shared) = current {
        out.push((&text[start..], shared));
    }
    out
}

/// Characters of East Asian ambiguous width: quotes, dashes, ellipsis, middle dot, ① ℃ Ⅱ ×.
/// Word sets them in the Latin font unless told otherwise; in Chinese text they are Chinese.
fn is_shared_punctuation(c: char) -> bool {
    is_ambiguous(c.encode_utf8(&mut [0; 4]))
}

/// Width in half-字: Chinese and the shared punctuation 2, Latin letters and digits 1.
fn half_chars(text: &str) -> usize {
    text.chars().map(|c| c.width_cjk().unwrap_or(0)).sum()
}

/// Escapes XML text and attribute values and drops what XML 1.0 cannot hold or what would be a
/// control character in the document. The report is already sanitized; this is the last guard.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

// ---- The title ----

/// Where a long title is broken, as char offsets into it: between word units, each line fitting
/// the 版心, the lines shaped like a trapezoid (the first no shorter than the next).
///
/// Breaks are tried in three kinds, the first kind that gives lines that fit wins: before an
/// opening bracket or a dash (or after a closing one); at the edge of a field value (`fields`,
/// char ranges: a name, a post, a unit) or of a word common in titles (after 年度 or 同志,
/// before 述职…); then between any two Chinese characters outside a field value. Never inside
/// a number, a Latin word or a `{…}` place to fill, and never before closing or after opening
/// punctuation. Among breaks of the same kind the most balanced wins. Only a field value too
/// long for a line by itself is broken inside, and then only as a last resort.
fn title_breaks(title: &str, fields: &[std::ops::Range<usize>]) -> Vec<usize> {
    let chars: Vec<char> = title.chars().collect();
    let widths: Vec<usize> = chars.iter().map(|c| c.width_cjk().unwrap_or(0)).collect();
    let all = break_candidates(&chars, fields);
    let good: Vec<(usize, u8)> = all
        .iter()
        .copied()
        .filter(|(_, kind)| *kind < LAST_RESORT)
        .collect();
    let mut breaks = Vec::new();
    let mut start = 0;
    loop {
        let rest: usize = widths[start..].iter().sum();
        if rest <= TITLE_LINE_HALF_CHARS {
            return breaks;
        }
        let width = |from: usize, to: usize| -> usize { widths[from..to].iter().sum() };
        // Two lines that both fit: the best of the first kind that has one.
        let two_lines = |candidates: &[(usize, u8)]| {
            candidates
                .iter()
                .filter(|(at, _)| *at > start)
                .filter(|(at, _)| {
                    width(start, *at) <= TITLE_LINE_HALF_CHARS
                        && width(*at, chars.len()) <= TITLE_LINE_HALF_CHARS
                })
                .min_by_key(|(at, kind)| {
                    let (first, second) = (width(start, *at), width(*at, chars.len()));
                    let shape = if first >= second {
                        first - second
                    } else {
                        2 * (second - first) + 1
                    };
                    (*kind, shape)
                })
                .copied()
        };
        // Too long for two: fill the first line as far as a break of the best kind allows.
        let fill = |candidates: &[(usize, u8)]| {
            candidates
                .iter()
                .filter(|(at, _)| *at > start && width(start, *at) <= TITLE_LINE_HALF_CHARS)
                .min_by_key(|(at, kind)| (*kind, TITLE_LINE_HALF_CHARS - width(start, *at)))
                .copied()
        };
        let at = two_lines(&good)
            .or_else(|| fill(&good))
            .or_else(|| two_lines(&all))
            .or_else(|| fill(&all));
        match at {
            Some((at, _)) => {
                breaks.push(at);
                start = at;
            }
            // Nowhere to break well: leave it to the word processor.
            None => return breaks,
        }
    }
}

/// Words common in report titles, never split; a title may break after the first kind and
/// before the second.
const TITLE_WORDS_BREAK_AFTER: [&str; 3] = ["年度", "同志", "关于"];
const TITLE_WORDS_BREAK_BEFORE: [&str; 6] =
    ["述职", "述责", "个人", "工作总结", "民主生活会", "对照检查"];
const TITLE_WORDS_WHOLE: [&str; 5] = ["述德", "述廉", "述法", "报告", "材料"];

/// The kind of break [`break_candidates`] gives inside a field value: taken only when nothing
/// else fits.
const LAST_RESORT: u8 = 3;

/// Offsets where a title may break (a break before `chars[at]`), with their kind: 0 at
/// brackets, dashes and other punctuation, 1 at the edges of field values and title words, 2
/// between other Chinese characters, [`LAST_RESORT`] between Chinese characters inside a field
/// value.
fn break_candidates(chars: &[char], fields: &[std::ops::Range<usize>]) -> Vec<(usize, u8)> {
    const OPENING: &str = "（(《〈「『“‘【";
    const CLOSING: &str = "）)》〉」』”’】，。、；：？！";
    let mut word_edges = Vec::new();
    let mut inside_words = Vec::new();
    let words = TITLE_WORDS_BREAK_AFTER
        .iter()
        .map(|w| (w, false, true))
        .chain(TITLE_WORDS_BREAK_BEFORE.iter().map(|w| (w, true, false)))
        .chain(TITLE_WORDS_WHOLE.iter().map(|w| (w, false, false)));
    for (word, before, after) in words {
        let word: Vec<char> = word.chars().collect();
        for start in 0..chars.len() {
            if chars[start..].starts_with(&word) {
                if before {
                    word_edges.push(start);
                }
                if after {
                    word_edges.push(start + word.len());
                }
                inside_words.extend(start + 1..start + word.len());
            }
        }
    }
    let mut in_braces = vec![false; chars.len() + 1];
    let mut depth = 0usize;
    for (i, c) in chars.iter().enumerate() {
        if *c == '{' {
            depth += 1;
        }
        in_braces[i + 1] = depth > 0;
        if *c == '}' {
            depth = depth.saturating_sub(1);
            in_braces[i + 1] = depth > 0;
        }
    }
    let mut out = Vec::new();
    for at in 1..chars.len() {
        let (before, after) = (chars[at - 1], chars[at]);
        let latin = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '%';
        if in_braces[at] || CLOSING.contains(after) || OPENING.contains(before) {
            continue;
        }
        if latin(before) && latin(after) || before.is_ascii_digit() || before == '—' && after == '—'
        {
            continue;
        }
        let inside_field = fields.iter().any(|f| f.start < at && at < f.end);
        let field_edge = fields.iter().any(|f| f.start == at || f.end == at);
        let cjk = crate::text::count::is_cjk(before) && crate::text::count::is_cjk(after);
        let kind = if OPENING.contains(after) || after == '—' || CLOSING.contains(before) {
            0
        } else if inside_field {
            if !cjk {
                continue;
            }
            LAST_RESORT
        } else if field_edge || word_edges.contains(&at) && !inside_words.contains(&at) {
            1
        } else if cjk {
            if inside_words.contains(&at) {
                continue;
            }
            2
        } else {
            continue;
        };
        out.push((at, kind));
    }
    out
}

/// `inlines` cut at the char offsets `at` (ascending) into lines.
fn split_inlines(inlines: &[Inline], at: &[usize]) -> Vec<Vec<Inline>> {
    let mut lines = vec![Vec::new()];
    let mut offset = 0;
    let mut cuts = at.iter().copied().peekable();
    for inline in inlines {
        let mut piece = String::new();
        for c in inline.text.chars() {
            if cuts.peek() == Some(&offset) {
                cuts.next();
                if !piece.is_empty() {
                    push_inline(&mut lines, std::mem::take(&mut piece), inline.kind);
                }
                lines.push(Vec::new());
            }
            piece.push(c);
            offset += 1;
        }
        if !piece.is_empty() {
            push_inline(&mut lines, piece, inline.kind);
        }
    }
    lines
}

fn push_inline(lines: &mut [Vec<Inline>], text: String, kind: InlineKind) {
    if let Some(line) = lines.last_mut() {
        line.push(Inline { text, kind });
    }
}

/// A block's runs with its ordinal in front, as they are written.
fn with_ordinal(block: &Block) -> Vec<Inline> {
    let ordinal = Inline {
        text: block.ordinal.clone(),
        kind: InlineKind::Plain,
    };
    std::iter::once(ordinal)
        .chain(block.text.iter().cloned())
        .collect()
}

/// A level-2 paragraph cut after its first sentence: `（一）认真履行“一岗双责”。` is the heading
/// (楷体), the rest is body (仿宋). A paragraph with no 。 is all heading: a heading on its own line.
fn run_in_heading(inlines: &[Inline]) -> (Vec<Inline>, Vec<Inline>) {
    let mut offset = 0;
    for inline in inlines {
        if inline.kind == InlineKind::Plain
            && let Some(i) = inline.text.chars().position(|c| c == '。')
        {
            let mut halves = split_inlines(inlines, &[offset + i + 1]).into_iter();
            let heading = halves.next().unwrap_or_default();
            return (heading, halves.next().unwrap_or_default());
        }
        offset += inline.text.chars().count();
    }
    (inlines.to_vec(), Vec::new())
}

// ---- The signature ----

// ---- Footers: `— 1 —`, GB/T 9704 §7.5 ----

fn footer(align: &str, indent: Indent) -> String {
    let style = RunStyle {
        east_asia: PAGE_NUMBER_FONT,
        latin: PAGE_NUMBER_FONT,
        size: PAGE_NUMBER_SIZE,
        spacing: 0,
    };
    let dash = run_properties(style, true, false);
    let digit = run_properties(style, false, false);
    let mut out =
        format!("{XML_DECLARATION}<w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:p><w:pPr>");
    out.push_str(&format!(
        "<w:widowControl w:val=\"0\"/><w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" \
         w:after=\"0\" w:line=\"{PAGE_NUMBER_LINE_TWIPS}\" w:lineRule=\"exact\"/>"
    ));
    match indent {
        // 一字 is the 3号 character the standard measures in, not the smaller 4号 of the page
        // number itself; so twips only, as `w:rightChars` would count 4号 characters.
        Indent::RightHalfChars(half) => out.push_str(&format!(
            "<w:ind w:right=\"{}\" w:firstLineChars=\"0\" w:firstLine=\"0\"/>",
            half as u32 * CHAR_TWIPS / 2
        )),
        Indent::LeftHalfChars(half) => out.push_str(&format!(
            "<w:ind w:left=\"{}\" w:firstLineChars=\"0\" w:firstLine=\"0\"/>",
            half as u32 * CHAR_TWIPS / 2
        )),
        Indent::None | Indent::FirstLineTwoChars => {
            out.push_str("<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>");
        }
    }
    out.push_str(&format!("<w:jc w:val=\"{align}\"/>{digit}</w:pPr>"));
    out.push_str(&format!(
        "<w:r>{dash}<w:t xml:space=\"preserve\">\u{2014} </w:t></w:r>\
         <w:r>{digit}<w:fldChar w:fldCharType=\"begin\"/></w:r>\
         <w:r>{digit}<w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>\
         <w:r>{digit}<w:fldChar w:fldCharType=\"separate\"/></w:r>\
         <w:r>{digit}<w:t>1</w:t></w:r>\
         <w:r>{digit}<w:fldChar w:fldCharType=\"end\"/></w:r>\
         <w:r>{dash}<w:t xml:space=\"preserve\"> \u{2014}</w:t></w:r>"
    ));
    out.push_str("</w:p></w:ftr>");
    out
}

// ---- The other parts ----

fn content_types(page_numbers: PageNumbers) -> String {
    const WORD: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let even = match page_numbers {
        PageNumbers::Outside => {
            format!("<Override PartName=\"/word/footer2.xml\" ContentType=\"{WORD}.footer+xml\"/>")
        }
        PageNumbers::Center => String::new(),
    };
    format!(
        "{XML_DECLARATION}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/word/document.xml\" ContentType=\"{WORD}.document.main+xml\"/>\
         <Override PartName=\"/word/styles.xml\" ContentType=\"{WORD}.styles+xml\"/>\
         <Override PartName=\"/word/settings.xml\" ContentType=\"{WORD}.settings+xml\"/>\
         <Override PartName=\"/word/fontTable.xml\" ContentType=\"{WORD}.fontTable+xml\"/>\
         <Override PartName=\"/word/footer1.xml\" ContentType=\"{WORD}.footer+xml\"/>{even}\
         <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
         </Types>"
    )
}

const RELATIONSHIPS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const RELATIONSHIP_TYPES: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn package_relationships() -> String {
    format!(
        "{XML_DECLARATION}<Relationships xmlns=\"{RELATIONSHIPS_NS}\">\
         <Relationship Id=\"rId1\" Type=\"{RELATIONSHIP_TYPES}/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{RELATIONSHIP_TYPES}/extended-properties\" Target=\"docProps/app.xml\"/>\
         </Relationships>"
    )
}

fn document_relationships(page_numbers: PageNumbers) -> String {
    let even = match page_numbers {
        PageNumbers::Outside => format!(
            "<Relationship Id=\"rIdFooterEven\" Type=\"{RELATIONSHIP_TYPES}/footer\" Target=\"footer2.xml\"/>"
        ),
        PageNumbers::Center => String::new(),
    };
    format!(
        "{XML_DECLARATION}<Relationships xmlns=\"{RELATIONSHIPS_NS}\">\
         <Relationship Id=\"rIdStyles\" Type=\"{RELATIONSHIP_TYPES}/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rIdSettings\" Type=\"{RELATIONSHIP_TYPES}/settings\" Target=\"settings.xml\"/>\
         <Relationship Id=\"rIdFontTable\" Type=\"{RELATIONSHIP_TYPES}/fontTable\" Target=\"fontTable.xml\"/>\
         <Relationship Id=\"rIdFooterOdd\" Type=\"{RELATIONSHIP_TYPES}/footer\" Target=\"footer1.xml\"/>{even}\
         </Relationships>"
    )
}

/// The title in the file's properties, so Word's title bar and file managers show it. No author
/// and no dates: the file says nothing the report does not.
fn core_properties(title: &str) -> String {
    format!(
        "{XML_DECLARATION}<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title></cp:coreProperties>",
        escape(title)
    )
}

fn app_properties() -> String {
    format!(
        "{XML_DECLARATION}<Properties \
         xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>shuzhi</Application></Properties>"
    )
}

/// The styles: document defaults that are the body's own formatting (3号 仿宋 condensed
/// −0.25 pt, Times New Roman for Latin text, first line indented two 字, exact 28.95 pt lines
/// on the grid, Chinese as the East Asian language), so a paragraph the writer adds, pastes
/// or re-styles in Word or WPS still sets 28 characters a line; and the heading styles 标题 1
/// (黑体) and 标题 2 (楷体) with their outline levels, looking as the headings do here. Every
/// paragraph and run of the document still carries its own formatting, so the look does not
/// depend on these.
fn styles(fonts: FontNames) -> String {
    let fangsong = fonts.fangsong;
    let kaiti = fonts.kaiti;
    let heading = |id: &str, name: &str, level: u8, east_asia: &str| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>\
             <w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>\
             <w:pPr><w:keepNext/><w:outlineLvl w:val=\"{level}\"/></w:pPr>\
             <w:rPr><w:rFonts w:ascii=\"{LATIN_FONT}\" w:hAnsi=\"{LATIN_FONT}\" w:eastAsia=\"{east_asia}\" w:cs=\"{LATIN_FONT}\"/>\
             <w:b w:val=\"0\"/><w:bCs w:val=\"0\"/><w:sz w:val=\"{BODY_SIZE}\"/><w:szCs w:val=\"{BODY_SIZE}\"/></w:rPr></w:style>"
        )
    };
    format!(
        "{XML_DECLARATION}<w:styles xmlns:w=\"{W_NS}\"><w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"{LATIN_FONT}\" w:hAnsi=\"{LATIN_FONT}\" w:eastAsia=\"{fangsong}\" w:cs=\"{LATIN_FONT}\"/>\
         <w:spacing w:val=\"{BODY_CHAR_SPACING}\"/>\
         <w:sz w:val=\"{BODY_SIZE}\"/><w:szCs w:val=\"{BODY_SIZE}\"/>\
         <w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:widowControl w:val=\"0\"/><w:autoSpaceDE w:val=\"0\"/>\
         <w:autoSpaceDN w:val=\"0\"/><w:adjustRightInd w:val=\"0\"/>\
         <w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{LINE_PITCH_TWIPS}\" w:lineRule=\"exact\"/>\
         <w:ind w:firstLineChars=\"200\" w:firstLine=\"{first_line}\"/>\
         <w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
         {heading1}{heading2}\
         <w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">\
         <w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
         </w:styles>",
        first_line = 2 * CHAR_TWIPS,
        heading1 = heading(HEADING_1_STYLE, "heading 1", 0, HEADING_FONT),
        heading2 = heading(HEADING_2_STYLE, "heading 2", 1, kaiti),
    )
}

/// Odd and even footers when the page numbers go outside; punctuation never squeezed, so a
/// line holds exactly 28 characters.
fn settings(page_numbers: PageNumbers) -> String {
    let even_and_odd = match page_numbers {
        PageNumbers::Outside => "<w:evenAndOddHeaders/>",
        PageNumbers::Center => "",
    };
    format!(
        "{XML_DECLARATION}<w:settings xmlns:w=\"{W_NS}\"><w:zoom w:percent=\"100\"/>\
         <w:defaultTabStop w:val=\"420\"/>{even_and_odd}\
         <w:characterSpacingControl w:val=\"doNotCompress\"/>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" \
         w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         <w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:settings>"
    )
}

/// The fonts used, with the Chinese character set, so that a machine without one of them
/// substitutes a Chinese font and not a Latin one; the *_GB2312 names fall back to 仿宋 and 楷体.
fn font_table(fonts: FontNames) -> String {
    let mut out = format!("{XML_DECLARATION}<w:fonts xmlns:w=\"{W_NS}\">");
    let chinese = [
        (fonts.fangsong, "modern", "fixed"),
        (fonts.kaiti, "modern", "fixed"),
        (TITLE_FONT, "script", "variable"),
        (HEADING_FONT, "modern", "fixed"),
        (PAGE_NUMBER_FONT, "auto", "variable"),
    ];
    for (name, family, pitch) in chinese {
        out.push_str(&format!("<w:font w:name=\"{name}\">"));
        let alt_name = match name.strip_suffix("_GB2312") {
            Some(plain) => Some(plain),
            None => (name == TITLE_FONT).then_some(TITLE_FONT_ALT_NAME),
        };
        if let Some(alt_name) = alt_name {
            out.push_str(&format!("<w:altName w:val=\"{alt_name}\"/>"));
        }
        out.push_str(&format!(
            "<w:charset w:val=\"86\"/><w:family w:val=\"{family}\"/><w:pitch w:val=\"{pitch}\"/></w:font>"
        ));
    }
    out.push_str(&format!(
        "<w:font w:name=\"{LATIN_FONT}\"><w:charset w:val=\"00\"/><w:family w:val=\"roman\"/>\
         <w:pitch w:val=\"variable\"/></w:font></w:fonts>"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn plain(text: &str) -> Inline {
        Inline {
            text: text.to_string(),
            kind: InlineKind::Plain,
        }
    }

    fn lines(title: &str) -> Vec<String> {
        let lines = split_inlines(&[plain(title)], &title_breaks(title, &[]));
        lines.iter().map(|l| crate::report::plain(l)).collect()
    }

    #[test]
    fn a_title_that_fits_stays_on_one_line() {
        assert_eq!(lines("2025年度述职述廉报告"), ["2025年度述职述廉报告"]);
        assert_eq!(lines("2025年度个人工作总结"), ["2025年度个人工作总结"]);
    }

    #[test]
    fn a_long_title_breaks_before_its_bracket() {
        assert_eq!(
            lines("2025年度述职述德述廉述法报告（德能勤绩廉）"),
            ["2025年度述职述德述廉述法报告", "（德能勤绩廉）"]
        );
    }

    #[test]
    fn a_long_title_without_brackets_breaks_at_a_word_edge_not_inside_a_word_or_number() {
        assert_eq!(
            lines("青山县柳溪乡人民政府乡长周明远同志2025年度述职述德述廉述法报告"),
            [
                "青山县柳溪乡人民政府乡长周明远同志",
                "2025年度述职述德述廉述法报告"
            ]
        );
        assert_eq!(
            lines("中共青山县柳溪乡委员会领导班子2025年度民主生活会对照检查材料"),
            [
                "中共青山县柳溪乡委员会领导班子2025年度",
                "民主生活会对照检查材料"
            ]
        );
    }

    fn lines_with_fields(title: &str, values: &[&str]) -> Vec<String> {
        let fields: Vec<std::ops::Range<usize>> = values
            .iter()
            .map(|v| {
                let start = title[..title.find(v).unwrap()].chars().count();
                start..start + v.chars().count()
            })
            .collect();
        let lines = split_inlines(&[plain(title)], &title_breaks(title, &fields));
        lines.iter().map(|l| crate::report::plain(l)).collect()
    }

    #[test]
    fn a_long_title_breaks_at_a_field_value_never_inside_a_name_or_post() {
        let title = "青山县柳溪乡人民政府办公室主任欧阳明远同志2026年度述责述廉报告";
        let post = "青山县柳溪乡人民政府办公室主任";
        assert_eq!(
            lines_with_fields(title, &[post, "欧阳明远"]),
            [post, "欧阳明远同志2026年度述责述廉报告"]
        );
    }

    #[test]
    fn a_post_with_a_pause_mark_may_break_after_it() {
        let title =
            "中共青山县柳溪乡委员会副书记、青山县柳溪乡人民政府乡长周明远同志2026年度述职述廉报告";
        let post = "中共青山县柳溪乡委员会副书记、青山县柳溪乡人民政府乡长";
        let lines = lines_with_fields(title, &[post, "周明远"]);
        assert_eq!(lines.concat(), title);
        assert_eq!(lines[0], "中共青山县柳溪乡委员会副书记、", "{lines:?}");
        assert!(lines.iter().all(|l| half_chars(l) <= TITLE_LINE_HALF_CHARS));
        assert!(lines.iter().any(|l| l.contains("周明远")), "{lines:?}");
    }

    #[test]
    fn a_field_value_too_long_for_a_line_is_broken_as_a_last_resort() {
        let unit = "青山县柳溪乡人民政府农业农村综合服务中心党支部委员会";
        let title = format!("{unit}2026年度述职述廉报告");
        let lines = lines_with_fields(&title, &[unit]);
        assert_eq!(lines.concat(), title);
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines.iter().all(|l| half_chars(l) <= TITLE_LINE_HALF_CHARS));
    }

    #[test]
    fn title_lines_are_a_trapezoid_and_each_fits_the_page() {
        let title = "关于进一步加强和改进新时代乡镇干部队伍建设推动基层治理能力现代化的调研报告";
        let lines = lines(title);
        assert_eq!(lines.concat(), title);
        assert!(lines.len() >= 2, "{lines:?}");
        for line in &lines {
            assert!(half_chars(line) <= TITLE_LINE_HALF_CHARS, "{lines:?}");
        }
        assert!(half_chars(&lines[0]) >= half_chars(&lines[1]), "{lines:?}");
    }

    #[test]
    fn a_place_to_fill_in_a_title_is_never_split() {
        let title = "{单位名称单位名称单位名称}{年度}年度述职述德述廉述法报告";
        for line in lines(title) {
            assert_eq!(
                line.matches('{').count(),
                line.matches('}').count(),
                "{line}"
            );
        }
    }

    #[test]
    fn level_comes_from_the_shape_of_the_ordinal() {
        let block = |kind, ordinal: &str| Block {
            kind,
            part: 0,
            ordinal: ordinal.to_string(),
            text: vec![plain("正文。")],
        };
        let paragraph = BlockKind::Paragraph { index: 1 };
        assert_eq!(level(&block(BlockKind::Heading, "一、")), Level::One);
        assert_eq!(level(&block(paragraph, "（二）")), Level::Two);
        assert_eq!(level(&block(paragraph, "（十二）")), Level::Two);
        for ordinal in ["二是", "2.", "（1）", "", "（）"] {
            assert_eq!(level(&block(paragraph, ordinal)), Level::Body, "{ordinal}");
        }
    }

    #[test]
    fn a_run_in_heading_is_the_first_sentence() {
        let inlines = [
            plain("（一）"),
            plain("认真履行“一岗双责”。牢固树立"),
            Inline {
                text: "{理念}".into(),
                kind: InlineKind::Slot,
            },
            plain("的理念。"),
        ];
        let (heading, rest) = run_in_heading(&inlines);
        assert_eq!(crate::report::plain(&heading), "（一）认真履行“一岗双责”。");
        assert_eq!(crate::report::plain(&rest), "牢固树立{理念}的理念。");
        assert_eq!(rest[1].kind, InlineKind::Slot);
        let (heading, rest) = run_in_heading(&[plain("（二）"), plain("依法行政")]);
        assert_eq!(crate::report::plain(&heading), "（二）依法行政");
        assert!(rest.is_empty());
    }

    #[test]
    fn shared_punctuation_gets_runs_of_its_own() {
        assert_eq!(
            script_runs("紧扣“产业兴乡”——2025年…"),
            [
                ("紧扣", false),
                ("“", true),
                ("产业兴乡", false),
                ("”——", true),
                ("2025年", false),
                ("…", true)
            ]
        );
        for c in ['“', '”', '‘', '’', '—', '…', '·', '①', '℃', 'Ⅱ', '×'] {
            assert!(is_shared_punctuation(c), "{c}");
        }
        for c in ['，', '。', '（', '汉', '1', 'a', '%', '.'] {
            assert!(!is_shared_punctuation(c), "{c}");
        }
    }

    #[test]
    fn signature_name_is_two_chars_in_and_the_date_starts_two_chars_right_of_it() {
        // 周明远 (6 half-字) over 2026年1月5日 (12): the date is longer, so it takes 右空二字
        // and the name moves left until the date starts two 字 right of the name's start.
        let (name, date) = signature_indents(6, 12);
        assert_eq!(date, 4);
        assert_eq!(name, 14);
        assert_eq!(
            name + 6 - (date + 12),
            4,
            "date starts two 字 right of the name"
        );
        // A long unit name over a short date: the name 右空二字, the date two 字 in from it.
        let name_width = half_chars("青山县柳溪乡人民政府");
        let (name, date) = signature_indents(name_width, 12);
        assert_eq!(name, 4);
        assert_eq!(name + name_width - (date + 12), 4);
    }

    #[test]
    fn text_is_escaped_and_control_characters_never_reach_the_xml() {
        assert_eq!(
            escape("a<b>&\"c\u{0}\u{7}\u{1b}\u{85}\u{FFFF}d\t"),
            "a&lt;b&gt;&amp;&quot;cd"
        );
    }

    #[test]
    fn footer_dash_top_is_seven_mm_below_the_type_area() {
        const TWIPS_PER_MM: f64 = 1440.0 / 25.4;
        let dash_top = f64::from(FOOTER_DISTANCE_TWIPS + PAGE_NUMBER_LINE_TWIPS / 2);
        let type_area_bottom = f64::from(MARGIN_BOTTOM_TWIPS);
        let gap_mm = (type_area_bottom - dash_top) / TWIPS_PER_MM;
        assert!((gap_mm - 7.0).abs() < 0.1, "{gap_mm}");
    }

    #[test]
    fn the_grid_holds_22_lines_of_28_characters() {
        let width = PAGE_WIDTH_TWIPS - MARGIN_LEFT_TWIPS - MARGIN_RIGHT_TWIPS;
        let height = PAGE_HEIGHT_TWIPS - MARGIN_TOP_TWIPS - MARGIN_BOTTOM_TWIPS;
        assert_eq!(height / LINE_PITCH_TWIPS, 22);
        let char_advance = (BODY_SIZE * 10) as i32 + BODY_CHAR_SPACING; // twips
        assert_eq!(width as i32 / char_advance, 28);
    }

    fn arbitrary_inline() -> impl Strategy<Value = Inline> {
        (
            any::<String>(),
            prop_oneof![
                Just(InlineKind::Plain),
                Just(InlineKind::Slot),
                Just(InlineKind::Stars)
            ],
        )
            .prop_map(|(text, kind)| Inline { text, kind })
    }

    proptest! {
        #[test]
        fn any_report_gives_well_formed_parts(
            title in proptest::collection::vec(arbitrary_inline(), 0..4),
            texts in proptest::collection::vec(
                (any::<bool>(), "(（[一二十]{1,2}）|[一二]是|1\\.|)", proptest::collection::vec(arbitrary_inline(), 0..3)),
                0..6,
            ),
            signature in any::<bool>(),
            plain_fonts in any::<bool>(),
            centred in any::<bool>(),
        ) {
            let blocks = texts
                .into_iter()
                .map(|(heading, ordinal, text)| Block {
                    kind: if heading { BlockKind::Heading } else { BlockKind::Paragraph { index: 1 } },
                    part: 0,
                    ordinal,
                    text,
                })
                .collect();
            let report = Report {
                title_fields: vec![0..title.len(), title.len()..2 * title.len()],
                title: title.clone(),
                blocks,
                byline: signature.then(|| title.clone()),
                signature: signature.then(|| crate::report::Signature { name: title.clone(), date: title.clone() }),
            };
            let options = Options {
                fonts: if plain_fonts { Fonts::Plain } else { Fonts::Gb2312 },
                page_numbers: if centred { PageNumbers::Center } else { PageNumbers::Outside },
            };
            let bytes = render(&report, &options);
            let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
            for i in 0..zip.len() {
                let mut part = zip.by_index(i).unwrap();
                let mut xml = String::new();
                std::io::Read::read_to_string(&mut part, &mut xml).unwrap();
                prop_assert!(roxmltree::Document::parse(&xml).is_ok(), "{:?}: {xml}", part.name());
                prop_assert!(!xml.chars().any(|c| c.is_control() && c != '\n'), "{:?}", part.name());
            }
        }
    }
}
