//! The wizard's model and `update`: what happened (a [`Msg`]) changes the [`App`] and may ask
//! the loop for [`Effect`]s (save, export, open). No I/O and no clock here, so every behaviour can
//! be driven by a test with a list of messages.

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::crossterm::event::KeyEvent;

use super::editor::{Editor, Pos};
use super::input::LineInput;
use super::keymap::{self, Action};
use crate::config::Config;
use crate::draft::lock::Holder;
use crate::draft::{Draft, Section};
use crate::phrases;
use crate::report::export::Format;
use crate::report::{self, BlockKind, Problem, ProblemKind, Report};
use crate::template::{Phrase, Registry, Template};
use crate::text::width::Ambiguous;

/// Typed characters after which the draft is saved even while the writer keeps typing.
pub const AUTOSAVE_CHARS: usize = 200;
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
    Saved(Result<SaveDone, String>),
    /// The draft was changed on disk by someone else, so it was not overwritten: what was typed
    /// went to this recovery file instead (or writing that failed too).
    SaveConflict(Result<PathBuf, String>),
    /// The lock of the draft was taken over.
    TookOver,
    /// An export finished: the file written, or why not.
    Exported(Result<PathBuf, ExportFailure>),
    /// A draft was opened or created.
    Opened(Box<Opened>),
    /// Opening or creating a draft failed.
    OpenFailed(String),
    /// Something to tell the writer on the status line (how an import went).
    Notice(String),
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportFailure {
    /// The file exists; the writer is asked before it is replaced.
    Exists,
    Other(String),
}

/// What the loop must do for `update`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Write the draft to its file now, unless it was changed on disk since it was read.
    Save,
    /// Write the draft to its file even though it was changed on disk (the writer chose to).
    ForceSave,
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
    /// Make a draft of an existing report in the drafts folder and open it.
    Import {
        path: PathBuf,
        next_year: bool,
        blank_figures: bool,
    },
    Quit,
}

/// One draft listed on the start screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftSummary {
    pub path: PathBuf,
    pub title: String,
    pub template: String,
    pub modified: String,
    pub words: usize,
    pub filled: usize,
    pub parts: usize,
    /// Why it could not be read, if it could not.
    pub error: Option<String>,
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
    /// Shown until the first key when the locale is not UTF-8.
    pub locale_warning: Option<String>,
    pub quitting: bool,
}

#[derive(Clone, Debug)]
pub enum Screen {
    Start(Start),
    Wizard(Box<Wizard>),
}

/// The start screen: drafts to continue, then templates to start from.
#[derive(Clone, Debug, Default)]
pub struct Start {
    pub drafts: Vec<DraftSummary>,
    pub selected: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Fields,
    Part(usize),
    Review,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Editor,
    Heading,
    Phrases,
    Preview,
}

/// At 80 columns only one of these shows under the editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Phrases,
    Preview,
}

#[derive(Clone, Debug)]
pub enum Dialog {
    Help {
        scroll: usize,
    },
    Export(ExportDialog),
    /// A recovery file newer than the draft: take it, or set it aside.
    Recovery(Box<RecoveryDialog>),
    /// The draft changed on disk: what was typed is in a recovery file.
    Conflict {
        recovery: Result<PathBuf, String>,
    },
    /// Another window has the draft open.
    Locked(Holder),
    /// 从已有报告导入: the report's path and the import options.
    Import(ImportDialog),
}

#[derive(Clone, Debug)]
pub struct ImportDialog {
    pub path: LineInput,
    /// Raise the year by one (last year's report becomes this year's draft).
    pub next_year: bool,
    /// Replace every figure by `*` to be filled in again.
    pub blank_figures: bool,
    pub error: Option<String>,
}

