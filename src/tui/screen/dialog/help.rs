//! The help box: the keys of the screen it was opened over first, then every other key of a
//! draft's screens, then how 字数 and the autosave go; scrolled with the arrows, any other key
//! closes it. Keys and what they do stand in two columns, each wrapped in its own.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Reply, centred, pair};
use crate::text::layout::wrap;
use crate::text::width::str_width;
use crate::tui::AUTOSAVE_RULE;
use crate::tui::keymap::{Action, Mode, help_actions, help_keys, keys_for};
use crate::tui::view::{Theme, put_text};

/// Cells of the box, borders included, on a screen wide enough; a narrower one it fills, so
/// that nothing beneath shows at its edges.
const HELP_CELLS: u16 = 100;
/// The most of the box's width the key column takes.
const KEY_COLUMN_MAX: usize = 24;

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

/// What the help calls the screen it was opened over.
fn screen_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Start => "开始页",
        Mode::Form => "基本信息",
        Mode::Editor => "正文",
        Mode::Heading => "标题",
        Mode::Phrases => "素材栏",
        Mode::Preview => "预览",
        Mode::Review => "检查导出",
        _ => "本页",
    }
}

/// Whether the action moves the caret or deletes a character: what every writer knows, listed
/// after a screen's own keys.
fn is_basic(action: Action) -> bool {
    matches!(
        action,
        Action::Left
            | Action::Right
            | Action::Up
            | Action::Down
            | Action::Home
            | Action::End
            | Action::PageUp
            | Action::PageDown
            | Action::WordLeft
            | Action::WordRight
            | Action::SelectLeft
            | Action::SelectRight
            | Action::SelectUp
            | Action::SelectDown
            | Action::SelectHome
            | Action::SelectEnd
            | Action::Backspace
            | Action::Delete
            | Action::DeleteToStart
    )
}

/// The actions of `mode`'s keymap, each once: its own first, moving and deleting last.
fn screen_actions(mode: Mode) -> Vec<Action> {
    let mut actions: Vec<Action> = Vec::new();
    for b in mode.bindings() {
        if !matches!(b.action, Action::Type(_)) && !actions.contains(&b.action) {
            actions.push(b.action);
        }
    }
    let (basic, own): (Vec<Action>, Vec<Action>) = actions.into_iter().partition(|a| is_basic(*a));
    [own, basic].concat()
}

/// One key and what it does, in two columns each wrapped in its own.
fn entry(
    keys: &str,
    what: &str,
    key_cells: usize,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let amb = theme.ambiguous();
    let key_rows: Vec<&str> = wrap(keys, key_cells.saturating_sub(1), amb)
        .iter()
        .map(|r| keys[r.start..r.end].trim_end())
        .collect();
    let what_rows: Vec<&str> = wrap(what, width.saturating_sub(key_cells), amb)
        .iter()
        .map(|r| &what[r.start..r.end])
        .collect();
    (0..key_rows.len().max(what_rows.len()))
        .map(|i| {
            let key = key_rows.get(i).copied().unwrap_or("");
            let gap = " ".repeat(key_cells.saturating_sub(str_width(key, amb)));
            Line::from(vec![
                Span::styled(format!("{key}{gap}"), theme.key()),
                Span::raw(what_rows.get(i).copied().unwrap_or("").to_string()),
            ])
        })
        .collect()
}

/// Lines of text wrapped to `width`, in `style`.
fn note(
    text: &str,
    width: usize,
    style: ratatui::style::Style,
    theme: &Theme,
) -> Vec<Line<'static>> {
    wrap(text, width, theme.ambiguous())
        .iter()
        .map(|r| Line::styled(text[r.start..r.end].to_string(), style))
        .collect()
}

pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    scroll: usize,
    under: Mode,
    assistant: bool,
    theme: &Theme,
) {
    let width = if area.width <= HELP_CELLS + 4 {
        area.width
    } else {
        HELP_CELLS
    };
    let title = format!(
        "帮助（{} 滚动，任意其他键关闭）",
        pair(Mode::Help, Action::Up, Action::Down)
    );
    let inner = centred(
        frame,
        area,
        width,
        area.height.saturating_sub(2),
        &title,
        theme,
    );
    let amb = theme.ambiguous();
    let text_cells = inner.width as usize;
    // The assistant's keys do nothing but say it is not configured until it is.
    let shown = |a: &Action| assistant || *a != Action::Assist;
    let own: Vec<Action> = screen_actions(under).into_iter().filter(shown).collect();
    let others: Vec<Action> = help_actions()
        .into_iter()
        .filter(|a| !own.contains(a) && shown(a))
        .collect();
    let own: Vec<(String, Action)> = own
        .into_iter()
        .map(|a| (keys_for(under, a).join(" / "), a))
        .collect();
    let others: Vec<(String, Action)> = others
        .into_iter()
        .map(|a| (help_keys(a).join(" / "), a))
        .collect();
    let widest = own
        .iter()
        .chain(&others)
        .map(|(k, _)| str_width(k, amb))
        .max()
        .unwrap_or(0);
    let key_cells = (widest + 2).min(KEY_COLUMN_MAX).min(text_cells / 3);
    let mut lines = Vec::new();
    let sections = [
        (format!("{}的按键", screen_name(under)), own),
        ("其他页面的按键".to_string(), others),
    ];
    for (heading, entries) in sections {
        if entries.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(heading, theme.title()));
        for (keys, action) in entries {
            lines.extend(entry(
                &keys,
                action.description(),
                key_cells,
                text_cells,
                theme,
            ));
        }
    }
    lines.push(Line::raw(""));
    for text in [
        "字数按 Word/WPS“字数统计”的算法；弯引号、省略号等可能与 Word 差几个字。".to_string(),
        format!("草稿{AUTOSAVE_RULE}；断线或被关闭后，下次打开会找回来。"),
    ] {
        lines.extend(note(&text, text_cells, theme.dim(), theme));
    }
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).collect();
    put_text(frame, shown, inner, theme);
}
