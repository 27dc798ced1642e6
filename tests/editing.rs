//! Editing in the wizard as a writer does it, keys through `update`: nothing typed goes astray
//! (filling a phrase's places, typing where no text goes, a terminal too small, End on a wrapped
//! row), every edit can be undone, and the editing writers expect of a word processor: a
//! selection made with Shift, the wizard's own cut, copy and paste, points moved up and down.

use std::path::PathBuf;

use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::style::Color;

use shuzhi::config::Config;
use shuzhi::draft::Draft;
use shuzhi::template::Registry;
use shuzhi::text::slots;
use shuzhi::text::width::Ambiguous;
use shuzhi::tui::app::{App, Effect, Focus, Msg, Opened, Step, update};

mod keys;
use keys::{ctrl, draw, go_to, key, press, screen, type_text};

/// A new, empty dnqjl draft whose year is filled, on a `width`×`height` terminal.
fn new_draft(width: u16, height: u16) -> App {
    let registry = Registry::builtin();
    let template = registry.template("dnqjl").unwrap();
    let mut draft = Draft::new(template);
    draft.fields.insert("年度".into(), "2026".into());
    let mut app = App::new(registry, Config::default(), Ambiguous::Narrow, true);
    app.open(Opened::new(PathBuf::from("新.toml"), draft, true))
        .unwrap();
    update(&mut app, Msg::Resize(width, height));
    app
}

/// dnqjl's parts: 0 the opening (no heading), 1 study (a heading, points 一是、二是…).
const OPENING: Step = Step::Part(0);
const STUDY: Step = Step::Part(1);
const DUTY: Step = Step::Part(2);

fn shift(app: &mut App, code: KeyCode) {
    key(app, code, KeyModifiers::SHIFT);
}

fn alt(app: &mut App, code: KeyCode) {
    key(app, code, KeyModifiers::ALT);
}

fn focus(app: &App) -> Option<Focus> {
    app.wizard().unwrap().focus()
}

/// The open part's text as the editor has it.
fn text(app: &App) -> String {
    app.wizard().unwrap().editor().unwrap().text()
}

fn paragraphs(app: &App) -> Vec<String> {
    app.wizard()
        .unwrap()
        .editor()
        .unwrap()
        .paragraphs()
        .to_vec()
}

/// The part's text as the draft holds it (what a save writes).
fn saved_text(app: &App, part: &str) -> String {
    let draft = app.wizard().unwrap().document().draft();
    draft
        .section(part)
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// The characters drawn highlighted as selected (black on cyan), in screen order, below the
/// step bar (whose current step is drawn so too).
fn highlighted(app: &App) -> String {
    let (terminal, _) = draw(app);
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 1..buffer.area.height {
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            if cell.bg == Color::Cyan && cell.fg == Color::Black && !cell.symbol().trim().is_empty()
            {
                out.push_str(cell.symbol());
            }
        }
    }
    out
}

/// Chooses, in the phrase list now shown, the first phrase with places to fill, and inserts it.
fn insert_a_phrase_with_places(app: &mut App, query: &str) -> String {
    press(app, KeyCode::Tab);
    assert_eq!(focus(app), Some(Focus::Phrases));
    type_text(app, query);
    for _ in 0..200 {
        let panel = &app.wizard().unwrap().part().unwrap().phrases;
        let chosen = panel.chosen().expect("a phrase matches").to_string();
        if chosen.contains('{') || chosen.contains('*') {
            press(app, KeyCode::Enter);
            assert!(app.wizard().unwrap().editor().unwrap().filling());
            return chosen;
        }
        press(app, KeyCode::Down);
    }
    panic!("no phrase with places to fill matches {query}");
}

// ---- text that goes astray ----

