//! 写作助手窗格: on a part's step, F6 (or Ctrl-W) opens the assistant on the paragraph at the
//! caret: a menu of the five tasks, a one-time question per draft before anything is sent, then
//! the answer streaming into a pane beside the text (over the phrases or the preview) while the
//! writer keeps typing, and at the end the answer as a difference from the original. Enter takes
//! it, as one undo step; Esc cancels or closes at any moment. An answer that broke a fact says
//! which, and cannot be taken.
//!
//! Pure like the rest of `update`: the request is an [`Effect::Assist`] the loop runs on a thread
//! of its own ([`crate::assistant::Job`]), and what it reports comes back as [`Msg::Assist`].

use std::ops::Range;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use crate::assistant::diff::{self, Change, Run};
use crate::assistant::facts::{self, Violation};
use crate::assistant::prompt::{self, Place, Prompt, Task};
use crate::assistant::{Endpoint, Update, guard};
use crate::tui::app::{App, Effect, Screen};
use crate::tui::areas::PartAreas;
use crate::tui::keymap::{self, Action, Hint, Mode};
use crate::tui::view::widgets::pane;
use crate::tui::view::{Theme, clear, put, put_text, styled_row};
use crate::tui::wizard::Wizard;

/// What the pane shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The five tasks; the one chosen.
    Menu { chosen: usize },
    /// The first use in this draft: what will be sent, and where, before it goes.
    Confirm,
    /// Sent; the answer so far (reasoning never shown) or the model still thinking.
    Running { text: String, thinking: usize },
    /// The complete answer, its difference from the original, and the facts it broke.
    Done {
        answer: String,
        runs: Vec<Run>,
        violations: Vec<Violation>,
    },
    /// Nothing to take: why, and what had arrived.
    Failed { reason: String, partial: String },
}

/// The assistant at work on one paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assist {
    /// The part and paragraph (its index in the part's text) the answer is for.
    pub part: usize,
    pub para: usize,
    /// The paragraph as it was: the answer goes into it only while it still reads so.
    pub paragraph: String,
    /// The bytes of the paragraph sent: the text selected in it, or all of it.
    pub range: Range<usize>,
    pub task: Task,
    pub prompt: Option<Prompt>,
    pub stage: Stage,
    /// The prompt is shown in the pane (P, then F6).
    pub show_prompt: bool,
}

/// The assistant's server as the wizard knows it: set once at start by the shell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Setup {
    /// No `[assistant]` server: nothing is ever sent.
    #[default]
    Off,
    /// The settings cannot be used: why.
    Broken(String),
    On(Endpoint),
}

impl Setup {
    /// An `[assistant]` server is set (usable or not): the keys that open the assistant are
    /// named in the hint bar and the help, and pressing them says what is wrong if anything.
    pub fn configured(&self) -> bool {
        !matches!(self, Setup::Off)
    }
}

/// Said when the assistant is asked for but not configured.
pub const OFF_NOTICE: &str = "写作助手没有配置，什么也不会发送：在 config.toml 的 [assistant] 中写上 base_url 和 model（见 README）";

