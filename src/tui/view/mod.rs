//! Drawing: `view(&App, &mut Frame)` draws the whole screen from the model and puts the real
//! terminal cursor at the caret, so the writer's input method opens where they type. Each
//! screen's drawing is in its own file under `tui::screen`; the pieces they share (theme, step
//! bar, status and hint bars, styled rows over the shared layout, the preview) are here and in
//! [`widgets`] and [`preview`].

pub mod preview;
pub mod widgets;

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Clear, Paragraph};

use super::app::{App, MIN_HEIGHT, MIN_WIDTH, Screen};
use super::screen::{dialog, form, part, review, start};
use super::wizard::StepState;
use crate::text::layout::Row;
use crate::text::width::{Ambiguous, graphemes, is_ambiguous, str_width};

/// Draws the app and returns where the terminal cursor was put, if anywhere.
pub fn view(app: &App, frame: &mut Frame) -> Option<Position> {
    draw(app, frame, true)
}

/// Draws the app but for the preview, whose area is left blank for the caller to put back the
/// cells last drawn there (`tui::pacing::Pacing::hold`).
pub fn view_holding_preview(app: &App, frame: &mut Frame) -> Option<Position> {
    draw(app, frame, false)
}

fn draw(app: &App, frame: &mut Frame, preview: bool) -> Option<Position> {
    let area = frame.area();
    let theme = Theme::new(app.colors, app.ambiguous);
    if app.too_small() {
        too_small(frame, area, &theme);
        return None;
    }
    let mut cursor = match &app.screen {
        Screen::Start(start) => start::draw(frame, area, app, start, &theme),
        Screen::Wizard(w) => match w.step_state() {
            StepState::Form(f) => form::draw(frame, area, app, w, f, &theme),
            StepState::Part(p) => part::draw(frame, area, app, w, p, &theme, preview),
            StepState::Review(r) => review::draw(frame, area, app, w, r, &theme),
        },
    };
    if let Some(d) = &app.dialog {
        cursor = dialog::draw(frame, area, d, &theme);
    } else if let Some(notice) = app.long_notice() {
        widgets::notice_box(frame, area, notice, &theme);
    }
    // The cursor is only ever put inside the screen.
    let cursor = cursor.filter(|p| p.x < area.right() && p.y < area.bottom());
    if let Some(position) = cursor {
        frame.set_cursor_position(position);
    }
    cursor
}

/// How the screen is framed: whether a dialog is open, and where and how the preview is drawn
/// if it is on screen and nothing covers it. While this stays the same, a frame may keep the
/// preview's cells as they were (`tui::pacing`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Framing {
    pub dialog: bool,
    pub preview: Option<preview::Shown>,
}

pub fn framing(app: &App) -> Framing {
    let preview = match &app.screen {
        Screen::Wizard(w) if !app.too_small() && app.dialog.is_none() => {
            part::preview_shown(app, w)
        }
        _ => None,
    };
    Framing {
        dialog: app.dialog.is_some(),
        preview,
    }
}

fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    frame.render_widget(Clear, area);
    let text = vec![
        Line::styled("终端太小", theme.title()),
        Line::raw(format!("至少需要 {MIN_WIDTH}×{MIN_HEIGHT}")),
        Line::raw(format!("现在是 {}×{}", area.width, area.height)),
        Line::raw("请放大窗口"),
    ];
    let top = area.height.saturating_sub(text.len() as u16) / 2;
    let area = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    put(
        frame,
        Paragraph::new(text).alignment(ratatui::layout::Alignment::Center),
        area,
        theme,
    );
}

/// Colours, emphasis and line glyphs. A plain variant serves `NO_COLOR` and monochrome
/// terminals; only the 16 basic colours are used, so every terminal shows them. Box-drawing
/// lines are East Asian "ambiguous" characters, drawn two cells wide by terminals set up for
/// Chinese, so there the borders are plain ASCII.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    colors: bool,
    ambiguous: Ambiguous,
}

impl Theme {
    pub fn new(colors: bool, ambiguous: Ambiguous) -> Theme {
        Theme { colors, ambiguous }
    }

    /// How wide the terminal draws ambiguous-width characters.
    pub fn ambiguous(&self) -> Ambiguous {
        self.ambiguous
    }

