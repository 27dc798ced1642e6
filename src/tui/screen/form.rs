//! 基本信息: the report's title and the template's fields as a form — its state (which row, the
//! text being typed into it), its `update` and its view. The values live in the document; only
//! the focused row's caret and text in hand are the form's own.
//!
//! The first row is the title as it will appear (fields filled in); typing in it gives the
//! draft a title of its own. The fields follow, 姓名 and 日期 among them, which the 署名 and
//! 日期 at the end of the report are made of.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use crate::document::{Document, Edit};
use crate::text::width::{fit, str_width};
use crate::tui::app::App;
use crate::tui::areas;
use crate::tui::input::LineInput;
use crate::tui::keymap::{Action, Hint, Mode};
use crate::tui::view::widgets::{hint_bar, status_line, step_bar};
use crate::tui::view::{Theme, put_text};
use crate::tui::wizard::{Ctx, Go, Wizard};

/// Cells of the input box of a field.
const INPUT_CELLS: u16 = 40;

/// The form's hint bar.
pub(crate) const HINTS: &[Hint] = &[
    Hint::new(&[Action::Enter, Action::FocusNext], "下一项"),
    Hint::new(&[Action::FocusPrev], "上一项"),
    Hint::new(&[Action::NextStep], "下一步"),
    Hint::new(&[Action::Save], "保存"),
    Hint::new(&[Action::Quit], "保存退出"),
    Hint::new(&[Action::DeleteToStart], "删到行首"),
];

/// The label of the title's row.
const TITLE_LABEL: &str = "标题";
/// What the title's row says under it.
const TITLE_HINT: &str = "报告的标题，随年度、姓名等自动生成；可直接改，清空则恢复";

/// The form on screen.
#[derive(Clone, Debug)]
pub struct Form {
    /// The row with the focus: 0 the title, then the fields.
    row: usize,
    /// Its text as typed (the document has it trimmed).
    input: LineInput,
}

impl Form {
    /// The form with the focus on the first empty required field.
    pub fn new(doc: &Document) -> Form {
        let row = doc
            .template()
            .fields
            .iter()
            .position(|f| f.required && doc.draft().field(&f.key).is_empty())
            .unwrap_or(0)
            + 1;
        Form {
            row,
            input: row_input(doc, row),
        }
    }

    /// The field with the focus (`None`: the title has it).
    pub fn field(&self) -> Option<usize> {
        self.row.checked_sub(1)
    }

    pub fn input(&self) -> &LineInput {
        &self.input
    }

    pub fn update(&mut self, cx: &mut Ctx, action: Action) -> Option<Go> {
        let rows = cx.doc.template().fields.len() + 1;
        match action {
            // Enter on the last field goes on, like Ctrl-N.
            Action::Enter if self.row + 1 >= rows => return Some(Go::Next),
            Action::Enter | Action::FocusNext | Action::Down => {
                if self.row + 1 < rows {
                    self.focus(cx.doc, self.row + 1);
                }
            }
            Action::FocusPrev | Action::Up => self.focus(cx.doc, self.row.saturating_sub(1)),
            other => {
                if edit_line(&mut self.input, other) && other.edits_text() {
                    self.store(cx, 1);
                }
            }
        }
        None
    }

    pub fn paste(&mut self, cx: &mut Ctx, text: &str) {
        self.input.insert(text);
        self.store(cx, 0);
    }

    fn focus(&mut self, doc: &Document, row: usize) {
        if row != self.row {
            self.row = row;
            self.input = row_input(doc, row);
        }
    }

    /// Puts the focused row's text into the document.
    fn store(&mut self, cx: &mut Ctx, typed: usize) {
        let value = self.input.text().to_string();
        let edit = match self.field() {
            None => Edit::Title(value),
            Some(field) => match cx.doc.template().fields.get(field) {
                Some(field) => Edit::Field {
                    key: field.key.clone(),
                    value,
                },
                None => return,
            },
        };
        cx.edit(edit, typed);
    }
}

/// A row's value, ready to type into: the title as it stands, or a field's value.
fn row_input(doc: &Document, row: usize) -> LineInput {
    match row.checked_sub(1) {
        None => LineInput::new(&doc.report().title_text()),
        Some(field) => doc
            .template()
            .fields
            .get(field)
            .map(|f| LineInput::new(doc.draft().field(&f.key)))
            .unwrap_or_default(),
    }
}

