//! When to draw. Over SSH every byte the wizard writes is on the writer's link, so a burst of
//! keys must not cost two panes per key.
//!
//! Every batch of input is answered at once with a frame: the editor, the caret, the counts. Two
//! things on screen do not answer the key, and while keys come fast they wait:
//! - the preview beside the editor is redrawn with a key only if it was last brought up to date
//!   [`PREVIEW_EVERY`] ago; otherwise it keeps the cells it showed, and is brought up to date when
//!   the keys pause for [`PAUSE`];
//! - news from the background (a save that finished) is drawn with the next key's frame, or when
//!   the keys pause.
//!
//! Typing slower than one key per [`PREVIEW_EVERY`] draws everything with every key, as does any
//! key that moves, scrolls or uncovers the preview (its [`Shown`] changes).
//!
//! This is the shell's business, not the model's: `update` and `view` stay pure, and the cells
//! held back are exactly the ones last drawn, so what the writer sees is always a real frame.

use std::time::{Duration, Instant};

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;

use super::view::preview::Shown;

/// Keys less than this apart are a burst: what waits for a pause is drawn after it.
pub const PAUSE: Duration = Duration::from_millis(50);
/// During a burst the preview is brought up to date with a key at least this often.
pub const PREVIEW_EVERY: Duration = Duration::from_millis(100);

/// What the next frame draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Draw {
    /// Everything, up to date.
    All,
    /// Everything but the preview, which keeps the cells it showed.
    HoldPreview,
    /// Nothing yet: the frame is owed, drawn at [`Pacing::deadline`] or with the next key.
    Later,
}

/// The preview's cells as last drawn up to date, and where and how they were drawn.
struct Held {
    shown: Shown,
    cells: Vec<Cell>,
}

#[derive(Default)]
pub struct Pacing {
    last_input: Option<Instant>,
    preview_drawn: Option<Instant>,
    held: Option<Held>,
    /// Something on screen is behind the model: drawn at the deadline.
    owed: bool,
}