/// A key while the assistant may be concerned: `Some` when it took the key.
pub fn on_key(app: &mut App, key: KeyEvent) -> Option<Vec<Effect>> {
    if app.dialog.is_some() {
        return None;
    }
    let mode = app.mode();
    let opens = mode == Mode::Editor && keymap::action(mode, key) == Some(Action::Assist);
    let setup = app.assistant.clone();
    let Screen::Wizard(w) = &mut app.screen else {
        return None;
    };
    let at_caret = w.assist.as_ref().is_some_and(|a| a.at_caret(w));
    let Some(assist) = &mut w.assist else {
        if !opens {
            return None;
        }
        match setup {
            Setup::Off => app.notice = Some(OFF_NOTICE.to_string()),
            Setup::Broken(why) => app.notice = Some(why),
            Setup::On(_) => {
                if let Err(why) = open(w) {
                    app.notice = Some(why.to_string());
                }
            }
        }
        return Some(Vec::new());
    };
    let Setup::On(endpoint) = setup else {
        return None;
    };
    let pane = assist.mode();
    // Beside the answer the pane's keys are the editor's caret's: in the phrase list or the
    // heading, Enter and Esc stay theirs (insert a phrase, back to the editor).
    if pane == Mode::AssistAnswer && mode != Mode::Editor {
        return None;
    }
    let action = keymap::action(pane, key);
    if pane == Mode::AssistMenu {
        match (&mut assist.stage, action) {
            (_, Some(Action::Close)) => w.assist = None,
            (Stage::Menu { chosen }, Some(Action::Up)) => *chosen = chosen.saturating_sub(1),
            (Stage::Menu { chosen }, Some(Action::Down)) => {
                *chosen = (*chosen + 1).min(Task::ALL.len() - 1)
            }
            (Stage::Menu { chosen }, Some(Action::Enter)) => {
                let task = Task::ALL[*chosen];
                return Some(choose(w, task, &endpoint));
            }
            (Stage::Menu { .. }, Some(Action::Type(c))) => {
                if let Some(n) = c.to_digit(10)
                    && (1..=Task::ALL.len() as u32).contains(&n)
                {
                    return Some(choose(w, Task::ALL[n as usize - 1], &endpoint));
                }
            }
            (Stage::Confirm, Some(Action::Enter)) => {
                w.doc.agree_to_assistant();
                return Some(send(w, &endpoint));
            }
            (Stage::Confirm, Some(Action::ShowPrompt)) => assist.show_prompt ^= true,
            (_, Some(Action::Quit)) => return None,
            _ => {}
        }
        // The menu and the question are a small box of their own: their keys are their own.
        return Some(Vec::new());
    }
    match action {
        Some(Action::ShowPrompt) => assist.show_prompt ^= true,
        Some(Action::Close) if matches!(assist.stage, Stage::Running { .. }) => {
            w.assist = None;
            app.notice = Some("已取消写作助手的请求，正文没有改动".to_string());
            return Some(vec![Effect::CancelAssist]);
        }
        Some(Action::Close) => w.assist = None,
        // Enter takes the answer only where it goes: with the caret elsewhere, or before the
        // answer is complete, it is the editor's Enter.
        Some(Action::Accept) if at_caret => {
            if let Stage::Done { .. } = assist.stage {
                app.notice = Some(match accept(w) {
                    Ok(()) => "已采用写作助手的改写（Ctrl-Z 撤销）".to_string(),
                    Err(why) => why,
                });
                return Some(Vec::new());
            }
            return None;
        }
        // The writer goes on writing while the answer comes.
        _ => return None,
    }
    Some(Vec::new())
}

impl Assist {
    /// Whose keys the pane's are.
    pub fn mode(&self) -> Mode {
        match self.stage {
            Stage::Menu { .. } | Stage::Confirm => Mode::AssistMenu,
            Stage::Running { .. } | Stage::Done { .. } | Stage::Failed { .. } => Mode::AssistAnswer,
        }
    }

    /// The text sent: the selection, or the whole paragraph.
    pub fn original(&self) -> &str {
        &self.paragraph[self.range.clone()]
    }

    /// Whether the caret is in the paragraph the answer is for, where Enter takes it.
    fn at_caret(&self, w: &Wizard) -> bool {
        w.part().map(|p| p.editor.caret().para) == Some(self.para)
    }

    /// Whether the paragraph is still as it was sent: an answer for text since changed would
    /// throw away what the writer typed meanwhile.
    fn paragraph_unchanged(&self, w: &Wizard) -> bool {
        w.part()
            .filter(|p| p.index == self.part)
            .map(|p| w.document().part_text(p.index))
            .is_some_and(|text| {
                self.para < text.count() && text.paragraph(self.para) == self.paragraph
            })
    }

    /// What the answer is for, as the pane says it.
    fn what(&self) -> &'static str {
        if self.range.len() < self.paragraph.len() {
            "选中的文字"
        } else {
            "光标所在的段落"
        }
    }
}

/// Opens the menu on the text selected in the caret's paragraph, or on the whole paragraph.
fn open(w: &mut Wizard) -> Result<(), &'static str> {
    let Some(part) = w.part() else { return Ok(()) };
    let para = part.editor.caret().para;
    let paragraph = w
        .document()
        .part_text(part.index)
        .paragraph(para)
        .to_string();
    let range = match part.editor.marked() {
        Some(marked) if marked.start.para != marked.end.para => {
            return Err(
                "写作助手一次只改一段：请在一段之内选择文字，或按一下方向键取消选择，对整段使用",
            );
        }
        Some(marked) => marked.start.byte..marked.end.byte,
        None => 0..paragraph.len(),
    };
    w.assist = Some(Assist {
        part: part.index,
        para,
        range,
        paragraph,
        task: Task::Polish,
        prompt: None,
        stage: Stage::Menu { chosen: 0 },
        show_prompt: false,
    });
    Ok(())
}

