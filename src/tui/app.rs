//! The wizard's model and `update`: what happened (a [`Msg`]) changes the [`App`] and may ask
//! the loop for [`Effect`]s (save, export, open). No I/O and no clock here, so every behaviour can
//! be driven by a test with a list of messages.
//!
//! This file holds what is above the screens: the keys every draft screen shares (save, export,
//! quit, help), the read-only rule, and the messages from the loop. Each screen's own state,
//! update and view is in `tui::screen`; the open draft is a [`Wizard`].

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::crossterm::event::KeyEvent;

use super::complete::Completion;
use super::keymap::{self, Action, Mode};
use super::screen::dialog::{
    self, DeleteDialog, ExportDialog, GuidanceBox, ImportDialog, RecoveryDialog, RenameDialog,
    SendDialog, UnfinishedDialog,
};
use super::screen::start::Choice;
use super::wizard::resume_step;
use crate::config::Config;
use crate::draft::Draft;
use crate::draft::lock::Holder;
use crate::files::file_name;
use crate::import::{self, Imported, ReportText};
use crate::proof::Proofreader;
use crate::report::export::Format;
use crate::template::{Registry, Template};
use crate::text::width::{Ambiguous, str_width};

pub use super::error::{ExportFailure, SaveError};
pub use super::screen::dialog::{Dialog, MappingDialog};
pub use super::screen::part::Focus;
pub use super::screen::review::Review;
pub use super::screen::start::Start;
pub use super::wizard::{AUTOSAVE_CHARS, Pane};
pub use super::wizard::{Step, Wizard};
pub use crate::drafts::DraftSummary;
/// Below this size the wizard shows only a message asking for a bigger terminal.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// Said when a change is refused because another window has the draft.
const READ_ONLY_NOTICE: &str = "只读打开：另一个窗口正在编辑这份草稿";
/// From this width on, the editor and the preview stand side by side.
pub const WIDE_WIDTH: u16 = 120;

/// Something that happened.
#[derive(Clone, Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// The writer stopped typing long enough: time to save.
    AutosaveDue,
    /// A save finished: when, and which revision of the draft it wrote; or what went wrong.
    Saved(Result<SaveDone, SaveError>),
    /// The draft was changed on disk by someone else, so it was not overwritten: what was typed
    /// went to this recovery file instead (or writing that failed too).
    SaveConflict(Result<PathBuf, super::error::Cause>),
    /// The lock of the draft was taken over.
    TookOver,
    /// An export finished: the file written, or why not.
    Exported(Result<PathBuf, ExportFailure>),
    /// A draft was opened or created.
    Opened(Box<Opened>),
    /// Opening or creating a draft failed.
    OpenFailed(String),
    /// The open draft was renamed to carry its writer's name (its lock and recovery files
    /// went with it), or the start screen's chosen draft was renamed.
    Renamed(PathBuf),
    /// The start screen's draft was moved here, in 已删除.
    Deleted(PathBuf),
    /// The start screen's draft was not renamed or moved: why.
    NotMoved(String),
    /// Something to tell the writer on the status line (how an import went).
    Notice(String),
    /// 从已有报告导入: the report was read; its mapping is shown before the draft is made.
    ReportRead(Box<ReportRead>),
    /// Tab in the import box's path: what the folder offered.
    PathCompleted(Completion),
    /// How wide the terminal turned out to draw ambiguous-width characters.
    AmbiguousMeasured(Ambiguous),
    /// Quitting was refused: what was typed could be written nowhere, so the wizard stays open
    /// and says so.
    QuitRefused(SaveError),
    /// What the writing assistant's request reported.
    Assist(crate::assistant::Update),
    /// How the ZMODEM transfer of 发到我的电脑 went.
    Sent(Result<(), String>),
    /// What `rz` brought into the drafts folder for the import box, or why nothing.
    Received(Result<PathBuf, String>),
    /// The drafts folder was read: the start screen lists these (and says what is wrong with
    /// the folder, if anything).
    Listed {
        drafts: Vec<DraftSummary>,
        problem: Option<String>,
    },
}

/// A report read for 从已有报告导入, and the options it is imported with.
#[derive(Clone, Debug)]
pub struct ReportRead {
    pub path: PathBuf,
    pub text: ReportText,
    pub options: import::Options,
}

