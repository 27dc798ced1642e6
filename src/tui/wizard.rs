//! A draft open in the wizard: its [`Document`] (the one place its text lives), the step on
//! screen with that step's own state ([`StepState`]: the form, a part, or the review, so an
//! editor during the review cannot be written down), and how far it is saved.
//!
//! Moving between steps builds the next step's state from the document; nothing is copied back,
//! because every edit has already gone into the document through `Document::apply`.

use std::path::PathBuf;
use std::sync::Arc;

use super::app::{Effect, Recovery};
use super::editor::{Clip, Editor};
use super::error::SaveError;
use super::keymap::{Action, Mode};
use super::screen::form::Form;
use super::screen::part::{Focus, PartStep};
use super::screen::review::Review;
use crate::document::PartText;
use crate::document::{Document, Edit};
use crate::draft::Draft;
use crate::proof::Proofreader;
use crate::report::{Problem, ProblemKind};
use crate::template::{Registry, Template};
use crate::text::layout::LayoutCache;
use crate::text::width::Ambiguous;

/// Typed characters after which the draft is saved even while the writer keeps typing.
pub const AUTOSAVE_CHARS: usize = 200;

/// Which step, without its state: for the step bar and for tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Fields,
    Part(usize),
    Review,
}

/// The step on screen and what only it holds.
#[derive(Clone, Debug)]
pub enum StepState {
    Form(Form),
    Part(Box<PartStep>),
    Review(Review),
}

impl StepState {
    pub fn id(&self) -> Step {
        match self {
            StepState::Form(_) => Step::Fields,
            StepState::Part(p) => Step::Part(p.index),
            StepState::Review(_) => Step::Review,
        }
    }
}

/// At 80 columns only one of these shows under the editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Phrases,
    Preview,
}

/// How far the draft is saved, and what holds saving back.
#[derive(Clone, Debug, Default)]
pub struct SaveState {
    /// The document's revision the last save wrote.
    saved_revision: u64,
    /// Characters typed since the last save was asked for.
    pub(crate) typed: usize,
    /// When the draft was last saved (`HH:MM:SS`), or why the last save failed.
    pub(crate) saved: Option<Result<String, SaveError>>,
    /// Open read-only: another window is writing this draft.
    pub(crate) read_only: bool,
    /// A recovery file taken into the draft, removed once the draft is saved.
    recovered_from: Option<PathBuf>,
    /// The draft changed on disk and the writer has not yet chosen: no autosave meanwhile.
    pub(crate) conflict: bool,
}

/// What a step's `update` may change besides its own state: the document, and the count of
/// typed characters the autosave goes by.
pub struct Ctx<'a> {
    pub doc: &'a mut Document,
    pub save: &'a mut SaveState,
    /// What was last cut or copied in the wizard.
    pub clipboard: &'a mut Option<Clip>,
}

impl Ctx<'_> {
    /// Makes an edit, `typed` characters of it typed; says whether the draft changed.
    pub fn edit(&mut self, edit: Edit, typed: usize) -> bool {
        self.save.typed += typed;
        self.doc.apply(edit)
    }
}

/// Where a step's `update` asks the wizard to go.
#[derive(Clone, Debug)]
pub enum Go {
    /// On to the next step (Enter on the form's last field).
    Next,
    /// To where a problem is.
    Problem(Problem),
    /// Nowhere: tell the writer this on the status line, until the next key.
    Say(String),
}

/// A draft open in the wizard.
#[derive(Clone, Debug)]
pub struct Wizard {
    pub(crate) path: PathBuf,
    pub(crate) doc: Document,
    pub(crate) step: StepState,
    pub(crate) pane: Pane,
    /// Texts already wrapped (preview blocks, guidance, phrases), kept between frames.
    pub(crate) layouts: LayoutCache,
    pub(crate) save: SaveState,
    /// The wizard's own clipboard (Ctrl-X, Ctrl-C, Ctrl-V), shared by every part.
    pub(crate) clipboard: Option<Clip>,
    /// What the last action had to say, for the status line.
    pub(crate) said: Option<String>,
    /// The writing assistant at work on a paragraph of the open part.
    pub(crate) assist: Option<super::screen::assist::Assist>,
}

