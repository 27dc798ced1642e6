//! Tab in a path field (从已有报告导入): the path typed so far completed from what the folder
//! holds, as a shell does — to the one name that fits, else to what all that fit share, with
//! them listed. Only folders and files a report can be read from are offered. `~` means the
//! home folder, here and when the path is used (`files::home_expanded`). Names are compared as whole
//! characters, so Chinese file names complete like any other.
//!
//! Reading the folder is the only I/O; the effect runner calls it, `update` never does.

use std::path::{MAIN_SEPARATOR, Path, PathBuf};

use crate::files::home_expanded_with;

/// Files offered: what `import` reads, and the old Word and WPS files it names as such.
const REPORT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "docx", "doc", "wps"];
/// The most names listed when several fit.
pub const MAX_LISTED: usize = 40;

/// What Tab made of the path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// The path as typed when Tab was pressed.
    pub typed: String,
    /// The path completed (the same when nothing could be added).
    pub text: String,
    /// The names that fit, folders ending in `/`, when more than one does (at most
    /// [`MAX_LISTED`]).
    pub candidates: Vec<String>,
    /// How many fit in all.
    pub fitting: usize,
    /// What to tell the writer when nothing fits or the folder cannot be read.
    pub problem: Option<String>,
}

/// Completes `typed` from the folder it names (`~` as `$HOME`).
pub fn complete(typed: &str) -> Completion {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    complete_with(typed, home.as_deref())
}

/// Completes `typed`, `~` being `home`.
pub fn complete_with(typed: &str, home: Option<&Path>) -> Completion {
    let (folder, start) = match typed.rfind('/') {
        Some(at) => (&typed[..=at], &typed[at + 1..]),
        // `~` alone is the home folder: complete it to `~/`.
        None if typed == "~" => {
            return Completion {
                typed: typed.to_string(),
                text: "~/".to_string(),
                candidates: Vec::new(),
                fitting: 1,
                problem: None,
            };
        }
        None => ("", typed),
    };
    let dir = if folder.is_empty() {
        PathBuf::from(".")
    } else {
        home_expanded_with(folder, home)
    };
    let mut fitting: Vec<String> = Vec::new();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            let shown = if folder.is_empty() { "." } else { folder };
            return Completion {
                typed: typed.to_string(),
                text: typed.to_string(),
                candidates: Vec::new(),
                fitting: 0,
                problem: Some(folder_error(shown, &e)),
            };
        }
    };
    for entry in entries.flatten() {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if !name.starts_with(start) || (name.starts_with('.') && !start.starts_with('.')) {
            continue;
        }
        // A link to a folder is a folder.
        let is_dir = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
        if is_dir {
            fitting.push(format!("{name}{MAIN_SEPARATOR}"));
        } else if is_report(&name) {
            fitting.push(name);
        }
    }
    fitting.sort();
    let text = match fitting.as_slice() {
        [] => typed.to_string(),
        [one] => format!("{folder}{one}"),
        many => format!("{folder}{}", common_prefix(many)),
    };
    let problem = fitting.is_empty().then(|| {
        if start.is_empty() {
            "这个文件夹里没有报告文件（.txt、.md、.docx）或子文件夹".to_string()
        } else {
            format!("没有以“{start}”开头的报告文件（.txt、.md、.docx）或文件夹")
        }
    });
    let count = fitting.len();
    if count == 1 {
        fitting.clear();
    }
    fitting.truncate(MAX_LISTED);
    Completion {
        typed: typed.to_string(),
        text,
        candidates: fitting,
        fitting: count,
        problem,
    }
}

/// Why the folder `shown` cannot be listed, in Chinese.
fn folder_error(shown: &str, e: &std::io::Error) -> String {
    let why = match e.kind() {
        std::io::ErrorKind::NotFound => "文件夹不存在",
        std::io::ErrorKind::PermissionDenied => "没有权限读取这个文件夹",
        std::io::ErrorKind::NotADirectory => "这不是文件夹",
        _ => {
            return format!(
                "读不了这个文件夹（{}）：{shown}",
                crate::files::io_reason(e)
            );
        }
    };
    format!("{why}：{shown}")
}

/// Whether a file of this name is offered.
fn is_report(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The longest start every name shares, in whole characters.
fn common_prefix(names: &[String]) -> &str {
    let first = names[0].as_str();
    let mut end = first.len();
    for name in &names[1..] {
        end = first
            .char_indices()
            .zip(name.chars())
            .find(|((_, a), b)| a != b)
            .map_or(end.min(name.len()), |((at, _), _)| at.min(end));
    }
    &first[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder of the given files (a name ending in `/` is a folder).
    fn folder(test: &str, names: &[&str]) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("shuzhi-complete-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for name in names {
            let path = dir.join(name);
            if name.ends_with('/') {
                std::fs::create_dir_all(path).unwrap();
            } else {
                std::fs::write(path, "一、x").unwrap();
            }
        }
        dir
    }

    fn typed(dir: &Path, rest: &str) -> String {
        format!("{}/{rest}", dir.display())
    }

    #[test]
    fn the_one_name_that_fits_is_completed_in_full_chinese_or_not() {
        let dir = folder("one", &["2025年述职报告.docx", "照片.jpg", "notes.txt"]);
        let done = complete_with(&typed(&dir, "2025"), None);
        assert_eq!(done.text, typed(&dir, "2025年述职报告.docx"));
        assert!(done.candidates.is_empty() && done.problem.is_none());
        // 照片.jpg is not a report: 照 completes to nothing.
        let done = complete_with(&typed(&dir, "照"), None);
        assert_eq!(done.text, typed(&dir, "照"));
        assert!(done.problem.unwrap().contains("没有以“照”开头"));
    }

    #[test]
    fn several_that_fit_complete_to_what_they_share_and_are_listed() {
        let dir = folder(
            "many",
            &[
                "述职报告2024.docx",
                "述职报告2025.txt",
                "述职材料/",
                "述评.md",
                "图.png",
            ],
        );
        let done = complete_with(&typed(&dir, "述职"), None);
        assert_eq!(done.text, typed(&dir, "述职"));
        assert_eq!(
            done.candidates,
            ["述职报告2024.docx", "述职报告2025.txt", "述职材料/"]
        );
        let done = complete_with(&typed(&dir, "述职报"), None);
        assert_eq!(done.text, typed(&dir, "述职报告202"), "to the shared start");
        assert_eq!(done.fitting, 2);
    }

    #[test]
    fn a_folder_completes_with_a_slash_and_tilde_is_the_home_folder() {
        let home = folder("home", &["文档/", "文档/去年.txt", ".隐藏.txt"]);
        let done = complete_with("~/文", Some(&home));
        assert_eq!(done.text, "~/文档/");
        let done = complete_with(&done.text, Some(&home));
        assert_eq!(done.text, "~/文档/去年.txt");
        assert_eq!(complete_with("~", Some(&home)).text, "~/");
        // Hidden files only when asked for.
        let done = complete_with("~/", Some(&home));
        assert_eq!(done.text, "~/文档/");
        assert_eq!(complete_with("~/.", Some(&home)).text, "~/.隐藏.txt");
    }

    #[test]
    fn a_folder_that_is_not_there_is_named_in_chinese() {
        let done = complete_with("/没有这个文件夹/x", None);
        assert_eq!(done.text, "/没有这个文件夹/x");
        let problem = done.problem.unwrap();
        assert!(problem.contains("/没有这个文件夹/"), "{problem}");
        assert!(!problem.contains("os error"), "{problem}");
    }
}
