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
    tui.type_text("周明远\r乡长\r青山县柳溪乡人民政府\r\r"); // 单位类型 left empty
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
            // After the editor's gutter of two columns, which marks where paragraphs start.
            2 + shuzhi::text::str_width(opening, Default::default()) as u16
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
    tui.read_to_end();

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
    let out = String::from_utf8_lossy(&tui.read_to_end()).into_owned();
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
    tui.wait_text("导入对照");
    // The report's fourth part (述法) moved one part on, into 意识形态, before accepting.
    tui.send("\x1b[B\x1b[B\x1b[B\x1b[B");
    tui.send("\x1b[C");
    tui.wait_text("由你移到这里");
    tui.send("\r");
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
    let ideology = text
        .split("[sections.ideology]")
        .nth(1)
        .expect("moved into 意识形态");
    assert!(ideology.contains("坚持尊法学法守法用法"), "{text}");
    assert!(!text.contains("[sections.law]"), "{text}");
}

#[test]
fn tab_completes_the_report_path_in_the_import_box() {
    let home = Sandbox::new();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/xiangzhang.txt");
    std::fs::create_dir_all(home.path("报告")).unwrap();
    std::fs::copy(fixture, home.path("报告/去年述职报告.txt")).unwrap();
    std::fs::write(home.path("报告/去年工作总结.docx"), "").unwrap();
    std::fs::write(home.path("报告/去年照片.jpg"), "").unwrap();
    let mut tui = Tui::spawn(&home, &[], 80, 24);
    tui.wait_text("新建一份");
    tui.send("\x1b[F"); // End
    tui.wait_text("▸ 从已有报告导入");
    tui.send("\r");
    tui.wait_text("去年的报告");
    // `~` is the home folder; the folder completes with its slash.
    tui.type_text("~/报");
    tui.send("\t");
    tui.wait_text("文件：~/报告/");
    tui.type_text("去");
    tui.send("\t");
    let listed = tui.wait_text("有 2 个相符");
    assert!(listed.contains("文件：~/报告/去年"), "{listed}");
    assert!(
        listed.contains("去年工作总结.docx  去年述职报告.txt"),
        "{listed}"
    );
    assert!(
        !listed.contains("照片"),
        "only reports are offered: {listed}"
    );
    tui.type_text("述");
    tui.send("\t");
    tui.wait_text("文件：~/报告/去年述职报告.txt");
    tui.send("\r");
    tui.wait_text("导入对照");
    tui.quit();
}

#[test]
fn leaving_the_import_mapping_writes_no_draft() {
    let home = Sandbox::new();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/xiangzhang.txt");
    std::fs::copy(fixture, home.path("去年.txt")).unwrap();
    let mut tui = Tui::spawn(&home, &[], 80, 24);
    tui.wait_text("新建一份");
    tui.send("\x1b[F"); // End
    tui.wait_text("▸ 从已有报告导入");
    tui.send("\r");
    tui.type_text("去年.txt\r");
    tui.wait_text("导入对照");
    tui.send("\x1b");
    tui.wait_text("去年的报告");
    tui.send("\x1b");
    tui.wait_for("the start screen again", |s| !s.contains("去年的报告"));
    tui.quit();
    let drafts = home.path("data/shuzhi/drafts");
    let made: Vec<_> = std::fs::read_dir(&drafts)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(made.is_empty(), "{made:?}");
}

