//! What can be wrong with a template or a phrase bank, and how it is said to the writer.
//!
//! Each kind carries what a caller needs to act on it (the id asked for, the ids there are, the
//! place in the file); [`Diagnostic`] is how it is shown.

use super::UnitKind;
use crate::source::{Diagnostic, Location, ReadError, TomlError, suggest};

/// A template or phrase bank that cannot be used, or a template that is not there.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Toml(#[from] TomlError),
    /// An id that is not ASCII letters, digits, `-` and `_`.
    #[error("{what}的 id `{id}` 不合规")]
    BadId {
        what: &'static str,
        id: String,
        at: Box<Location>,
    },
    /// A name, title or step left empty.
    #[error("{what}不能为空")]
    Empty {
        what: &'static str,
        at: Box<Location>,
    },
    #[error("字段的 key 不能为空，也不能含有花括号")]
    BadFieldKey { at: Box<Location> },
    #[error("字段 `{key}` 重复")]
    DuplicateField { key: String, at: Box<Location> },
    /// The title or the 姓名行 (`what`) names `{slot}`, which is not one of the template's fields.
    #[error("{what}中的 `{slot}` 不是本模板的字段")]
    UnknownFieldReference {
        what: &'static str,
        slot: String,
        fields: Vec<String>,
        at: Box<Location>,
    },
    #[error("模板至少要有一个部分（[[parts]]）")]
    NoParts { at: Box<Location> },
    #[error("部分的 id `{id}` 重复")]
    DuplicatePart { id: String, at: Box<Location> },
    #[error("不认识的编号方式 `{name}`")]
    UnknownPointStyle {
        name: String,
        known: Vec<&'static str>,
        at: Box<Location>,
    },
    #[error("字数范围要写成 [最少, 最多]")]
    ReversedRange { at: Box<Location> },
    /// A part offers a phrase bank there is none of; `known` are the banks there are.
    #[error("找不到素材库 `{id}`")]
    UnknownBank {
        id: String,
        known: Vec<String>,
        at: Box<Location>,
    },
    /// Two of the user's files with one id.
    #[error("{what} id `{id}` 重复：{first} 中已有同一个 id")]
    DuplicateId {
        what: &'static str,
        id: String,
        first: String,
        file: String,
    },
    /// No template has this id; `known` are the ids there are.
    #[error("没有 id 为 `{id}` 的模板")]
    UnknownTemplate { id: String, known: Vec<String> },
    /// A template's `roles` names a role there is none of.
    #[error("不认识的角色 `{name}`")]
    UnknownRole { name: String, at: Box<Location> },
    /// A phrase's or group's years, role, unit kinds or report types are written wrong;
    /// `what` names the phrase or group.
    #[error("{what}{problem}")]
    BadFit {
        what: String,
        problem: FitProblem,
        file: String,
    },
    /// A bank's phrase is meant for a template there is none of (a typo would hide it).
    #[error("素材库 `{bank}`（{origin}）的素材“{phrase}”写了 types 中没有的模板 `{id}`")]
    UnknownType {
        bank: String,
        origin: String,
        phrase: String,
        id: String,
        known: Vec<String>,
    },
}