#[derive(Clone, Debug)]
pub struct RecoveryDialog {
    pub recovery: Recovery,
    /// 字数 of the draft on disk and of the recovery file.
    pub words: (usize, usize),
    /// Step names of the parts whose text differs.
    pub differs: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct ExportDialog {
    pub format: Format,
    pub path: LineInput,
    /// The file exists and the writer has been asked whether to replace it.
    pub confirm_overwrite: bool,
    pub error: Option<String>,
}

/// The phrase panel of a part: its phrases, their search index (built once when the part is
/// entered), the search box and the matches.
#[derive(Clone, Debug, Default)]
pub struct PhrasePanel {
    pub all: Vec<Phrase>,
    pub index: phrases::Index,
    pub query: LineInput,
    pub matches: Vec<usize>,
    pub selected: usize,
}

/// A draft open in the wizard.
#[derive(Clone, Debug)]
pub struct Wizard {
    pub path: PathBuf,
    pub template: Arc<Template>,
    pub draft: Draft,
    pub step: Step,
    pub focus: Focus,
    pub fields: Vec<LineInput>,
    pub field: usize,
    pub editor: Editor,
    pub heading: LineInput,
    pub phrases: PhrasePanel,
    pub pane: Pane,
    /// Rows the preview is scrolled from where it follows the caret.
    pub preview_offset: isize,
    pub report: Report,
    /// Texts already wrapped (preview blocks, guidance, phrases), kept between frames.
    pub layouts: crate::text::layout::LayoutCache,
    /// 字数 of each part and of the whole report, counted once per change, not per frame.
    pub counts: Vec<crate::text::WordCount>,
    pub total: crate::text::WordCount,
    pub problems: Vec<Problem>,
    pub problem: usize,
    pub dirty: bool,
    pub typed_since_save: usize,
    /// When the draft was last saved (`HH:MM:SS`), or why the last save failed.
    pub saved: Option<Result<String, String>>,
    /// Open read-only: another window is writing this draft.
    pub read_only: bool,
    /// A recovery file taken into the draft, removed once the draft is saved.
    pub recovered_from: Option<PathBuf>,
    /// The draft changed on disk and the writer has not yet chosen: no autosave meanwhile.
    pub conflict: bool,
    /// Counts changes to the draft, so a save knows whether it wrote the latest.
    pub revision: u64,
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
            locale_warning: None,
            quitting: false,
        }
    }

    /// Opens a draft in the wizard (at the step it was left on, or the form when new).
    pub fn open(&mut self, opened: Opened) -> Result<(), String> {
        let template = self
            .registry
            .template(&opened.draft.template)
            .map_err(|d| d.message)?;
        let template = Arc::new(template.clone());
        let step = if opened.new {
            Step::Fields
        } else {
            resume_step(&template, opened.draft.state.step.as_deref())
        };
        let fields = template
            .fields
            .iter()
            .map(|f| LineInput::new(opened.draft.field(&f.key)))
            .collect();
        let report = report::assemble(&opened.draft, &template);
        let mut wizard = Wizard {
            path: opened.path,
            draft: opened.draft,
            step: Step::Fields,
            focus: Focus::Editor,
            fields,
            field: 0,
            editor: Editor::new("", self.ambiguous),
            heading: LineInput::default(),
            phrases: PhrasePanel::default(),
            pane: Pane::Phrases,
            preview_offset: 0,
            problems: Vec::new(),
            problem: 0,
            counts: Vec::new(),
            total: Default::default(),
            layouts: Default::default(),
            report,
            template,
            dirty: false,
            typed_since_save: 0,
            saved: None,
            read_only: false,
            recovered_from: None,
            conflict: false,
            revision: 0,
        };
        wizard.enter(step, &self.registry, self.ambiguous);
        if let Some(holder) = opened.locked_by {
            self.dialog = Some(Dialog::Locked(holder));
        } else if let Some(recovery) = opened.recovery {
            let report_words = |d: &Draft| report::assemble(d, &wizard.template).word_count().words;
            let differs = wizard
                .template
                .parts
                .iter()
                .filter(|p| {
                    let ours = wizard
                        .draft
                        .section(&p.id)
                        .map(|s| s.paragraphs().collect::<Vec<_>>());
                    let theirs = recovery
                        .draft
                        .section(&p.id)
                        .map(|s| s.paragraphs().collect::<Vec<_>>());
                    ours != theirs
                })
                .map(|p| p.step.clone())
                .collect();
            self.dialog = Some(Dialog::Recovery(Box::new(RecoveryDialog {
                words: (report_words(&wizard.draft), report_words(&recovery.draft)),
                differs,
                recovery,
            })));
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

    /// Whether the screen is wide enough for editor and preview side by side.
    pub fn wide(&self) -> bool {
        self.width >= WIDE_WIDTH
    }

    pub fn too_small(&self) -> bool {
        self.width < MIN_WIDTH || self.height < MIN_HEIGHT
    }

    /// Tells the editor how big it is, from the same areas the view draws.
    fn layout(&mut self) {
        let wide = self.wide();
        let (width, height) = (self.width, self.height);
        if let Screen::Wizard(w) = &mut self.screen
            && let Step::Part(index) = w.step
        {
            let part = &w.template.parts[index];
            let areas = super::areas::part(
                ratatui::layout::Rect::new(0, 0, width, height),
                wide,
                part.heading.is_some(),
            );
            let editor = areas.editor_text;
            w.editor
                .set_size(editor.width as usize, editor.height as usize);
        }
    }

    /// The revision of the open draft (see [`Wizard::revision`]).
    pub fn revision(&self) -> u64 {
        self.wizard().map_or(0, |w| w.revision)
    }

    /// The draft as it would be saved now: for a save, and for the emergency save of a signal
    /// or panic.
    pub fn snapshot(&self) -> Option<Snapshot> {
        let w = self.wizard()?;
        let mut draft = w.draft.clone();
        w.store_into(&mut draft);
        Some(Snapshot {
            path: w.path.clone(),
            draft,
            template: w.template.clone(),
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
        Msg::Key(key) => {
            app.locale_warning = None;
            match keymap::action(key) {
                Some(action) => on_action(app, action),
                None => Vec::new(),
            }
        }
        Msg::Paste(text) => on_paste(app, &text),
        Msg::AutosaveDue => match &mut app.screen {
            Screen::Wizard(w) if w.autosave_pending() && app.dialog.is_none() => {
                w.typed_since_save = 0;
                vec![Effect::Save]
            }
            _ => Vec::new(),
        },
        Msg::Saved(result) => {
            let mut effects = Vec::new();
            if let Screen::Wizard(w) = &mut app.screen {
                match &result {
                    Ok(done) => {
                        // Only what the save wrote is saved: keys typed since are not.
                        w.dirty = done.revision != w.revision;
                        w.conflict = false;
                        effects.extend(w.recovered_from.take().map(Effect::Remove));
                        // The failure is over: its notice goes.
                        if app
                            .notice
                            .as_ref()
                            .is_some_and(|n| n.starts_with("保存失败"))
                        {
                            app.notice = None;
                        }
                    }
                    Err(e) => app.notice = Some(format!("保存失败：{e}")),
                }
                w.saved = Some(result.map(|done| done.time));
            }
            effects
        }
        Msg::SaveConflict(recovery) => {
            if let Screen::Wizard(w) = &mut app.screen {
                w.saved = Some(Err("草稿在别处被修改过，没有覆盖".to_string()));
                w.conflict = true;
            }
            app.dialog = Some(Dialog::Conflict { recovery });
            Vec::new()
        }
        Msg::TookOver => {
            if let Screen::Wizard(w) = &mut app.screen {
                w.read_only = false;
            }
            Vec::new()
        }
        Msg::Exported(result) => {
            match result {
                Ok(path) => {
                    app.dialog = None;
                    app.notice = Some(format!("已导出：{}", path.display()));
                }
                Err(ExportFailure::Exists) => {
                    if let Some(Dialog::Export(d)) = &mut app.dialog {
                        d.confirm_overwrite = true;
                        d.error = None;
                    }
                }
                Err(ExportFailure::Other(message)) => {
                    if let Some(Dialog::Export(d)) = &mut app.dialog {
                        d.confirm_overwrite = false;
                        d.error = Some(message);
                    }
                }
            }
            Vec::new()
        }
        Msg::Opened(opened) => {
            app.dialog = None;
            if let Err(message) = app.open(*opened) {
                app.notice = Some(message);
            }
            Vec::new()
        }
        Msg::OpenFailed(message) => {
            match &mut app.dialog {
                Some(Dialog::Import(d)) => d.error = Some(message),
                _ => app.notice = Some(message),
            }
            Vec::new()
        }
        Msg::Notice(message) => {
            app.notice = Some(message);
            Vec::new()
        }
    }
}

fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    if app.dialog.is_some() {
        return on_dialog(app, action);
    }
    if action == Action::Help {
        app.dialog = Some(Dialog::Help { scroll: 0 });
        return Vec::new();
    }
    let wide = app.wide();
    // Borrowed field by field: the wizard changes while the registry is read.
    let App {
        registry,
        screen,
        ambiguous,
        dialog,
        notice,
        quitting,
        ..
    } = app;
    let (registry, ambiguous) = (&*registry, *ambiguous);
    match screen {
        Screen::Start(start) => on_start(start, registry, action, dialog),
        Screen::Wizard(w) if w.read_only && changes_text(action, w.focus) => {
            *notice = Some(READ_ONLY_NOTICE.to_string());
            Vec::new()
        }
        Screen::Wizard(w) => match action {
            Action::Quit if w.read_only => {
                *quitting = true;
                vec![Effect::Quit]
            }
            Action::Quit => {
                *quitting = true;
                w.commit();
                vec![Effect::Save, Effect::Quit]
            }
            Action::Save => {
                w.commit();
                vec![Effect::Save]
            }
            Action::Export => {
                w.commit();
                let path = default_export_path(&w.report.title_text(), Format::Txt);
                *dialog = Some(Dialog::Export(ExportDialog {
                    format: Format::Txt,
                    path: LineInput::new(&path),
                    confirm_overwrite: false,
                    error: None,
                }));
                Vec::new()
            }
            Action::NextStep => {
                let next = w.next_step();
                w.enter(next, registry, ambiguous);
                w.autosave_effect()
            }
            Action::PrevStep => {
                let prev = w.prev_step();
                w.enter(prev, registry, ambiguous);
                w.autosave_effect()
            }
            // Enter on the last field of the form goes on, like Ctrl-N.
            Action::Enter if w.step == Step::Fields && w.field + 1 >= w.fields.len() => {
                let next = w.next_step();
                w.enter(next, registry, ambiguous);
                w.autosave_effect()
            }
            _ => match w.step {
                Step::Fields => w.on_fields(action),
                Step::Part(_) => w.on_part(action, wide),
                Step::Review => w.on_review(action, registry, ambiguous),
            },
        },
    }
}

/// Whether an action would change the draft (refused when it is open read-only).
fn changes_text(action: Action, focus: Focus) -> bool {
    match action {
        Action::Save | Action::Fix => true,
        Action::Type(_) | Action::Backspace | Action::Delete | Action::Undo | Action::Redo => {
            focus != Focus::Phrases
        }
        Action::Enter => focus == Focus::Editor || focus == Focus::Phrases,
        _ => false,
    }
}

fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    if let Some(dialog) = &mut app.dialog {
        match dialog {
            Dialog::Export(d) => {
                d.path.insert(text);
                d.confirm_overwrite = false;
            }
            Dialog::Import(d) => d.path.insert(text),
            Dialog::Conflict { .. } => return beneath_dialog(app, |app| on_paste(app, text)),
            _ => {}
        }
        return Vec::new();
    }
    let Screen::Wizard(w) = &mut app.screen else {
        return Vec::new();
    };
    if w.read_only && w.focus != Focus::Phrases {
        app.notice = Some(READ_ONLY_NOTICE.to_string());
        return Vec::new();
    }
    let (text, cut) = super::input::fit_paste(w, text);
    app.notice = cut.or(app.notice.take());
    match (w.step, w.focus) {
        (Step::Fields, _) => {
            if let Some(input) = w.fields.get_mut(w.field) {
                input.insert(text);
            }
        }
        (Step::Part(_), Focus::Editor) => {
            w.editor.insert(text);
            w.typed_since_save += text.chars().count();
        }
        (Step::Part(_), Focus::Heading) => w.heading.insert(text),
        (Step::Part(_), Focus::Phrases) => {
            w.phrases.query.insert(text);
            w.refresh_phrases();
        }
        _ => return Vec::new(),
    }
    w.edited();
    w.autosave_effect()
}

fn on_start(
    start: &mut Start,
    registry: &Registry,
    action: Action,
    dialog: &mut Option<Dialog>,
) -> Vec<Effect> {
    // Drafts, then templates, then 从已有报告导入.
    let count = start.drafts.len() + registry.templates().len() + 1;
    match action {
        Action::Up => start.selected = start.selected.saturating_sub(1),
        Action::Down => start.selected = (start.selected + 1).min(count.saturating_sub(1)),
        Action::Home | Action::PageUp => start.selected = 0,
        Action::End | Action::PageDown => start.selected = count.saturating_sub(1),
        Action::Enter => {
            if let Some(draft) = start.drafts.get(start.selected) {
                return vec![Effect::Open(draft.path.clone())];
            }
            let index = start.selected - start.drafts.len();
            match registry.templates().get(index) {
                Some(template) => return vec![Effect::Create(template.id.clone())],
                None => {
                    *dialog = Some(Dialog::Import(ImportDialog {
                        path: LineInput::default(),
                        next_year: true,
                        blank_figures: false,
                        error: None,
                    }));
                }
            }
        }
        Action::Quit => return vec![Effect::Quit],
        _ => {}
    }
    Vec::new()
}

/// Handles input as if the open dialog were not there, and keeps the dialog open.
fn beneath_dialog(app: &mut App, handle: impl FnOnce(&mut App) -> Vec<Effect>) -> Vec<Effect> {
    let dialog = app.dialog.take();
    let effects = handle(app);
    app.dialog = app.dialog.take().or(dialog);
    effects
}

fn on_dialog(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(dialog) = &mut app.dialog else {
        return Vec::new();
    };
    match dialog {
        Dialog::Recovery(d) => match action {
            Action::Enter | Action::Type('y' | 'Y') => {
                let recovery = d.recovery.clone();
                app.dialog = None;
                if let Screen::Wizard(w) = &mut app.screen {
                    w.take_recovery(recovery, &app.registry, app.ambiguous);
                    return vec![Effect::Save];
                }
            }
            Action::Close | Action::Type('n' | 'N') => app.dialog = None,
            Action::Quit => {
                app.dialog = None;
                return on_action(app, Action::Quit);
            }
            _ => {}
        },
        Dialog::Conflict { .. } => match action {
            Action::Overwrite => {
                app.dialog = None;
                return vec![Effect::ForceSave];
            }
            Action::Close => app.dialog = None,
            // Quitting saves as ever: the draft on disk is changed, so what is unsaved goes to a
            // recovery file beside it and the draft is left as it is.
            Action::Quit => {
                app.dialog = None;
                return on_action(app, Action::Quit);
            }
            // Another box would take this one's place.
            Action::Help | Action::Export => {}
            // It opens by itself, maybe mid-sentence: what the writer goes on typing, moving or
            // editing works on the text beneath (kept in memory and by the emergency paths;
            // autosave waits for the choice).
            _ => return beneath_dialog(app, |app| on_action(app, action)),
        },
        Dialog::Locked(holder) => match action {
            Action::Type('r' | 'R') | Action::Enter | Action::Close => {
                app.dialog = None;
                if let Screen::Wizard(w) = &mut app.screen {
                    w.read_only = true;
                }
            }
            Action::Type('t' | 'T') if holder.alive != Some(true) => {
                app.dialog = None;
                return vec![Effect::TakeOver];
            }
            Action::Quit => {
                app.dialog = None;
                app.quitting = true;
                return vec![Effect::Quit];
            }
            _ => {}
        },
        Dialog::Import(d) => match action {
            Action::Close => app.dialog = None,
            Action::Quit => {
                app.dialog = None;
                return on_action(app, Action::Quit);
            }
            Action::Up => d.next_year = !d.next_year,
            Action::Down => d.blank_figures = !d.blank_figures,
            Action::Enter => {
                let path = d.path.text().trim();
                if path.is_empty() {
                    d.error = Some("请输入旧报告的路径".to_string());
                    return Vec::new();
                }
                return vec![Effect::Import {
                    path: PathBuf::from(path),
                    next_year: d.next_year,
                    blank_figures: d.blank_figures,
                }];
            }
            other => {
                if edit_line(&mut d.path, other) {
                    d.error = None;
                }
            }
        },
        Dialog::Help { scroll } => match action {
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll += 1,
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::PageDown => *scroll += 10,
            Action::Quit => {
                app.dialog = None;
                return on_action(app, Action::Quit);
            }
            _ => app.dialog = None,
        },
        Dialog::Export(d) => {
            let changed = match action {
                Action::Close => {
                    app.dialog = None;
                    return Vec::new();
                }
                Action::Quit => {
                    app.dialog = None;
                    return on_action(app, Action::Quit);
                }
                Action::Enter => {
                    let path = PathBuf::from(d.path.text().trim());
                    if d.path.text().trim().is_empty() {
                        d.error = Some("请输入文件名".to_string());
                        return Vec::new();
                    }
                    return vec![Effect::Export {
                        path,
                        format: d.format,
                        overwrite: d.confirm_overwrite,
                    }];
                }
                Action::Up | Action::Down | Action::FocusNext | Action::FocusPrev => {
                    let formats: Vec<Format> = Format::ALL.iter().map(|(f, _)| *f).collect();
                    let at = formats.iter().position(|f| *f == d.format).unwrap_or(0);
                    let step = if matches!(action, Action::Up | Action::FocusPrev) {
                        formats.len() - 1
                    } else {
                        1
                    };
                    let format = formats[(at + step) % formats.len()];
                    let path = d.path.text().to_string();
                    let stem = path
                        .strip_suffix(&format!(".{}", d.format.extension()))
                        .unwrap_or(&path);
                    d.path.set(&format!("{stem}.{}", format.extension()));
                    d.format = format;
                    true
                }
                other => edit_line(&mut d.path, other),
            };
            if changed {
                d.confirm_overwrite = false;
                d.error = None;
            }
        }
    }
    Vec::new()
}

/// Applies a text-editing action to a one-line input; false when it was not one.
fn edit_line(input: &mut LineInput, action: Action) -> bool {
    match action {
        Action::Type(c) => input.type_char(c),
        Action::Backspace => input.backspace(),
        Action::Delete => input.delete(),
        Action::Left => input.left(),
        Action::Right => input.right(),
        Action::Home => input.home(),
        Action::End => input.end(),
        _ => return false,
    }
    true
}

/// The step a draft resumes at: where it was left, or the form.
fn resume_step(template: &Template, step: Option<&str>) -> Step {
    match step {
        Some("review") => Step::Review,
        Some(id) => template
            .parts
            .iter()
            .position(|p| p.id == id)
            .map_or(Step::Fields, Step::Part),
        None => Step::Fields,
    }
}

/// `标题.txt` in the current folder: where a writer looks for the file afterwards.
fn default_export_path(title: &str, format: Format) -> String {
    let name: String = title
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '/' | '\\' | '{' | '}' | '*' | '?' | ':' | '"' | '<' | '>' | '|'
            )
        })
        .collect();
    let name = if name.trim().is_empty() {
        "述职报告".to_string()
    } else {
        name
    };
    format!("{name}.{}", format.extension())
}