#[test]
fn a_new_draft_offers_the_name_post_and_unit_of_the_last_one() {
    let home = Sandbox::new();
    let mut tui = Tui::spawn(&home, &["new"], 80, 24);
    tui.wait_text("基本信息");
    tui.type_text("周明远\r乡长\r青山县柳溪乡人民政府\r\r"); // 单位类型 left empty
    // Started before its writer was known, the draft takes the name leaving the form.
    tui.wait_text("草稿已按姓名改名为 周明远-");
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
    tui.type_text("周明远\r乡长\r青山县柳溪乡人民政府\r\r"); // 单位类型 left empty
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

/// The parameters of every SGR sequence (`ESC [ … m`) in `out` that sets a colour.
fn colour_escapes(out: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(out);
    let mut found = Vec::new();
    for piece in text.split("\x1b[").skip(1) {
        let Some(end) = piece.find(|c: char| ('\x40'..='\x7e').contains(&c)) else {
            continue;
        };
        if !piece[end..].starts_with('m') {
            continue;
        }
        let params = &piece[..end];
        let colour = params.split([';', ':']).any(|p| {
            matches!(
                p.parse::<u16>(),
                Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)
            )
        });
        if colour {
            found.push(params.to_string());
        }
    }
    found
}

/// The form filled in, so that the caret is in the opening's editor.
fn to_the_opening(tui: &mut Tui) {
    tui.wait_text("基本信息");
    // Ctrl-N after the fields the test needs: the rest of the form may stay empty.
    tui.type_text("周明远\r乡长\r青山县柳溪乡人民政府\x0e");
    tui.wait_text("本部分 0 字");
}

#[test]
fn no_color_in_the_environment_draws_without_a_single_colour_escape() {
    let session = |env: &[(&str, &str)]| {
        let home = Sandbox::new();
        let mut tui = Tui::spawn_with(&home, &["new", "d.toml"], 80, 24, env);
        to_the_opening(&mut tui);
        tui.type_text("本人认真履职。");
        tui.wait_text("本人认真履职。");
        tui.quit();
        colour_escapes(&tui.read_to_end())
    };
    assert!(
        !session(&[]).is_empty(),
        "without NO_COLOR the wizard draws in colour"
    );
    assert_eq!(session(&[("NO_COLOR", "1")]), Vec::<String>::new());
}

#[test]
fn f1_and_ctrl_g_both_open_the_help_and_esc_closes_it() {
    let home = Sandbox::new();
    let mut tui = Tui::spawn(&home, &["new", "d.toml"], 80, 24);
    to_the_opening(&mut tui);
    for key in ["\x1bOP", "\x07"] {
        tui.send(key);
        tui.wait_for("the help, the editor's keys first", |s| {
            s.contains("帮助（") && s.contains("正文的按键")
        });
        tui.send("\x1b");
        tui.wait_for("the help closed", |s| !s.contains("帮助（"));
    }
    tui.quit();
}

#[test]
fn f2_and_ctrl_t_both_switch_between_phrases_and_preview() {
    let home = Sandbox::new();
    let mut tui = Tui::spawn(&home, &["new", "d.toml"], 80, 24);
    to_the_opening(&mut tui);
    let phrases = |s: &str| s.contains("条（Tab 进入") && !s.contains("预览（F2 切换到素材）");
    let preview = |s: &str| s.contains("预览（F2 切换到素材）") && !s.contains("条（Tab 进入");
    tui.wait_for("the phrase list under the editor", phrases);
    tui.send("\x1bOQ"); // F2
    tui.wait_for("the preview after F2", preview);
    tui.send("\x14"); // Ctrl-T
    tui.wait_for("the phrases again after Ctrl-T", phrases);
    tui.ctrl('t');
    tui.wait_for("the preview after Ctrl-T", preview);
    tui.send("\x1bOQ");
    tui.wait_for("the phrases again after F2", phrases);
    tui.quit();
}

