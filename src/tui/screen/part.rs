//! A part's step: guidance, heading, the editor, the phrase panel and the live preview — its
//! state ([`PartStep`]), its `update` and its view. The part's text lives in the document: every
//! edit in the editor or the heading box goes into it at once (`Document::apply`), so nothing is
//! copied back when the writer moves on.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::form::edit_line;
use crate::document::{Document, Edit, PartText};
use crate::phrases;
use crate::report::{BlockKind, Problem, ProblemKind};
use crate::template::{Audience, Phrase, Registry};
use crate::text::layout::Row;
use crate::text::slots::{self, Piece};
use crate::text::width::{Ambiguous, prefix, str_width};
use crate::tui::app::App;
use crate::tui::areas;
use crate::tui::editor::{DocumentPart, Editor, EditorOp, Pos};
use crate::tui::input::{LineHistory, LineInput};
use crate::tui::keymap::{Action, Hint, Mode, first_key};
use crate::tui::view::widgets::{hint_bar, pane, status_line, step_bar};
use crate::tui::view::{Theme, preview, put, put_text, styled_row};
use crate::tui::wizard::{Ctx, Go, Pane, Wizard};

/// Said when F3 finds no place left to fill in the part.
const NO_PLACE_LEFT: &str = "本部分没有待填处了（{…} 或 * 都已填好）";

/// Where the keys go within a part's step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Editor,
    Heading,
    Phrases,
    Preview,
}

/// The phrase panel of a part: its phrases, their search index (built once when the part is
/// entered), the search box and the matches.
#[derive(Clone, Debug, Default)]
pub struct PhrasePanel {
    pub all: Vec<Phrase>,
    pub index: phrases::Index,
    pub query: LineInput,
    pub matches: Vec<usize>,
    pub selected: usize,
}

impl PhrasePanel {
    fn search(&mut self) {
        self.matches = self.index.search(self.query.text());
        self.selected = 0;
    }

    /// The text of the chosen phrase.
    pub fn chosen(&self) -> Option<&str> {
        self.matches
            .get(self.selected)
            .and_then(|&i| self.all.get(i))
            .map(|p| p.text.as_str())
    }
}

/// A part open on screen.
#[derive(Clone, Debug)]
pub struct PartStep {
    /// Which part of the template.
    pub index: usize,
    pub focus: Focus,
    /// The caret, layout and undo of the part's text.
    pub editor: Editor,
    /// The heading as typed.
    pub heading: LineInput,
    /// Undo and redo of the heading's edits.
    heading_history: LineHistory,
    pub phrases: PhrasePanel,
    /// Rows the preview is scrolled from where it follows the caret.
    pub preview_offset: isize,
}

