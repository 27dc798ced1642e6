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
    App, Dialog, DraftSummary, Effect, ExportFailure, Focus, MappingDialog, Msg, Opened, Pane,
    ReportRead, SaveError, Step, update,
};

use shuzhi::tui::view::view;

mod keys;
use keys::{sample_on, saved};

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
        if wizard(app).step() == step {
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

/// The terminal cursor is at `expected`, and the cells just before it hold the last character of
/// part `part`'s text as the draft has it: found on the drawn screen, not by the view's layout.
fn assert_caret_after_the_text(app: &App, part: &str, expected: Position) {
    let (terminal, cursor) = draw(app);
    assert_eq!(cursor, Some(expected));
    let text = wizard(app)
        .document()
        .draft()
        .section(part)
        .unwrap()
        .text
        .clone();
    let last = text.trim_end().chars().last().unwrap();
    let cells = unicode_width::UnicodeWidthChar::width(last).unwrap() as u16;
    let buffer = terminal.backend().buffer();
    assert_eq!(
        buffer[(expected.x - cells, expected.y)].symbol(),
        last.to_string(),
        "the cursor follows the text's last character"
    );
}

// ---- screens ----

#[test]
fn start_screen_lists_drafts_then_templates() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = app();
        let listed = Msg::Listed {
            drafts: vec![DraftSummary {
                path: PathBuf::from("述职报告-2026-11-20.toml"),
                title: "2025年度述职述德述廉述法报告（德能勤绩廉）".into(),
                writer: "周明远".into(),
                template: "述职述德述廉述法报告（德能勤绩廉）".into(),
                modified: "11月20日 21:05".into(),
                words: 3969,
                filled: 6,
                parts: 7,
                error: None,
            }],
            problem: None,
        };
        update(&mut app, listed);
        // The first template, under the draft.
        press(&mut app, KeyCode::Down);
        update(&mut app, Msg::Resize(w, h));
        let (_, cursor) = draw(&app);
        assert_eq!(cursor, None);
        assert_snapshot!(format!("start_{w}x{h}"), screen(&app));
    }
}

#[test]
fn the_title_heads_the_form_as_it_will_appear_and_typing_in_it_gives_the_draft_its_own() {
    let mut app = new_draft(80, 24);
    type_text(&mut app, "周明远");
    let title = wizard(&app).document().report().title_text();
    let shown = screen(&app);
    let row = shown.lines().find(|l| l.starts_with("标题")).unwrap();
    assert!(row.contains("2026年度述职述德述廉述法报告"), "{shown}");
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Up);
    assert_eq!(wizard(&app).form().unwrap().field(), None, "on the title");
    press(&mut app, KeyCode::Home);
    type_text(&mut app, "柳溪乡乡长");
    let own = format!("柳溪乡乡长{title}");
    assert_eq!(
        wizard(&app).document().draft().title.as_deref(),
        Some(own.as_str())
    );
    assert_eq!(wizard(&app).document().report().title_text(), own);
    assert!(
        app.snapshot()
            .unwrap()
            .toml()
            .contains(&format!("title = \"{own}\""))
    );
    // Taken back to the template's title, the draft has none of its own again.
    for _ in 0.."柳溪乡乡长".chars().count() {
        press(&mut app, KeyCode::Backspace);
    }
    assert_eq!(wizard(&app).document().draft().title, None);
}

#[test]
fn ctrl_u_in_a_form_field_deletes_what_is_before_the_caret_and_at_the_end_empties_it() {
    let mut app = new_draft(120, 40);
    let row = wizard(&app).form().unwrap().field().unwrap();
    let key = wizard(&app).document().template().fields[row].key.clone();
    let value = |app: &App| wizard(app).document().draft().field(&key).to_string();
    type_text(&mut app, "周明远同志");
    ctrl(&mut app, 'u');
    assert_eq!(value(&app), "");
    type_text(&mut app, "王敏同志");
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    ctrl(&mut app, 'u');
    assert_eq!(value(&app), "同志");
    // The key is named on the form's key line.
    assert!(screen(&app).contains("Ctrl-U 删到行首"), "{}", screen(&app));
}

#[test]
fn the_start_screen_names_drafts_by_title_and_writer_and_ends_what_it_cuts_with_an_ellipsis() {
    let mut app = app();
    let draft = |title: &str, file: &str| DraftSummary {
        path: PathBuf::from(file),
        title: title.into(),
        writer: "王建国".into(),
        template: "述职述廉报告".into(),
        modified: "12月1日 14:05".into(),
        words: 2310,
        filled: 3,
        parts: 6,
        error: None,
    };
    let listed = Msg::Listed {
        drafts: vec![
            draft("2026年度述职述廉报告", "述职报告-2026-12-01-3.toml"),
            draft(
                "关于2026年度履行全面从严治党主体责任和个人廉洁自律情况的述职述廉报告",
                "述职报告-2026-12-01-4.toml",
            ),
        ],
        problem: None,
    };
    update(&mut app, listed);
    update(&mut app, Msg::Resize(80, 24));
    let shown = screen(&app);
    assert!(
        shown.contains(" ▸ 2026年度述职述廉报告 · 王建国 · 12月1日 14:05\n"),
        "{shown}"
    );
    assert!(
        shown.contains("2310 字 · 已写 3/6 部分 · 述职报告-2026-12-01-3.toml\n"),
        "{shown}"
    );
    for line in shown.lines() {
        let cells = unicode_width::UnicodeWidthStr::width(line);
        assert!(cells <= 80, "{line}");
        if cells >= 78 {
            assert!(line.ends_with('…'), "cut without an ellipsis: {line}");
        }
    }
    assert!(
        shown.contains("   述职述廉报告  领导干部向评议会"),
        "the templates are still listed: {shown}"
    );
}

#[test]
fn leaving_the_form_asks_first_for_the_draft_to_be_named_for_its_writer() {
    let mut app = new_draft(80, 24);
    type_text(&mut app, "周明远");
    let effects = ctrl(&mut app, 'n');
    assert!(
        matches!(effects.first(), Some(Effect::NameForWriter)),
        "{effects:?}"
    );
    let renamed = PathBuf::from("周明远-2026年度述职述德述廉述法报告（德能勤绩廉）.toml");
    update(&mut app, Msg::Renamed(renamed.clone()));
    assert_eq!(wizard(&app).path(), renamed);
    assert_eq!(
        app.snapshot().unwrap().path,
        renamed,
        "saved under the new name"
    );
    assert!(screen(&app).contains("草稿已按姓名改名为 周明远-"));
    // Typing on the same step asks nothing.
    let effects = press(&mut app, KeyCode::Char('x'));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::NameForWriter)),
        "{effects:?}"
    );
}

