//! One writer per draft: a lock file beside it (`草稿.toml.lock`), so a second window is told and
//! can open the draft read-only instead of two windows overwriting each other.
//!
//! Taking the lock is atomic: the file is opened with `O_CREAT|O_NOFOLLOW` (a symlink planted
//! under its name is never followed, so nobody's file is truncated through it), mode 0600, and
//! then `flock`ed without waiting. The kernel holds that lock for as long as the process lives and
//! drops it when the process dies however it dies, so of many windows started at once exactly one
//! gets it, and a lock left by a dead wizard is free, even when its pid now belongs to another
//! process. The file also holds the pid, host and process start time of the holder, to say who
//! it is (and whether it still runs) when the lock is taken.

use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::recovery::host;
use crate::files::PRIVATE_FILE_MODE;

/// How many times a lock file removed under us (its holder quit just then) is opened afresh.
const OPEN_ATTEMPTS: usize = 5;

/// A held lock; dropping it removes the lock file.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    /// The open, `flock`ed lock file: closing it frees the lock.
    file: File,
}

/// Who holds a lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub pid: u32,
    pub host: String,
    /// Whether that process is known to be running: `None` on another host, where it can't be
    /// told.
    pub alive: Option<bool>,
}

fn lock_path(draft: &Path) -> PathBuf {
    let mut name = draft.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Opens the lock file without following a symlink, creating it 0600 if missing.
fn open_lock_file(path: &Path, create_new: bool) -> io::Result<File> {
    let mut options = File::options();
    options
        .read(true)
        .write(true)
        .mode(PRIVATE_FILE_MODE)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    if create_new {
        options.create_new(true);
    } else {
        options.create(true);
    }
    options.open(path).map_err(|e| {
        if e.raw_os_error() == Some(libc::ELOOP) {
            io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "锁文件 `{}` 是一个符号链接，可能是别人放的，没有使用；请检查后删除它",
                    path.display()
                ),
            )
        } else {
            e
        }
    })
}

/// `flock`s `file` without waiting: whether we got it.
fn try_flock(file: &File) -> io::Result<bool> {
    // SAFETY: flock(2) on a descriptor we own.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    if err.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Ok(false)
    } else {
        Err(err)
    }
}

/// Whether `file` is still the file at `path` (and not one removed since we opened it).
fn still_there(file: &File, path: &Path) -> bool {
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
        _ => false,
    }
}

impl Lock {
    /// Takes the lock of `draft`, or says who holds it. A lock whose holder is gone is free.
    pub fn acquire(draft: &Path) -> io::Result<Result<Lock, Holder>> {
        let path = lock_path(draft);
        for _ in 0..OPEN_ATTEMPTS {
            let file = open_lock_file(&path, false)?;
            if !try_flock(&file)? {
                let holder = holder(&path).unwrap_or(Holder {
                    pid: 0,
                    host: host(),
                    alive: Some(true),
                });
                return Ok(Err(holder));
            }
            if still_there(&file, &path) {
                return Lock::claimed(path, file).map(Ok);
            }
            // The holder removed the file between our open and our flock: open it again.
        }
        Err(io::Error::other("锁文件反复被删除，无法加锁"))
    }

