//! 检查与导出: what is left to do, 字数 per part, and the whole report.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};

use super::widgets::{hint_bar, pane, status_line, step_bar};
use super::{Theme, preview, put, put_text};
use crate::report::ProblemKind;
use crate::text::layout::wrap;
use crate::text::width::pad;
use crate::tui::app::{App, WIDE_WIDTH, Wizard};
use crate::tui::areas;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    w: &Wizard,
    theme: &Theme,
) -> Option<Position> {
    let (steps, body, status, hints) = areas::frame(area);
    step_bar(frame, steps, w, theme);
    let (left, right) = if area.width >= WIDE_WIDTH {
        let [l, r] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Min(0)]).areas(body);
        (l, r)
    } else {
        let [l, r] = Layout::vertical([Constraint::Percentage(55), Constraint::Min(0)]).areas(body);
        (l, r)
    };

    let title = if w.problems.is_empty() {
        "检查：没有发现问题".to_string()
    } else {
        format!("检查：{} 个问题（Enter 跳到该处）", w.problems.len())
    };
    put(frame, pane(&title, true, theme), left, theme);
    let inner = Rect {
        y: left.y + 1,
        height: left.height.saturating_sub(1),
        ..left
    };
    let mut lines = Vec::new();
    for (i, problem) in w.problems.iter().enumerate() {
        let chosen = i == w.problem;
        let place = match problem.part.and_then(|p| w.template.parts.get(p)) {
            Some(part) => match problem.paragraph {
                Some(n) => format!("{} 第{n}段", part.step),
                None => part.step.clone(),
            },
            None => "基本信息".to_string(),
        };
        let what = match &problem.kind {
            ProblemKind::Slot(s) => format!("待填 {s}"),
            ProblemKind::Stars(s) => format!("待填数字 {s}"),
            ProblemKind::EmptyPart => "还没有内容".to_string(),
            ProblemKind::RequiredField(label) => format!("「{label}」未填"),
            ProblemKind::TooLong { words, limit } => format!("全文 {words} 字，超过上限 {limit}"),
            ProblemKind::Finding(f) => match &f.fix {
                Some(_) => format!("{}（Ctrl-F 修正）", f.message),
                None => f.message.clone(),
            },
        };
        let style = if chosen {
            theme.chosen()
        } else {
            Default::default()
        };
        let mark = if chosen { "▸ " } else { "  " };
        lines.push(Line::from(vec![
            Span::raw(mark),
            Span::styled(format!("{place}：{what}"), style),
        ]));
        if chosen && !problem.context.is_empty() {
            lines.push(Line::styled(
                format!("    {}", problem.context),
                theme.dim(),
            ));
        }
    }
    // 字数: a table on a wide screen, a few wrapped lines on a narrow one.
    let counts = w.counts.as_slice();
    let total = w.total.words;
    let limit = w
        .template
        .max_chars
        .map(|m| format!(" / {m}"))
        .unwrap_or_default();
    let table: Vec<Line> = if area.width >= WIDE_WIDTH {
        let mut table = vec![Line::styled("字数", theme.title())];
        for (part, count) in w.template.parts.iter().zip(counts) {
            table.push(Line::raw(format!(
                "  {}{:>5}",
                pad(&part.step, 12),
                count.words
            )));
        }
        table.push(Line::raw(format!("  {}{total:>5}{limit}", pad("合计", 12))));
        table
    } else {
        let mut items: Vec<String> = w
            .template
            .parts
            .iter()
            .zip(counts)
            .map(|(part, count)| format!("{} {}", part.step, count.words))
            .collect();
        items.push(format!("合计 {total}{limit}"));
        let text = format!("字数：{}", items.join("｜"));
        wrap(&text, inner.width as usize, app.ambiguous)
            .iter()
            .map(|r| Line::raw(text[r.start..r.end].to_string()))
            .collect()
    };
    let table_rows = (table.len() as u16).min(inner.height);
    let problem_rows = inner.height.saturating_sub(table_rows + 1) as usize;
    let chosen_row = lines
        .iter()
        .position(|l| l.spans.first().is_some_and(|s| s.content == "▸ "))
        .unwrap_or(0);
    let first = chosen_row.saturating_sub(problem_rows.saturating_sub(2));
    let shown: Vec<Line> = lines.into_iter().skip(first).take(problem_rows).collect();
    put_text(frame, shown, inner, theme);
    let table_area = Rect {
        y: inner.bottom().saturating_sub(table_rows),
        height: table_rows,
        ..inner
    };
    put_text(frame, table, table_area, theme);
    put(
        frame,
        pane("全文预览（PgUp/PgDn 滚动）", false, theme),
        right,
        theme,
    );
    let inner = Rect {
        y: right.y + 1,
        height: right.height.saturating_sub(1),
        ..right
    };
    let window = preview::Window {
        width: inner.width.saturating_sub(1) as usize,
        height: inner.height as usize,
        anchor: None,
        offset: w.preview_offset.max(0),
    };
    let lines = preview::lines(&w.report, window, theme, &w.layouts);
    put_text(frame, lines, inner, theme);

    status_line(frame, status, app, w, theme);
    hint_bar(
        frame,
        hints,
        &[
            ("⇡⇣", "选问题"),
            ("Enter", "跳转"),
            ("Ctrl-F", "修正标点"),
            ("Ctrl-E", "导出"),
            ("Ctrl-P", "上一步"),
            ("Ctrl-Q", "保存退出"),
        ],
        theme,
    );
    None
}