#[test]
fn a_notice_too_long_for_the_status_line_is_read_whole_in_a_box_until_the_next_key() {
    let mut app = sample(80, 24);
    go_to(&mut app, Step::Part(1));
    let long = "/home/wangjianguo/文档/2026年度述职材料/王建国-2026年度述职述德述廉述法报告（德能勤绩廉）.docx";
    update(&mut app, Msg::Exported(Ok(PathBuf::from(long))));
    let shown = screen(&app);
    assert!(
        squeezed(&shown)
            .replace('│', "")
            .contains(&squeezed(&format!("已导出：{long}"))),
        "{shown}"
    );
    assert!(shown.contains("提示（按任意键关闭）"), "{shown}");
    // The next key closes the box and still does what it does.
    let before = wizard(&app).document().draft().clone();
    type_text(&mut app, "甲");
    let shown = screen(&app);
    assert!(!shown.contains("提示（按任意键关闭）"), "{shown}");
    assert!(!shown.contains("已导出"), "{shown}");
    assert_ne!(&before, wizard(&app).document().draft(), "the key typed");
}

#[test]
fn an_export_error_naming_a_long_path_is_read_whole_in_the_export_box() {
    let mut app = sample(80, 24);
    go_to(&mut app, Step::Part(1));
    ctrl(&mut app, 'e');
    if !matches!(app.dialog, Some(Dialog::Export(_))) {
        press(&mut app, KeyCode::Enter); // past the reminder of what is unfinished
    }
    assert!(matches!(app.dialog, Some(Dialog::Export(_))));
    let error = "没有权限，无法写入：/home/wangjianguo/文档/2026年度述职材料/王建国-2026年度述职述德述廉述法报告（德能勤绩廉）.txt";
    update(
        &mut app,
        Msg::Exported(Err(ExportFailure::of(
            PathBuf::from(error.split_once('：').unwrap().1),
            &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        ))),
    );
    let shown = screen(&app);
    let in_the_box: String = shown
        .lines()
        .filter_map(|row| Some(row.split('│').nth(1)?.to_string()))
        .collect();
    assert!(squeezed(&in_the_box).contains(&squeezed(error)), "{shown}");
}

#[test]
fn a_file_name_longer_than_the_export_box_is_shown_whole_with_the_caret_after_it() {
    let mut app = sample(80, 24);
    export_anyway(&mut app);
    let name = match &app.dialog {
        Some(Dialog::Export(d)) => d.path.text().to_string(),
        _ => unreachable!(),
    };
    // Longer than the box is wide: the name runs on to a second row, its first character kept.
    type_text(&mut app, "（修改稿，请审阅）");
    let whole = format!("{name}（修改稿，请审阅）");
    let (terminal, cursor) = draw(&app);
    let shown = screen(&app);
    let in_the_box: String = shown
        .lines()
        .filter_map(|row| Some(row.split('│').nth(1)?.to_string()))
        .collect();
    assert!(
        squeezed(&in_the_box).contains(&squeezed(&format!("文件：{whole}"))),
        "{shown}"
    );
    // The caret is just after the last character typed.
    let cursor = cursor.expect("a caret in the box");
    let buffer = terminal.backend().buffer();
    let before = buffer[(cursor.x - 2, cursor.y)].symbol();
    assert_eq!(before, "）", "{shown}\n{cursor:?}");
    assert_eq!(buffer[(cursor.x, cursor.y)].symbol(), " ", "{shown}");
}

#[test]
fn form_screen_puts_the_cursor_in_the_first_empty_required_field() {
    for (w, h) in [(80, 24), (120, 40)] {
        let app = new_draft(w, h);
        let (_, cursor) = draw(&app);
        assert_eq!(
            wizard(&app).form().unwrap().field(),
            Some(1),
            "年度 is filled, 姓名 is next"
        );
        // The labels' column is as wide as the longest, 单位类型; the title's row comes first.
        assert_eq!(cursor, Some(Position::new(12, 9)));
        assert_snapshot!(format!("fields_{w}x{h}"), screen(&app));
    }
}

#[test]
fn part_screen_shows_guidance_heading_editor_phrases_and_preview() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = sample(w, h);
        go_to(&mut app, Step::Part(1));
        // The caret is at the end of the part's text, and the terminal cursor is there too:
        // the cell read off the screen, right after the text's last character.
        let expected = if w == 80 {
            Position::new(48, 14)
        } else {
            Position::new(28, 27)
        };
        assert_caret_after_the_text(&app, "study", expected);
        assert_snapshot!(format!("part_study_{w}x{h}"), screen(&app));
    }
}

#[test]
fn at_80_columns_the_preview_replaces_the_phrases_on_f2() {
    let mut app = sample(80, 24);
    go_to(&mut app, Step::Part(2));
    press(&mut app, KeyCode::F(2));
    assert_eq!(wizard(&app).pane(), Pane::Preview);
    let text = screen(&app);
    assert!(text.contains("预览"), "{text}");
    assert_snapshot!("part_duty_preview_80x24", text);
}

#[test]
fn review_screen_lists_problems_and_counts() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = sample(w, h);
        go_to(&mut app, Step::Review);
        assert_eq!(wizard(&app).review().unwrap().problems.len(), 6);
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
    // The help is longer than a screen: every page of it, scrolled through.
    let mut pages = text.clone();
    for _ in 0..12 {
        press(&mut app40, KeyCode::PageDown);
        pages.push_str(&screen(&app40));
    }
    for key in [
        "Ctrl-N", "Ctrl-P", "Ctrl-S", "Ctrl-E", "Ctrl-Q", "Ctrl-Z", "Ctrl-Y", "F1", "Tab", "Esc",
    ] {
        assert!(pages.contains(key), "{key} missing from help:\n{pages}");
    }
    assert_snapshot!("help_80x24", screen(&app));
    assert_snapshot!("help_120x40", text);
}

/// Ctrl-E, and Enter in the box saying what is unfinished: the export box.
fn export_anyway(app: &mut App) {
    ctrl(app, 'e');
    assert!(matches!(app.dialog, Some(Dialog::Unfinished(_))));
    press(app, KeyCode::Enter);
    assert!(matches!(app.dialog, Some(Dialog::Export(_))));
}

#[test]
fn ctrl_e_first_says_what_is_unfinished_then_esc_goes_back_and_enter_exports_anyway() {
    let mut app = sample(80, 24);
    ctrl(&mut app, 'e');
    let text = screen(&app);
    assert!(text.contains("导出前提醒"), "{text}");
    assert!(text.contains("Enter：仍然导出　　Esc：返回修改"), "{text}");
    assert_snapshot!("unfinished_80x24", text);
    press(&mut app, KeyCode::Esc);
    assert!(app.dialog.is_none(), "Esc goes back to the writing");
    export_anyway(&mut app);
}

#[test]
fn export_dialog_puts_the_cursor_in_the_file_name() {
    let mut app = sample(80, 24);
    export_anyway(&mut app);
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
    // The last field, 单位类型, is left empty.
    type_text(&mut app, "周明远\n乡长\n青山县柳溪乡人民政府\n\n");
    let w = wizard(&app);
    assert_eq!(w.step(), Step::Part(0), "Enter on the last field goes on");
    assert_eq!(w.document().draft().field("单位"), "青山县柳溪乡人民政府");
    assert_eq!(w.focus(), Some(Focus::Editor));
}

