//! The wizard without a terminal: `update` driven by the keys a writer presses, every screen
//! drawn into a `TestBackend` and compared with a snapshot, the cursor's cell asserted, and
//! random key sequences, pastes and resizes that must never break it.

use std::path::PathBuf;

use insta::assert_snapshot;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Position;

use shuzhi::config::Config;
use shuzhi::draft::Draft;
use shuzhi::report::export::Format;
use shuzhi::source::Source;
use shuzhi::template::Registry;
use shuzhi::text::width::Ambiguous;
use shuzhi::tui::app::{
    App, Dialog, DraftSummary, Effect, ExportFailure, Focus, Msg, Opened, Pane, SaveDone, Screen,
    Start, Step, update,
};
use shuzhi::tui::view::view;

const FIXTURE: &str = include_str!("fixtures/xiangzhang.toml");

fn app() -> App {
    App::new(
        Registry::builtin(),
        Config::default(),
        Ambiguous::Narrow,
        true,
    )
}

/// An app with the sample draft open (at the form, as a draft without a saved step opens).
fn sample(width: u16, height: u16) -> App {
    sample_on(width, height, Ambiguous::Narrow, true)
}

/// The same on a terminal with the given ambiguous width and colours.
fn sample_on(width: u16, height: u16, ambiguous: Ambiguous, colors: bool) -> App {
    let registry = Registry::builtin();
    let draft = Draft::parse(&Source::new("x", FIXTURE), &registry).unwrap();
    let mut app = App::new(registry, Config::default(), ambiguous, colors);
    app.open(Opened::new(PathBuf::from("草稿.toml"), draft, false))
        .unwrap();
    update(&mut app, Msg::Resize(width, height));
    app
}

/// An app with a new, empty dnqjl draft whose year is filled.
fn new_draft(width: u16, height: u16) -> App {
    let registry = Registry::builtin();
    let template = registry.template("dnqjl").unwrap();
    let mut draft = Draft::new(template);
    draft.fields.insert("年度".into(), "2026".into());
    let mut app = app();
    app.open(Opened::new(PathBuf::from("新.toml"), draft, true))
        .unwrap();
    update(&mut app, Msg::Resize(width, height));
    app
}

fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    update(
        app,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    )
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        press(app, code);
    }
}

fn wizard(app: &App) -> &shuzhi::tui::app::Wizard {
    app.wizard().expect("a draft is open")
}

/// Moves with Ctrl-N/Ctrl-P until the wizard is at `step`.
fn go_to(app: &mut App, step: Step) {
    for _ in 0..20 {
        if wizard(app).step == step {
            return;
        }
        ctrl(app, 'n');
    }
    panic!("never reached {step:?}");
}

fn draw(app: &App) -> (Terminal<TestBackend>, Option<Position>) {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    let mut cursor = None;
    terminal
        .draw(|frame| {
            cursor = view(app, frame);
        })
        .unwrap();
    (terminal, cursor)
}

/// The screen as a person sees it: each row's text (a wide character once, not its hidden
/// second cell), trailing blanks cut, then where the cursor is.
fn screen(app: &App) -> String {
    let (terminal, cursor) = draw(app);
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
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
        out.push_str(row.trim_end());
        out.push('\n');
    }
    match cursor {
        Some(p) => out.push_str(&format!("[cursor at column {}, row {}]\n", p.x, p.y)),
        None => out.push_str("[no cursor]\n"),
    }
    out
}

// ---- screens ----

#[test]
fn start_screen_lists_drafts_then_templates() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = app();
        app.screen = Screen::Start(Start {
            drafts: vec![DraftSummary {
                path: PathBuf::from("述职报告-2026-11-20.toml"),
                title: "2025年度述职述德述廉述法报告（德能勤绩廉）".into(),
                template: "述职述德述廉述法报告（德能勤绩廉）".into(),
                modified: "11-20 21:05".into(),
                words: 3969,
                filled: 6,
                parts: 7,
                error: None,
            }],
            selected: 1,
        });
        update(&mut app, Msg::Resize(w, h));
        let (_, cursor) = draw(&app);
        assert_eq!(cursor, None);
        assert_snapshot!(format!("start_{w}x{h}"), screen(&app));
    }
}

#[test]
fn form_screen_puts_the_cursor_in_the_first_empty_required_field() {
    for (w, h) in [(80, 24), (120, 40)] {
        let app = new_draft(w, h);
        let (_, cursor) = draw(&app);
        assert_eq!(wizard(&app).field, 1, "年度 is filled, 姓名 is next");
        assert_eq!(cursor, Some(Position::new(8, 6)));
        assert_snapshot!(format!("fields_{w}x{h}"), screen(&app));
    }
}

