//! Writing files so that a crash, a full disk or a dropped link never leaves half a file.
//!
//! Everything shuzhi writes (drafts, recovery files, exports) goes through [`write_atomic`]: the
//! bytes go to a temporary file in the same folder, which is flushed to disk and then renamed over
//! the target, and the folder itself is flushed so the rename survives a power cut. The
//! temporary file is created new (`O_CREAT|O_EXCL`: a name someone planted, symlink or not, is
//! never opened), mode 0600 from the first byte.
//!
//! It also holds the two checks every input and every folder we write into goes through:
//! [`read_bounded`] reads a regular file up to a limit (a device, a FIFO or a huge file is refused
//! at once, before a byte is read), and [`others_can_write`] tells a folder other users could plant
//! files in, with the `chmod` that fixes it.
//!
//! And [`io_reason`]: the one place an I/O error is put into words for the writer, in Chinese,
//! never the system's "No such file or directory (os error 2)".

use std::fs::{self, Permissions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

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
/// exactly `mode` for private files); a replaced export keeps its own mode, a replaced private
/// file becomes 0600 whatever it was. A symlink is written through: its target is replaced and
/// the link stays.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: u32, overwrite: Overwrite) -> io::Result<()> {
    let resolved = through_symlink(path);
    let path = resolved.as_path();
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
    // tempfile opens with O_CREAT|O_EXCL (a planted name or symlink fails, another is tried).
    let mut temp = tempfile::Builder::new()
        .prefix(".shuzhi-")
        .suffix(".tmp")
        .permissions(Permissions::from_mode(PRIVATE_FILE_MODE))
        .tempfile_in(folder)
        .map_err(unwrapped)?;
    temp.write_all(bytes).map_err(unwrapped)?;
    let wanted = match existing_mode {
        _ if mode == PRIVATE_FILE_MODE => PRIVATE_FILE_MODE,
        Some(existing) => existing,
        None => mode & !umask(),
    };
    temp.as_file()
        .set_permissions(Permissions::from_mode(wanted))?;
    temp.as_file().sync_all()?;
    match overwrite {
        Overwrite::Replace => temp.persist(path).map_err(|e| e.error)?,
        Overwrite::Refuse => temp.persist_noclobber(path).map_err(|e| e.error)?,
    };
    sync_folder(folder)
}

/// An error tempfile returned, without the English words it wraps around it ("… at path …"):
/// its kind is all [`io_reason`] needs.
fn unwrapped(err: io::Error) -> io::Error {
    io::Error::from(err.kind())
}

/// Where writing `path` really goes: the target of a symlink (followed to the end), else `path`.
fn through_symlink(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

/// The process's umask, from /proc (setting it to read it would race with other threads).
fn umask() -> u32 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("Umask:"))?;
            u32::from_str_radix(line["Umask:".len()..].trim(), 8).ok()
        })
        .unwrap_or(0o022)
}

/// Flushes a folder's entries to disk, so a rename in it is durable.
fn sync_folder(folder: &Path) -> io::Result<()> {
    fs::File::open(folder)?.sync_all()
}

/// Why a file was not read by [`read_bounded`].
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("不是普通文件（设备、管道或套接字）")]
    NotRegular,
    #[error("是一个文件夹")]
    Folder,
    #[error("超过 {} MB 的上限", .limit / (1024 * 1024))]
    TooLarge { limit: u64 },
    #[error("{}", io_reason(.0))]
    Io(#[from] io::Error),
}

