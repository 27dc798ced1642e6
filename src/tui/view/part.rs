//! A part's step: guidance, heading, the editor, the phrase panel and the live preview.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::widgets::{hint_bar, pane, status_line, step_bar};
use super::{Theme, preview, put, put_text, styled_row};
use crate::text::slots::{self, Piece};
use crate::text::width::{Ambiguous, str_width};
use crate::tui::app::{App, Focus, Pane, Step, Wizard};
use crate::tui::areas;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    w: &Wizard,
    theme: &Theme,
    with_preview: bool,
) -> Option<Position> {
    let Step::Part(index) = w.step else {
        return None;
    };
    let part = &w.template.parts[index];
    let wide = app.wide();
    let a = areas::part(area, wide, part.heading.is_some());
    let amb = app.ambiguous;
    let mut cursor = None;

    step_bar(frame, a.steps, w, theme);

    // Guidance: as many rows as fit, wrapped by the shared layout.
    let guidance: Vec<Line> = part
        .guidance
        .lines()
        .flat_map(|line| {
            w.layouts
                .wrap(line, a.guidance.width as usize, amb)
                .iter()
                .map(|row| Line::styled(line[row.start..row.end].to_string(), theme.dim()))
                .collect::<Vec<_>>()
        })
        .take(a.guidance.height as usize)
        .collect();
    put_text(frame, guidance, a.guidance, theme);

    if part.heading.is_some() && a.heading.height > 0 {
        // The heading's number is the tool's: shown beside the heading, not edited. A part
        // still empty shows the number it will get.
        let ordinal = crate::text::ordinal::heading_ordinal(w.report.headings_before(index) + 1);
        let label = format!("标题：{ordinal}");
        let focused = w.focus == Focus::Heading;
        let label_cells = str_width(&label, amb);
        let room = (a.heading.width as usize).saturating_sub(label_cells + 1);
        let (shown, col) = w.heading.window(room, amb);
        let style = if focused {
            theme.focused()
        } else {
            theme.title()
        };
        let line = Line::from(vec![
            Span::styled(
                label,
                if focused {
                    theme.focused()
                } else {
                    theme.dim()
                },
            ),
            Span::styled(shown.to_string(), style),
        ]);
        put_text(frame, line, a.heading, theme);
        if focused {
            cursor = Some(Position::new(
                a.heading.x + (label_cells + col) as u16,
                a.heading.y,
            ));
        }
    }

    // The editor.
    let numbered = part
        .points
        .map(|p| format!("正文（每段一条，“{}”等编号自动加）", p.ordinal(1)));
    let title = numbered.as_deref().unwrap_or("正文");
    put(
        frame,
        pane(title, w.focus == Focus::Editor, theme),
        a.editor,
        theme,
    );
    draw_editor(frame, a.editor_text, w, theme);
    if w.focus == Focus::Editor
        && let Some((row, col)) = w.editor.caret_cell()
    {
        cursor = Some(Position::new(
            a.editor_text.x + col as u16,
            a.editor_text.y + row as u16,
        ));
    }
    let (above, below) = w.editor.scrolled();
    if above || below {
        let mark = match (above, below) {
            (true, true) => "⇡⇣",
            (true, false) => "⇡",
            _ => "⇣",
        };
        let x = a.editor.right().saturating_sub(3);
        put_text(
            frame,
            Span::styled(mark, theme.dim()),
            Rect::new(x, a.editor.y, 2, 1),
            theme,
        );
    }

    // Phrases and preview: side by side when wide, one at a time under the editor when not.
    let phrases_area = (wide || w.pane == Pane::Phrases).then_some(a.lower);
    if let Some(area) = phrases_area {
        let c = draw_phrases(frame, area, w, amb, theme);
        if w.focus == Focus::Phrases {
            cursor = c;
        }
    }
    if let Some(area) = preview_area(a, wide, w).filter(|_| with_preview) {
        let title = if wide {
            "预览（与导出的全文一致）"
        } else {
            "预览（F2 切换到素材）"
        };
        put(
            frame,
            pane(title, w.focus == Focus::Preview, theme),
            area,
            theme,
        );
        let inner = inner(area);
        let height = inner.height as usize;
        let window = preview::Window {
            width: inner.width.saturating_sub(1) as usize,
            height,
            anchor: w.caret_block(),
            offset: w.preview_offset - (height / 3) as isize,
        };
        let lines = preview::lines(&w.report, window, theme, &w.layouts);
        put_text(frame, lines, inner, theme);
    }

    status_line(frame, a.status, app, w, theme);
    let toggle = if wide {
        None
    } else {
        Some(("F2", "素材/预览"))
    };
    let hints: Vec<(&str, &str)> = match w.focus {
        Focus::Phrases => vec![
            ("⇡⇣", "选择"),
            ("Enter", "插入"),
            ("Tab", "切换"),
            ("Ctrl-N", "下一步"),
        ],
        Focus::Preview => vec![("⇡⇣", "滚动"), ("Tab", "切换"), ("Ctrl-N", "下一步")],
        Focus::Heading => vec![("Enter", "完成"), ("Tab", "切换"), ("Ctrl-N", "下一步")],
        Focus::Editor if w.editor.filling() => {
            vec![
                ("输入", "替换待填处"),
                ("Tab", "下一处"),
                ("Ctrl-N", "下一步"),
            ]
        }
        Focus::Editor => vec![("Ctrl-N", "下一步"), ("Ctrl-P", "上一步"), ("Tab", "素材")],
    };
    let mut hints = hints;
    hints.extend(toggle);
    hints.extend([
        ("Ctrl-S", "保存"),
        ("Ctrl-E", "导出"),
        ("Ctrl-Q", "保存退出"),
    ]);
    hint_bar(frame, a.hints, &hints, theme);
    cursor
}