#[test]
fn ctrl_n_never_stops_at_an_empty_required_field() {
    let mut app = new_draft(80, 24);
    ctrl(&mut app, 'n');
    assert_eq!(wizard(&app).step(), Step::Part(0));
}

#[test]
fn typed_chinese_and_enter_make_numbered_points_in_the_report() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, Step::Part(1));
    type_text(&mut app, "坚持理论学习。\n注重调查研究。");
    let w = wizard(&app);
    let lines: Vec<String> = w
        .document()
        .report()
        .blocks
        .iter()
        .map(|b| b.full_text())
        .collect();
    assert_eq!(lines[1..], ["一是坚持理论学习。", "二是注重调查研究。"]);
}

#[test]
fn entering_a_part_puts_the_caret_at_the_end_of_its_text() {
    let mut app = sample(120, 40);
    go_to(&mut app, Step::Part(2));
    let w = wizard(&app);
    let paras = w.editor().unwrap().paragraphs();
    let caret = w.editor().unwrap().caret();
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
    let section = wizard(&app)
        .document()
        .draft()
        .section("duty")
        .unwrap()
        .clone();
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
    assert_eq!(wizard(&app).focus(), Some(Focus::Phrases));
    type_text(&mut app, "法律顾问");
    let w = wizard(&app);
    assert!(!w.part().unwrap().phrases.matches.is_empty());
    let chosen = w.part().unwrap().phrases.all[w.part().unwrap().phrases.matches[0]]
        .text
        .clone();
    press(&mut app, KeyCode::Enter);
    let w = wizard(&app);
    assert_eq!(w.focus(), Some(Focus::Editor));
    assert_eq!(w.editor().unwrap().text(), chosen);
    assert!(
        chosen.contains('{'),
        "the phrase chosen for this test has places to fill: {chosen}"
    );
    let (_, range) = w
        .editor()
        .unwrap()
        .selection()
        .expect("the first slot is selected");
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
    assert_eq!(
        wizard(&app).editor().unwrap().text(),
        "完成投资3200万元，增长9.5%。"
    );
    assert_eq!(wizard(&app).focus(), Some(Focus::Editor));
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
    let before = wizard(&app).editor().unwrap().text();
    for _ in 0..3 {
        assert!(press(&mut app, KeyCode::Esc).is_empty());
    }
    assert_eq!(wizard(&app).editor().unwrap().text(), before);
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
    saved(&mut app, revision);
    assert!(
        update(&mut app, Msg::AutosaveDue).is_empty(),
        "nothing to save"
    );
    assert!(screen(&app).contains("已保存 21:00:00"));
}

#[test]
fn a_failed_save_says_why_on_the_status_line_until_a_save_succeeds() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, Step::Part(2));
    type_text(&mut app, "全年完成");
    let full = std::io::Error::from_raw_os_error(libc::ENOSPC);
    let path = wizard(&app).path().to_path_buf();
    update(&mut app, Msg::Saved(Err(SaveError::write(&path, &full))));
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let why = format!("保存失败：`{name}` 磁盘已满");
    assert!(screen(&app).contains(&why), "{}", screen(&app));
    // A notice has the line while it lasts; once it is gone the reason is back.
    update(&mut app, Msg::Notice("已导入".into()));
    let shown = screen(&app);
    assert!(
        shown.contains("保存失败！") && shown.contains("已导入"),
        "{shown}"
    );
    app.notice = None;
    assert!(screen(&app).contains(&why), "{}", screen(&app));
    let revision = app.revision();
    saved(&mut app, revision);
    let shown = screen(&app);
    assert!(
        shown.contains("已保存 21:00:00") && !shown.contains("保存失败"),
        "{shown}"
    );
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
    export_anyway(&mut app);
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
    update(
        &mut app,
        Msg::Exported(Err(ExportFailure::Exists {
            path: "报告.docx".into(),
        })),
    );
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
    assert_eq!(w.step(), Step::Part(2));
    let (para, range) = w
        .editor()
        .unwrap()
        .selection()
        .expect("the place to fill is selected");
    assert_eq!(&w.editor().unwrap().paragraphs()[para][range], "*");
}

#[test]
fn undo_and_redo_in_the_editor() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, Step::Part(0));
    type_text(&mut app, "一年来");
    ctrl(&mut app, 'z');
    assert_eq!(wizard(&app).editor().unwrap().text(), "");
    ctrl(&mut app, 'y');
    assert_eq!(wizard(&app).editor().unwrap().text(), "一年来");
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
        prop::sample::select(vec![
            'n', 'p', 'e', 'z', 'y', 's', 'g', 't', 'x', 'c', 'v', 'u'
        ])
        .prop_map(KeyCode::Char),
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
            if let Some(e) = app.wizard().and_then(|w| w.editor()) {
                prop_assert!(e.check_invariants().is_ok(), "{:?}", e.check_invariants());
            }
            // What the writer sees in the editor or the form is what the draft holds.
            if let Some(w) = app.wizard() {
                let draft = w.document().draft();
                if let Some(part) = w.part() {
                    let id = &w.template().parts[part.index].id;
                    let saved: Vec<&str> = draft.section(id).map(|s| s.paragraphs().collect()).unwrap_or_default();
                    let text = w.editor().unwrap().text();
                    let shown: Vec<&str> = shuzhi::draft::paragraphs(&text).collect();
                    prop_assert_eq!(saved, shown);
                }
                if let Some(form) = w.form() {
                    let typed = form.input().text().trim();
                    match form.field() {
                        Some(field) => {
                            let key = &w.template().fields[field].key;
                            prop_assert_eq!(draft.field(key), typed);
                        }
                        // An emptied title is the template's again.
                        None if !typed.is_empty() => {
                            prop_assert_eq!(w.document().report().title_text(), typed);
                        }
                        None => {}
                    }
                }
            }
            let (_, cursor) = draw(&app);
            if let Some(p) = cursor {
                prop_assert!(p.x < app.width && p.y < app.height);
            }
        }
        // What was typed round-trips through the draft file: read back, it is the same draft.
        if let Some(snapshot) = app.snapshot() {
            let read = Draft::parse(&Source::new("x", snapshot.toml()), &Registry::builtin());
            prop_assert!(read.is_ok(), "{:?}", read);
            let read = read.unwrap();
            prop_assert_eq!(&read.fields, &snapshot.draft.fields);
            for part in &snapshot.template.parts {
                let paragraphs = |d: &Draft| d.section(&part.id).map(|s| (s.heading.clone(), s.paragraphs().map(String::from).collect::<Vec<_>>()));
                prop_assert_eq!(paragraphs(&read), paragraphs(&snapshot.draft));
            }
        }
    }

    #[test]
    fn what_is_typed_into_a_part_is_what_the_saved_draft_holds(keys in prop::collection::vec(typing(), 1..120)) {
        let mut app = new_draft(80, 24);
        go_to(&mut app, Step::Part(2));
        // The text as the writer means it, kept beside the wizard: typing at the end, Enter a
        // new paragraph, Backspace the last character (or the paragraph break).
        let mut expected = String::new();
        for key in keys {
            match key {
                Typing::Char(c) => {
                    expected.push(c);
                    press(&mut app, KeyCode::Char(c));
                }
                Typing::Enter => {
                    expected.push('\n');
                    press(&mut app, KeyCode::Enter);
                }
                Typing::Backspace => {
                    expected.pop();
                    press(&mut app, KeyCode::Backspace);
                }
            }
        }
        let snapshot = app.snapshot().unwrap();
        let read = Draft::parse(&Source::new("x", snapshot.toml()), &Registry::builtin()).unwrap();
        let saved: Vec<String> = read.section("duty").map(|s| s.paragraphs().map(String::from).collect()).unwrap_or_default();
        let typed: Vec<String> = shuzhi::draft::paragraphs(&expected).map(String::from).collect();
        prop_assert_eq!(saved, typed);
    }
}

