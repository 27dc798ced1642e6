//! Dialogs drawn over a screen, one file each holding the dialog's state, its `update` and its
//! view: help (every key), a part's whole guidance, what is unfinished before an export, export, import and the mapping of what was imported, a recovery file
//! found, the draft changed on disk, the draft open elsewhere. This file has what they share: the [`Dialog`] they are one of, the
//! dispatch of keys, pastes and drawing to them, and the pieces they are drawn with (a centred
//! box, a box of wrapped lines, the row a path is typed in).
//!
//! The choices a dialog offers are its keymap's bindings (`keymap::Mode`), named from it.

mod conflict;
mod delete;
mod export;
mod guidance;
mod help;
mod import;
mod locked;
pub(crate) mod mapping;
mod recovery;
mod rename;
mod send;
mod unfinished;

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::draft::lock::Holder;
use crate::text::layout::{caret_cell, wrap};
use crate::text::width::str_width;
use crate::tui::app::{App, Effect, on_action, on_paste};
use crate::tui::input::LineInput;
use crate::tui::keymap::{Action, Mode, first_key, keys_for};
use crate::tui::view::{Theme, clear, put, put_text};

pub use delete::DeleteDialog;
pub use export::ExportDialog;
pub use guidance::GuidanceBox;
pub use import::ImportDialog;
pub use mapping::MappingDialog;
pub use recovery::RecoveryDialog;
pub use rename::RenameDialog;
pub use send::SendDialog;
pub use unfinished::UnfinishedDialog;

#[derive(Clone, Debug)]
pub enum Dialog {
    Help {
        scroll: usize,
        /// The screen's keys it was opened over, listed first.
        under: Mode,
        /// The writing assistant is configured: its keys are listed.
        assistant: bool,
    },
    /// The open part's whole guidance.
    Guidance(GuidanceBox),
    Export(ExportDialog),
    /// Before the export box: what is still unfinished in the report.
    Unfinished(UnfinishedDialog),
    /// A recovery file newer than the draft: take it, or set it aside.
    Recovery(Box<RecoveryDialog>),
    /// The draft changed on disk: what was typed is in a recovery file.
    Conflict {
        recovery: Result<PathBuf, crate::tui::error::Cause>,
    },
    /// Another window has the draft open.
    Locked(Holder),
    /// 从已有报告导入: the report's path and the import options.
    Import(ImportDialog),
    /// The report read: what goes where, before the draft is made.
    Mapping(Box<MappingDialog>),
    /// 发到我的电脑: ZMODEM, a copy of the text, the scp and sftp lines.
    Send(Box<SendDialog>),
    /// The start screen: a draft's new name.
    Rename(RenameDialog),
    /// The start screen: move a draft to 已删除?
    Delete(DeleteDialog),
}

impl Dialog {
    /// Where the keys go while the dialog is open.
    pub fn mode(&self) -> Mode {
        match self {
            Dialog::Help { .. } => Mode::Help,
            Dialog::Guidance(_) => Mode::Guidance,
            Dialog::Export(_) => Mode::Export,
            Dialog::Unfinished(_) => Mode::Unfinished,
            Dialog::Recovery(_) => Mode::Recovery,
            Dialog::Conflict { .. } => Mode::Conflict,
            Dialog::Locked(_) => Mode::Locked,
            Dialog::Import(_) => Mode::Import,
            Dialog::Mapping(_) => Mode::Mapping,
            Dialog::Send(_) => Mode::Send,
            Dialog::Rename(_) => Mode::Rename,
            Dialog::Delete(_) => Mode::Delete,
        }
    }
}

/// What an action in a dialog leads to: the dialog stays open or closes, and the loop does the
/// effects.
enum Reply {
    Stay(Vec<Effect>),
    Close(Vec<Effect>),
}

impl Reply {
    fn stay() -> Reply {
        Reply::Stay(Vec::new())
    }

    fn close() -> Reply {
        Reply::Close(Vec::new())
    }
}

/// Handles input as if the open dialog were not there, and keeps the dialog open.
pub fn beneath(app: &mut App, handle: impl FnOnce(&mut App) -> Vec<Effect>) -> Vec<Effect> {
    let dialog = app.dialog.take();
    let effects = handle(app);
    app.dialog = app.dialog.take().or(dialog);
    effects
}

