//! Text input: the one-line [`LineInput`] (form fields, the part's heading, the phrase search box,
//! file paths), and [`keep_paste_whole`], which decides what of a burst of input is pasted text.
//!
//! The caret moves by grapheme, columns are display width, and the text scrolls sideways to keep
//! the caret in view. Line breaks in pasted text become spaces; everything passes the sanitizer.

use std::collections::VecDeque;
use std::time::Duration;

use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use unicode_segmentation::UnicodeSegmentation;

use super::app::{Msg, Wizard};
use crate::source::MAX_FILE_BYTES;
use crate::text::grapheme::{next_boundary, prev_boundary};
use crate::text::sanitize::{self, sanitize};
use crate::text::width::{Ambiguous, str_width};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    caret: usize,
}

impl LineInput {
    pub fn new(text: &str) -> LineInput {
        let mut input = LineInput::default();
        input.set(text);
        input
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where the caret is: a byte offset into the text.
    pub fn caret(&self) -> usize {
        self.caret
    }

    /// Replaces the text, caret at the end.
    pub fn set(&mut self, text: &str) {
        self.text = sanitize(text).replace('\n', " ");
        self.caret = self.text.len();
    }

    pub fn insert(&mut self, text: &str) {
        let clean = sanitize(text).replace('\n', " ");
        self.text.insert_str(self.caret, &clean);
        self.caret += clean.len();
    }

    pub fn type_char(&mut self, c: char) {
        // One line: a line break typed as a character (a `\n` key) is no text here either.
        if !sanitize::is_dropped(c) && c != '\n' {
            self.text.insert(self.caret, c);
            self.caret += c.len_utf8();
        }
    }

    pub fn backspace(&mut self) {
        let start = prev_boundary(&self.text, self.caret);
        self.text.replace_range(start..self.caret, "");
        self.caret = start;
    }

    /// Deletes everything before the caret; at the end, the whole line.
    pub fn delete_to_start(&mut self) {
        self.text.replace_range(..self.caret, "");
        self.caret = 0;
    }

    pub fn delete(&mut self) {
        let end = next_boundary(&self.text, self.caret);
        self.text.replace_range(self.caret..end, "");
    }

    pub fn left(&mut self) {
        self.caret = prev_boundary(&self.text, self.caret);
    }

    pub fn right(&mut self) {
        self.caret = next_boundary(&self.text, self.caret);
    }

    pub fn home(&mut self) {
        self.caret = 0;
    }

    pub fn end(&mut self) {
        self.caret = self.text.len();
    }

    /// The part of the text to show in `width` cells and the caret's column in it: the text
    /// scrolls so the caret stays visible, with the caret as far right as needed.
    pub fn window(&self, width: usize, ambiguous: Ambiguous) -> (&str, usize) {
        let width = width.max(1);
        let before = &self.text[..self.caret];
        let mut start = 0;
        // Drop graphemes from the left until the caret fits (leaving a cell for it).
        for (i, _) in before.grapheme_indices(true) {
            if str_width(&before[i..], ambiguous) < width {
                start = i;
                break;
            }
            start = self.caret;
        }
        let col = str_width(&self.text[start..self.caret], ambiguous);
        let mut end = start;
        let mut used = 0;
        for g in self.text[start..].graphemes(true) {
            let w = str_width(g, ambiguous);
            if used + w > width {
                break;
            }
            used += w;
            end += g.len();
        }
        (&self.text[start..end], col)
    }
}

/// Undo and redo for a [`LineInput`] (the part's heading): a line is short, so each step keeps
/// the line as it was. A run of typing, Backspace or Delete is one step; moving ends the run.
#[derive(Clone, Debug, Default)]
pub struct LineHistory {
    undo: Vec<LineInput>,
    redo: Vec<LineInput>,
    /// The last change was typing, so the next one joins its step.
    typing: bool,
}

impl LineHistory {
    /// Steps kept.
    const DEPTH: usize = 200;

