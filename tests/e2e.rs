//! The real binary in a pseudo-terminal: a writer drafts a report from start to finish.

mod common;

use std::time::Duration;

use common::{Sandbox, Tui, patience, read};
use shuzhi::template::Registry;

#[test]
fn a_writer_drafts_a_report_in_the_wizard_and_render_gives_back_exactly_what_was_typed() {
    let home = Sandbox::new();
    let mut tui = Tui::spawn(&home, &["new", "d.toml"], 80, 24);
    tui.wait_text("基本信息");
    assert!(
        home.path("d.toml").exists(),
        "new creates the draft at once"
    );

    // The form: Enter moves on, and from the last field on to the first part.
    tui.type_text("周明远\r乡长\r青山县柳溪乡人民政府\r");
    tui.wait_text("本部分 0 字");

    // Chinese typed into the opening; the terminal cursor follows the caret.
    let opening = "2025年以来，本人认真履职。";
    tui.type_text(opening);
    tui.wait_text(opening);
    let (row, col) = tui.cursor();
    assert_eq!(
        (row, col),
        (
            4,
            shuzhi::text::str_width(opening, Default::default()) as u16
        )
    );

    // Two points in the study part, Enter between them.
    tui.ctrl('n');
    tui.wait_text("标题：一、");
    tui.type_text("坚持理论学习。\r注重调查研究。");
    tui.wait_text("注重调查研究。");

    // A paste with \r and \r\n separators into the duty part.
    tui.ctrl('n');
    tui.wait_text("标题：二、");
    tui.paste("抓项目建设。\r抓农业生产。\r\n抓民生实事。");
    tui.wait_text("抓民生实事。");

    // Wider: editor and preview side by side, the preview numbering the points.
    tui.resize(120, 40);
    tui.wait_text("预览（与导出的全文一致）");
    tui.wait_text("三是抓民生实事。");

    tui.ctrl('s');
    tui.wait_text("已保存 ");
    tui.ctrl('q');
    assert!(tui.wait_exit(patience()).is_some_and(|s| s.success()));

    let out = home.run(&["render", "d.toml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let registry = Registry::builtin();
    let parts = &registry.template("dnqjl").unwrap().parts;
    let year = read(&home.path("d.toml"))
        .lines()
        .find_map(|l| {
            l.strip_prefix("\"年度\" = \"")
                .map(|y| y.trim_end_matches('"').to_string())
        })
        .unwrap();
    let expected = [
        format!("{year}年度述职述德述廉述法报告（德能勤绩廉）"),
        String::new(),
        "周明远".into(),
        String::new(),
        "　　2025年以来，本人认真履职。".into(),
        format!("一、{}", parts[1].heading.as_deref().unwrap()),
        "　　一是坚持理论学习。".into(),
        "　　二是注重调查研究。".into(),
        format!("二、{}", parts[2].heading.as_deref().unwrap()),
        "　　一是抓项目建设。".into(),
        "　　二是抓农业生产。".into(),
        "　　三是抓民生实事。".into(),
    ]
    .map(|line| line + "\n")
    .concat();
    assert_eq!(out.stdout, expected);
}

#[test]
fn open_resumes_at_the_step_it_was_left_on() {
    let home = Sandbox::new();
    let draft = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/xiangzhang.toml"
    ))
    .unwrap();
    std::fs::write(
        home.path("d.toml"),
        format!("{draft}\n[state]\nstep = \"law\"\n"),
    )
    .unwrap();
    let mut tui = Tui::spawn(&home, &["open", "d.toml"], 80, 24);
    tui.wait_text("[述法✓]");
    tui.quit();
}

#[test]
fn bracketed_paste_is_switched_on_and_off() {
    let home = Sandbox::new();
    let mut tui = Tui::spawn(&home, &["new", "d.toml"], 80, 24);
    tui.wait_text("基本信息");
    tui.quit();
    std::thread::sleep(Duration::from_millis(100));
    let out = String::from_utf8_lossy(&tui.output.lock().unwrap()).into_owned();
    assert!(out.contains("\x1b[?2004h"), "bracketed paste on");
    assert!(out.contains("\x1b[?2004l"), "and off again at the end");
}

#[test]
fn the_wizard_refuses_to_run_outside_a_terminal() {
    let home = Sandbox::new();
    let out = home.run(&["new", "d.toml"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("终端"));
    assert!(!home.path("d.toml").exists());
}

#[test]
fn last_years_report_is_imported_from_the_start_screen() {
    let home = Sandbox::new();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/xiangzhang.txt");
    std::fs::copy(fixture, home.path("去年.txt")).unwrap();
    let mut tui = Tui::spawn(&home, &[], 80, 24);
    tui.wait_text("新建一份");
    tui.send("\x1b[F"); // End
    tui.wait_text("▸ 从已有报告导入");
    tui.send("\r");
    tui.wait_text("去年的报告");
    tui.type_text("去年.txt\r");
    tui.wait_text("已导入");
    tui.quit();
    let drafts = home.path("data/shuzhi/drafts");
    let draft = std::fs::read_dir(&drafts)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = read(&draft);
    assert!(
        text.contains("\"年度\" = \"2026\""),
        "last year's 2025 became 2026:\n{text}"
    );
    assert!(text.contains("柳溪茶叶精深加工园"), "the text came along");
}

#[test]
fn a_new_draft_offers_the_name_post_and_unit_of_the_last_one() {
    let home = Sandbox::new();
    let mut tui = Tui::spawn(&home, &["new"], 80, 24);
    tui.wait_text("基本信息");
    tui.type_text("周明远\r乡长\r青山县柳溪乡人民政府\r");
    tui.wait_text("本部分 0 字");
    tui.quit();

    let mut tui = Tui::spawn(&home, &["new"], 80, 24);
    let form = tui.wait_text("基本信息");
    for value in ["周明远", "乡长", "青山县柳溪乡人民政府"] {
        assert!(form.contains(value), "{value} offered:\n{form}");
    }
    tui.quit();
}

#[test]
fn a_locale_that_is_not_utf8_is_named_with_the_fix() {
    let home = Sandbox::new();
    let mut tui = Tui::spawn_with(
        &home,
        &["new", "d.toml"],
        80,
        24,
        &[("LC_ALL", "C"), ("LANG", "C")],
    );
    let screen = tui.wait_text("不是 UTF-8");
    assert!(screen.contains("export LANG=C.UTF-8"), "{screen}");
    tui.quit();
}

#[test]
fn after_a_burst_of_keys_the_preview_beside_the_editor_catches_up() {
    // Keys faster than the preview is redrawn (tui::pacing): the editor shows each at once,
    // and the preview holds what it showed until the keys pause, then shows everything typed.
    let home = Sandbox::new();
    let mut tui = Tui::spawn(&home, &["new", "d.toml"], 120, 40);
    tui.wait_text("基本信息");
    tui.type_text("周明远\r乡长\r青山县柳溪乡人民政府\r");
    tui.wait_text("本部分 0 字");
    tui.ctrl('s');
    tui.wait_text("已保存 ");
    let typed = "一口气打进来的二十个字不会在预览里丢";
    for c in typed.chars() {
        tui.type_text(&c.to_string());
        std::thread::sleep(Duration::from_millis(10));
    }
    // Once in the editor (left) and once in the preview (right), on the same row or not.
    let screen = tui.wait_for("the typed text in both panes", |s| {
        s.matches(typed).count() == 2
    });
    // Caught up when the keys paused, not seconds later with the autosave's frame.
    assert!(screen.contains("未保存"), "{screen}");
    tui.quit();
}