impl Wizard {
    /// Every step in order.
    pub fn steps(&self) -> Vec<Step> {
        let mut steps = vec![Step::Fields];
        steps.extend((0..self.template.parts.len()).map(Step::Part));
        steps.push(Step::Review);
        steps
    }

    /// The name of a step in the step bar.
    pub fn step_name(&self, step: Step) -> &str {
        match step {
            Step::Fields => "基本信息",
            Step::Part(i) => &self.template.parts[i].step,
            Step::Review => "检查导出",
        }
    }

    /// Whether a step is done: the form's required fields filled, a part with text.
    pub fn step_filled(&self, step: Step) -> bool {
        match step {
            Step::Fields => self
                .template
                .fields
                .iter()
                .zip(&self.fields)
                .all(|(f, input)| !f.required || !input.text().trim().is_empty()),
            // The counts follow every edit, the open part's included.
            Step::Part(i) => self.counts.get(i).is_some_and(|c| c.words > 0),
            Step::Review => false,
        }
    }

    fn next_step(&self) -> Step {
        let steps = self.steps();
        let at = steps.iter().position(|s| *s == self.step).unwrap_or(0);
        steps[(at + 1).min(steps.len() - 1)]
    }

    fn prev_step(&self) -> Step {
        let steps = self.steps();
        let at = steps.iter().position(|s| *s == self.step).unwrap_or(0);
        steps[at.saturating_sub(1)]
    }

