//! Reading a report file (.txt, .md, .docx) into its paragraphs, in order, with what the file
//! itself says about them: indented or not, marked as the title, a heading or a sub-heading
//! (`#`, `##`, `###` in Markdown; the outline level or heading style in Word). Deciding what the paragraphs *are*
//! (opening, parts, closing) is `outline`'s job, not this one's.

use std::path::Path;

use super::docx;
use crate::source::{self, Diagnostic};
use crate::text::sanitize;

/// The paragraphs of a report file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportText {
    /// The name shown in messages: the path as given.
    pub name: String,
    pub paragraphs: Vec<Paragraph>,
}

/// One paragraph: its text trimmed (indent and trailing spaces gone), never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    /// It began with spaces (ASCII or full-width), a tab, or a first-line indent in Word.
    pub indented: bool,
    pub mark: Mark,
}

/// What the file's own markup says a paragraph is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Plain,
    /// Markdown `#`, Word's Title style.
    Title,
    /// Markdown `##`, a Word paragraph at outline level 1 (Heading 1).
    Heading,
    /// Markdown `###`, a Word paragraph at outline level 2 (Heading 2).
    SubHeading,
}

impl Paragraph {
    /// A paragraph from a line of text, `None` when it is blank.
    pub fn from_line(line: &str, mark: Mark) -> Option<Paragraph> {
        let text = line.trim();
        (!text.is_empty()).then(|| Paragraph {
            text: text.to_string(),
            indented: line.starts_with(char::is_whitespace),
            mark,
        })
    }
}

/// The kinds of file a report is read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Txt,
    Md,
    Docx,
}

/// Reads the report at `path`. The kind is the extension's (.md/.markdown, .docx, anything else
/// text), except that a zip file is always read as .docx.
pub fn read_report(path: &Path) -> Result<ReportText, Diagnostic> {
    let name = path.display().to_string();
    let bytes = source::read_input(path, "一份述职报告")?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    parse_report(name, &extension, &bytes)
}

/// The paragraphs of a report file's bytes; `extension` (lower case, no dot) names its kind.
pub fn parse_report(name: String, extension: &str, bytes: &[u8]) -> Result<ReportText, Diagnostic> {
    let kind = if bytes.starts_with(b"PK\x03\x04") {
        Kind::Docx
    } else {
        match extension {
            "docx" => {
                return Err(Diagnostic::new(format!(
                    "`{name}` 不是有效的 .docx 文件（文件已损坏，或不是 Word 文档）"
                ))
                .help("请用 Word 或 WPS 打开后重新另存为 .docx，或另存为 .txt 再导入"));
            }
            "doc" | "wps" if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) => {
                return Err(Diagnostic::new(format!(
                    "`{name}` 是旧版 Word（.doc/.wps）文件，shuzhi 只读 .docx"
                ))
                .help("请用 Word 或 WPS 打开后另存为 .docx 再导入"));
            }
            _ if bytes.starts_with(b"%PDF") => {
                return Err(
                    Diagnostic::new(format!("`{name}` 是 PDF 文件，shuzhi 读不了 PDF"))
                        .help("请导入报告的 .docx 或 .txt 原稿，或把文字复制到 .txt 文件后再导入"),
                );
            }
            "md" | "markdown" => Kind::Md,
            _ => Kind::Txt,
        }
    };
    let paragraphs = match kind {
        Kind::Docx => docx::paragraphs(&name, bytes)?,
        Kind::Txt => txt_paragraphs(&decode(&name, bytes)?),
        Kind::Md => md_paragraphs(&decode(&name, bytes)?),
    };
    Ok(ReportText { name, paragraphs })
}