/// An action while a dialog is open (`None`: a key the dialog has no binding for).
pub fn update(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    let Some(mut dialog) = app.dialog.take() else {
        return Vec::new();
    };
    if action == Some(Action::Quit) {
        // Quitting from any box saves as ever (from the changed-on-disk box, what is unsaved
        // goes to a recovery file beside the draft, which is left as it is).
        if matches!(dialog, Dialog::Locked(_)) {
            app.quitting = true;
            return vec![Effect::Quit];
        }
        return on_action(app, Action::Quit);
    }
    // Once a file is exported, the export box leads on to 发到我的电脑.
    if action == Some(Action::Send)
        && let Dialog::Export(d) = &dialog
        && d.exported.is_some()
    {
        app.dialog = SendDialog::open(app).map(|d| Dialog::Send(Box::new(d)));
        return Vec::new();
    }
    // The dialog is out of the app while its update runs, which may change the screen beneath.
    let reply = match &mut dialog {
        Dialog::Help { scroll, .. } => help::update(scroll, action),
        Dialog::Guidance(g) => g.update(action),
        Dialog::Export(d) => d.update(action),
        Dialog::Unfinished(d) => d.update(app, action),
        Dialog::Import(d) => d.update(action, &app.handoff, app.drafts_dir.as_deref()),
        Dialog::Send(d) => d.update(action),
        Dialog::Mapping(d) => d.update(app, action),
        Dialog::Recovery(d) => d.update(app, action),
        Dialog::Conflict { .. } => conflict::update(action),
        Dialog::Locked(holder) => locked::update(app, holder, action),
        Dialog::Rename(d) => d.update(action),
        Dialog::Delete(d) => d.update(action),
    };
    match reply {
        Reply::Stay(effects) => {
            app.dialog = Some(dialog);
            effects
        }
        Reply::Close(effects) => effects,
    }
}

/// Text pasted while a dialog is open: into its path, or, over the changed-on-disk box, into the
/// text beneath.
pub fn paste(app: &mut App, text: &str) -> Vec<Effect> {
    match &mut app.dialog {
        Some(Dialog::Export(d)) => d.paste(text),
        Some(Dialog::Import(d)) => d.paste(text),
        Some(Dialog::Rename(d)) => d.paste(text),
        Some(Dialog::Conflict { .. }) => return beneath(app, |app| on_paste(app, text)),
        _ => {}
    }
    Vec::new()
}

pub fn draw(frame: &mut Frame, area: Rect, dialog: &Dialog, theme: &Theme) -> Option<Position> {
    match dialog {
        Dialog::Help {
            scroll,
            under,
            assistant,
        } => {
            help::draw(frame, area, *scroll, *under, *assistant, theme);
            None
        }
        Dialog::Guidance(g) => {
            g.draw(frame, area, theme);
            None
        }
        Dialog::Export(d) => d.draw(frame, area, theme),
        Dialog::Unfinished(d) => {
            d.draw(frame, area, theme);
            None
        }
        Dialog::Import(d) => d.draw(frame, area, theme),
        Dialog::Mapping(d) => {
            d.draw(frame, area, theme);
            None
        }
        Dialog::Send(d) => {
            d.draw(frame, area, theme);
            None
        }
        Dialog::Recovery(d) => {
            d.draw(frame, area, theme);
            None
        }
        Dialog::Conflict { recovery } => {
            conflict::draw(frame, area, recovery, theme);
            None
        }
        Dialog::Locked(holder) => {
            locked::draw(frame, area, holder, theme);
            None
        }
        Dialog::Rename(d) => d.draw(frame, area, theme),
        Dialog::Delete(d) => {
            d.draw(frame, area, theme);
            None
        }
    }
}

/// A choice a dialog offers: its keys, from the dialog's keymap, and what it does.
fn choice(mode: Mode, action: Action, what: &str) -> String {
    format!("{}：{what}", keys_for(mode, action).join(" 或 "))
}

/// The first keys of two actions side by side, as a pair that steps back and forth is named
/// (`↑↓`, `←→`).
fn pair(mode: Mode, back: Action, forth: Action) -> String {
    format!("{}{}", first_key(mode, back), first_key(mode, forth))
}

/// Cells of a message box, borders included.
const MESSAGE_CELLS: u16 = 76;

