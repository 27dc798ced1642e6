//! The terminal backend: ratatui's crossterm backend, made frugal for slow SSH links.
//!
//! Every byte written is a packet on the writer's link. ratatui-crossterm moves the cursor
//! before every cell that is not exactly one column after the last one, so in Chinese text,
//! where each character is two columns wide, every character costs a cursor move (about 8
//! bytes) as well as its own 3. This backend knows where the terminal's cursor is after each
//! symbol and moves it only when it is not already there; after an ambiguous-width character
//! (“ … —), which a terminal may draw one or two cells wide, it moves unless this terminal was
//! measured at start (a configured width is the writer's word for it, which may not hold for the
//! terminal they connect from today: then the old way keeps each row in place). It also queues
//! everything, cursor and all, into one buffer that the end of a frame writes in one go, so a
//! frame is one write and, over SSH, one packet. Colours and attributes are set as
//! ratatui-crossterm sets them.

use std::io::{self, BufWriter, Write};

use ratatui::backend::{Backend, ClearType, IntoCrossterm, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::cursor::{Hide, MoveRight, MoveTo, Show};
use ratatui::crossterm::queue;
use ratatui::crossterm::style::{
    Attribute, Color as CColor, Colors, Print, SetAttribute, SetBackgroundColor, SetColors,
    SetForegroundColor,
};
use ratatui::crossterm::terminal::{self, Clear};
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

use crate::text::width::{Ambiguous, is_ambiguous, str_width};

/// Large enough for a whole frame of a big terminal, so a frame is written at once.
const FRAME_BUFFER_BYTES: usize = 64 * 1024;

pub struct FrugalBackend<W: Write> {
    writer: BufWriter<W>,
    /// Whether the terminal's cursor is shown, to send show/hide only when it changes.
    cursor_shown: Option<bool>,
    /// How this terminal draws ambiguous-width characters, once that is known.
    ambiguous: Option<Ambiguous>,
}

impl<W: Write> FrugalBackend<W> {
    pub fn new(writer: W) -> FrugalBackend<W> {
        FrugalBackend {
            writer: BufWriter::with_capacity(FRAME_BUFFER_BYTES, writer),
            cursor_shown: None,
            ambiguous: None,
        }
    }

    /// The terminal's cursor may have been shown or hidden behind our back: the next frame says
    /// which it is.
    pub fn forget_cursor(&mut self) {
        self.cursor_shown = None;
    }

    /// The terminal was measured to draw ambiguous-width characters this wide: the cursor need
    /// not be placed again after each.
    pub fn know_ambiguous(&mut self, ambiguous: Ambiguous) {
        self.ambiguous = Some(ambiguous);
    }

    /// How far the terminal surely moves its cursor after printing `symbol`, if that is certain.
    fn certain_advance(&self, symbol: &str) -> Option<u16> {
        let cells = match self.ambiguous {
            Some(known) => str_width(symbol, known),
            None if !is_ambiguous(symbol) => str_width(symbol, Ambiguous::Narrow),
            None => return None,
        };
        Some(cells as u16)
    }
}

impl<W: Write> Backend for FrugalBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut fg = Color::Reset;
        let mut bg = Color::Reset;
        let mut modifier = Modifier::empty();
        // Where the terminal's cursor is now, when that is known for sure.
        let mut at: Option<Position> = None;
        for (x, y, cell) in content {
            if at != Some(Position { x, y }) {
                move_cursor(&mut self.writer, at, Position { x, y })?;
            }
            if cell.modifier != modifier {
                queue_modifier_change(&mut self.writer, modifier, cell.modifier)?;
                modifier = cell.modifier;
            }
            if cell.fg != fg || cell.bg != bg {
                queue!(
                    self.writer,
                    SetColors(Colors::new(
                        cell.fg.into_crossterm(),
                        cell.bg.into_crossterm()
                    ))
                )?;
                fg = cell.fg;
                bg = cell.bg;
            }
            queue!(self.writer, Print(cell.symbol()))?;
            at = self
                .certain_advance(cell.symbol())
                .map(|w| Position { x: x + w.max(1), y });
        }
        queue!(
            self.writer,
            SetForegroundColor(CColor::Reset),
            SetBackgroundColor(CColor::Reset),
            SetAttribute(Attribute::Reset),
        )
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(false) {
            queue!(self.writer, Hide)?;
            self.cursor_shown = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(true) {
            queue!(self.writer, Show)?;
            self.cursor_shown = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.writer.flush()?;
        ratatui::crossterm::cursor::position().map(|(x, y)| Position { x, y })
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let Position { x, y } = position.into();
        queue!(self.writer, MoveTo(x, y))
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        let kind = match clear_type {
            ClearType::All => terminal::ClearType::All,
            ClearType::AfterCursor => terminal::ClearType::FromCursorDown,
            ClearType::BeforeCursor => terminal::ClearType::FromCursorUp,
            ClearType::CurrentLine => terminal::ClearType::CurrentLine,
            ClearType::UntilNewLine => terminal::ClearType::UntilNewLine,
        };
        queue!(self.writer, Clear(kind))
    }

    fn size(&self) -> io::Result<Size> {
        let (width, height) = terminal::size()?;
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let size = terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size {
                width: size.columns,
                height: size.rows,
            },
            pixels: Size {
                width: size.width,
                height: size.height,
            },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// The attribute changes from `from` to `to`, as ratatui-crossterm sends them.
/// Moves the cursor from `from`, where it surely is if known, to `to`, in few bytes: to the start
/// of the next row with a carriage return and a move down, further along a row with a move
/// forward, else to the cell. (Not CR LF: the standard output splits its writes at a newline, and
/// a frame must leave in one write.)
fn move_cursor<W: Write>(w: &mut W, from: Option<Position>, to: Position) -> io::Result<()> {
    match from {
        Some(from) if to.x == 0 && to.y == from.y + 1 => w.write_all(b"\r\x1b[B"),
        Some(from) if to.y == from.y && to.x > from.x => queue!(w, MoveRight(to.x - from.x)),
        _ => queue!(w, MoveTo(to.x, to.y)),
    }
}

fn queue_modifier_change<W: Write>(w: &mut W, from: Modifier, to: Modifier) -> io::Result<()> {
    let removed = from - to;
    if removed.contains(Modifier::REVERSED) {
        queue!(w, SetAttribute(Attribute::NoReverse))?;
    }
    let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
    if reset_intensity {
        // Bold and dim are both undone by normal intensity; what remains is set again.
        queue!(w, SetAttribute(Attribute::NormalIntensity))?;
        if to.contains(Modifier::DIM) {
            queue!(w, SetAttribute(Attribute::Dim))?;
        }
        if to.contains(Modifier::BOLD) {
            queue!(w, SetAttribute(Attribute::Bold))?;
        }
    }
    for (modifier, off) in [
        (Modifier::ITALIC, Attribute::NoItalic),
        (Modifier::UNDERLINED, Attribute::NoUnderline),
        (Modifier::CROSSED_OUT, Attribute::NotCrossedOut),
        (Modifier::HIDDEN, Attribute::NoHidden),
    ] {
        if removed.contains(modifier) {
            queue!(w, SetAttribute(off))?;
        }
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        queue!(w, SetAttribute(Attribute::NoBlink))?;
    }
    let added = to - from;
    for (modifier, on) in [
        (Modifier::REVERSED, Attribute::Reverse),
        (Modifier::ITALIC, Attribute::Italic),
        (Modifier::UNDERLINED, Attribute::Underlined),
        (Modifier::CROSSED_OUT, Attribute::CrossedOut),
        (Modifier::SLOW_BLINK, Attribute::SlowBlink),
        (Modifier::RAPID_BLINK, Attribute::RapidBlink),
        (Modifier::HIDDEN, Attribute::Hidden),
    ] {
        if added.contains(modifier) {
            queue!(w, SetAttribute(on))?;
        }
    }
    if !reset_intensity {
        if added.contains(Modifier::BOLD) {
            queue!(w, SetAttribute(Attribute::Bold))?;
        }
        if added.contains(Modifier::DIM) {
            queue!(w, SetAttribute(Attribute::Dim))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::text::Line;
    use ratatui::widgets::Paragraph;

    /// The bytes of one frame showing `text` at the top-left, drawn after `before`.
    fn frame_bytes(before: &str, text: &str) -> Vec<u8> {
        frame_bytes_with(FrugalBackend::new(Vec::new()), before, text)
    }

    /// The bytes of a first frame showing `text` wrapped over the rows of a 40×2 screen.
    fn frame_bytes_wrapped(text: &str) -> Vec<u8> {
        let mut terminal = Terminal::with_options(
            FrugalBackend::new(Vec::new()),
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 40, 2)),
            },
        )
        .unwrap();
        terminal
            .draw(|f| {
                let text =
                    Paragraph::new(text.to_string()).wrap(ratatui::widgets::Wrap { trim: false });
                f.render_widget(text, f.area());
            })
            .unwrap();
        terminal.backend().writer.get_ref().clone()
    }

    fn frame_bytes_with(backend: FrugalBackend<Vec<u8>>, before: &str, text: &str) -> Vec<u8> {
        let mut terminal = Terminal::with_options(
            backend,
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 40, 2)),
            },
        )
        .unwrap();
        terminal
            .draw(|f| f.render_widget(Paragraph::new(Line::raw(before.to_string())), f.area()))
            .unwrap();
        let start = terminal.backend().writer.get_ref().len();
        terminal
            .draw(|f| f.render_widget(Paragraph::new(Line::raw(text.to_string())), f.area()))
            .unwrap();
        terminal.backend().writer.get_ref()[start..].to_vec()
    }

    #[test]
    fn chinese_text_is_written_without_a_cursor_move_per_character() {
        let bytes = frame_bytes("", "全年完成固定资产投资");
        let moves = bytes.windows(2).filter(|w| w == b"\x1b[").count();
        let text = "全年完成固定资产投资".len();
        // One move to the start, the colour and attribute reset at the end, the cursor hidden.
        assert!(
            moves <= 6,
            "{moves} escape sequences: {:?}",
            String::from_utf8_lossy(&bytes)
        );
        assert!(bytes.len() < text + 40, "{} bytes", bytes.len());
    }

    #[test]
    fn after_an_ambiguous_character_the_cursor_is_placed_again() {
        let bytes = frame_bytes("", "“两”");
        let text = String::from_utf8_lossy(&bytes);
        // “ may take one cell or two: the next character is positioned explicitly.
        assert!(
            text.contains("“\x1b[1;2H两") || text.contains("“\u{1b}[1;2H"),
            "{text:?}"
        );
    }

    #[test]
    fn a_frame_of_many_rows_holds_no_newline() {
        // The standard output splits a write at its last newline: a frame with one would leave
        // in two writes, two packets over SSH.
        let rows = frame_bytes_wrapped(&"述职报告".repeat(20));
        assert!(!rows.contains(&b'\n'));
        assert!(
            rows.windows(4).any(|w| w == b"\r\x1b[B"),
            "next row by CR and down"
        );
    }

    #[test]
    fn short_moves_take_few_bytes() {
        let mut out = Vec::new();
        move_cursor(&mut out, Some(Position::new(7, 0)), Position::new(0, 1)).unwrap();
        assert_eq!(out, b"\r\x1b[B");
        out.clear();
        move_cursor(&mut out, Some(Position::new(2, 3)), Position::new(12, 3)).unwrap();
        assert_eq!(out, b"\x1b[10C");
        out.clear();
        move_cursor(&mut out, None, Position::new(12, 3)).unwrap();
        assert_eq!(out, b"\x1b[4;13H");
    }

    #[test]
    fn once_the_ambiguous_width_is_known_the_cursor_runs_on() {
        let mut backend = FrugalBackend::new(Vec::new());
        backend.know_ambiguous(Ambiguous::Narrow);
        let bytes = frame_bytes_with(backend, "", "“两”");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("“两”"), "{text:?}");
    }

    #[test]
    fn a_frame_leaves_in_one_write() {
        struct CountingWriter(usize);
        impl Write for CountingWriter {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0 += 1;
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut terminal = Terminal::with_options(
            FrugalBackend::new(CountingWriter(0)),
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 120, 40)),
            },
        )
        .unwrap();
        let text = "述职报告".repeat(600);
        terminal
            .draw(|f| {
                f.render_widget(
                    Paragraph::new(text.clone()).wrap(ratatui::widgets::Wrap { trim: false }),
                    f.area(),
                );
                f.set_cursor_position((3, 3));
            })
            .unwrap();
        assert_eq!(terminal.backend().writer.get_ref().0, 1);
    }
}
