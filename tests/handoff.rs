//! 发到我的电脑 as a writer meets it in a terminal: the exported file sent by ZMODEM to a real
//! `rz` playing the writer's terminal (and the screen whole afterwards), a cancelled transfer,
//! the report's text copied by OSC 52 (plain, and wrapped for tmux), the exact scp line, and
//! last year's report received by `rz` into the drafts folder for the import box.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use base64::Engine as _;
use common::{Sandbox, Tui, patience, read, repo};

const F9: &str = "\x1b[20~";
/// What `sz` sends first: the hex header of ZRQINIT.
const ZRQINIT: &[u8] = b"**\x18B00";
/// What `rz` sends first: the hex header of ZRINIT.
const ZRINIT: &[u8] = b"**\x18B01";
/// Only the box says this (the review's hint bar names the box, not its contents).
const SEND_BOX: &str = "把全文复制到你电脑的剪贴板";

/// The sample draft, to be opened at its review.
fn review_draft(home: &Sandbox) -> String {
    let draft = read(&repo("tests/fixtures/xiangzhang.toml"));
    home.write("d.toml", format!("{draft}\n[state]\nstep = \"review\"\n"))
}

/// From the review: Ctrl-E (past the reminder of what is unfinished), `tabs` formats on from
/// .txt, Enter, then F9 in the export box.
fn export_and_open_the_send_box(tui: &mut Tui, tabs: usize) {
    tui.wait_text("检查：");
    tui.ctrl('e');
    // What is unfinished is said first: export anyway.
    let screen = tui.wait_for("the export box or the reminder", |s| {
        s.contains("导出前提醒") || s.contains("导出报告")
    });
    if screen.contains("导出前提醒") {
        tui.send("\r");
    }
    tui.wait_text("导出报告");
    tui.send("\t".repeat(tabs));
    tui.send("\r");
    tui.wait_text("已导出：");
    tui.send(F9);
    tui.wait_text(SEND_BOX);
}

/// The one file of this extension in the writer's folder.
fn exported(home: &Sandbox, extension: &str) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(home.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == extension))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