/// A save that reached the disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveDone {
    /// When it finished (`HH:MM:SS`).
    pub time: String,
    /// The revision of the draft it wrote: typing since then is still unsaved.
    pub revision: u64,
}

/// A draft ready for the wizard.
#[derive(Clone, Debug)]
pub struct Opened {
    pub path: PathBuf,
    pub draft: Draft,
    /// True for a draft just created: start at the form.
    pub new: bool,
    /// A recovery file newer than the draft, to offer.
    pub recovery: Option<Recovery>,
    /// Another wizard has this draft open.
    pub locked_by: Option<Holder>,
}

impl Opened {
    /// A draft read from `path` (`new`: just created, so the wizard starts at the form). The
    /// loop adds what it finds beside the file: a recovery file, another window's lock.
    pub fn new(path: PathBuf, draft: Draft, new: bool) -> Opened {
        Opened {
            path,
            draft,
            new,
            recovery: None,
            locked_by: None,
        }
    }
}

/// A recovery file found beside a draft.
#[derive(Clone, Debug)]
pub struct Recovery {
    pub path: PathBuf,
    pub draft: Draft,
    /// When it was written (`MM-DD HH:MM:SS`).
    pub when: String,
}

/// What the loop must do for `update`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Send a request to the writing assistant (on a thread of its own).
    Assist {
        endpoint: Box<crate::assistant::Endpoint>,
        messages: Vec<crate::assistant::Message>,
    },
    /// Stop the writing assistant's request.
    CancelAssist,
    /// Write the draft to its file now, unless it was changed on disk since it was read.
    Save,
    /// Write the draft to its file even though it was changed on disk (the writer chose to).
    ForceSave,
    /// Rename a draft started in the drafts folder before its writer was known, now that the
    /// 姓名 is given (`Drafts::named_for_writer`).
    NameForWriter,
    /// Start screen: rename the draft at `path` to `name` in its folder ([`Msg::Renamed`]).
    RenameDraft {
        path: PathBuf,
        name: String,
    },
    /// Start screen: move the draft to 已删除 ([`Msg::Deleted`]).
    DeleteDraft(PathBuf),
    /// Take the draft's lock from the window that holds it.
    TakeOver,
    /// Remove a recovery file whose text has been saved into the draft.
    Remove(PathBuf),
    Export {
        path: PathBuf,
        format: Format,
        overwrite: bool,
    },
    Open(PathBuf),
    /// Create a new draft of this template in the drafts folder and open it.
    Create(String),
    /// Read an existing report, for its mapping to be shown ([`Msg::ReportRead`]).
    Import {
        path: PathBuf,
        next_year: bool,
        blank_figures: bool,
    },
    /// Write the draft made of a report into the drafts folder and open it.
    CreateImported(Box<Imported>),
    /// Complete the import box's path from what its folder holds ([`Msg::PathCompleted`]).
    CompletePath(String),
    /// Hand the terminal to `sz` to send the file by ZMODEM ([`Msg::Sent`]).
    SendFile {
        sz: PathBuf,
        file: PathBuf,
    },
    /// Write these bytes to the terminal as they are (an OSC 52 copy).
    Copy(Vec<u8>),
    /// Hand the terminal to `rz` to receive a file into `folder` ([`Msg::Received`]).
    Receive {
        rz: PathBuf,
        folder: PathBuf,
    },
    Quit,
}

#[derive(Clone, Debug)]
pub struct App {
    pub registry: Registry,
    pub config: Config,
    pub ambiguous: Ambiguous,
    pub colors: bool,
    pub width: u16,
    pub height: u16,
    pub screen: Screen,
    pub dialog: Option<Dialog>,
    /// A one-line message for the status line (saved, exported, an error).
    pub notice: Option<String>,
    /// A notice that goes with the next key (what an action had to say, such as F3 finding no
    /// place left to fill), as opposed to one that stays until replaced.
    passing_notice: Option<String>,
    /// Shown until the first key when the locale is not UTF-8.
    pub locale_warning: Option<String>,
    pub quitting: bool,
    /// The writing assistant's server, if one is configured.
    pub assistant: super::screen::assist::Setup,
    /// The rules drafts are checked by: the built-in ones, and those of the rule folders when
    /// the wizard is run (read once, at its start).
    pub proofreader: Arc<Proofreader>,
    /// What the terminal session allows for 发到我的电脑 (read once at start).
    pub handoff: crate::handoff::Session,
    /// The drafts folder, where a report received for import goes.
    pub drafts_dir: Option<PathBuf>,
    /// The file last exported from the open draft, for 发到我的电脑.
    pub exported: Option<PathBuf>,
}

