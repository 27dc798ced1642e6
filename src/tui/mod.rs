//! The wizard: a full-screen terminal interface over the core.
//!
//! Elm-style (DESIGN.md rule 3): [`app`] holds the model and `update(&mut App, Msg) -> Vec<Effect>`
//! with no I/O; [`view`] draws it and places the terminal cursor at the caret; this module is the
//! thin shell that reads terminal events, drains everything pending before drawing once (an input
//! method commits several characters at a time), runs the effects (save, export, open) and keeps
//! the draft's snapshot current for the signal thread and the panic hook. [`pacing`] decides when
//! a frame is drawn: every key at once, the preview and background news held back during a fast
//! burst. It never polls: with nothing to save or draw it blocks until the next event, so an idle
//! wizard uses no CPU.

pub mod app;
pub mod areas;
pub mod backend;
pub mod editor;
pub mod input;
pub mod keymap;
pub mod pacing;
pub mod saver;
pub mod terminal;
pub mod view;

use std::collections::VecDeque;
use std::fs::DirBuilder;
use std::io;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind};

use crate::config::{self, AmbiguousWidth, Config};
use crate::draft::Draft;
use crate::draft::lock::Lock;
use crate::draft::recovery::{self, Stamp};
use crate::files::{self, EXPORT_FILE_MODE, Overwrite, PRIVATE_FILE_MODE};
use crate::import;
use crate::report::{self, part_counts};
use crate::template::Registry;
use crate::text::width::Ambiguous;
use app::{
    App, DraftSummary, Effect, ExportFailure, Msg, Opened, Recovery, SaveDone, Screen, Start,
    update,
};
use pacing::{Draw, Pacing};
use saver::{Saver, stay_open};

/// Unsaved text is written to the draft at most this long after it was typed: after a pause, or
/// every so often while the writer keeps typing (DESIGN.md: ~2 s idle or ~200 characters).
pub const AUTOSAVE_AFTER: Duration = Duration::from_secs(2);
/// How often the loop looks for a finished save while one is under way.
const SAVE_CHECK: Duration = Duration::from_millis(10);
/// Mode of the drafts folder: private to its owner.
const PRIVATE_DIR_MODE: u32 = 0o700;
/// Field keys whose values a new draft takes from the writer's latest draft.
const CARRIED_FIELDS: [&str; 3] = ["姓名", "职务", "单位"];
/// Exit status when the terminal failed under the wizard.
const EXIT_TERMINAL_GONE: i32 = 2;
/// With this variable set, F12 makes the wizard panic: how the tests check the panic path.
const TEST_PANIC_VARIABLE: &str = "SHUZHI_TEST_PANIC";

/// Where the wizard begins.
pub enum Begin {
    /// The start screen.
    Start,
    /// A draft, opened or just created.
    Draft(Box<Opened>),
}

/// The open draft's lock and what its file looked like when last read or written.
#[derive(Default)]
struct Session {
    lock: Option<Lock>,
    stamp: Option<Stamp>,
}

/// Runs the wizard until the writer quits.
pub fn run(
    registry: Registry,
    config: Config,
    begin: Begin,
    locale_warning: Option<String>,
) -> io::Result<()> {
    let emergency: terminal::Shared = Arc::default();
    terminal::spawn_signal_thread(emergency.clone())?;

    let colors = config.display.colors && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let configured = match config.display.ambiguous_width {
        AmbiguousWidth::Auto => None,
        AmbiguousWidth::Narrow => Some(Ambiguous::Narrow),
        AmbiguousWidth::Wide => Some(Ambiguous::Wide),
    };
    let mut app = App::new(registry, config, configured.unwrap_or_default(), colors);
    app.locale_warning = locale_warning;
    let mut session = Session::default();
    match begin {
        Begin::Start => {
            let drafts = list_drafts(&app.registry);
            app.screen = Screen::Start(Start {
                drafts,
                selected: 0,
            });
            if let Some(dir) = config::drafts_dir().filter(|d| d.exists()) {
                app.notice = private_dir(&dir).err();
            }
        }
        Begin::Draft(opened) => {
            let opened = prepare(*opened, &mut session, &app.registry)?;
            app.open(opened).map_err(io::Error::other)?;
        }
    }

    let mut term = terminal::enter()?;
    terminal::install_panic_hook(emergency.clone());
    terminal::spawn_watchdog(emergency.clone())?;
    let result = event_loop(
        &mut app,
        &mut term,
        &emergency,
        &mut session,
        configured.is_none(),
    );
    if result.is_err() {
        // The terminal failed (it is usually gone): what was typed goes to a recovery file,
        // and the process ends the one emergency way.
        emergency.save_and_exit("终端出错", EXIT_TERMINAL_GONE, true);
    }
    emergency.close();
    terminal::leave();
    emergency.say_farewell();
    Ok(())
}