    /// Notes a change about to be made to `input` (`typing`: one keystroke of a run).
    pub fn record(&mut self, input: &LineInput, typing: bool) {
        if !(typing && self.typing) {
            self.undo.push(input.clone());
            if self.undo.len() > Self::DEPTH {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
        self.typing = typing;
    }

    /// A change recorded but not made (a Backspace at the start) is no step.
    pub fn unchanged(&mut self, input: &LineInput) {
        if self.undo.last() == Some(input) {
            self.undo.pop();
        }
    }

    /// Ends a run of typing.
    pub fn break_run(&mut self) {
        self.typing = false;
    }

    /// Puts the line back as it was before the last step; false when there is none.
    pub fn undo(&mut self, input: &mut LineInput) -> bool {
        let Some(before) = self.undo.pop() else {
            return false;
        };
        self.redo.push(std::mem::replace(input, before));
        self.typing = false;
        true
    }

    pub fn redo(&mut self, input: &mut LineInput) -> bool {
        let Some(after) = self.redo.pop() else {
            return false;
        };
        self.undo.push(std::mem::replace(input, after));
        self.typing = false;
        true
    }
}

/// The most text a draft holds, in bytes: a quarter of the largest file shuzhi opens, so that the
/// draft file stays openable however its TOML escapes the text (at worst twice as long). About
/// 1.4 million Chinese characters, some hundred times the longest report.
pub const MAX_DRAFT_TEXT_BYTES: usize = (MAX_FILE_BYTES / 4) as usize;
// The largest draft text, escaped at worst twice as long, still fits the file limit.
const _: () = assert!(2 * MAX_DRAFT_TEXT_BYTES as u64 + 1024 * 1024 < MAX_FILE_BYTES);

/// The part of a paste that fits into the draft `w`, cut at a character boundary, and the notice
/// to show when it had to be cut: a draft the wizard saved must always open again.
pub fn fit_paste<'a>(w: &Wizard, text: &'a str) -> (&'a str, Option<String>) {
    // Every edit reaches the document at once, so its draft is all there is.
    let draft = w.document().draft();
    let used = draft
        .sections
        .values()
        .map(|s| s.text.len() + s.heading.as_ref().map_or(0, String::len))
        .sum::<usize>()
        + draft.fields.values().map(String::len).sum::<usize>()
        + draft.title.as_ref().map_or(0, String::len);
    fit(text, used)
}

/// The part of `text` that fits beside `used` bytes of draft text, and the notice if cut.
fn fit(text: &str, used: usize) -> (&str, Option<String>) {
    let room = MAX_DRAFT_TEXT_BYTES.saturating_sub(used);
    if text.len() <= room {
        return (text, None);
    }
    let mut end = room;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let notice = format!(
        "粘贴的内容太长：草稿最多容纳 {} MB 文字，只粘贴了前 {} 个字，其余没有粘贴",
        MAX_DRAFT_TEXT_BYTES / (1024 * 1024),
        text[..end].chars().count()
    );
    (&text[..end], Some(notice))
}

/// After a paste, input that follows closer than this is taken as more of the paste.
pub const PASTE_QUIET: Duration = Duration::from_millis(30);

/// A paste may itself hold the end-of-paste marker `ESC[201~` (tmux passes ESC through), after
/// which the terminal hands the rest over as if typed: a `\x11` there would act as Ctrl-Q. So
/// keys that arrive right behind a paste, in the same burst, are paste text: characters and line
/// breaks join the paste, and every other key (a control character, Esc, an arrow) is dropped.
/// The burst ends at the first thing that is not a key (a resize) or when input goes quiet.
pub fn keep_paste_whole(msgs: &mut VecDeque<Msg>) {
    let mut out = VecDeque::with_capacity(msgs.len());
    let mut pasting: Option<String> = None;
    for msg in msgs.drain(..) {
        match (msg, pasting.as_mut()) {
            (Msg::Paste(text), None) => pasting = Some(text),
            (Msg::Paste(text), Some(paste)) => paste.push_str(&text),
            (Msg::Key(key), Some(paste)) => {
                let plain = !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
                match key.code {
                    KeyCode::Char(c) if plain && !c.is_control() => paste.push(c),
                    KeyCode::Enter if plain => paste.push('\n'),
                    KeyCode::Tab if plain => paste.push('\t'),
                    _ => {}
                }
            }
            (other, paste) => {
                if let Some(paste) = paste.map(std::mem::take) {
                    out.push_back(Msg::Paste(paste));
                    pasting = None;
                }
                out.push_back(other);
            }
        }
    }
    out.extend(pasting.map(Msg::Paste));
    *msgs = out;
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEvent;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Msg {
        Msg::Key(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn a_paste_that_would_make_the_draft_unopenable_is_cut_with_a_notice() {
        assert_eq!(fit("一二三", 0), ("一二三", None));
        // Room for one character and a half: the half is not pasted.
        let (kept, notice) = fit("一二三", MAX_DRAFT_TEXT_BYTES - 5);
        assert_eq!(kept, "一");
        assert!(notice.unwrap().contains("只粘贴了前 1 个字"));
        let (kept, notice) = fit("一", MAX_DRAFT_TEXT_BYTES + 10);
        assert_eq!(kept, "");
        assert!(notice.is_some());
    }

    #[test]
    fn keys_right_behind_a_paste_are_its_text_and_ctrl_q_among_them_does_nothing() {
        let mut msgs = VecDeque::from([
            key(KeyCode::Char('前'), KeyModifiers::NONE),
            Msg::Paste("甲乙".into()),
            // What followed an embedded ESC[201~: 丙, Enter, Ctrl-Q (\x11), Esc, 丁.
            key(KeyCode::Char('丙'), KeyModifiers::NONE),
            key(KeyCode::Enter, KeyModifiers::NONE),
            key(KeyCode::Char('q'), KeyModifiers::CONTROL),
            key(KeyCode::Esc, KeyModifiers::NONE),
            key(KeyCode::Char('丁'), KeyModifiers::NONE),
            Msg::Resize(80, 24),
            key(KeyCode::Char('q'), KeyModifiers::CONTROL),
        ]);
        keep_paste_whole(&mut msgs);
        let shown: Vec<String> = msgs
            .iter()
            .map(|m| match m {
                Msg::Paste(t) => format!("paste {t}"),
                Msg::Key(k) => format!("key {:?} {:?}", k.code, k.modifiers),
                Msg::Resize(..) => "resize".into(),
                _ => "other".into(),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "key Char('前') KeyModifiers(0x0)",
                "paste 甲乙丙\n丁",
                "resize",
                "key Char('q') KeyModifiers(CONTROL)",
            ]
        );
    }

    #[test]
    fn editing_works_by_grapheme() {
        let mut input = LineInput::new("张三");
        input.type_char('丰');
        assert_eq!(input.text(), "张三丰");
        input.left();
        input.backspace();
        assert_eq!(input.text(), "张丰");
        input.home();
        input.delete();
        assert_eq!(input.text(), "丰");
    }

    #[test]
    fn pasted_line_breaks_become_spaces_and_junk_is_dropped() {
        let mut input = LineInput::default();
        input.insert("某某乡\r\n人民政府\u{1b}[2J");
        assert_eq!(input.text(), "某某乡 人民政府[2J");
    }

    #[test]
    fn a_run_of_typing_or_deleting_is_one_undo_step_and_moving_ends_it() {
        let mut input = LineInput::new("加强学习");
        let mut history = LineHistory::default();
        for c in "，提高素质".chars() {
            history.record(&input, true);
            input.type_char(c);
        }
        history.break_run();
        input.home();
        for _ in 0..2 {
            history.record(&input, true);
            input.delete();
        }
        assert_eq!(input.text(), "学习，提高素质");
        assert!(history.undo(&mut input));
        assert_eq!(input.text(), "加强学习，提高素质");
        assert!(history.undo(&mut input));
        assert_eq!(input.text(), "加强学习");
        assert!(!history.undo(&mut input));
        assert!(history.redo(&mut input));
        assert!(history.redo(&mut input));
        assert_eq!(input.text(), "学习，提高素质");
        assert!(!history.redo(&mut input));
    }

    #[test]
    fn window_keeps_the_caret_in_view() {
        let input = LineInput::new("一二三四五六七八九十");
        let (shown, col) = input.window(9, Ambiguous::Narrow);
        assert_eq!((shown, col), ("七八九十", 8));
        let mut input = input;
        input.home();
        assert_eq!(input.window(9, Ambiguous::Narrow), ("一二三四", 0));
    }
}