    /// Moves to a step: what was edited is kept, the new step's editor is set up, and the
    /// caret goes to the end of the part's text.
    pub fn enter(&mut self, step: Step, registry: &Registry, ambiguous: Ambiguous) {
        self.commit();
        self.step = step;
        self.draft.state.step = Some(match step {
            Step::Fields => "fields".to_string(),
            Step::Part(i) => self.template.parts[i].id.clone(),
            Step::Review => "review".to_string(),
        });
        self.preview_offset = 0;
        match step {
            Step::Fields => {
                self.field = self
                    .template
                    .fields
                    .iter()
                    .zip(&self.fields)
                    .position(|(f, input)| f.required && input.text().trim().is_empty())
                    .unwrap_or(0);
            }
            Step::Part(i) => {
                let part = &self.template.parts[i];
                let section = self.draft.section(&part.id).cloned().unwrap_or_default();
                self.editor = Editor::new(&section.text, ambiguous);
                self.editor.set_filled_fields(
                    self.draft
                        .fields
                        .iter()
                        .filter(|(_, v)| !v.trim().is_empty())
                        .map(|(k, _)| k.clone())
                        .collect(),
                );
                self.heading = LineInput::new(
                    section
                        .heading
                        .as_deref()
                        .or(part.heading.as_deref())
                        .unwrap_or(""),
                );
                let all: Vec<Phrase> = registry.phrases(part).cloned().collect();
                self.phrases = PhrasePanel {
                    index: phrases::Index::new(&all),
                    all,
                    ..PhrasePanel::default()
                };
                self.refresh_phrases();
                self.focus = Focus::Editor;
            }
            Step::Review => {
                self.problem = 0;
                self.focus = Focus::Preview;
            }
        }
        self.refresh_report();
    }