/// Applies a text-editing action to a one-line input; false when it was not one.
pub fn edit_line(input: &mut LineInput, action: Action) -> bool {
    match action {
        Action::Type(c) => input.type_char(c),
        Action::Backspace => input.backspace(),
        Action::Delete => input.delete(),
        Action::DeleteToStart => input.delete_to_start(),
        Action::Left => input.left(),
        Action::Right => input.right(),
        Action::Home => input.home(),
        Action::End => input.end(),
        _ => return false,
    }
    true
}

/// Rows a field takes on the form: its line, its hint, a blank.
const FIELD_ROWS: u16 = 3;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    w: &Wizard,
    form: &Form,
    theme: &Theme,
) -> Option<Position> {
    let amb = theme.ambiguous();
    let (steps, body, status, hints) = areas::frame(area);
    step_bar(frame, steps, w, theme);
    let fields = &w.template().fields;
    // Each row: its label, whether it must be filled, its value, its hint.
    let title = w.document().report().title_text();
    let rows: Vec<(&str, bool, String, &str)> =
        std::iter::once((TITLE_LABEL, false, title, TITLE_HINT))
            .chain(fields.iter().map(|f| {
                let value = w.document().draft().field(&f.key).to_string();
                (f.label.as_str(), f.required, value, f.hint.as_str())
            }))
            .collect();
    let label_cells = rows
        .iter()
        .map(|(label, ..)| str_width(label, amb) + 4)
        .max()
        .unwrap_or(8) as u16;
    let intro = format!(
        "{}：先填基本信息，正文中的 {{字段}} 会用到它们。",
        w.template().name
    );
    let intro = Line::styled(fit(&intro, body.width as usize, amb), theme.dim());
    put_text(frame, intro, Rect { height: 1, ..body }, theme);
    let mut cursor = None;
    let input_cells = INPUT_CELLS.min(body.width.saturating_sub(label_cells + 2));
    // Three rows a field; when they do not all fit, the list scrolls to keep the focused one
    // in view (at 80×24 a form of seven fields and the title shows six).
    let fits = usize::from(body.height.saturating_sub(2) / FIELD_ROWS).max(1);
    let first = (form.row + 1).saturating_sub(fits);
    for (i, (label, required, value, hint)) in rows.iter().enumerate().skip(first) {
        let y = body.y + 2 + (i - first) as u16 * FIELD_ROWS;
        if y + 1 >= body.bottom() {
            break;
        }
        let focused = i == form.row;
        let mark = if *required { "＊" } else { "　" };
        let label_style = if focused {
            theme.focused()
        } else {
            theme.title()
        };
        let room = input_cells.saturating_sub(1) as usize;
        // The row being typed in scrolls with its caret; any other shows its beginning, and
        // "…" when it goes on.
        let (shown, col) = if focused {
            let (shown, col) = form.input.window(room, amb);
            (Cow::Borrowed(shown), col)
        } else {
            (fit(value, room, amb), 0)
        };
        let missing = *required && value.trim().is_empty() && !focused;
        let value_style = if focused {
            theme.chosen()
        } else {
            Default::default()
        };
        let pad = " ".repeat((input_cells as usize).saturating_sub(str_width(&shown, amb)));
        let line = Line::from(vec![
            Span::styled(format!("{label}{mark}"), label_style),
            Span::raw(" ".repeat((label_cells as usize).saturating_sub(str_width(label, amb) + 2))),
            Span::styled(format!("{shown}{pad}"), value_style),
            Span::styled(if missing { " 必填" } else { "" }, theme.warn()),
        ]);
        put_text(frame, line, Rect::new(body.x, y, body.width, 1), theme);
        // The focused field's hint may take the blank row under it too; any other ends in "…"
        // where it is cut.
        let indent = " ".repeat(label_cells as usize);
        let room = body.width.saturating_sub(label_cells) as usize;
        let mut rows: Vec<Cow<str>> = Vec::new();
        if focused && y + 2 < body.bottom() {
            let wrapped = w.layouts.wrap(hint, room, amb);
            if let [first, second, ..] = &wrapped[..] {
                rows.push(Cow::Borrowed(&hint[first.start..first.end]));
                rows.push(fit(&hint[second.start..], room, amb));
            }
        }
        if rows.is_empty() {
            rows.push(fit(hint, room, amb));
        }
        for (n, text) in rows.iter().enumerate() {
            let line = Line::styled(format!("{indent}{text}"), theme.dim());
            let at = Rect::new(body.x, y + 1 + n as u16, body.width, 1);
            put_text(frame, line, at, theme);
        }
        if focused {
            cursor = Some(Position::new(body.x + label_cells + col as u16, y));
        }
    }
    status_line(frame, status, app, w, theme);
    hint_bar(frame, hints, Mode::Form, HINTS, theme);
    cursor
}
