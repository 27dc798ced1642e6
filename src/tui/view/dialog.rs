//! Dialogs drawn over a screen: help (every key) and export.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Theme, clear, put, put_text};
use crate::report::export::Format;
use crate::text::width::pad;
use crate::tui::app::{App, Dialog, ExportDialog, ImportDialog};
use crate::tui::keymap::{Action, keys_for};

/// What each action does, in the order the help screen lists them.
const HELP: &[(Action, &str)] = &[
    (
        Action::NextStep,
        "下一步（空着的必填项会在检查中列出，不会拦住你）",
    ),
    (Action::PrevStep, "上一步"),
    (
        Action::FocusNext,
        "切换：正文 → 素材 → 预览 → 标题；选中待填处时跳到下一处",
    ),
    (Action::FocusPrev, "反向切换；表单中回到上一项"),
    (
        Action::Enter,
        "正文中另起一段；表单中到下一项；素材中插入选中的一句",
    ),
    (
        Action::NextSlot,
        "选中本部分下一个待填处（{…} 或 *），输入即替换",
    ),
    (Action::TogglePane, "窄屏时在“素材”和“预览”之间切换"),
    (Action::Fix, "检查页面：按建议修正选中的标点问题"),
    (
        Action::Save,
        "立即保存草稿（平时停笔 2 秒或每 200 字自动保存）",
    ),
    (
        Action::Export,
        "导出报告（.txt、.md、.docx），已有文件会先问你",
    ),
    (
        Action::Overwrite,
        "草稿在别处被修改过时：用这里的内容覆盖磁盘上的草稿",
    ),
    (Action::Undo, "撤销"),
    (Action::Redo, "重做"),
    (Action::Quit, "保存并退出（不会丢字，不用确认）"),
    (Action::Help, "打开本帮助"),
    (Action::Close, "只关闭对话框，不会退出或丢弃任何内容"),
    (Action::Left, "左移一个字"),
    (Action::Right, "右移一个字"),
    (Action::Up, "上移一行（按屏幕上的行）"),
    (Action::Down, "下移一行"),
    (Action::Home, "到行首"),
    (Action::End, "到行尾"),
    (Action::WordLeft, "左移到上一个词（中文按标点分句）"),
    (Action::WordRight, "右移到下一个词"),
    (Action::PageUp, "上翻一页"),
    (Action::PageDown, "下翻一页"),
    (Action::Backspace, "删除前一个字；在段首时与上一段合并"),
    (Action::Delete, "删除后一个字；在段尾时与下一段合并"),
];

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    dialog: &Dialog,
    theme: &Theme,
) -> Option<Position> {
    match dialog {
        Dialog::Help { scroll } => {
            help(frame, area, *scroll, theme);
            None
        }
        Dialog::Export(d) => export(frame, area, app, d, theme),
        Dialog::Import(d) => import(frame, area, app, d, theme),
        Dialog::Recovery(d) => {
            let (before, after) = d.words;
            let differs = if d.differs.is_empty() {
                "各部分文字相同".to_string()
            } else {
                format!("不同的部分：{}", d.differs.join("、"))
            };
            let file = d
                .recovery
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            message(
                frame,
                area,
                "找到恢复文件",
                &[
                    format!(
                        "上次没有正常退出（断线或被关闭），{} 写下了恢复文件：",
                        d.recovery.when
                    ),
                    format!("  {file}"),
                    format!("草稿 {before} 字，恢复文件 {after} 字；{differs}。"),
                    String::new(),
                    "Enter 或 Y：采用恢复文件（保存后删除它）".to_string(),
                    "Esc 或 N：保留草稿，恢复文件留在原处不动".to_string(),
                ],
                theme,
            );
            None
        }
        Dialog::Conflict { recovery } => {
            let saved = match recovery {
                Ok(path) => format!("你刚写的内容已存入 {}。", path.display()),
                Err(e) => format!("写恢复文件也失败了（{e}），请先不要退出。"),
            };
            message(
                frame,
                area,
                "草稿在别处被修改过",
                &[
                    "这份草稿在打开后被别的窗口或编辑器改过，没有覆盖它。".to_string(),
                    saved,
                    String::new(),
                    "接着打的字照常写进正文，不会丢。".to_string(),
                    "Ctrl-O：用这里的内容覆盖磁盘上的草稿".to_string(),
                    "Esc：先不覆盖（自动保存暂停，之后按 Ctrl-S 会再问）".to_string(),
                    "Ctrl-Q：退出，磁盘上的草稿不动（没存的字另存为恢复文件）".to_string(),
                ],
                theme,
            );
            None
        }
        Dialog::Locked(holder) => {
            let state = match holder.alive {
                Some(true) => "仍在运行",
                Some(false) => "已经结束",
                None => "在另一台机器上，无法确认是否仍在运行",
            };
            let mut lines = vec![
                format!(
                    "这份草稿正被主机 {} 上的进程 {} 打开（{state}）。",
                    holder.host, holder.pid
                ),
                "两个窗口同时写会互相覆盖。".to_string(),
                String::new(),
                "R 或 Enter：只读打开（可以看、可以导出，不能修改）".to_string(),
            ];
            if holder.alive != Some(true) {
                lines.push("T：接管这份草稿（对方窗口中未保存的内容可能丢失）".to_string());
            }
            lines.push("Ctrl-Q：退出".to_string());
            message(frame, area, "草稿已在别处打开", &lines, theme);
            None
        }
    }
}