#[test]
fn part_screen_shows_guidance_heading_editor_phrases_and_preview() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = sample(w, h);
        go_to(&mut app, Step::Part(1));
        let (_, cursor) = draw(&app);
        // The caret is at the end of the part's text, and the terminal cursor is there too.
        let w_ = wizard(&app);
        let (row, col) = w_.editor.caret_cell().unwrap();
        let a = shuzhi::tui::areas::part(ratatui::layout::Rect::new(0, 0, w, h), app.wide(), true);
        assert_eq!(
            cursor,
            Some(Position::new(
                a.editor_text.x + col as u16,
                a.editor_text.y + row as u16
            ))
        );
        assert_snapshot!(format!("part_study_{w}x{h}"), screen(&app));
    }
}

#[test]
fn at_80_columns_the_preview_replaces_the_phrases_on_f2() {
    let mut app = sample(80, 24);
    go_to(&mut app, Step::Part(2));
    press(&mut app, KeyCode::F(2));
    assert_eq!(wizard(&app).pane, Pane::Preview);
    let text = screen(&app);
    assert!(text.contains("预览"), "{text}");
    assert_snapshot!("part_duty_preview_80x24", text);
}

#[test]
fn review_screen_lists_problems_and_counts() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = sample(w, h);
        go_to(&mut app, Step::Review);
        assert_eq!(wizard(&app).problems.len(), 6);
        let (_, cursor) = draw(&app);
        assert_eq!(cursor, None);
        assert_snapshot!(format!("review_{w}x{h}"), screen(&app));
    }
}

#[test]
fn help_lists_every_key() {
    let mut app = sample(80, 24);
    press(&mut app, KeyCode::F(1));
    let mut app40 = sample(120, 40);
    ctrl(&mut app40, 'g');
    let text = screen(&app40);
    for key in [
        "Ctrl-N", "Ctrl-P", "Ctrl-S", "Ctrl-E", "Ctrl-Q", "Ctrl-Z", "Ctrl-Y", "F1", "Tab", "Esc",
    ] {
        assert!(text.contains(key), "{key} missing from help:\n{text}");
    }
    assert_snapshot!("help_80x24", screen(&app));
    assert_snapshot!("help_120x40", text);
}

#[test]
fn export_dialog_puts_the_cursor_in_the_file_name() {
    let mut app = sample(80, 24);
    ctrl(&mut app, 'e');
    let (_, cursor) = draw(&app);
    assert!(cursor.is_some());
    assert_snapshot!("export_80x24", screen(&app));
}

#[test]
fn a_tiny_terminal_says_so_and_never_panics() {
    let mut app = sample(59, 15);
    let text = screen(&app);
    assert!(text.contains("终端太小"), "{text}");
    for (w, h) in [
        (0, 0),
        (1, 1),
        (2, 1),
        (10, 3),
        (59, 16),
        (60, 15),
        (60, 16),
    ] {
        update(&mut app, Msg::Resize(w, h));
        // Drawn, not printed: the test backend cannot print a zero-width buffer.
        let _ = draw(&app);
    }
}

// ---- behaviour ----

#[test]
fn enter_moves_through_the_form_and_on_to_the_first_part() {
    let mut app = new_draft(80, 24);
    type_text(&mut app, "周明远\n乡长\n青山县柳溪乡人民政府\n");
    let w = wizard(&app);
    assert_eq!(w.step, Step::Part(0), "Enter on the last field goes on");
    assert_eq!(w.draft.field("单位"), "青山县柳溪乡人民政府");
    assert_eq!(w.focus, Focus::Editor);
}

#[test]
fn ctrl_n_never_stops_at_an_empty_required_field() {
    let mut app = new_draft(80, 24);
    ctrl(&mut app, 'n');
    assert_eq!(wizard(&app).step, Step::Part(0));
}

#[test]
fn typed_chinese_and_enter_make_numbered_points_in_the_report() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, Step::Part(1));
    type_text(&mut app, "坚持理论学习。\n注重调查研究。");
    let w = wizard(&app);
    let lines: Vec<String> = w.report.blocks.iter().map(|b| b.full_text()).collect();
    assert_eq!(lines[1..], ["一是坚持理论学习。", "二是注重调查研究。"]);
}