#[test]
fn after_the_last_place_of_a_phrase_tab_and_enter_go_on_from_the_end_of_that_phrase() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, DUTY);
    // An earlier paragraph keeps a figure to fill in later.
    type_text(&mut app, "完成早稻播种面积*亩。\n");
    let phrase = insert_a_phrase_with_places(&mut app, "");
    let mut filled = 0;
    while app.wizard().unwrap().editor().unwrap().filling() {
        type_text(&mut app, "9");
        press(&mut app, KeyCode::Tab);
        filled += 1;
        assert!(
            filled < 20,
            "Tab never left the phrase: {:?}",
            paragraphs(&app)
        );
    }
    type_text(&mut app, "（完）");
    let paras = paragraphs(&app);
    assert_eq!(
        paras[0], "完成早稻播种面积*亩。",
        "the earlier `*` is left alone"
    );
    assert_eq!(paras.len(), 2, "{paras:?}");
    assert!(
        paras[1].ends_with("（完）"),
        "typing goes on at the end of the phrase {phrase}: {paras:?}"
    );
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "下一条。");
    let paras = paragraphs(&app);
    assert_eq!(paras.len(), 3, "{paras:?}");
    assert_eq!(paras[2], "下一条。", "the new point follows the phrase's");
}

#[test]
fn enter_on_the_last_place_of_a_phrase_opens_the_point_after_the_phrases_paragraph() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, DUTY);
    type_text(&mut app, "完成早稻播种面积*亩。\n");
    let phrase = insert_a_phrase_with_places(&mut app, "");
    let editor = app.wizard().unwrap().editor().unwrap();
    let places = slots::pieces(&phrase)
        .iter()
        .filter(|p| editor.is_place(p))
        .count();
    // Fill every place but the last with Tab, the last then Enter.
    for _ in 1..places {
        type_text(&mut app, "9");
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "9");
    assert!(app.wizard().unwrap().editor().unwrap().filling());
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "下一条。");
    let paras = paragraphs(&app);
    assert_eq!(paras[0], "完成早稻播种面积*亩。");
    assert_eq!(paras.len(), 3, "{paras:?}");
    assert!(!paras[1].contains(['{', '*']), "{paras:?}");
    assert_eq!(paras[2], "下一条。");
}

#[test]
fn typing_while_the_preview_has_the_focus_goes_into_the_editor() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = new_draft(width, height);
        go_to(&mut app, OPENING);
        type_text(&mut app, "一年来");
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        assert_eq!(focus(&app), Some(Focus::Preview));
        type_text(&mut app, "，本人");
        assert_eq!(focus(&app), Some(Focus::Editor), "{width}×{height}");
        assert_eq!(text(&app), "一年来，本人");
        // A paste too.
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        assert_eq!(focus(&app), Some(Focus::Preview));
        update(&mut app, Msg::Paste("认真履职。".into()));
        assert_eq!(focus(&app), Some(Focus::Editor));
        assert_eq!(text(&app), "一年来，本人认真履职。");
        assert_eq!(
            saved_text(&app, "opening").trim_end(),
            "一年来，本人认真履职。"
        );
    }
}

#[test]
fn keys_typed_while_the_terminal_is_too_small_leave_the_draft_alone() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, STUDY);
    type_text(&mut app, "坚持理论学习。");
    let before = saved_text(&app, "study");
    update(&mut app, Msg::Resize(50, 12));
    assert!(screen(&app).iter().any(|r| r.contains("终端太小")));
    type_text(&mut app, "看不见的字\n");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Delete);
    ctrl(&mut app, 'z');
    ctrl(&mut app, 'x');
    alt(&mut app, KeyCode::Up);
    update(&mut app, Msg::Paste("粘贴的字".into()));
    ctrl(&mut app, 'n');
    assert_eq!(saved_text(&app, "study"), before);
    assert_eq!(
        app.wizard().unwrap().step(),
        STUDY,
        "no step was taken unseen"
    );
    update(&mut app, Msg::Resize(80, 24));
    assert_eq!(text(&app), "坚持理论学习。");
    // Quitting still works on a small terminal: it saves first.
    update(&mut app, Msg::Resize(50, 12));
    assert_eq!(ctrl(&mut app, 'q'), [Effect::Save, Effect::Quit]);
}

#[test]
fn ctrl_u_empties_the_heading_as_a_step_of_its_own() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, STUDY);
    key(&mut app, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(focus(&app), Some(Focus::Heading));
    let heading = |app: &App| {
        let part = app.wizard().unwrap().part().unwrap();
        part.heading.text().to_string()
    };
    let original = heading(&app);
    type_text(&mut app, "（修改）");
    ctrl(&mut app, 'u');
    assert_eq!(heading(&app), "");
    // Undone, the heading is back as typed, not without the typing run before it.
    ctrl(&mut app, 'z');
    assert_eq!(heading(&app), format!("{original}（修改）"));
    ctrl(&mut app, 'z');
    assert_eq!(heading(&app), original);
}