/// What is wrong with the keys that say which years, reports, roles and units a phrase fits.
#[derive(Debug, thiserror::Error)]
pub enum FitProblem {
    #[error("的 {key} = {year} 不是年份")]
    NotAYear { key: &'static str, year: i64 },
    #[error("的年份 from = {from} 晚于 to = {to}")]
    YearsReversed { from: u16, to: u16 },
    #[error("的角色 `{0}` 不认识")]
    UnknownRole(String),
    #[error("的单位类型 `{0}` 不认识")]
    UnknownUnit(String),
    #[error("的 types 中 `{0}` 不是模板 id")]
    BadTypeId(String),
}

impl FitProblem {
    fn help(&self) -> String {
        match self {
            FitProblem::NotAYear { .. } => "年份写四位数字，如 2026".into(),
            FitProblem::YearsReversed { .. } => {
                "from 是开始使用的年份，to 是最后使用的年份，如 from = 2024, to = 2026".into()
            }
            FitProblem::UnknownRole(_) => ROLE_HELP.into(),
            FitProblem::UnknownUnit(_) => format!("units 可写：{}", UnitKind::names()),
            FitProblem::BadTypeId(_) => "types 写适用的模板 id，如 [\"dnqjl\", \"shulian\"]".into(),
        }
    }
}

const ROLE_HELP: &str = "角色写 \"leader\"（领导干部）或 \"staff\"（一般干部）";

impl Error {
    /// What to do about it.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            Error::Read(_) | Error::Toml(_) => return None,
            Error::BadId { .. } => "id 只能用英文字母、数字、- 和 _，例如 `dnqjl`、`study`".into(),
            Error::UnknownFieldReference { fields, .. } => {
                format!("字段有：{}", fields.join("、"))
            }
            Error::UnknownPointStyle { known, .. } => {
                format!("可用的编号方式：{}", known.join("、"))
            }
            Error::UnknownBank { id, known, .. } => {
                match suggest(id, known.iter().map(String::as_str)) {
                    Some(best) => format!("是否想写 `{best}`？"),
                    None => "素材库放在模板文件夹的 phrases/ 子文件夹中，文件里的 id 要与此处一致"
                        .into(),
                }
            }
            Error::DuplicateId { .. } => {
                "每个文件的 id 要各不相同；要替换内置的同名文件，只保留一个".into()
            }
            Error::UnknownTemplate { id, known } => {
                match suggest(id, known.iter().map(String::as_str)) {
                    Some(best) => {
                        format!("是否想写 `{best}`？运行 `shuzhi templates` 可列出全部模板")
                    }
                    None => format!(
                        "现有的模板：{}；运行 `shuzhi templates` 查看详情",
                        known.join("、")
                    ),
                }
            }
            Error::UnknownRole { .. } => ROLE_HELP.into(),
            Error::BadFit { problem, .. } => problem.help(),
            Error::UnknownType { id, known, .. } => {
                match suggest(id, known.iter().map(String::as_str)) {
                    Some(best) => format!("是否想写 `{best}`？"),
                    None => "types 写适用的模板 id；运行 `shuzhi templates` 可列出全部模板".into(),
                }
            }
            Error::Empty { .. }
            | Error::BadFieldKey { .. }
            | Error::DuplicateField { .. }
            | Error::NoParts { .. }
            | Error::DuplicatePart { .. }
            | Error::ReversedRange { .. } => return None,
        })
    }

    fn location(&self) -> Option<&Location> {
        match self {
            Error::BadId { at, .. }
            | Error::Empty { at, .. }
            | Error::BadFieldKey { at }
            | Error::DuplicateField { at, .. }
            | Error::UnknownFieldReference { at, .. }
            | Error::NoParts { at }
            | Error::DuplicatePart { at, .. }
            | Error::UnknownPointStyle { at, .. }
            | Error::ReversedRange { at }
            | Error::UnknownBank { at, .. }
            | Error::UnknownRole { at, .. } => Some(at.as_ref()),
            Error::Read(_)
            | Error::BadFit { .. }
            | Error::UnknownType { .. }
            | Error::Toml(_)
            | Error::DuplicateId { .. }
            | Error::UnknownTemplate { .. } => None,
        }
    }
}

impl From<Error> for Diagnostic {
    fn from(err: Error) -> Diagnostic {
        let help = err.help();
        let mut diagnostic = match err {
            Error::Read(err) => return err.into(),
            Error::Toml(err) => return err.into(),
            Error::DuplicateId { ref file, .. } | Error::BadFit { ref file, .. } => {
                Diagnostic::new(err.to_string()).in_file(file)
            }
            ref err => {
                let diagnostic = Diagnostic::new(err.to_string());
                match err.location() {
                    Some(at) => diagnostic.at(at.clone()),
                    None => diagnostic,
                }
            }
        };
        if let Some(help) = help {
            diagnostic = diagnostic.help(help);
        }
        diagnostic
    }
}
