//! 检查与导出: what is left to do and what the proofreader found, grouped by kind as
//! `shuzhi check` lists them, the 字数 of each part (偏短/偏长 as `check` says), and the whole
//! report — the review's state, its `update` and its view.
//!
//! The writer fixes the chosen finding (Ctrl-F), every safe finding of its kind at once
//! (Ctrl-R), marks it 忽略 (Ctrl-K, remembered in the draft's `[state]`), shows or hides what
//! was ignored (Ctrl-T), and takes a fix back (Ctrl-Z, Ctrl-Y). Every change goes through the
//! document's edit path; an undo step is the draft's text before one key's fixes.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};

use crate::document::{Document, Edit};
use crate::draft::Draft;
use crate::proof::Kind;
use crate::report::{Length, Problem, ProblemKind, group_label, groups};
use crate::template::Template;
use crate::text::layout::wrap;
use crate::text::width::{Ambiguous, fit, pad, str_width};
use crate::tui::app::{App, WIDE_WIDTH};
use crate::tui::areas;
use crate::tui::keymap::{Action, Hint, Mode, first_key};
use crate::tui::view::widgets::{hint_bar, pane, status_line, step_bar};
use crate::tui::view::{Theme, preview, put, put_text};
use crate::tui::wizard::{Ctx, Go, Wizard};

pub(crate) const HINTS: &[Hint] = &[
    // Enter is named in the list's title.
    Hint::new(&[Action::Up, Action::Down], "选"),
    Hint::new(&[Action::Fix], "修正"),
    Hint::new(&[Action::FixAll], "整类修正"),
    Hint::new(&[Action::Ignore], "忽略"),
    Hint::new(&[Action::Export], "导出"),
    Hint::new(&[Action::Send], "发到电脑"),
    Hint::new(&[Action::ShowIgnored], "显示忽略"),
    Hint::new(&[Action::Undo], "撤销"),
    Hint::new(&[Action::PrevStep], "上一步"),
    Hint::new(&[Action::Quit], "保存退出"),
];

/// Undo steps the review keeps (each a copy of the draft's text, a few dozen KB at most).
const UNDO_DEPTH: usize = 100;

/// The review on screen.
#[derive(Clone, Debug, Default)]
pub struct Review {
    /// What `check` found when the review was entered or last changed, grouped by kind in the
    /// order `shuzhi check` lists them; those marked 忽略 only while they are shown.
    pub problems: Vec<Problem>,
    /// Whether each of `problems` is marked 忽略.
    pub ignored: Vec<bool>,
    /// How many findings are marked 忽略, shown or not.
    pub ignored_count: usize,
    /// Whether the findings marked 忽略 are listed.
    pub show_ignored: bool,
    /// The chosen problem.
    pub selected: usize,
    /// Rows the preview is scrolled.
    pub preview_offset: isize,
    /// The draft before each key's fixes, newest last; and what an undo took back.
    undo: Vec<Draft>,
    redo: Vec<Draft>,
}

/// Where a problem's group comes in the list.
fn group_rank(problem: &Problem) -> usize {
    let group = problem.finding_kind();
    groups().position(|g| g == group).unwrap_or(usize::MAX)
}

impl Review {
    pub fn new(doc: &Document) -> Review {
        let mut review = Review::default();
        review.refresh(doc);
        review
    }

    /// Checks the document again; the chosen problem stays chosen while it is listed, else
    /// the one now in its place is.
    fn refresh(&mut self, doc: &Document) {
        let chosen = self.problems.get(self.selected).cloned();
        let draft = doc.draft();
        let template = doc.template();
        let mut all: Vec<(Problem, bool)> = doc
            .all_problems()
            .into_iter()
            .map(|p| {
                let ignored = p.is_ignored(draft, template);
                (p, ignored)
            })
            .collect();
        self.ignored_count = all.iter().filter(|(_, i)| *i).count();
        if !self.show_ignored {
            all.retain(|(_, ignored)| !ignored);
        }
        all.sort_by_key(|(p, _)| group_rank(p));
        (self.problems, self.ignored) = all.into_iter().unzip();
        self.selected = chosen
            .and_then(|c| self.problems.iter().position(|p| *p == c))
            .unwrap_or(self.selected)
            .min(self.problems.len().saturating_sub(1));
    }