/// Takes the lock of a draft being opened and looks for a recovery file newer than it.
fn prepare(mut opened: Opened, session: &mut Session, registry: &Registry) -> io::Result<Opened> {
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

fn event_loop(
    app: &mut App,
    term: &mut terminal::Screen,
    emergency: &terminal::Shared,
    session: &mut Session,
    measure: bool,
) -> io::Result<()> {
    let size = term.size()?;
    update(app, Msg::Resize(size.width, size.height));
    term.draw(|frame| {
        view::view(app, frame);
    })?;
    if measure && let Some(ambiguous) = terminal::measure_ambiguous() {
        app.set_ambiguous(ambiguous);
        term.backend_mut().know_ambiguous(ambiguous);
        redraw_all(term)?;
        term.draw(|frame| {
            view::view(app, frame);
        })?;
    }
    let test_panic = std::env::var_os(TEST_PANIC_VARIABLE).is_some();

    // What the emergency paths were last handed: the draft is copied again only when it changed
    // (its path, revision or step), not on every arrow key.
    let mut published = None;
    let mut publish = |app: &App| {
        let now = app
            .wizard()
            .map(|w| (w.path.clone(), w.revision, w.draft.state.step.clone()));
        if now != published {
            emergency.publish(app.snapshot());
            published = now;
        }
    };
    // When the oldest unsaved change was made: it is saved at most AUTOSAVE_AFTER later.
    let mut unsaved_since: Option<Instant> = None;
    let mut saver = Saver::spawn()?;
    let mut pacing = Pacing::default();
    loop {
        let autosave_in = unsaved_since
            .filter(|_| !saver.busy())
            .map(|at| AUTOSAVE_AFTER.saturating_sub(at.elapsed()));
        // While a save is under way, look up now and then for it to finish (only then).
        let wait = match (autosave_in, saver.busy()) {
            (Some(a), true) => Some(a.min(SAVE_CHECK)),
            (None, true) => Some(SAVE_CHECK),
            (a, false) => a,
        };
        // A frame held back during a burst of keys is drawn when they pause.
        let owed_in = pacing
            .deadline()
            .map(|at| at.saturating_duration_since(Instant::now()));
        let wait = [wait, owed_in].into_iter().flatten().min();
        let mut msgs = VecDeque::new();
        let ready = match wait {
            None => true,
            Some(wait) => event::poll(wait)?,
        };
        if ready {
            let first = event::read()?;
            emergency.begin_batch();
            msgs.extend(to_msg(first));
            // Everything already typed or pasted is handled before the next frame.
            while event::poll(Duration::ZERO)? {
                msgs.extend(to_msg(event::read()?));
            }
            // Right behind a paste, wait for input to go quiet: it may be more of the paste.
            let pasted = msgs.iter().any(|m| matches!(m, Msg::Paste(_)));
            while pasted && event::poll(input::PASTE_QUIET)? {
                msgs.extend(to_msg(event::read()?));
            }
            input::keep_paste_whole(&mut msgs);
        } else {
            emergency.begin_batch();
            if !saver.busy() && unsaved_since.is_some_and(|at| at.elapsed() >= AUTOSAVE_AFTER) {
                msgs.push_back(Msg::AutosaveDue);
            }
        }
        let finished = saver.finished(Duration::ZERO);
        let saved_now = !finished.is_empty();
        msgs.extend(
            finished
                .into_iter()
                .map(|done| saved(done, session, emergency)),
        );

        while let Some(msg) = msgs.pop_front() {
            if test_panic && matches!(&msg, Msg::Key(k) if k.code == KeyCode::F(12)) {
                panic!("测试用的故意崩溃（{TEST_PANIC_VARIABLE}）");
            }
            for effect in update(app, msg) {
                match run_effect(app, effect, session, &mut saver) {
                    Some(Outcome::Msg(msg)) => msgs.push_back(msg),
                    Some(Outcome::Msgs(more)) => msgs.extend(more),
                    Some(Outcome::Quit) => {
                        // The last save reaches the disk before the process ends.
                        for done in saver.finish_all() {
                            update(app, saved(done, session, emergency));
                        }
                        publish(app);
                        emergency.end_batch(unsaved(app));
                        match emergency.rescue_before_quit() {
                            Ok(()) => return Ok(()),
                            Err(message) => stay_open(app, message),
                        }
                    }
                    None => {}
                }
            }
        }
        let pending = app.wizard().is_some_and(|w| w.autosave_pending());
        match (pending, unsaved_since) {
            (true, None) => unsaved_since = Some(Instant::now()),
            // A save just landed but keys typed meanwhile are unsaved: they are this recent.
            (true, Some(_)) if saved_now => unsaved_since = Some(Instant::now()),
            (false, Some(_)) => unsaved_since = None,
            _ => {}
        }
        publish(app);
        emergency.end_batch(unsaved(app));
        let now = Instant::now();
        let framing = view::framing(app);
        let draw = if emergency.take_redraw() {
            redraw_all(term)?;
            Draw::All
        } else {
            pacing.decide(now, ready, framing)
        };
        if draw == Draw::Later {
            continue;
        }
        term.draw(|frame| {
            if draw == Draw::HoldPreview {
                view::view_holding_preview(app, frame);
                pacing.hold(frame.buffer_mut());
            } else {
                view::view(app, frame);
            }
            pacing.drawn(now, draw, frame.buffer_mut(), framing);
        })?;
    }
}

/// The message for a finished save, after noting the file's new stamp.
fn saved(done: saver::Done, session: &mut Session, emergency: &terminal::Shared) -> Msg {
    match done.result {
        Ok(stamp) => {
            session.stamp = stamp;
            emergency.saved();
            Msg::Saved(Ok(SaveDone {
                time: chrono::Local::now().format("%H:%M:%S").to_string(),
                revision: done.revision,
            }))
        }
        Err(e) => Msg::Saved(Err(saver::failure(&done.path, &e))),
    }
}

/// Makes the next draw paint the whole screen. Unlike `Terminal::clear`, this does not ask the
/// terminal where its cursor is: that is a round trip over SSH, and a terminal that does not
/// answer would stall it for two seconds.
fn redraw_all(term: &mut terminal::Screen) -> io::Result<()> {
    use ratatui::backend::{Backend, ClearType};
    term.backend_mut().clear_region(ClearType::All)?;
    // Both buffers reset: the next frame is compared with nothing, so every cell is drawn.
    term.swap_buffers();
    term.swap_buffers();
    Ok(())
}

/// Whether the open draft has text not yet saved to it: what an emergency writes to a recovery
/// file, whatever else is going on (a conflict, read-only).
fn unsaved(app: &App) -> bool {
    app.wizard().is_some_and(|w| w.dirty)
}

fn to_msg(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Msg::Key(key)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Resize(width, height) => Some(Msg::Resize(width, height)),
        _ => None,
    }
}