#[derive(Clone, Debug)]
pub enum Screen {
    Start(Start),
    Wizard(Box<Wizard>),
}

impl App {
    pub fn new(registry: Registry, config: Config, ambiguous: Ambiguous, colors: bool) -> App {
        App {
            registry,
            config,
            ambiguous,
            colors,
            width: 80,
            height: 24,
            screen: Screen::Start(Start::default()),
            dialog: None,
            notice: None,
            passing_notice: None,
            locale_warning: None,
            quitting: false,
            assistant: super::screen::assist::Setup::Off,
            proofreader: Proofreader::builtin().clone(),
            handoff: crate::handoff::Session::default(),
            drafts_dir: None,
            exported: None,
        }
    }

    /// Opens a draft in the wizard (at the step it was left on, or the form when new).
    pub fn open(&mut self, opened: Opened) -> Result<(), String> {
        let template = self
            .registry
            .template(&opened.draft.template)
            .map_err(|e| e.to_string())?;
        let template = Arc::new(template.clone());
        let step = if opened.new {
            Step::Fields
        } else {
            resume_step(&template, opened.draft.state.step.as_deref())
        };
        let wizard = Wizard::new(
            opened.path,
            opened.draft,
            template,
            step,
            &self.registry,
            self.ambiguous,
            self.proofreader.clone(),
        );
        if let Some(holder) = opened.locked_by {
            self.dialog = Some(Dialog::Locked(holder));
        } else if let Some(recovery) = opened.recovery {
            self.dialog = Some(Dialog::Recovery(Box::new(RecoveryDialog::new(
                &wizard, recovery,
            ))));
        }
        self.screen = Screen::Wizard(Box::new(wizard));
        self.layout();
        Ok(())
    }

    pub fn wizard(&self) -> Option<&Wizard> {
        match &self.screen {
            Screen::Wizard(w) => Some(w),
            Screen::Start(_) => None,
        }
    }

    /// The notice, when it is too long for the status line: it is shown in a box over the
    /// bottom of the screen instead, until the next key (`view::widgets::notice_box`).
    pub fn long_notice(&self) -> Option<&str> {
        self.notice
            .as_deref()
            .filter(|n| str_width(n, self.ambiguous) > self.width as usize)
    }

    /// Whether the screen is wide enough for editor and preview side by side.
    pub fn wide(&self) -> bool {
        self.width >= WIDE_WIDTH
    }

    pub fn too_small(&self) -> bool {
        self.width < MIN_WIDTH || self.height < MIN_HEIGHT
    }

    /// Where the keys go now: the open dialog, else the screen and its focus.
    pub fn mode(&self) -> Mode {
        match (&self.dialog, &self.screen) {
            (Some(d), _) => d.mode(),
            (None, Screen::Start(_)) => Mode::Start,
            (None, Screen::Wizard(w)) => w.mode(),
        }
    }

    /// The mode beneath the open dialog.
    fn screen_mode(&self) -> Mode {
        match &self.screen {
            Screen::Start(_) => Mode::Start,
            Screen::Wizard(w) => w.mode(),
        }
    }

    /// Tells the editor how big it is, from the same areas the view draws.
    fn layout(&mut self) {
        let wide = self.wide();
        let (width, height) = (self.width, self.height);
        if let Screen::Wizard(w) = &mut self.screen
            && let Step::Part(index) = w.step()
        {
            let has_heading = w.template().parts[index].heading.is_some();
            let areas = super::areas::part(
                ratatui::layout::Rect::new(0, 0, width, height),
                wide,
                has_heading,
            );
            let editor = areas.editor_text;
            w.size_editor(editor.width as usize, editor.height as usize);
        }
    }