#[test]
fn ctrl_f_and_f4_both_apply_the_fix_of_the_selected_slip() {
    let home = Sandbox::new();
    let draft = read(&common::repo("tests/fixtures/xiangzhang.toml"));
    // Two half-width commas between Chinese words: two slips, each with a fix.
    let slips = draft
        .replace("，坚持稳中求进", ",坚持稳中求进")
        .replace("，系统学习", ",系统学习");
    assert_eq!(slips.matches(',').count(), 2);
    home.write("d.toml", format!("{slips}\n[state]\nstep = \"review\"\n"));
    let fixable = |s: &str| s.matches("[必错] 中文中应使用全角“，”").count();
    let mut tui = Tui::spawn(&home, &["open", "d.toml"], 120, 40);
    tui.wait_for("two slips with a fix", |s| fixable(s) == 2);
    // The six places to fill come first (check's order): down to the first slip.
    for _ in 0..6 {
        tui.send("\x1b[B");
    }
    tui.wait_for("the first slip chosen", |s| {
        s.lines().any(|l| l.starts_with("▸ 开头 第1段：[必错]"))
    });
    tui.ctrl('f');
    tui.wait_for("one slip left after Ctrl-F", |s| fixable(s) == 1);
    tui.send("\x1bOS"); // F4
    tui.wait_for("none left after F4", |s| fixable(s) == 0);
    tui.quit();
    let saved = read(&home.path("d.toml"));
    assert_eq!(saved.matches(',').count(), 0, "{saved}");
}

/// The caret's column after typing “甲 at the start of the opening, when the terminal answers
/// the wizard's probe with the cursor at column `answer` (1-based) after printing “.
fn caret_after_a_quote_when_the_terminal_answers(answer: u16) -> u16 {
    let home = Sandbox::new();
    std::fs::write(
        home.config_dir().join("config.toml"),
        "[display]\nambiguous_width = \"auto\"\n",
    )
    .unwrap();
    let mut tui = Tui::spawn(&home, &["new", "d.toml"], 80, 24);
    tui.wait_output("the cursor position query", b"\x1b[6n");
    tui.send(format!("\x1b[1;{answer}R"));
    to_the_opening(&mut tui);
    tui.type_text("“甲");
    let (_, col) = tui.settled_cursor("甲");
    tui.quit();
    col
}

#[test]
fn the_ambiguous_width_is_measured_at_start_and_the_answer_used() {
    // “ drawn two cells wide moved the cursor from column 1 to 3; one cell wide, to 2. The
    // text begins after the editor's two-column gutter.
    assert_eq!(caret_after_a_quote_when_the_terminal_answers(3), 6);
    assert_eq!(caret_after_a_quote_when_the_terminal_answers(2), 5);
}

#[test]
fn an_export_into_a_missing_folder_says_so_in_chinese() {
    let home = Sandbox::new();
    let mut tui = Tui::spawn(&home, &["new", "d.toml"], 80, 24);
    to_the_opening(&mut tui);
    tui.ctrl('e');
    tui.wait_text("导出前提醒"); // the parts still empty
    tui.send("\r");
    tui.wait_text("导出报告");
    tui.send("\x1b[H"); // Home: before the file name offered
    tui.type_text("没有的文件夹/\r");
    let screen = tui.wait_text("文件夹不存在，无法写入：");
    assert!(!screen.contains("os error"), "{screen}");
    assert!(!screen.contains("No such file"), "{screen}");
    tui.quit();
}

#[test]
fn ctrl_e_says_what_is_unfinished_and_the_writer_exports_anyway() {
    let home = Sandbox::new();
    let mut tui = Tui::spawn(&home, &["new", "-t", "zongjie", "d.toml"], 80, 24);
    tui.wait_text("基本信息");
    tui.type_text("王晓岚");
    tui.ctrl('n');
    tui.wait_text("本部分 0 字");
    tui.type_text("全年完成重点项目*个。");
    tui.wait_text("全年完成重点项目*个。");

    tui.ctrl('e');
    let said = tui.wait_text("导出前提醒");
    assert!(said.contains("还有待填写的内容：1 处 *"), "{said}");
    assert!(said.contains("「思想政治」部分还没有写"), "{said}");
    // Esc goes back to the text; nothing is written.
    tui.send("\x1b");
    tui.wait_for("the box closed", |s| !s.contains("导出前提醒"));

    tui.ctrl('e');
    tui.wait_text("导出前提醒");
    tui.send("\r");
    let export = tui.wait_text("导出报告");
    assert!(
        export.contains("王晓岚-"),
        "named for its writer:\n{export}"
    );
    tui.send("\r");
    tui.wait_text("已导出");
    tui.quit();

    let exported: Vec<String> = std::fs::read_dir(home.path(""))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    assert_eq!(exported.len(), 1, "{exported:?}");
    assert!(
        exported[0].starts_with("王晓岚-") && exported[0].ends_with("年度个人工作总结.txt"),
        "{exported:?}"
    );
    let text = home.read(&exported[0]);
    assert!(text.contains("全年完成重点项目*个。"), "{text}");
}