impl PartStep {
    /// Part `index` as the document has it, the caret at the end of its text.
    pub fn new(index: usize, doc: &Document, registry: &Registry, ambiguous: Ambiguous) -> Self {
        let part = &doc.template().parts[index];
        let section = doc.draft().section(&part.id);
        let mut editor = Editor::new(&doc.part_text(index), ambiguous);
        editor.set_filled_fields(
            doc.draft()
                .fields
                .iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(k, _)| k.clone())
                .collect(),
        );
        let heading = LineInput::new(
            section
                .and_then(|s| s.heading.as_deref())
                .or(part.heading.as_deref())
                .unwrap_or(""),
        );
        // Only what fits this report: its year, type, the writer's role and kind of unit.
        let audience = Audience::of_draft(doc.template(), &doc.draft().fields);
        let all: Vec<Phrase> = registry
            .offered(doc.template(), part, &audience)
            .cloned()
            .collect();
        let mut phrases = PhrasePanel {
            index: phrases::Index::new(&all),
            all,
            ..PhrasePanel::default()
        };
        phrases.search();
        PartStep {
            index,
            focus: Focus::Editor,
            editor,
            heading,
            heading_history: LineHistory::default(),
            phrases,
            preview_offset: 0,
        }
    }

    fn has_heading(&self, doc: &Document) -> bool {
        doc.template().parts[self.index].heading.is_some()
    }

    /// Puts the heading, as it stands in the heading box, into the document.
    fn store_heading(&self, cx: &mut Ctx) {
        let text = cx.doc.part_text(self.index).as_str().to_string();
        cx.edit(
            Edit::Part {
                index: self.index,
                text,
                heading: self.heading.text().to_string(),
            },
            0,
        );
    }

    /// Does `op` in the editor, its edits going into the document; `typed` characters of it
    /// count towards the autosave.
    fn edit(&mut self, cx: &mut Ctx, op: EditorOp, typed: usize) -> bool {
        let mut part = DocumentPart {
            doc: cx.doc,
            part: self.index,
        };
        let done = self.editor.apply(&mut part, op);
        cx.save.typed += typed;
        done
    }

    pub fn update(
        &mut self,
        cx: &mut Ctx,
        action: Action,
        wide: bool,
        pane: &mut Pane,
    ) -> Option<Go> {
        match action {
            Action::FocusNext | Action::FocusPrev => {
                // While filling places in, Tab goes to the next one; after the last, to the end of
                // the paragraph, like the placeholders of a snippet.
                if action == Action::FocusNext
                    && self.focus == Focus::Editor
                    && self.editor.filling()
                {
                    self.edit(cx, EditorOp::NextPlace, 0);
                    return None;
                }
                self.cycle_focus(action == Action::FocusNext, wide, cx.doc, pane);
                return None;
            }
            Action::TogglePane => {
                *pane = match *pane {
                    Pane::Phrases => Pane::Preview,
                    Pane::Preview => Pane::Phrases,
                };
                if !wide && matches!(self.focus, Focus::Phrases | Focus::Preview) {
                    self.focus_on(match *pane {
                        Pane::Phrases => Focus::Phrases,
                        Pane::Preview => Focus::Preview,
                    });
                }
                return None;
            }
            Action::NextSlot => {
                self.focus = Focus::Editor;
                if !self.edit(cx, EditorOp::NextSlot, 0) {
                    return Some(Go::Say(NO_PLACE_LEFT.to_string()));
                }
                return None;
            }
            Action::ToEditor => {
                self.focus = Focus::Editor;
                return None;
            }
            _ => {}
        }
        match self.focus {
            Focus::Editor => self.on_editor(cx, action),
            Focus::Heading => self.on_heading(cx, action),
            Focus::Phrases => self.on_phrases(cx, action),
            // Nothing can be typed into the preview: what is typed there goes into the editor,
            // at its caret, rather than nowhere.
            Focus::Preview if matches!(action, Action::Type(_)) => {
                self.focus = Focus::Editor;
                self.on_editor(cx, action);
            }
            Focus::Preview => self.scroll_preview(action),
        }
        None
    }

    /// The heading box: a line of text with its own undo.
    fn on_heading(&mut self, cx: &mut Ctx, action: Action) {
        match action {
            Action::Enter => self.focus = Focus::Editor,
            Action::Undo | Action::Redo => {
                let done = if action == Action::Undo {
                    self.heading_history.undo(&mut self.heading)
                } else {
                    self.heading_history.redo(&mut self.heading)
                };
                if done {
                    self.store_heading(cx);
                }
            }
            action if action.edits_text() => {
                // Emptying the heading is a step of its own for Ctrl-Z, not part of a typing run.
                self.heading_history
                    .record(&self.heading, action != Action::DeleteToStart);
                let before = self.heading.text().to_string();
                edit_line(&mut self.heading, action);
                if self.heading.text() == before {
                    self.heading_history.unchanged(&self.heading);
                } else {
                    self.store_heading(cx);
                }
            }
            other => {
                if edit_line(&mut self.heading, other) {
                    self.heading_history.break_run();
                }
            }
        }
    }

    pub fn paste(&mut self, cx: &mut Ctx, text: &str) {
        match self.focus {
            // The preview takes no text: a paste there goes into the editor, as typing does.
            Focus::Editor | Focus::Preview => {
                self.focus = Focus::Editor;
                self.edit(cx, EditorOp::Insert(text.to_string()), text.chars().count());
            }
            Focus::Heading => {
                self.heading_history.record(&self.heading, false);
                self.heading.insert(text);
                self.store_heading(cx);
            }
            Focus::Phrases => {
                self.phrases.query.insert(text);
                self.phrases.search();
            }
        }
    }

    fn focus_on(&mut self, focus: Focus) {
        self.focus = focus;
        if focus == Focus::Phrases {
            // On the way into the search box, so that its first letter answers as fast as the rest.
            self.phrases.index.prepare();
        }
    }

    fn cycle_focus(&mut self, forward: bool, wide: bool, doc: &Document, pane: &mut Pane) {
        let mut ring = vec![Focus::Editor, Focus::Phrases, Focus::Preview];
        if self.has_heading(doc) {
            ring.push(Focus::Heading);
        }
        let at = ring.iter().position(|f| *f == self.focus).unwrap_or(0);
        let next = if forward {
            (at + 1) % ring.len()
        } else {
            (at + ring.len() - 1) % ring.len()
        };
        self.focus_on(ring[next]);
        self.editor.break_undo_group();
        self.heading_history.break_run();
        if !wide {
            match self.focus {
                Focus::Phrases => *pane = Pane::Phrases,
                Focus::Preview => *pane = Pane::Preview,
                _ => {}
            }
        }
    }

    fn on_editor(&mut self, cx: &mut Ctx, action: Action) {
        let (op, typed) = match action {
            Action::Type(c) => (EditorOp::Type(c), 1),
            Action::Enter => {
                // Enter after filling in a phrase means "next point", not a break mid-sentence.
                if self.editor.filling() {
                    self.edit(cx, EditorOp::EndOfFilling, 0);
                }
                (EditorOp::Newline, 1)
            }
            Action::Backspace => (EditorOp::Backspace, 0),
            Action::Delete => (EditorOp::Delete, 0),
            Action::Undo => (EditorOp::Undo, 0),
            Action::Redo => (EditorOp::Redo, 0),
            Action::Left => (EditorOp::Left, 0),
            Action::Right => (EditorOp::Right, 0),
            Action::Up => (EditorOp::Up, 0),
            Action::Down => (EditorOp::Down, 0),
            Action::Home => (EditorOp::Home, 0),
            Action::End => (EditorOp::End, 0),
            Action::PageUp => (EditorOp::PageUp, 0),
            Action::PageDown => (EditorOp::PageDown, 0),
            Action::WordLeft => (EditorOp::WordLeft, 0),
            Action::WordRight => (EditorOp::WordRight, 0),
            Action::SelectLeft => (EditorOp::SelectLeft, 0),
            Action::SelectRight => (EditorOp::SelectRight, 0),
            Action::SelectUp => (EditorOp::SelectUp, 0),
            Action::SelectDown => (EditorOp::SelectDown, 0),
            Action::SelectHome => (EditorOp::SelectHome, 0),
            Action::SelectEnd => (EditorOp::SelectEnd, 0),
            Action::MovePointUp => (EditorOp::MoveUp, 0),
            Action::MovePointDown => (EditorOp::MoveDown, 0),
            Action::Paste => match cx.clipboard.clone() {
                Some(clip) => {
                    let typed = clip.text.chars().count();
                    (EditorOp::PasteClip(clip), typed)
                }
                None => return,
            },
            Action::Copy => {
                if let Some(clip) = self.editor.copy(&cx.doc.part_text(self.index)) {
                    *cx.clipboard = Some(clip);
                }
                return;
            }
            Action::Cut => {
                let mut part = DocumentPart {
                    doc: cx.doc,
                    part: self.index,
                };
                if let Some(clip) = self.editor.cut(&mut part) {
                    *cx.clipboard = Some(clip);
                }
                self.preview_offset = 0;
                return;
            }
            _ => {
                self.preview_offset = 0;
                return;
            }
        };
        self.preview_offset = 0;
        self.edit(cx, op, typed);
    }

    fn on_phrases(&mut self, cx: &mut Ctx, action: Action) {
        let count = self.phrases.matches.len();
        let selected = &mut self.phrases.selected;
        match action {
            Action::Up => *selected = selected.saturating_sub(1),
            Action::Down => *selected = (*selected + 1).min(count.saturating_sub(1)),
            Action::PageUp => *selected = selected.saturating_sub(5),
            Action::PageDown => *selected = (*selected + 5).min(count.saturating_sub(1)),
            Action::Enter => {
                if let Some(text) = self.phrases.chosen().map(str::to_string) {
                    let typed = text.chars().count();
                    self.edit(cx, EditorOp::InsertPhrase(text), typed);
                    self.focus = Focus::Editor;
                    // The next search starts afresh.
                    self.phrases.query = LineInput::default();
                    self.phrases.search();
                }
            }
            Action::ClearSearch => {
                self.phrases.query = LineInput::default();
                self.phrases.search();
            }
            other => {
                if edit_line(&mut self.phrases.query, other) && other.edits_text() {
                    self.phrases.search();
                }
            }
        }
    }

    fn scroll_preview(&mut self, action: Action) {
        match action {
            Action::Up => self.preview_offset -= 1,
            Action::Down => self.preview_offset += 1,
            Action::PageUp => self.preview_offset -= 10,
            Action::PageDown => self.preview_offset += 10,
            Action::Home => self.preview_offset = -10_000,
            _ => {}
        }
    }

    /// Puts the caret where a problem is: the heading box for the heading, else the start of its
    /// paragraph, with the place to fill selected.
    pub fn locate(&mut self, problem: &Problem, doc: &Document) {
        if problem.paragraph.is_none() && self.has_heading(doc) {
            self.focus = Focus::Heading;
            return;
        }
        let text = doc.part_text(self.index);
        let para = self
            .editor
            .paragraph_numbered(&text, problem.paragraph.unwrap_or(1))
            .unwrap_or(0);
        self.editor.set_caret(&text, Pos { para, byte: 0 });
        if matches!(problem.kind, ProblemKind::Slot(_) | ProblemKind::Stars(_)) {
            self.editor.next_slot(&text);
        }
    }

    /// The report block of the paragraph the caret is in (or of the next part, or the last
    /// block, while this one is empty), for the preview to follow.
    pub fn caret_block(&self, doc: &Document) -> Option<usize> {
        let text = doc.part_text(self.index);
        let number = self
            .editor
            .paragraph_number(&text, self.editor.caret().para);
        let blocks = &doc.report().blocks;
        blocks
            .iter()
            .position(|b| b.part == self.index && b.kind == BlockKind::Paragraph { index: number })
            .or_else(|| blocks.iter().position(|b| b.part >= self.index))
            // The last part, still empty: where it will go, at the end.
            .or_else(|| blocks.len().checked_sub(1))
    }

    /// The hint bar of the focus; the assistant's key only where one is configured.
    pub(crate) fn hints(&self, wide: bool, assistant: bool) -> Vec<Hint> {
        let mut hints = match self.focus {
            Focus::Phrases => vec![
                Hint::new(&[Action::Up, Action::Down], "选择"),
                Hint::new(&[Action::Enter], "插入"),
                Hint::new(&[Action::ToEditor], "回正文"),
                Hint::new(&[Action::NextStep], "下一步"),
            ],
            Focus::Preview => vec![
                Hint::new(&[Action::Up, Action::Down], "滚动"),
                Hint::new(&[Action::FocusNext], "切换"),
                Hint::new(&[Action::NextStep], "下一步"),
            ],
            Focus::Heading => vec![
                Hint::new(&[Action::Enter], "完成"),
                Hint::new(&[Action::FocusNext], "切换"),
                Hint::new(&[Action::NextStep], "下一步"),
            ],
            Focus::Editor if self.editor.marked().is_some() => vec![
                Hint::new(&[], "替换选中"),
                Hint::new(&[Action::Cut, Action::Copy], "剪切/复制"),
            ],
            Focus::Editor if self.editor.filling() => vec![
                Hint::new(&[], "替换待填处"),
                Hint::new(&[Action::FocusNext], "下一处"),
                Hint::new(&[Action::NextStep], "下一步"),
            ],
            Focus::Editor => {
                let mut hints = vec![
                    Hint::new(&[Action::NextStep], "下一步"),
                    Hint::new(&[Action::PrevStep], "上一步"),
                    Hint::new(&[Action::FocusNext], "素材"),
                ];
                if assistant {
                    hints.push(Hint::new(&[Action::Assist], "写作助手"));
                }
                hints
            }
        };
        if !wide {
            hints.push(Hint::new(&[Action::TogglePane], "素材/预览"));
        }
        hints.extend([
            Hint::new(&[Action::Save], "保存"),
            Hint::new(&[Action::Export], "导出"),
            Hint::new(&[Action::Quit], "保存退出"),
        ]);
        hints
    }
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    w: &Wizard,
    p: &PartStep,
    theme: &Theme,
    with_preview: bool,
) -> Option<Position> {
    let index = p.index;
    let part = &w.template().parts[index];
    let wide = app.wide();
    let a = areas::part(area, wide, part.heading.is_some());
    let amb = app.ambiguous;
    let mut cursor = None;

    step_bar(frame, a.steps, w, theme);

    let guidance: Vec<Line> = guidance_rows(&part.guidance, a.guidance, w, amb)
        .into_iter()
        .map(|row| Line::styled(row, theme.dim()))
        .collect();
    put_text(frame, guidance, a.guidance, theme);

    if part.heading.is_some() && a.heading.height > 0 {
        // The heading's number is the tool's: shown beside the heading, not edited. A part
        // still empty shows the number it will get.
        let ordinal =
            crate::text::ordinal::heading_ordinal(w.document().report().headings_before(index) + 1);
        let label = format!("标题：{ordinal}");
        let focused = p.focus == Focus::Heading;
        let label_cells = str_width(&label, amb);
        let room = (a.heading.width as usize).saturating_sub(label_cells + 1);
        let (shown, col) = p.heading.window(room, amb);
        let style = if focused {
            theme.focused()
        } else {
            theme.title()
        };
        let line = Line::from(vec![
            Span::styled(
                label,
                if focused {
                    theme.focused()
                } else {
                    theme.dim()
                },
            ),
            Span::styled(shown.to_string(), style),
        ]);
        put_text(frame, line, a.heading, theme);
        if focused {
            cursor = Some(Position::new(
                a.heading.x + (label_cells + col) as u16,
                a.heading.y,
            ));
        }
    }

    // The editor.
    let numbered = part
        .points
        .map(|p| format!("正文（每段一条，“{}”等编号自动加）", p.ordinal(1)));
    let title = numbered.as_deref().unwrap_or("正文");
    put(
        frame,
        pane(title, p.focus == Focus::Editor, theme),
        a.editor,
        theme,
    );
    draw_editor(
        frame,
        (a.editor_text, a.editor_gutter),
        &p.editor,
        &w.document().part_text(index),
        theme,
    );
    if p.focus == Focus::Editor
        && let Some((row, col)) = p.editor.caret_cell()
    {
        cursor = Some(Position::new(
            a.editor_text.x + col as u16,
            a.editor_text.y + row as u16,
        ));
    }
    let (above, below) = p.editor.scrolled();
    if above || below {
        let mark = match (above, below) {
            (true, true) => "⇡⇣",
            (true, false) => "⇡",
            _ => "⇣",
        };
        let x = a.editor.right().saturating_sub(3);
        put_text(
            frame,
            Span::styled(mark, theme.dim()),
            Rect::new(x, a.editor.y, 2, 1),
            theme,
        );
    }

    // Phrases and preview: side by side when wide, one at a time under the editor when not.
    let phrases_area = (wide || w.pane == Pane::Phrases).then_some(a.lower);
    if let Some(area) = phrases_area {
        let c = draw_phrases(frame, area, w, p, amb, theme);
        if p.focus == Focus::Phrases {
            cursor = c;
        }
    }
    if let Some(area) = preview_area(a, wide, w.pane).filter(|_| with_preview) {
        let title = if wide {
            "预览（与导出的全文一致）".to_string()
        } else {
            format!(
                "预览（{} 切换到素材）",
                first_key(Mode::Preview, Action::TogglePane)
            )
        };
        put(
            frame,
            pane(&title, p.focus == Focus::Preview, theme),
            area,
            theme,
        );
        let inner = inner(area);
        let height = inner.height as usize;
        let window = preview::Window {
            width: inner.width.saturating_sub(1) as usize,
            height,
            anchor: p.caret_block(w.document()),
            offset: p.preview_offset - (height / 3) as isize,
        };
        let lines = preview::lines(w.document().report(), window, theme, &w.layouts);
        put_text(frame, lines, inner, theme);
    }

    super::assist::draw(frame, &a, app, w, theme);
    status_line(frame, a.status, app, w, theme);
    hint_bar(
        frame,
        a.hints,
        w.mode(),
        &p.hints(wide, app.assistant.configured()),
        theme,
    );
    cursor
}

