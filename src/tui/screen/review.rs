//! 检查与导出: what is left to do, 字数 per part, and the whole report — the review's state
//! (the problems found and the one chosen), its `update` and its view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};

use crate::document::{Document, Edit};
use crate::report::{Problem, ProblemKind};
use crate::text::layout::wrap;
use crate::text::width::pad;
use crate::tui::app::{App, WIDE_WIDTH};
use crate::tui::areas;
use crate::tui::keymap::{Action, Hint, Mode, first_key};
use crate::tui::view::widgets::{hint_bar, pane, status_line, step_bar};
use crate::tui::view::{Theme, preview, put, put_text};
use crate::tui::wizard::{Ctx, Go, Wizard};

pub(crate) const HINTS: &[Hint] = &[
    Hint::new(&[Action::Up, Action::Down], "选问题"),
    Hint::new(&[Action::Enter], "跳转"),
    Hint::new(&[Action::Fix], "按建议修正"),
    Hint::new(&[Action::Export], "导出"),
    Hint::new(&[Action::Send], "发到电脑"),
    Hint::new(&[Action::PrevStep], "上一步"),
    Hint::new(&[Action::Quit], "保存退出"),
];

/// The review on screen.
#[derive(Clone, Debug)]
pub struct Review {
    /// What `check` found when the review was entered or last changed.
    pub problems: Vec<Problem>,
    /// The chosen problem.
    pub selected: usize,
    /// Rows the preview is scrolled.
    pub preview_offset: isize,
}

impl Review {
    pub fn new(doc: &Document) -> Review {
        Review {
            problems: doc.problems(),
            selected: 0,
            preview_offset: 0,
        }
    }

    pub fn update(&mut self, cx: &mut Ctx, action: Action) -> Option<Go> {
        let count = self.problems.len();
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(count.saturating_sub(1)),
            Action::PageUp => self.preview_offset -= 10,
            Action::PageDown => self.preview_offset += 10,
            Action::Enter => return self.problems.get(self.selected).cloned().map(Go::Problem),
            Action::Fix => {
                if let Some(problem) = self.problems.get(self.selected).cloned()
                    && cx.edit(Edit::Fix(problem), 0)
                {
                    self.problems = cx.doc.problems();
                    self.selected = self.selected.min(self.problems.len().saturating_sub(1));
                }
            }
            _ => {}
        }
        None
    }
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    w: &Wizard,
    r: &Review,
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

    let title = if r.problems.is_empty() {
        "检查：没有发现问题".to_string()
    } else {
        format!(
            "检查：{} 个问题（{} 跳到该处）",
            r.problems.len(),
            first_key(Mode::Review, Action::Enter)
        )
    };
    put(frame, pane(&title, true, theme), left, theme);
    let inner = Rect {
        y: left.y + 1,
        height: left.height.saturating_sub(1),
        ..left
    };
    let mut lines = Vec::new();
    // The chosen problem's row, counted as the rows are made.
    let mut chosen_row = None;
    for (i, problem) in r.problems.iter().enumerate() {
        let chosen = i == r.selected;
        let place = match problem.part.and_then(|p| w.template().parts.get(p)) {
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
                Some(_) => format!(
                    "{}（{} 修正）",
                    f.message,
                    first_key(Mode::Review, Action::Fix)
                ),
                None => f.message.clone(),
            },
        };
        let style = if chosen {
            theme.chosen()
        } else {
            Default::default()
        };
        let mark = if chosen { "▸ " } else { "  " };
        if chosen {
            chosen_row = Some(lines.len());
        }
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
    let counts = w.document().counts();
    let total = w.document().total().words;
    let limit = w
        .template()
        .max_chars
        .map(|m| format!(" / {m}"))
        .unwrap_or_default();
    let table: Vec<Line> = if area.width >= WIDE_WIDTH {
        let mut table = vec![Line::styled("字数", theme.title())];
        for (part, count) in w.template().parts.iter().zip(counts) {
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
            .template()
            .parts
            .iter()
            .zip(counts)
            .map(|(part, count)| format!("{} {}", part.step, count.words))
            .collect();
        items.push(format!("合计 {total}{limit}"));
        let text = format!("字数：{}", items.join("｜"));
        wrap(&text, inner.width as usize, theme.ambiguous())
            .iter()
            .map(|r| Line::raw(text[r.start..r.end].to_string()))
            .collect()
    };
    let table_rows = (table.len() as u16).min(inner.height);
    let problem_rows = inner.height.saturating_sub(table_rows + 1) as usize;
    let chosen_row = chosen_row.unwrap_or(0);
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
        offset: r.preview_offset.max(0),
    };
    let lines = preview::lines(w.document().report(), window, theme, &w.layouts);
    put_text(frame, lines, inner, theme);

    status_line(frame, status, app, w, theme);
    hint_bar(frame, hints, Mode::Review, HINTS, theme);
    None
}