    /// The safe fixes listed in `kind`'s group (not those marked 忽略).
    fn safe_in(&self, kind: Kind) -> usize {
        self.problems
            .iter()
            .zip(&self.ignored)
            .filter(|(p, ignored)| {
                !**ignored
                    && matches!(&p.kind, ProblemKind::Finding(f) if f.kind == kind && f.is_safe())
            })
            .count()
    }

    /// Makes a fix through the document; the draft before it becomes an undo step.
    fn fix(&mut self, cx: &mut Ctx, edit: Edit) -> bool {
        let before = cx.doc.draft().clone();
        if !cx.edit(edit, 0) {
            return false;
        }
        self.undo.push(before);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.refresh(cx.doc);
        true
    }

    /// Puts back the draft an undo or redo step holds, keeping what the writer marked 忽略
    /// since (that is not a fix); the draft now goes on the other stack.
    fn restore(&mut self, cx: &mut Ctx, back: bool) -> Option<Go> {
        let (from, to) = if back {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        let Some(mut draft) = from.pop() else {
            return Some(Go::Say(
                if back {
                    "没有可以撤销的修正"
                } else {
                    "没有可以重做的修正"
                }
                .to_string(),
            ));
        };
        let now = cx.doc.draft().clone();
        draft.state = now.state.clone();
        to.push(now);
        cx.edit(Edit::Replace(draft), 0);
        self.refresh(cx.doc);
        Some(Go::Say(
            if back {
                "已撤销修正"
            } else {
                "已重做修正"
            }
            .to_string(),
        ))
    }

    pub fn update(&mut self, cx: &mut Ctx, action: Action) -> Option<Go> {
        let count = self.problems.len();
        let chosen = self.problems.get(self.selected).cloned();
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(count.saturating_sub(1)),
            Action::PageUp => self.preview_offset -= 10,
            Action::PageDown => self.preview_offset += 10,
            Action::Enter => return chosen.map(Go::Problem),
            Action::Fix => {
                let problem = chosen?;
                let fixable = matches!(&problem.kind, ProblemKind::Finding(f) if f.fix.is_some());
                if !fixable {
                    return Some(Go::Say(format!(
                        "这一条没有现成的改法，请按 {} 到原处修改",
                        first_key(Mode::Review, Action::Enter)
                    )));
                }
                if !self.fix(cx, Edit::Fix(problem)) {
                    return Some(Go::Say("原文已改动，这条建议不再适用".to_string()));
                }
            }
            Action::FixAll => {
                let Some(kind) = chosen?.finding_kind() else {
                    return Some(Go::Say("待完成的各项要自己填写，不能自动修正".to_string()));
                };
                let before = self.safe_in(kind);
                if before == 0 || !self.fix(cx, Edit::FixAll(Some(kind))) {
                    return Some(Go::Say(format!(
                        "「{}」中没有可以放心自动修正的（必错）问题；疑似的请逐条看过后按 {} 修正",
                        kind.label(),
                        first_key(Mode::Review, Action::Fix)
                    )));
                }
                let fixed = before.saturating_sub(self.safe_in(kind));
                return Some(Go::Say(format!(
                    "已修正「{}」{fixed} 处（{} 撤销）",
                    kind.label(),
                    first_key(Mode::Review, Action::Undo)
                )));
            }
            Action::Ignore => {
                let problem = chosen?;
                let was = self.ignored.get(self.selected).copied().unwrap_or(false);
                if problem.finding_kind().is_none() {
                    return Some(Go::Say("待完成的各项不能忽略".to_string()));
                }
                cx.edit(Edit::Ignore(problem, !was), 0);
                self.refresh(cx.doc);
                return Some(Go::Say(if was {
                    "已取消忽略".to_string()
                } else {
                    format!(
                        "已忽略，以后检查不再列出（{} 显示已忽略的，再按 {} 取消）",
                        first_key(Mode::Review, Action::ShowIgnored),
                        first_key(Mode::Review, Action::Ignore)
                    )
                }));
            }
            Action::ShowIgnored => {
                self.show_ignored = !self.show_ignored;
                self.refresh(cx.doc);
                return Some(Go::Say(
                    match (self.show_ignored, self.ignored_count) {
                        (_, 0) => "没有已忽略的问题",
                        (true, _) => "已显示忽略的问题",
                        (false, _) => "已隐藏忽略的问题",
                    }
                    .to_string(),
                ));
            }
            Action::Undo => return self.restore(cx, true),
            Action::Redo => return self.restore(cx, false),
            _ => {}
        }
        None
    }
}