    /// The revision of the open draft (see [`Wizard::revision`]).
    pub fn revision(&self) -> u64 {
        self.wizard().map_or(0, |w| w.revision())
    }

    /// The draft as it would be saved now: for a save, and for the emergency save of a signal
    /// or panic.
    pub fn snapshot(&self) -> Option<Snapshot> {
        let w = self.wizard()?;
        Some(Snapshot {
            path: w.path().to_path_buf(),
            draft: w.document().draft().clone(),
            template: w.document().template().clone(),
        })
    }
}

/// The open draft at one moment, and where it goes. Taking one is a copy of the text; it is
/// turned into the file's TOML only where it is written (the saver's thread, an emergency), not
/// between two keys.
pub struct Snapshot {
    pub path: PathBuf,
    pub draft: Draft,
    pub template: Arc<Template>,
}

impl Snapshot {
    pub fn toml(&self) -> String {
        self.draft.to_toml(&self.template)
    }
}

/// `update`: the one place the model changes.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let effects = handle(app, msg);
    // Whatever happened, the editor fits the screen (it re-wraps only when the width changed).
    app.layout();
    effects
}

fn handle(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Resize(width, height) => {
            app.width = width;
            app.height = height;
            Vec::new()
        }
        Msg::AmbiguousMeasured(ambiguous) => {
            app.ambiguous = ambiguous;
            if let Screen::Wizard(w) = &mut app.screen {
                w.set_editor_ambiguous(ambiguous);
            }
            Vec::new()
        }
        Msg::Key(key) => {
            app.locale_warning = None;
            if let Some(passing) = app.passing_notice.take()
                && app.notice.as_ref() == Some(&passing)
            {
                app.notice = None;
            }
            if app.dialog.is_none() && app.long_notice().is_some() {
                // It was read in its box; the key goes on to do what it does.
                app.notice = None;
            }
            if app.too_small() && !keeps_working_too_small(app, key) {
                // Only "终端太小" is on screen: nothing may change that the writer cannot see.
                return Vec::new();
            }
            on_key(app, key)
        }
        Msg::Paste(_) if app.too_small() => Vec::new(),
        Msg::Paste(text) => on_paste(app, &text),
        Msg::QuitRefused(error) => {
            app.quitting = false;
            // The status line says why, from the save state: nothing else may cover it.
            app.notice = None;
            if let Screen::Wizard(w) = &mut app.screen {
                w.saved(Err(error));
            }
            Vec::new()
        }
        Msg::AutosaveDue => match &mut app.screen {
            Screen::Wizard(w) if app.dialog.is_none() => w.autosave_due(),
            _ => Vec::new(),
        },
        Msg::Saved(result) => {
            let Screen::Wizard(w) = &mut app.screen else {
                return Vec::new();
            };
            if result.is_err() {
                // The status line says why, from the save state (until a save succeeds).
                app.notice = None;
            }
            w.saved(result.map(|done| (done.time, done.revision)))
        }
        Msg::SaveConflict(recovery) => {
            if let Screen::Wizard(w) = &mut app.screen {
                w.conflicted();
            }
            app.dialog = Some(Dialog::Conflict { recovery });
            Vec::new()
        }
        Msg::Renamed(path) if matches!(app.screen, Screen::Start(_)) => {
            app.dialog = None;
            app.notice = Some(format!("草稿已改名为 {}", file_name(&path)));
            Vec::new()
        }
        Msg::Deleted(path) => {
            app.dialog = None;
            app.notice = Some(format!(
                "草稿已移到 {}；要恢复，把它移回草稿文件夹即可",
                path.display()
            ));
            Vec::new()
        }
        Msg::NotMoved(why) => {
            match &mut app.dialog {
                Some(Dialog::Rename(d)) => d.error = Some(why),
                Some(Dialog::Delete(d)) => d.error = Some(why),
                _ => app.notice = Some(why),
            }
            Vec::new()
        }
        Msg::Renamed(path) => {
            if let Screen::Wizard(w) = &mut app.screen {
                // Said until the next key, like what an action has to say.
                let said = format!("草稿已按姓名改名为 {}", file_name(&path));
                app.notice = Some(said.clone());
                app.passing_notice = Some(said);
                w.path = path;
            }
            Vec::new()
        }
        Msg::TookOver => {
            if let Screen::Wizard(w) = &mut app.screen {
                w.set_read_only(false);
            }
            Vec::new()
        }
        Msg::Exported(result) => {
            match result {
                Ok(path) => {
                    app.notice = Some(format!("已导出：{}", path.display()));
                    if let Some(Dialog::Export(d)) = &mut app.dialog {
                        d.exported = Some(path.clone());
                    }
                    app.exported = Some(path);
                }
                Err(failure) => {
                    if let Some(Dialog::Export(d)) = &mut app.dialog {
                        d.refused(failure);
                    }
                }
            }
            Vec::new()
        }
        Msg::Opened(opened) => {
            app.dialog = None;
            app.exported = None;
            if let Err(message) = app.open(*opened) {
                app.notice = Some(message);
            }
            Vec::new()
        }
        Msg::OpenFailed(message) => {
            match &mut app.dialog {
                Some(Dialog::Import(d)) => d.error = Some(message),
                Some(Dialog::Mapping(d)) => d.error = Some(message),
                _ => app.notice = Some(message),
            }
            Vec::new()
        }
        Msg::PathCompleted(done) => {
            if let Some(Dialog::Import(d)) = &mut app.dialog {
                d.completed(done);
            }
            Vec::new()
        }
        Msg::ReportRead(read) => {
            let Some(Dialog::Import(import)) = &mut app.dialog else {
                return Vec::new();
            };
            let ReportRead {
                path,
                text,
                options,
            } = *read;
            match MappingDialog::read(&app.registry, import.clone(), path, text, options) {
                Ok(mapping) => app.dialog = Some(Dialog::Mapping(Box::new(mapping))),
                Err(message) => import.error = Some(message),
            }
            Vec::new()
        }
        Msg::Sent(result) => {
            if let Some(Dialog::Send(d)) = &mut app.dialog {
                d.sent(result);
            }
            Vec::new()
        }
        Msg::Received(result) => {
            if let Some(Dialog::Import(d)) = &mut app.dialog {
                d.received(result);
            }
            Vec::new()
        }
        Msg::Assist(news) => super::screen::assist::on_update(app, news),
        Msg::Notice(message) => {
            app.notice = Some(message);
            Vec::new()
        }
        Msg::Listed { drafts, problem } => {
            app.screen = Screen::Start(Start {
                drafts,
                selected: 0,
            });
            app.notice = problem;
            Vec::new()
        }
    }
}