/// Reads the regular file at `path`, refusing at once a folder, a device (`/dev/zero`), a FIFO
/// (opened without blocking, so it never hangs) and anything over `limit` bytes, however it grows
/// while being read.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = fs::File::options()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(ReadError::Folder);
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Why an I/O operation failed, in Chinese words a writer can act on ("磁盘已满", "没有权限"),
/// without a path: the caller says what was being done and to which file
/// ("无法写入 `…`：磁盘已满"). Phrased for writing, where most errors the writer sees arise: a
/// missing path there is a missing folder. A file that cannot be read is put more exactly by
/// `source::ReadError`.
///
/// By kind first, then by the system's error number. A message of our own
/// (`io::Error::other("…")`, `io::Error::new(kind, "…")`) is already in words and is returned
/// as it is.
pub fn io_reason(err: &io::Error) -> String {
    use io::ErrorKind as K;
    if let Some(ours) = err.get_ref() {
        return ours.to_string();
    }
    let reason = match err.kind() {
        K::NotFound => "文件夹不存在",
        K::PermissionDenied => "没有权限",
        K::StorageFull | K::QuotaExceeded => "磁盘已满",
        K::ReadOnlyFilesystem => "磁盘是只读的",
        K::NotADirectory => "路径中有一段不是文件夹",
        K::IsADirectory => "这是一个文件夹，不是文件",
        K::AlreadyExists => "已有同名的文件",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::FileTooLarge => "文件太大",
        K::InvalidFilename => "文件名太长或含有不允许的字符",
        K::CrossesDevices => "不能跨磁盘移动",
        K::ResourceBusy | K::ExecutableFileBusy => "文件正被占用",
        K::StaleNetworkFileHandle => "网络磁盘的连接已失效",
        K::TimedOut => "等待超时",
        K::Interrupted => "操作被中断",
        K::OutOfMemory => "内存不足",
        K::UnexpectedEof => "文件意外结束",
        K::InvalidData => "内容无法识别",
        K::BrokenPipe | K::ConnectionReset | K::ConnectionAborted => "连接已断开",
        _ => {
            return match err.raw_os_error() {
                Some(libc::EIO) => "磁盘读写出错".to_string(),
                Some(libc::ELOOP) => "路径中的符号链接太多（可能循环）".to_string(),
                Some(code) => format!("系统报告错误（错误号 {code}）"),
                None => "读写出错".to_string(),
            };
        }
    };
    reason.to_string()
}

/// The name of the file at `path` as the writer sees it in its folder (the whole path when it
/// has none).
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// `path` with a leading `~` (alone or before `/`) as the writer's home folder (`$HOME`), as a
/// shell reads it; `~user` and a `~` further on stay as they are. Every path the writer types
/// (the export and import boxes, the CLI's paths) goes through it.
pub fn home_expanded(path: &str) -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    home_expanded_with(path, home.as_deref())
}

/// The same, the home folder being `home`.
pub fn home_expanded_with(path: &str, home: Option<&Path>) -> PathBuf {
    match (path.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            home.join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(path),
    }
}

/// When users other than the owner can create or rename files in `folder` (so could plant a
/// symlink where a lock or a draft goes): what to say, with the `chmod` that fixes it. A folder
/// writable by the owner's own private group (a group with no other members) is fine.
pub fn others_can_write(folder: &Path) -> Option<String> {
    let meta = fs::metadata(folder).ok()?;
    let mode = meta.permissions().mode();
    let by_others = mode & 0o002 != 0;
    let by_group = mode & 0o020 != 0 && !private_group(meta.gid());
    (by_others || by_group).then(|| {
        let shown = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        };
        format!(
            "文件夹 `{}` 其他用户也能写入，别人可以在其中替换或冒用你的草稿、锁文件；请先运行 chmod go-w '{}'",
            shown.display(),
            shown.display()
        )
    })
}