/// A key of plain typing.
#[derive(Clone, Debug)]
enum Typing {
    Char(char),
    Enter,
    Backspace,
}

fn typing() -> impl Strategy<Value = Typing> {
    prop_oneof![
        8 => prop::sample::select("述职报告全年完成，。、；一二3.5%abc {}*“”".chars().collect::<Vec<_>>()).prop_map(Typing::Char),
        1 => Just(Typing::Enter),
        1 => Just(Typing::Backspace),
    ]
}

#[test]
fn ctrl_f_on_the_review_screen_fixes_a_punctuation_slip() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, Step::Part(2));
    update(&mut app, Msg::Paste("全年完成任务,效果较好。".into()));
    go_to(&mut app, Step::Review);
    let at = wizard(&app)
        .review()
        .unwrap()
        .problems
        .iter()
        .position(|p| matches!(&p.kind, shuzhi::report::ProblemKind::Finding(f) if f.kind == shuzhi::proof::Kind::Punctuation))
        .expect("the half-width comma is found");
    for _ in 0..at {
        press(&mut app, KeyCode::Down);
    }
    assert!(screen(&app).contains("Ctrl-F 修正"));
    ctrl(&mut app, 'f');
    let w = wizard(&app);
    assert_eq!(
        w.document().draft().section("duty").unwrap().text,
        "全年完成任务，效果较好。"
    );
    assert!(
        w.review()
            .unwrap()
            .problems
            .iter()
            .all(|p| !matches!(&p.kind, shuzhi::report::ProblemKind::Finding(f) if f.kind == shuzhi::proof::Kind::Punctuation))
    );
}

#[test]
fn the_start_screen_offers_to_import_an_existing_report() {
    let mut app = app();
    update(
        &mut app,
        Msg::Listed {
            drafts: Vec::new(),
            problem: None,
        },
    );
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

/// The start screen's import box, with `report` (a fixture's file name) read: its mapping shown.
fn import_mapping(report: &str, width: u16, height: u16) -> App {
    let mut app = app();
    update(
        &mut app,
        Msg::Listed {
            drafts: Vec::new(),
            problem: None,
        },
    );
    update(&mut app, Msg::Resize(width, height));
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, report);
    let effects = press(&mut app, KeyCode::Enter);
    let [
        Effect::Import {
            path,
            next_year,
            blank_figures,
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}");
    };
    // What the loop does for that effect: read the file.
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    let text = shuzhi::import::read_report(&fixture).unwrap();
    let options = shuzhi::import::Options {
        next_year: *next_year,
        this_year: Some(2026),
        blank_figures: *blank_figures,
    };
    update(
        &mut app,
        Msg::ReportRead(Box::new(ReportRead {
            path: path.clone(),
            text,
            options,
        })),
    );
    assert!(
        matches!(app.dialog, Some(Dialog::Mapping(_))),
        "{}",
        screen(&app)
    );
    app
}

fn mapping(app: &App) -> &MappingDialog {
    match &app.dialog {
        Some(Dialog::Mapping(d)) => d,
        _ => panic!("the mapping is not shown:\n{}", screen(app)),
    }
}

/// Every row of the mapping box, read page by page with PgDn from the top, without the
/// borders and the row that says which rows are shown.
fn mapping_rows(app: &mut App) -> Vec<String> {
    for _ in 0..20 {
        press(app, KeyCode::PageUp);
    }
    let mut rows: Vec<String> = Vec::new();
    loop {
        let scroll = mapping(app).scroll;
        let shown = screen(app);
        let inside: Vec<String> = shown
            .lines()
            .skip(1)
            .take(app.height as usize - 3)
            .map(|row| {
                row.trim_start_matches('│')
                    .trim_end_matches('│')
                    .trim_end()
                    .to_string()
            })
            .filter(|row| !row.trim_start().starts_with("（第 "))
            .collect();
        for (i, row) in inside.into_iter().enumerate() {
            if scroll + i >= rows.len() {
                rows.push(row);
            }
        }
        press(app, KeyCode::PageDown);
        if mapping(app).scroll == scroll {
            return rows;
        }
    }
}

fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_whole_mapping_of_an_imported_report_can_be_read_at_80x24() {
    let mut app = import_mapping("xiangzhang.txt", 80, 24);
    let text = screen(&app);
    let hints = text.lines().nth(23).unwrap();
    for said in [
        "⇡⇣ 选一项",
        "←→ 移到上/下一部分",
        "Enter 采用并打开",
        "Esc 返回",
    ] {
        assert!(hints.contains(said), "{said}: {hints}");
    }
    let rows = mapping_rows(&mut app);
    let all = squeezed(&rows.concat());
    let d = mapping(&app).clone();
    let template = app.registry.template("dnqjl").unwrap().clone();
    for part in &template.parts {
        assert!(
            all.contains(&squeezed(&format!("「{}」（{}）", part.step, part.id))),
            "{}",
            part.id
        );
    }
    for note in &d.imported.notes {
        assert!(
            all.contains(&squeezed(note)),
            "note cut or missing: {note}\n{rows:#?}"
        );
    }
    for p in &d.imported.mapping {
        let said = format!("{}{} 段 {} 字；{}", p.from, p.paragraphs, p.words, p.why());
        assert!(all.contains(&squeezed(&said)), "{said}\n{rows:#?}");
    }
    assert!(
        all.contains("「意识形态」（ideology）（空：报告中没有放到这里的内容）"),
        "{rows:#?}"
    );
    // Every row fits the box: nothing runs into the border.
    for row in &rows {
        assert!(
            unicode_width::UnicodeWidthStr::width(row.as_str()) <= 78,
            "{row}"
        );
    }
}

