//! The writing assistant in the wizard, driven by keys through `update` and drawn into a
//! `TestBackend`: the menu on the caret's paragraph, the question before the first send, the
//! answer streaming into the pane while the writer types, its difference from the original, its
//! acceptance as one undo step, a cancel, and an answer that changed a figure.

use std::path::PathBuf;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use shuzhi::assistant::http::{Timeouts, Url};
use shuzhi::assistant::settings::{Endpoint, KeySource};
use shuzhi::assistant::{Failed, Finished, Progress, Update};
use shuzhi::config::Config;
use shuzhi::draft::Draft;
use shuzhi::template::Registry;
use shuzhi::text::width::Ambiguous;
use shuzhi::tui::app::{App, Effect, Msg, Opened, update};
use shuzhi::tui::screen::assist::{OFF_NOTICE, Setup, Stage};
use shuzhi::tui::view::view;

const PARAGRAPH: &str = "全镇完成固定资产投资12.5亿元，同比增长15%，群众满意度进一步提高。";
const POLISHED: &str = "全镇固定资产投资完成12.5亿元，同比增长15%，群众满意度持续提升。";

fn endpoint() -> Endpoint {
    Endpoint {
        base_url: "http://127.0.0.1:9/v1".into(),
        url: Url::parse("http://127.0.0.1:9/v1/chat/completions").unwrap(),
        model: "qwen3-32b".into(),
        key: KeySource::None,
        timeouts: Timeouts {
            connect: Duration::from_secs(1),
            first_token: Duration::from_secs(1),
            between_chunks: Duration::from_secs(1),
        },
        think: false,
        ca_file: None,
    }
}

/// A dnqjl draft open at 能勤绩 (the third step), its text one paragraph, the caret in it.
fn open(width: u16, height: u16, text: &str, setup: Setup) -> App {
    let registry = Registry::builtin();
    let template = registry.template("dnqjl").unwrap();
    let mut draft = Draft::new(template);
    draft.fields.insert("年度".into(), "2026".into());
    draft.fields.insert("姓名".into(), "张三".into());
    draft.sections.entry("duty".into()).or_default().text = format!("{text}\n");
    draft.state.step = Some("duty".into());
    let mut app = App::new(registry, Config::default(), Ambiguous::Narrow, true);
    app.assistant = setup;
    app.open(Opened::new(PathBuf::from("草稿.toml"), draft, false))
        .unwrap();
    update(&mut app, Msg::Resize(width, height));
    app
}

fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    update(
        app,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    )
}

fn screen(app: &App) -> String {
    let mut term = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    term.draw(|f| {
        view(app, f);
    })
    .unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(s).saturating_sub(1);
            out.push_str(s);
        }
        out.push('\n');
    }
    out
}

fn text(app: &App) -> String {
    let text = &app
        .wizard()
        .unwrap()
        .document()
        .draft()
        .section("duty")
        .unwrap()
        .text;
    text.trim_end().to_string()
}

/// F6, then 1 (润色): the effect that sends, after the once-per-draft question.
fn polish(app: &mut App) -> Vec<Effect> {
    assert!(key(app, KeyCode::F(6)).is_empty());
    let first = key(app, KeyCode::Char('1'));
    assert!(first.is_empty(), "nothing is sent before the writer agrees");
    assert!(
        screen(app).contains("第一次使用写作助手"),
        "{}",
        screen(app)
    );
    key(app, KeyCode::Enter)
}

fn done(text: &str) -> Msg {
    Msg::Assist(Update::Done(Ok(Finished {
        text: text.into(),
        model: "qwen3-32b".into(),
        first_token: Some(Duration::from_millis(300)),
    })))
}

