//! What the writer must be able to read, at 80×24 and 120×40, keys through `update` and the
//! screen drawn into a `TestBackend`: the part's guidance (cut with "…" and shown whole with a
//! key), where each paragraph of the editor starts, places to fill kept on one row, the preview
//! apart from the phrases, the export's whole file name, and a help box that covers what is
//! beneath and lists the screen's own keys first.

use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Position;

use shuzhi::config::Config;
use shuzhi::template::Registry;
use shuzhi::text::width::Ambiguous;
use shuzhi::tui::app::{App, Msg, Step, update};

mod keys;
use keys::{ctrl, draw, go_to, new_draft, press, screen, type_text};

/// The 述责述廉 template's 述廉 part, whose guidance lists what must not be left out.
const SHUZE_INTEGRITY: Step = Step::Part(2);

#[test]
fn guidance_too_long_for_its_rows_ends_in_an_ellipsis_and_f5_shows_it_whole() {
    let mut app = new_draft("shuze", 80, 24);
    go_to(&mut app, SHUZE_INTEGRITY);
    let rows = screen(&app);
    let cut = &rows[2];
    assert!(cut.ends_with("…（F5 看全文）"), "{rows:#?}");
    assert!(cut.contains("不要漏项"), "{rows:#?}");
    // Never cut mid-word without saying so.
    assert!(
        !rows.iter().any(|r| r.ends_with("婚姻家庭、配")),
        "{rows:#?}"
    );

    press(&mut app, KeyCode::F(5));
    let whole = screen(&app).join("\n");
    for words in [
        "写作提示：述廉",
        "配偶子女从业",
        "个人有关事项报告",
        "写明“无”",
    ] {
        assert!(whole.contains(words), "{words} not in\n{whole}");
    }
    press(&mut app, KeyCode::Esc);
    assert!(!screen(&app).join("\n").contains("写作提示：述廉"));

    // Ctrl-K too; and a character typed over the box closes it and goes into the text.
    ctrl(&mut app, 'k');
    assert!(screen(&app).join("\n").contains("写作提示：述廉"));
    type_text(&mut app, "无");
    assert!(!screen(&app).join("\n").contains("写作提示：述廉"));
    let text = app.wizard().unwrap().editor().unwrap().text();
    assert_eq!(text, "无");
}

#[test]
fn at_120_columns_the_guidance_takes_three_rows_and_says_when_there_is_more() {
    let mut app = new_draft("dnqjl", 120, 40);
    go_to(&mut app, Step::Part(0));
    let rows = screen(&app);
    assert!(rows[2].ends_with("联系哪些单位。"), "{rows:#?}");
    assert!(rows[3].starts_with("再用一两句话"), "{rows:#?}");
    assert!(rows[3].ends_with("…（F5 看全文）"), "{rows:#?}");
    press(&mut app, KeyCode::F(5));
    let whole = screen(&app).join("\n");
    let last = registry_guidance("dnqjl", 0)
        .lines()
        .last()
        .unwrap()
        .to_string();
    assert!(whole.contains(&last), "{last} not in\n{whole}");
}

/// The guidance of part `index` of a built-in template.
fn registry_guidance(template: &str, index: usize) -> String {
    Registry::builtin().template(template).unwrap().parts[index]
        .guidance
        .clone()
}

#[test]
fn a_place_to_fill_is_kept_on_one_row_of_the_editor() {
    let mut app = new_draft("dnqjl", 80, 24);
    go_to(&mut app, Step::Part(0));
    // A row of the editor is 77 cells after its gutter: `{年度}` would begin at cell 74 and be
    // cut after `{年`.
    type_text(&mut app, &format!("{}{{年度}}以来", "一".repeat(37)));
    let rows = screen(&app);
    assert!(
        rows.iter().any(|r| r.starts_with("  {年度}以来")),
        "{rows:#?}"
    );
    assert!(!rows.iter().any(|r| r.ends_with("{年")), "{rows:#?}");
}

#[test]
fn each_paragraph_of_the_editor_is_marked_where_it_starts_and_its_wrapped_rows_are_not() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = new_draft("dnqjl", w, h);
        go_to(&mut app, Step::Part(1));
        let long = "认真学习贯彻党的二十大精神".repeat(8);
        type_text(&mut app, &format!("{long}\n短的一段"));
        let (_, cursor) = draw(&app);
        let rows = screen(&app);
        let first = rows
            .iter()
            .position(|r| r.starts_with("▸ 认真学习"))
            .unwrap_or_else(|| panic!("{w}x{h}: no mark before the first paragraph {rows:#?}"));
        // The rows it wraps onto have no mark: only a new paragraph does.
        let wrapped = &rows[first + 1];
        assert!(
            wrapped.starts_with("  ") && !wrapped.contains('▸'),
            "{rows:#?}"
        );
        assert!(!wrapped.trim().is_empty(), "{rows:#?}");
        let second = rows
            .iter()
            .position(|r| r.starts_with("▸ 短的一段"))
            .unwrap_or_else(|| panic!("{w}x{h}: no mark before the second paragraph {rows:#?}"));
        assert!(second > first + 1, "{rows:#?}");
        // The caret stays just after what was typed, right of the gutter.
        assert_eq!(
            cursor,
            Some(Position::new(2 + 8, second as u16)),
            "{rows:#?}"
        );
    }
}

#[test]
fn help_at_80_columns_covers_the_screen_wraps_in_its_columns_and_lists_this_screens_keys_first() {
    let mut app = new_draft("dnqjl", 80, 24);
    go_to(&mut app, Step::Part(1));
    type_text(&mut app, &"述职报告正文".repeat(40));
    press(&mut app, KeyCode::F(1));
    let rows = screen(&app);
    // The box spans the screen: nothing of the text beneath at either edge.
    for row in &rows[1..22] {
        assert!(
            row.starts_with('│') || row.starts_with('┌') || row.starts_with('└'),
            "{rows:#?}"
        );
        assert!(
            row.ends_with('│') || row.ends_with('┐') || row.ends_with('┘'),
            "{rows:#?}"
        );
    }
    // This screen's keys come first: the editor's own before the steps'.
    let at = |key: &str| rows.iter().position(|r| r.starts_with(&format!("│{key}")));
    assert_eq!(rows[2], format!("│正文的按键{}│", " ".repeat(68)));
    assert!(at("Ctrl-Z").unwrap() < at("Ctrl-N").unwrap(), "{rows:#?}");
    // A long description goes on under itself, not past the box.
    let tab = at("Tab ").unwrap();
    assert!(
        rows[tab + 1].trim_start_matches('│').starts_with(' '),
        "{rows:#?}"
    );
    assert!(rows[tab + 1].contains('处'), "{rows:#?}");
    // The autosave said as the README says it.
    for _ in 0..10 {
        press(&mut app, KeyCode::PageDown);
    }
    let end = screen(&app).join("\n");
    assert!(end.contains("停笔后 2 秒内自动保存"), "{end}");
}

#[test]
fn help_on_the_start_screen_lists_its_keys_first() {
    let mut app = App::new(
        Registry::builtin(),
        Config::default(),
        Ambiguous::Narrow,
        true,
    );
    update(&mut app, Msg::Resize(80, 24));
    press(&mut app, KeyCode::F(1));
    let rows = screen(&app);
    assert_eq!(
        rows[2].trim_matches(['│', ' ']),
        "开始页的按键",
        "{rows:#?}"
    );
}
