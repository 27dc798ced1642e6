//! The effect runner: does what `update` asked (save, export, open, create, import, name a
//! draft for its writer, take a lock over, send or receive a file by ZMODEM, copy by OSC 52) and
//! answers with the message of how it went. The only place the wizard touches files, apart from
//! the saver's thread and the emergency paths.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use super::app::{App, Effect, Msg, Opened, Recovery, ReportRead, SaveDone};
use super::complete;
use super::error::{Cause, ExportFailure, SaveError};
use super::saver::{self, Saver};
use super::terminal;
use crate::draft::Draft;
use crate::draft::lock::Lock;
use crate::draft::recovery::{self, Stamp};
use crate::drafts::{self, Drafts};
use crate::files::{self, EXPORT_FILE_MODE, Overwrite};
use crate::handoff::zmodem;
use crate::import::{self, Imported};
use crate::template::Registry;

/// The open draft's lock and what its file looked like when last read or written.
#[derive(Default)]
pub(super) struct Session {
    lock: Option<Lock>,
    stamp: Option<Stamp>,
    /// The writing assistant's request under way.
    assist: Option<crate::assistant::Job>,
}

impl Session {
    /// Whether a request of the writing assistant is under way (the loop then looks for its
    /// news now and then).
    pub(super) fn assisting(&self) -> bool {
        self.assist.is_some()
    }

    /// What the assistant's request reported since the last look.
    pub(super) fn assist_news(&mut self) -> Vec<Msg> {
        let Some(job) = &mut self.assist else {
            return Vec::new();
        };
        let news = job.updates();
        if job.finished() {
            self.assist = None;
        }
        news.into_iter().map(Msg::Assist).collect()
    }
}

/// Takes the lock of a draft being opened and looks for a recovery file newer than it.
pub(super) fn prepare(
    mut opened: Opened,
    session: &mut Session,
    registry: &Registry,
) -> io::Result<Opened> {
    match Lock::acquire(&opened.path)? {
        Ok(lock) => session.lock = Some(lock),
        Err(holder) => opened.locked_by = Some(holder),
    }
    session.stamp = recovery::stamp(&opened.path);
    if let Some(path) = recovery::newer_than_draft(&opened.path) {
        let when = recovery::stamp(&path)
            .map(|s| {
                chrono::DateTime::<chrono::Local>::from(s.modified)
                    .format("%m-%d %H:%M:%S")
                    .to_string()
            })
            .unwrap_or_default();
        // A recovery file that cannot be read is left where it is, untouched.
        if let Ok(draft) = Draft::load(&path, registry) {
            opened.recovery = Some(Recovery { path, draft, when });
        }
    }
    Ok(opened)
}

/// The message for a finished save, after noting the file's new stamp.
pub(super) fn saved(done: saver::Done, session: &mut Session, emergency: &terminal::Shared) -> Msg {
    match done.result {
        Ok(stamp) => {
            session.stamp = stamp;
            emergency.saved();
            Msg::Saved(Ok(SaveDone {
                time: chrono::Local::now().format("%H:%M:%S").to_string(),
                revision: done.revision,
            }))
        }
        Err(e) => Msg::Saved(Err(SaveError::write(&done.path, &e))),
    }
}

pub(super) enum Outcome {
    Msg(Msg),
    Msgs(Vec<Msg>),
    /// The terminal was lent to another program (`sz`, `rz`) and is back: the whole screen must
    /// be drawn again.
    HandedBack(Msg),
    Quit,
}

