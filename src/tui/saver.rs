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