#[test]
fn an_export_to_a_path_under_tilde_goes_to_the_home_folder() {
    let home = Sandbox::new();
    std::fs::create_dir(home.path("别处")).unwrap();
    let mut tui = Tui::spawn_wrapped(
        &home,
        &["env", "-C", "别处"],
        &["new", "../d.toml"],
        80,
        24,
        &[],
    );
    to_the_opening(&mut tui);
    tui.ctrl('e');
    tui.wait_text("导出前提醒");
    tui.send("\r");
    tui.wait_text("导出报告");
    tui.send("\x1b[H");
    tui.type_text("~/\r");
    tui.wait_text("已导出");
    tui.quit();
    let home_txt = std::fs::read_dir(home.path(""))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".txt"))
        .count();
    assert_eq!(home_txt, 1, "the report is in the home folder");
    assert!(!home.path("别处/~").exists());
}

#[test]
fn a_draft_started_before_its_writer_was_known_is_renamed_for_the_writer_leaving_the_form() {
    let home = Sandbox::new();
    let drafts = home.path("data/shuzhi/drafts");
    let mut tui = Tui::spawn(&home, &["new", "-t", "duizhao"], 80, 24);
    tui.wait_text("基本信息");
    let names = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&drafts)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = names();
    assert_eq!(before.len(), 2, "the draft and its lock: {before:?}");
    assert!(
        before[0].ends_with("年度民主生活会个人对照检查材料.toml"),
        "{before:?}"
    );
    assert!(!before[0].contains('-'), "no writer yet: {before:?}");

    tui.type_text("王建国");
    tui.ctrl('n');
    tui.wait_text("草稿已按姓名改名为 王建国-");
    let after = names();
    let draft = format!("王建国-{}", before[0]);
    assert_eq!(
        after,
        [draft.clone(), format!("{draft}.lock")],
        "lock follows"
    );

    // What is typed now goes to the draft under its new name.
    tui.type_text("对照检查。");
    tui.ctrl('s');
    tui.wait_text("已保存 ");
    tui.quit();
    let text = read(&drafts.join(&draft));
    assert!(text.contains("\"姓名\" = \"王建国\""), "{text}");
    assert!(text.contains("对照检查。"), "{text}");
    assert_eq!(names(), [draft], "nothing left under the old name");
}

#[test]
fn a_new_draft_is_about_the_year_the_calendar_says_this_year_from_july_on() {
    // The rule counted here by hand from today's date: before July the report is last year's.
    let today = chrono::Local::now().date_naive();
    let year = if chrono::Datelike::month(&today) >= 7 {
        chrono::Datelike::year(&today)
    } else {
        chrono::Datelike::year(&today) - 1
    };
    let home = Sandbox::new();
    let mut tui = Tui::spawn(&home, &["new", "d.toml"], 80, 24);
    let form = tui.wait_text("基本信息");
    assert!(form.contains(&year.to_string()), "年度 {year}:\n{form}");
    tui.quit();
    let draft = read(&home.path("d.toml"));
    assert!(
        draft.contains(&format!("\"年度\" = \"{year}\"")),
        "the draft is for {year}:\n{draft}"
    );
}
