//! The pieces every wizard screen shares: step bar, status line, hint bar, pane boxes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::{Theme, clear, put, put_text};
use crate::text::layout::wrap;
use crate::text::width::{Ambiguous, ELLIPSIS, fit, str_width};
use crate::tui::app::App;
use crate::tui::keymap::{Action, Hint, Mode};
use crate::tui::wizard::Wizard;

/// Marks a step that is done.
const DONE: &str = "✓";
const SEPARATOR: &str = " | ";
/// Marks steps left out of a step bar too narrow for all of them (same width in every terminal).
const MORE: &str = "⋯";

/// Every step, the current one marked, ✓ on the ones done. When they do not all fit, the
/// current step stays in view with `…` where steps are left out.
pub fn step_bar(frame: &mut Frame, area: Rect, w: &Wizard, theme: &Theme) {
    let steps = w.steps();
    let step = w.step();
    let current = steps.iter().position(|s| *s == step).unwrap_or(0);
    let labels: Vec<(String, bool)> = steps
        .iter()
        .map(|&s| {
            let mut label = w.step_name(s).to_string();
            if w.step_filled(s) {
                label.push_str(DONE);
            }
            (label, s == step)
        })
        .collect();
    let cells = |range: std::ops::Range<usize>| -> usize {
        labels[range.clone()]
            .iter()
            .map(|(l, _)| str_width(l, theme.ambiguous()) + 2)
            .sum::<usize>()
            + SEPARATOR.len() * range.len().saturating_sub(1)
    };
    let width = area.width as usize;
    let (mut first, mut last) = (current, current + 1);
    loop {
        let grow_right = last < labels.len() && cells(first..last + 1) + 4 <= width;
        if grow_right {
            last += 1;
        }
        let grow_left = first > 0 && cells(first - 1..last) + 4 <= width;
        if grow_left {
            first -= 1;
        }
        if !grow_left && !grow_right {
            break;
        }
    }
    let mut spans = Vec::new();
    if first > 0 {
        spans.push(Span::styled(MORE, theme.dim()));
    }
    for (i, (label, is_current)) in labels[first..last].iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(SEPARATOR, theme.dim()));
        }
        if *is_current {
            spans.push(Span::styled(format!("[{label}]"), theme.chosen()));
        } else if label.ends_with(DONE) {
            spans.push(Span::styled(format!(" {label} "), theme.ok()));
        } else {
            spans.push(Span::raw(format!(" {label} ")));
        }
    }
    if last < labels.len() {
        spans.push(Span::styled(MORE, theme.dim()));
    }
    put_text(frame, Line::from(spans), area, theme);
}

/// 字数 of the part and the report, whether the draft is saved, and any notice.
pub fn status_line(frame: &mut Frame, area: Rect, app: &App, w: &Wizard, theme: &Theme) {
    let mut spans = Vec::new();
    if let Some(warning) = &app.locale_warning {
        spans.push(Span::styled(warning.clone(), theme.error()));
        put_text(frame, Line::from(spans), area, theme);
        return;
    }
    let doc = w.document();
    let total = doc.total().words;
    if let Some(i) = w.part().map(|p| p.index) {
        let part = doc.counts().get(i).map_or(0, |c| c.words);
        spans.push(Span::raw(format!("本部分 {part} 字")));
        if let Some((min, max)) = w.template().parts[i].chars {
            spans.push(Span::styled(format!("（常见 {min}–{max}）"), theme.dim()));
        }
        spans.push(Span::raw("  "));
    }
    let over = w.template().max_chars.is_some_and(|m| total > m);
    let total_text = match w.template().max_chars {
        Some(max) => format!("全文 {total}/{max} 字"),
        None => format!("全文 {total} 字"),
    };
    spans.push(Span::styled(
        total_text,
        if over {
            theme.warn()
        } else {
            Default::default()
        },
    ));
    spans.push(Span::raw("  "));
    if w.read_only() {
        spans.push(Span::styled("只读", theme.warn()));
        spans.push(Span::raw("  "));
    }
    // A failed save says why, unless a notice has the line for now (then only that it failed).
    // A notice longer than the line is in a box of its own (`notice_box`).
    let notice = app.notice.as_ref().filter(|_| app.long_notice().is_none());
    let message = match (notice, &w.save.saved) {
        (Some(notice), _) => Some(Span::styled(notice.clone(), theme.warn())),
        (None, Some(Err(failure))) => Some(Span::styled(failure.to_string(), theme.error())),
        (None, _) => None,
    };
    match (&w.save.saved, w.dirty()) {
        (Some(Err(_)), _) if message.is_none() || app.notice.is_some() => {
            spans.push(Span::styled("保存失败！", theme.error()));
        }
        (Some(Err(_)), _) => {}
        (_, true) => spans.push(Span::styled("未保存", theme.warn())),
        (Some(Ok(time)), false) => spans.push(Span::styled(format!("已保存 {time}"), theme.ok())),
        (None, false) => spans.push(Span::styled("已保存", theme.ok())),
    }
    if let Some(message) = message {
        // A message that does not fit beside the counts takes the whole line: it must be read.
        let ambiguous = theme.ambiguous();
        let used: usize = spans.iter().map(|s| str_width(&s.content, ambiguous)).sum();
        if used + 2 + str_width(&message.content, ambiguous) > area.width as usize {
            spans.clear();
        } else {
            spans.push(Span::raw("  "));
        }
        spans.push(message);
    }
    put_text(frame, Line::from(spans), area, theme);
}