#[test]
fn entering_a_part_puts_the_caret_at_the_end_of_its_text() {
    let mut app = sample(120, 40);
    go_to(&mut app, Step::Part(2));
    let w = wizard(&app);
    let paras = w.editor.paragraphs();
    let caret = w.editor.caret();
    assert_eq!(caret.para, paras.len() - 1);
    assert_eq!(caret.byte, paras.last().unwrap().len());
}

#[test]
fn paste_with_carriage_returns_makes_paragraphs() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, Step::Part(2));
    update(
        &mut app,
        Msg::Paste("第一条。\r\n第二条。\r第三条。".into()),
    );
    let section = wizard(&app).draft.section("duty").unwrap().clone();
    assert_eq!(
        section.paragraphs().collect::<Vec<_>>(),
        ["第一条。", "第二条。", "第三条。"]
    );
}

#[test]
fn a_phrase_is_inserted_at_the_caret_with_its_first_slot_selected() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, Step::Part(4));
    press(&mut app, KeyCode::Tab);
    assert_eq!(wizard(&app).focus, Focus::Phrases);
    type_text(&mut app, "法律顾问");
    let w = wizard(&app);
    assert!(!w.phrases.matches.is_empty());
    let chosen = w.phrases.all[w.phrases.matches[0]].text.clone();
    press(&mut app, KeyCode::Enter);
    let w = wizard(&app);
    assert_eq!(w.focus, Focus::Editor);
    assert_eq!(w.editor.text(), chosen);
    assert!(
        chosen.contains('{'),
        "the phrase chosen for this test has places to fill: {chosen}"
    );
    let (_, range) = w.editor.selection().expect("the first slot is selected");
    assert_eq!(range.start, chosen.find('{').unwrap());
    assert!(chosen[range].starts_with('{'));
}

#[test]
fn tab_walks_the_slots_while_filling_them_in() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, Step::Part(2));
    update(
        &mut app,
        Msg::Paste("完成投资{金额}万元，增长{百分比}。".into()),
    );
    press(&mut app, KeyCode::F(3));
    type_text(&mut app, "3200");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "9.5%");
    assert_eq!(wizard(&app).editor.text(), "完成投资3200万元，增长9.5%。");
    assert_eq!(wizard(&app).focus, Focus::Editor);
}

#[test]
fn ctrl_s_saves_and_ctrl_q_saves_then_quits() {
    let mut app = sample(80, 24);
    assert_eq!(ctrl(&mut app, 's'), [Effect::Save]);
    assert_eq!(ctrl(&mut app, 'q'), [Effect::Save, Effect::Quit]);
}

#[test]
fn esc_never_quits_or_discards() {
    let mut app = sample(80, 24);
    go_to(&mut app, Step::Part(0));
    let before = wizard(&app).editor.text();
    for _ in 0..3 {
        assert!(press(&mut app, KeyCode::Esc).is_empty());
    }
    assert_eq!(wizard(&app).editor.text(), before);
    assert!(!app.quitting);
}

#[test]
fn typing_saves_after_200_characters_and_after_an_idle_pause() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, Step::Part(2));
    let mut saves = 0;
    for c in "全".repeat(450).chars() {
        let effects = press(&mut app, KeyCode::Char(c));
        saves += effects.iter().filter(|e| **e == Effect::Save).count();
    }
    assert_eq!(saves, 2);
    assert_eq!(update(&mut app, Msg::AutosaveDue), [Effect::Save]);
    let revision = app.revision();
    update(
        &mut app,
        Msg::Saved(Ok(SaveDone {
            time: "21:00:00".into(),
            revision,
        })),
    );
    assert!(
        update(&mut app, Msg::AutosaveDue).is_empty(),
        "nothing to save"
    );
    assert!(screen(&app).contains("已保存 21:00:00"));
}

#[test]
fn the_step_is_remembered_in_the_draft() {
    let mut app = sample(80, 24);
    go_to(&mut app, Step::Part(3));
    let toml = app.snapshot().unwrap().toml();
    assert!(toml.contains("[state]\nstep = \"integrity\""), "{toml}");
}