/// A dialog of lines of text, each wrapped by the shared layout.
fn message(frame: &mut Frame, area: Rect, title: &str, lines: &[String], theme: &Theme) {
    let width = MESSAGE_CELLS.min(area.width).saturating_sub(2) as usize;
    let styled: Vec<(String, Style)> = lines
        .iter()
        .map(|l| (l.clone(), Style::default()))
        .collect();
    let text = wrapped(&styled, width, theme);
    let inner = centred(
        frame,
        area,
        MESSAGE_CELLS,
        text.len() as u16 + 2,
        title,
        theme,
    );
    put_text(frame, text, inner, theme);
}

/// Lines of text in their styles, each wrapped by the shared layout into rows of `width`
/// cells: nothing is cut.
fn wrapped(lines: &[(String, Style)], width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut text = Vec::new();
    for (line, style) in lines {
        let rows = wrap(line, width, theme.ambiguous());
        if rows.is_empty() {
            text.push(Line::raw(""));
        }
        text.extend(
            rows.iter()
                .map(|r| Line::styled(line[r.start..r.end].to_string(), *style)),
        );
    }
    text
}

/// A centred box `width` × `height`, clamped to the screen, cleared.
fn centred(
    frame: &mut Frame,
    area: Rect,
    width: u16,
    height: u16,
    title: &str,
    theme: &Theme,
) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    let rect = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    clear(frame, rect, theme);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .border_style(theme.focused())
        .title(Span::styled(format!(" {title} "), theme.focused()));
    let inner = block.inner(rect);
    put(frame, block, rect, theme);
    inner
}

/// Enter in a box with a path typed in: the effect for the path, trimmed; or, when nothing was
/// typed, `missing` as the box's error.
fn submit(
    path: &LineInput,
    error: &mut Option<String>,
    missing: &str,
    effect: impl FnOnce(PathBuf) -> Effect,
) -> Reply {
    let path = path.text().trim();
    if path.is_empty() {
        *error = Some(missing.to_string());
        return Reply::stay();
    }
    Reply::Stay(vec![effect(PathBuf::from(path))])
}

/// A box `height` rows high (borders included, more when its text needs them) in which a path
/// is typed: the lines `above` the path, the path's rows, the lines `below` it. Returns where the caret is, when the row is on
/// screen.
fn path_box(
    frame: &mut Frame,
    area: Rect,
    (title, height): (&str, u16),
    above: Vec<Line<'static>>,
    path: &LineInput,
    below: Vec<Line<'static>>,
    theme: &Theme,
) -> Option<Position> {
    const LABEL: &str = "文件：";
    const CELLS: u16 = 72;
    // A message longer than the box (an error naming a long path) is wrapped, the box growing
    // to hold it: every word of it must be read.
    let width = CELLS.min(area.width).saturating_sub(2) as usize;
    let below: Vec<Line<'static>> = below
        .into_iter()
        .flat_map(|line| wrap_line(line, width, theme))
        .collect();
    let amb = theme.ambiguous();
    let label = str_width(LABEL, amb);
    // The whole path is shown, wrapped over as many rows as it needs under the label's end; a
    // cell after the text is kept for the caret.
    let room = width.saturating_sub(label + 1);
    let rows = wrap(path.text(), room, amb);
    let (caret_row, col) = caret_cell(path.text(), &rows, path.caret(), amb);
    let height = height.max((above.len() + rows.len() + below.len()) as u16 + 2);
    let inner = centred(frame, area, CELLS, height, title, theme);
    let row = above.len() + caret_row;
    let mut lines = above;
    for (i, r) in rows.iter().enumerate() {
        let lead = if i == 0 {
            LABEL.to_string()
        } else {
            " ".repeat(label)
        };
        lines.push(Line::from(vec![
            Span::raw(lead),
            Span::styled(path.text()[r.start..r.end].to_string(), theme.chosen()),
        ]));
    }
    lines.extend(below);
    put_text(frame, lines, inner, theme);
    let (row, col) = (row as u16, (label + col) as u16);
    (row < inner.height).then(|| Position::new(inner.x + col, inner.y + row))
}

/// A one-span line wider than `width` as rows of it ([`wrapped`]); a line of several spans,
/// or one that fits, as it is.
fn wrap_line(line: Line<'static>, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    match line.spans.as_slice() {
        [span] if str_width(&span.content, theme.ambiguous()) > width => wrapped(
            &[(span.content.to_string(), line.style.patch(span.style))],
            width,
            theme,
        ),
        _ => vec![line],
    }
}