    /// Replaces the draft with a recovery file's, to be saved at once; the recovery file is
    /// removed after that save.
    fn take_recovery(&mut self, recovery: Recovery, registry: &Registry, ambiguous: Ambiguous) {
        // Resume where the writer was when the recovery file was written.
        let step = match recovery.draft.state.step {
            Some(_) => resume_step(&self.template, recovery.draft.state.step.as_deref()),
            None => self.step,
        };
        self.draft = recovery.draft;
        self.fields = self
            .template
            .fields
            .iter()
            .map(|f| LineInput::new(self.draft.field(&f.key)))
            .collect();
        // Re-enter the step without first storing the old editor's text over the recovery.
        self.step = Step::Review;
        self.enter(step, registry, ambiguous);
        self.touch();
        self.recovered_from = Some(recovery.path);
    }

    /// Writes what the current step holds into the draft.
    fn commit(&mut self) {
        let mut draft = std::mem::take(&mut self.draft);
        self.store_into(&mut draft);
        self.draft = draft;
    }

    /// Writes the form and the open part into `draft`.
    fn store_into(&self, draft: &mut Draft) {
        for (field, input) in self.template.fields.iter().zip(&self.fields) {
            let value = input.text().trim();
            if value.is_empty() {
                draft.fields.remove(&field.key);
            } else {
                draft.fields.insert(field.key.clone(), value.to_string());
            }
        }
        if let Step::Part(i) = self.step {
            let part = &self.template.parts[i];
            let text = self.editor.text();
            let heading = self.heading.text().trim();
            let heading = (part.heading.is_some()
                && !heading.is_empty()
                && Some(heading) != part.heading.as_deref())
            .then(|| heading.to_string());
            if text.trim().is_empty() && heading.is_none() {
                draft.sections.remove(&part.id);
            } else {
                draft
                    .sections
                    .insert(part.id.clone(), Section { heading, text });
            }
        }
    }