#[test]
fn heading_edits_are_undone_and_redone() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, STUDY);
    key(&mut app, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(focus(&app), Some(Focus::Heading));
    let heading = |app: &App| {
        app.wizard()
            .unwrap()
            .part()
            .unwrap()
            .heading
            .text()
            .to_string()
    };
    let drafted = |app: &App| {
        let d = app.wizard().unwrap().document().draft();
        d.section("study").and_then(|s| s.heading.clone())
    };
    let original = heading(&app);
    assert!(!original.is_empty());
    type_text(&mut app, "（修改）");
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Delete);
    press(&mut app, KeyCode::Delete);
    let edited = heading(&app);
    assert_eq!(drafted(&app).as_deref(), Some(edited.as_str()));
    ctrl(&mut app, 'z');
    assert_eq!(
        heading(&app),
        format!("{original}（修改）"),
        "both Deletes are one step"
    );
    ctrl(&mut app, 'z');
    assert_eq!(heading(&app), original, "the typing is one step");
    assert_ne!(drafted(&app).as_deref(), Some(edited.as_str()));
    ctrl(&mut app, 'y');
    ctrl(&mut app, 'y');
    assert_eq!(heading(&app), edited);
    assert_eq!(drafted(&app).as_deref(), Some(edited.as_str()));
}

#[test]
fn a_run_of_deletes_in_the_editor_is_one_undo_step() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, OPENING);
    type_text(&mut app, "一年来本人认真履职");
    press(&mut app, KeyCode::Home);
    for _ in 0..3 {
        press(&mut app, KeyCode::Delete);
    }
    assert_eq!(text(&app), "本人认真履职");
    ctrl(&mut app, 'z');
    assert_eq!(
        text(&app),
        "一年来本人认真履职",
        "one Ctrl-Z brings all three back"
    );
    ctrl(&mut app, 'y');
    assert_eq!(text(&app), "本人认真履职");
}

#[test]
fn the_phrase_search_box_is_cleared_on_insert_and_by_ctrl_u_and_esc_goes_back_to_the_editor() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, STUDY);
    let query = |app: &App| {
        let panel = &app.wizard().unwrap().part().unwrap().phrases;
        (
            panel.query.text().to_string(),
            panel.matches.len(),
            panel.all.len(),
        )
    };
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "学习");
    assert!(query(&app).1 < query(&app).2, "the search narrows the list");
    press(&mut app, KeyCode::Enter);
    assert_eq!(focus(&app), Some(Focus::Editor));
    let (q, matches, all) = query(&app);
    assert_eq!((q.as_str(), matches), ("", all), "cleared after the insert");
    // Past any place to fill, Tab goes to the phrases again.
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Tab);
    assert_eq!(focus(&app), Some(Focus::Phrases));
    type_text(&mut app, "党建");
    assert_eq!(query(&app).0, "党建");
    ctrl(&mut app, 'u');
    let (q, matches, all) = query(&app);
    assert_eq!((q.as_str(), matches), ("", all), "Ctrl-U clears it");
    let before = text(&app);
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        focus(&app),
        Some(Focus::Editor),
        "Esc goes back to the editor"
    );
    assert_eq!(text(&app), before, "and changes nothing");
}

#[test]
fn end_on_a_wrapped_row_goes_after_its_last_character() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = new_draft(width, height);
        go_to(&mut app, OPENING);
        let para: String = "一二三四五六七八九十".repeat(12);
        update(&mut app, Msg::Paste(para.clone()));
        // To the first row, then its end.
        for _ in 0..5 {
            press(&mut app, KeyCode::Up);
        }
        press(&mut app, KeyCode::Home);
        press(&mut app, KeyCode::End);
        let (terminal, cursor) = draw(&app);
        let cursor = cursor.expect("the caret is shown");
        let buffer = terminal.backend().buffer();
        // The row as drawn up to the cursor, and nothing of the text under the cursor.
        let mut row = String::new();
        let mut x = 0;
        while x < cursor.x {
            let symbol = buffer[(x, cursor.y)].symbol();
            row.push_str(symbol);
            x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        assert!(
            buffer[(cursor.x, cursor.y)].symbol().trim().is_empty(),
            "{width}×{height}: the cursor stands after the row's last character: {row}"
        );
        type_text(&mut app, "甲");
        let typed = text(&app);
        let at = typed.find('甲').unwrap();
        assert!(
            row.ends_with(&typed[..at]),
            "{width}×{height}: typed after the whole row {row:?}, not before its end: {typed}"
        );
        assert_eq!(typed.replace('甲', ""), para);
    }
}

