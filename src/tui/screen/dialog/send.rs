//! 发到我的电脑: the ways to get the exported file, or the report's text, from the server onto
//! the writer's own computer (`crate::handoff`): ZMODEM when the terminal can take it (or why
//! not), a copy of the text by OSC 52, and always the scp and sftp lines. The box spans the
//! whole width with no border at its sides, so a command sits at the left edge, mostly on one
//! row, and is wrapped, never cut: it can be selected with the mouse as it stands.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders};

use super::{Reply, choice, wrapped};
use crate::handoff::{Session, osc52};
use crate::report::export::Format;
use crate::tui::app::{App, Effect};
use crate::tui::keymap::{Action, Mode, first_key};
use crate::tui::view::{Theme, clear, put, put_text};

const TITLE: &str = "发到我的电脑";
const NOTHING_EXPORTED: &str =
    "还没有导出文件：先按 Ctrl-E 导出，再来这里发送。复制全文现在就能用。";
const SENT: &str = "已用 ZMODEM 发送；文件在终端软件的下载（或接收）文件夹中。";
const COPIED: &str = "已把全文发给终端复制。到 Word 或记事本中粘贴试试；粘贴不出，说明这个终端不支持，请用下面的命令取文件。";

#[derive(Clone, Debug)]
pub struct SendDialog {
    /// The exported file, when there is one.
    pub file: Option<PathBuf>,
    /// The report as plain text, for the copy.
    text: String,
    session: Session,
    /// How the last choice went: what to say, and whether it went well.
    pub said: Option<(String, bool)>,
}

impl SendDialog {
    /// The box for the open draft and the file last exported from it.
    pub fn open(app: &App) -> Option<SendDialog> {
        let w = app.wizard()?;
        let bytes = Format::Txt.render(w.document().report(), &app.config.docx);
        Some(SendDialog {
            file: app.exported.clone(),
            text: String::from_utf8_lossy(&bytes).into_owned(),
            session: app.handoff.clone(),
            said: None,
        })
    }

    pub(super) fn update(&mut self, action: Option<Action>) -> Reply {
        match action {
            Some(Action::Close) => return Reply::close(),
            Some(Action::Zmodem) => match (&self.file, self.session.sender()) {
                (Some(file), Ok(sz)) => {
                    self.said = None;
                    return Reply::Stay(vec![Effect::SendFile {
                        sz: sz.to_path_buf(),
                        file: file.clone(),
                    }]);
                }
                (None, _) => self.said = Some((NOTHING_EXPORTED.to_string(), false)),
                (_, Err(why)) => self.said = Some((why.reason(), false)),
            },
            Some(Action::CopyText) => match osc52::sequence(&self.text, self.session.multiplexer) {
                Ok(bytes) => {
                    self.said = Some((COPIED.to_string(), true));
                    return Reply::Stay(vec![Effect::Copy(bytes)]);
                }
                Err(too_long) => self.said = Some((too_long.message(), false)),
            },
            _ => {}
        }
        Reply::stay()
    }

    /// How the ZMODEM transfer went.
    pub fn sent(&mut self, result: Result<(), String>) {
        self.said = Some(match result {
            Ok(()) => (SENT.to_string(), true),
            Err(why) => (why, false),
        });
    }

    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let plain = Style::default();
        let mut lines: Vec<(String, Style)> = Vec::new();
        match &self.file {
            Some(file) => lines.push((format!("文件：{}", file.display()), plain)),
            None => lines.push((NOTHING_EXPORTED.to_string(), theme.warn())),
        }
        lines.push((String::new(), plain));
        match self.session.sender() {
            Ok(_) if self.file.is_some() => lines.push((
                choice(
                    Mode::Send,
                    Action::Zmodem,
                    "用 ZMODEM 发送（Xshell、SecureCRT、MobaXterm 会自动接收）",
                ),
                plain,
            )),
            Ok(_) => {}
            Err(why) => lines.push((format!("ZMODEM 不可用：{}", why.reason()), theme.dim())),
        }
        lines.push((
            choice(
                Mode::Send,
                Action::CopyText,
                "把全文复制到你电脑的剪贴板（OSC 52；PuTTY、较旧的 Xshell 等终端会忽略它）",
            ),
            plain,
        ));
        if let Some(file) = &self.file {
            let fetch = self.session.fetch(file);
            lines.push((String::new(), plain));
            lines.push((
                "在你的电脑上取文件（用鼠标选中一行复制，在终端或 PowerShell 中运行）："
                    .to_string(),
                theme.dim(),
            ));
            lines.push((fetch.scp, theme.title()));
            lines.push((fetch.sftp, theme.title()));
            lines.push((format!("Xftp、WinSCP 等：{}", fetch.browse), plain));
            if let Some(note) = self.session.address_note() {
                lines.push((note, theme.dim()));
            }
        }
        lines.push((String::new(), plain));
        if let Some((said, ok)) = &self.said {
            lines.push((said.clone(), if *ok { theme.ok() } else { theme.error() }));
        }
        lines.push((
            format!("{}：关闭", first_key(Mode::Send, Action::Close)),
            theme.dim(),
        ));

        let text = wrapped(&lines, area.width as usize, theme);
        let height = (text.len() as u16 + 2).min(area.height);
        let rect = Rect::new(
            area.x,
            area.y + (area.height - height) / 2,
            area.width,
            height,
        );
        clear(frame, rect, theme);
        let block = Block::new()
            .borders(Borders::TOP | Borders::BOTTOM)
            .border_set(theme.border())
            .border_style(theme.focused())
            .title(Span::styled(format!(" {TITLE} "), theme.focused()));
        let inner = block.inner(rect);
        put(frame, block, rect, theme);
        put_text(frame, text, inner, theme);
    }
}
