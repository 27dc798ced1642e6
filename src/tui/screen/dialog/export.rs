//! 导出报告: the format and the file's path; a file already there is replaced only after a second
//! Enter. Once the file is written the box says where, in full, and leads on to 发到我的电脑
//! (`send`).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use super::{Reply, choice, message, pair, path_box, submit};
use crate::document::Document;
use crate::report::export::Format;
use crate::report::naming;
use crate::tui::app::Effect;
use crate::tui::error::ExportFailure;
use crate::tui::input::LineInput;
use crate::tui::keymap::{Action, Mode, first_key, keys_for};
use crate::tui::screen::form::edit_line;
use crate::tui::view::Theme;

#[derive(Clone, Debug)]
pub struct ExportDialog {
    pub format: Format,
    pub path: LineInput,
    /// The file exists and the writer has been asked whether to replace it.
    pub confirm_overwrite: bool,
    pub error: Option<String>,
    /// The file written, once it is.
    pub exported: Option<std::path::PathBuf>,
}

impl ExportDialog {
    /// The box for exporting `doc`: as .txt, named after the writer and the title (one file per
    /// writer in the folder an office collects them in).
    pub fn new(doc: &Document) -> ExportDialog {
        let stem = naming::file_stem(doc.report(), doc.draft().field("姓名"));
        let format = Format::Txt;
        ExportDialog {
            format,
            path: LineInput::new(&format!("{stem}.{}", format.extension())),
            confirm_overwrite: false,
            error: None,
            exported: None,
        }
    }

    pub(super) fn update(&mut self, action: Option<Action>) -> Reply {
        if self.exported.is_some() {
            // Written: only closing is left here (F9 leads on, in `dialog::update`).
            return match action {
                Some(Action::Close | Action::Enter) => Reply::close(),
                _ => Reply::stay(),
            };
        }
        let changed = match action {
            Some(Action::Close) => return Reply::close(),
            Some(Action::Enter) => {
                let (format, overwrite) = (self.format, self.confirm_overwrite);
                return submit(&self.path, &mut self.error, "请输入文件名", |path| {
                    Effect::Export {
                        path,
                        format,
                        overwrite,
                    }
                });
            }
            Some(step @ (Action::PrevFormat | Action::NextFormat)) => {
                self.change_format(step == Action::NextFormat);
                true
            }
            Some(other) => edit_line(&mut self.path, other),
            None => false,
        };
        if changed {
            self.confirm_overwrite = false;
            self.error = None;
        }
        Reply::stay()
    }

    pub(super) fn paste(&mut self, text: &str) {
        self.path.insert(text);
        self.confirm_overwrite = false;
    }

    /// The export asked for did not happen: the file exists (so the writer is asked), or this
    /// went wrong.
    pub fn refused(&mut self, failure: ExportFailure) {
        match failure {
            ExportFailure::Exists { .. } => {
                self.confirm_overwrite = true;
                self.error = None;
            }
            failure @ ExportFailure::Write { .. } => {
                self.confirm_overwrite = false;
                self.error = Some(failure.to_string());
            }
        }
    }

    /// The next (or previous) format, the file name's extension following it.
    fn change_format(&mut self, forward: bool) {
        let formats: Vec<Format> = Format::ALL.iter().map(|(f, _)| *f).collect();
        let at = formats.iter().position(|f| *f == self.format).unwrap_or(0);
        let step = if forward { 1 } else { formats.len() - 1 };
        let format = formats[(at + step) % formats.len()];
        let path = self.path.text().to_string();
        let stem = path
            .strip_suffix(&format!(".{}", self.format.extension()))
            .unwrap_or(&path);
        self.path.set(&format!("{stem}.{}", format.extension()));
        self.format = format;
    }

    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) -> Option<Position> {
        if let Some(path) = &self.exported {
            let lines = [
                format!("已导出：{}", path.display()),
                String::new(),
                choice(
                    Mode::Export,
                    Action::Send,
                    "发到我的电脑（ZMODEM、复制全文，或取文件的命令）",
                ),
                format!(
                    "{}：关闭",
                    keys_for(Mode::Export, Action::Close).join(" 或 ")
                ),
            ];
            message(frame, area, "导出报告", &lines, theme);
            return None;
        }
        let mut format_line = vec![Span::raw("格式：")];
        for (format, ext) in Format::ALL {
            let style = if format == self.format {
                theme.chosen()
            } else {
                theme.dim()
            };
            format_line.push(Span::styled(format!(" .{ext} "), style));
            format_line.push(Span::raw(" "));
        }
        let switch = pair(Mode::Export, Action::PrevFormat, Action::NextFormat);
        format_line.push(Span::styled(format!("（{switch} 切换）"), theme.dim()));
        let (enter, esc) = (
            first_key(Mode::Export, Action::Enter),
            first_key(Mode::Export, Action::Close),
        );
        let message = match (&self.error, self.confirm_overwrite) {
            (Some(error), _) => Line::styled(error.clone(), theme.error()),
            (None, true) => Line::styled(
                format!("文件已存在。再按 {enter} 覆盖它，{esc} 取消。"),
                theme.warn(),
            ),
            (None, false) => Line::styled(
                format!("{enter} 导出，{esc} 取消。~ 是主文件夹；相对路径从启动 shuzhi 处算起。"),
                theme.dim(),
            ),
        };
        path_box(
            frame,
            area,
            ("导出报告", 9),
            vec![Line::from(format_line), Line::raw("")],
            &self.path,
            vec![Line::raw(""), message],
            theme,
        )
    }
}
