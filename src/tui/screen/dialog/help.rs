//! The help box: every key of every mode, scrolled with the arrows; any other key closes it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Reply, centred, pair};
use crate::text::width::pad;
use crate::tui::keymap::{Action, Mode, help_actions, help_keys};
use crate::tui::view::{Theme, put_text};

pub(super) fn update(scroll: &mut usize, action: Option<Action>) -> Reply {
    match action {
        Some(Action::Up) => *scroll = scroll.saturating_sub(1),
        Some(Action::Down) => *scroll += 1,
        Some(Action::PageUp) => *scroll = scroll.saturating_sub(10),
        Some(Action::PageDown) => *scroll += 10,
        // Any other key closes it.
        _ => return Reply::close(),
    }
    Reply::stay()
}

pub(super) fn draw(frame: &mut Frame, area: Rect, scroll: usize, theme: &Theme) {
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
            "按 {} 滚动，任意其他键关闭。",
            pair(Mode::Help, Action::Up, Action::Down)
        ),
        theme.dim(),
    ));
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).collect();
    put_text(frame, shown, inner, theme);
}