/// Whether a key still works while the terminal is too small to show the wizard: quitting and
/// saving, which change nothing the writer would need to see.
fn keeps_working_too_small(app: &App, key: KeyEvent) -> bool {
    matches!(
        keymap::action(app.mode(), key),
        Some(Action::Quit | Action::Save)
    )
}

/// A key: through the keymap of the mode it arrived in.
fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if let Some(effects) = super::screen::assist::on_key(app, key) {
        return effects;
    }
    match app.mode() {
        // The changed-on-disk box opens by itself, maybe mid-sentence: what the writer goes on
        // typing, moving or editing works on the text beneath (kept in memory and by the
        // emergency paths; autosave waits for the choice). Only its own keys are its own.
        Mode::Conflict => match keymap::bound(Mode::Conflict, key) {
            Some(action) => dialog::update(app, Some(action)),
            None => match keymap::action(app.screen_mode(), key) {
                // Another box would take this one's place.
                Some(Action::Help | Action::Export) | None => Vec::new(),
                Some(action) => dialog::beneath(app, |app| on_action(app, action)),
            },
        },
        // The guidance box only scrolls: any other key closes it and does what it does beneath.
        Mode::Guidance => match keymap::bound(Mode::Guidance, key) {
            Some(action) => dialog::update(app, Some(action)),
            None => {
                app.dialog = None;
                match keymap::action(app.screen_mode(), key) {
                    Some(action) => on_action(app, action),
                    None => Vec::new(),
                }
            }
        },
        mode if app.dialog.is_some() => dialog::update(app, keymap::action(mode, key)),
        mode => match keymap::action(mode, key) {
            Some(action) => on_action(app, action),
            None => Vec::new(),
        },
    }
}

