//! Recovery files: what an emergency (a hang-up, a signal, a panic, a save that would have
//! overwritten someone else's change) writes instead of the draft.
//!
//! They sit beside the draft as `草稿.toml.save`, then `.save.1`, `.save.2`…: a new one never
//! overwrites an older one. Each is a draft file itself, with a comment saying when, where and by
//! which process it was written. The wizard offers the newest one that is newer than its draft,
//! and removes a recovery file only after the draft has really been saved.
//!
//! When the draft's folder cannot be written (full, `chmod 500`, renamed away), the recovery file
//! goes to the drafts folder, then to `$XDG_STATE_HOME/shuzhi/`, named after the draft and a
//! short hash of its full path (`草稿.toml.1a2b3c4d.save`), and is offered from there too.

use std::fs::DirBuilder;
use std::io;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::config;
use crate::files::{self, Overwrite, PRIVATE_FILE_MODE};

/// Mode of a fallback folder we create for recovery files.
const PRIVATE_DIR_MODE: u32 = 0o700;

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

/// The n-th recovery file name of `draft` (0: `草稿.toml.save`) for a file beside it (`base`
/// is the draft itself) or in a fallback folder (`base` is the folder's name for it).
fn name(base: &Path, n: usize) -> PathBuf {
    let mut name = base.as_os_str().to_owned();
    name.push(".save");
    if n > 0 {
        name.push(format!(".{n}"));
    }
    PathBuf::from(name)
}

/// The folders a recovery file goes to when the draft's own cannot be written, in order.
fn fallback_folders() -> Vec<PathBuf> {
    [config::drafts_dir(), config::state_dir()]
        .into_iter()
        .flatten()
        .collect()
}

/// Where recovery files of `draft` may go, in the order tried: beside it, then in each of
/// `fallbacks`. Each is the base name [`name`] numbers.
fn places(draft: &Path, fallbacks: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = vec![draft.to_path_buf()];
    let full = std::path::absolute(draft).unwrap_or_else(|_| draft.to_path_buf());
    let file_name = full
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "草稿".to_string());
    let tag = format!("{file_name}.{:08x}", path_hash(&full));
    for folder in fallbacks {
        let base = folder.join(&tag);
        if !out.contains(&base) && full.parent() != Some(folder.as_path()) {
            out.push(base);
        }
    }
    out
}

/// A short, stable hash of a path (FNV-1a), to tell apart drafts of one name in one folder.
fn path_hash(path: &Path) -> u32 {
    path.as_os_str()
        .as_encoded_bytes()
        .iter()
        .fold(0x811c_9dc5u32, |h, &b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        })
}

/// Writes `toml` to a new recovery file of `draft`, never replacing an existing one: beside the
/// draft if that folder can be written, else in the drafts folder, else in the state folder.
/// The error, when none can be written, names every place tried and why it failed.
pub fn write(draft: &Path, toml: &str, why: &str) -> io::Result<PathBuf> {
    write_with(draft, toml, why, &fallback_folders())
}

fn write_with(draft: &Path, toml: &str, why: &str, fallbacks: &[PathBuf]) -> io::Result<PathBuf> {
    let header = format!(
        "# shuzhi 恢复文件（{why}）：{} 写于 {}，进程 {}，草稿 {}\n",
        chrono::Local::now().format("%Y-%m-%d %H:%M:%S"),
        host(),
        std::process::id(),
        draft.display().to_string().replace('\n', " ")
    );
    let text = format!("{header}{toml}");
    let mut failures = Vec::new();
    for (i, base) in places(draft, fallbacks).into_iter().enumerate() {
        let folder = match base.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if i > 0 {
            if let Err(e) = DirBuilder::new()
                .recursive(true)
                .mode(PRIVATE_DIR_MODE)
                .create(&folder)
            {
                failures.push(format!("{}（{}）", folder.display(), files::io_reason(&e)));
                continue;
            }
            // A fallback folder others could write to is not trusted with the text.
            if let Some(unsafe_folder) = files::others_can_write(&folder) {
                failures.push(unsafe_folder);
                continue;
            }
        }
        match write_numbered(&base, &text) {
            Ok(path) => return Ok(path),
            Err(e) => failures.push(format!("{}（{}）", folder.display(), files::io_reason(&e))),
        }
    }
    Err(io::Error::other(format!(
        "恢复文件无处可写：{}",
        failures.join("；")
    )))
}