    /// The draft changed.
    fn touch(&mut self) {
        self.dirty = true;
        self.revision += 1;
    }

    /// After any change to the text: the draft, the report and the 字数 follow.
    fn edited(&mut self) {
        self.touch();
        self.commit();
        match self.step {
            Step::Part(index) => self.refresh_part(index),
            _ => self.refresh_report(),
        }
    }

    /// After typing in part `index`: only its blocks and its 字数 are made again.
    fn refresh_part(&mut self, index: usize) {
        if report::reassemble_part(&mut self.report, &self.draft, &self.template, index) {
            self.counts[index] = report::part_count(&self.report, index);
        } else {
            self.counts = report::part_counts(&self.template, &self.report);
        }
        self.total = self.counts.iter().copied().sum();
    }

    fn refresh_report(&mut self) {
        self.report = report::assemble(&self.draft, &self.template);
        self.counts = report::part_counts(&self.template, &self.report);
        self.total = self.counts.iter().copied().sum();
        if self.step == Step::Review {
            self.problems = report::check(&self.draft, &self.template, &self.report);
            self.problem = self.problem.min(self.problems.len().saturating_sub(1));
        }
    }

    fn refresh_phrases(&mut self) {
        self.phrases.matches = self.phrases.index.search(self.phrases.query.text());
        self.phrases.selected = 0;
    }

