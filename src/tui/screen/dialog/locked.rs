//! Another window has the draft open: open it read-only, or take it over when that window is
//! known to have ended (or cannot be checked), or quit.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Reply, choice, message};
use crate::draft::lock::Holder;
use crate::tui::app::{App, Effect, Screen};
use crate::tui::keymap::{Action, Mode};
use crate::tui::view::Theme;

pub(super) fn update(app: &mut App, holder: &Holder, action: Option<Action>) -> Reply {
    match action {
        Some(Action::ReadOnly) => {
            if let Screen::Wizard(w) = &mut app.screen {
                w.set_read_only(true);
            }
            Reply::close()
        }
        Some(Action::TakeOver) if holder.alive != Some(true) => {
            Reply::Close(vec![Effect::TakeOver])
        }
        _ => Reply::stay(),
    }
}

pub(super) fn draw(frame: &mut Frame, area: Rect, holder: &Holder, theme: &Theme) {
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
}