/// Where a problem is, in the writer's terms: the part's step name and the paragraph.
fn place(problem: &Problem, template: &Template) -> String {
    match problem.part.and_then(|p| template.parts.get(p)) {
        Some(part) => match (problem.paragraph, &problem.kind) {
            (Some(n), _) => format!("{} 第{n}段", part.step),
            (None, ProblemKind::EmptyPart) => part.step.clone(),
            (None, _) => format!("{} 标题", part.step),
        },
        None => match problem.kind {
            ProblemKind::RequiredField(_) => "基本信息".to_string(),
            ProblemKind::TooLong { .. } => "全文".to_string(),
            _ => "报告标题".to_string(),
        },
    }
}

/// What the problem is, with the key that mends it when one does.
fn what(problem: &Problem) -> String {
    match &problem.kind {
        ProblemKind::Slot(s) => format!("待填 {s}"),
        ProblemKind::Stars(s) => format!("待填数字 {s}"),
        ProblemKind::EmptyPart => "还没有内容".to_string(),
        ProblemKind::RequiredField(label) => format!("「{label}」未填"),
        ProblemKind::TooLong { words, limit } => format!("全文 {words} 字，超过上限 {limit}"),
        ProblemKind::Finding(f) => {
            let level = f.level.label();
            match &f.fix {
                Some(_) => format!(
                    "[{level}] {}（{} 修正）",
                    f.message,
                    first_key(Mode::Review, Action::Fix)
                ),
                None => format!("[{level}] {}", f.message),
            }
        }
    }
}

/// The list's rows: a row per group with its count, a row per problem (the chosen one wrapped
/// in full, with its context); and the rows of the chosen problem.
fn list(
    r: &Review,
    template: &Template,
    width: usize,
    theme: &Theme,
) -> (Vec<Line<'static>>, Range<usize>) {
    let amb = theme.ambiguous();
    let mut lines = Vec::new();
    let mut chosen_rows = 0..0;
    let mut group = None;
    for (i, problem) in r.problems.iter().enumerate() {
        let kind = problem.finding_kind();
        if group != Some(kind) {
            group = Some(kind);
            let members = r
                .problems
                .iter()
                .filter(|p| p.finding_kind() == kind)
                .count();
            let mut head = format!("【{}】{members} 个", group_label(kind));
            if let Some(kind) = kind {
                let safe = r.safe_in(kind);
                if safe > 0 {
                    head.push_str(&format!(
                        "，其中 {safe} 个可用 {} 一次修正",
                        first_key(Mode::Review, Action::FixAll)
                    ));
                }
            }
            lines.push(Line::styled(
                fit(&head, width, amb).into_owned(),
                theme.title(),
            ));
        }
        let chosen = i == r.selected;
        let ignored = r.ignored.get(i).copied().unwrap_or(false);
        let mut text = format!("{}：{}", place(problem, template), what(problem));
        if ignored {
            text.push_str("（已忽略）");
        }
        let style = match (chosen, ignored) {
            (true, _) => theme.chosen(),
            (false, true) => theme.dim(),
            (false, false) => Default::default(),
        };
        let mark = if chosen { "▸ " } else { "  " };
        let room = width.saturating_sub(str_width(mark, amb));
        if chosen {
            chosen_rows.start = lines.len();
            for (n, row) in wrap(&text, room, amb).iter().enumerate() {
                let lead = if n == 0 { mark } else { "  " };
                lines.push(Line::from(vec![
                    Span::raw(lead),
                    Span::styled(text[row.start..row.end].to_string(), style),
                ]));
            }
            if !problem.context.is_empty() {
                let context = &problem.context;
                for row in wrap(context, width.saturating_sub(4), amb).iter() {
                    lines.push(Line::styled(
                        format!("    {}", &context[row.start..row.end]),
                        theme.dim(),
                    ));
                }
            }
            chosen_rows.end = lines.len();
        } else {
            lines.push(Line::from(vec![
                Span::raw(mark),
                Span::styled(fit(&text, room, amb).into_owned(), style),
            ]));
        }
    }
    (lines, chosen_rows)
}