/// The text of a text file: UTF-8 (BOM or not) or UTF-16 with a BOM, sanitized. GBK is named
/// as such, with the command that converts it.
fn decode(name: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    let text = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, errors) = encoding_rs::UTF_16LE.decode(bytes);
        if errors {
            return Err(Diagnostic::new(format!("`{name}` 不是有效的 UTF-16 文本"))
                .help("请用记事本等编辑器把它另存为 UTF-8 编码"));
        }
        text.into_owned()
    } else {
        match std::str::from_utf8(bytes) {
            Ok(text) => text.strip_prefix('\u{feff}').unwrap_or(text).to_string(),
            Err(_) if source::looks_like_gbk(bytes) => {
                return Err(Diagnostic::new(format!(
                    "`{name}` 是 GBK（GB2312/GB18030）编码的，shuzhi 只读 UTF-8"
                ))
                .help(format!(
                    "请先转换为 UTF-8，例如：iconv -f GB18030 -t UTF-8 '{name}' > 报告-utf8.txt"
                )));
            }
            Err(err) => {
                let line = 1 + bytes[..err.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                return Err(Diagnostic::new(format!(
                    "`{name}` 不是文本文件（第 {line} 行有无法识别的字节）"
                ))
                .help("请导入 .txt、.md 或 .docx 格式的报告；文本文件请用 UTF-8 编码保存"));
            }
        }
    };
    Ok(sanitize(&text).into_owned())
}

/// Plain text: one line, one paragraph; blank lines mean nothing.
fn txt_paragraphs(text: &str) -> Vec<Paragraph> {
    text.lines()
        .filter_map(|line| Paragraph::from_line(line, Mark::Plain))
        .collect()
}