#[test]
fn a_part_moved_in_the_mapping_is_where_the_draft_has_it_after_accepting() {
    let mut app = import_mapping("xiangzhang.txt", 80, 24);
    let law = mapping(&app)
        .imported
        .draft
        .section("law")
        .unwrap()
        .text
        .clone();
    // ⇣ to the report's fourth part (in 「述法」), → once: into 「意识形态」.
    let piece = mapping(&app)
        .imported
        .mapping
        .iter()
        .find(|p| p.part == "law")
        .unwrap()
        .clone();
    while mapping(&app).selected != Some(piece.piece) {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Right);
    let text = screen(&app);
    let moved = text
        .lines()
        .position(|l| l.contains(&format!("▸ {}", piece.from)))
        .unwrap_or_else(|| panic!("the chosen piece stays in view:\n{text}"));
    let part_row = text
        .lines()
        .take(moved)
        .filter(|l| l.contains("（ideology）"))
        .count();
    assert_eq!(part_row, 1, "it is listed under 「意识形态」 now:\n{text}");
    assert!(
        text.lines()
            .nth(moved + 1)
            .unwrap()
            .contains("由你移到这里"),
        "{text}"
    );
    let notes = &mapping(&app).imported.notes;
    assert!(
        notes.iter().any(|n| n.ends_with("留空：「述法」（law）")),
        "the notes follow the move: {notes:?}"
    );

    let effects = press(&mut app, KeyCode::Enter);
    let [Effect::CreateImported(imported)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(imported.draft.section("ideology").unwrap().text, law);
    assert!(imported.draft.section("law").is_none());
    // The loop writes it and opens it.
    update(
        &mut app,
        Msg::Opened(Box::new(Opened::new(
            PathBuf::from("导入.toml"),
            imported.draft.clone(),
            true,
        ))),
    );
    assert!(app.dialog.is_none());
    let ideology = app
        .registry
        .template("dnqjl")
        .unwrap()
        .parts
        .iter()
        .position(|p| p.id == "ideology")
        .unwrap();
    go_to(&mut app, Step::Part(ideology));
    let shown = screen(&app);
    assert!(shown.contains(&format!("标题：{}", piece.from)), "{shown}");
    let paragraphs = wizard(&app).editor().unwrap().paragraphs().to_vec();
    assert_eq!(paragraphs, law.lines().collect::<Vec<_>>());
}

#[test]
fn leaving_the_mapping_makes_no_draft_and_keeps_the_path_typed() {
    let mut app = import_mapping("xiangzhang.txt", 80, 24);
    press(&mut app, KeyCode::Right);
    assert!(press(&mut app, KeyCode::Esc).is_empty());
    match &app.dialog {
        Some(Dialog::Import(d)) => assert_eq!(d.path.text(), "xiangzhang.txt"),
        other => panic!("{other:?}"),
    }
    assert!(press(&mut app, KeyCode::Esc).is_empty());
    assert!(app.dialog.is_none() && app.wizard().is_none());
    assert!(screen(&app).contains("从已有报告导入"));
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
    let inserted = w.editor().unwrap().paragraphs()[0].clone();
    assert!(!inserted.is_empty());
    assert!(
        w.editor().unwrap().filling(),
        "the phrase has places to fill: {inserted}"
    );
    // Fill every place with Tab, then Enter: the sentence stays whole.
    while wizard(&app).editor().unwrap().filling() {
        type_text(&mut app, "9");
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "下一条。");
    let paras = wizard(&app).editor().unwrap().paragraphs().to_vec();
    assert_eq!(paras.len(), 2, "{paras:?}");
    assert!(paras[0].ends_with('。'), "{paras:?}");
    assert_eq!(paras[1], "下一条。");
}

#[test]
fn a_terminal_that_draws_quotes_wide_gets_a_screen_in_step() {
    let mut app = sample_on(120, 40, Ambiguous::Wide, true);
    go_to(&mut app, Step::Part(1));
    let (terminal, _) = draw(&app);
    // With every quote two cells wide the text still ends where the cursor is.
    assert_caret_after_the_text(&app, "study", Position::new(28, 27));
    let a = shuzhi::tui::areas::part(ratatui::layout::Rect::new(0, 0, 120, 40), true, true);
    // Boxes are drawn with ASCII, which every terminal draws one cell wide.
    let buffer = terminal.backend().buffer();
    assert_eq!(buffer[(a.editor.x, a.editor.y)].symbol().chars().count(), 1);
    assert!(!screen(&app).contains('─'));
    assert_snapshot!("part_study_wide_quotes_120x40", screen(&app));
}

#[test]
fn a_failed_saves_cause_is_read_whole_and_goes_when_a_later_save_succeeds() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, Step::Part(0));
    type_text(&mut app, "甲");
    let failure = "`2026年度述职述德述廉述法报告-周明远.toml` 所在文件夹没有写权限";
    let denied = std::io::Error::from_raw_os_error(libc::EACCES);
    let path = std::path::Path::new("2026年度述职述德述廉述法报告-周明远.toml");
    update(&mut app, Msg::Saved(Err(SaveError::write(path, &denied))));
    let failed = screen(&app);
    assert!(failed.contains(&format!("保存失败：{failure}")), "{failed}");
    let revision = app.revision();
    saved(&mut app, revision);
    let saved = screen(&app);
    assert!(!saved.contains("保存失败"), "{saved}");
    assert!(saved.contains("已保存 21:00:00"), "{saved}");
}

