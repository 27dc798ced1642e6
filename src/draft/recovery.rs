//! Recovery files: what an emergency (a hang-up, a signal, a panic, a save that would have
//! overwritten someone else's change) writes instead of the draft.
//!
//! They sit beside the draft as `草稿.toml.save`, then `.save.1`, `.save.2`…: a new one never
//! overwrites an older one. Each is a draft file itself, with a comment saying when, where and by
//! which process it was written. The wizard offers the newest one that is newer than its draft,
//! and removes a recovery file only after the draft has really been saved.

use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::files::{self, Overwrite, PRIVATE_FILE_MODE};

/// How many numbered recovery files are tried before giving up.
const MAX_RECOVERY_FILES: usize = 1000;

/// What a file looked like on disk, to notice it was changed by someone else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub modified: SystemTime,
    pub len: u64,
}

/// The stamp of `path` now, or `None` when it does not exist.
pub fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some(Stamp {
        modified: meta.modified().ok()?,
        len: meta.len(),
    })
}

/// The n-th recovery file name of `draft` (0: `草稿.toml.save`).
fn name(draft: &Path, n: usize) -> PathBuf {
    let mut name = draft.as_os_str().to_owned();
    name.push(".save");
    if n > 0 {
        name.push(format!(".{n}"));
    }
    PathBuf::from(name)
}

/// Writes `toml` to a new recovery file of `draft`, never replacing an existing one.
pub fn write(draft: &Path, toml: &str, why: &str) -> io::Result<PathBuf> {
    let header = format!(
        "# shuzhi 恢复文件（{why}）：{} 写于 {}，进程 {}\n",
        chrono::Local::now().format("%Y-%m-%d %H:%M:%S"),
        host(),
        std::process::id()
    );
    let text = format!("{header}{toml}");
    for n in 0..MAX_RECOVERY_FILES {
        let path = name(draft, n);
        match files::write_atomic(&path, text.as_bytes(), PRIVATE_FILE_MODE, Overwrite::Refuse) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("恢复文件太多"))
}

/// The recovery files of `draft`, newest first.
pub fn list(draft: &Path) -> Vec<PathBuf> {
    let mut found: Vec<(PathBuf, SystemTime)> = (0..MAX_RECOVERY_FILES)
        .map(|n| name(draft, n))
        .take_while(|p| p.exists())
        .filter_map(|p| {
            let modified = std::fs::metadata(&p).and_then(|m| m.modified()).ok()?;
            Some((p, modified))
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.1));
    found.into_iter().map(|(p, _)| p).collect()
}

/// The newest recovery file written after the draft was last saved, if any.
pub fn newer_than_draft(draft: &Path) -> Option<PathBuf> {
    let saved = stamp(draft).map(|s| s.modified);
    list(draft).into_iter().find(|p| match (saved, stamp(p)) {
        (Some(saved), Some(r)) => r.modified > saved,
        (None, Some(_)) => true,
        _ => false,
    })
}

/// This machine's name, for recovery files and locks.
pub fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "localhost".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recovery_file_never_overwrites_an_older_one() {
        let dir = tempfile::tempdir().unwrap();
        let draft = dir.path().join("草稿.toml");
        let first = write(&draft, "format = 1\n", "测试").unwrap();
        let second = write(&draft, "format = 1\n", "测试").unwrap();
        assert_eq!(first, dir.path().join("草稿.toml.save"));
        assert_eq!(second, dir.path().join("草稿.toml.save.1"));
        assert!(
            std::fs::read_to_string(&first)
                .unwrap()
                .starts_with("# shuzhi 恢复文件")
        );
        assert_eq!(list(&draft).len(), 2);
    }

    #[test]
    fn only_a_recovery_file_newer_than_the_draft_is_offered() {
        let dir = tempfile::tempdir().unwrap();
        let draft = dir.path().join("d.toml");
        std::fs::write(&draft, "x").unwrap();
        let set_time = |path: &Path, seconds_ago: u64| {
            let time = SystemTime::now() - std::time::Duration::from_secs(seconds_ago);
            std::fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(time)
                .unwrap();
        };
        set_time(&draft, 60);
        let recovery = write(&draft, "format = 1\n", "测试").unwrap();
        assert_eq!(newer_than_draft(&draft), Some(recovery.clone()));
        set_time(&recovery, 120);
        assert_eq!(newer_than_draft(&draft), None);
    }
}
