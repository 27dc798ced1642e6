//! 从已有报告导入: the path of last year's report and how to take it (the year raised by one,
//! the figures blanked); the new draft goes into the drafts folder and the report is left as it
//! is. Tab completes the path (`tui::complete`). Enter reads the report, and its mapping is
//! shown (`mapping`) before any draft is made. F9 fetches the report from the writer's own
//! computer: by ZMODEM (`rz`) into the drafts folder when the terminal can, and then its path is
//! filled in; otherwise the box says where to upload it and with which command.

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;

use super::{Reply, path_box, submit};
use crate::handoff::Session;
use crate::text::layout::wrap;
use crate::text::width::{Ambiguous, str_width};
use crate::tui::app::Effect;
use crate::tui::complete::Completion;
use crate::tui::input::LineInput;
use crate::tui::keymap::{Action, Mode, first_key};
use crate::tui::screen::form::edit_line;
use crate::tui::view::Theme;

/// Cells of the box, borders included (as `path_box` draws it).
const BOX_CELLS: u16 = 72;

#[derive(Clone, Debug)]
pub struct ImportDialog {
    pub path: LineInput,
    /// Raise the year by one (last year's report becomes this year's draft).
    pub next_year: bool,
    /// Replace every figure by `*` to be filled in again.
    pub blank_figures: bool,
    pub error: Option<String>,
    /// What Tab found that fits the path typed, when more than one does.
    pub candidates: Vec<String>,
    /// How many fit in all (more may fit than are listed).
    pub fitting: usize,
    /// Where and how to upload the report, when F9 could not receive it by ZMODEM.
    pub upload: Vec<String>,
}

impl ImportDialog {
    pub fn new() -> ImportDialog {
        ImportDialog {
            path: LineInput::default(),
            next_year: true,
            blank_figures: false,
            error: None,
            candidates: Vec::new(),
            fitting: 0,
            upload: Vec::new(),
        }
    }

    /// What Tab found, unless the path was changed since.
    pub fn completed(&mut self, done: Completion) {
        if done.typed != self.path.text() {
            return;
        }
        self.path.set(&done.text);
        self.candidates = done.candidates;
        self.fitting = done.fitting;
        self.error = done.problem;
    }

    /// What F9 brought: the report received into the drafts folder, or why not.
    pub fn received(&mut self, result: Result<PathBuf, String>) {
        match result {
            Ok(path) => {
                self.path.set(&path.display().to_string());
                self.error = None;
                self.upload.clear();
                self.candidates.clear();
            }
            Err(why) => self.error = Some(why),
        }
    }

    pub(super) fn update(
        &mut self,
        action: Option<Action>,
        session: &Session,
        drafts: Option<&Path>,
    ) -> Reply {
        match action {
            Some(Action::Receive) => {
                let Some(folder) = drafts else {
                    self.error = Some("不知道草稿文件夹在哪里：没有设置 HOME".to_string());
                    return Reply::stay();
                };
                match session.receiver() {
                    Ok(rz) => {
                        return Reply::Stay(vec![Effect::Receive {
                            rz: rz.to_path_buf(),
                            folder: folder.to_path_buf(),
                        }]);
                    }
                    Err(why) => {
                        self.upload = vec![
                            format!("不能用 ZMODEM 接收：{}", why.reason()),
                            format!(
                                "请把旧报告传到草稿文件夹 {}，再在上面输入它的路径。在你的电脑上可以运行：",
                                folder.display()
                            ),
                            session.upload(folder),
                        ];
                    }
                }
            }
            Some(Action::Close) => return Reply::close(),
            Some(Action::ToggleNextYear) => self.next_year = !self.next_year,
            Some(Action::ToggleBlankFigures) => self.blank_figures = !self.blank_figures,
            Some(Action::Complete) => {
                return Reply::Stay(vec![Effect::CompletePath(self.path.text().to_string())]);
            }
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
            Some(other) if edit_line(&mut self.path, other) => {
                self.error = None;
                self.candidates.clear();
            }
            _ => {}
        }
        Reply::stay()
    }

    pub(super) fn paste(&mut self, text: &str) {
        self.path.insert(text);
        self.candidates.clear();
    }

    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) -> Option<Position> {
        let check = |on: bool| if on { "[x]" } else { "[ ]" };
        let message = match &self.error {
            Some(error) => Line::styled(error.clone(), theme.error()),
            None => Line::styled(
                format!(
                    "{} 导入（先看各部分的对照，再建草稿；旧报告不动），{} 取消。",
                    first_key(Mode::Import, Action::Enter),
                    first_key(Mode::Import, Action::Close)
                ),
                theme.dim(),
            ),
        };
        let inner = BOX_CELLS.min(area.width).saturating_sub(2) as usize;
        let listed = self.candidate_rows(inner, theme.ambiguous());
        let upload: Vec<Line> = self
            .upload
            .iter()
            .flat_map(|line| {
                wrap(line, inner, theme.ambiguous())
                    .into_iter()
                    .map(|r| Line::raw(line[r.start..r.end].to_string()))
                    .collect::<Vec<_>>()
            })
            .collect();
        let upload_rows = if upload.is_empty() {
            0
        } else {
            upload.len() + 1
        };
        let height = 11 + (listed.len() + upload_rows) as u16;
        let mut below = vec![Line::styled(
            format!(
                "      {} 补全路径，~ 表示主文件夹；{} 从你的电脑传来",
                first_key(Mode::Import, Action::Complete),
                first_key(Mode::Import, Action::Receive)
            ),
            theme.dim(),
        )];
        below.extend(listed.into_iter().map(|row| Line::styled(row, theme.dim())));
        if !upload.is_empty() {
            below.push(Line::raw(""));
            below.extend(upload);
        }
        below.extend([
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
        ]);
        path_box(
            frame,
            area,
            ("从已有报告导入", height),
            vec![Line::raw("去年的报告（.txt、.md 或 .docx）的路径：")],
            &self.path,
            below,
            theme,
        )
    }

    /// The names Tab found, packed into rows of `width` cells (a name never split unless it is
    /// longer than a row), after a row that says how many fit.
    fn candidate_rows(&self, width: usize, ambiguous: Ambiguous) -> Vec<String> {
        if self.candidates.is_empty() {
            return Vec::new();
        }
        let mut rows = vec![if self.fitting > self.candidates.len() {
            format!(
                "有 {} 个相符，列出前 {} 个；再多打几个字可缩小范围：",
                self.fitting,
                self.candidates.len()
            )
        } else {
            format!("有 {} 个相符：", self.fitting)
        }];
        let mut row = String::new();
        for name in &self.candidates {
            let cells = str_width(name, ambiguous);
            if cells > width {
                rows.extend((!row.is_empty()).then(|| std::mem::take(&mut row)));
                rows.extend(
                    wrap(name, width, ambiguous)
                        .iter()
                        .map(|piece| name[piece.start..piece.end].to_string()),
                );
                continue;
            }
            if !row.is_empty() && str_width(&row, ambiguous) + 2 + cells > width {
                rows.push(std::mem::take(&mut row));
            }
            if !row.is_empty() {
                row.push_str("  ");
            }
            row.push_str(name);
        }
        if !row.is_empty() {
            rows.push(row);
        }
        rows
    }
}

impl Default for ImportDialog {
    fn default() -> Self {
        ImportDialog::new()
    }
}