/// The text of the first OSC 52 sequence the program wrote after `opening`, base64 decoded.
fn copied_text(tui: &Tui, opening: &[u8]) -> String {
    let deadline = Instant::now() + patience();
    loop {
        let output = tui.output.lock().unwrap().clone();
        if let Some(at) = find(&output, opening) {
            let rest = &output[at + opening.len()..];
            if let Some(end) = rest.iter().position(|b| *b == 0x07) {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(&rest[..end])
                    .expect("base64");
                return String::from_utf8(bytes).expect("UTF-8");
            }
        }
        assert!(Instant::now() < deadline, "no OSC 52 sequence was written");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rz_in(folder: &Path) -> Command {
    let mut rz = Command::new("rz");
    rz.arg("--binary").current_dir(folder);
    rz
}

#[test]
fn zmodem_brings_the_exported_docx_to_the_writers_computer_byte_for_byte() {
    let home = Sandbox::new();
    let draft = review_draft(&home);
    let mut tui = Tui::spawn(&home, &["open", &draft], 80, 24);
    export_and_open_the_send_box(&mut tui, 2);
    // The whole frame, not one caught half drawn.
    tui.settled_cursor(SEND_BOX);
    let before = tui.screen();
    assert!(before.contains("Z：用 ZMODEM 发送"), "{before}");
    tui.send("z");
    let computer = tempfile::tempdir().unwrap();
    let status = tui.zmodem_peer(ZRQINIT, rz_in(computer.path()));
    assert!(status.success(), "rz: {status}");
    let after = tui.wait_text("已用 ZMODEM 发送");
    // The end of the transfer the terminal sent late was not taken as keys (its `\r` or a
    // letter could start another).
    let transfers = |tui: &Tui| count(&tui.output.lock().unwrap(), "正在用 ZMODEM 发送".as_bytes());
    assert_eq!(transfers(&tui), 1);
    let sent = exported(&home, "docx");
    let received = computer.path().join(sent.file_name().unwrap());
    assert_eq!(
        std::fs::read(&received).expect("rz wrote the file"),
        std::fs::read(&sent).unwrap()
    );
    // The screen is whole again: nothing of the transfer is left on it, and the box opened
    // afresh is cell for cell what it was before (a cell the transfer spoiled and the wizard
    // did not draw again would differ; blank cells may have been cleared rather than written).
    assert!(!after.contains("B00") && !after.contains("**"), "{after}");
    tui.send("\x1b");
    tui.wait_for("the box closed", |s| !s.contains(SEND_BOX));
    tui.send(F9);
    let trimmed = |s: &str| s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    let before = trimmed(&before);
    tui.wait_for("the box as before", |s| trimmed(s) == before);
    assert_eq!(transfers(&tui), 1);
    tui.quit();
}

#[test]
fn a_cancelled_transfer_says_so_and_loses_nothing() {
    let home = Sandbox::new();
    let draft = review_draft(&home);
    let report = home.run(&["render", &draft]).stdout;
    let mut tui = Tui::spawn(&home, &["open", &draft], 80, 24);
    export_and_open_the_send_box(&mut tui, 2);
    let written = std::fs::read(exported(&home, "docx")).unwrap();
    tui.send("z");
    tui.wait_output("sz starting", ZRQINIT);
    // The terminal cancels, as five Ctrl-X do, and then sends what a late terminal might: the
    // end of a transfer, and a Z.
    tui.send([&[0x18u8; 10][..], &[0x08u8; 10][..]].concat());
    tui.send(b"**\x18B0800000000022d\r\x8azz");
    tui.wait_text("没有发送成功");
    let transfers = count(&tui.output.lock().unwrap(), "正在用 ZMODEM 发送".as_bytes());
    assert_eq!(transfers, 1, "{}", tui.screen());
    assert_eq!(std::fs::read(exported(&home, "docx")).unwrap(), written);
    tui.send("\x1b");
    tui.wait_for("the review again", |s| !s.contains(SEND_BOX));
    tui.quit();
    assert_eq!(home.run(&["render", &draft]).stdout, report);
}

#[test]
fn the_copied_text_is_the_report_exactly() {
    let home = Sandbox::new();
    let draft = review_draft(&home);
    let mut tui = Tui::spawn(&home, &["open", &draft], 80, 24);
    export_and_open_the_send_box(&mut tui, 0);
    tui.send("c");
    let text = copied_text(&tui, b"\x1b]52;c;");
    assert_eq!(text, read(&exported(&home, "txt")));
    tui.wait_text("已把全文发给终端复制");
    tui.quit();
}

#[test]
fn inside_tmux_the_copy_is_wrapped_for_it_and_zmodem_is_explained_away() {
    let home = Sandbox::new();
    let draft = review_draft(&home);
    let tmux = [("TMUX", "/tmp/tmux-1000/default,4242,0")];
    let mut tui = Tui::spawn_with(&home, &["open", &draft], 80, 24, &tmux);
    export_and_open_the_send_box(&mut tui, 0);
    let screen = tui.screen();
    assert!(
        screen.contains("ZMODEM 不可用：正在 tmux 中运行"),
        "{screen}"
    );
    tui.send("c");
    let text = copied_text(&tui, b"\x1bPtmux;\x1b\x1b]52;c;");
    assert_eq!(text, read(&exported(&home, "txt")));
    // Pressing Z only says why not.
    tui.send("z");
    tui.wait_text("传不过 tmux");
    tui.quit();
}

#[test]
fn render_send_prints_the_exact_scp_line_for_the_ssh_connection() {
    let home = Sandbox::new();
    let draft = review_draft(&home);
    std::fs::create_dir(home.path("述职 材料")).unwrap();
    let out = "述职 材料/王建国 2026年度报告.docx";
    let run = home
        .command(&["render", &draft, "-o", out, "--send"])
        .env("SSH_CONNECTION", "10.0.8.21 52144 10.1.2.3 22")
        .output()
        .unwrap();
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let user = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout).unwrap();
    let path = home.path(out);
    let line = format!("scp {}@10.1.2.3:'{}' .", user.trim(), path.display());
    assert!(stderr.contains(&line), "{line}\nnot in:\n{stderr}");
    assert!(
        stderr.contains(&format!(
            "sftp {}@10.1.2.3:'{}'",
            user.trim(),
            path.display()
        )),
        "{stderr}"
    );
    // Not on a terminal, so no ZMODEM: said, not tried.
    assert!(stderr.contains("没有用 ZMODEM 发送"), "{stderr}");
}

#[test]
fn last_years_report_sent_from_the_writers_computer_fills_the_import_box() {
    let home = Sandbox::new();
    let computer = tempfile::tempdir().unwrap();
    let report = computer.path().join("2025年述职报告.txt");
    std::fs::copy(repo("tests/fixtures/xiangzhang.txt"), &report).unwrap();
    let mut tui = Tui::spawn(&home, &[], 80, 24);
    tui.wait_text("新建一份");
    tui.send("\x1b[F"); // End
    tui.wait_text("▸ 从已有报告导入");
    tui.send("\r");
    tui.wait_text("去年的报告");
    tui.send(F9);
    let mut sz = Command::new("sz");
    sz.arg("--binary").arg(&report);
    let status = tui.zmodem_peer(ZRINIT, sz);
    assert!(status.success(), "sz: {status}");
    tui.wait_text("2025年述职报告.txt");
    let arrived = home.path("data/shuzhi/drafts/2025年述职报告.txt");
    assert_eq!(
        std::fs::read(&arrived).unwrap(),
        std::fs::read(&report).unwrap()
    );
    tui.send("\r");
    tui.wait_text("导入对照");
    tui.quit();
}

#[test]
fn inside_tmux_the_import_box_says_where_to_upload_instead() {
    let home = Sandbox::new();
    let tmux = [("TMUX", "/tmp/tmux-1000/default,4242,0")];
    let mut tui = Tui::spawn_with(&home, &[], 80, 24, &tmux);
    tui.wait_text("新建一份");
    tui.send("\x1b[F");
    tui.wait_text("▸ 从已有报告导入");
    tui.send("\r");
    tui.wait_text("去年的报告");
    tui.send(F9);
    let screen = tui.wait_text("请把旧报告传到草稿文件夹");
    assert!(screen.contains("scp 去年的报告.docx"), "{screen}");
    tui.quit();
}

#[test]
fn render_send_on_a_terminal_sends_the_file_by_zmodem() {
    let home = Sandbox::new();
    let draft = review_draft(&home);
    let tui = Tui::spawn(
        &home,
        &["render", &draft, "-o", "述职 报告.docx", "--send"],
        80,
        24,
    );
    let computer = tempfile::tempdir().unwrap();
    let status = tui.zmodem_peer(ZRQINIT, rz_in(computer.path()));
    assert!(status.success(), "rz: {status}");
    let screen = tui.wait_text("已用 ZMODEM 发送");
    assert!(screen.contains("scp "), "{screen}");
    assert_eq!(
        std::fs::read(computer.path().join("述职 报告.docx")).expect("rz wrote the file"),
        std::fs::read(home.path("述职 报告.docx")).unwrap()
    );
}