    /// Takes the lock whoever holds it (the writer chose to): the old lock file is removed and a
    /// new one made, so the old holder no longer has the lock and will not remove ours.
    pub fn take_over(draft: &Path) -> io::Result<Lock> {
        let path = lock_path(draft);
        for _ in 0..OPEN_ATTEMPTS {
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
            match open_lock_file(&path, true) {
                Ok(file) => {
                    if try_flock(&file)? {
                        return Lock::claimed(path, file);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other("无法接管锁文件"))
    }

    /// Writes who we are into the lock file we hold.
    fn claimed(path: PathBuf, mut file: File) -> io::Result<Lock> {
        let me = std::process::id();
        file.set_len(0)?;
        file.rewind()?;
        let started = start_time(me).unwrap_or(0);
        writeln!(file, "{me} {} {started}", host())?;
        file.sync_all()?;
        Ok(Lock { path, file })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Only our own lock file is removed: another window may have taken it over.
        if still_there(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Who the lock file at `path` says holds it.
fn holder(path: &Path) -> Option<Holder> {
    let mut text = String::new();
    open_lock_file(path, false)
        .ok()?
        .take(4096)
        .read_to_string(&mut text)
        .ok()?;
    let mut words = text.split_whitespace();
    let pid: u32 = words.next()?.parse().ok()?;
    let host_name = words.next().unwrap_or_default().to_string();
    let started: Option<u64> = words.next().and_then(|w| w.parse().ok());
    let alive = (host_name == host()).then(|| {
        // A pid reused by another process is not the holder: its start time differs.
        match (start_time(pid), started) {
            (None, _) => false,
            (Some(now), Some(then)) if then != 0 => now == then,
            (Some(_), _) => true,
        }
    });
    Some(Holder {
        pid,
        host: host_name,
        alive,
    })
}

/// When process `pid` started (clock ticks after boot, field 22 of /proc/PID/stat), or `None`
/// when there is no such process.
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces and parentheses: count fields after the last ')'.
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(19)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// Holds `draft`'s lock the way another wizard would: its own open file, flocked.
    fn held_elsewhere(draft: &Path, content: &str) -> File {
        let file = open_lock_file(&lock_path(draft), false).unwrap();
        assert!(try_flock(&file).unwrap());
        std::fs::write(lock_path(draft), content).unwrap();
        file
    }

    #[test]
    fn a_second_window_is_told_who_holds_the_draft() {
        let dir = tempfile::tempdir().unwrap();
        let draft = dir.path().join("d.toml");
        let me = std::process::id();
        let started = start_time(me).unwrap();
        let _other = held_elsewhere(&draft, &format!("{me} {} {started}\n", host()));
        let holder = Lock::acquire(&draft).unwrap().unwrap_err();
        assert_eq!(holder.pid, me);
        assert_eq!(holder.alive, Some(true));
    }

    #[test]
    fn a_stale_lock_is_taken_over_and_removed_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let draft = dir.path().join("d.toml");
        std::fs::write(lock_path(&draft), format!("4000000 {}\n", host())).unwrap();
        let lock = Lock::acquire(&draft).unwrap().expect("the holder is gone");
        assert!(lock_path(&draft).exists());
        drop(lock);
        assert!(!lock_path(&draft).exists());
    }

    #[test]
    fn a_lock_left_by_a_dead_wizard_whose_pid_now_runs_something_else_is_free() {
        let dir = tempfile::tempdir().unwrap();
        let draft = dir.path().join("d.toml");
        // pid 1 runs, but it started at another time than the wizard that wrote this lock.
        std::fs::write(lock_path(&draft), format!("1 {} 999999999999\n", host())).unwrap();
        let lock = Lock::acquire(&draft).unwrap();
        assert!(lock.is_ok(), "the lock is free: {lock:?}");
        // And had it still been flocked, the holder would be named as not running.
        let holder = holder(&lock_path(&draft)).unwrap();
        assert_eq!(holder.pid, std::process::id(), "we hold it now");
        std::fs::write(lock_path(&draft), format!("1 {} 999999999999\n", host())).unwrap();
        assert_eq!(
            super::holder(&lock_path(&draft)).unwrap().alive,
            Some(false)
        );
    }

    #[test]
    fn a_lock_from_another_host_cannot_be_judged() {
        let dir = tempfile::tempdir().unwrap();
        let draft = dir.path().join("d.toml");
        let _other = held_elsewhere(&draft, "42 某台服务器\n");
        let holder = Lock::acquire(&draft).unwrap().unwrap_err();
        assert_eq!(holder.alive, None);
    }

    #[test]
    fn a_symlinked_lock_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let draft = dir.path().join("d.toml");
        let notes = dir.path().join("笔记.txt");
        std::fs::write(&notes, "我的笔记").unwrap();
        std::os::unix::fs::symlink(&notes, lock_path(&draft)).unwrap();
        let err = Lock::acquire(&draft).unwrap_err();
        assert!(err.to_string().contains("符号链接"), "{err}");
        assert_eq!(std::fs::read_to_string(&notes).unwrap(), "我的笔记");
        let _ = Lock::take_over(&draft).unwrap();
        assert_eq!(std::fs::read_to_string(&notes).unwrap(), "我的笔记");
    }

    #[test]
    fn the_lock_file_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let draft = dir.path().join("d.toml");
        let _lock = Lock::acquire(&draft).unwrap().unwrap();
        let mode = std::fs::metadata(lock_path(&draft))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn of_many_windows_started_at_once_exactly_one_gets_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let draft = dir.path().join("d.toml");
        for _ in 0..20 {
            let barrier = std::sync::Barrier::new(16);
            let got: Vec<Option<Lock>> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..16)
                    .map(|_| {
                        s.spawn(|| {
                            barrier.wait();
                            Lock::acquire(&draft).unwrap().ok()
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            assert_eq!(got.iter().filter(|l| l.is_some()).count(), 1);
        }
    }
}