#[test]
fn f3_with_no_place_left_to_fill_says_so() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, OPENING);
    type_text(&mut app, "一年来，本人认真履职。");
    press(&mut app, KeyCode::F(3));
    let notice = app.notice.clone().unwrap_or_default();
    assert!(notice.contains("没有待填"), "{notice:?}");
    assert!(screen(&app).iter().any(|r| r.contains("没有待填")));
    // The next key takes the message away.
    type_text(&mut app, "又");
    assert!(app.notice.is_none(), "{:?}", app.notice);
}

// ---- editing writers expect ----

#[test]
fn shift_and_the_arrows_select_and_typing_replaces_the_selection_in_one_undo_step() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, OPENING);
    type_text(&mut app, "一年来本人认真履职。");
    press(&mut app, KeyCode::Home);
    shift(&mut app, KeyCode::Right);
    shift(&mut app, KeyCode::Right);
    shift(&mut app, KeyCode::Right);
    assert_eq!(highlighted(&app), "一年来");
    type_text(&mut app, "今年");
    assert_eq!(text(&app), "今年本人认真履职。");
    assert_eq!(highlighted(&app), "", "the selection is gone");
    ctrl(&mut app, 'z');
    assert_eq!(text(&app), "一年来本人认真履职。", "one step");
    // Shift-End selects to the row's end; Backspace deletes the selection.
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Right);
    shift(&mut app, KeyCode::End);
    assert_eq!(highlighted(&app), "年来本人认真履职。");
    press(&mut app, KeyCode::Backspace);
    assert_eq!(text(&app), "一");
    // Shift-Home back to the start, and an arrow alone drops the selection.
    ctrl(&mut app, 'z');
    shift(&mut app, KeyCode::Home);
    assert_eq!(highlighted(&app), "一年来本人认真履职。");
    press(&mut app, KeyCode::Left);
    assert_eq!(highlighted(&app), "");
    assert_eq!(app.wizard().unwrap().editor().unwrap().caret().byte, 0);
}

#[test]
fn a_selection_over_several_points_is_deleted_whole_and_undone_whole() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, STUDY);
    type_text(&mut app, "甲甲甲\n乙乙乙\n丙丙丙");
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Right);
    shift(&mut app, KeyCode::Down);
    shift(&mut app, KeyCode::Down);
    assert_eq!(highlighted(&app), "甲甲乙乙乙丙");
    press(&mut app, KeyCode::Delete);
    assert_eq!(paragraphs(&app), ["甲丙丙"]);
    assert_eq!(saved_text(&app, "study").trim_end(), "甲丙丙");
    ctrl(&mut app, 'z');
    assert_eq!(text(&app), "甲甲甲\n乙乙乙\n丙丙丙");
    // Shift-Up takes the selection back the other way; Enter replaces it with a break.
    shift(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    assert_eq!(paragraphs(&app).len(), 3);
}