/// Writes `text` to the first free numbered recovery name of `base`.
fn write_numbered(base: &Path, text: &str) -> io::Result<PathBuf> {
    for n in 0..MAX_RECOVERY_FILES {
        let path = name(base, n);
        match files::write_atomic(&path, text.as_bytes(), PRIVATE_FILE_MODE, Overwrite::Refuse) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("恢复文件太多"))
}

/// The recovery files of `draft`, wherever they went, newest first.
pub fn list(draft: &Path) -> Vec<PathBuf> {
    list_with(draft, &fallback_folders())
}

fn list_with(draft: &Path, fallbacks: &[PathBuf]) -> Vec<PathBuf> {
    let mut found: Vec<(PathBuf, SystemTime)> = places(draft, fallbacks)
        .iter()
        .flat_map(|base| {
            (0..MAX_RECOVERY_FILES)
                .map(|n| name(base, n))
                .take_while(|p| p.exists())
        })
        .filter_map(|p| {
            let modified = std::fs::metadata(&p).and_then(|m| m.modified()).ok()?;
            Some((p, modified))
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.1));
    found.into_iter().map(|(p, _)| p).collect()
}

/// Gives the recovery files of the draft `from`, renamed to `to`, the names they have for `to`:
/// in the same places, numbered the same. A name `to` already has is left alone.
pub fn follow(from: &Path, to: &Path) {
    let fallbacks = fallback_folders();
    for (old, new) in places(from, &fallbacks).iter().zip(places(to, &fallbacks)) {
        for n in 0..MAX_RECOVERY_FILES {
            let (path, renamed) = (name(old, n), name(&new, n));
            if !path.exists() {
                break;
            }
            if !renamed.exists() {
                let _ = std::fs::rename(&path, &renamed);
            }
        }
    }
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
    fn a_recovery_file_goes_to_the_drafts_folder_then_the_state_folder_when_the_drafts_own_cannot_be_written()
     {
        let home = tempfile::tempdir().unwrap();
        // The draft's folder is gone (renamed while the draft was open).
        let draft = home.path().join("已改名/d.toml");
        let drafts = home.path().join("data/shuzhi/drafts");
        let state = home.path().join("state/shuzhi");
        let first = write_with(
            &draft,
            "format = 1\n",
            "测试",
            &[drafts.clone(), state.clone()],
        )
        .unwrap();
        assert_eq!(first.parent(), Some(drafts.as_path()));
        assert!(first.to_string_lossy().contains("d.toml."));
        // The drafts folder cannot be created (a file stands where it would go): the state one.
        let blocked = home.path().join("一个文件");
        std::fs::write(&blocked, "").unwrap();
        let fallbacks = [blocked.join("drafts"), state.clone()];
        let second = write_with(&draft, "format = 1\n", "测试", &fallbacks).unwrap();
        assert_eq!(second.parent(), Some(state.as_path()));
        assert!(list_with(&draft, &fallbacks).contains(&second));
        // Nowhere at all: the error says every place tried.
        let err = write_with(&draft, "format = 1\n", "测试", &[blocked.join("x")]).unwrap_err();
        assert!(err.to_string().contains("恢复文件无处可写"), "{err}");
    }

    #[test]
    fn recovery_files_follow_their_draft_to_its_new_name() {
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path().join("2026年度个人工作总结.toml");
        let to = dir.path().join("王晓岚-2026年度个人工作总结.toml");
        let first = write(&from, "format = 1\n", "测试").unwrap();
        let second = write(&from, "format = 2\n", "测试").unwrap();
        follow(&from, &to);
        assert!(!first.exists() && !second.exists());
        assert_eq!(list(&from), Vec::<PathBuf>::new());
        let moved = list(&to);
        assert_eq!(moved.len(), 2, "{moved:?}");
        assert!(
            std::fs::read_to_string(dir.path().join("王晓岚-2026年度个人工作总结.toml.save.1"))
                .unwrap()
                .ends_with("format = 2\n")
        );
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
