//! One writer per draft: a lock file beside it (`草稿.toml.lock`) holding the pid and host of
//! the wizard that has it open, so a second window is told and can open it read-only instead of
//! two windows overwriting each other. A lock whose process is gone (same host, no such pid) is
//! stale and taken over.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::recovery::host;

/// A held lock; dropping it removes the lock file.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
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

impl Lock {
    /// Takes the lock of `draft`, or says who holds it. A stale lock is taken over.
    pub fn acquire(draft: &Path) -> io::Result<Result<Lock, Holder>> {
        let path = lock_path(draft);
        if let Some(holder) = holder(&path)
            && holder.alive != Some(false)
            && holder.pid != std::process::id()
        {
            return Ok(Err(holder));
        }
        Lock::take_over(draft).map(Ok)
    }

    /// Takes the lock whoever holds it (the writer chose to).
    pub fn take_over(draft: &Path) -> io::Result<Lock> {
        let path = lock_path(draft);
        let mut file = std::fs::File::create(&path)?;
        writeln!(file, "{} {}", std::process::id(), host())?;
        Ok(Lock { path })
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Only our own lock is removed: another window may have taken it over.
        if holder(&self.path).is_some_and(|h| h.pid == std::process::id() && h.host == host()) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn holder(path: &Path) -> Option<Holder> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut words = text.split_whitespace();
    let pid: u32 = words.next()?.parse().ok()?;
    let host_name = words.next().unwrap_or_default().to_string();
    let alive = (host_name == host()).then(|| process_alive(pid));
    Some(Holder {
        pid,
        host: host_name,
        alive,
    })
}

fn process_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_window_is_told_who_holds_the_draft() {
        let dir = tempfile::tempdir().unwrap();
        let draft = dir.path().join("d.toml");
        // A lock held by a running process on this host (pid 1 always runs).
        std::fs::write(lock_path(&draft), format!("1 {}\n", host())).unwrap();
        let holder = Lock::acquire(&draft).unwrap().unwrap_err();
        assert_eq!(holder.pid, 1);
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
    fn a_lock_from_another_host_cannot_be_judged() {
        let dir = tempfile::tempdir().unwrap();
        let draft = dir.path().join("d.toml");
        std::fs::write(lock_path(&draft), "42 某台服务器\n").unwrap();
        let holder = Lock::acquire(&draft).unwrap().unwrap_err();
        assert_eq!(holder.alive, None);
    }
}
