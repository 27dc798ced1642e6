//! 导入对照: after 从已有报告导入 has read the report, the whole mapping in a box the writer reads
//! before the draft is made — every part of the template with what went there (which heading,
//! by which rule, how many paragraphs and 字), what went to the title, the fields and the
//! signature, what was left over — and lets any piece be moved to another part. Enter makes the
//! draft and opens it; Esc goes back to the import box and writes nothing.
//!
//! The box holds the report as read, so a move is the import run again with that piece's part
//! chosen ([`import::import_moved`]): what the box shows is exactly the draft Enter makes.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::{Dialog, ImportDialog, Reply, centred};
use crate::import::{self, Imported, Piece, ReportText};
use crate::template::{Registry, Template};
use crate::text::layout::wrap;
use crate::text::width::{Ambiguous, str_width};
use crate::tui::app::{App, Effect};
use crate::tui::keymap::{Action, Hint, Mode, first_key};
use crate::tui::view::widgets::push_hint;
use crate::tui::view::{Theme, put_text};

/// The widest the box is drawn, borders included.
const MAPPING_CELLS: u16 = 100;
/// Rows of the screen left for the hint bar under the box.
const HINT_ROWS: u16 = 1;

/// What the hint bar under the box says, each with its actions (keys from the keymap).
pub(crate) const HINTS: &[Hint] = &[
    Hint::new(&[Action::Up, Action::Down], "选一项"),
    Hint::new(&[Action::Left, Action::Right], "移到上/下一部分"),
    Hint::new(&[Action::PageUp, Action::PageDown], "翻页"),
    Hint::new(&[Action::Enter], "采用并打开"),
    Hint::new(&[Action::Close], "返回"),
];

/// The report as read, the draft it makes, and the writer's moves.
#[derive(Clone, Debug)]
pub struct MappingDialog {
    /// The import box it came from, to go back to.
    pub import: ImportDialog,
    pub path: PathBuf,
    pub text: ReportText,
    pub options: import::Options,
    pub template: Template,
    /// The writer's moves: a piece of the report, and the template part (index) it goes to.
    pub moves: BTreeMap<Piece, usize>,
    /// The import with those moves.
    pub imported: Imported,
    /// The piece chosen with ⇡⇣, which ←→ move.
    pub selected: Option<Piece>,
    /// The first row shown.
    pub scroll: usize,
    /// Why the draft could not be made (the drafts folder, the disk).
    pub error: Option<String>,
}

/// How a row of the box is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Look {
    Plain,
    Title,
    Dim,
    Warn,
    /// A piece of the report: chosen or not.
    Piece(Piece),
}

/// One row of the box, wrapped to its width.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Row {
    text: String,
    look: Look,
}

impl MappingDialog {
    /// The mapping of the report read from `path`, by the template its title names; the import
    /// box's own error when it cannot be made into a draft.
    pub fn read(
        registry: &Registry,
        import: ImportDialog,
        path: PathBuf,
        text: ReportText,
        options: import::Options,
    ) -> Result<MappingDialog, String> {
        let (template, why) =
            import::choose_template(&text, registry, None).map_err(|d| d.message)?;
        let mut imported = import::import(&text, template, options).map_err(|d| d.message)?;
        imported.notes.insert(0, why);
        let selected = imported.mapping.first().map(|p| p.piece);
        Ok(MappingDialog {
            import,
            path,
            template: template.clone(),
            text,
            options,
            moves: BTreeMap::new(),
            imported,
            selected,
            scroll: 0,
            error: None,
        })
    }

    /// The pieces in the order the box lists them: by template part, then as in the report.
    fn order(&self) -> Vec<Piece> {
        let mut placed: Vec<(usize, Piece)> = self
            .imported
            .mapping
            .iter()
            .map(|p| (p.target, p.piece))
            .collect();
        placed.sort();
        placed.into_iter().map(|(_, piece)| piece).collect()
    }

    /// Chooses the piece `step` places before (negative) or after the chosen one.
    fn choose(&mut self, step: isize) {
        let order = self.order();
        let at = self
            .selected
            .and_then(|s| order.iter().position(|p| *p == s))
            .unwrap_or(0);
        let to = at
            .saturating_add_signed(step)
            .min(order.len().saturating_sub(1));
        self.selected = order.get(to).copied();
    }