enum Outcome {
    Msg(Msg),
    Msgs(Vec<Msg>),
    Quit,
}

/// Does what `update` asked, and says how it went.
fn run_effect(
    app: &App,
    effect: Effect,
    session: &mut Session,
    saver: &mut Saver,
) -> Option<Outcome> {
    match effect {
        Effect::Quit => Some(Outcome::Quit),
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
                    .map_err(|e| e.to_string());
                return Some(Outcome::Msg(Msg::SaveConflict(written)));
            }
            match saver.submit(snapshot, app.revision()) {
                Ok(()) => None,
                Err(e) => Some(Outcome::Msg(Msg::Saved(Err(format!(
                    "{}：{e}",
                    path.display()
                ))))),
            }
        }
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
            let bytes = format.render(&wizard.report, &app.config.docx);
            let mode = if overwrite {
                Overwrite::Replace
            } else {
                Overwrite::Refuse
            };
            let result = match files::write_atomic(&path, &bytes, EXPORT_FILE_MODE, mode) {
                Ok(()) => Ok(std::path::absolute(&path).unwrap_or(path)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(ExportFailure::Exists),
                Err(e) => Err(ExportFailure::Other(format!("无法写入：{e}"))),
            };
            Some(Outcome::Msg(Msg::Exported(result)))
        }
        Effect::Open(path) => Some(Outcome::Msg(match Draft::load(&path, &app.registry) {
            Ok(draft) => {
                let opened = Opened::new(path, draft, false);
                match prepare(opened, session, &app.registry) {
                    Ok(opened) => Msg::Opened(Box::new(opened)),
                    Err(e) => Msg::OpenFailed(e.to_string()),
                }
            }
            Err(d) => Msg::OpenFailed(d.message),
        })),
        Effect::Create(template) => Some(Outcome::Msg(
            match create_draft(&app.registry, &template, None) {
                Ok(opened) => match prepare(opened, session, &app.registry) {
                    Ok(opened) => Msg::Opened(Box::new(opened)),
                    Err(e) => Msg::OpenFailed(e.to_string()),
                },
                Err(message) => Msg::OpenFailed(message),
            },
        )),
        Effect::Import {
            path,
            next_year,
            blank_figures,
        } => Some(Outcome::Msgs(import_draft(
            app,
            &path,
            import::Options {
                next_year,
                blank_figures,
            },
            session,
        ))),
    }
}

