//! Saving without stalling the keyboard: the draft is written (temp file, fsync, rename, fsync of
//! the folder) on a thread of its own, one save after another in the order asked, so an fsync
//! on a slow disk or an NFS home never holds up the key the writer just typed.

use std::io;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use super::app::Snapshot;
use crate::draft::recovery::{self, Stamp};
use crate::files::{self, Overwrite, PRIVATE_FILE_MODE};

/// A finished save: which revision of the draft it wrote, and the file's stamp after it, or the
/// error.
pub struct Done {
    pub path: PathBuf,
    pub revision: u64,
    pub result: io::Result<Option<Stamp>>,
}

pub struct Saver {
    jobs: Sender<(Snapshot, u64)>,
    done: Receiver<Done>,
    pending: usize,
}

impl Saver {
    pub fn spawn() -> io::Result<Saver> {
        let (jobs, inbox) = mpsc::channel::<(Snapshot, u64)>();
        let (outbox, done) = mpsc::channel();
        std::thread::Builder::new()
            .name("shuzhi-saver".into())
            .spawn(move || {
                for (snapshot, revision) in inbox {
                    let path = snapshot.path.clone();
                    let result = files::write_atomic(
                        &path,
                        snapshot.toml().as_bytes(),
                        PRIVATE_FILE_MODE,
                        Overwrite::Replace,
                    )
                    .map(|()| recovery::stamp(&path));
                    if outbox
                        .send(Done {
                            path,
                            revision,
                            result,
                        })
                        .is_err()
                    {
                        return;
                    }
                }
            })?;
        Ok(Saver {
            jobs,
            done,
            pending: 0,
        })
    }

    /// Asks for `snapshot`, revision `revision` of the draft, to be written to its file.
    pub fn submit(&mut self, snapshot: Snapshot, revision: u64) -> io::Result<()> {
        self.jobs
            .send((snapshot, revision))
            .map_err(|_| io::Error::other("保存线程已停止"))?;
        self.pending += 1;
        Ok(())
    }

    /// Whether a save is under way (the file on disk is then ours, whatever its stamp says).
    pub fn busy(&self) -> bool {
        self.pending > 0
    }

    /// The saves finished since last asked, waiting up to `wait` for the first.
    pub fn finished(&mut self, wait: Duration) -> Vec<Done> {
        let mut out = Vec::new();
        if self.pending == 0 {
            return out;
        }
        if let Ok(done) = self.done.recv_timeout(wait) {
            out.push(done);
        }
        out.extend(self.done.try_iter());
        self.pending -= out.len();
        out
    }

    /// Every save asked for, once written: before the process ends.
    pub fn finish_all(&mut self) -> Vec<Done> {
        let mut out = Vec::new();
        while self.pending > 0 {
            match self.done.recv() {
                Ok(done) => {
                    out.push(done);
                    self.pending -= 1;
                }
                Err(_) => break,
            }
        }
        out
    }
}

/// Why the draft at `path` could not be saved, short enough for the status line: the file's
/// name (the full path is long and the writer knows where the draft is) and the cause in words.
pub fn failure(path: &std::path::Path, err: &io::Error) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    // By kind, not errno: tempfile wraps the errors it returns, keeping only their kind.
    let cause = match err.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => "磁盘已满".to_string(),
        io::ErrorKind::PermissionDenied => "所在文件夹没有写权限".to_string(),
        io::ErrorKind::NotFound => "所在文件夹已不存在（被改名或删除）".to_string(),
        io::ErrorKind::ReadOnlyFilesystem => "所在磁盘只读".to_string(),
        _ => crate::files::io_reason(err),
    };
    format!("`{name}` {cause}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_save_is_said_in_words_with_the_files_name() {
        let path = std::path::Path::new("/某个/很长的/路径/述职报告-2026-12-02.toml");
        let full = io::Error::from_raw_os_error(libc::ENOSPC);
        assert_eq!(failure(path, &full), "`述职报告-2026-12-02.toml` 磁盘已满");
        let denied = io::Error::from_raw_os_error(libc::EACCES);
        assert_eq!(
            failure(path, &denied),
            "`述职报告-2026-12-02.toml` 所在文件夹没有写权限"
        );
    }
}