#[test]
fn typing_after_a_save_was_asked_for_stays_unsaved() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, Step::Part(0));
    type_text(&mut app, "甲");
    let written = app.revision();
    type_text(&mut app, "乙");
    saved(&mut app, written);
    assert!(
        wizard(&app).dirty(),
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

#[test]
fn new_with_a_mistyped_template_suggests_the_right_one_as_templates_does() {
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_shuzhi"))
            .args(args)
            .current_dir(home.path())
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    let (code, stderr) = run(&["new", "-t", "dnqj", "x.toml"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("`dnqjl`"), "{stderr}");
    let (_, templates) = run(&["templates", "dnqj"]);
    assert!(templates.contains("`dnqjl`"), "{templates}");
    assert!(!home.path().join("x.toml").exists(), "nothing is created");
}

#[test]
fn a_typed_bidi_mark_is_dropped_as_a_pasted_one_is() {
    let mut app = new_draft(80, 24);
    type_text(&mut app, "周\u{200e}明远");
    assert_eq!(wizard(&app).document().draft().field("姓名"), "周明远");
    go_to(&mut app, Step::Part(0));
    type_text(&mut app, "一年来\u{202e}，");
    assert_eq!(wizard(&app).editor().unwrap().text(), "一年来，");
}

#[test]
fn a_measured_ambiguous_width_redraws_as_if_it_had_been_known_at_start() {
    let mut measured = sample(120, 40);
    go_to(&mut measured, Step::Part(1));
    update(&mut measured, Msg::AmbiguousMeasured(Ambiguous::Wide));
    let mut known = sample_on(120, 40, Ambiguous::Wide, true);
    go_to(&mut known, Step::Part(1));
    assert_eq!(screen(&measured), screen(&known));
    assert_ne!(
        screen(&measured),
        screen(&sample_after_part_1()),
        "the quotes take two cells now"
    );
}

/// The sample at its second part, on a terminal that draws quotes one cell wide.
fn sample_after_part_1() -> App {
    let mut app = sample(120, 40);
    go_to(&mut app, Step::Part(1));
    app
}

#[test]
fn a_part_lists_only_the_phrases_that_fit_the_drafts_year_role_and_unit() {
    let registry = Registry::builtin();
    let open = |template: &str, fields: &[(&str, &str)], part: usize| -> Vec<String> {
        let mut draft = Draft::new(registry.template(template).unwrap());
        for (key, value) in fields {
            draft.fields.insert(key.to_string(), value.to_string());
        }
        let mut app = app();
        app.open(Opened::new(PathBuf::from("新.toml"), draft, true))
            .unwrap();
        update(&mut app, Msg::Resize(120, 40));
        go_to(&mut app, Step::Part(part));
        wizard(&app)
            .part()
            .unwrap()
            .phrases
            .all
            .iter()
            .map(|p| p.text.clone())
            .collect()
    };
    // dnqjl part 3 is 廉洁 (integrity): 党纪学习教育 is 2024's work.
    let in_2024 = open("dnqjl", &[("年度", "2024")], 3);
    let in_2026 = open("dnqjl", &[("年度", "2026")], 3);
    assert!(in_2024.iter().any(|t| t.contains("党纪学习教育")));
    assert!(!in_2026.iter().any(|t| t.contains("党纪学习教育")));
    // zongjie part 3 is 作风纪律: a staff member is offered no leader's line, a leader is.
    let staff = open("zongjie", &[("年度", "2026")], 3);
    let leader = open("zongjie", &[("年度", "2026"), ("角色", "领导干部")], 3);
    assert!(!staff.iter().any(|t| t.contains("分管")));
    assert!(leader.iter().any(|t| t.contains("分管")));
    // dnqjl part 2 is 能勤绩 (duty): a hospital's draft gets no village lines.
    let hospital = open("dnqjl", &[("年度", "2026"), ("单位类型", "医院")], 2);
    assert!(hospital.iter().any(|t| t.contains("医共体")));
    assert!(
        !hospital
            .iter()
            .any(|t| t.contains("驻村第一书记，全年驻村"))
    );
}

#[test]
fn a_form_longer_than_the_screen_scrolls_to_the_field_being_filled() {
    // A 个人年度工作总结 asks seven things; at 80×24 six fit, the date is the seventh.
    let registry = Registry::builtin();
    let template = registry.template("zongjie").unwrap();
    let mut app = app();
    app.open(Opened::new(
        PathBuf::from("新.toml"),
        Draft::new(template),
        true,
    ))
    .unwrap();
    update(&mut app, Msg::Resize(80, 24));
    assert!(
        !screen(&app).contains("落款日期"),
        "the date is below the fold at first"
    );
    type_text(
        &mut app,
        "2026\n王晓岚\n一级科员\n青山县市场监督管理局\n\n\n",
    );
    let shown = screen(&app);
    assert!(shown.contains("落款日期"), "{shown}");
    assert_eq!(wizard(&app).form().unwrap().field(), Some(6), "on the date");
    let (_, cursor) = draw(&app);
    let cursor = cursor.expect("the caret is shown");
    let row: String = shown
        .lines()
        .nth(cursor.y as usize)
        .unwrap_or("")
        .to_string();
    assert!(
        row.starts_with("日期"),
        "the caret is on the date's row: {row}"
    );
}

// ---- the review's findings ----

/// A 2026 述职 draft with one mistake of each kind (see tests/proofreading.rs).
const MISTAKES: &str = include_str!("fixtures/mistakes.toml");

/// The mistakes draft open on the review screen.
fn mistakes_in_review(width: u16, height: u16) -> App {
    let registry = Registry::builtin();
    let draft = Draft::parse(&Source::new("x", MISTAKES), &registry).unwrap();
    let mut app = App::new(registry, Config::default(), Ambiguous::Narrow, true);
    app.open(Opened::new(PathBuf::from("草稿.toml"), draft, false))
        .unwrap();
    update(&mut app, Msg::Resize(width, height));
    go_to(&mut app, Step::Review);
    app
}

fn review(app: &App) -> &shuzhi::tui::app::Review {
    wizard(app).review().expect("on the review screen")
}

/// The rules of the findings listed, in order.
fn listed_rules(app: &App) -> Vec<String> {
    review(app)
        .problems
        .iter()
        .map(|p| p.rule().to_string())
        .collect()
}

/// Moves the review's choice down to the first finding of `rule`.
fn choose(app: &mut App, rule: &str) {
    let at = listed_rules(app)
        .iter()
        .position(|r| r == rule)
        .unwrap_or_else(|| panic!("{rule} is listed"));
    while review(app).selected > at {
        press(app, KeyCode::Up);
    }
    while review(app).selected < at {
        press(app, KeyCode::Down);
    }
}

fn part_text(app: &App, part: &str) -> String {
    wizard(app)
        .document()
        .draft()
        .section(part)
        .unwrap()
        .text
        .clone()
}

#[test]
fn the_review_groups_findings_by_kind_in_checks_order_with_counts() {
    for (w, h) in [(80, 24), (120, 40)] {
        let app = mistakes_in_review(w, h);
        let kinds: Vec<String> = review(&app)
            .problems
            .iter()
            .map(|p| p.rule().split('.').next().unwrap().to_string())
            .collect();
        let mut order = kinds.clone();
        order.dedup();
        assert_eq!(
            order,
            [
                "密级",
                "提法",
                "规范表述",
                "错别字",
                "语病",
                "数字用法",
                "标点",
                "重复"
            ],
            "{kinds:?}"
        );
        let text = screen(&app);
        assert!(text.contains("【密级】2 个"), "{text}");
        assert_snapshot!(format!("review_mistakes_{w}x{h}"), text);
    }
    // Further down, each group heads its findings with its count and how many one key fixes.
    let mut app = mistakes_in_review(120, 40);
    choose(&mut app, "规范表述.习总书记");
    let text = screen(&app);
    assert!(
        text.contains("【规范表述】4 个，其中 4 个可用 Ctrl-R 一次修正"),
        "{text}"
    );
    assert!(
        text.contains("▸ 德·学习 第1段：[必错] “习总书记”应为“习近平总书"),
        "{text}"
    );
}

#[test]
fn ctrl_f_fixes_the_chosen_finding_and_ctrl_z_takes_it_back() {
    let mut app = mistakes_in_review(80, 24);
    choose(&mut app, "错别字.布署");
    ctrl(&mut app, 'f');
    assert!(part_text(&app, "duty").starts_with("认真部署全年工作"));
    assert!(!listed_rules(&app).contains(&"错别字.布署".to_string()));
    ctrl(&mut app, 'z');
    assert!(part_text(&app, "duty").starts_with("认真布署全年工作"));
    assert!(listed_rules(&app).contains(&"错别字.布署".to_string()));
    ctrl(&mut app, 'y');
    assert!(part_text(&app, "duty").starts_with("认真部署全年工作"));
    // F4 does what Ctrl-F does.
    choose(&mut app, "语病.超过以上");
    press(&mut app, KeyCode::F(4));
    assert!(
        part_text(&app, "duty").contains("超过500人,"),
        "{}",
        part_text(&app, "duty")
    );
}

#[test]
fn ctrl_r_fixes_every_safe_finding_of_the_chosen_kind_in_one_undo_step() {
    let mut app = mistakes_in_review(80, 24);
    let study = part_text(&app, "study");
    choose(&mut app, "规范表述.四个意识");
    ctrl(&mut app, 'r');
    let fixed = part_text(&app, "study");
    assert!(
        fixed.contains("牢固树立政治意识、大局意识、核心意识、看齐意识")
            && fixed.contains("认真学习习近平总书记重要讲话")
            && fixed.contains("坚持“第一议题”制度"),
        "{fixed}"
    );
    assert!(part_text(&app, "opening").contains("县委、县政府"));
    let rules = listed_rules(&app);
    assert!(
        !rules.iter().any(|r| r.starts_with("规范表述.")),
        "{rules:?}"
    );
    // Other kinds are left for their own keys; the 疑似 提法 stays for the writer to judge.
    assert!(part_text(&app, "duty").contains("布署"));
    assert!(rules.contains(&"提法.党纪学习教育".to_string()));
    assert!(
        app.notice
            .as_deref()
            .unwrap_or("")
            .contains("已修正「规范表述」4 处")
    );
    // One key's fixes are one undo step.
    ctrl(&mut app, 'z');
    assert_eq!(part_text(&app, "study"), study);
    assert!(part_text(&app, "opening").contains("县委县政府"));
    ctrl(&mut app, 'y');
    assert_eq!(part_text(&app, "study"), fixed);
    // F5 does it too; a kind with nothing safe to fix says so and changes nothing.
    choose(&mut app, "重复.连续分句");
    press(&mut app, KeyCode::F(5));
    assert_eq!(
        part_text(&app, "duty").matches("学用结合不够紧密").count(),
        1
    );
    choose(&mut app, "提法.党纪学习教育");
    let before = wizard(&app).document().draft().clone();
    ctrl(&mut app, 'r');
    assert_eq!(*wizard(&app).document().draft(), before);
    assert!(
        app.notice
            .as_deref()
            .unwrap_or("")
            .contains("没有可以放心自动修正"),
        "{:?}",
        app.notice
    );
}

#[test]
fn fixing_every_kind_with_ctrl_r_leaves_the_right_text_alone() {
    let mut app = mistakes_in_review(120, 40);
    for _ in 0..10 {
        let Some(at) = review(&app).problems.iter().position(
            |p| matches!(&p.kind, shuzhi::report::ProblemKind::Finding(f) if f.is_safe()),
        ) else {
            break;
        };
        while review(&app).selected < at {
            press(&mut app, KeyCode::Down);
        }
        while review(&app).selected > at {
            press(&mut app, KeyCode::Up);
        }
        ctrl(&mut app, 'r');
    }
    assert_eq!(
        part_text(&app, "duty"),
        "认真部署全年工作，全年新增高标准农田三千二百亩，改造中低产田1200亩。\n参训人数超过500人，学用结合不够紧密。"
    );
    for (part, text) in [
        ("integrity", "严格落实中央八项规定精神，带头廉洁自律。"),
        ("ideology", "落实意识形态工作责任制。"),
        ("closing", "以上报告，请予审议。"),
    ] {
        assert_eq!(part_text(&app, part), text);
    }
}

#[test]
fn ctrl_k_ignores_a_finding_remembered_in_the_draft_and_ctrl_t_shows_it_again() {
    let mut app = mistakes_in_review(80, 24);
    let total = review(&app).problems.len();
    choose(&mut app, "数字用法.汉字与阿拉伯数字混用");
    ctrl(&mut app, 'k');
    assert_eq!(review(&app).problems.len(), total - 1);
    assert!(!listed_rules(&app).contains(&"数字用法.汉字与阿拉伯数字混用".to_string()));
    assert!(screen(&app).contains("另有 1 个已忽略"), "{}", screen(&app));
    let draft = wizard(&app).document().draft().clone();
    assert_eq!(draft.state.ignored.len(), 1);
    // Saved, the mark is in the draft's [state] and survives opening it again.
    let template = Registry::builtin().template("dnqjl").unwrap().clone();
    let saved = draft.to_toml(&template);
    assert!(
        saved.contains("[state]") && saved.contains("ignored = ["),
        "{saved}"
    );
    let again = Draft::parse(&Source::new("x", &saved), &Registry::builtin()).unwrap();
    assert_eq!(again.state.ignored, draft.state.ignored);
    // An edit elsewhere leaves it ignored.
    choose(&mut app, "错别字.布署");
    ctrl(&mut app, 'f');
    assert!(!listed_rules(&app).contains(&"数字用法.汉字与阿拉伯数字混用".to_string()));
    // Ctrl-T lists it, marked; Ctrl-K on it takes the mark off; F8 hides again.
    ctrl(&mut app, 't');
    assert!(listed_rules(&app).contains(&"数字用法.汉字与阿拉伯数字混用".to_string()));
    choose(&mut app, "数字用法.汉字与阿拉伯数字混用");
    assert!(screen(&app).contains("（已忽略）"), "{}", screen(&app));
    press(&mut app, KeyCode::F(7));
    assert!(wizard(&app).document().draft().state.ignored.is_empty());
    assert!(!screen(&app).contains("（已忽略）"));
    press(&mut app, KeyCode::F(8));
    assert!(!review(&app).show_ignored);
    // What is left to do cannot be ignored.
    let mut app = sample(80, 24);
    go_to(&mut app, Step::Review);
    ctrl(&mut app, 'k');
    assert!(wizard(&app).document().draft().state.ignored.is_empty());
    assert_eq!(app.notice.as_deref(), Some("待完成的各项不能忽略"));
}

#[test]
fn the_review_says_short_and_long_parts_and_its_total_never_breaks_at_80_columns() {
    let app = mistakes_in_review(80, 24);
    let text = screen(&app);
    let counts: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("字数："))
        .take_while(|l| !l.starts_with("全文预览"))
        .collect();
    assert!(counts.iter().any(|l| l.contains("开头 40 偏短")), "{text}");
    // Each part's count (and the total) on one row, never split between two.
    assert!(
        counts.iter().any(|l| l.contains("合计 353 / 5000")),
        "{text}"
    );
    for line in &counts {
        assert!(!line.ends_with('｜'), "{line}");
    }
    let wide = screen(&mistakes_in_review(120, 40));
    assert!(wide.contains("开头           40  偏短"), "{wide}");
}

#[test]
fn undo_on_the_review_with_nothing_to_undo_says_so() {
    let mut app = mistakes_in_review(80, 24);
    let before = wizard(&app).document().draft().clone();
    ctrl(&mut app, 'z');
    assert_eq!(*wizard(&app).document().draft(), before);
    assert_eq!(app.notice.as_deref(), Some("没有可以撤销的修正"));
}

#[test]
fn f9_on_the_review_copies_the_text_at_once_and_sends_the_file_once_exported() {
    use base64::Engine as _;
    let mut app = sample(80, 24);
    go_to(&mut app, Step::Review);
    press(&mut app, KeyCode::F(9));
    assert!(screen(&app).contains("还没有导出文件"), "{}", screen(&app));
    let effects = press(&mut app, KeyCode::Char('c'));
    let [Effect::Copy(bytes)] = &effects[..] else {
        panic!("{effects:?}");
    };
    let sequence = String::from_utf8(bytes.clone()).unwrap();
    let encoded = sequence
        .strip_prefix("\x1b]52;c;")
        .and_then(|s| s.strip_suffix('\x07'))
        .unwrap();
    let report = Format::Txt.render(wizard(&app).document().report(), &app.config.docx);
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap(),
        report
    );
    press(&mut app, KeyCode::Esc);

    let file = PathBuf::from("/home/wangjg/述职 报告.docx");
    update(&mut app, Msg::Exported(Ok(file.clone())));
    app.handoff.sz = Some(PathBuf::from("/usr/bin/sz"));
    press(&mut app, KeyCode::F(9));
    assert!(screen(&app).contains("文件：/home/wangjg/述职 报告.docx"));
    assert_eq!(
        press(&mut app, KeyCode::Char('z')),
        [Effect::SendFile {
            sz: PathBuf::from("/usr/bin/sz"),
            file
        }]
    );
    update(
        &mut app,
        Msg::Sent(Err("没有发送成功（已取消）".to_string())),
    );
    assert!(screen(&app).contains("没有发送成功（已取消）"));
}

