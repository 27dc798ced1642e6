//! 写作助手窗格: on a part's step, F6 (or Ctrl-W) opens the assistant on the paragraph at the
//! caret: a menu of the five tasks, a one-time question per draft before anything is sent, then
//! the answer streaming into a pane beside the text (over the phrases or the preview) while the
//! writer keeps typing, and at the end the answer as a difference from the original. Enter takes
//! it, as one undo step; Esc cancels or closes at any moment. An answer that broke a fact says
//! which, and cannot be taken.
//!
//! Pure like the rest of `update`: the request is an [`Effect::Assist`] the loop runs on a thread
//! of its own ([`crate::assistant::Job`]), and what it reports comes back as [`Msg::Assist`].

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use crate::assistant::diff::{self, Change, Run};
use crate::assistant::facts::{self, Violation};
use crate::assistant::prompt::{self, Place, Prompt, Task};
use crate::assistant::{Endpoint, Update, guard};
use crate::tui::app::{App, Effect, Screen};
use crate::tui::areas::PartAreas;
use crate::tui::keymap::{self, Action, Mode};
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
    /// The paragraph as it was sent: the answer replaces it only while it still reads so.
    pub original: String,
    pub task: Task,
    pub prompt: Option<Prompt>,
    pub stage: Stage,
    /// The prompt is shown in the pane (P).
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
    if w.assist.is_none() {
        if !opens {
            return None;
        }
        match setup {
            Setup::Off => app.notice = Some(OFF_NOTICE.to_string()),
            Setup::Broken(why) => app.notice = Some(why),
            Setup::On(_) => open(w),
        }
        return Some(Vec::new());
    }
    let endpoint = match setup {
        Setup::On(e) => e,
        _ => return None,
    };
    let esc = key.code == KeyCode::Esc && key.modifiers == KeyModifiers::NONE;
    let enter = matches!(key.code, KeyCode::Enter)
        || key.modifiers == KeyModifiers::CONTROL && matches!(key.code, KeyCode::Char('m' | 'j'));
    let letter = match key.code {
        KeyCode::Char(c) if key.modifiers.difference(KeyModifiers::SHIFT).is_empty() => Some(c),
        _ => None,
    };
    let assist = w.assist.as_mut()?;
    match &mut assist.stage {
        Stage::Menu { chosen } => {
            match key.code {
                KeyCode::Up => *chosen = chosen.saturating_sub(1),
                KeyCode::Down => *chosen = (*chosen + 1).min(Task::ALL.len() - 1),
                _ if esc => w.assist = None,
                _ if enter => {
                    let task = Task::ALL[*chosen];
                    return Some(choose(w, task, &endpoint));
                }
                _ => {
                    if let Some(n) = letter.and_then(|c| c.to_digit(10))
                        && (1..=Task::ALL.len() as u32).contains(&n)
                    {
                        return Some(choose(w, Task::ALL[n as usize - 1], &endpoint));
                    }
                }
            }
            // The menu is a small box of its own: its keys are its own.
            Some(Vec::new())
        }
        Stage::Confirm => {
            if esc {
                w.assist = None;
            } else if enter {
                w.doc.agree_to_assistant();
                return Some(send(w, &endpoint));
            } else if matches!(letter, Some('p' | 'P')) {
                assist.show_prompt = !assist.show_prompt;
            }
            Some(Vec::new())
        }
        Stage::Running { .. } => {
            if esc {
                w.assist = None;
                app.notice = Some("已取消写作助手的请求，正文没有改动".to_string());
                return Some(vec![Effect::CancelAssist]);
            }
            // The writer goes on writing while the answer comes.
            None
        }
        Stage::Done { .. } | Stage::Failed { .. } => {
            if esc {
                w.assist = None;
                return Some(Vec::new());
            }
            if matches!(letter, Some('p' | 'P')) && key.modifiers.is_empty() && assist.show_prompt {
                assist.show_prompt = false;
                return Some(Vec::new());
            }
            if enter {
                let result = accept(w);
                if let Err(why) = result {
                    app.notice = Some(why);
                } else {
                    app.notice = Some("已采用写作助手的改写（Ctrl-Z 撤销）".to_string());
                }
                return Some(Vec::new());
            }
            None
        }
    }
}

/// Opens the menu on the paragraph at the caret.
fn open(w: &mut Wizard) {
    let Some(part) = w.part() else { return };
    let para = part.editor.caret().para;
    let original = w
        .document()
        .part_text(part.index)
        .paragraph(para)
        .to_string();
    w.assist = Some(Assist {
        part: part.index,
        para,
        original,
        task: Task::Polish,
        prompt: None,
        stage: Stage::Menu { chosen: 0 },
        show_prompt: false,
    });
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
    if assist.original.trim().is_empty() {
        let reason = if task == Task::Draft {
            "光标所在的段落是空的：先在这一段写下几条要点（一行写完，用逗号或分号隔开），再选“按要点起草”"
        } else {
            "光标所在的段落是空的，没有可改的文字"
        };
        return fail(w, reason.to_string());
    }
    if let Some(marking) = guard::marking(w.document().draft(), &assist.original) {
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
    let built = prompt::build(task, &place, &assist.original);
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
            let violations = facts::check(&assist.original, &answer, &names);
            Stage::Done {
                runs: diff::diff(&assist.original, &answer),
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
    let (part, para, original, answer) = (
        assist.part,
        assist.para,
        assist.original.clone(),
        answer.clone(),
    );
    let still = w
        .part()
        .filter(|p| p.index == part)
        .map(|p| w.document().part_text(p.index))
        .is_some_and(|text| para < text.count() && text.paragraph(para) == original);
    if !still {
        return Err("这一段在等待回答时改动过，没有替换：请重新选用写作助手".to_string());
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
        Stage::Menu { .. } => format!("写作助手（{model}）：对光标所在的段落"),
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
        keys = "P 收起  Esc 关闭".to_string();
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
                keys = "⇡⇣ 选择  Enter 或数字 发送  Esc 关闭".to_string();
            }
            Stage::Confirm => {
                let base = match &app.assistant {
                    Setup::On(e) => e.base_url.as_str(),
                    _ => "",
                };
                wrap(
                    &format!(
                        "这份草稿第一次使用写作助手：光标所在的这一段，连同本部分的写作要求，将发送到 {base}（模型 {model}）。模型只改措辞，数字、日期、名称等事实有变动的回答不能采用。"
                    ),
                    Style::new(),
                    &mut lines,
                );
                keys = "Enter 发送（本草稿不再询问）  P 查看发送的内容  Esc 取消".to_string();
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
                keys = "Esc 取消（可以继续写正文）".to_string();
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
                lines.extend(diff_lines(runs, width, amb, w, theme));
                keys = if violations.is_empty() {
                    "Enter 采用（Ctrl-Z 撤销）  Esc 放弃  P 提示词".to_string()
                } else {
                    "Esc 关闭  P 提示词".to_string()
                };
            }
            Stage::Failed { reason, partial } => {
                wrap(reason, theme.error(), &mut lines);
                if !partial.is_empty() {
                    wrap(partial, theme.dim(), &mut lines);
                }
                keys = "Esc 关闭".to_string();
            }
        }
    }
    let room = inner.height.saturating_sub(1) as usize;
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
        Line::styled(keys, theme.key()),
        Rect {
            y: inner.bottom().saturating_sub(1),
            height: 1,
            ..inner
        },
        theme,
    );
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
