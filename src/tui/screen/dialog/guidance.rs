//! The part's whole guidance (写作提示) in a box, for when the rows above the editor show only
//! its beginning: scrolled with the arrows and the page keys, closed with Esc. Any other key
//! closes it and does what it does beneath (`app`), so nothing typed is lost to it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{Reply, centred, pair};
use crate::text::layout::wrap;
use crate::tui::keymap::{Action, Mode, first_key};
use crate::tui::view::{Theme, put_text};

/// Cells of the box, borders included, where the screen has them.
const GUIDANCE_CELLS: u16 = 84;

#[derive(Clone, Debug)]
pub struct GuidanceBox {
    /// The part's name, for the box's title.
    pub part: String,
    /// The guidance as the template has it, one paragraph a line.
    pub text: String,
    pub scroll: usize,
}

impl GuidanceBox {
    pub fn new(part: &str, text: &str) -> GuidanceBox {
        GuidanceBox {
            part: part.to_string(),
            text: text.to_string(),
            scroll: 0,
        }
    }

    pub(super) fn update(&mut self, action: Option<Action>) -> Reply {
        match action {
            Some(Action::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::Down) => self.scroll += 1,
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(10),
            Some(Action::PageDown) => self.scroll += 10,
            _ => return Reply::close(),
        }
        Reply::stay()
    }

    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = GUIDANCE_CELLS.min(area.width);
        let text_cells = width.saturating_sub(2) as usize;
        let amb = theme.ambiguous();
        let mut lines: Vec<Line> = Vec::new();
        for paragraph in self.text.lines() {
            for row in wrap(paragraph, text_cells, amb) {
                lines.push(Line::raw(paragraph[row.start..row.end].to_string()));
            }
        }
        let room = area.height.saturating_sub(2);
        let height = (lines.len() as u16 + 2).min(room);
        let keys = format!(
            "{} 滚动，{} 关闭",
            pair(Mode::Guidance, Action::Up, Action::Down),
            first_key(Mode::Guidance, Action::Close)
        );
        let title = format!("写作提示：{}（{keys}）", self.part);
        let inner = centred(frame, area, width, height, &title, theme);
        let scroll = self
            .scroll
            .min(lines.len().saturating_sub(inner.height as usize));
        let shown: Vec<Line> = lines.into_iter().skip(scroll).collect();
        put_text(frame, shown, inner, theme);
    }
}