/// The guidance in the rows `area` has, wrapped by the shared layout. When it does not all fit,
/// the last row ends in "…" and the key that shows it whole.
fn guidance_rows(guidance: &str, area: Rect, w: &Wizard, amb: Ambiguous) -> Vec<String> {
    let width = area.width as usize;
    let height = area.height as usize;
    let rows: Vec<(&str, Row)> = guidance
        .lines()
        .flat_map(|line| {
            w.layouts
                .wrap(line, width, amb)
                .iter()
                .map(move |r| (line, *r))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut shown: Vec<String> = rows
        .iter()
        .take(height)
        .map(|(line, row)| line[row.start..row.end].to_string())
        .collect();
    if rows.len() > height
        && let Some(last) = shown.last_mut()
    {
        let more = format!("…（{} 看全文）", first_key(Mode::Editor, Action::Guidance));
        let (line, row) = rows[height - 1];
        let room = width.saturating_sub(str_width(&more, amb));
        *last = format!("{}{more}", prefix(&line[row.start..], room, amb).trim_end());
    }
    shown
}

/// The preview's box, when the step shows it.
fn preview_area(a: areas::PartAreas, wide: bool, shown: Pane) -> Option<Rect> {
    if wide {
        Some(a.side)
    } else {
        (shown == Pane::Preview).then_some(a.lower)
    }
}

/// Where and how the preview is drawn, if it is on screen.
pub fn preview_shown(app: &App, w: &Wizard) -> Option<preview::Shown> {
    let p = w.part()?;
    let step = p.index;
    let screen = Rect::new(0, 0, app.width, app.height);
    let has_heading = w.template().parts[step].heading.is_some();
    let a = areas::part(screen, app.wide(), has_heading);
    Some(preview::Shown {
        area: preview_area(a, app.wide(), w.pane)?,
        step,
        offset: p.preview_offset,
        focused: p.focus == Focus::Preview,
    })
}

/// The box's inside, under its title row.
fn inner(area: Rect) -> Rect {
    Rect {
        y: area.y.saturating_add(1).min(area.bottom()),
        height: area.height.saturating_sub(1),
        ..area
    }
}

/// A styled byte range of a paragraph.
type Styled = (std::ops::Range<usize>, Style);

/// The mark in the gutter on the first row of each paragraph, so that a new paragraph (a new
/// point) is told from a row the paragraph wrapped onto.
const PARAGRAPH_MARK: &str = "▸";

fn draw_editor(
    frame: &mut Frame,
    (area, gutter): (Rect, Rect),
    editor: &Editor,
    text: &PartText,
    theme: &Theme,
) {
    let selection = editor.selection();
    let mut lines = Vec::new();
    let mut marks = Vec::new();
    let mut styled_para: Option<(usize, Vec<Styled>)> = None;
    let visible = editor.visible_rows();
    for &(para, row) in &visible {
        let paragraph = text.paragraph(para);
        if styled_para.as_ref().is_none_or(|(p, _)| *p != para) {
            // Places to fill are looked for only in what is on screen (and a little before, so
            // that a place begun above the top row is still one).
            let shown = visible.iter().filter(|(p, _)| *p == para);
            let from = shown.clone().map(|(_, r)| r.start).min().unwrap_or(0);
            let to = shown.map(|(_, r)| r.end).max().unwrap_or(0);
            let start = slots::piece_start_before(paragraph, from);
            let mut styles = Vec::new();
            let mut at = start;
            for piece in slots::pieces(&paragraph[start..to.max(start)]) {
                let range = at..at + piece.as_str().len();
                at = range.end;
                if editor.is_place(&piece) {
                    styles.push((range, theme.slot()));
                } else if matches!(piece, Piece::Braced(_)) {
                    styles.push((range, theme.field()));
                }
            }
            if let Some((p, range)) = &selection
                && *p == para
            {
                styles.push((range.clone(), theme.selection()));
            }
            if let Some(range) = editor.marked_in(text, para) {
                styles.push((range, theme.selection()));
            }
            styled_para = Some((para, styles));
        }
        let styles = styled_para.as_ref().map_or(&[][..], |(_, s)| s.as_slice());
        lines.push(styled_row(paragraph, row, styles, Style::new()));
        marks.push(if row.start == 0 {
            Line::styled(PARAGRAPH_MARK, theme.dim())
        } else {
            Line::raw("")
        });
    }
    if text.count() == 1 && text.paragraph(0).trim().is_empty() {
        let (enter, tab) = (
            first_key(Mode::Editor, Action::Enter),
            first_key(Mode::Editor, Action::FocusNext),
        );
        let hint =
            format!("在这里输入正文：{enter} 另起一段；{tab} 到素材栏，选一句按 {enter} 插入。");
        let amb = theme.ambiguous();
        lines = crate::text::layout::wrap(&hint, area.width as usize, amb)
            .iter()
            .map(|row| Line::styled(hint[row.start..row.end].to_string(), theme.dim()))
            .collect();
        marks.clear();
    }
    put_text(frame, marks, gutter, theme);
    put_text(frame, lines, area, theme);
}

/// The phrase panel; returns the cursor position in its search box.
fn draw_phrases(
    frame: &mut Frame,
    area: Rect,
    w: &Wizard,
    p: &PartStep,
    amb: Ambiguous,
    theme: &Theme,
) -> Option<Position> {
    let focused = p.focus == Focus::Phrases;
    let panel = &p.phrases;
    let title = format!(
        "素材 {}/{} 条（{} 进入，输入字词筛选，{} 插入）",
        panel.matches.len(),
        panel.all.len(),
        first_key(Mode::Editor, Action::FocusNext),
        first_key(Mode::Phrases, Action::Enter)
    );
    put(frame, pane(&title, focused, theme), area, theme);
    let inner = inner(area);
    if inner.height == 0 {
        return None;
    }
    let label = "查找：";
    let label_cells = str_width(label, amb) as u16;
    let (shown, col) = panel
        .query
        .window(inner.width.saturating_sub(label_cells + 1) as usize, amb);
    let search = Line::from(vec![
        Span::styled(label, theme.dim()),
        Span::raw(shown.to_string()),
    ]);
    put_text(frame, search, Rect { height: 1, ..inner }, theme);
    let list = Rect {
        y: inner.y + 1,
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let width = list.width.saturating_sub(3) as usize;
    // Each phrase is shown whole, wrapped; the list scrolls to keep the selected one in view.
    let rows_of = |i: usize| -> Vec<String> {
        let text = &panel.all[panel.matches[i]].text;
        w.layouts
            .wrap(text, width, amb)
            .iter()
            .map(|r| text[r.start..r.end].to_string())
            .collect()
    };
    let mut first = panel.selected.min(panel.matches.len().saturating_sub(1));
    let mut used = if panel.matches.is_empty() {
        0
    } else {
        rows_of(first).len()
    };
    while first > 0 {
        let more = rows_of(first - 1).len();
        if used + more > list.height as usize {
            break;
        }
        used += more;
        first -= 1;
    }
    let mut lines = Vec::new();
    for i in first..panel.matches.len() {
        if lines.len() >= list.height as usize {
            break;
        }
        let chosen = i == panel.selected;
        for (n, row) in rows_of(i).into_iter().enumerate() {
            let mark = if n > 0 || !chosen { "   " } else { " ▸ " };
            let style = if chosen && focused {
                theme.chosen()
            } else {
                Style::new()
            };
            lines.push(Line::from(vec![
                Span::styled(mark, theme.dim()),
                Span::styled(row, style),
            ]));
        }
    }
    if panel.matches.is_empty() {
        lines.push(Line::styled(" 没有找到，换个词试试", theme.dim()));
    }
    lines.truncate(list.height as usize);
    put_text(frame, lines, list, theme);
    focused.then(|| Position::new(inner.x + label_cells + col as u16, inner.y))
}