/// The start screen listing the drafts of a real folder, with the sample draft in it as
/// `述职报告.toml` (and `别的.toml` beside it).
fn start_with_drafts(dir: &std::path::Path) -> App {
    std::fs::write(dir.join("述职报告.toml"), FIXTURE).unwrap();
    std::fs::write(dir.join("别的.toml"), FIXTURE).unwrap();
    let mut app = app();
    update(&mut app, Msg::Resize(100, 30));
    listed(&mut app, dir);
    // The first listed is the newest; choose 述职报告.toml.
    while !screen(&app).contains(" ▸ ") || selected_path(&app) != dir.join("述职报告.toml") {
        press(&mut app, KeyCode::Down);
    }
    app
}

fn listed(app: &mut App, dir: &std::path::Path) {
    let drafts = shuzhi::drafts::Drafts::new(Some(dir.to_path_buf())).list(&app.registry);
    update(
        app,
        Msg::Listed {
            drafts,
            problem: None,
        },
    );
}

fn selected_path(app: &App) -> PathBuf {
    let shuzhi::tui::app::Screen::Start(start) = &app.screen else {
        panic!("not the start screen");
    };
    start.drafts[start.selected].path.clone()
}

#[test]
fn the_start_screen_names_its_rename_and_delete_keys() {
    let dir = tempfile::tempdir().unwrap();
    let app = start_with_drafts(dir.path());
    let shown = screen(&app);
    assert!(shown.contains("F2 改名"), "{shown}");
    assert!(shown.contains("Delete 删除"), "{shown}");
}

