//! Reading a text file a person wrote, and telling them precisely what is wrong with it.
//!
//! Templates, phrase banks, drafts and the configuration are all TOML files that people edit by
//! hand. [`Source`] reads one (UTF-8, with or without a BOM, any line ends; a GBK file is named as
//! such) and [`Diagnostic`] is the one error all of them report: what is wrong, where
//! (`file:line:col` with the line and a caret under the spot) and what to do, in the shape cargo
//! uses. Every layer reports bad input this way, so `main` has one thing to print.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use crate::files::{self, ReadError};
use crate::text::{self, width::Ambiguous};

/// Files larger than this are refused: no hand-written report or template comes near it.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A text file as read from disk, with the name it is reported under.
#[derive(Clone, Debug)]
pub struct Source {
    /// The name shown in messages: the path as the user gave it, or `内置/…` for built-ins.
    pub name: String,
    /// The text, without a BOM. Line ends and everything else are as in the file, so that
    /// positions reported by the TOML parser match what the user's editor shows.
    pub text: String,
}

impl Source {
    /// Wraps text that did not come from a file (built-ins, tests).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Source {
        let text = text.into();
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        Source {
            name: name.into(),
            text,
        }
    }

    /// Reads `path`, refusing what is not a UTF-8 text file with a message that says why.
    pub fn read(path: &Path) -> Result<Source, Diagnostic> {
        let name = path.display().to_string();
        let bytes = read_input(path, "手写的文本文件")?;
        Source::from_bytes(name, bytes)
    }

    /// Decodes bytes read from a file called `name`.
    pub fn from_bytes(name: String, bytes: Vec<u8>) -> Result<Source, Diagnostic> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Source::new(name, text)),
            Err(err) => {
                let bytes = err.as_bytes();
                let at = err.utf8_error().valid_up_to();
                let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
                let looks_gbk = looks_like_gbk(bytes);
                let what = if looks_gbk {
                    format!("`{name}` 看起来是 GBK（GB2312/GB18030）编码，shuzhi 只读 UTF-8")
                } else {
                    format!("`{name}` 不是 UTF-8 文本（第 {line} 行有无法识别的字节）")
                };
                let help = if looks_gbk {
                    format!(
                        "请先转换为 UTF-8，例如：iconv -f GB18030 -t UTF-8 '{name}' > 新文件.toml"
                    )
                } else {
                    "请用 UTF-8 编码另存该文件".to_string()
                };
                Err(Diagnostic::new(what).help(help))
            }
        }
    }

    /// The 1-based line and column (in characters) of byte offset `at`, and that line's text.
    pub fn position(&self, at: usize) -> (usize, usize, &str) {
        let at = floor_char_boundary(&self.text, at.min(self.text.len()));
        let line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[at..]
            .find('\n')
            .map_or(self.text.len(), |i| at + i);
        let line_no = 1 + self.text[..line_start].matches('\n').count();
        let col = 1 + self.text[line_start..at].chars().count();
        let line = self.text[line_start..line_end].trim_end_matches('\r');
        (line_no, col, line)
    }

    /// A diagnostic pointing at byte range `span` of this file.
    pub fn error_at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let start = floor_char_boundary(&self.text, span.start.min(self.text.len()));
        let end = floor_char_boundary(&self.text, span.end.clamp(start, self.text.len()));
        let (line, col, line_text) = self.position(start);
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let marked = self.text[start..end].lines().next().unwrap_or("");
        Diagnostic::new(message).at(Location {
            file: self.name.clone(),
            line,
            col,
            line_text: text::sanitize(line_text).into_owned(),
            caret_cells: text::str_width(marked, Ambiguous::Narrow).max(1),
            caret_offset_cells: text::str_width(&self.text[line_start..start], Ambiguous::Narrow),
        })
    }

    /// A diagnostic about the whole file, with no position in it.
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(message).in_file(&self.name)
    }

    /// Turns a TOML parse or type error into our diagnostic, in Chinese, with a hint.
    pub fn toml_error(&self, err: &toml::de::Error, what: &str) -> Diagnostic {
        let (message, help) = explain_toml(err.message(), what);
        let diagnostic = match err.span() {
            // `missing field` errors point at 0..0, the start of the file: say so plainly.
            Some(span) if !(span.is_empty() && span.start == 0) => self.error_at(span, message),
            _ => self.error(message),
        };
        match help {
            Some(help) => diagnostic.help(help),
            None => diagnostic,
        }
    }
}