/// Markdown as reports are written in it: `#` the title, `##` headings, paragraphs separated by
/// blank lines (lines of one paragraph are joined), list items and hard line breaks start new
/// paragraphs. Backslash escapes are undone and `**bold**` marks dropped; other markup is text.
fn md_paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut current: Option<(String, bool)> = None;
    let flush = |current: &mut Option<(String, bool)>, out: &mut Vec<Paragraph>| {
        if let Some((raw, indented)) = current.take()
            && let Some(mut p) = Paragraph::from_line(&md_inline(&raw), Mark::Plain)
        {
            p.indented = indented;
            out.push(p);
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        let hashes = trimmed.chars().take_while(|&c| c == '#').count();
        let after_hashes = &trimmed[hashes..];
        if (1..=6).contains(&hashes) && (after_hashes.is_empty() || after_hashes.starts_with(' ')) {
            flush(&mut current, &mut out);
            let heading = after_hashes.trim().trim_end_matches('#').trim();
            let mark = match hashes {
                1 => Mark::Title,
                2 => Mark::Heading,
                3 => Mark::SubHeading,
                _ => Mark::Plain,
            };
            out.extend(Paragraph::from_line(&md_inline(heading), mark));
            continue;
        }
        if trimmed.is_empty() || is_thematic_break(trimmed) {
            flush(&mut current, &mut out);
            continue;
        }
        let content = trimmed.trim_start_matches('>').trim_start();
        let (content, new_item) = match content
            .strip_prefix("- ")
            .or_else(|| content.strip_prefix("* "))
            .or_else(|| content.strip_prefix("+ "))
        {
            Some(item) => (item, true),
            None => (content, starts_numbered_item(content)),
        };
        let hard_break = line.ends_with("  ") || line.ends_with('\\');
        let content = content.trim_end_matches('\\');
        match &mut current {
            Some((raw, _)) if !new_item => {
                let ascii_seam = raw.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && content.starts_with(|c: char| c.is_ascii_alphanumeric());
                if ascii_seam {
                    raw.push(' ');
                }
                raw.push_str(content);
            }
            _ => {
                flush(&mut current, &mut out);
                current = Some((content.to_string(), line.starts_with(char::is_whitespace)));
            }
        }
        if hard_break {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out
}

/// `1. ` or `1) ` at the start: a Markdown ordered list item.
fn starts_numbered_item(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "))
}

fn is_thematic_break(line: &str) -> bool {
    let marks: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.len() >= 3
        && ["-", "*", "_"]
            .iter()
            .any(|m| marks.chars().all(|c| c.to_string() == *m))
}

/// Undoes backslash escapes and drops paired `**`/`__` emphasis marks that were not escaped.
fn md_inline(raw: &str) -> String {
    // (char, escaped)
    let mut chars: Vec<(char, bool)> = Vec::with_capacity(raw.len());
    let mut it = raw.chars().peekable();
    while let Some(c) = it.next() {
        match (c, it.peek()) {
            ('\\', Some(&next)) if next.is_ascii_punctuation() => {
                chars.push((next, true));
                it.next();
            }
            _ => chars.push((c, false)),
        }
    }
    for mark in ['*', '_'] {
        let pair = |i: usize, chars: &[(char, bool)]| {
            chars.get(i) == Some(&(mark, false)) && chars.get(i + 1) == Some(&(mark, false))
        };
        let starts: Vec<usize> = (0..chars.len()).filter(|&i| pair(i, &chars)).collect();
        // Runs of three or more are not emphasis we understand: leave them.
        let clean = starts.windows(2).all(|w| w[1] >= w[0] + 2);
        if clean && !starts.is_empty() && starts.len().is_multiple_of(2) {
            for &i in starts.iter().rev() {
                chars.drain(i..i + 2);
            }
        }
    }
    chars.into_iter().map(|(c, _)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(paragraphs: &[Paragraph]) -> Vec<&str> {
        paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn txt_lines_are_paragraphs_with_indents_crlf_and_a_bom_tolerated() {
        let bytes = "\u{feff}标题\r\n\r\n　　开头。 \r\n  一、部分\r\n\t要点。\r\n   \r\n";
        let report = parse_report("a.txt".into(), "txt", bytes.as_bytes()).unwrap();
        assert_eq!(
            texts(&report.paragraphs),
            ["标题", "开头。", "一、部分", "要点。"]
        );
        let indented: Vec<bool> = report.paragraphs.iter().map(|p| p.indented).collect();
        assert_eq!(indented, [false, true, true, true]);
    }

    #[test]
    fn gbk_text_is_named_and_refused() {
        let (gbk, _, _) = encoding_rs::GBK.encode("2025年度述职报告\n一、学习\n");
        let err = parse_report("旧.txt".into(), "txt", &gbk).unwrap_err();
        assert!(err.message.contains("GBK"), "{err}");
        assert!(err.help.unwrap().contains("iconv"));
    }

    #[test]
    fn utf16_with_a_bom_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "标题\n一、部分\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let report = parse_report("a.txt".into(), "txt", &bytes).unwrap();
        assert_eq!(texts(&report.paragraphs), ["标题", "一、部分"]);
    }

    #[test]
    fn markdown_marks_title_and_headings_and_undoes_escapes() {
        let md = "# 2025年度报告\n\n　　面积\\*亩，\\<b\\>。\n\n## 一、学习\n\n　　**一是**学习\n理论。\n\n### （一）小标题\n\n- 要点\n- 第二点\n\n张三  \n2026年1月5日\n";
        let paragraphs = md_paragraphs(md);
        assert_eq!(
            texts(&paragraphs),
            [
                "2025年度报告",
                "面积*亩，<b>。",
                "一、学习",
                "一是学习理论。",
                "（一）小标题",
                "要点",
                "第二点",
                "张三",
                "2026年1月5日"
            ]
        );
        let marks: Vec<Mark> = paragraphs.iter().map(|p| p.mark).collect();
        assert_eq!(&marks[..3], [Mark::Title, Mark::Plain, Mark::Heading]);
        assert!(paragraphs[1].indented);
    }

    #[test]
    fn other_binary_files_are_refused_with_a_reason() {
        let pdf = parse_report("a.pdf".into(), "pdf", b"%PDF-1.7 ...").unwrap_err();
        assert!(pdf.message.contains("PDF"));
        let doc = parse_report("a.doc".into(), "doc", &[0xD0, 0xCF, 0x11, 0xE0, 0, 0]).unwrap_err();
        assert!(doc.message.contains(".doc"));
        let fake = parse_report("a.docx".into(), "docx", b"not a zip").unwrap_err();
        assert!(fake.message.contains(".docx"));
    }

    proptest! {
        #[test]
        fn reading_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            for ext in ["txt", "md", "docx"] {
                let _ = parse_report("x".into(), ext, &bytes);
            }
        }

        #[test]
        fn paragraphs_are_never_empty_or_padded(s in any::<String>()) {
            for p in md_paragraphs(&s).into_iter().chain(txt_paragraphs(&s)) {
                prop_assert!(!p.text.is_empty());
                prop_assert_eq!(p.text.trim(), p.text.as_str());
            }
        }
    }
}
