//! What can be wrong with a draft file, and how it is said to the writer.

use crate::source::{Diagnostic, Location, ReadError, TomlError, suggest};
use crate::template;

/// A draft that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Toml(#[from] TomlError),
    /// `format = N` with an N this build does not know; newer when `version > FORMAT`.
    #[error("不认识的草稿格式版本 {version}")]
    Format { version: i64, at: Box<Location> },
    /// `template = "…"` names no template there is.
    #[error("{source}")]
    Template {
        source: Box<template::Error>,
        at: Box<Location>,
    },
    /// A key of `[fields]` the template does not have; `known` are the ones it has.
    #[error("模板 `{template}` 没有字段 `{key}`")]
    UnknownField {
        template: String,
        key: String,
        known: Vec<String>,
        at: Box<Location>,
    },
    /// A `[sections.ID]` the template has no part for.
    #[error("模板 `{template}` 没有部分 `{id}`")]
    UnknownPart {
        template: String,
        id: String,
        known: Vec<String>,
        at: Box<Location>,
    },
}

impl Error {
    /// What to do about it.
    pub fn help(&self) -> Option<String> {
        let unknown = |name: &str, what: &str, known: &[String]| match suggest(
            name,
            known.iter().map(String::as_str),
        ) {
            Some(best) => format!("是否想写 `{best}`？"),
            None => format!("可用的{what}：{}", known.join("、")),
        };
        match self {
            Error::Read(_) | Error::Toml(_) => None,
            Error::Format { version, .. } if *version > super::FORMAT => {
                Some("这份草稿是更新版本的 shuzhi 写的，请升级 shuzhi 后再打开".into())
            }
            Error::Format { .. } => {
                Some(format!("本版本的草稿格式是 `format = {}`", super::FORMAT))
            }
            Error::Template { source, .. } => source.help(),
            Error::UnknownField { key, known, .. } => Some(unknown(key, "字段", known)),
            Error::UnknownPart { id, known, .. } => Some(unknown(id, "部分", known)),
        }
    }
}

impl From<Error> for Diagnostic {
    fn from(err: Error) -> Diagnostic {
        let help = err.help();
        let message = err.to_string();
        let at = match err {
            Error::Read(err) => return err.into(),
            Error::Toml(err) => return err.into(),
            Error::Format { at, .. }
            | Error::Template { at, .. }
            | Error::UnknownField { at, .. }
            | Error::UnknownPart { at, .. } => at,
        };
        let diagnostic = Diagnostic::new(message).at(at);
        match help {
            Some(help) => diagnostic.help(help),
            None => diagnostic,
        }
    }
}