/// 字数 of each part, 偏短/偏长 beside those outside their usual range, and the total: a
/// table on a wide screen; on a narrow one, items run on in rows and none is broken.
fn counts(
    w: &Wizard,
    wide: bool,
    width: usize,
    amb: Ambiguous,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let template = w.template();
    let counts = w.document().counts();
    let total = w.document().total().words;
    let limit = template
        .max_chars
        .map(|m| format!(" / {m}"))
        .unwrap_or_default();
    let note = |part, words| Length::of(part, words).map_or("", Length::note);
    if wide {
        let mut table = vec![Line::styled("字数", theme.title())];
        for (part, count) in template.parts.iter().zip(counts) {
            let note = note(part, count.words);
            table.push(Line::from(vec![
                Span::raw(format!("  {}{:>5}", pad(&part.step, 12), count.words)),
                Span::styled(
                    if note.is_empty() {
                        String::new()
                    } else {
                        format!("  {note}")
                    },
                    theme.warn(),
                ),
            ]));
        }
        table.push(Line::raw(format!("  {}{total:>5}{limit}", pad("合计", 12))));
        return table;
    }
    let mut items: Vec<String> = template
        .parts
        .iter()
        .zip(counts)
        .map(|(part, count)| {
            let note = note(part, count.words);
            let sep = if note.is_empty() { "" } else { " " };
            format!("{} {}{sep}{note}", part.step, count.words)
        })
        .collect();
    items.push(format!("合计 {total}{limit}"));
    let mut rows: Vec<String> = vec!["字数：".to_string()];
    for item in items {
        let last = rows.last_mut().expect("rows start with one");
        let sep = if last.ends_with('：') { "" } else { "｜" };
        if str_width(last, amb) + str_width(sep, amb) + str_width(&item, amb) <= width {
            last.push_str(sep);
            last.push_str(&item);
        } else {
            rows.push(format!("  {item}"));
        }
    }
    rows.into_iter()
        .map(|r| Line::raw(fit(&r, width, amb).into_owned()))
        .collect()
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
    let wide = area.width >= WIDE_WIDTH;
    let (left, right) = if wide {
        let [l, r] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Min(0)]).areas(body);
        (l, r)
    } else {
        let [l, r] = Layout::vertical([Constraint::Percentage(55), Constraint::Min(0)]).areas(body);
        (l, r)
    };

    let ignored = match (r.ignored_count, r.show_ignored) {
        (0, _) => String::new(),
        (n, true) => format!("，含已忽略 {n} 个"),
        (n, false) => format!("，另有 {n} 个已忽略"),
    };
    let title = if r.problems.is_empty() {
        format!("检查：没有发现问题{ignored}")
    } else {
        let shown = r.problems.len() - r.ignored.iter().filter(|i| **i).count();
        format!(
            "检查：{shown} 个问题{ignored}（{} 跳到该处）",
            first_key(Mode::Review, Action::Enter)
        )
    };
    put(frame, pane(&title, true, theme), left, theme);
    let inner = Rect {
        y: left.y + 1,
        height: left.height.saturating_sub(1),
        ..left
    };
    let (lines, chosen) = list(r, w.template(), inner.width as usize, theme);
    let table = counts(w, wide, inner.width as usize, theme.ambiguous(), theme);
    let table_rows = (table.len() as u16).min(inner.height);
    let problem_rows = inner.height.saturating_sub(table_rows + 1) as usize;
    // The chosen problem's rows stay in view, the list scrolled as little as that takes.
    let first = chosen
        .end
        .saturating_sub(problem_rows)
        .min(chosen.start.saturating_sub(1));
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