impl Wizard {
    /// A draft opened at `step`.
    pub fn new(
        path: PathBuf,
        draft: Draft,
        template: Arc<Template>,
        step: Step,
        registry: &Registry,
        ambiguous: Ambiguous,
        proofreader: Arc<Proofreader>,
    ) -> Wizard {
        let mut doc = Document::new(draft, template);
        doc.set_proofreader(proofreader);
        let mut wizard = Wizard {
            path,
            step: StepState::Form(Form::new(&doc)),
            doc,
            pane: Pane::Phrases,
            layouts: LayoutCache::default(),
            save: SaveState::default(),
            clipboard: None,
            said: None,
            assist: None,
        };
        wizard.enter(step, registry, ambiguous);
        wizard
    }

    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn template(&self) -> &Template {
        self.doc.template()
    }

    pub fn step(&self) -> Step {
        self.step.id()
    }

    pub fn step_state(&self) -> &StepState {
        &self.step
    }

    pub fn pane(&self) -> Pane {
        self.pane
    }

    /// The form, while it is on screen.
    pub fn form(&self) -> Option<&Form> {
        match &self.step {
            StepState::Form(f) => Some(f),
            _ => None,
        }
    }

    /// The open part, while one is.
    pub fn part(&self) -> Option<&PartStep> {
        match &self.step {
            StepState::Part(p) => Some(p),
            _ => None,
        }
    }

    pub fn review(&self) -> Option<&Review> {
        match &self.step {
            StepState::Review(r) => Some(r),
            _ => None,
        }
    }

    /// Where the focus is in the open part.
    pub fn focus(&self) -> Option<Focus> {
        self.part().map(|p| p.focus)
    }

    /// The writing assistant's pane, while it is open.
    pub fn assist(&self) -> Option<&super::screen::assist::Assist> {
        self.assist.as_ref()
    }