/// A task chosen: the guards, then the question on first use, else the request.
fn choose(w: &mut Wizard, task: Task, endpoint: &Endpoint) -> Vec<Effect> {
    let Some(assist) = &w.assist else {
        return Vec::new();
    };
    let fail = |w: &mut Wizard, reason: String| {
        if let Some(a) = &mut w.assist {
            a.stage = Stage::Failed {
                reason,
                partial: String::new(),
            };
        }
        Vec::new()
    };
    if assist.original().trim().is_empty() {
        let reason = if task == Task::Draft {
            "光标所在的段落是空的：先在这一段写下几条要点（一行写完，用逗号或分号隔开），再选“按要点起草”"
        } else {
            "光标所在的段落是空的，没有可改的文字"
        };
        return fail(w, reason.to_string());
    }
    if let Some(marking) = guard::marking(w.document().draft(), assist.original()) {
        return fail(w, guard::refusal(&marking));
    }
    let template = w.template();
    let part = &template.parts[assist.part];
    let place = Place {
        template,
        part,
        year: w.document().draft().field("年度"),
        paragraphs: w.editor().map_or(1, |e| {
            e.paragraphs()
                .iter()
                .filter(|p| !p.trim().is_empty())
                .count()
        }),
    };
    let built = prompt::build(task, &place, assist.original());
    let consented = w.document().draft().state.assistant_agreed;
    let Some(assist) = &mut w.assist else {
        return Vec::new();
    };
    assist.task = task;
    assist.prompt = Some(built);
    if consented {
        send(w, endpoint)
    } else {
        assist.stage = Stage::Confirm;
        Vec::new()
    }
}

/// Sends the request.
fn send(w: &mut Wizard, endpoint: &Endpoint) -> Vec<Effect> {
    let Some(assist) = &mut w.assist else {
        return Vec::new();
    };
    let Some(prompt) = &assist.prompt else {
        return Vec::new();
    };
    assist.stage = Stage::Running {
        text: String::new(),
        thinking: 0,
    };
    vec![Effect::Assist {
        endpoint: Box::new(endpoint.clone()),
        messages: prompt.messages.clone(),
    }]
}

/// What the request reported. News for a pane no longer waiting (the writer moved to another
/// step, or opened another draft) stops the request.
pub fn on_update(app: &mut App, update: Update) -> Vec<Effect> {
    let stop = match update {
        Update::Progress(_) => vec![Effect::CancelAssist],
        Update::Done(_) => Vec::new(),
    };
    let Screen::Wizard(w) = &mut app.screen else {
        return stop;
    };
    let names = field_values(w);
    let Some(assist) = &mut w.assist else {
        return stop;
    };
    if !matches!(assist.stage, Stage::Running { .. }) {
        return stop;
    }
    assist.stage = match update {
        Update::Progress(crate::assistant::Progress::Text(text)) => {
            Stage::Running { text, thinking: 0 }
        }
        Update::Progress(crate::assistant::Progress::Thinking { chars }) => Stage::Running {
            text: String::new(),
            thinking: chars,
        },
        Update::Done(Ok(done)) => {
            let answer = crate::text::sanitize::sanitize(&done.text).into_owned();
            let violations = facts::check(assist.original(), &answer, &names);
            Stage::Done {
                runs: diff::diff(assist.original(), &answer),
                answer,
                violations,
            }
        }
        Update::Done(Err(failed)) if failed.cancelled => return Vec::new(),
        Update::Done(Err(failed)) => Stage::Failed {
            reason: failed.reason,
            partial: failed.partial,
        },
    };
    Vec::new()
}

/// The draft's field values: names the answer must keep.
fn field_values(w: &Wizard) -> Vec<String> {
    w.document()
        .draft()
        .fields
        .values()
        .filter(|v| !v.trim().is_empty())
        .cloned()
        .collect()
}

/// Why an answer is not taken when its paragraph was edited while it came.
const CHANGED_MEANWHILE: &str =
    "这一段在等待回答时改动过，不能直接采用：可以照着回答自己改，或关闭后重新选用写作助手";

