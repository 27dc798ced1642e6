//! Where each part of a screen goes, for a terminal size. `update` uses it to size the editor
//! and the views to draw, so both always agree.

use ratatui::layout::{Constraint, Layout, Rect};

/// Rows of guidance shown above the editor.
const GUIDANCE_ROWS_NARROW: u16 = 2;
const GUIDANCE_ROWS_WIDE: u16 = 3;
/// Height of the phrase panel under the editor on a wide screen.
const PHRASES_ROWS_WIDE: u16 = 10;
/// Columns at the left of the editor's text where each paragraph's first row is marked.
const EDITOR_GUTTER: u16 = 2;
/// Share of the width the editor column takes on a wide screen, in percent.
const EDITOR_PERCENT_WIDE: u16 = 55;

/// The areas of a part's step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartAreas {
    pub steps: Rect,
    pub guidance: Rect,
    pub heading: Rect,
    /// The editor's box (its title row included) and the cells its text goes in.
    pub editor: Rect,
    pub editor_text: Rect,
    /// The columns left of the editor's text that mark where each paragraph starts.
    pub editor_gutter: Rect,
    /// Wide: the phrase panel under the editor. Narrow: the pane that shows phrases or preview.
    pub lower: Rect,
    /// Wide: the preview beside the editor. Narrow: empty.
    pub side: Rect,
    pub status: Rect,
    pub hints: Rect,
}

/// The frame shared by every wizard screen: step bar on top, status and hints at the bottom.
pub fn frame(area: Rect) -> (Rect, Rect, Rect, Rect) {
    let [steps, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    (steps, body, status, hints)
}

pub fn part(area: Rect, wide: bool, has_heading: bool) -> PartAreas {
    let (steps, body, status, hints) = frame(area);
    let guidance_rows = if wide {
        GUIDANCE_ROWS_WIDE
    } else {
        GUIDANCE_ROWS_NARROW
    };
    let [guidance, heading, main] = Layout::vertical([
        Constraint::Length(guidance_rows),
        Constraint::Length(u16::from(has_heading)),
        Constraint::Min(0),
    ])
    .areas(body);
    let (editor, lower, side) = if wide {
        let [left, side] = Layout::horizontal([
            Constraint::Percentage(EDITOR_PERCENT_WIDE),
            Constraint::Min(0),
        ])
        .areas(main);
        let [editor, lower] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(PHRASES_ROWS_WIDE)])
                .areas(left);
        // The phrase pane keeps one free column on its right, as the editor's text does, so
        // its title's rule does not run into the preview's row beside it.
        let lower = Rect {
            width: lower.width.saturating_sub(1),
            ..lower
        };
        (editor, lower, side)
    } else {
        let lower_rows = (main.height * 2 / 5).max(5);
        let [editor, lower] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(lower_rows)]).areas(main);
        (editor, lower, Rect::default())
    };
    // The editor's box has a title row on top and the gutter on the left; its text keeps one
    // free column on the right so a caret at the end of a full row stays inside the box.
    let gutter = EDITOR_GUTTER.min(editor.width);
    let editor_gutter = Rect {
        x: editor.x,
        y: editor.y.saturating_add(1).min(editor.bottom()),
        width: gutter,
        height: editor.height.saturating_sub(1),
    };
    let editor_text = Rect {
        x: editor.x + gutter,
        width: editor.width.saturating_sub(gutter + 1),
        ..editor_gutter
    };
    PartAreas {
        steps,
        guidance,
        heading,
        editor,
        editor_text,
        editor_gutter,
        lower,
        side,
        status,
        hints,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_screen_stacks_editor_over_the_pane() {
        let a = part(Rect::new(0, 0, 80, 24), false, true);
        assert_eq!(a.steps.y, 0);
        assert_eq!(a.hints.y, 23);
        assert_eq!(a.editor.width, 80);
        assert_eq!(a.side, Rect::default());
        assert!(a.editor_text.height >= 8, "{a:?}");
        assert_eq!(a.lower.bottom(), a.status.y);
    }

    #[test]
    fn wide_screen_puts_the_preview_beside_the_editor() {
        let a = part(Rect::new(0, 0, 120, 40), true, false);
        assert_eq!(a.heading.height, 0);
        assert_eq!(a.editor.width + a.side.width, 120);
        assert_eq!(a.lower.height, PHRASES_ROWS_WIDE);
    }

    #[test]
    fn tiny_sizes_give_empty_areas_not_panics() {
        for (w, h) in [(0, 0), (1, 1), (3, 2), (10, 5)] {
            let screen = Rect::new(0, 0, w, h);
            for wide in [false, true] {
                let a = part(screen, wide, true);
                let all = [
                    a.steps,
                    a.guidance,
                    a.heading,
                    a.editor,
                    a.editor_text,
                    a.editor_gutter,
                    a.lower,
                    a.side,
                    a.status,
                    a.hints,
                ];
                for area in all {
                    assert!(
                        area.is_empty() || screen.contains(area.as_position()),
                        "{w}x{h}: {area:?} outside the screen"
                    );
                    assert!(area.right() <= w && area.bottom() <= h, "{w}x{h}: {area:?}");
                }
                // The editor's text never spills out of its box.
                assert!(a.editor_text.height <= a.editor.height);
                assert!(a.editor_text.width <= a.editor.width);
                if h <= 5 {
                    assert!(a.editor_text.is_empty(), "{w}x{h}: {:?}", a.editor_text);
                }
            }
        }
    }
}