/// Where in a file a diagnostic points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub col: usize,
    /// The line itself, sanitized, shown under the arrow.
    pub line_text: String,
    /// How many cells the caret run covers, and how far it starts from the line's start.
    pub caret_cells: usize,
    pub caret_offset_cells: usize,
}

/// What is wrong, where, and what to do: the one error for bad input files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub message: String,
    pub file: Option<String>,
    pub location: Option<Box<Location>>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            message: message.into(),
            file: None,
            location: None,
            help: None,
        }
    }

    pub fn at(mut self, location: Location) -> Diagnostic {
        self.file = Some(location.file.clone());
        self.location = Some(Box::new(location));
        self
    }

    pub fn in_file(mut self, file: &str) -> Diagnostic {
        self.file = Some(file.to_string());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

impl std::error::Error for Diagnostic {}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "错误：{}", text::sanitize(&self.message))?;
        match (&self.location, &self.file) {
            (Some(loc), _) => {
                let gutter = " ".repeat(loc.line.to_string().len());
                writeln!(f, "{gutter}--> {}:{}:{}", loc.file, loc.line, loc.col)?;
                writeln!(f, "{gutter} |")?;
                writeln!(f, "{} | {}", loc.line, loc.line_text)?;
                writeln!(
                    f,
                    "{gutter} | {}{}",
                    " ".repeat(loc.caret_offset_cells),
                    "^".repeat(loc.caret_cells)
                )?;
            }
            (None, Some(file)) => writeln!(f, "  --> {file}")?,
            (None, None) => {}
        }
        if let Some(help) = &self.help {
            writeln!(f, "提示：{}", text::sanitize(help))?;
        }
        Ok(())
    }
}

/// Reads an input file the one bounded way ([`files::read_bounded`], [`MAX_FILE_BYTES`]); `kind`
/// says what a file of this sort should be, for the message about one too large.
pub fn read_input(path: &Path, kind: &str) -> Result<Vec<u8>, Diagnostic> {
    let name = path.display();
    files::read_bounded(path, MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::Folder => {
            Diagnostic::new(format!("`{name}` 是一个文件夹，不是文件")).help("请给出文件的路径")
        }
        ReadError::NotRegular => Diagnostic::new(format!(
            "`{name}` 不是普通文件（是设备、管道或套接字），不能读取"
        ))
        .help("请给出保存在磁盘上的文件的路径"),
        ReadError::TooLarge { limit } => Diagnostic::new(format!(
            "`{name}` 超过 {} MB，不像是{kind}",
            limit / (1024 * 1024)
        )),
        ReadError::Io(e) => io_diagnostic(path, &e),
    })
}

/// A diagnostic for a file that could not be opened or read.
pub fn io_diagnostic(path: &Path, err: &std::io::Error) -> Diagnostic {
    let name = path.display();
    match err.kind() {
        std::io::ErrorKind::NotFound => {
            Diagnostic::new(format!("找不到文件 `{name}`")).help("请检查路径和文件名是否正确")
        }
        std::io::ErrorKind::PermissionDenied => {
            Diagnostic::new(format!("没有权限读取 `{name}`")).help("请检查文件的权限")
        }
        _ => Diagnostic::new(format!("读取 `{name}` 失败：{err}")),
    }
}