/// An action on the screen beneath any dialog.
pub(crate) fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    if action == Action::Help {
        app.dialog = Some(Dialog::Help {
            scroll: 0,
            under: app.screen_mode(),
            assistant: app.assistant.configured(),
        });
        return Vec::new();
    }
    if action == Action::Send {
        let send = SendDialog::open(app);
        app.dialog = send.map(|d| Dialog::Send(Box::new(d)));
        return Vec::new();
    }
    let wide = app.wide();
    let mode = app.screen_mode();
    // Borrowed field by field: the wizard changes while the registry is read.
    let App {
        registry,
        screen,
        ambiguous,
        dialog,
        notice,
        passing_notice,
        quitting,
        ..
    } = app;
    let (registry, ambiguous) = (&*registry, *ambiguous);
    match screen {
        Screen::Start(start) => match start.update(registry, action) {
            Some(Choice::Open(path)) => vec![Effect::Open(path)],
            Some(Choice::Create(id)) => vec![Effect::Create(id)],
            Some(Choice::Import) => {
                *dialog = Some(Dialog::Import(ImportDialog::new()));
                Vec::new()
            }
            Some(Choice::Rename(path)) => {
                *dialog = Some(Dialog::Rename(RenameDialog::new(path)));
                Vec::new()
            }
            Some(Choice::Delete(path, title)) => {
                *dialog = Some(Dialog::Delete(DeleteDialog::new(path, title)));
                Vec::new()
            }
            Some(Choice::Quit) => vec![Effect::Quit],
            None => Vec::new(),
        },
        Screen::Wizard(w) if w.read_only() && changes_text(mode, action) => {
            *notice = Some(READ_ONLY_NOTICE.to_string());
            Vec::new()
        }
        Screen::Wizard(w) => match action {
            Action::Quit => {
                *quitting = true;
                if w.read_only() {
                    vec![Effect::Quit]
                } else {
                    vec![Effect::Save, Effect::Quit]
                }
            }
            Action::Save => vec![Effect::Save],
            Action::Export => {
                // What is unfinished is said first; the writer may export anyway.
                *dialog = Some(match UnfinishedDialog::new(w.document()) {
                    Some(unfinished) => Dialog::Unfinished(unfinished),
                    None => Dialog::Export(ExportDialog::new(w.document())),
                });
                Vec::new()
            }
            Action::Guidance => {
                if let Some(p) = w.part() {
                    let part = &w.template().parts[p.index];
                    *dialog = Some(Dialog::Guidance(GuidanceBox::new(
                        &part.step,
                        &part.guidance,
                    )));
                }
                Vec::new()
            }
            _ => {
                let step = w.step();
                let mut effects = w.on_action(action, registry, ambiguous, wide);
                // Leaving a step (the form above all), a draft named before its writer was
                // known takes the writer's name, before anything is saved to it.
                if w.step() != step {
                    effects.insert(0, Effect::NameForWriter);
                }
                if let Some(said) = w.said.take() {
                    *notice = Some(said.clone());
                    *passing_notice = Some(said);
                }
                effects
            }
        },
    }
}

/// Whether an action in `mode` would change the draft (refused when it is open read-only).
fn changes_text(mode: Mode, action: Action) -> bool {
    match action {
        Action::Save | Action::Fix | Action::FixAll | Action::Ignore => true,
        Action::Cut | Action::Paste | Action::MovePointUp | Action::MovePointDown => {
            mode == Mode::Editor
        }
        Action::Undo | Action::Redo => mode != Mode::Phrases,
        action if action.edits_text() => mode != Mode::Phrases,
        Action::Enter => matches!(mode, Mode::Editor | Mode::Phrases),
        _ => false,
    }
}

/// Text pasted: into the open dialog, else the screen beneath.
pub(crate) fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    if app.dialog.is_some() {
        return dialog::paste(app, text);
    }
    let mode = app.screen_mode();
    let Screen::Wizard(w) = &mut app.screen else {
        return Vec::new();
    };
    if w.read_only() && mode != Mode::Phrases {
        app.notice = Some(READ_ONLY_NOTICE.to_string());
        return Vec::new();
    }
    // A draft the wizard saved must always open again: a paste that would make it too large is cut.
    let (text, cut) = super::input::fit_paste(w, text);
    app.notice = cut.or(app.notice.take());
    w.paste(text)
}
