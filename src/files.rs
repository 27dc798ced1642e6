//! Writing files so that a crash, a full disk or a dropped link never leaves half a file.
//!
//! Everything shuzhi writes (drafts, recovery files, exports) goes through [`write_atomic`]: the
//! bytes go to a temporary file in the same folder, which is flushed to disk and then renamed over
//! the target, and the folder itself is flushed so the rename survives a power cut.

use std::fs::{self, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Mode of drafts and recovery files: they hold personal data on shared servers.
pub const PRIVATE_FILE_MODE: u32 = 0o600;
/// Mode of a new export before the umask, as any editor would create it.
pub const EXPORT_FILE_MODE: u32 = 0o666;

/// Whether an existing file at the target may be replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overwrite {
    /// Replace it, keeping its permissions.
    Replace,
    /// Fail with `AlreadyExists` and leave it untouched (no check-then-write race).
    Refuse,
}

/// Writes `bytes` to `path` atomically. A new file gets `mode` (less the umask for exports,
/// exactly `mode` for private files); a replaced file keeps its own mode.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: u32, overwrite: Overwrite) -> io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let existing_mode = fs::metadata(path)
        .ok()
        .map(|m| m.permissions().mode() & 0o7777);
    if existing_mode.is_some() && overwrite == Overwrite::Refuse {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "目标文件已存在",
        ));
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".shuzhi-")
        .suffix(".tmp")
        .permissions(Permissions::from_mode(mode))
        .tempfile_in(folder)?;
    temp.write_all(bytes)?;
    let wanted = existing_mode.unwrap_or(mode);
    if mode == PRIVATE_FILE_MODE || existing_mode.is_some() {
        temp.as_file()
            .set_permissions(Permissions::from_mode(wanted))?;
    }
    temp.as_file().sync_all()?;
    match overwrite {
        Overwrite::Replace => temp.persist(path).map_err(|e| e.error)?,
        Overwrite::Refuse => temp.persist_noclobber(path).map_err(|e| e.error)?,
    };
    sync_folder(folder)
}

/// Flushes a folder's entries to disk, so a rename in it is durable.
fn sync_folder(folder: &Path) -> io::Result<()> {
    fs::File::open(folder)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_file_is_0600_and_complete() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("草稿.toml");
        write_atomic(
            &path,
            "内容".as_bytes(),
            PRIVATE_FILE_MODE,
            Overwrite::Refuse,
        )
        .unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "内容");
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    #[test]
    fn refuse_leaves_an_existing_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "old").unwrap();
        let err = write_atomic(&path, b"new", EXPORT_FILE_MODE, Overwrite::Refuse).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
    }

    #[test]
    fn replace_keeps_the_mode_of_the_replaced_file_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"new", EXPORT_FILE_MODE, Overwrite::Replace).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