/// 从已有报告导入: makes a draft of the report at `path` in the drafts folder and opens it, then
/// tells the writer how the report was read.
fn import_draft(
    app: &App,
    path: &Path,
    options: import::Options,
    session: &mut Session,
) -> Vec<Msg> {
    let imported = match import::import_file(path, &app.registry, None, options) {
        Ok(imported) => imported,
        Err(d) => return vec![Msg::OpenFailed(d.message)],
    };
    let Ok(template) = app.registry.template(&imported.draft.template) else {
        return vec![Msg::OpenFailed(format!(
            "模板 `{}` 不存在",
            imported.draft.template
        ))];
    };
    let target = match new_draft_path() {
        Ok(target) => target,
        Err(message) => return vec![Msg::OpenFailed(message)],
    };
    if let Err(d) = imported.save_new(&target, template) {
        return vec![Msg::OpenFailed(d.message)];
    }
    let opened = Opened::new(target, imported.draft, true);
    match prepare(opened, session, &app.registry) {
        Ok(opened) => vec![
            Msg::Opened(Box::new(opened)),
            Msg::Notice(format!("已导入：{}", imported.notes.join("；"))),
        ],
        Err(e) => vec![Msg::OpenFailed(e.to_string())],
    }
}

impl App {
    /// Uses a measured ambiguous width from now on.
    pub fn set_ambiguous(&mut self, ambiguous: Ambiguous) {
        self.ambiguous = ambiguous;
        if let Screen::Wizard(w) = &mut self.screen {
            w.editor.set_ambiguous(ambiguous);
        }
    }
}

/// Creates a new draft of `template` at `path` (or in the drafts folder) and saves it, with the
/// writer's 姓名、职务、单位 from their latest draft and this report's year filled in.
pub fn create_draft(
    registry: &Registry,
    template: &str,
    path: Option<PathBuf>,
) -> Result<Opened, String> {
    let template = registry.template(template).map_err(|d| d.message)?;
    let mut draft = Draft::new(template);
    let latest = latest_draft(registry);
    for key in CARRIED_FIELDS {
        if template.field(key).is_some()
            && let Some(value) = latest
                .as_ref()
                .map(|d| d.field(key))
                .filter(|v| !v.is_empty())
        {
            draft.fields.insert(key.to_string(), value.to_string());
        }
    }
    if template.field("年度").is_some() {
        draft
            .fields
            .insert("年度".into(), report_year().to_string());
    }
    draft.state.step = Some("fields".into());
    let path = match path {
        Some(path) => path,
        None => new_draft_path()?,
    };
    files::write_atomic(
        &path,
        draft.to_toml(template).as_bytes(),
        PRIVATE_FILE_MODE,
        Overwrite::Refuse,
    )
    .map_err(|e| match e.kind() {
        io::ErrorKind::AlreadyExists => {
            format!("`{}` 已存在；要继续写它，请用 shuzhi open", path.display())
        }
        _ => format!("无法创建 `{}`：{e}", path.display()),
    })?;
    Ok(Opened::new(path, draft, true))
}

/// The year a report written today is about: this year from July on, else last year.
fn report_year() -> i32 {
    use chrono::Datelike;
    let today = chrono::Local::now().date_naive();
    if today.month() >= 7 {
        today.year()
    } else {
        today.year() - 1
    }
}