#[test]
fn r_on_the_start_screen_renames_the_chosen_draft_and_refuses_a_name_another_has() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_with_drafts(dir.path());
    press(&mut app, KeyCode::Char('r'));
    assert!(
        screen(&app).contains("新名称：述职报告"),
        "{}",
        screen(&app)
    );
    for _ in 0.."述职报告".chars().count() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "别的");
    let effects = press(&mut app, KeyCode::Enter);
    let Some(Effect::RenameDraft { path, name }) = effects.first().cloned() else {
        panic!("{effects:?}");
    };
    let refused = shuzhi::drafts::rename(&path, &name).unwrap_err();
    update(&mut app, Msg::NotMoved(refused.to_string()));
    assert!(
        screen(&app).contains("已有名为“别的”的草稿"),
        "{}",
        screen(&app)
    );
    assert!(path.exists(), "nothing was moved");

    for _ in 0..2 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "2026年度述职");
    let effects = press(&mut app, KeyCode::Enter);
    let Some(Effect::RenameDraft { path, name }) = effects.first().cloned() else {
        panic!("{effects:?}");
    };
    let to = shuzhi::drafts::rename(&path, &name).unwrap();
    assert!(!path.exists() && to.exists());
    listed(&mut app, dir.path());
    update(&mut app, Msg::Renamed(to));
    let shown = screen(&app);
    assert!(!shown.contains("新名称"), "the box closed: {shown}");
    assert!(shown.contains("2026年度述职.toml"), "{shown}");
    assert!(shown.contains("草稿已改名为 2026年度述职.toml"), "{shown}");
}

#[test]
fn delete_on_the_start_screen_asks_then_moves_the_draft_to_the_deleted_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = start_with_drafts(dir.path());
    let draft = dir.path().join("述职报告.toml");
    press(&mut app, KeyCode::Delete);
    let shown = screen(&app);
    assert!(shown.contains("移到“已删除”文件夹？Enter"), "{shown}");
    assert!(shown.contains("删除，Esc 取消"), "{shown}");
    let effects = press(&mut app, KeyCode::Esc);
    assert!(effects.is_empty(), "{effects:?}");
    assert!(!screen(&app).contains("已删除"), "the box closed");
    assert!(draft.exists(), "Esc leaves it untouched");

    press(&mut app, KeyCode::Char('d'));
    let effects = press(&mut app, KeyCode::Enter);
    let Some(Effect::DeleteDraft(path)) = effects.first().cloned() else {
        panic!("{effects:?}");
    };
    let to = shuzhi::drafts::delete(&path).unwrap();
    assert_eq!(to, dir.path().join("已删除").join("述职报告.toml"));
    assert!(!draft.exists() && to.exists());
    listed(&mut app, dir.path());
    update(&mut app, Msg::Deleted(to));
    let shown = screen(&app);
    assert!(
        !shown.contains("述职报告.toml\n"),
        "no longer listed: {shown}"
    );
    assert!(shown.contains("别的.toml"), "{shown}");
    assert!(shown.contains("要恢复，把它移回草稿文件夹"), "{shown}");
}
