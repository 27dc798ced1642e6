//! 基本信息: the template's fields as a form — its state (which field, the text being typed
//! into it), its `update` and its view. The values live in the document; only the focused
//! field's caret and text in hand are the form's own.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};

use crate::document::{Document, Edit};
use crate::text::width::str_width;
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
];

/// The form on screen.
#[derive(Clone, Debug)]
pub struct Form {
    /// The field with the focus.
    field: usize,
    /// Its text as typed (the document has it trimmed).
    input: LineInput,
}

impl Form {
    /// The form with the focus on the first empty required field.
    pub fn new(doc: &Document) -> Form {
        let field = doc
            .template()
            .fields
            .iter()
            .position(|f| f.required && doc.draft().field(&f.key).is_empty())
            .unwrap_or(0);
        Form {
            field,
            input: field_input(doc, field),
        }
    }

    /// The field with the focus.
    pub fn field(&self) -> usize {
        self.field
    }

    pub fn input(&self) -> &LineInput {
        &self.input
    }

    pub fn update(&mut self, cx: &mut Ctx, action: Action) -> Option<Go> {
        let count = cx.doc.template().fields.len();
        match action {
            // Enter on the last field goes on, like Ctrl-N.
            Action::Enter if self.field + 1 >= count => return Some(Go::Next),
            Action::Enter | Action::FocusNext | Action::Down => {
                if self.field + 1 < count {
                    self.focus(cx.doc, self.field + 1);
                }
            }
            Action::FocusPrev | Action::Up => self.focus(cx.doc, self.field.saturating_sub(1)),
            other => {
                if edit_line(&mut self.input, other)
                    && matches!(other, Action::Type(_) | Action::Backspace | Action::Delete)
                {
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

    fn focus(&mut self, doc: &Document, field: usize) {
        if field != self.field {
            self.field = field;
            self.input = field_input(doc, field);
        }
    }

    /// Puts the focused field's text into the document.
    fn store(&mut self, cx: &mut Ctx, typed: usize) {
        if let Some(field) = cx.doc.template().fields.get(self.field) {
            let edit = Edit::Field {
                key: field.key.clone(),
                value: self.input.text().to_string(),
            };
            cx.edit(edit, typed);
        }
    }
}

/// A field's value, ready to type into.
fn field_input(doc: &Document, field: usize) -> LineInput {
    doc.template()
        .fields
        .get(field)
        .map(|f| LineInput::new(doc.draft().field(&f.key)))
        .unwrap_or_default()
}

/// Applies a text-editing action to a one-line input; false when it was not one.
pub fn edit_line(input: &mut LineInput, action: Action) -> bool {
    match action {
        Action::Type(c) => input.type_char(c),
        Action::Backspace => input.backspace(),
        Action::Delete => input.delete(),
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
    let label_cells = w
        .template()
        .fields
        .iter()
        .map(|f| str_width(&f.label, amb) + 4)
        .max()
        .unwrap_or(8) as u16;
    let intro = Line::styled(
        format!(
            "{}：先填基本信息，标题和正文中的 {{字段}} 会用到它们。",
            w.template().name
        ),
        theme.dim(),
    );
    put_text(frame, intro, Rect { height: 1, ..body }, theme);
    let mut cursor = None;
    let input_cells = INPUT_CELLS.min(body.width.saturating_sub(label_cells + 2));
    // Three rows a field; when they do not all fit, the list scrolls to keep the focused one
    // in view (at 80×24 a form of seven fields shows six).
    let fits = usize::from(body.height.saturating_sub(2) / FIELD_ROWS).max(1);
    let first = (form.field + 1).saturating_sub(fits);
    for (i, field) in w.template().fields.iter().enumerate().skip(first) {
        let other;
        let input = if i == form.field {
            &form.input
        } else {
            other = LineInput::new(w.document().draft().field(&field.key));
            &other
        };
        let y = body.y + 2 + (i - first) as u16 * FIELD_ROWS;
        if y + 1 >= body.bottom() {
            break;
        }
        let focused = i == form.field;
        let mark = if field.required { "＊" } else { "　" };
        let label_style = if focused {
            theme.focused()
        } else {
            theme.title()
        };
        let (shown, col) = input.window(input_cells.saturating_sub(1) as usize, amb);
        let missing = field.required && input.text().trim().is_empty() && !focused;
        let value_style = if focused {
            theme.chosen()
        } else {
            Default::default()
        };
        let pad = " ".repeat((input_cells as usize).saturating_sub(str_width(shown, amb)));
        let line = Line::from(vec![
            Span::styled(format!("{}{mark}", field.label), label_style),
            Span::raw(
                " ".repeat((label_cells as usize).saturating_sub(str_width(&field.label, amb) + 2)),
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
    hint_bar(frame, hints, Mode::Form, HINTS, theme);
    cursor
}