    /// Whether there is text the autosave is to write: not while the draft is read-only or
    /// changed elsewhere (an emergency writes unsaved text whatever the state).
    pub fn autosave_pending(&self) -> bool {
        self.dirty && !self.read_only && !self.conflict
    }

    fn autosave_effect(&mut self) -> Vec<Effect> {
        if self.autosave_pending() && self.typed_since_save >= AUTOSAVE_CHARS {
            self.typed_since_save = 0;
            vec![Effect::Save]
        } else {
            Vec::new()
        }
    }

    fn on_fields(&mut self, action: Action) -> Vec<Effect> {
        let count = self.fields.len();
        match action {
            Action::Enter | Action::FocusNext | Action::Down => {
                if self.field + 1 < count {
                    self.field += 1;
                }
            }
            Action::FocusPrev | Action::Up => self.field = self.field.saturating_sub(1),
            other => {
                if let Some(input) = self.fields.get_mut(self.field)
                    && edit_line(input, other)
                    && matches!(other, Action::Type(_) | Action::Backspace | Action::Delete)
                {
                    self.typed_since_save += 1;
                    self.edited();
                    return self.autosave_effect();
                }
            }
        }
        Vec::new()
    }

    fn on_part(&mut self, action: Action, wide: bool) -> Vec<Effect> {
        match action {
            Action::FocusNext | Action::FocusPrev => {
                // While filling places in, Tab goes to the next one; after the last, to the end of
                // the paragraph, like the placeholders of a snippet.
                if action == Action::FocusNext
                    && self.focus == Focus::Editor
                    && self.editor.filling()
                {
                    if !self.editor.next_slot() {
                        self.editor.end_of_paragraph();
                    }
                    return Vec::new();
                }
                self.cycle_focus(action == Action::FocusNext, wide);
                return Vec::new();
            }
            Action::TogglePane => {
                self.pane = match self.pane {
                    Pane::Phrases => Pane::Preview,
                    Pane::Preview => Pane::Phrases,
                };
                if !wide && matches!(self.focus, Focus::Phrases | Focus::Preview) {
                    self.focus_on(match self.pane {
                        Pane::Phrases => Focus::Phrases,
                        Pane::Preview => Focus::Preview,
                    });
                }
                return Vec::new();
            }
            Action::NextSlot => {
                self.focus = Focus::Editor;
                self.editor.next_slot();
                return Vec::new();
            }
            _ => {}
        }
        match self.focus {
            Focus::Editor => self.on_editor(action),
            Focus::Heading => {
                if action == Action::Enter {
                    self.focus = Focus::Editor;
                } else if edit_line(&mut self.heading, action)
                    && matches!(action, Action::Type(_) | Action::Backspace | Action::Delete)
                {
                    self.edited();
                }
                Vec::new()
            }
            Focus::Phrases => self.on_phrases(action),
            Focus::Preview => {
                self.scroll_preview(action);
                Vec::new()
            }
        }
    }

    fn focus_on(&mut self, focus: Focus) {
        self.focus = focus;
        if focus == Focus::Phrases {
            // On the way into the search box, so that its first letter answers as fast as the rest.
            self.phrases.index.prepare();
        }
    }

    fn cycle_focus(&mut self, forward: bool, wide: bool) {
        let has_heading =
            matches!(self.step, Step::Part(i) if self.template.parts[i].heading.is_some());
        let mut ring = vec![Focus::Editor, Focus::Phrases, Focus::Preview];
        if has_heading {
            ring.push(Focus::Heading);
        }
        let at = ring.iter().position(|f| *f == self.focus).unwrap_or(0);
        let next = if forward {
            (at + 1) % ring.len()
        } else {
            (at + ring.len() - 1) % ring.len()
        };
        self.focus_on(ring[next]);
        self.editor.break_undo_group();
        if !wide {
            match self.focus {
                Focus::Phrases => self.pane = Pane::Phrases,
                Focus::Preview => self.pane = Pane::Preview,
                _ => {}
            }
        }
    }

