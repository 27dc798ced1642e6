//! Driving the wizard's model as a writer's keys do, through `update`, and reading what it draws
//! into a `TestBackend`: for the tests that need no real terminal.

#![allow(dead_code)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Position;

use std::path::PathBuf;

use shuzhi::config::Config;
use shuzhi::draft::Draft;
use shuzhi::source::Source;
use shuzhi::template::Registry;
use shuzhi::text::width::Ambiguous;
use shuzhi::tui::app::{App, Effect, Msg, Opened, SaveDone, Step, update};
use shuzhi::tui::view::view;

pub fn key(app: &mut App, code: KeyCode, mods: KeyModifiers) -> Vec<Effect> {
    update(app, Msg::Key(KeyEvent::new(code, mods)))
}

pub fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    key(app, code, KeyModifiers::NONE)
}

pub fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    key(app, KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        press(app, code);
    }
}

pub fn go_to(app: &mut App, step: Step) {
    for _ in 0..20 {
        if app.wizard().unwrap().step() == step {
            return;
        }
        ctrl(app, 'n');
    }
    panic!("never reached {step:?}");
}

pub fn draw(app: &App) -> (Terminal<TestBackend>, Option<Position>) {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    let mut cursor = None;
    terminal.draw(|frame| cursor = view(app, frame)).unwrap();
    (terminal, cursor)
}

/// Each row of the screen as a person reads it (a wide character once), trailing blanks kept
/// out.
pub fn screen(app: &App) -> Vec<String> {
    let (terminal, _) = draw(app);
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            let mut row = String::new();
            let mut skip = 0;
            for x in 0..buffer.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let symbol = buffer[(x, y)].symbol();
                skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
                row.push_str(symbol);
            }
            row.trim_end().to_string()
        })
        .collect()
}

/// A new, empty draft of `template` whose year and name are filled, on a `width`×`height`
/// terminal.
pub fn new_draft(template: &str, width: u16, height: u16) -> App {
    let registry = Registry::builtin();
    let template = registry.template(template).unwrap();
    let mut draft = Draft::new(template);
    draft.fields.insert("年度".into(), "2026".into());
    draft.fields.insert("姓名".into(), "周明远".into());
    let mut app = App::new(registry, Config::default(), Ambiguous::Narrow, true);
    app.open(Opened::new(PathBuf::from("新.toml"), draft, true))
        .unwrap();
    update(&mut app, Msg::Resize(width, height));
    app
}

/// The sample draft (tests/fixtures/xiangzhang.toml) open at the form, as a draft without a
/// saved step opens, on a `width`×`height` terminal with the given ambiguous width and colours.
pub fn sample_on(width: u16, height: u16, ambiguous: Ambiguous, colors: bool) -> App {
    let registry = Registry::builtin();
    let source = Source::new("x", include_str!("../fixtures/xiangzhang.toml"));
    let draft = Draft::parse(&source, &registry).unwrap();
    let mut app = App::new(registry, Config::default(), ambiguous, colors);
    app.open(Opened::new(PathBuf::from("草稿.toml"), draft, false))
        .unwrap();
    update(&mut app, Msg::Resize(width, height));
    app
}

/// A save of `revision` of the draft finished at 21:00:00.
pub fn saved(app: &mut App, revision: u64) -> Vec<Effect> {
    update(
        app,
        Msg::Saved(Ok(SaveDone {
            time: "21:00:00".into(),
            revision,
        })),
    )
}
