//! When to draw. Over SSH every byte the wizard writes is on the writer's link, so a burst of
//! keys must not cost two panes per key.
//!
//! Every batch of input is answered at once with a frame: the editor, the caret, the counts. Two
//! things on screen do not answer the key, and while keys come less than [`PAUSE`] apart (a
//! burst: fast typing, a held key, an input method's quick commits) they wait:
//! - the preview beside the editor keeps the cells it showed, and is brought up to date with a
//!   key at least every [`PREVIEW_EVERY`] and when the keys pause;
//! - news from the background (a save that finished) is drawn with the next key's frame, or when
//!   the keys pause.
//!
//! Keys further apart draw everything, each in one frame. So does anything that changes how the
//! screen is framed ([`Framing`]): a dialog opening or closing, a resize, another step, scrolling
//! or focusing the preview. The preview follows the caret into another paragraph at its next
//! refresh.
//!
//! This is the shell's business, not the model's: `update` and `view` stay pure, and the cells
//! held back are exactly the ones last drawn, so what the writer sees is always a real frame.

use std::time::{Duration, Instant};

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;

use super::view::Framing;

/// Keys less than this apart are a burst; what waits is drawn this long after the last key.
pub const PAUSE: Duration = Duration::from_millis(50);
/// During a burst the preview is brought up to date with a key at least this often.
pub const PREVIEW_EVERY: Duration = Duration::from_millis(100);

/// What the next frame draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Draw {
    /// Everything, up to date.
    All,
    /// Everything but the preview, which keeps the cells it showed ([`Pacing::hold`]).
    HoldPreview,
    /// Nothing yet: the frame is owed, drawn at [`Pacing::deadline`] or with the next key.
    Later,
}

/// The preview's cells as last drawn up to date, and where they are.
struct Held {
    area: Rect,
    cells: Vec<Cell>,
}

#[derive(Default)]
pub struct Pacing {
    last_input: Option<Instant>,
    /// How the last frame drawn was framed.
    framing: Option<Framing>,
    preview_drawn: Option<Instant>,
    held: Option<Held>,
    /// Something on screen is behind the model: drawn at the deadline.
    owed: bool,
}

impl Pacing {
    /// Decides the frame after a batch: `input` when it held terminal events (keys, a paste, a
    /// resize), not only a timer or a finished save; `framing` is how the screen is framed now.
    pub fn decide(&mut self, now: Instant, input: bool, framing: Framing) -> Draw {
        let burst = self.last_input.is_some_and(|at| now - at < PAUSE);
        if input {
            self.last_input = Some(now);
        }
        let same_frame = self.framing == Some(framing);
        if !input {
            return if burst && same_frame {
                self.owed = true;
                Draw::Later
            } else {
                Draw::All
            };
        }
        let fresh = self
            .preview_drawn
            .is_some_and(|at| now - at < PREVIEW_EVERY);
        if burst && same_frame && fresh && framing.preview.is_some() {
            self.owed = true;
            Draw::HoldPreview
        } else {
            Draw::All
        }
    }

    /// When the owed frame is to be drawn, if one is.
    pub fn deadline(&self) -> Option<Instant> {
        self.owed
            .then(|| self.last_input.map(|at| at + PAUSE))
            .flatten()
    }

    /// After a frame is drawn as `draw`: what it showed. After [`Draw::All`] nothing is owed, and
    /// the preview's cells are kept for the frames that hold it back.
    pub fn drawn(&mut self, now: Instant, draw: Draw, buffer: &Buffer, framing: Framing) {
        self.framing = Some(framing);
        if draw != Draw::All {
            return;
        }
        self.owed = false;
        self.preview_drawn = Some(now);
        self.held = framing.preview.map(|shown| {
            let area = shown.area.intersection(buffer.area);
            Held {
                area,
                cells: area.positions().map(|p| buffer[p].clone()).collect(),
            }
        });
    }

