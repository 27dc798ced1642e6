//! Writing a [`Report`] out. Each format only lays the report out: numbering, fields and what
//! is left out were all decided by `assemble`, so every format says the same thing.

mod docx;
mod md;
mod txt;

pub use txt::INDENT;

use std::path::Path;

use super::Report;
use crate::config::Docx;

/// The formats a report can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Txt,
    Md,
    /// Word, laid out to GB/T 9704.
    Docx,
}

impl Format {
    /// Every format with its file extension.
    pub const ALL: [(Format, &'static str); 3] = [
        (Format::Txt, "txt"),
        (Format::Md, "md"),
        (Format::Docx, "docx"),
    ];

    /// The format an output file's extension names.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Self::ALL.iter().find(|(_, e)| *e == ext).map(|(f, _)| *f)
    }

    /// The usual extension of the format.
    pub fn extension(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(f, _)| *f == self)
            .map_or("txt", |(_, e)| e)
    }

    /// Whether the format is text (UTF-8) that can be shown in a terminal.
    pub fn is_text(self) -> bool {
        self != Format::Docx
    }

    /// The report in this format, as the bytes of the file; `docx` is how the .docx is laid out.
    pub fn render(self, report: &Report, docx: &Docx) -> Vec<u8> {
        match self {
            Format::Txt => txt::render(report).into_bytes(),
            Format::Md => md::render(report).into_bytes(),
            Format::Docx => docx::render(report, docx),
        }
    }
}