/// Replaces the paragraph with the answer, as one undo step, when the answer may be taken.
fn accept(w: &mut Wizard) -> Result<(), String> {
    let Some(assist) = &w.assist else {
        return Ok(());
    };
    let Stage::Done {
        answer, violations, ..
    } = &assist.stage
    else {
        return Err("还没有可以采用的回答".to_string());
    };
    if let Some(v) = violations.first() {
        return Err(format!("不能采用：{}", v.message()));
    }
    let (para, paragraph) = (assist.para, assist.paragraph.clone());
    let answer = format!(
        "{}{answer}{}",
        &paragraph[..assist.range.start],
        &paragraph[assist.range.end..]
    );
    if !assist.paragraph_unchanged(w) {
        return Err(CHANGED_MEANWHILE.to_string());
    }
    let Wizard {
        doc, save, step, ..
    } = w;
    let crate::tui::wizard::StepState::Part(p) = step else {
        return Ok(());
    };
    let mut buf = crate::tui::editor::DocumentPart { doc, part: p.index };
    p.editor.replace_paragraph(&mut buf, para, &answer);
    save.typed += answer.chars().count();
    w.assist = None;
    Ok(())
}

/// The pane, over the phrases or the preview.
pub fn draw(frame: &mut Frame, a: &PartAreas, app: &App, w: &Wizard, theme: &Theme) {
    let Some(assist) = &w.assist else { return };
    let area = if app.wide() { a.side } else { a.lower };
    if area.height < 3 {
        return;
    }
    clear(frame, area, theme);
    let model = match &app.assistant {
        Setup::On(e) => e.model.as_str(),
        _ => "",
    };
    let title = match &assist.stage {
        Stage::Menu { .. } => format!("写作助手（{model}）：对{}", assist.what()),
        _ => format!("写作助手 · {}（{model}）", assist.task.name()),
    };
    put(frame, pane(&title, true, theme), area, theme);
    let inner = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    let width = inner.width.saturating_sub(1) as usize;
    let amb = app.ambiguous;
    let wrap = |text: &str, style: Style, lines: &mut Vec<Line<'static>>| {
        for para in text.split('\n') {
            for row in w.layouts.wrap(para, width, amb).iter() {
                lines.push(styled_row(para, *row, &[], style));
            }
        }
    };
    let mut lines: Vec<Line<'static>> = Vec::new();
    let keys;
    if assist.show_prompt
        && let Some(p) = &assist.prompt
    {
        // What is asked, with the writer's text, first; then the rules that go with it.
        for m in p.messages.iter().rev() {
            let who = if m.role == "system" {
                "【系统提示】"
            } else {
                "【请求】"
            };
            wrap(who, theme.title(), &mut lines);
            wrap(&m.content, theme.dim(), &mut lines);
        }
        keys = key_line(
            assist.mode(),
            &[
                Hint::new(&[Action::ShowPrompt], "收起"),
                Hint::new(&[Action::Close], "关闭"),
            ],
        );
    } else {
        match &assist.stage {
            Stage::Menu { chosen } => {
                for (n, task) in Task::ALL.iter().enumerate() {
                    let mark = if n == *chosen { "▸" } else { " " };
                    let text = format!("{mark}{} {}：{}", n + 1, task.name(), task.description());
                    let style = if n == *chosen {
                        theme.chosen()
                    } else {
                        Style::new()
                    };
                    wrap(&text, style, &mut lines);
                }
                keys = key_line(
                    Mode::AssistMenu,
                    &[
                        Hint::new(&[Action::Up, Action::Down], "选择"),
                        Hint::new(&[Action::Enter], "或数字 发送"),
                        Hint::new(&[Action::Close], "关闭"),
                    ],
                );
            }
            Stage::Confirm => {
                let base = match &app.assistant {
                    Setup::On(e) => e.base_url.as_str(),
                    _ => "",
                };
                wrap(
                    &format!(
                        "这份草稿第一次使用写作助手：{}，连同本部分的写作要求，将发送到 {base}（模型 {model}）。模型只改措辞，数字、日期、名称等事实有变动的回答不能采用。",
                        assist.what()
                    ),
                    Style::new(),
                    &mut lines,
                );
                keys = key_line(
                    Mode::AssistMenu,
                    &[
                        Hint::new(&[Action::Enter], "发送（本草稿不再询问）"),
                        Hint::new(&[Action::ShowPrompt], "查看发送的内容"),
                        Hint::new(&[Action::Close], "取消"),
                    ],
                );
            }
            Stage::Running { text, thinking } => {
                if text.is_empty() {
                    let line = if *thinking > 0 {
                        format!("模型正在思考（已 {thinking} 字，思考过程不会写进正文）……")
                    } else {
                        "已发送，正在等待模型回答……".to_string()
                    };
                    wrap(&line, theme.dim(), &mut lines);
                } else {
                    wrap(text, Style::new(), &mut lines);
                }
                keys = key_line(
                    Mode::AssistAnswer,
                    &[
                        Hint::new(&[Action::Close], "取消（可以继续写正文）"),
                        Hint::new(&[Action::ShowPrompt], "提示词"),
                    ],
                );
            }
            Stage::Done {
                runs, violations, ..
            } => {
                if let Some(v) = violations.first() {
                    let more = if violations.len() > 1 {
                        format!("（另有 {} 处）", violations.len() - 1)
                    } else {
                        String::new()
                    };
                    wrap(
                        &format!("不能采用：{}{more}", v.message()),
                        theme.error(),
                        &mut lines,
                    );
                }
                let changed = !assist.paragraph_unchanged(w);
                if changed {
                    wrap(CHANGED_MEANWHILE, theme.error(), &mut lines);
                }
                lines.extend(diff_lines(runs, width, amb, w, theme));
                let accept = if assist.at_caret(w) {
                    "采用（Ctrl-Z 撤销）"
                } else {
                    "采用（先回到原来那一段）"
                };
                let take = [
                    Hint::new(&[Action::Accept], accept),
                    Hint::new(&[Action::Close], "放弃"),
                    Hint::new(&[Action::ShowPrompt], "提示词"),
                ];
                let refused = [
                    Hint::new(&[Action::Close], "关闭"),
                    Hint::new(&[Action::ShowPrompt], "提示词"),
                ];
                let hints: &[Hint] = if violations.is_empty() && !changed {
                    &take
                } else {
                    &refused
                };
                keys = key_line(Mode::AssistAnswer, hints);
            }
            Stage::Failed { reason, partial } => {
                wrap(reason, theme.error(), &mut lines);
                if !partial.is_empty() {
                    wrap(partial, theme.dim(), &mut lines);
                }
                let hints = [
                    Hint::new(&[Action::Close], "关闭"),
                    Hint::new(&[Action::ShowPrompt], "提示词"),
                ];
                // Refused before anything was asked: there is no prompt to show.
                let shown = if assist.prompt.is_some() { 2 } else { 1 };
                keys = key_line(Mode::AssistAnswer, &hints[..shown]);
            }
        }
    }
    // The keys at the bottom, wrapped (never cut) in the pane's width.
    let mut key_rows = Vec::new();
    wrap(&keys, theme.key(), &mut key_rows);
    let key_rows: Vec<Line<'static>> = key_rows
        .into_iter()
        .take(inner.height.saturating_sub(1) as usize)
        .collect();
    let room = (inner.height as usize).saturating_sub(key_rows.len());
    if assist.show_prompt {
        lines.truncate(room);
    } else if lines.len() > room {
        // The end is what is new while streaming, and where the keys are read.
        lines.drain(..lines.len() - room);
    }
    put_text(
        frame,
        lines,
        Rect {
            height: room as u16,
            ..inner
        },
        theme,
    );
    put_text(
        frame,
        key_rows,
        Rect {
            y: inner.y + room as u16,
            height: inner.height - room as u16,
            ..inner
        },
        theme,
    );
}