/// Does what `update` asked, and says how it went.
pub(super) fn run_effect(
    app: &App,
    effect: Effect,
    session: &mut Session,
    saver: &mut Saver,
) -> Option<Outcome> {
    match effect {
        Effect::Quit => Some(Outcome::Quit),
        Effect::Assist { endpoint, messages } => {
            // One request at a time: a new one replaces (and so cancels) the old.
            session.assist = None;
            match crate::assistant::Job::start(*endpoint, messages) {
                Ok(job) => {
                    session.assist = Some(job);
                    None
                }
                Err(e) => Some(Outcome::Msg(Msg::Assist(crate::assistant::Update::Done(
                    Err(crate::assistant::Failed {
                        reason: format!("写作助手无法启动：{e}"),
                        partial: String::new(),
                        cancelled: false,
                    }),
                )))),
            }
        }
        Effect::CancelAssist => {
            // Dropping the job cancels its request; its thread ends on its own.
            session.assist = None;
            None
        }
        Effect::Save | Effect::ForceSave => {
            let snapshot = app.snapshot()?;
            let path = snapshot.path.clone();
            // While a save of ours is under way the file on disk is ours, whatever its stamp.
            let changed_on_disk = !saver.busy() && {
                let now = recovery::stamp(&path);
                now.is_some() && now != session.stamp
            };
            if effect == Effect::Save && changed_on_disk {
                let written = recovery::write(&path, &snapshot.toml(), "草稿在别处被修改")
                    .map_err(|e| Cause::of(&e));
                return Some(Outcome::Msg(Msg::SaveConflict(written)));
            }
            match saver.submit(snapshot, app.revision()) {
                Ok(()) => None,
                Err(e) => Some(Outcome::Msg(Msg::Saved(Err(SaveError::write(&path, &e))))),
            }
        }
        Effect::NameForWriter => {
            let w = app.wizard()?;
            // Not while a save is under way to the old name, nor when the file is not ours.
            let ours = session.lock.is_some() && recovery::stamp(&w.path) == session.stamp;
            if w.read_only() || saver.busy() || !ours {
                return None;
            }
            let doc = w.document();
            let to = Drafts::configured().named_for_writer(&w.path, doc.draft(), doc.template())?;
            rename_draft(&w.path, &to, session).ok()?;
            Some(Outcome::Msg(Msg::Renamed(to)))
        }
        Effect::RenameDraft { path, name } => {
            Some(moved(app, drafts::rename(&path, &name), Msg::Renamed))
        }
        Effect::DeleteDraft(path) => Some(moved(app, drafts::delete(&path), Msg::Deleted)),
        Effect::TakeOver => {
            let path = &app.wizard()?.path;
            session.lock = Lock::take_over(path).ok();
            session.stamp = recovery::stamp(path);
            session
                .lock
                .is_some()
                .then_some(Outcome::Msg(Msg::TookOver))
        }
        Effect::Remove(path) => {
            let _ = std::fs::remove_file(path);
            None
        }
        Effect::Export {
            path,
            format,
            overwrite,
        } => {
            let wizard = app.wizard()?;
            let path = files::home_expanded(&path.to_string_lossy());
            let bytes = format.render(wizard.document().report(), &app.config.docx);
            let mode = if overwrite {
                Overwrite::Replace
            } else {
                Overwrite::Refuse
            };
            let result = match files::write_atomic(&path, &bytes, EXPORT_FILE_MODE, mode) {
                Ok(()) => Ok(std::path::absolute(&path).unwrap_or(path)),
                Err(e) => Err(ExportFailure::of(path, &e)),
            };
            Some(Outcome::Msg(Msg::Exported(result)))
        }
        Effect::Open(path) => Some(Outcome::Msg(match Draft::load(&path, &app.registry) {
            Ok(draft) => {
                let opened = Opened::new(path, draft, false);
                match prepare(opened, session, &app.registry) {
                    Ok(opened) => Msg::Opened(Box::new(opened)),
                    Err(e) => Msg::OpenFailed(lock_failed(&e)),
                }
            }
            Err(d) => Msg::OpenFailed(d.to_string()),
        })),
        Effect::Create(template) => Some(Outcome::Msg(
            match create_draft(&app.registry, &template, None) {
                Ok(opened) => match prepare(opened, session, &app.registry) {
                    Ok(opened) => Msg::Opened(Box::new(opened)),
                    Err(e) => Msg::OpenFailed(lock_failed(&e)),
                },
                Err(e) => Msg::OpenFailed(e.to_string()),
            },
        )),
        Effect::Import {
            path,
            next_year,
            blank_figures,
        } => Some(Outcome::Msg(
            match import::read_report(&files::home_expanded(&path.to_string_lossy())) {
                Ok(text) => Msg::ReportRead(Box::new(ReportRead {
                    path,
                    text,
                    options: import::Options {
                        next_year,
                        this_year: Some(crate::drafts::report_year(today())),
                        blank_figures,
                    },
                })),
                Err(d) => Msg::OpenFailed(d.message),
            },
        )),
        Effect::CompletePath(typed) => {
            Some(Outcome::Msg(Msg::PathCompleted(complete::complete(&typed))))
        }
        Effect::CreateImported(imported) => {
            Some(Outcome::Msgs(create_imported(app, &imported, session)))
        }
        Effect::SendFile { sz, file } => {
            let sent = terminal::hand_over(|| zmodem::send(&sz, &file));
            Some(Outcome::HandedBack(Msg::Sent(sent.map_err(|f| f.0))))
        }
        Effect::Copy(bytes) => {
            // Errors are ignored: a terminal that fails here fails the next frame too.
            let mut out = io::stdout();
            let _ = out.write_all(&bytes).and_then(|()| out.flush());
            None
        }
        Effect::Receive { rz, folder } => {
            // The drafts folder is made private before anything arrives in it.
            if let Err(e) = drafts::private_dir(&folder) {
                return Some(Outcome::Msg(Msg::Received(Err(e.to_string()))));
            }
            let received = terminal::hand_over(|| zmodem::receive(&rz, &folder));
            Some(Outcome::HandedBack(Msg::Received(
                received.map_err(|f| f.0),
            )))
        }
    }
}

