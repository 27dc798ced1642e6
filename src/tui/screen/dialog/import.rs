//! 从已有报告导入: the path of last year's report and how to take it (the year raised by one,
//! the figures blanked); the new draft goes into the drafts folder and the report is left as it
//! is.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;

use super::{Reply, path_box, submit};
use crate::tui::app::Effect;
use crate::tui::input::LineInput;
use crate::tui::keymap::{Action, Mode, first_key};
use crate::tui::screen::form::edit_line;
use crate::tui::view::Theme;

#[derive(Clone, Debug)]
pub struct ImportDialog {
    pub path: LineInput,
    /// Raise the year by one (last year's report becomes this year's draft).
    pub next_year: bool,
    /// Replace every figure by `*` to be filled in again.
    pub blank_figures: bool,
    pub error: Option<String>,
}

impl ImportDialog {
    pub fn new() -> ImportDialog {
        ImportDialog {
            path: LineInput::default(),
            next_year: true,
            blank_figures: false,
            error: None,
        }
    }

    pub(super) fn update(&mut self, action: Option<Action>) -> Reply {
        match action {
            Some(Action::Close) => return Reply::close(),
            Some(Action::ToggleNextYear) => self.next_year = !self.next_year,
            Some(Action::ToggleBlankFigures) => self.blank_figures = !self.blank_figures,
            Some(Action::Enter) => {
                let (next_year, blank_figures) = (self.next_year, self.blank_figures);
                return submit(
                    &self.path,
                    &mut self.error,
                    "请输入旧报告的路径",
                    |path| Effect::Import {
                        path,
                        next_year,
                        blank_figures,
                    },
                );
            }
            Some(other) if edit_line(&mut self.path, other) => self.error = None,
            _ => {}
        }
        Reply::stay()
    }

    pub(super) fn paste(&mut self, text: &str) {
        self.path.insert(text);
    }

    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) -> Option<Position> {
        let check = |on: bool| if on { "[x]" } else { "[ ]" };
        let message = match &self.error {
            Some(error) => Line::styled(error.clone(), theme.error()),
            None => Line::styled(
                format!(
                    "{} 导入（新草稿放在草稿文件夹，旧报告不动），{} 取消。",
                    first_key(Mode::Import, Action::Enter),
                    first_key(Mode::Import, Action::Close)
                ),
                theme.dim(),
            ),
        };
        path_box(
            frame,
            area,
            ("从已有报告导入", 10),
            vec![Line::raw("去年的报告（.txt、.md 或 .docx）的路径：")],
            &self.path,
            vec![
                Line::raw(""),
                Line::raw(format!(
                    "{} 年度加一，作为今年的草稿（{} 切换）",
                    check(self.next_year),
                    first_key(Mode::Import, Action::ToggleNextYear)
                )),
                Line::raw(format!(
                    "{} 把数字换成 *，今年重新填写（{} 切换）",
                    check(self.blank_figures),
                    first_key(Mode::Import, Action::ToggleBlankFigures)
                )),
                Line::raw(""),
                message,
            ],
            theme,
        )
    }
}

impl Default for ImportDialog {
    fn default() -> Self {
        ImportDialog::new()
    }
}