/// The pane's keys and what they do, from its keymap.
fn key_line(mode: Mode, hints: &[Hint]) -> String {
    let named: Vec<String> = hints
        .iter()
        .map(|h| format!("{} {}", h.keys(mode), h.label))
        .collect();
    named.join("  ")
}

/// The difference, wrapped: removed words struck through, added ones underlined.
fn diff_lines(
    runs: &[Run],
    width: usize,
    amb: crate::text::width::Ambiguous,
    w: &Wizard,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let removed = theme.dim().add_modifier(Modifier::CROSSED_OUT);
    let added = theme
        .ok()
        .add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
    let mut lines = Vec::new();
    let mut text = String::new();
    let mut styles = Vec::new();
    let mut flush = |text: &mut String, styles: &mut Vec<(std::ops::Range<usize>, Style)>| {
        for row in w.layouts.wrap(text, width, amb).iter() {
            lines.push(styled_row(text, *row, styles, Style::new()));
        }
        text.clear();
        styles.clear();
    };
    for run in runs {
        let style = match run.change {
            Change::Same => None,
            Change::Removed => Some(removed),
            Change::Added => Some(added),
        };
        for (n, piece) in run.text.split('\n').enumerate() {
            if n > 0 {
                flush(&mut text, &mut styles);
            }
            let start = text.len();
            text.push_str(piece);
            if let Some(style) = style {
                styles.push((start..text.len(), style));
            }
        }
    }
    flush(&mut text, &mut styles);
    lines
}