    /// The lines boxes are drawn with.
    pub fn border(&self) -> ratatui::symbols::border::Set<'static> {
        match self.ambiguous {
            Ambiguous::Narrow => ratatui::symbols::border::PLAIN,
            Ambiguous::Wide => ratatui::symbols::border::Set {
                top_left: "+",
                top_right: "+",
                bottom_left: "+",
                bottom_right: "+",
                vertical_left: "|",
                vertical_right: "|",
                horizontal_top: "-",
                horizontal_bottom: "-",
            },
        }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.colors { colored } else { plain }
    }

    /// A place still to fill.
    pub fn slot(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Yellow),
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
        )
    }

    /// A `{字段}` the tool fills in from the form.
    pub fn field(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Green),
            Style::new().add_modifier(Modifier::ITALIC),
        )
    }

    /// The selected place to fill, which typing replaces.
    pub fn selection(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Cyan),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// The selected item of a list.
    pub fn chosen(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Cyan),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    pub fn dim(&self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new())
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The border and title of the box that has the focus.
    pub fn focused(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn unfocused(&self) -> Style {
        self.dim()
    }

    pub fn ok(&self) -> Style {
        self.pick(Style::new().fg(Color::Green), Style::new())
    }

    pub fn warn(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn error(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
}

/// One screen row of `text` as a line, with `styles` (byte ranges of `text`) applied.
pub fn styled_row(
    text: &str,
    row: Row,
    styles: &[(Range<usize>, Style)],
    base: Style,
) -> Line<'static> {
    let mut spans = Vec::new();
    let mut at = row.start;
    let mut cuts: Vec<usize> = styles
        .iter()
        .flat_map(|(r, _)| [r.start, r.end])
        .filter(|&b| b > row.start && b < row.end)
        .collect();
    cuts.push(row.end);
    cuts.sort_unstable();
    cuts.dedup();
    for cut in cuts {
        if cut <= at {
            continue;
        }
        let style = styles
            .iter()
            .rev()
            .find(|(r, _)| r.start <= at && at < r.end)
            .map_or(base, |(_, s)| base.patch(*s));
        spans.push(Span::styled(text[at..cut].to_string(), style));
        at = cut;
    }
    Line::from(spans)
}

/// Draws a widget. Where the terminal draws ambiguous-width characters (“ ” … — ·) two cells
/// wide, ratatui's buffer would still give them one and every later cell of the row would be
/// off by one; so the widget is drawn into a scratch buffer and copied over with a second,
/// skipped cell after each such character. The text was laid out with the same widths, so it
/// fits; anything that would pass the area's right edge is cut.
pub fn put<W: ratatui::widgets::Widget>(frame: &mut Frame, widget: W, area: Rect, theme: &Theme) {
    let area = clamp(area, frame.area());
    if theme.ambiguous == Ambiguous::Narrow || area.is_empty() {
        frame.render_widget(widget, area);
        return;
    }
    let mut scratch = ratatui::buffer::Buffer::empty(area);
    widget.render(area, &mut scratch);
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        let mut to = area.left();
        for x in area.left()..area.right() {
            if to >= area.right() {
                break;
            }
            let mut cell = scratch[(x, y)].clone();
            let wide_here = is_ambiguous(cell.symbol());
            if wide_here && to + 1 >= area.right() {
                // Two cells do not fit: the terminal would carry it past the edge.
                cell.set_symbol(" ");
            }
            buffer[(to, y)] = cell;
            to += 1;
            if wide_here && to < area.right() {
                buffer[(to, y)].reset();
                buffer[(to, y)].set_diff_option(ratatui::buffer::CellDiffOption::Skip);
                to += 1;
            }
        }
    }
}

/// Draws text already laid out: one line per row from the top of `area`, each cut at its right
/// edge. This is `Paragraph` without its reflow machinery, which measured every grapheme twice
/// and cost more than the rest of a frame; and ambiguous-width characters get the cells the
/// terminal draws them in, the second one never sent (see [`put`]).
pub fn put_text<'a>(frame: &mut Frame, text: impl Into<Text<'a>>, area: Rect, theme: &Theme) {
    let area = clamp(area, frame.area());
    let text = text.into();
    let buffer = frame.buffer_mut();
    for (line, y) in text.lines.iter().zip(area.top()..area.bottom()) {
        let base = text.style.patch(line.style);
        let mut x = area.left();
        'line: for span in &line.spans {
            let style = base.patch(span.style);
            for (grapheme, cells) in graphemes(&span.content, theme.ambiguous) {
                if cells == 0 {
                    continue;
                }
                if usize::from(x) + cells > usize::from(area.right()) {
                    break 'line;
                }
                buffer[(x, y)].set_symbol(grapheme).set_style(style);
                let drawn_wide = theme.ambiguous == Ambiguous::Wide && is_ambiguous(grapheme);
                for covered in x + 1..x + cells as u16 {
                    let cell = &mut buffer[(covered, y)];
                    cell.reset();
                    if drawn_wide {
                        cell.set_diff_option(ratatui::buffer::CellDiffOption::Skip);
                    }
                }
                x += cells as u16;
            }
        }
    }
}