/// The preview's box, when the step shows it.
fn preview_area(a: areas::PartAreas, wide: bool, w: &Wizard) -> Option<Rect> {
    if wide {
        Some(a.side)
    } else {
        (w.pane == Pane::Preview).then_some(a.lower)
    }
}

/// Where and how the preview is drawn, if it is on screen.
pub fn preview_shown(app: &App, w: &Wizard) -> Option<preview::Shown> {
    let Step::Part(step) = w.step else {
        return None;
    };
    let screen = Rect::new(0, 0, app.width, app.height);
    let has_heading = w.template.parts[step].heading.is_some();
    let a = areas::part(screen, app.wide(), has_heading);
    Some(preview::Shown {
        area: preview_area(a, app.wide(), w)?,
        step,
        offset: w.preview_offset,
        focused: w.focus == Focus::Preview,
    })
}

/// The box's inside, under its title row.
fn inner(area: Rect) -> Rect {
    Rect {
        y: area.y.saturating_add(1).min(area.bottom()),
        height: area.height.saturating_sub(1),
        ..area
    }
}

/// A styled byte range of a paragraph.
type Styled = (std::ops::Range<usize>, Style);

fn draw_editor(frame: &mut Frame, area: Rect, w: &Wizard, theme: &Theme) {
    let paras = w.editor.paragraphs();
    let selection = w.editor.selection();
    let mut lines = Vec::new();
    let mut styled_para: Option<(usize, Vec<Styled>)> = None;
    for (para, row) in w.editor.visible_rows() {
        if styled_para.as_ref().is_none_or(|(p, _)| *p != para) {
            let mut styles = Vec::new();
            let mut at = 0;
            for piece in slots::pieces(&paras[para]) {
                let range = at..at + piece.as_str().len();
                at = range.end;
                if w.editor.is_place(&piece) {
                    styles.push((range, theme.slot()));
                } else if matches!(piece, Piece::Braced(_)) {
                    styles.push((range, theme.field()));
                }
            }
            if let Some((p, range)) = &selection
                && *p == para
            {
                styles.push((range.clone(), theme.selection()));
            }
            styled_para = Some((para, styles));
        }
        let styles = styled_para.as_ref().map_or(&[][..], |(_, s)| s.as_slice());
        lines.push(styled_row(&paras[para], row, styles, Style::new()));
    }
    if w.editor.is_empty() && w.editor.paragraphs().len() == 1 {
        lines = vec![Line::styled(
            "在这里输入正文：Enter 另起一段；Tab 到素材栏，选一句按 Enter 插入。",
            theme.dim(),
        )];
    }
    put_text(frame, lines, area, theme);
}

/// The phrase panel; returns the cursor position in its search box.
fn draw_phrases(
    frame: &mut Frame,
    area: Rect,
    w: &Wizard,
    amb: Ambiguous,
    theme: &Theme,
) -> Option<Position> {
    let focused = w.focus == Focus::Phrases;
    let panel = &w.phrases;
    let title = format!(
        "素材 {}/{} 条（Tab 进入，输入字词筛选，Enter 插入）",
        panel.matches.len(),
        panel.all.len()
    );
    put(frame, pane(&title, focused, theme), area, theme);
    let inner = inner(area);
    if inner.height == 0 {
        return None;
    }
    let label = "查找：";
    let label_cells = 6u16;
    let (shown, col) = panel
        .query
        .window(inner.width.saturating_sub(label_cells + 1) as usize, amb);
    let search = Line::from(vec![
        Span::styled(label, theme.dim()),
        Span::raw(shown.to_string()),
    ]);
    put_text(frame, search, Rect { height: 1, ..inner }, theme);
    let list = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let width = list.width.saturating_sub(3) as usize;
    // Each phrase is shown whole, wrapped; the list scrolls to keep the selected one in view.
    let rows_of = |i: usize| -> Vec<String> {
        let text = &panel.all[panel.matches[i]].text;
        w.layouts
            .wrap(text, width, amb)
            .iter()
            .map(|r| text[r.start..r.end].to_string())
            .collect()
    };
    let mut first = panel.selected.min(panel.matches.len().saturating_sub(1));
    let mut used = if panel.matches.is_empty() {
        0
    } else {
        rows_of(first).len()
    };
    while first > 0 {
        let more = rows_of(first - 1).len();
        if used + more > list.height as usize {
            break;
        }
        used += more;
        first -= 1;
    }
    let mut lines = Vec::new();
    for i in first..panel.matches.len() {
        if lines.len() >= list.height as usize {
            break;
        }
        let chosen = i == panel.selected;
        for (n, row) in rows_of(i).into_iter().enumerate() {
            let mark = if n > 0 || !chosen { "   " } else { " ▸ " };
            let style = if chosen && focused {
                theme.chosen()
            } else {
                Style::new()
            };
            lines.push(Line::from(vec![
                Span::styled(mark, theme.dim()),
                Span::styled(row, style),
            ]));
        }
    }
    if panel.matches.is_empty() {
        lines.push(Line::styled(" 没有找到，换个词试试", theme.dim()));
    }
    lines.truncate(list.height as usize);
    put_text(frame, lines, list, theme);
    focused.then(|| Position::new(inner.x + label_cells + col as u16, inner.y))
}