/// Whether `gid` is this user's own group with no other member (the usual "user private group").
fn private_group(gid: u32) -> bool {
    // SAFETY: getegid(2) has no preconditions and cannot fail.
    if gid != unsafe { libc::getegid() } {
        return false;
    }
    let Ok(groups) = fs::read_to_string("/etc/group") else {
        return false;
    };
    groups.lines().any(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        fields.len() == 4 && fields[2].parse() == Ok(gid) && fields[3].trim().is_empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_are_said_in_chinese_without_the_os_error_number() {
        for (code, words) in [
            (libc::ENOENT, "文件夹不存在"),
            (libc::EACCES, "没有权限"),
            (libc::ENOSPC, "磁盘已满"),
            (libc::EDQUOT, "磁盘已满"),
            (libc::EROFS, "磁盘是只读的"),
            (libc::EIO, "磁盘读写出错"),
            (libc::EISDIR, "这是一个文件夹，不是文件"),
        ] {
            let reason = io_reason(&io::Error::from_raw_os_error(code));
            assert_eq!(reason, words);
        }
        let odd = io_reason(&io::Error::from_raw_os_error(libc::EPROTO));
        assert!(!odd.contains("os error"), "{odd}");
        assert!(odd.contains(&libc::EPROTO.to_string()), "{odd}");
        assert_eq!(
            io_reason(&io::Error::other("保存线程已停止")),
            "保存线程已停止"
        );
    }

    #[test]
    fn a_write_into_a_missing_folder_says_the_folder_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("没有的文件夹").join("报告.txt");
        let err = write_atomic(&path, b"x", EXPORT_FILE_MODE, Overwrite::Refuse).unwrap_err();
        assert_eq!(io_reason(&err), "文件夹不存在");
    }

    #[test]
    fn a_leading_tilde_is_the_home_folder() {
        let home = Path::new("/home/wang");
        assert_eq!(
            home_expanded_with("~/文档/去年.txt", Some(home)),
            home.join("文档/去年.txt")
        );
        assert_eq!(home_expanded_with("~", Some(home)), home);
        assert_eq!(
            home_expanded_with("~user/x", Some(home)),
            PathBuf::from("~user/x")
        );
        assert_eq!(
            home_expanded_with("报告/~/x", Some(home)),
            PathBuf::from("报告/~/x")
        );
    }

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
    fn a_hand_made_0644_draft_becomes_0600_when_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("草稿.toml");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, Permissions::from_mode(0o644)).unwrap();
        write_atomic(&path, b"new", PRIVATE_FILE_MODE, Overwrite::Replace).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    #[test]
    fn a_symlinked_draft_keeps_its_link_and_its_target_becomes_0600() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("真正的草稿.toml");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, Permissions::from_mode(0o644)).unwrap();
        let link = dir.path().join("草稿.toml");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"new", PRIVATE_FILE_MODE, Overwrite::Replace).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(
            fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    #[test]
    fn devices_fifos_folders_and_large_files_are_refused_before_reading() {
        assert!(matches!(
            read_bounded(Path::new("/dev/zero"), 1024),
            Err(ReadError::NotRegular)
        ));
        assert!(matches!(
            read_bounded(Path::new("/dev/urandom"), 1024),
            Err(ReadError::NotRegular)
        ));
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("管道");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid C string; mkfifo(3) only creates a file.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        // Nobody writes to it: a blocking open would hang here for ever.
        assert!(matches!(
            read_bounded(&fifo, 1024),
            Err(ReadError::NotRegular)
        ));
        assert!(matches!(
            read_bounded(dir.path(), 1024),
            Err(ReadError::Folder)
        ));
        let big = dir.path().join("大.txt");
        fs::write(&big, vec![b'a'; 2048]).unwrap();
        assert!(matches!(
            read_bounded(&big, 1024),
            Err(ReadError::TooLarge { limit: 1024 })
        ));
        assert_eq!(read_bounded(&big, 4096).unwrap().len(), 2048);
    }

    #[test]
    fn a_folder_others_can_write_is_named_with_the_chmod_to_run() {
        let dir = tempfile::tempdir().unwrap();
        fs::set_permissions(dir.path(), Permissions::from_mode(0o700)).unwrap();
        assert_eq!(others_can_write(dir.path()), None);
        fs::set_permissions(dir.path(), Permissions::from_mode(0o777)).unwrap();
        let message = others_can_write(dir.path()).unwrap();
        assert!(message.contains("chmod go-w"), "{message}");
        fs::set_permissions(dir.path(), Permissions::from_mode(0o1777)).unwrap();
        assert!(others_can_write(dir.path()).is_some(), "sticky /tmp too");
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