#[test]
fn export_asks_before_overwriting() {
    let mut app = sample(80, 24);
    ctrl(&mut app, 'e');
    let effects = press(&mut app, KeyCode::Enter);
    let Effect::Export {
        path,
        format,
        overwrite,
    } = &effects[0]
    else {
        panic!("{effects:?}")
    };
    assert_eq!(*format, Format::Txt);
    assert_eq!(
        path,
        &PathBuf::from("周明远-2025年度述职述德述廉述法报告（德能勤绩廉）.txt")
    );
    assert!(!overwrite);
    update(&mut app, Msg::Exported(Err(ExportFailure::Exists)));
    assert!(screen(&app).contains("文件已存在"));
    let effects = press(&mut app, KeyCode::Enter);
    assert!(matches!(
        effects[0],
        Effect::Export {
            overwrite: true,
            ..
        }
    ));
    press(&mut app, KeyCode::Down);
    let Some(Dialog::Export(d)) = &app.dialog else {
        panic!()
    };
    assert_eq!(d.format, Format::Md);
    assert!(d.path.text().ends_with(".md"));
    assert!(!d.confirm_overwrite, "a new name asks again");
    press(&mut app, KeyCode::Esc);
    assert!(app.dialog.is_none());
}

#[test]
fn review_enter_jumps_to_the_spot_in_its_part() {
    let mut app = sample(80, 24);
    go_to(&mut app, Step::Review);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let w = wizard(&app);
    assert_eq!(w.step, Step::Part(2));
    let (para, range) = w.editor.selection().expect("the place to fill is selected");
    assert_eq!(&w.editor.paragraphs()[para][range], "*");
}

#[test]
fn undo_and_redo_in_the_editor() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, Step::Part(0));
    type_text(&mut app, "一年来");
    ctrl(&mut app, 'z');
    assert_eq!(wizard(&app).editor.text(), "");
    ctrl(&mut app, 'y');
    assert_eq!(wizard(&app).editor.text(), "一年来");
}

// ---- random sessions ----

fn any_msg() -> impl Strategy<Value = Msg> {
    let key = prop_oneof![
        any::<char>().prop_map(KeyCode::Char),
        Just(KeyCode::Enter),
        Just(KeyCode::Backspace),
        Just(KeyCode::Delete),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        Just(KeyCode::PageUp),
        Just(KeyCode::PageDown),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Esc),
        Just(KeyCode::F(1)),
        Just(KeyCode::F(2)),
        Just(KeyCode::F(3)),
        prop::sample::select(vec!['n', 'p', 'e', 'z', 'y', 's', 'g', 't']).prop_map(KeyCode::Char),
    ];
    let mods = prop::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::CONTROL,
        KeyModifiers::SHIFT,
        KeyModifiers::ALT,
    ]);
    prop_oneof![
        8 => (key, mods).prop_map(|(k, m)| Msg::Key(KeyEvent::new(k, m))),
        1 => "[述职，。{}*\r\n a\u{1b}\u{202e}]{0,30}".prop_map(Msg::Paste),
        1 => (0u16..130, 0u16..45).prop_map(|(w, h)| Msg::Resize(w, h)),
        1 => Just(Msg::AutosaveDue),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_sessions_never_panic_and_keep_the_editor_sound(msgs in prop::collection::vec(any_msg(), 1..80)) {
        let mut app = sample(80, 24);
        for msg in msgs {
            let quit = matches!(&msg, Msg::Key(k) if k.code == KeyCode::Char('q') && k.modifiers == KeyModifiers::CONTROL);
            update(&mut app, msg);
            if quit {
                break;
            }
            if let Some(w) = app.wizard() {
                prop_assert!(w.editor.check_invariants().is_ok(), "{:?}", w.editor.check_invariants());
            }
            let (_, cursor) = draw(&app);
            if let Some(p) = cursor {
                prop_assert!(p.x < app.width && p.y < app.height);
            }
        }
        // What was typed round-trips through the draft file.
        if let Some(toml) = app.snapshot().map(|s| s.toml()) {
            prop_assert!(Draft::parse(&Source::new("x", toml), &Registry::builtin()).is_ok());
        }
    }
}

#[test]
fn ctrl_f_on_the_review_screen_fixes_a_punctuation_slip() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, Step::Part(2));
    update(&mut app, Msg::Paste("全年完成任务,效果较好。".into()));
    go_to(&mut app, Step::Review);
    let at = wizard(&app)
        .problems
        .iter()
        .position(|p| matches!(p.kind, shuzhi::report::ProblemKind::Punctuation(_)))
        .expect("the half-width comma is found");
    for _ in 0..at {
        press(&mut app, KeyCode::Down);
    }
    assert!(screen(&app).contains("Ctrl-F 修正"));
    ctrl(&mut app, 'f');
    let w = wizard(&app);
    assert_eq!(
        w.draft.section("duty").unwrap().text,
        "全年完成任务，效果较好。"
    );
    assert!(
        w.problems
            .iter()
            .all(|p| !matches!(p.kind, shuzhi::report::ProblemKind::Punctuation(_)))
    );
}