    /// Moves the chosen piece to the part before (`-1`) or after (`1`) the one it is in, and
    /// imports again with it there.
    fn shift(&mut self, template: &Template, step: isize) {
        let Some(piece) = self.selected else { return };
        let Some(now) = self.imported.mapping.iter().find(|p| p.piece == piece) else {
            return;
        };
        let Some(to) = now
            .target
            .checked_add_signed(step)
            .filter(|t| *t < template.parts.len())
        else {
            return;
        };
        let mut moves = self.moves.clone();
        moves.insert(piece, to);
        if let Ok(mut imported) = import::import_moved(&self.text, template, self.options, &moves) {
            imported.notes.insert(0, self.imported.notes[0].clone());
            self.moves = moves;
            self.imported = imported;
        }
    }

    /// The rows of the box at `width` cells.
    fn rows(&self, template: &Template, width: usize, ambiguous: Ambiguous) -> Vec<Row> {
        let mut rows = Vec::new();
        let push = |rows: &mut Vec<Row>, first: &str, rest: &str, text: &str, look: Look| {
            push_wrapped(rows, first, rest, text, look, width, ambiguous);
        };
        if let Some(error) = &self.error {
            push(&mut rows, "", "", error, Look::Warn);
            rows.push(blank());
        }
        push(
            &mut rows,
            "",
            "",
            &format!("读了 {}，这样放进草稿：", self.path.display()),
            Look::Title,
        );
        for note in &self.imported.notes {
            push(&mut rows, "· ", "  ", note, Look::Plain);
        }
        rows.push(blank());
        push(
            &mut rows,
            "",
            "",
            &format!("模板「{}」的各部分：", template.name),
            Look::Title,
        );
        for (index, part) in template.parts.iter().enumerate() {
            let name = format!("「{}」（{}）", part.step, part.id);
            push(&mut rows, "", "  ", &name, Look::Title);
            let mut here = self
                .imported
                .mapping
                .iter()
                .filter(|p| p.target == index)
                .peekable();
            if here.peek().is_none() {
                push(
                    &mut rows,
                    "    ",
                    "    ",
                    "（空：报告中没有放到这里的内容）",
                    Look::Dim,
                );
            }
            for placement in here {
                let look = Look::Piece(placement.piece);
                push(&mut rows, "  ▸ ", "    ", &placement.from, look);
                let said = format!(
                    "{} 段 {} 字；{}",
                    placement.paragraphs,
                    placement.words,
                    placement.why()
                );
                push(&mut rows, "    ", "    ", &said, Look::Dim);
            }
        }
        rows
    }

    /// Scrolls so that the chosen piece's rows are in the box.
    fn follow(&mut self, template: &Template, app: (u16, u16, Ambiguous)) {
        let (width, height, ambiguous) = app;
        let (inner_width, inner_height) = inner_size(width, height);
        let rows = self.rows(template, inner_width, ambiguous);
        let Some(first) = rows
            .iter()
            .position(|r| self.selected.is_some_and(|s| r.look == Look::Piece(s)))
        else {
            return;
        };
        // The piece's rows and the line under them that says how it was placed.
        let last = rows[first..]
            .iter()
            .skip(1)
            .position(|r| r.look != Look::Dim)
            .map_or(rows.len() - 1, |n| first + n);
        let shown = visible(rows.len(), inner_height);
        if first < self.scroll {
            self.scroll = first;
        } else if last >= self.scroll + shown {
            self.scroll = (last + 1).saturating_sub(shown).min(first);
        }
    }

    /// Scrolls by `rows` (up when negative), no further than the last row.
    fn scroll_by(&mut self, template: &Template, app: (u16, u16, Ambiguous), rows: isize) {
        let (width, height, ambiguous) = app;
        let (inner_width, inner_height) = inner_size(width, height);
        let total = self.rows(template, inner_width, ambiguous).len();
        let last = total - visible(total, inner_height).min(total);
        self.scroll = self.scroll.saturating_add_signed(rows).min(last);
    }
}

/// How many rows of text a box `height` rows high shows of `total`: all, or all but the last,
/// which then says which rows are shown.
fn visible(total: usize, height: usize) -> usize {
    if total > height {
        height.saturating_sub(1).max(1)
    } else {
        height
    }
}

fn blank() -> Row {
    Row {
        text: String::new(),
        look: Look::Plain,
    }
}

