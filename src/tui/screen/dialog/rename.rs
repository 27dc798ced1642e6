//! The start screen's box for a draft's new name: prefilled with the file's name, Enter
//! renames it in the drafts folder (`drafts::rename` says what it refuses), Esc closes.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use super::{Reply, centred, wrap_line};
use crate::text::width::str_width;
use crate::tui::app::Effect;
use crate::tui::input::LineInput;
use crate::tui::keymap::{Action, Mode, first_key};
use crate::tui::screen::form::edit_line;
use crate::tui::view::{Theme, put_text};

/// Cells of the box, borders included.
const BOX_CELLS: u16 = 72;
const LABEL: &str = "新名称：";

#[derive(Clone, Debug)]
pub struct RenameDialog {
    pub path: PathBuf,
    pub name: LineInput,
    /// Why the name was refused.
    pub error: Option<String>,
}

impl RenameDialog {
    pub fn new(path: PathBuf) -> RenameDialog {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        RenameDialog {
            path,
            name: LineInput::new(&stem),
            error: None,
        }
    }

    pub(super) fn update(&mut self, action: Option<Action>) -> Reply {
        match action {
            Some(Action::Close) => return Reply::close(),
            Some(Action::Enter) => {
                return Reply::Stay(vec![Effect::RenameDraft {
                    path: self.path.clone(),
                    name: self.name.text().to_string(),
                }]);
            }
            Some(other) if edit_line(&mut self.name, other) => self.error = None,
            _ => {}
        }
        Reply::stay()
    }

    pub(super) fn paste(&mut self, text: &str) {
        self.name.insert(text);
        self.error = None;
    }

    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) -> Option<Position> {
        let width = BOX_CELLS.min(area.width).saturating_sub(2) as usize;
        let message = match &self.error {
            Some(error) => Line::styled(error.clone(), theme.error()),
            None => Line::styled(
                format!(
                    "{} 改名，{} 取消。",
                    first_key(Mode::Rename, Action::Enter),
                    first_key(Mode::Rename, Action::Close)
                ),
                theme.dim(),
            ),
        };
        let below = wrap_line(message, width, theme);
        let height = below.len() as u16 + 4;
        let inner = centred(frame, area, BOX_CELLS, height, "草稿改名", theme);
        let label = str_width(LABEL, theme.ambiguous()) as u16;
        let room = inner.width.saturating_sub(label + 1) as usize;
        let (shown, col) = self.name.window(room, theme.ambiguous());
        let mut lines = vec![
            Line::from(vec![
                Span::raw(LABEL),
                Span::styled(shown.to_string(), theme.chosen()),
            ]),
            Line::raw(""),
        ];
        lines.extend(below);
        put_text(frame, lines, inner, theme);
        (inner.height > 0).then(|| Position::new(inner.x + label + col as u16, inner.y))
    }
}