    /// The open part's editor, with the text it shows (the document's).
    pub fn editor(&self) -> Option<EditorView<'_>> {
        self.part().map(|p| EditorView {
            editor: &p.editor,
            text: self.doc.part_text(p.index),
        })
    }

    /// Tells the open part's editor how big it is.
    pub(crate) fn size_editor(&mut self, width: usize, height: usize) {
        if let StepState::Part(p) = &mut self.step {
            p.editor
                .set_size(&self.doc.part_text(p.index), width, height);
        }
    }

    /// Tells the open part's editor how the terminal draws ambiguous-width characters.
    pub(crate) fn set_editor_ambiguous(&mut self, ambiguous: Ambiguous) {
        if let StepState::Part(p) = &mut self.step {
            p.editor
                .set_ambiguous(&self.doc.part_text(p.index), ambiguous);
        }
    }

    /// Where the keys go.
    pub fn mode(&self) -> Mode {
        match &self.step {
            StepState::Form(_) => Mode::Form,
            StepState::Part(p) => match p.focus {
                Focus::Editor => Mode::Editor,
                Focus::Heading => Mode::Heading,
                Focus::Phrases => Mode::Phrases,
                Focus::Preview => Mode::Preview,
            },
            StepState::Review(_) => Mode::Review,
        }
    }

    /// Counts the changes to the draft, so a save knows whether it wrote the latest.
    pub fn revision(&self) -> u64 {
        self.doc.revision()
    }

    /// Whether there is text no save has written yet.
    pub fn dirty(&self) -> bool {
        self.doc.revision() != self.save.saved_revision
    }

    pub fn read_only(&self) -> bool {
        self.save.read_only
    }

    /// Every step in order.
    pub fn steps(&self) -> Vec<Step> {
        let mut steps = vec![Step::Fields];
        steps.extend((0..self.template().parts.len()).map(Step::Part));
        steps.push(Step::Review);
        steps
    }

    /// The name of a step in the step bar.
    pub fn step_name(&self, step: Step) -> &str {
        match step {
            Step::Fields => "基本信息",
            Step::Part(i) => &self.template().parts[i].step,
            Step::Review => "检查导出",
        }
    }

    /// Whether a step is done: the form's required fields filled, a part with text.
    pub fn step_filled(&self, step: Step) -> bool {
        match step {
            Step::Fields => self
                .template()
                .fields
                .iter()
                .all(|f| !f.required || !self.doc.draft().field(&f.key).is_empty()),
            // The counts follow every edit, the open part's included.
            Step::Part(i) => self.doc.counts().get(i).is_some_and(|c| c.words > 0),
            Step::Review => false,
        }
    }

    fn next_step(&self) -> Step {
        let steps = self.steps();
        let at = steps.iter().position(|s| *s == self.step()).unwrap_or(0);
        steps[(at + 1).min(steps.len() - 1)]
    }

    fn prev_step(&self) -> Step {
        let steps = self.steps();
        let at = steps.iter().position(|s| *s == self.step()).unwrap_or(0);
        steps[at.saturating_sub(1)]
    }

    /// Moves to a step: its state is made from the document, and a part's caret goes to the end
    /// of its text.
    pub fn enter(&mut self, step: Step, registry: &Registry, ambiguous: Ambiguous) {
        let resume = match step {
            Step::Fields => "fields".to_string(),
            Step::Part(i) => self.template().parts[i].id.clone(),
            Step::Review => "review".to_string(),
        };
        self.doc.set_resume_step(&resume);
        self.assist = None;
        self.step = match step {
            Step::Fields => StepState::Form(Form::new(&self.doc)),
            Step::Part(i) => {
                StepState::Part(Box::new(PartStep::new(i, &self.doc, registry, ambiguous)))
            }
            Step::Review => StepState::Review(Review::new(&self.doc)),
        };
    }

    /// An action for the step on screen (the global keys are `app`'s).
    pub fn on_action(
        &mut self,
        action: Action,
        registry: &Registry,
        ambiguous: Ambiguous,
        wide: bool,
    ) -> Vec<Effect> {
        let go = match action {
            Action::NextStep => Some(Go::Next),
            Action::PrevStep => {
                let prev = self.prev_step();
                self.enter(prev, registry, ambiguous);
                None
            }
            _ => {
                let mut cx = Ctx {
                    doc: &mut self.doc,
                    save: &mut self.save,
                    clipboard: &mut self.clipboard,
                };
                match &mut self.step {
                    StepState::Form(form) => form.update(&mut cx, action),
                    StepState::Part(part) => part.update(&mut cx, action, wide, &mut self.pane),
                    StepState::Review(review) => review.update(&mut cx, action),
                }
            }
        };
        match go {
            Some(Go::Next) => {
                let next = self.next_step();
                self.enter(next, registry, ambiguous);
            }
            Some(Go::Problem(problem)) => self.jump_to(&problem, registry, ambiguous),
            Some(Go::Say(message)) => self.said = Some(message),
            None => {}
        }
        self.autosave_effect()
    }

    /// Pasted text, where the step takes text.
    pub fn paste(&mut self, text: &str) -> Vec<Effect> {
        let mut cx = Ctx {
            doc: &mut self.doc,
            save: &mut self.save,
            clipboard: &mut self.clipboard,
        };
        match &mut self.step {
            StepState::Form(form) => form.paste(&mut cx, text),
            StepState::Part(part) => part.paste(&mut cx, text),
            StepState::Review(_) => return Vec::new(),
        }
        self.autosave_effect()
    }

    /// Goes to where a problem is: the form for a field, else the part and its paragraph,
    /// with the place to fill selected.
    fn jump_to(&mut self, problem: &Problem, registry: &Registry, ambiguous: Ambiguous) {
        match problem.part {
            None => {
                if matches!(
                    problem.kind,
                    ProblemKind::RequiredField(_) | ProblemKind::Slot(_)
                ) {
                    self.enter(Step::Fields, registry, ambiguous);
                }
            }
            Some(index) => {
                self.enter(Step::Part(index), registry, ambiguous);
                if let StepState::Part(part) = &mut self.step {
                    part.locate(problem, &self.doc);
                }
            }
        }
    }

    /// Replaces the draft with a recovery file's, to be saved at once; the recovery file is
    /// removed after that save. The writer resumes where they were when it was written.
    pub fn take_recovery(&mut self, recovery: Recovery, registry: &Registry, ambiguous: Ambiguous) {
        let step = match recovery.draft.state.step.as_deref() {
            Some(id) => resume_step(self.template(), Some(id)),
            None => self.step(),
        };
        self.doc.apply(Edit::Replace(recovery.draft));
        self.enter(step, registry, ambiguous);
        self.save.recovered_from = Some(recovery.path);
    }

    /// Whether there is text the autosave is to write: not while the draft is read-only or
    /// changed elsewhere (an emergency writes unsaved text whatever the state).
    pub fn autosave_pending(&self) -> bool {
        self.dirty() && !self.save.read_only && !self.save.conflict
    }

    /// A save when enough has been typed since the last.
    fn autosave_effect(&mut self) -> Vec<Effect> {
        if self.autosave_pending() && self.save.typed >= AUTOSAVE_CHARS {
            self.save.typed = 0;
            vec![Effect::Save]
        } else {
            Vec::new()
        }
    }

    /// A save now, if one is due (the writer paused).
    pub fn autosave_due(&mut self) -> Vec<Effect> {
        if self.autosave_pending() {
            self.save.typed = 0;
            vec![Effect::Save]
        } else {
            Vec::new()
        }
    }

    /// A save finished: what it wrote is saved, and a recovery file it took in may go.
    pub fn saved(&mut self, result: Result<(String, u64), SaveError>) -> Vec<Effect> {
        let mut effects = Vec::new();
        match result {
            Ok((time, revision)) => {
                self.save.saved_revision = revision;
                self.save.conflict = false;
                effects.extend(self.save.recovered_from.take().map(Effect::Remove));
                self.save.saved = Some(Ok(time));
            }
            Err(e) => self.save.saved = Some(Err(e)),
        }
        effects
    }

    /// The draft changed on disk, so it was not overwritten.
    pub fn conflicted(&mut self) {
        self.save.saved = Some(Err(SaveError::ChangedOnDisk));
        self.save.conflict = true;
    }

    pub fn set_read_only(&mut self, read_only: bool) {
        self.save.read_only = read_only;
    }

    /// The report block the preview follows: the caret's paragraph in a part.
    pub fn caret_block(&self) -> Option<usize> {
        self.part().and_then(|p| p.caret_block(&self.doc))
    }
}

/// The open part's editor and the text it shows: what the writer sees in the editor.
pub struct EditorView<'a> {
    editor: &'a Editor,
    text: PartText<'a>,
}

impl std::ops::Deref for EditorView<'_> {
    type Target = Editor;
    fn deref(&self) -> &Editor {
        self.editor
    }
}

impl<'a> EditorView<'a> {
    /// The text, paragraphs joined by `\n`.
    pub fn text(&self) -> String {
        self.text.as_str().to_string()
    }

    pub fn paragraphs(&self) -> Vec<String> {
        self.text.paragraphs().map(str::to_string).collect()
    }

    pub fn part_text(&self) -> PartText<'a> {
        self.text
    }

    /// See [`Editor::check_invariants`].
    pub fn check_invariants(&self) -> Result<(), String> {
        self.editor.check_invariants(&self.text)
    }
}

/// The step a draft resumes at: where it was left, or the form.
pub fn resume_step(template: &Template, step: Option<&str>) -> Step {
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
