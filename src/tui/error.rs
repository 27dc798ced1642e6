//! What went wrong in the wizard, typed: a save ([`SaveError`]) and an export
//! ([`ExportFailure`]), each holding the [`Cause`] of the I/O error beneath it, so `update` and
//! the views match on kinds and never on the words of a message. Each is put into words once,
//! by its `Display`; the I/O error itself by `files::io_reason`.

use std::io;
use std::path::PathBuf;

use crate::files::io_reason;

/// An I/O error as the wizard keeps it: its kind, and its words for the writer. (The error
/// itself cannot travel in a message: `io::Error` is not `Clone`.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cause {
    pub kind: io::ErrorKind,
    reason: String,
}

impl Cause {
    pub fn of(err: &io::Error) -> Cause {
        Cause {
            kind: err.kind(),
            reason: io_reason(err),
        }
    }
}

impl std::fmt::Display for Cause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

/// Why the draft is not saved. Shown on the status line until a save succeeds.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SaveError {
    /// The draft's file could not be written (`file`: its name; the full path is long and the
    /// writer knows where the draft is).
    #[error("保存失败：`{file}` {}", of_the_folder(cause))]
    Write { file: String, cause: Cause },
    /// The draft was changed on disk by someone else, so it was not overwritten.
    #[error("保存失败：草稿在别处被修改过，没有覆盖")]
    ChangedOnDisk,
    /// Quitting: the draft could not be saved and no recovery file could be written anywhere,
    /// so the wizard stays open. Short enough for an 80-column status line.
    #[error("保存失败，恢复文件也无处可写，不能退出：请腾出磁盘空间或改回文件夹权限后按 Ctrl-S")]
    NowhereToRescue,
}

impl SaveError {
    /// Writing the draft at `path` failed with `err`.
    pub fn write(path: &std::path::Path, err: &io::Error) -> SaveError {
        let file = crate::files::file_name(path);
        SaveError::Write {
            file,
            cause: Cause::of(err),
        }
    }
}

/// A failed save's cause, said of the draft's folder where that is what it means: the temp
/// file is made beside the draft, in a folder that was there when the draft was opened.
fn of_the_folder(cause: &Cause) -> String {
    // By kind, not errno: tempfile wraps the errors it returns, keeping only their kind.
    match cause.kind {
        io::ErrorKind::PermissionDenied => "所在文件夹没有写权限".to_string(),
        io::ErrorKind::NotFound => "所在文件夹已不存在（被改名或删除）".to_string(),
        io::ErrorKind::ReadOnlyFilesystem => "所在磁盘只读".to_string(),
        _ => cause.to_string(),
    }
}

/// Why an export did not happen.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExportFailure {
    /// The file exists; the writer is asked before it is replaced.
    #[error("`{}` 已存在", path.display())]
    Exists { path: PathBuf },
    #[error("{cause}，无法写入：{}", path.display())]
    Write { path: PathBuf, cause: Cause },
}

impl ExportFailure {
    /// Writing the export to `path` failed with `err`.
    pub fn of(path: PathBuf, err: &io::Error) -> ExportFailure {
        if err.kind() == io::ErrorKind::AlreadyExists {
            ExportFailure::Exists { path }
        } else {
            ExportFailure::Write {
                path,
                cause: Cause::of(err),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_save_is_said_in_words_with_the_files_name() {
        let path = std::path::Path::new("/某个/很长的/路径/述职报告-2026-12-02.toml");
        let full = io::Error::from_raw_os_error(libc::ENOSPC);
        assert_eq!(
            SaveError::write(path, &full).to_string(),
            "保存失败：`述职报告-2026-12-02.toml` 磁盘已满"
        );
        let denied = io::Error::from_raw_os_error(libc::EACCES);
        assert_eq!(
            SaveError::write(path, &denied).to_string(),
            "保存失败：`述职报告-2026-12-02.toml` 所在文件夹没有写权限"
        );
    }

    #[test]
    fn an_existing_export_file_is_its_own_kind_and_others_say_their_cause() {
        let exists = io::Error::from(io::ErrorKind::AlreadyExists);
        assert!(matches!(
            ExportFailure::of("报告.docx".into(), &exists),
            ExportFailure::Exists { .. }
        ));
        let full = io::Error::from_raw_os_error(libc::ENOSPC);
        assert_eq!(
            ExportFailure::of("报告.docx".into(), &full).to_string(),
            "磁盘已满，无法写入：报告.docx"
        );
    }
}