#[test]
fn a_polish_streams_into_the_pane_and_enter_takes_it_as_one_undo_step() {
    let mut app = open(120, 40, PARAGRAPH, Setup::On(endpoint()));
    let effects = polish(&mut app);
    let [Effect::Assist { messages, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(messages[1].content.contains(PARAGRAPH));
    assert!(messages[0].content.contains("2026年度"));
    update(
        &mut app,
        Msg::Assist(Update::Progress(Progress::Thinking { chars: 40 })),
    );
    assert!(screen(&app).contains("模型正在思考（已 40 字"));
    update(
        &mut app,
        Msg::Assist(Update::Progress(Progress::Text("全镇固定资产投资".into()))),
    );
    assert!(screen(&app).contains("全镇固定资产投资"));
    update(&mut app, done(POLISHED));
    let shown = screen(&app);
    assert!(shown.contains("Enter 采用"), "{shown}");
    assert!(!shown.contains("不能采用"), "{shown}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(text(&app), POLISHED.to_string());
    assert!(app.notice.as_deref().unwrap().contains("已采用"));
    // One undo step brings the original back whole.
    ctrl(&mut app, 'z');
    assert_eq!(text(&app), PARAGRAPH.to_string());
    // The question is asked once per draft: the next task is sent at once.
    key(&mut app, KeyCode::F(6));
    let effects = key(&mut app, KeyCode::Char('2'));
    assert!(
        matches!(effects.as_slice(), [Effect::Assist { .. }]),
        "{effects:?}"
    );
}

#[test]
fn the_writer_keeps_typing_while_the_answer_comes_and_esc_cancels_at_once() {
    let mut app = open(80, 24, PARAGRAPH, Setup::On(endpoint()));
    polish(&mut app);
    key(&mut app, KeyCode::Enter);
    for c in "新的一段".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    assert_eq!(text(&app), format!("{PARAGRAPH}\n新的一段"));
    assert_eq!(key(&mut app, KeyCode::Esc), [Effect::CancelAssist]);
    assert!(app.notice.as_deref().unwrap().contains("已取消"));
    // What was still on its way changes nothing.
    update(&mut app, done(POLISHED));
    assert_eq!(text(&app), format!("{PARAGRAPH}\n新的一段"));
    assert!(!screen(&app).contains("写作助手 ·"));
}

#[test]
fn an_answer_that_changed_a_figure_is_shown_and_cannot_be_taken() {
    let mut app = open(120, 40, PARAGRAPH, Setup::On(endpoint()));
    polish(&mut app);
    update(&mut app, done(&POLISHED.replace("12.5亿元", "13亿元")));
    let shown = screen(&app);
    assert!(
        shown.contains("不能采用：数字“12.5亿元”被改成了“13亿元”"),
        "{shown}"
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(text(&app), PARAGRAPH.to_string());
    assert!(app.notice.as_deref().unwrap().starts_with("不能采用"));
}

#[test]
fn a_paragraph_changed_while_waiting_is_not_replaced() {
    let mut app = open(120, 40, PARAGRAPH, Setup::On(endpoint()));
    polish(&mut app);
    key(&mut app, KeyCode::Char('啊'));
    update(&mut app, done(POLISHED));
    // The pane says so before Enter is tried, and offers no 采用.
    let shown = screen(&app);
    assert!(
        shown.contains("这一段在等待回答时改动过，不能直接采用"),
        "{shown}"
    );
    assert!(!shown.contains("采用（"), "{shown}");
    assert!(shown.contains("Esc 关闭"), "{shown}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(text(&app), format!("{PARAGRAPH}啊"));
    assert!(app.notice.as_deref().unwrap().contains("改动过"));
}

#[test]
fn leaving_the_step_while_the_answer_comes_stops_the_request() {
    let mut app = open(80, 24, PARAGRAPH, Setup::On(endpoint()));
    polish(&mut app);
    ctrl(&mut app, 'n');
    let news = Msg::Assist(Update::Progress(Progress::Text("全镇".into())));
    assert_eq!(update(&mut app, news), [Effect::CancelAssist]);
    assert_eq!(text(&app), PARAGRAPH);
}

#[test]
fn a_failure_says_why_and_keeps_the_text() {
    let mut app = open(80, 24, PARAGRAPH, Setup::On(endpoint()));
    polish(&mut app);
    update(
        &mut app,
        Msg::Assist(Update::Done(Err(Failed {
            reason: "回答中途停了 60 秒没有新内容".into(),
            partial: "全镇".into(),
            cancelled: false,
        }))),
    );
    assert!(screen(&app).contains("回答中途停了 60 秒"));
    key(&mut app, KeyCode::Esc);
    assert_eq!(text(&app), PARAGRAPH.to_string());
}

#[test]
fn nothing_is_sent_without_a_server_or_from_a_draft_with_a_marking() {
    let mut app = open(80, 24, PARAGRAPH, Setup::Off);
    assert!(key(&mut app, KeyCode::F(6)).is_empty());
    assert_eq!(app.notice.as_deref(), Some(OFF_NOTICE));
    let mut app = open(
        80,
        24,
        &format!("机密★1年\n{PARAGRAPH}"),
        Setup::On(endpoint()),
    );
    key(&mut app, KeyCode::F(6));
    assert!(key(&mut app, KeyCode::Char('1')).is_empty());
    let w = app.wizard().unwrap();
    let assist = w.assist().unwrap();
    assert!(matches!(&assist.stage, Stage::Failed { reason, .. } if reason.contains("不会发送")));
}

#[test]
fn the_prompt_can_be_read_before_it_is_sent() {
    let mut app = open(120, 40, PARAGRAPH, Setup::On(endpoint()));
    key(&mut app, KeyCode::F(6));
    key(&mut app, KeyCode::Char('2'));
    key(&mut app, KeyCode::Char('p'));
    let shown = screen(&app);
    assert!(shown.contains("【系统提示】"), "{shown}");
    assert!(shown.contains("【请求】"), "{shown}");
}

#[test]
fn the_assistant_key_is_named_only_where_a_server_is_configured() {
    for (setup, named) in [(Setup::Off, false), (Setup::On(endpoint()), true)] {
        let mut app = open(120, 40, PARAGRAPH, setup);
        let hint_bar = screen(&app).lines().last().unwrap().to_string();
        assert_eq!(hint_bar.contains("F6 写作助手"), named, "{hint_bar}");
        key(&mut app, KeyCode::F(1));
        let help = screen(&app);
        assert!(help.contains("帮助"), "{help}");
        assert_eq!(help.contains("写作助手："), named, "{help}");
    }
}

#[test]
fn the_question_is_asked_once_per_draft_and_the_answer_is_kept_in_it() {
    let mut app = open(120, 40, PARAGRAPH, Setup::On(endpoint()));
    assert_eq!(polish(&mut app).len(), 1);
    let draft = app.wizard().unwrap().document().draft().clone();
    assert!(draft.state.assistant_agreed);
    // The same draft opened again: the task is sent at once, without the question.
    let mut again = App::new(
        Registry::builtin(),
        Config::default(),
        Ambiguous::Narrow,
        true,
    );
    again.assistant = Setup::On(endpoint());
    again
        .open(Opened::new(PathBuf::from("草稿.toml"), draft, false))
        .unwrap();
    update(&mut again, Msg::Resize(120, 40));
    assert!(key(&mut again, KeyCode::F(6)).is_empty());
    let sent = key(&mut again, KeyCode::Char('1'));
    assert!(
        matches!(sent.as_slice(), [Effect::Assist { .. }]),
        "{sent:?}"
    );
}

fn shift(app: &mut App, code: KeyCode) {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::SHIFT)));
}

#[test]
fn the_prompt_sent_can_be_read_while_the_answer_comes_and_after_and_letters_stay_text() {
    let mut app = open(120, 40, PARAGRAPH, Setup::On(endpoint()));
    polish(&mut app);
    // Waiting: F6 shows what was sent; a P typed meanwhile is text.
    key(&mut app, KeyCode::Char('P'));
    assert_eq!(text(&app), format!("{PARAGRAPH}P"));
    let waiting = screen(&app);
    assert!(waiting.contains("F6 提示词"), "{waiting}");
    key(&mut app, KeyCode::F(6));
    let shown = screen(&app);
    assert!(shown.contains("【请求】"), "{shown}");
    assert!(shown.contains("F6 收起"), "{shown}");
    key(&mut app, KeyCode::Backspace);
    update(&mut app, done(POLISHED));
    // Come: still shown until F6 again, then the difference.
    assert!(screen(&app).contains("【请求】"));
    ctrl(&mut app, 'w');
    let answer = screen(&app);
    assert!(!answer.contains("【请求】"), "{answer}");
    assert!(answer.contains("Enter 采用"), "{answer}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(text(&app), POLISHED);
}

#[test]
fn enter_in_another_paragraph_is_the_editors_and_takes_nothing() {
    let mut app = open(120, 40, PARAGRAPH, Setup::On(endpoint()));
    polish(&mut app);
    key(&mut app, KeyCode::Enter);
    for c in "新的一段".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    update(&mut app, done(POLISHED));
    assert!(screen(&app).contains("采用（先回到原来那一段）"));
    // The writer is writing the next paragraph: Enter opens another, the answer waits.
    key(&mut app, KeyCode::Enter);
    assert_eq!(text(&app), format!("{PARAGRAPH}\n新的一段"));
    let w = app.wizard().unwrap();
    assert!(matches!(w.assist().unwrap().stage, Stage::Done { .. }));
    // Back in the paragraph it is for, Enter takes it.
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Enter);
    assert_eq!(text(&app), format!("{POLISHED}\n新的一段"));
}

#[test]
fn a_selection_in_a_paragraph_is_sent_alone_and_replaced_alone() {
    const KEPT: &str = "群众满意度进一步提高。";
    let mut app = open(120, 40, PARAGRAPH, Setup::On(endpoint()));
    // The caret is at the paragraph's end: select its last clause.
    for _ in KEPT.chars() {
        shift(&mut app, KeyCode::Left);
    }
    key(&mut app, KeyCode::F(6));
    assert!(screen(&app).contains("对选中的文字"), "{}", screen(&app));
    key(&mut app, KeyCode::Char('1'));
    let asked = screen(&app);
    assert!(asked.contains("选中的文字"), "{asked}");
    let effects = key(&mut app, KeyCode::Enter);
    let [Effect::Assist { messages, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert!(messages[1].content.contains(KEPT));
    assert!(
        !messages[1].content.contains("12.5亿元"),
        "only the selection goes"
    );
    update(&mut app, done("群众满意度持续提升。"));
    key(&mut app, KeyCode::Enter);
    assert_eq!(text(&app), PARAGRAPH.replace(KEPT, "群众满意度持续提升。"));
    ctrl(&mut app, 'z');
    assert_eq!(text(&app), PARAGRAPH);
}

#[test]
fn a_selection_over_two_paragraphs_is_refused_with_what_to_do() {
    let mut app = open(
        120,
        40,
        &format!("{PARAGRAPH}\n{PARAGRAPH}"),
        Setup::On(endpoint()),
    );
    // From the end of the second paragraph to the first: each wraps to two rows here.
    for _ in 0..3 {
        shift(&mut app, KeyCode::Up);
    }
    assert!(key(&mut app, KeyCode::F(6)).is_empty());
    assert!(app.wizard().unwrap().assist().is_none(), "{}", screen(&app));
    assert!(app.notice.as_deref().unwrap().contains("一次只改一段"));
}

#[test]
fn the_panes_keys_wrap_in_its_width_at_120_columns_and_none_is_cut() {
    let mut app = open(120, 40, PARAGRAPH, Setup::On(endpoint()));
    key(&mut app, KeyCode::F(6));
    key(&mut app, KeyCode::Char('1'));
    let shown = screen(&app);
    let rows: Vec<&str> = shown.lines().collect();
    let at = rows
        .iter()
        .position(|r| r.contains("P 查看发送的内容"))
        .unwrap_or_else(|| panic!("{shown}"));
    // "Esc 取消" on that row or the next: the last key is read whole.
    let tail = format!("{}{}", rows[at], rows[at + 1].trim_start());
    assert!(tail.contains("Esc") && tail.contains("取消"), "{shown}");
}

#[test]
fn in_the_phrase_list_enter_and_esc_stay_the_lists_while_an_answer_waits() {
    use shuzhi::tui::keymap::Mode;
    let mut app = open(120, 40, PARAGRAPH, Setup::On(endpoint()));
    polish(&mut app);
    update(&mut app, done(POLISHED));
    // Esc from the list goes back to the editor and leaves the answer where it is.
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.mode(), Mode::Phrases);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Editor);
    let w = app.wizard().unwrap();
    assert!(matches!(w.assist().unwrap().stage, Stage::Done { .. }));
    // Enter in the list inserts the chosen phrase; the answer is not taken.
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.mode(), Mode::Phrases);
    key(&mut app, KeyCode::Enter);
    assert!(text(&app).starts_with(PARAGRAPH), "{}", text(&app));
    assert!(text(&app).len() > PARAGRAPH.len(), "a phrase was inserted");
    assert!(!text(&app).contains("持续提升"));
}
