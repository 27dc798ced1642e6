//! Dialogs drawn over a screen — help (every key), export, import and the mapping of what was
//! imported (`mapping`), a recovery file found, the draft changed on disk, the draft open
//! elsewhere: their state, their `update` and their view.
//! The choices a dialog offers are its keymap's bindings (`keymap::Mode`), named from it.

mod mapping;

pub use mapping::MappingDialog;

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::draft::lock::Holder;
use crate::report::export::Format;
use crate::text::layout::wrap;
use crate::text::width::{Ambiguous, pad, str_width};
use crate::tui::app::{App, Effect, Recovery, Screen, on_action};
use crate::tui::complete::Completion;
use crate::tui::input::LineInput;
use crate::tui::keymap::{Action, Mode, first_key, help_actions, help_keys, keys_for};
use crate::tui::screen::form::edit_line;
use crate::tui::view::{Theme, clear, put, put_text};

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
    /// The report read: what goes where, before the draft is made.
    Mapping(Box<MappingDialog>),
}

impl Dialog {
    /// Where the keys go while the dialog is open.
    pub fn mode(&self) -> Mode {
        match self {
            Dialog::Help { .. } => Mode::Help,
            Dialog::Export(_) => Mode::Export,
            Dialog::Recovery(_) => Mode::Recovery,
            Dialog::Conflict { .. } => Mode::Conflict,
            Dialog::Locked(_) => Mode::Locked,
            Dialog::Import(_) => Mode::Import,
            Dialog::Mapping(_) => Mode::Mapping,
        }
    }
}

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
}