/// A dialog of lines of text.
fn message(frame: &mut Frame, area: Rect, title: &str, lines: &[String], theme: &Theme) {
    let inner = centred(frame, area, 76, lines.len() as u16 + 2, title, theme);
    let text: Vec<Line> = lines.iter().map(|l| Line::raw(l.clone())).collect();
    put(
        frame,
        Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: false }),
        inner,
        theme,
    );
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

fn help(frame: &mut Frame, area: Rect, scroll: usize, theme: &Theme) {
    let inner = centred(
        frame,
        area,
        78,
        area.height.saturating_sub(2),
        "帮助：所有按键",
        theme,
    );
    let mut lines = Vec::new();
    for (action, what) in HELP {
        let keys = keys_for(*action).join(" / ");
        lines.push(Line::from(vec![
            Span::styled(pad(&keys, 22), theme.key()),
            Span::raw(*what),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "字数按 Word/WPS“字数统计”的算法；弯引号、省略号等可能与 Word 差几个字。",
        theme.dim(),
    ));
    lines.push(Line::styled(
        "草稿随写随存；断线或被关闭后，下次打开会找回来。",
        theme.dim(),
    ));
    lines.push(Line::styled("按 ⇡⇣ 滚动，任意其他键关闭。", theme.dim()));
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).collect();
    put_text(frame, shown, inner, theme);
}

fn export(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    d: &ExportDialog,
    theme: &Theme,
) -> Option<Position> {
    let inner = centred(frame, area, 72, 9, "导出报告", theme);
    if inner.height < 4 {
        return None;
    }
    let formats: Vec<Span> = Format::ALL
        .iter()
        .flat_map(|(f, ext)| {
            let style = if *f == d.format {
                theme.chosen()
            } else {
                theme.dim()
            };
            [Span::styled(format!(" .{ext} "), style), Span::raw(" ")]
        })
        .collect();
    let mut format_line = vec![Span::raw("格式：")];
    format_line.extend(formats);
    format_line.push(Span::styled("（⇡⇣ 切换）", theme.dim()));
    let label = "文件：";
    let room = inner.width.saturating_sub(7) as usize;
    let (shown, col) = d.path.window(room, app.ambiguous);
    let message = match (&d.error, d.confirm_overwrite) {
        (Some(error), _) => Line::styled(error.clone(), theme.error()),
        (None, true) => Line::styled("文件已存在。再按 Enter 覆盖它，Esc 取消。", theme.warn()),
        (None, false) => Line::styled(
            "Enter 导出，Esc 取消。相对路径从启动 shuzhi 的文件夹算起。",
            theme.dim(),
        ),
    };
    let lines = vec![
        Line::from(format_line),
        Line::raw(""),
        Line::from(vec![
            Span::raw(label),
            Span::styled(shown.to_string(), theme.chosen()),
        ]),
        Line::raw(""),
        message,
    ];
    put_text(frame, lines, inner, theme);
    Some(Position::new(inner.x + 6 + col as u16, inner.y + 2))
}

fn import(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    d: &ImportDialog,
    theme: &Theme,
) -> Option<Position> {
    let inner = centred(frame, area, 72, 10, "从已有报告导入", theme);
    if inner.height < 5 {
        return None;
    }
    let check = |on: bool| if on { "[x]" } else { "[ ]" };
    let room = inner.width.saturating_sub(7) as usize;
    let (shown, col) = d.path.window(room, app.ambiguous);
    let message = match &d.error {
        Some(error) => Line::styled(error.clone(), theme.error()),
        None => Line::styled(
            "Enter 导入（新草稿放在草稿文件夹，旧报告不动），Esc 取消。",
            theme.dim(),
        ),
    };
    let lines = vec![
        Line::raw("去年的报告（.txt、.md 或 .docx）的路径："),
        Line::from(vec![
            Span::raw("文件："),
            Span::styled(shown.to_string(), theme.chosen()),
        ]),
        Line::raw(""),
        Line::raw(format!(
            "{} 年度加一，作为今年的草稿（⇡ 切换）",
            check(d.next_year)
        )),
        Line::raw(format!(
            "{} 把数字换成 *，今年重新填写（⇣ 切换）",
            check(d.blank_figures)
        )),
        Line::raw(""),
        message,
    ];
    put_text(frame, lines, inner, theme);
    Some(Position::new(inner.x + 6 + col as u16, inner.y + 1))
}