/// True when `bytes` decode as GB18030 (a superset of GBK and GB2312) without error and hold
/// double-byte characters: the encoding Chinese Windows editors save in by default.
pub fn looks_like_gbk(bytes: &[u8]) -> bool {
    bytes.iter().any(|&b| b >= 0x81)
        && encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .is_some()
}

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Chinese wording for the TOML errors people actually make, with a hint where one helps.
fn explain_toml(message: &str, what: &str) -> (String, Option<String>) {
    let quoted = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let names = quoted(rest);
        let unknown = names.first().cloned().unwrap_or_default();
        let expected = &names[1.min(names.len())..];
        let help = match suggest(&unknown, expected.iter().map(String::as_str)) {
            Some(best) => format!("是否想写 `{best}`？"),
            None if expected.is_empty() => "这里不能有任何键".to_string(),
            None => format!("这里可用的键：{}", expected.join("、")),
        };
        return (format!("{what}中有未知的键 `{unknown}`"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let name = quoted(rest).into_iter().next().unwrap_or_default();
        return (
            format!("{what}缺少必需的键 `{name}`"),
            Some(format!("请加上一行 `{name} = …`")),
        );
    }
    if message.starts_with("duplicate key") {
        return (
            format!("{what}中有重复的键"),
            Some("同一个键只能写一次".to_string()),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (
            format!(
                "{what}中这个值的类型不对：写的是{}，应为{}",
                type_name(found),
                type_name(expected)
            ),
            None,
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let names = quoted(rest);
        let value = names.first().cloned().unwrap_or_default();
        let expected = &names[1.min(names.len())..];
        return (
            format!("{what}中的取值 `{value}` 无效"),
            Some(format!("可用的取值：{}", expected.join("、"))),
        );
    }
    (
        format!("{what}不是有效的 TOML：{message}"),
        Some(
            "TOML 的写法是 `键 = \"值\"`，多行文字用三个双引号 \"\"\" 括起来，中文键名要加引号"
                .to_string(),
        ),
    )
}

/// Names a serde type description in Chinese.
fn type_name(description: &str) -> String {
    let d = description.trim();
    let kind = d.split([' ', ':']).next().unwrap_or(d);
    let name = match kind {
        "string" | "a" if d.contains("string") => "文字（加引号的字符串）",
        "string" => "文字（加引号的字符串）",
        "integer" | "u16" | "u32" | "u64" | "usize" | "i64" => "整数",
        "boolean" | "bool" => "true 或 false",
        "sequence" | "array" => "列表 [ … ]",
        "map" | "table" | "struct" => "表 [ … ] 或 { … }",
        "float" | "f64" => "小数",
        _ => return d.to_string(),
    };
    name.to_string()
}

/// The closest of `candidates` to `word`, if one is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_shows_file_line_column_the_line_and_a_caret() {
        let src = Source::new(
            "草稿.toml",
            "format = 1\n\n[sections.study]\nheding = \"加强学习\"\n",
        );
        let at = src.text.find("heding").unwrap();
        let d = src
            .error_at(at..at + 6, "草稿中有未知的键 `heding`")
            .help("是否想写 `heading`？");
        assert_eq!(
            d.to_string(),
            "错误：草稿中有未知的键 `heding`\n \
             --> 草稿.toml:4:1\n  |\n4 | heding = \"加强学习\"\n  | ^^^^^^\n提示：是否想写 `heading`？\n"
        );
    }

    #[test]
    fn caret_is_placed_by_display_width_under_chinese_text() {
        let src = Source::new("a.toml", "\"年度\" = 2022\n");
        let at = src.text.find("2022").unwrap();
        let loc = src.error_at(at..at + 4, "x").location.unwrap();
        assert_eq!((loc.line, loc.col), (1, 8));
        assert_eq!(loc.caret_offset_cells, 9);
        assert_eq!(loc.caret_cells, 4);
    }

    #[test]
    fn bom_is_dropped() {
        assert_eq!(Source::new("a", "\u{feff}x").text, "x");
    }

    #[test]
    fn gbk_file_is_named_and_a_conversion_suggested() {
        let (gbk, _, _) = encoding_rs::GBK.encode("年度 = \"二〇二二年述职报告\"\n");
        let err = Source::from_bytes("旧.toml".into(), gbk.into_owned()).unwrap_err();
        assert!(err.message.contains("GBK"), "{err}");
        assert!(err.help.unwrap().contains("iconv"));
    }

    #[test]
    fn binary_file_is_not_utf8() {
        let err =
            Source::from_bytes("x.toml".into(), vec![b'a', b'\n', 0xff, 0xfe, 0x00]).unwrap_err();
        assert!(err.message.contains("不是 UTF-8"), "{err}");
    }

    #[test]
    fn missing_file_and_directory_say_so() {
        let err = Source::read(Path::new("/nonexistent/草稿.toml")).unwrap_err();
        assert!(err.message.contains("找不到文件"));
        let err = Source::read(Path::new(".")).unwrap_err();
        assert!(err.message.contains("文件夹"));
    }

    #[test]
    fn unknown_key_suggests_the_nearest_one() {
        let (message, help) = explain_toml(
            "unknown field `heding`, expected `heading` or `text`",
            "草稿",
        );
        assert_eq!(message, "草稿中有未知的键 `heding`");
        assert_eq!(help.unwrap(), "是否想写 `heading`？");
    }
}