/// What the start screen hears of a draft renamed or moved to 已删除: the drafts listed afresh
/// and where it went, or why it stayed.
fn moved(app: &App, result: Result<PathBuf, drafts::MoveError>, to: fn(PathBuf) -> Msg) -> Outcome {
    match result {
        Ok(path) => {
            let folder = Drafts::configured();
            let listed = Msg::Listed {
                drafts: folder.list(&app.registry),
                problem: None,
            };
            Outcome::Msgs(vec![listed, to(path)])
        }
        Err(e) => Outcome::Msg(Msg::NotMoved(e.to_string())),
    }
}

/// Moves the open draft from `from` to `to`, a name no file has: the lock is taken at the new
/// name first, the draft never replaces a file, and its recovery files and its lock follow it.
fn rename_draft(from: &Path, to: &Path, session: &mut Session) -> io::Result<()> {
    let lock = Lock::acquire(to)?.map_err(|_| io::Error::other("新文件名被占用"))?;
    drafts::move_draft(from, to)?;
    // The old lock, dropped, removes its file.
    session.lock = Some(lock);
    session.stamp = recovery::stamp(to);
    Ok(())
}

/// 从已有报告导入, once the writer has seen the mapping: writes the draft into the drafts folder
/// and opens it.
fn create_imported(app: &App, imported: &Imported, session: &mut Session) -> Vec<Msg> {
    let Ok(template) = app.registry.template(&imported.draft.template) else {
        return vec![Msg::OpenFailed(format!(
            "模板 `{}` 不存在",
            imported.draft.template
        ))];
    };
    let target = match Drafts::configured().new_path(&imported.draft, template) {
        Ok(target) => target,
        Err(e) => return vec![Msg::OpenFailed(e.to_string())],
    };
    if let Err(d) = imported.save_new(&target, template) {
        return vec![Msg::OpenFailed(d.message)];
    }
    let name = files::file_name(&target);
    let opened = Opened::new(target, imported.draft.clone(), true);
    match prepare(opened, session, &app.registry) {
        Ok(opened) => vec![
            Msg::Opened(Box::new(opened)),
            Msg::Notice(format!("已导入，草稿存为 {name}")),
        ],
        Err(e) => vec![Msg::OpenFailed(lock_failed(&e))],
    }
}

/// Why a draft could not be opened when its lock could not be taken.
fn lock_failed(err: &io::Error) -> String {
    format!("无法打开草稿（加锁失败）：{}", files::io_reason(err))
}

/// Today, for the year a new report is about and its file name.
fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Creates a new draft of `template` at `path` (or in the drafts folder), ready to open.
pub fn create_draft(
    registry: &Registry,
    template: &str,
    path: Option<PathBuf>,
) -> Result<Opened, drafts::Error> {
    let (path, draft) = Drafts::configured().create(registry, template, path, today())?;
    Ok(Opened::new(path, draft, true))
}
