//! Reading a text file a person wrote, and telling them precisely what is wrong with it.
//!
//! Templates, phrase banks, drafts and the configuration are all TOML files that people edit by
//! hand. [`Source`] reads one (UTF-8, with or without a BOM, any line ends; a GBK file is named as
//! such) and [`Diagnostic`] is the one error all of them report: what is wrong, where
//! (`file:line:col` with the line and a caret under the spot) and what to do, in the shape cargo
//! uses. Every layer reports bad input this way, so `main` has one thing to print.

mod strict;

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::files;
use crate::text::{self, width::Ambiguous};

pub use strict::{Kind as TomlErrorKind, ValueType};

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

/// Why a file could not be read as text.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("找不到文件 `{}`", path.display())]
    NotFound { path: PathBuf },
    #[error("没有权限读取 `{}`", path.display())]
    PermissionDenied { path: PathBuf },
    #[error("`{}` 是一个文件夹，不是文件", path.display())]
    IsFolder { path: PathBuf },
    #[error("`{}` 不是普通文件（是设备、管道或套接字），不能读取", path.display())]
    NotRegular { path: PathBuf },
    /// Over [`MAX_FILE_BYTES`]; `kind` says what a file of this sort should be (手写的文本文件).
    #[error("`{}` 超过 {} MB，不像是{kind}", path.display(), limit / (1024 * 1024))]
    TooLarge {
        path: PathBuf,
        limit: u64,
        kind: &'static str,
    },
    #[error("`{name}` 看起来是 GBK（GB2312/GB18030）编码，shuzhi 只读 UTF-8")]
    Gbk { name: String },
    #[error("`{name}` 不是 UTF-8 文本（第 {line} 行有无法识别的字节）")]
    NotUtf8 { name: String, line: usize },
    #[error("读取 `{}` 失败：{}", path.display(), crate::files::io_reason(source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ReadError {
    /// The error for `path` that could not be opened or read.
    pub fn io(path: &Path, err: std::io::Error) -> ReadError {
        let path = path.to_path_buf();
        match err.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound { path },
            std::io::ErrorKind::PermissionDenied => ReadError::PermissionDenied { path },
            _ => ReadError::Io { path, source: err },
        }
    }
}

impl From<ReadError> for Diagnostic {
    fn from(err: ReadError) -> Diagnostic {
        let help = match &err {
            ReadError::NotFound { .. } => Some("请检查路径和文件名是否正确".to_string()),
            ReadError::PermissionDenied { .. } => Some("请检查文件的权限".to_string()),
            ReadError::IsFolder { .. } => Some("请给出文件的路径".to_string()),
            ReadError::Gbk { name } => Some(format!(
                "请先转换为 UTF-8，例如：iconv -f GB18030 -t UTF-8 '{name}' > 新文件.toml"
            )),
            ReadError::NotUtf8 { .. } => Some("请用 UTF-8 编码另存该文件".to_string()),
            ReadError::NotRegular { .. } => Some("请给出保存在磁盘上的文件的路径".to_string()),
            ReadError::TooLarge { .. } | ReadError::Io { .. } => None,
        };
        let diagnostic = Diagnostic::new(err.to_string());
        match help {
            Some(help) => diagnostic.help(help),
            None => diagnostic,
        }
    }
}

/// What is wrong with a TOML file, where, and which kind of file it is (`草稿`, `模板`…).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", explain_toml(self).0)]
pub struct TomlError {
    pub kind: TomlErrorKind,
    /// What the file is, as the message names it.
    pub what: &'static str,
    pub file: String,
    /// The place the error is about; none when it is about the whole file.
    pub at: Option<Box<Location>>,
}

impl From<TomlError> for Diagnostic {
    fn from(err: TomlError) -> Diagnostic {
        let (message, help) = explain_toml(&err);
        let diagnostic = match err.at {
            Some(at) => Diagnostic::new(message).at(at),
            None => Diagnostic::new(message).in_file(&err.file),
        };
        match help {
            Some(help) => diagnostic.help(help),
            None => diagnostic,
        }
    }
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
    pub fn read(path: &Path) -> Result<Source, ReadError> {
        let bytes = read_input(path, "手写的文本文件")?;
        Source::from_bytes(path.display().to_string(), bytes)
    }