/// `text` wrapped into rows of `width` cells by the shared layout, the first row after `first`
/// and the others after `rest`.
fn push_wrapped(
    rows: &mut Vec<Row>,
    first: &str,
    rest: &str,
    text: &str,
    look: Look,
    width: usize,
    ambiguous: Ambiguous,
) {
    let indent = str_width(first, ambiguous).max(str_width(rest, ambiguous));
    let room = width.saturating_sub(indent).max(1);
    for (n, row) in wrap(text, room, ambiguous).iter().enumerate() {
        let lead = if n == 0 { first } else { rest };
        rows.push(Row {
            text: format!("{lead}{}", &text[row.start..row.end]),
            look,
        });
    }
}

/// The cells inside the box on a screen of `width` × `height`.
fn inner_size(width: u16, height: u16) -> (usize, usize) {
    let box_width = MAPPING_CELLS.min(width);
    let box_height = height.saturating_sub(HINT_ROWS);
    (
        box_width.saturating_sub(2) as usize,
        box_height.saturating_sub(2) as usize,
    )
}

impl MappingDialog {
    /// An action while the mapping is shown.
    pub(super) fn update(&mut self, app: &mut App, action: Option<Action>) -> Reply {
        let screen = (app.width, app.height, app.ambiguous);
        let page = visible(usize::MAX, inner_size(app.width, app.height).1) as isize;
        let template = self.template.clone();
        match action {
            Some(Action::Up) => self.choose(-1),
            Some(Action::Down) => self.choose(1),
            Some(Action::Left) => self.shift(&template, -1),
            Some(Action::Right) => self.shift(&template, 1),
            Some(Action::PageUp) => {
                self.scroll_by(&template, screen, -page);
                return Reply::stay();
            }
            Some(Action::PageDown) => {
                self.scroll_by(&template, screen, page);
                return Reply::stay();
            }
            Some(Action::Enter) => {
                self.error = None;
                return Reply::Stay(vec![Effect::CreateImported(Box::new(
                    self.imported.clone(),
                ))]);
            }
            Some(Action::Close) => {
                // Back to the import box, the path as typed; nothing was written.
                app.dialog = Some(Dialog::Import(self.import.clone()));
                return Reply::close();
            }
            _ => return Reply::stay(),
        }
        self.follow(&template, screen);
        Reply::stay()
    }

    /// The box over the screen, and the hint bar under it.
    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let d = self;
        let template = &self.template;
        let box_area = Rect {
            height: area.height.saturating_sub(HINT_ROWS),
            ..area
        };
        let title = format!("导入对照：{}", d.template.id);
        let inner = centred(
            frame,
            box_area,
            MAPPING_CELLS,
            box_area.height,
            &title,
            theme,
        );
        let rows = d.rows(template, inner.width as usize, theme.ambiguous());
        let height = visible(rows.len(), inner.height as usize);
        let scroll = d.scroll.min(rows.len().saturating_sub(height));
        let mut lines: Vec<Line> = rows
            .iter()
            .skip(scroll)
            .take(height)
            .map(|row| {
                let style = match row.look {
                    Look::Plain => Style::new(),
                    Look::Title => theme.title(),
                    Look::Dim => theme.dim(),
                    Look::Warn => theme.error(),
                    Look::Piece(p) if d.selected == Some(p) => theme.chosen(),
                    Look::Piece(_) => Style::new(),
                };
                Line::styled(row.text.clone(), style)
            })
            .collect();
        // When there is more than fits, the last row says where the reader is.
        if rows.len() > height {
            let shown = (scroll + height).min(rows.len());
            lines.push(Line::styled(
                format!(
                    "（第 {}–{} 行，共 {} 行；{}/{} 翻页）",
                    scroll + 1,
                    shown,
                    rows.len(),
                    first_key(Mode::Mapping, Action::PageUp),
                    first_key(Mode::Mapping, Action::PageDown)
                ),
                theme.dim(),
            ));
        }
        put_text(frame, lines, inner, theme);

        let hints = Rect {
            y: area.bottom().saturating_sub(HINT_ROWS),
            height: HINT_ROWS.min(area.height),
            ..area
        };
        let mut spans = Vec::new();
        for hint in HINTS {
            push_hint(&mut spans, &(hint.keys(Mode::Mapping), hint.label), theme);
        }
        put_text(frame, Line::from(spans), hints, theme);
    }
}
