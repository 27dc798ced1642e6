//! 基本信息: the template's fields as a form.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use super::widgets::{hint_bar, status_line, step_bar};
use super::{Theme, put_text};
use crate::text::width::{Ambiguous, str_width};
use crate::tui::app::{App, Wizard};
use crate::tui::areas;

/// Cells of the input box of a field.
const INPUT_CELLS: u16 = 40;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    w: &Wizard,
    theme: &Theme,
) -> Option<Position> {
    let (steps, body, status, hints) = areas::frame(area);
    step_bar(frame, steps, w, theme);
    let label_cells = w
        .template
        .fields
        .iter()
        .map(|f| str_width(&f.label, Ambiguous::Narrow) + 4)
        .max()
        .unwrap_or(8) as u16;
    let intro = Line::styled(
        format!(
            "{}：先填基本信息，标题和正文中的 {{字段}} 会用到它们。",
            w.template.name
        ),
        theme.dim(),
    );
    put_text(frame, intro, Rect { height: 1, ..body }, theme);
    let mut cursor = None;
    let input_cells = INPUT_CELLS.min(body.width.saturating_sub(label_cells + 2));
    for (i, (field, input)) in w.template.fields.iter().zip(&w.fields).enumerate() {
        let y = body.y + 2 + i as u16 * 3;
        if y + 1 >= body.bottom() {
            break;
        }
        let focused = i == w.field;
        let mark = if field.required { "＊" } else { "　" };
        let label_style = if focused {
            theme.focused()
        } else {
            theme.title()
        };
        let (shown, col) = input.window(input_cells.saturating_sub(1) as usize, app.ambiguous);
        let missing = field.required && input.text().trim().is_empty() && !focused;
        let value_style = if focused {
            theme.chosen()
        } else {
            Default::default()
        };
        let pad =
            " ".repeat((input_cells as usize).saturating_sub(str_width(shown, app.ambiguous)));
        let line = Line::from(vec![
            Span::styled(format!("{}{mark}", field.label), label_style),
            Span::raw(
                " ".repeat(
                    (label_cells as usize)
                        .saturating_sub(str_width(&field.label, Ambiguous::Narrow) + 2),
                ),
            ),
            Span::styled(format!("{shown}{pad}"), value_style),
            Span::styled(if missing { " 必填" } else { "" }, theme.warn()),
        ]);
        put_text(frame, line, Rect::new(body.x, y, body.width, 1), theme);
        let hint = Line::styled(
            format!("{}{}", " ".repeat(label_cells as usize), field.hint),
            theme.dim(),
        );
        put_text(frame, hint, Rect::new(body.x, y + 1, body.width, 1), theme);
        if focused {
            cursor = Some(Position::new(body.x + label_cells + col as u16, y));
        }
    }
    status_line(frame, status, app, w, theme);
    hint_bar(
        frame,
        hints,
        &[
            ("Enter/Tab", "下一项"),
            ("Shift-Tab", "上一项"),
            ("Ctrl-N", "下一步"),
            ("Ctrl-S", "保存"),
            ("Ctrl-Q", "保存退出"),
        ],
        theme,
    );
    cursor
}