impl Default for ImportDialog {
    fn default() -> Self {
        ImportDialog::new()
    }
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

/// Handles input as if the open dialog were not there, and keeps the dialog open.
pub fn beneath(app: &mut App, handle: impl FnOnce(&mut App) -> Vec<Effect>) -> Vec<Effect> {
    let dialog = app.dialog.take();
    let effects = handle(app);
    app.dialog = app.dialog.take().or(dialog);
    effects
}

/// An action while a dialog is open (`None`: a key the dialog has no binding for).
pub fn update(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    let Some(dialog) = &mut app.dialog else {
        return Vec::new();
    };
    if action == Some(Action::Quit) {
        // Quitting from any box saves as ever (from the changed-on-disk box, what is unsaved
        // goes to a recovery file beside the draft, which is left as it is).
        let locked = matches!(dialog, Dialog::Locked(_));
        app.dialog = None;
        if locked {
            app.quitting = true;
            return vec![Effect::Quit];
        }
        return on_action(app, Action::Quit);
    }
    if let Dialog::Mapping(_) = dialog {
        return mapping::update(app, action);
    }
    match dialog {
        Dialog::Recovery(d) => match action {
            Some(Action::TakeRecovery) => {
                let recovery = d.recovery.clone();
                app.dialog = None;
                let App {
                    screen,
                    registry,
                    ambiguous,
                    ..
                } = app;
                if let Screen::Wizard(w) = screen {
                    w.take_recovery(recovery, registry, *ambiguous);
                    return vec![Effect::Save];
                }
            }
            Some(Action::KeepDraft) => app.dialog = None,
            _ => {}
        },
        Dialog::Conflict { .. } => match action {
            Some(Action::Overwrite) => {
                app.dialog = None;
                return vec![Effect::ForceSave];
            }
            Some(Action::Close) => app.dialog = None,
            _ => {}
        },
        Dialog::Locked(holder) => match action {
            Some(Action::ReadOnly) => {
                app.dialog = None;
                if let Screen::Wizard(w) = &mut app.screen {
                    w.set_read_only(true);
                }
            }
            Some(Action::TakeOver) if holder.alive != Some(true) => {
                app.dialog = None;
                return vec![Effect::TakeOver];
            }
            _ => {}
        },
        Dialog::Import(d) => match action {
            Some(Action::Close) => app.dialog = None,
            Some(Action::ToggleNextYear) => d.next_year = !d.next_year,
            Some(Action::ToggleBlankFigures) => d.blank_figures = !d.blank_figures,
            Some(Action::Complete) => {
                return vec![Effect::CompletePath(d.path.text().to_string())];
            }
            Some(Action::Enter) => {
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
            Some(other) if edit_line(&mut d.path, other) => {
                d.error = None;
                d.candidates.clear();
            }
            _ => {}
        },
        // Handled above, with the registry at hand.
        Dialog::Mapping(_) => {}
        Dialog::Help { scroll } => match action {
            Some(Action::Up) => *scroll = scroll.saturating_sub(1),
            Some(Action::Down) => *scroll += 1,
            Some(Action::PageUp) => *scroll = scroll.saturating_sub(10),
            Some(Action::PageDown) => *scroll += 10,
            // Any other key closes it.
            _ => app.dialog = None,
        },
        Dialog::Export(d) => {
            let changed = match action {
                Some(Action::Close) => {
                    app.dialog = None;
                    return Vec::new();
                }
                Some(Action::Enter) => {
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
                Some(step @ (Action::PrevFormat | Action::NextFormat)) => {
                    d.change_format(step == Action::NextFormat);
                    true
                }
                Some(other) => edit_line(&mut d.path, other),
                None => false,
            };
            if changed {
                d.confirm_overwrite = false;
                d.error = None;
            }
        }
    }
    Vec::new()
}

impl ExportDialog {
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
}

/// A choice a dialog offers: its keys, from the dialog's keymap, and what it does.
fn choice(mode: Mode, action: Action, what: &str) -> String {
    format!("{}：{what}", keys_for(mode, action).join(" 或 "))
}

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
        Dialog::Mapping(d) => {
            mapping::draw(frame, area, app, d, theme);
            None
        }
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
                    choice(
                        Mode::Recovery,
                        Action::TakeRecovery,
                        Action::TakeRecovery.description(),
                    ),
                    choice(
                        Mode::Recovery,
                        Action::KeepDraft,
                        Action::KeepDraft.description(),
                    ),
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
                    choice(
                        Mode::Conflict,
                        Action::Overwrite,
                        "用这里的内容覆盖磁盘上的草稿",
                    ),
                    choice(
                        Mode::Conflict,
                        Action::Close,
                        &format!(
                            "先不覆盖（自动保存暂停，之后按 {} 会再问）",
                            keys_for(Mode::Editor, Action::Save).join(" 或 ")
                        ),
                    ),
                    choice(
                        Mode::Conflict,
                        Action::Quit,
                        "退出，磁盘上的草稿不动（没存的字另存为恢复文件）",
                    ),
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
                choice(
                    Mode::Locked,
                    Action::ReadOnly,
                    Action::ReadOnly.description(),
                ),
            ];
            if holder.alive != Some(true) {
                lines.push(choice(
                    Mode::Locked,
                    Action::TakeOver,
                    Action::TakeOver.description(),
                ));
            }
            lines.push(choice(Mode::Locked, Action::Quit, "退出"));
            message(frame, area, "草稿已在别处打开", &lines, theme);
            None
        }
    }
}

/// Cells of a message box, borders included.
const MESSAGE_CELLS: u16 = 76;