    /// In a frame drawn with [`Draw::HoldPreview`], where the view left the preview's area
    /// blank: puts back the cells last drawn there.
    pub fn hold(&self, buffer: &mut Buffer) {
        let Some(held) = &self.held else { return };
        // Only onto the screen they were taken from (a resize not yet seen by the model).
        if buffer.area.intersection(held.area) != held.area {
            return;
        }
        for (p, cell) in held.area.positions().zip(&held.cells) {
            buffer[p] = cell.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::view::preview::Shown;

    fn preview(offset: isize) -> Framing {
        Framing {
            dialog: false,
            preview: Some(Shown {
                area: Rect::new(60, 5, 10, 4),
                step: 2,
                offset,
                focused: false,
            }),
        }
    }

    const NO_PREVIEW: Framing = Framing {
        dialog: false,
        preview: None,
    };

    const DIALOG: Framing = Framing {
        dialog: true,
        preview: None,
    };

    fn ms(start: Instant, n: u64) -> Instant {
        start + Duration::from_millis(n)
    }

    fn screen() -> Buffer {
        Buffer::empty(Rect::new(0, 0, 80, 24))
    }

    /// Decides and records the frame, as the loop does.
    fn frame(p: &mut Pacing, at: Instant, input: bool, framing: Framing) -> Draw {
        let draw = p.decide(at, input, framing);
        if draw != Draw::Later {
            p.drawn(at, draw, &screen(), framing);
        }
        draw
    }

    #[test]
    fn keys_further_apart_than_a_pause_draw_everything_each_time() {
        let t = Instant::now();
        let mut p = Pacing::default();
        for i in 0..5 {
            assert_eq!(frame(&mut p, ms(t, i * 70), true, preview(0)), Draw::All);
            assert_eq!(p.deadline(), None);
        }
    }

    #[test]
    fn a_burst_holds_the_preview_but_brings_it_up_to_date_every_interval_and_after_the_pause() {
        let t = Instant::now();
        let mut p = Pacing::default();
        let draws: Vec<Draw> = (0..10)
            .map(|i| frame(&mut p, ms(t, i * 30), true, preview(0)))
            .collect();
        let all: Vec<usize> = (0..10).filter(|&i| draws[i] == Draw::All).collect();
        // Keys 30 ms apart: the preview every fourth key (0, 120, 240 ms).
        assert_eq!(all, [0, 4, 8]);
        // The last key held it back: it is drawn when the keys pause.
        assert_eq!(p.deadline(), Some(ms(t, 270) + PAUSE));
        assert_eq!(frame(&mut p, ms(t, 320), false, preview(0)), Draw::All);
        assert_eq!(p.deadline(), None);
    }

    #[test]
    fn a_key_that_scrolls_the_preview_or_opens_a_dialog_draws_at_once() {
        let t = Instant::now();
        let mut p = Pacing::default();
        assert_eq!(frame(&mut p, t, true, preview(0)), Draw::All);
        assert_eq!(frame(&mut p, ms(t, 20), true, preview(1)), Draw::All);
        assert_eq!(frame(&mut p, ms(t, 40), true, DIALOG), Draw::All);
    }

    #[test]
    fn a_save_landing_during_a_burst_waits_for_the_next_key_or_the_pause() {
        let t = Instant::now();
        let mut p = Pacing::default();
        assert_eq!(frame(&mut p, t, true, NO_PREVIEW), Draw::All);
        assert_eq!(frame(&mut p, ms(t, 20), false, NO_PREVIEW), Draw::Later);
        assert_eq!(p.deadline(), Some(t + PAUSE));
        // The next key's frame shows it.
        assert_eq!(frame(&mut p, ms(t, 30), true, NO_PREVIEW), Draw::All);
        assert_eq!(p.deadline(), None);
        // Landing after the keys paused: at once.
        assert_eq!(frame(&mut p, ms(t, 200), false, NO_PREVIEW), Draw::All);
    }

    #[test]
    fn a_dialog_that_opens_by_itself_during_a_burst_is_drawn_at_once() {
        // The autosave found the draft changed on disk: the box must be seen before the next key.
        let t = Instant::now();
        let mut p = Pacing::default();
        assert_eq!(frame(&mut p, t, true, NO_PREVIEW), Draw::All);
        assert_eq!(frame(&mut p, ms(t, 20), false, DIALOG), Draw::All);
    }

    #[test]
    fn held_cells_are_the_ones_last_drawn() {
        let t = Instant::now();
        let mut p = Pacing::default();
        let mut drawn = screen();
        drawn[(60, 5)].set_symbol("旧");
        assert_eq!(p.decide(t, true, preview(0)), Draw::All);
        p.drawn(t, Draw::All, &drawn, preview(0));
        let mut next = screen();
        next[(10, 5)].set_symbol("字");
        assert_eq!(p.decide(ms(t, 10), true, preview(0)), Draw::HoldPreview);
        p.hold(&mut next);
        assert_eq!(next[(60, 5)].symbol(), "旧");
        assert_eq!(
            next[(10, 5)].symbol(),
            "字",
            "outside the preview: this frame's"
        );
    }
}
