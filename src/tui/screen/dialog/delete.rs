//! The start screen's box asking before a draft goes to the 已删除 folder inside the drafts
//! folder, from where it can be moved back (`drafts::delete`).

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Reply, message};
use crate::tui::app::Effect;
use crate::tui::keymap::{Action, Mode, first_key};
use crate::tui::view::Theme;

#[derive(Clone, Debug)]
pub struct DeleteDialog {
    pub path: PathBuf,
    /// The draft's title as the start screen lists it (its file name if it has none).
    pub title: String,
    /// Why it was not moved.
    pub error: Option<String>,
}

impl DeleteDialog {
    pub fn new(path: PathBuf, title: String) -> DeleteDialog {
        DeleteDialog {
            path,
            title,
            error: None,
        }
    }

    pub(super) fn update(&self, action: Option<Action>) -> Reply {
        match action {
            Some(Action::Close) => Reply::close(),
            Some(Action::Enter) => Reply::Stay(vec![Effect::DeleteDraft(self.path.clone())]),
            _ => Reply::stay(),
        }
    }

    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let mut lines = vec![format!(
            "把《{}》移到“已删除”文件夹？{} 删除，{} 取消",
            self.title,
            first_key(Mode::Delete, Action::Enter),
            first_key(Mode::Delete, Action::Close)
        )];
        if let Some(error) = &self.error {
            lines.push(String::new());
            lines.push(error.clone());
        }
        message(frame, area, "删除草稿", &lines, theme);
    }
}
