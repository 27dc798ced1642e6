//! The start screen: drafts to continue, templates to start a new one from, and 从已有报告导入
//! — its state, its `update` and its view.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use crate::drafts::DraftSummary;
use crate::files;
use crate::template::Registry;
use crate::tui::app::App;
use crate::tui::areas;
use crate::tui::keymap::{Action, Hint, Mode};
use crate::tui::view::widgets::{fit_line, hint_bar};
use crate::tui::view::{Theme, put_text};

pub(crate) const HINTS: &[Hint] = &[
    Hint::new(&[Action::Up, Action::Down], "选择"),
    Hint::new(&[Action::Enter], "打开/新建"),
    Hint::new(&[Action::RenameDraft], "改名"),
    Hint::new(&[Action::DeleteDraft], "删除"),
    Hint::new(&[Action::Quit], "退出"),
];

/// The start screen: drafts to continue, then templates to start from.
#[derive(Clone, Debug, Default)]
pub struct Start {
    pub drafts: Vec<DraftSummary>,
    pub selected: usize,
}

/// What the writer chose on the start screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    Open(PathBuf),
    /// A new draft of this template.
    Create(String),
    /// 从已有报告导入: ask for the report.
    Import,
    /// Rename this draft: ask for its new name.
    Rename(PathBuf),
    /// Move this draft (listed with this title) to 已删除: ask first.
    Delete(PathBuf, String),
    Quit,
}

impl Start {
    pub fn update(&mut self, registry: &Registry, action: Action) -> Option<Choice> {
        // Drafts, then templates, then 从已有报告导入.
        let count = self.drafts.len() + registry.templates().len() + 1;
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(count.saturating_sub(1)),
            Action::Home | Action::PageUp => self.selected = 0,
            Action::End | Action::PageDown => self.selected = count.saturating_sub(1),
            Action::Enter => {
                if let Some(draft) = self.drafts.get(self.selected) {
                    return Some(Choice::Open(draft.path.clone()));
                }
                let index = self.selected - self.drafts.len();
                return Some(match registry.templates().get(index) {
                    Some(template) => Choice::Create(template.id.clone()),
                    None => Choice::Import,
                });
            }
            Action::RenameDraft => {
                return self
                    .drafts
                    .get(self.selected)
                    .map(|d| Choice::Rename(d.path.clone()));
            }
            Action::DeleteDraft => {
                let d = self.drafts.get(self.selected)?;
                let title = match d.title.is_empty() {
                    true => files::file_name(&d.path),
                    false => d.title.clone(),
                };
                return Some(Choice::Delete(d.path.clone(), title));
            }
            Action::Quit => return Some(Choice::Quit),
            _ => {}
        }
        None
    }
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    start: &Start,
    theme: &Theme,
) -> Option<Position> {
    let (top, body, status, hints) = areas::frame(area);
    put_text(
        frame,
        Line::styled("述职 · 年度述职报告写作向导", theme.title()),
        top,
        theme,
    );
    let mut lines: Vec<(Line, bool)> = Vec::new();
    let mut index = 0;
    if !start.drafts.is_empty() {
        lines.push((Line::styled("继续写：", theme.title()), false));
        for d in &start.drafts {
            let (chosen, style, mark) = item(index == start.selected, theme);
            match &d.error {
                Some(error) => {
                    lines.push((
                        Line::from(vec![
                            Span::raw(mark),
                            Span::styled(d.path.display().to_string(), style),
                        ]),
                        chosen,
                    ));
                    lines.push((
                        Line::styled(format!("     无法读取：{error}"), theme.error()),
                        false,
                    ));
                }
                None => {
                    let writer = if d.writer.is_empty() {
                        "姓名未填"
                    } else {
                        d.writer.as_str()
                    };
                    let by = format!(" · {writer} · {}", d.modified);
                    lines.push((
                        Line::from(vec![
                            Span::raw(mark),
                            Span::styled(d.title.clone(), style),
                            Span::raw(by),
                        ]),
                        chosen,
                    ));
                    let mut details =
                        format!("     {} 字 · 已写 {}/{} 部分", d.words, d.filled, d.parts);
                    if !d.title.contains(&d.template) {
                        details.push_str(&format!(" · {}", d.template));
                    }
                    details.push_str(&format!(" · {}", files::file_name(&d.path)));
                    lines.push((Line::styled(details, theme.dim()), false));
                }
            }
            index += 1;
        }
        lines.push((Line::raw(""), false));
    }
    lines.push((Line::styled("新建一份：", theme.title()), false));
    for t in app.registry.templates() {
        let (chosen, style, mark) = item(index == start.selected, theme);
        lines.push((
            Line::from(vec![
                Span::raw(mark),
                Span::styled(t.name.clone(), style),
                Span::styled(format!("  {}", t.summary), theme.dim()),
            ]),
            chosen,
        ));
        index += 1;
    }
    let (chosen, style, mark) = item(index == start.selected, theme);
    lines.push((Line::raw(""), false));
    lines.push((
        Line::from(vec![
            Span::raw(mark),
            Span::styled("从已有报告导入", style),
            Span::styled(
                "  把去年的 .txt、.md 或 .docx 报告变成今年的草稿",
                theme.dim(),
            ),
        ]),
        chosen,
    ));
    // Keep the chosen line in view.
    let height = body.height.saturating_sub(1) as usize;
    let chosen_at = lines.iter().position(|(_, c)| *c).unwrap_or(0);
    let first = chosen_at.saturating_sub(height.saturating_sub(1));
    let list = Rect {
        y: body.y + 1,
        height: body.height.saturating_sub(1),
        ..body
    };
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(first)
        .take(height)
        .map(|(l, _)| fit_line(l, list.width as usize, theme.ambiguous()))
        .collect();
    put_text(frame, shown, list, theme);
    let message = app
        .locale_warning
        .clone()
        .or_else(|| app.notice.clone().filter(|_| app.long_notice().is_none()))
        .unwrap_or_else(|| {
            "草稿随写随存；用 shuzhi new、shuzhi open 草稿.toml 也可以直接开始。".into()
        });
    put_text(frame, Line::styled(message, theme.dim()), status, theme);
    hint_bar(frame, hints, Mode::Start, HINTS, theme);
    None
}

/// Whether a list item is the chosen one, its style and the mark before it.
fn item(chosen: bool, theme: &Theme) -> (bool, ratatui::style::Style, &'static str) {
    if chosen {
        (true, theme.chosen(), " ▸ ")
    } else {
        (false, Default::default(), "   ")
    }
}
