//! shuzhi (述职): a terminal wizard for drafting Chinese cadres' annual reports.
//!
//! The data flow (see DESIGN.md): [`template`] and [`draft`] are read from TOML, [`report`]
//! assembles them into one [`report::Report`] that every output is drawn from, and `check` lists
//! what is left to do; [`import`] turns an existing report back into a draft. [`text`] holds the
//! rules for Chinese text that every layer shares. None of these modules touches the terminal;
//! the binary's `cli` prints and exits.

pub mod assistant;
pub mod config;
pub mod document;
pub mod draft;
pub mod drafts;
pub mod files;
pub mod handoff;
pub mod import;
pub mod phrases;
pub mod proof;
pub mod report;
pub mod source;
pub mod template;
pub mod text;
pub mod tui;