#[test]
fn the_start_screen_offers_to_import_an_existing_report() {
    let mut app = app();
    app.screen = Screen::Start(Start::default());
    update(&mut app, Msg::Resize(80, 24));
    press(&mut app, KeyCode::End);
    assert!(screen(&app).contains("▸ 从已有报告导入"));
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.dialog, Some(Dialog::Import(_))));
    type_text(&mut app, "去年.docx");
    press(&mut app, KeyCode::Down);
    let text = screen(&app);
    assert!(
        text.contains("[x] 年度加一") && text.contains("[x] 把数字换成 *"),
        "{text}"
    );
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(
        effects,
        [Effect::Import {
            path: PathBuf::from("去年.docx"),
            next_year: true,
            blank_figures: true
        }]
    );
    update(&mut app, Msg::OpenFailed("找不到文件 `去年.docx`".into()));
    assert!(
        screen(&app).contains("找不到文件"),
        "the error shows in the dialog"
    );
}

#[test]
fn enter_after_filling_a_phrase_starts_the_next_point_after_the_sentence() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, Step::Part(1));
    update(&mut app, Msg::Paste("".into()));
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "中心组");
    press(&mut app, KeyCode::Enter);
    let w = wizard(&app);
    let inserted = w.editor.paragraphs()[0].clone();
    assert!(!inserted.is_empty());
    assert!(
        w.editor.filling(),
        "the phrase has places to fill: {inserted}"
    );
    // Fill every place with Tab, then Enter: the sentence stays whole.
    while wizard(&app).editor.filling() {
        type_text(&mut app, "9");
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "下一条。");
    let paras = wizard(&app).editor.paragraphs().to_vec();
    assert_eq!(paras.len(), 2, "{paras:?}");
    assert!(paras[0].ends_with('。'), "{paras:?}");
    assert_eq!(paras[1], "下一条。");
}

#[test]
fn a_terminal_that_draws_quotes_wide_gets_a_screen_in_step() {
    let mut app = sample_on(120, 40, Ambiguous::Wide, true);
    go_to(&mut app, Step::Part(1));
    let (terminal, cursor) = draw(&app);
    // The caret is where the editor's own layout (quotes two cells wide) says it is.
    let w = wizard(&app);
    let (row, col) = w.editor.caret_cell().unwrap();
    let a = shuzhi::tui::areas::part(ratatui::layout::Rect::new(0, 0, 120, 40), true, true);
    assert_eq!(
        cursor,
        Some(Position::new(
            a.editor_text.x + col as u16,
            a.editor_text.y + row as u16
        ))
    );
    // Boxes are drawn with ASCII, which every terminal draws one cell wide.
    let buffer = terminal.backend().buffer();
    assert_eq!(buffer[(a.editor.x, a.editor.y)].symbol().chars().count(), 1);
    assert!(!screen(&app).contains('─'));
    assert_snapshot!("part_study_wide_quotes_120x40", screen(&app));
}

#[test]
fn typing_after_a_save_was_asked_for_stays_unsaved() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, Step::Part(0));
    type_text(&mut app, "甲");
    let written = app.revision();
    type_text(&mut app, "乙");
    update(
        &mut app,
        Msg::Saved(Ok(SaveDone {
            time: "21:00:00".into(),
            revision: written,
        })),
    );
    assert!(
        wizard(&app).dirty,
        "乙 was typed after the save took its copy"
    );
    assert_eq!(update(&mut app, Msg::AutosaveDue), [Effect::Save]);
}

#[test]
fn without_colours_nothing_is_coloured_and_places_to_fill_still_stand_out() {
    let mut app = sample_on(120, 40, Ambiguous::Narrow, false);
    go_to(&mut app, Step::Part(2));
    let (terminal, _) = draw(&app);
    let buffer = terminal.backend().buffer();
    let mut marked = 0;
    for cell in buffer.content() {
        assert_eq!(
            (cell.fg, cell.bg),
            (ratatui::style::Color::Reset, ratatui::style::Color::Reset)
        );
        if cell.symbol() == "*" && cell.modifier.contains(ratatui::style::Modifier::UNDERLINED) {
            marked += 1;
        }
    }
    assert!(
        marked > 0,
        "the `*` to fill is underlined instead of coloured"
    );
}