    fn on_editor(&mut self, action: Action) -> Vec<Effect> {
        let e = &mut self.editor;
        let edit = match action {
            Action::Type(c) => {
                e.type_char(c);
                self.typed_since_save += 1;
                true
            }
            Action::Enter => {
                // Enter after filling in a phrase means "next point", not a break mid-sentence.
                if e.filling() {
                    e.end_of_paragraph();
                }
                e.newline();
                self.typed_since_save += 1;
                true
            }
            Action::Backspace => {
                e.backspace();
                true
            }
            Action::Delete => {
                e.delete();
                true
            }
            Action::Undo => {
                e.undo();
                true
            }
            Action::Redo => {
                e.redo();
                true
            }
            Action::Left => {
                e.left();
                false
            }
            Action::Right => {
                e.right();
                false
            }
            Action::Up => {
                e.up();
                false
            }
            Action::Down => {
                e.down();
                false
            }
            Action::Home => {
                e.home();
                false
            }
            Action::End => {
                e.end();
                false
            }
            Action::PageUp => {
                e.page_up();
                false
            }
            Action::PageDown => {
                e.page_down();
                false
            }
            Action::WordLeft => {
                e.word_left();
                false
            }
            Action::WordRight => {
                e.word_right();
                false
            }
            _ => false,
        };
        self.preview_offset = 0;
        if edit {
            self.edited();
            return self.autosave_effect();
        }
        Vec::new()
    }

    fn on_phrases(&mut self, action: Action) -> Vec<Effect> {
        let count = self.phrases.matches.len();
        match action {
            Action::Up => self.phrases.selected = self.phrases.selected.saturating_sub(1),
            Action::Down => {
                self.phrases.selected = (self.phrases.selected + 1).min(count.saturating_sub(1));
            }
            Action::PageUp => self.phrases.selected = self.phrases.selected.saturating_sub(5),
            Action::PageDown => {
                self.phrases.selected = (self.phrases.selected + 5).min(count.saturating_sub(1));
            }
            Action::Enter => {
                let chosen = self
                    .phrases
                    .matches
                    .get(self.phrases.selected)
                    .and_then(|&i| self.phrases.all.get(i))
                    .map(|p| p.text.clone());
                if let Some(text) = chosen {
                    self.editor.insert_phrase(&text);
                    self.typed_since_save += text.chars().count();
                    self.focus = Focus::Editor;
                    self.edited();
                    return self.autosave_effect();
                }
            }
            Action::Undo | Action::Redo => {}
            other => {
                if edit_line(&mut self.phrases.query, other)
                    && matches!(other, Action::Type(_) | Action::Backspace | Action::Delete)
                {
                    self.refresh_phrases();
                }
            }
        }
        Vec::new()
    }

    fn scroll_preview(&mut self, action: Action) {
        match action {
            Action::Up => self.preview_offset -= 1,
            Action::Down => self.preview_offset += 1,
            Action::PageUp => self.preview_offset -= 10,
            Action::PageDown => self.preview_offset += 10,
            Action::Home => self.preview_offset = -10_000,
            _ => {}
        }
    }

    fn on_review(
        &mut self,
        action: Action,
        registry: &Registry,
        ambiguous: Ambiguous,
    ) -> Vec<Effect> {
        let count = self.problems.len();
        match action {
            Action::Up => self.problem = self.problem.saturating_sub(1),
            Action::Down => self.problem = (self.problem + 1).min(count.saturating_sub(1)),
            Action::PageUp => self.preview_offset -= 10,
            Action::PageDown => self.preview_offset += 10,
            Action::Enter => {
                if let Some(problem) = self.problems.get(self.problem).cloned() {
                    self.jump_to(&problem, registry, ambiguous);
                }
            }
            Action::Fix => {
                if let Some(problem) = self.problems.get(self.problem).cloned()
                    && report::apply_fix(&mut self.draft, &self.template, &problem)
                {
                    self.touch();
                    self.refresh_report();
                    return self.autosave_effect();
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Goes to where a problem is: the form for a field, else the part and its paragraph,
    /// with the place to fill selected.
    fn jump_to(&mut self, problem: &Problem, registry: &Registry, ambiguous: Ambiguous) {
        let Some(part) = problem.part else {
            if matches!(
                problem.kind,
                ProblemKind::RequiredField(_) | ProblemKind::Slot(_)
            ) {
                self.enter(Step::Fields, registry, ambiguous);
            }
            return;
        };
        self.enter(Step::Part(part), registry, ambiguous);
        if problem.paragraph.is_none() && self.template.parts[part].heading.is_some() {
            self.focus = Focus::Heading;
            return;
        }
        let para = self
            .editor
            .paragraph_numbered(problem.paragraph.unwrap_or(1))
            .unwrap_or(0);
        self.editor.set_caret(Pos { para, byte: 0 });
        if matches!(problem.kind, ProblemKind::Slot(_) | ProblemKind::Stars(_)) {
            self.editor.next_slot();
        }
    }

    /// The report block of the paragraph the caret is in (or of the next part, while this one
    /// is empty), for the preview to follow.
    pub fn caret_block(&self) -> Option<usize> {
        let Step::Part(part) = self.step else {
            return None;
        };
        let number = self.editor.paragraph_number(self.editor.caret().para);
        let blocks = &self.report.blocks;
        blocks
            .iter()
            .position(|b| b.part == part && b.kind == BlockKind::Paragraph { index: number })
            .or_else(|| blocks.iter().position(|b| b.part >= part))
    }
}