/// Clears `rect` for a box drawn over the screen. A two-cell character under its left edge is
/// blanked too: the terminal would keep it whole and lose the box's edge, since the cell after a
/// wide character is never sent.
pub fn clear(frame: &mut Frame, rect: Rect, theme: &Theme) {
    let rect = clamp(rect, frame.area());
    frame.render_widget(Clear, rect);
    if rect.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in rect.top()..rect.bottom() {
        let cell = &mut buffer[(rect.x - 1, y)];
        if str_width(cell.symbol(), theme.ambiguous) > 1 {
            cell.set_symbol(" ");
        }
    }
}

/// Cuts `area` to the screen, so nothing is ever drawn outside the buffer.
pub fn clamp(area: Rect, screen: Rect) -> Rect {
    area.intersection(screen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::buffer::CellDiffOption;

    fn row_cells(ambiguous: Ambiguous) -> Vec<(String, bool)> {
        drawn_cells(ambiguous, |frame, theme| {
            put(frame, Paragraph::new("“两个”维护"), frame.area(), theme);
        })
    }

    fn drawn_cells(ambiguous: Ambiguous, draw: impl Fn(&mut Frame, &Theme)) -> Vec<(String, bool)> {
        let mut terminal = Terminal::new(TestBackend::new(12, 1)).unwrap();
        let mut drawn = None;
        terminal
            .draw(|frame| {
                let theme = Theme::new(false, ambiguous);
                draw(frame, &theme);
                // The frame's own cells: skipped ones never reach the backend.
                drawn = Some(frame.buffer_mut().clone());
            })
            .unwrap();
        let buffer = drawn.unwrap();
        (0..12)
            .map(|x| {
                let cell = &buffer[(x, 0)];
                (
                    cell.symbol().to_string(),
                    cell.diff_option == CellDiffOption::Skip,
                )
            })
            .collect()
    }

    #[test]
    fn wide_ambiguous_characters_get_two_cells_and_the_row_stays_in_step() {
        let cells = row_cells(Ambiguous::Wide);
        assert_eq!(cells[0], ("“".to_string(), false));
        assert!(cells[1].1, "the second cell of “ is not written");
        assert_eq!(cells[2].0, "两");
        assert_eq!(cells[6].0, "”");
        assert!(cells[7].1);
        assert_eq!(cells[8].0, "维");
    }

    #[test]
    fn text_is_drawn_cell_for_cell_as_a_paragraph_would_be() {
        for ambiguous in [Ambiguous::Narrow, Ambiguous::Wide] {
            for line in [
                "“两个”维护",
                "GDP增长5%…",
                "超过十二格的一行会被截断",
                "a一二三四五“",
            ] {
                let ours = drawn_cells(ambiguous, |frame, theme| {
                    put_text(frame, line, frame.area(), theme);
                });
                let paragraph = drawn_cells(ambiguous, |frame, theme| {
                    put(frame, Paragraph::new(line), frame.area(), theme);
                });
                assert_eq!(ours, paragraph, "{line} {ambiguous:?}");
            }
        }
    }

    #[test]
    fn a_box_over_text_blanks_the_wide_character_its_edge_cuts() {
        let cells = drawn_cells(Ambiguous::Narrow, |frame, theme| {
            put_text(frame, "述职报告", frame.area(), theme);
            clear(frame, Rect::new(3, 0, 4, 1), theme);
        });
        let symbols: Vec<&str> = cells.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            symbols[..4],
            ["述", " ", " ", " "],
            "职 is cut at its right half"
        );
    }

    #[test]
    fn narrow_terminals_are_drawn_as_ratatui_does() {
        let cells = row_cells(Ambiguous::Narrow);
        assert_eq!(cells[1].0, "两");
        assert!(cells.iter().all(|(_, skip)| !skip));
    }
}