/// A notice too long for the status line, wrapped in a box just above it, the full width of
/// the screen: an export's whole path, an error with its file. It goes with the next key.
pub fn notice_box(frame: &mut Frame, area: Rect, notice: &str, theme: &Theme) {
    let width = area.width.saturating_sub(2);
    let rows = wrap(notice, width as usize, theme.ambiguous());
    // The box ends above the status line and the hint bar.
    let bottom = area.bottom().saturating_sub(2);
    let height = (rows.len() as u16 + 2).min(bottom.saturating_sub(area.y));
    let rect = Rect::new(area.x, bottom - height, area.width, height);
    clear(frame, rect, theme);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .border_style(theme.warn())
        .title(Span::styled(" 提示（按任意键关闭） ", theme.warn()));
    let inner = block.inner(rect);
    put(frame, block, rect, theme);
    let lines: Vec<Line> = rows
        .iter()
        .map(|r| Line::styled(notice[r.start..r.end].to_string(), theme.warn()))
        .collect();
    put_text(frame, lines, inner, theme);
}

/// Key hints of `mode`, each naming its keys from the mode's keymap: as many as fit, the help
/// key always last.
pub fn hint_bar(frame: &mut Frame, area: Rect, mode: Mode, hints: &[Hint], theme: &Theme) {
    let help = Hint::new(&[Action::Help], "帮助");
    let help = (help.keys(mode), help.label);
    let width = area.width as usize;
    let amb = theme.ambiguous();
    let cost = |(k, d): &(String, &str)| str_width(k, amb) + str_width(d, amb) + 3;
    let mut used = cost(&help);
    let mut spans = Vec::new();
    for hint in hints {
        let hint = (hint.keys(mode), hint.label);
        if used + cost(&hint) > width {
            break;
        }
        used += cost(&hint);
        push_hint(&mut spans, &hint, theme);
    }
    push_hint(&mut spans, &help, theme);
    put_text(frame, Line::from(spans), area, theme);
}

/// One hint as the hint bars show it: its keys in the key colour, then what they do.
pub fn push_hint(spans: &mut Vec<Span<'static>>, (key, what): &(String, &str), theme: &Theme) {
    spans.push(Span::styled(key.clone(), theme.key()));
    spans.push(Span::raw(format!(" {what}  ")));
}

/// `line` as it fits in `cells` cells: whole, or cut where the room ends and ended with "…" in
/// the style of the span that was cut.
pub fn fit_line<'a>(line: Line<'a>, cells: usize, ambiguous: Ambiguous) -> Line<'a> {
    if line
        .spans
        .iter()
        .map(|s| str_width(&s.content, ambiguous))
        .sum::<usize>()
        <= cells
    {
        return line;
    }
    let mut spans = Vec::new();
    let mut left = cells;
    for span in line.spans {
        let width = str_width(&span.content, ambiguous);
        let ellipsis = str_width(ELLIPSIS, ambiguous);
        if width + ellipsis <= left {
            left -= width;
            spans.push(span);
            continue;
        }
        let cut = fit(&span.content, left, ambiguous).into_owned();
        spans.push(Span::styled(cut, span.style));
        break;
    }
    Line::from(spans).style(line.style)
}

/// A pane with a title row on top, styled by whether it has the focus.
pub fn pane<'a>(title: &'a str, focused: bool, theme: &Theme) -> Block<'a> {
    let style = if focused {
        theme.focused()
    } else {
        theme.unfocused()
    };
    Block::new()
        .borders(Borders::TOP)
        .border_set(theme.border())
        .border_style(style)
        .title(Span::styled(title, style))
}