    /// Decodes bytes read from a file called `name`.
    pub fn from_bytes(name: String, bytes: Vec<u8>) -> Result<Source, ReadError> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Source::new(name, text)),
            Err(err) => {
                let bytes = err.as_bytes();
                if looks_like_gbk(bytes) {
                    return Err(ReadError::Gbk { name });
                }
                let at = err.utf8_error().valid_up_to();
                let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
                Err(ReadError::NotUtf8 { name, line })
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

    /// The place of byte range `span` of this file, as a message shows it.
    pub fn locate(&self, span: Range<usize>) -> Box<Location> {
        let start = floor_char_boundary(&self.text, span.start.min(self.text.len()));
        let end = floor_char_boundary(&self.text, span.end.clamp(start, self.text.len()));
        let (line, col, line_text) = self.position(start);
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let marked = self.text[start..end].lines().next().unwrap_or("");
        Box::new(Location {
            file: self.name.clone(),
            line,
            col,
            line_text: text::sanitize(line_text).into_owned(),
            caret_cells: text::str_width(marked, Ambiguous::Narrow).max(1),
            caret_offset_cells: text::str_width(&self.text[line_start..start], Ambiguous::Narrow),
        })
    }

    /// Reads this file as TOML into `T`; `what` names the kind of file in messages (`草稿`).
    pub fn parse_toml<T: DeserializeOwned>(&self, what: &'static str) -> Result<T, TomlError> {
        strict::from_str(&self.text).map_err(|err| TomlError {
            kind: err.kind,
            what,
            file: self.name.clone(),
            at: err.span.map(|span| self.locate(span)),
        })
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

    pub fn at(mut self, location: impl Into<Box<Location>>) -> Diagnostic {
        let location = location.into();
        self.file = Some(location.file.clone());
        self.location = Some(location);
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

/// Reads an input file the one bounded way ([`files::read_bounded`], [`MAX_FILE_BYTES`]): a
/// folder, a device, a FIFO or a file over the limit is refused at once; `kind` says what a file
/// of this sort should be, for the message about one too large.
pub fn read_input(path: &Path, kind: &'static str) -> Result<Vec<u8>, ReadError> {
    let path_buf = || path.to_path_buf();
    files::read_bounded(path, MAX_FILE_BYTES).map_err(|e| match e {
        files::ReadError::Folder => ReadError::IsFolder { path: path_buf() },
        files::ReadError::NotRegular => ReadError::NotRegular { path: path_buf() },
        files::ReadError::TooLarge { limit } => ReadError::TooLarge {
            path: path_buf(),
            limit,
            kind,
        },
        files::ReadError::Io(e) => ReadError::io(path, e),
    })
}

/// A diagnostic for a file that could not be opened or read.
pub fn io_diagnostic(path: &Path, err: &std::io::Error) -> Diagnostic {
    ReadError::io(path, std::io::Error::new(err.kind(), err.to_string())).into()
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

/// Chinese wording for a TOML error, with a hint where one helps.
fn explain_toml(err: &TomlError) -> (String, Option<String>) {
    let what = err.what;
    match &err.kind {
        TomlErrorKind::UnknownKey { key, expected } => {
            let help = match suggest(key, expected.iter().copied()) {
                Some(best) => format!("是否想写 `{best}`？"),
                None if expected.is_empty() => "这里不能有任何键".to_string(),
                None => format!("这里可用的键：{}", expected.join("、")),
            };
            (format!("{what}中有未知的键 `{key}`"), Some(help))
        }
        TomlErrorKind::MissingKey { key } => (
            format!("{what}缺少必需的键 `{key}`"),
            Some(format!("请加上一行 `{key} = …`")),
        ),
        TomlErrorKind::DuplicateKey { key } => (
            format!("{what}中有重复的键 `{key}`"),
            Some("同一个键只能写一次".to_string()),
        ),
        TomlErrorKind::WrongType { found, expected } => (
            format!(
                "{what}中这个值的类型不对：写的是{}，应为{}",
                type_name(*found),
                type_name(*expected)
            ),
            None,
        ),
        TomlErrorKind::WrongLength {
            found,
            expected: Some(expected),
        } => (
            format!("{what}中这个列表的值个数不对：写了 {found} 个，应为 {expected} 个"),
            None,
        ),
        TomlErrorKind::WrongLength {
            found,
            expected: None,
        } => (
            format!("{what}中这个列表的值个数不对：写了 {found} 个"),
            None,
        ),
        TomlErrorKind::OutOfRange { value } => (
            format!("{what}中的数 {value} 超出了允许的范围"),
            Some("这里应写不小于 0 的整数".to_string()),
        ),
        TomlErrorKind::UnknownValue { value, expected } => (
            format!("{what}中的取值 `{value}` 无效"),
            Some(format!("可用的取值：{}", expected.join("、"))),
        ),
        TomlErrorKind::Other { detail } => (format!("{what}中的这个值不对：{detail}"), None),
        TomlErrorKind::Syntax { detail } => (
            format!("{what}不是有效的 TOML：{detail}"),
            Some(
                "TOML 的写法是 `键 = \"值\"`，多行文字用三个双引号 \"\"\" 括起来，中文键名要加引号"
                    .to_string(),
            ),
        ),
    }
}

/// Names a kind of TOML value in Chinese.
fn type_name(kind: ValueType) -> &'static str {
    match kind {
        ValueType::String => "文字（加引号的字符串）",
        ValueType::Integer => "整数",
        ValueType::Boolean => "true 或 false",
        ValueType::Array => "列表 [ … ]",
        ValueType::Table => "表 [ … ] 或 { … }",
        ValueType::Float => "小数",
        ValueType::Datetime => "日期时间",
    }
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
        let d = Diagnostic::new("草稿中有未知的键 `heding`")
            .at(src.locate(at..at + 6))
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
        let loc = src.locate(at..at + 4);
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
        assert!(matches!(err, ReadError::Gbk { .. }), "{err}");
        let d = Diagnostic::from(err);
        assert!(d.message.contains("GBK"), "{d}");
        assert!(d.help.unwrap().contains("iconv"));
    }

    #[test]
    fn binary_file_is_not_utf8() {
        let err =
            Source::from_bytes("x.toml".into(), vec![b'a', b'\n', 0xff, 0xfe, 0x00]).unwrap_err();
        assert!(matches!(err, ReadError::NotUtf8 { line: 2, .. }), "{err}");
        assert!(err.to_string().contains("不是 UTF-8"), "{err}");
    }

    #[test]
    fn missing_file_and_directory_say_so() {
        let err = Source::read(Path::new("/nonexistent/草稿.toml")).unwrap_err();
        assert!(matches!(err, ReadError::NotFound { .. }));
        assert!(err.to_string().contains("找不到文件"));
        let err = Source::read(Path::new(".")).unwrap_err();
        assert!(matches!(err, ReadError::IsFolder { .. }));
        assert!(err.to_string().contains("文件夹"));
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Section {
        heading: Option<String>,
        text: String,
    }

    #[test]
    fn unknown_key_suggests_the_nearest_one_at_its_place() {
        let src = Source::new("草稿.toml", "text = \"\"\nheding = \"加强学习\"\n");
        let err = src.parse_toml::<Section>("草稿").unwrap_err();
        assert!(matches!(&err.kind, TomlErrorKind::UnknownKey { key, .. } if key == "heding"));
        let d = Diagnostic::from(err);
        assert_eq!(d.message, "草稿中有未知的键 `heding`");
        let at = d.location.unwrap();
        assert_eq!((at.line, at.col, at.caret_cells), (2, 1, 6));
        assert_eq!(d.help.as_deref(), Some("是否想写 `heading`？"));
    }

    #[test]
    fn a_missing_key_names_the_file_and_how_to_add_it() {
        let src = Source::new("草稿.toml", "heading = \"加强学习\"\n");
        let d = Diagnostic::from(src.parse_toml::<Section>("草稿").unwrap_err());
        assert_eq!(
            d.to_string(),
            "错误：草稿缺少必需的键 `text`\n  --> 草稿.toml\n提示：请加上一行 `text = …`\n"
        );
    }

    #[test]
    fn a_wrong_type_is_named_in_chinese() {
        let src = Source::new("草稿.toml", "text = 2026\n");
        let d = Diagnostic::from(src.parse_toml::<Section>("草稿").unwrap_err());
        assert_eq!(
            d.message,
            "草稿中这个值的类型不对：写的是整数，应为文字（加引号的字符串）"
        );
        assert_eq!(d.location.unwrap().col, 8);
    }
}