impl Pacing {
    /// Decides the frame after a batch: `input` when it held keys, a paste or a resize (not only
    /// a timer or a finished save); `shown` is how the preview would be drawn now, if at all.
    pub fn decide(&mut self, now: Instant, input: bool, shown: Option<Shown>) -> Draw {
        if input {
            self.last_input = Some(now);
        }
        let burst = self.last_input.is_some_and(|at| now - at < PAUSE);
        if !input && burst {
            self.owed = true;
            return Draw::Later;
        }
        let unchanged = shown.is_some() && self.held.as_ref().map(|h| h.shown) == shown;
        let fresh = self
            .preview_drawn
            .is_some_and(|at| now - at < PREVIEW_EVERY);
        if input && unchanged && fresh {
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

    /// After a frame drawn with [`Draw::All`]: nothing is owed, and the preview's cells are kept
    /// for the frames that hold it back.
    pub fn drawn(&mut self, now: Instant, buffer: &Buffer, shown: Option<Shown>) {
        self.owed = false;
        self.preview_drawn = Some(now);
        self.held = shown.map(|shown| Held {
            shown,
            cells: cells(buffer, shown.area).cloned().collect(),
        });
    }

    /// In a frame drawn with [`Draw::HoldPreview`]: puts the preview's last cells back.
    pub fn hold(&self, buffer: &mut Buffer) {
        let Some(held) = &self.held else { return };
        let area = held.shown.area.intersection(buffer.area);
        for (p, cell) in area.positions().zip(&held.cells) {
            buffer[p] = cell.clone();
        }
    }
}

/// The cells of `area` on screen, row by row.
fn cells(buffer: &Buffer, area: Rect) -> impl Iterator<Item = &Cell> {
    area.intersection(buffer.area)
        .positions()
        .map(move |p| &buffer[p])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(offset: isize) -> Option<Shown> {
        Some(Shown {
            area: Rect::new(60, 5, 10, 4),
            step: 2,
            offset,
            focused: false,
        })
    }

    fn ms(start: Instant, n: u64) -> Instant {
        start + Duration::from_millis(n)
    }

    #[test]
    fn keys_slower_than_the_preview_interval_draw_everything_every_time() {
        let t = Instant::now();
        let mut p = Pacing::default();
        for i in 0..5 {
            assert_eq!(p.decide(ms(t, i * 150), true, shown(0)), Draw::All);
            p.drawn(
                ms(t, i * 150),
                &Buffer::empty(Rect::new(0, 0, 80, 24)),
                shown(0),
            );
            assert_eq!(p.deadline(), None);
        }
    }

    #[test]
    fn a_burst_holds_the_preview_but_brings_it_up_to_date_every_interval_and_after_the_pause() {
        let t = Instant::now();
        let mut p = Pacing::default();
        let screen = Buffer::empty(Rect::new(0, 0, 80, 24));
        let mut draws = Vec::new();
        for i in 0..10 {
            let draw = p.decide(ms(t, i * 30), true, shown(0));
            if draw == Draw::All {
                p.drawn(ms(t, i * 30), &screen, shown(0));
            }
            draws.push(draw);
        }
        let all: Vec<usize> = (0..10).filter(|&i| draws[i] == Draw::All).collect();
        // Keys 30 ms apart: the preview every fourth key (0, 120, 240 ms).
        assert_eq!(all, [0, 4, 8]);
        // The last key held it back: it is drawn when the keys pause.
        assert_eq!(p.deadline(), Some(ms(t, 270) + PAUSE));
        assert_eq!(p.decide(ms(t, 320), false, shown(0)), Draw::All);
        p.drawn(ms(t, 320), &screen, shown(0));
        assert_eq!(p.deadline(), None);
    }

    #[test]
    fn a_key_that_scrolls_or_moves_the_preview_draws_it_at_once() {
        let t = Instant::now();
        let mut p = Pacing::default();
        let screen = Buffer::empty(Rect::new(0, 0, 80, 24));
        assert_eq!(p.decide(t, true, shown(0)), Draw::All);
        p.drawn(t, &screen, shown(0));
        assert_eq!(p.decide(ms(t, 20), true, shown(1)), Draw::All);
        p.drawn(ms(t, 20), &screen, shown(1));
        assert_eq!(p.decide(ms(t, 40), true, None), Draw::All);
    }

    #[test]
    fn a_save_landing_during_a_burst_waits_for_the_next_key_or_the_pause() {
        let t = Instant::now();
        let mut p = Pacing::default();
        assert_eq!(p.decide(t, true, None), Draw::All);
        assert_eq!(p.decide(ms(t, 20), false, None), Draw::Later);
        assert_eq!(p.deadline(), Some(t + PAUSE));
        // The next key's frame shows it.
        assert_eq!(p.decide(ms(t, 30), true, None), Draw::All);
        p.drawn(ms(t, 30), &Buffer::empty(Rect::new(0, 0, 80, 24)), None);
        assert_eq!(p.deadline(), None);
        // Landing after the keys paused: at once.
        assert_eq!(p.decide(ms(t, 200), false, None), Draw::All);
    }

    #[test]
    fn held_cells_are_the_ones_last_drawn() {
        let t = Instant::now();
        let mut p = Pacing::default();
        let mut screen = Buffer::empty(Rect::new(0, 0, 80, 24));
        screen[(60, 5)].set_symbol("旧");
        assert_eq!(p.decide(t, true, shown(0)), Draw::All);
        p.drawn(t, &screen, shown(0));
        let mut next = Buffer::empty(Rect::new(0, 0, 80, 24));
        next[(60, 5)].set_symbol("新");
        next[(10, 5)].set_symbol("字");
        assert_eq!(p.decide(ms(t, 10), true, shown(0)), Draw::HoldPreview);
        p.hold(&mut next);
        assert_eq!(next[(60, 5)].symbol(), "旧");
        assert_eq!(
            next[(10, 5)].symbol(),
            "字",
            "outside the preview: this frame's"
        );
    }
}