/// A dialog of lines of text, each wrapped by the shared layout.
fn message(frame: &mut Frame, area: Rect, title: &str, lines: &[String], theme: &Theme) {
    let width = MESSAGE_CELLS.min(area.width).saturating_sub(2) as usize;
    let mut text: Vec<Line> = Vec::new();
    for line in lines {
        let rows = wrap(line, width, theme.ambiguous());
        if rows.is_empty() {
            text.push(Line::raw(""));
        }
        text.extend(
            rows.iter()
                .map(|r| Line::raw(line[r.start..r.end].to_string())),
        );
    }
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
    for action in help_actions() {
        let keys = help_keys(action).join(" / ");
        lines.push(Line::from(vec![
            Span::styled(pad(&keys, 22), theme.key()),
            Span::raw(action.description()),
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
    lines.push(Line::styled(
        format!(
            "按 {}{} 滚动，任意其他键关闭。",
            first_key(Mode::Help, Action::Up),
            first_key(Mode::Help, Action::Down)
        ),
        theme.dim(),
    ));
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
    format_line.push(Span::styled(
        format!(
            "（{}{} 切换）",
            first_key(Mode::Export, Action::PrevFormat),
            first_key(Mode::Export, Action::NextFormat)
        ),
        theme.dim(),
    ));
    let (enter, esc) = (
        first_key(Mode::Export, Action::Enter),
        first_key(Mode::Export, Action::Close),
    );
    let label = "文件：";
    let room = inner.width.saturating_sub(7) as usize;
    let (shown, col) = d.path.window(room, app.ambiguous);
    let message = match (&d.error, d.confirm_overwrite) {
        (Some(error), _) => Line::styled(error.clone(), theme.error()),
        (None, true) => Line::styled(
            format!("文件已存在。再按 {enter} 覆盖它，{esc} 取消。"),
            theme.warn(),
        ),
        (None, false) => Line::styled(
            format!("{enter} 导出，{esc} 取消。相对路径从启动 shuzhi 的文件夹算起。"),
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
    const CELLS: u16 = 72;
    let inner_width = CELLS.min(area.width).saturating_sub(2) as usize;
    let listed = candidate_rows(d, inner_width, app.ambiguous);
    let height = 11 + listed.len() as u16;
    let inner = centred(frame, area, CELLS, height, "从已有报告导入", theme);
    if inner.height < 5 {
        return None;
    }
    let check = |on: bool| if on { "[x]" } else { "[ ]" };
    let room = inner.width.saturating_sub(7) as usize;
    let (shown, col) = d.path.window(room, app.ambiguous);
    let message = match &d.error {
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
    let mut lines = vec![
        Line::raw("去年的报告（.txt、.md 或 .docx）的路径："),
        Line::from(vec![
            Span::raw("文件："),
            Span::styled(shown.to_string(), theme.chosen()),
        ]),
        Line::styled(
            format!(
                "      {} 补全路径，~ 表示主文件夹",
                first_key(Mode::Import, Action::Complete)
            ),
            theme.dim(),
        ),
    ];
    lines.extend(listed.into_iter().map(|row| Line::styled(row, theme.dim())));
    lines.extend([
        Line::raw(""),
        Line::raw(format!(
            "{} 年度加一，作为今年的草稿（{} 切换）",
            check(d.next_year),
            first_key(Mode::Import, Action::ToggleNextYear)
        )),
        Line::raw(format!(
            "{} 把数字换成 *，今年重新填写（{} 切换）",
            check(d.blank_figures),
            first_key(Mode::Import, Action::ToggleBlankFigures)
        )),
        Line::raw(""),
        message,
    ]);
    put_text(frame, lines, inner, theme);
    Some(Position::new(inner.x + 6 + col as u16, inner.y + 1))
}

/// The names Tab found, packed into rows of `width` cells (a name never split unless it is
/// longer than a row), after a row that says how many fit.
fn candidate_rows(d: &ImportDialog, width: usize, ambiguous: Ambiguous) -> Vec<String> {
    if d.candidates.is_empty() {
        return Vec::new();
    }
    let mut rows = vec![if d.fitting > d.candidates.len() {
        format!(
            "有 {} 个相符，列出前 {} 个；再多打几个字可缩小范围：",
            d.fitting,
            d.candidates.len()
        )
    } else {
        format!("有 {} 个相符：", d.fitting)
    }];
    let mut row = String::new();
    for name in &d.candidates {
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