#[test]
fn cut_copy_and_paste_within_the_wizard() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, STUDY);
    type_text(&mut app, "坚持理论学习。\n注重调查研究。\n加强党性修养。");
    // Ctrl-X with nothing selected cuts the caret's whole point…
    ctrl(&mut app, 'x');
    assert_eq!(paragraphs(&app), ["坚持理论学习。", "注重调查研究。"]);
    // … and Ctrl-V puts it back as a point of its own, before the caret's.
    press(&mut app, KeyCode::Up);
    ctrl(&mut app, 'v');
    assert_eq!(
        paragraphs(&app),
        ["加强党性修养。", "坚持理论学习。", "注重调查研究。"]
    );
    let preview = screen(&app).join("\n");
    assert!(preview.contains("加强党性修养"), "{preview}");
    // A selection is copied and pasted at the caret, replacing what is selected there.
    press(&mut app, KeyCode::Home);
    shift(&mut app, KeyCode::Right);
    shift(&mut app, KeyCode::Right);
    ctrl(&mut app, 'c');
    assert_eq!(
        text(&app),
        "加强党性修养。\n坚持理论学习。\n注重调查研究。",
        "copy changes nothing"
    );
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::End);
    ctrl(&mut app, 'v');
    assert_eq!(paragraphs(&app)[2], "注重调查研究。坚持");
    // The clipboard goes with the writer to another part.
    ctrl(&mut app, 'n');
    assert_eq!(app.wizard().unwrap().step(), DUTY);
    ctrl(&mut app, 'v');
    assert_eq!(text(&app), "坚持");
    ctrl(&mut app, 'z');
    assert_eq!(text(&app), "");
    // The terminal's own paste still works beside it.
    update(&mut app, Msg::Paste("甲\r\n乙".into()));
    assert_eq!(paragraphs(&app), ["甲", "乙"]);
}

#[test]
fn alt_up_and_down_move_a_point_and_the_numbers_follow() {
    let mut app = new_draft(120, 40);
    go_to(&mut app, STUDY);
    type_text(&mut app, "甲事项。\n乙事项。\n丙事项。");
    alt(&mut app, KeyCode::Up);
    alt(&mut app, KeyCode::Up);
    assert_eq!(paragraphs(&app), ["丙事项。", "甲事项。", "乙事项。"]);
    let shown = screen(&app).join("\n");
    assert!(shown.contains("一是丙事项。"), "{shown}");
    assert!(shown.contains("二是甲事项。"), "{shown}");
    // The caret went with the point: typing goes on at its end.
    type_text(&mut app, "（续）");
    assert_eq!(paragraphs(&app)[0], "丙事项。（续）");
    alt(&mut app, KeyCode::Down);
    assert_eq!(paragraphs(&app), ["甲事项。", "丙事项。（续）", "乙事项。"]);
    assert_eq!(
        saved_text(&app, "study").trim_end(),
        "甲事项。\n丙事项。（续）\n乙事项。"
    );
    // At the top or bottom nothing moves; each move is undone on its own.
    ctrl(&mut app, 'z');
    assert_eq!(paragraphs(&app), ["丙事项。（续）", "甲事项。", "乙事项。"]);
    alt(&mut app, KeyCode::Up);
    assert_eq!(paragraphs(&app), ["丙事项。（续）", "甲事项。", "乙事项。"]);
    // A selection over two points moves them together.
    press(&mut app, KeyCode::Down);
    shift(&mut app, KeyCode::Down);
    alt(&mut app, KeyCode::Up);
    assert_eq!(paragraphs(&app), ["甲事项。", "乙事项。", "丙事项。（续）"]);
}

#[test]
fn every_new_editing_key_is_in_the_help_and_in_the_readme() {
    let mut app = new_draft(120, 40);
    go_to(&mut app, OPENING);
    press(&mut app, KeyCode::F(1));
    let mut help = String::new();
    for _ in 0..20 {
        help.push_str(&screen(&app).join("\n"));
        press(&mut app, KeyCode::PageDown);
    }
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for keys in [
        "Shift-←",
        "Shift-Home",
        "Ctrl-X",
        "Ctrl-C",
        "Ctrl-V",
        "Alt-⇡",
        "Alt-⇣",
        "Ctrl-U",
    ] {
        assert!(help.contains(keys), "help lacks {keys}");
        assert!(readme.contains(keys), "README lacks {keys}");
    }
}

#[test]
fn undo_after_a_move_and_a_cut_restores_the_draft_as_it_was() {
    let mut app = new_draft(80, 24);
    go_to(&mut app, STUDY);
    type_text(&mut app, "甲\n乙\n丙");
    let original = saved_text(&app, "study");
    alt(&mut app, KeyCode::Up);
    ctrl(&mut app, 'x');
    press(&mut app, KeyCode::Home);
    shift(&mut app, KeyCode::End);
    ctrl(&mut app, 'x');
    for _ in 0..3 {
        ctrl(&mut app, 'z');
    }
    assert_eq!(saved_text(&app, "study"), original);
}