/// A fresh file name in the drafts folder: `述职报告-2026-11-28.toml`, `…-2.toml`, …
fn new_draft_path() -> Result<PathBuf, String> {
    let dir = config::drafts_dir()
        .ok_or("找不到主目录（HOME 未设置），请用 shuzhi new 草稿.toml 指定路径")?;
    private_dir(&dir)?;
    let date = chrono::Local::now().format("%Y-%m-%d");
    (1..)
        .map(|n| match n {
            1 => dir.join(format!("述职报告-{date}.toml")),
            n => dir.join(format!("述职报告-{date}-{n}.toml")),
        })
        .find(|p| !p.exists())
        .ok_or_else(|| "无法选定文件名".to_string())
}

/// Creates the drafts folder private to its owner, or checks that an existing one is: drafts
/// hold personal data on shared servers, so a folder others can write to (or owned by someone
/// else) is refused with a message that says how to fix it.
fn private_dir(dir: &Path) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    DirBuilder::new()
        .recursive(true)
        .mode(PRIVATE_DIR_MODE)
        .create(dir)
        .map_err(|e| format!("无法创建草稿文件夹 `{}`：{e}", dir.display()))?;
    let meta = std::fs::metadata(dir)
        .map_err(|e| format!("无法读取草稿文件夹 `{}`：{e}", dir.display()))?;
    // SAFETY: geteuid(2) has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me {
        return Err(format!(
            "草稿文件夹 `{}` 不属于你，不安全，没有使用",
            dir.display()
        ));
    }
    match files::others_can_write(dir) {
        Some(unsafe_folder) => Err(unsafe_folder),
        None => Ok(()),
    }
}

/// Draft files in the drafts folder, newest first; nothing from a folder that is not private.
fn draft_files() -> Vec<(PathBuf, SystemTime)> {
    let Some(dir) = config::drafts_dir() else {
        return Vec::new();
    };
    if dir.exists() && private_dir(&dir).is_err() {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<(PathBuf, SystemTime)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| {
            let modified = std::fs::metadata(&p).and_then(|m| m.modified()).ok()?;
            Some((p, modified))
        })
        .collect();
    files.sort_by_key(|f| std::cmp::Reverse(f.1));
    files
}

fn latest_draft(registry: &Registry) -> Option<Draft> {
    draft_files()
        .into_iter()
        .find_map(|(path, _)| Draft::load(&path, registry).ok())
}

/// The drafts to offer on the start screen.
pub fn list_drafts(registry: &Registry) -> Vec<DraftSummary> {
    draft_files()
        .into_iter()
        .map(|(path, modified)| summarize(&path, modified, registry))
        .collect()
}

fn summarize(path: &Path, modified: SystemTime, registry: &Registry) -> DraftSummary {
    let modified = chrono::DateTime::<chrono::Local>::from(modified)
        .format("%m-%d %H:%M")
        .to_string();
    let failed = |error: String| DraftSummary {
        path: path.to_path_buf(),
        title: String::new(),
        template: String::new(),
        modified: modified.clone(),
        words: 0,
        filled: 0,
        parts: 0,
        error: Some(error),
    };
    let draft = match Draft::load(path, registry) {
        Ok(draft) => draft,
        Err(d) => return failed(d.message),
    };
    let Ok(template) = registry.template(&draft.template) else {
        return failed(format!("模板 `{}` 不存在", draft.template));
    };
    let report = report::assemble(&draft, template);
    let filled = part_counts(template, &report)
        .iter()
        .filter(|c| c.words > 0)
        .count();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    DraftSummary {
        path: path.to_path_buf(),
        title: format!("{}（{name}）", report.title_text()),
        template: template.name.clone(),
        modified,
        words: report.word_count().words,
        filled,
        parts: template.parts.len(),
        error: None,
    }
}

/// A warning when the locale does not say UTF-8: Chinese would come out garbled.
pub fn locale_warning() -> Option<String> {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "C".to_string());
    let utf8 = {
        let l = locale.to_ascii_lowercase();
        l.contains("utf-8") || l.contains("utf8")
    };
    (!utf8).then(|| {
        format!("区域设置 {locale} 不是 UTF-8，中文可能显示为乱码：请先运行 export LANG=C.UTF-8")
    })
}
