//! 配置: the optional `config.toml`, and where shuzhi keeps its files.
//!
//! `$XDG_CONFIG_HOME/shuzhi/config.toml` (default `~/.config/shuzhi/config.toml`) holds the few
//! choices a writer or their office makes once. Every key is optional; a bad file is an error
//! with its place, never ignored. The keys are documented in the README.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::source::{Diagnostic, Source};

/// The whole configuration, defaults filled in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub display: Display,
    pub docx: Docx,
    /// The writing assistant's server (`[assistant]`); see [`crate::assistant::settings`].
    pub assistant: crate::assistant::Settings,
}

/// How the wizard draws.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Display {
    /// How wide the terminal draws ambiguous-width characters (“ ” … —).
    pub ambiguous_width: AmbiguousWidth,
    /// Whether to use colour (`NO_COLOR` in the environment also turns it off).
    pub colors: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AmbiguousWidth {
    /// Measure the terminal at start.
    #[default]
    Auto,
    Narrow,
    Wide,
}

/// How the .docx export lays the report out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Docx {
    /// `gb2312`: 仿宋_GB2312 and 楷体_GB2312, as GB/T 9704 practice has it; `plain`: 仿宋 and 楷体,
    /// which have more rare characters and are on more machines.
    pub fonts: Fonts,
    /// `outside`: odd pages right, even pages left (GB/T 9704 §7.5); `center`: centred.
    pub page_numbers: PageNumbers,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fonts {
    #[default]
    Gb2312,
    Plain,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageNumbers {
    #[default]
    Outside,
    Center,
}

impl Default for Display {
    fn default() -> Display {
        Display {
            ambiguous_width: AmbiguousWidth::Auto,
            colors: true,
        }
    }
}

impl Config {
    /// Reads the configuration at `path`; a missing file gives the defaults.
    pub fn load(path: &Path) -> Result<Config, Diagnostic> {
        if !path.exists() {
            return Ok(Config::default());
        }
        Config::parse(&Source::read(path)?)
    }

    pub fn parse(source: &Source) -> Result<Config, Diagnostic> {
        source.parse_toml("配置文件").map_err(Diagnostic::from)
    }
}

/// `$XDG_CONFIG_HOME/shuzhi`, or `~/.config/shuzhi`.
pub fn config_dir() -> Option<PathBuf> {
    xdg_dir("XDG_CONFIG_HOME", ".config").map(|d| d.join("shuzhi"))
}

/// The configuration file's path.
pub fn config_file() -> Option<PathBuf> {
    config_dir().map(|d| d.join("config.toml"))
}

/// `$XDG_DATA_HOME/shuzhi/drafts`, or `~/.local/share/shuzhi/drafts`: where drafts live unless
/// the writer names a path.
pub fn drafts_dir() -> Option<PathBuf> {
    xdg_dir("XDG_DATA_HOME", ".local/share").map(|d| d.join("shuzhi").join("drafts"))
}

/// `$XDG_STATE_HOME/shuzhi`, or `~/.local/state/shuzhi`: the last place a recovery file goes
/// when neither the draft's folder nor the drafts folder can be written.
pub fn state_dir() -> Option<PathBuf> {
    xdg_dir("XDG_STATE_HOME", ".local/state").map(|d| d.join("shuzhi"))
}

/// The environment variable that, when set, replaces [`SYSTEM_DATA_DIRS`]: folders separated by
/// `:`, lowest first; set and empty, there are none (tests use that to keep clear of the real
/// `/etc`, administrators to try a unit's files before putting them in place).
pub const SYSTEM_DIRS_VAR: &str = "SHUZHI_SYSTEM_DIRS";

/// The system-wide folders, lowest first: the packages' copy (a .deb or .rpm, then a tarball
/// unpacked into `/usr/local`), then the administrator's.
pub const SYSTEM_DATA_DIRS: [&str; 3] = [
    "/usr/share/shuzhi",
    "/usr/local/share/shuzhi",
    "/etc/shuzhi",
];

/// Every folder shuzhi reads templates, phrase banks and rule files from, lowest first: the
/// system-wide ones, then the user's configuration folder. A file in a later folder replaces
/// one with the same id in an earlier folder or built into the binary; each kind of data lives
/// in its own subfolder (`templates/`, `templates/phrases/`, …). Folders that do not exist are
/// listed all the same: reading them finds nothing.
pub fn data_dirs() -> Vec<PathBuf> {
    let mut dirs = system_data_dirs(std::env::var_os(SYSTEM_DIRS_VAR).as_deref());
    dirs.extend(config_dir());
    dirs
}

/// The system-wide folders: those `SHUZHI_SYSTEM_DIRS` names when it is set (relative entries
/// are dropped), else [`SYSTEM_DATA_DIRS`].
fn system_data_dirs(variable: Option<&std::ffi::OsStr>) -> Vec<PathBuf> {
    match variable {
        Some(list) => std::env::split_paths(list)
            .filter(|p| p.is_absolute())
            .collect(),
        None => SYSTEM_DATA_DIRS.iter().map(PathBuf::from).collect(),
    }
}

/// An XDG base directory: the variable when it holds an absolute path, else `~/DEFAULT`.
fn xdg_dir(variable: &str, default: &str) -> Option<PathBuf> {
    std::env::var_os(variable)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(default)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Diagnostic> {
        Config::parse(&Source::new("config.toml", text))
    }

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn documented_keys_are_read() {
        let c = parse("[display]\nambiguous_width = \"wide\"\ncolors = false\n[docx]\nfonts = \"plain\"\npage_numbers = \"center\"\n").unwrap();
        assert_eq!(c.display.ambiguous_width, AmbiguousWidth::Wide);
        assert!(!c.display.colors);
        assert_eq!(c.docx.fonts, Fonts::Plain);
        assert_eq!(c.docx.page_numbers, PageNumbers::Center);
    }

    #[test]
    fn system_folders_are_the_packages_then_the_administrators() {
        assert_eq!(
            system_data_dirs(None),
            [
                PathBuf::from("/usr/share/shuzhi"),
                PathBuf::from("/usr/local/share/shuzhi"),
                PathBuf::from("/etc/shuzhi")
            ]
        );
    }

    #[test]
    fn the_variable_replaces_the_system_folders_and_empty_means_none() {
        let list = std::ffi::OsString::from("/srv/unit/shuzhi:relative/dir:/opt/shuzhi");
        assert_eq!(
            system_data_dirs(Some(&list)),
            [
                PathBuf::from("/srv/unit/shuzhi"),
                PathBuf::from("/opt/shuzhi")
            ]
        );
        assert!(system_data_dirs(Some(std::ffi::OsStr::new(""))).is_empty());
    }

    #[test]
    fn the_readmes_assistant_block_is_a_valid_configuration() {
        let readme = include_str!("../README.md");
        let start = readme
            .find("```toml\n[assistant]\n")
            .expect("the README shows [assistant]")
            + 8;
        let block = &readme[start..start + readme[start..].find("```").unwrap()];
        let c = parse(block).unwrap();
        assert!(c.assistant.base_url.unwrap().starts_with("http://"));
        assert!(c.assistant.model.is_some_and(|m| !m.is_empty()));
    }

    #[test]
    fn a_bad_file_is_an_error_with_its_place() {
        let d = parse("[docx]\nfont = \"plain\"\n").unwrap_err();
        assert_eq!(d.location.unwrap().line, 2);
        assert_eq!(d.help.as_deref(), Some("是否想写 `fonts`？"));
        let d = parse("[docx]\npage_numbers = \"left\"\n").unwrap_err();
        assert!(d.message.contains("`left`"), "{d}");
    }
}
