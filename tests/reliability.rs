//! Never lose a word: the real binary in a pseudo-terminal, hung up, killed, signalled, crashed,
//! suspended, fed hostile input; then what the writer typed is looked for on disk.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::{Sandbox, Tui, patience, read};

/// The numeric id the wizard runs as in tests that need permissions to hold (root ignores them,
/// and CI runs as root): `nobody`.
const ORDINARY_USER: u32 = 65534;

/// The process must be gone this soon after a hang-up or a signal.
const EXIT_WITHIN: Duration = Duration::from_secs(2);

/// Starts a new draft `d.toml` and goes to its opening part.
fn at_opening(home: &Sandbox) -> Tui {
    let mut tui = Tui::spawn(home, &["new", "d.toml"], 80, 24);
    tui.wait_text("基本信息");
    tui.ctrl('n');
    tui.wait_text("本部分 0 字");
    tui
}

/// The draft and every recovery file beside it, as one text.
fn everything_on_disk(home: &Sandbox) -> String {
    let mut all = read(&home.path("d.toml"));
    for path in recovery_files(home) {
        all.push_str(&read(&path));
    }
    all
}

fn recovery_files(home: &Sandbox) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(home.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains("d.toml.save"))
        .collect();
    found.sort();
    found
}

/// Types `text` and waits until the wizard shows it (so it has been read).
fn type_and_see(tui: &mut Tui, text: &str) {
    tui.type_text(text);
    tui.wait_text(text);
}

#[test]
fn ssh_drop_keeps_every_character_and_the_process_ends() {
    let home = Sandbox::new();
    let mut tui = at_opening(&home);
    let typed = "断线之前刚刚写下的这一句话。";
    type_and_see(&mut tui, typed);
    tui.hang_up();
    assert!(
        tui.wait_exit(EXIT_WITHIN).is_some(),
        "still running after the hang-up"
    );
    assert!(
        everything_on_disk(&home).contains(typed),
        "on disk: {}",
        everything_on_disk(&home)
    );
    assert_eq!(recovery_files(&home).len(), 1);
}

#[test]
fn sigterm_sigquit_and_sigint_keep_every_character() {
    for (signal, name) in [
        (libc::SIGTERM, "TERM"),
        (libc::SIGQUIT, "QUIT"),
        (libc::SIGINT, "INT"),
    ] {
        let home = Sandbox::new();
        let mut tui = at_opening(&home);
        let typed = format!("收到{name}信号之前写的字。");
        type_and_see(&mut tui, &typed);
        tui.signal(signal);
        let status = tui.wait_exit(EXIT_WITHIN);
        assert!(status.is_some(), "SIG{name}: still running");
        assert!(
            everything_on_disk(&home).contains(&typed),
            "SIG{name}: lost"
        );
        // The terminal was given back: bracketed paste and the alternate screen are off.
        let out = String::from_utf8_lossy(&tui.output.lock().unwrap()).into_owned();
        assert!(
            out.contains("\x1b[?2004l") && out.contains("\x1b[?1049l"),
            "SIG{name}"
        );
    }
}

#[test]
fn a_panic_saves_first_and_says_where() {
    let home = Sandbox::new();
    let mut tui = Tui::spawn_with(
        &home,
        &["new", "d.toml"],
        80,
        24,
        &[("SHUZHI_TEST_PANIC", "1")],
    );
    tui.wait_text("基本信息");
    tui.ctrl('n');
    tui.wait_text("本部分 0 字");
    let typed = "出错之前写的字。";
    type_and_see(&mut tui, typed);
    tui.send("\x1b[24~"); // F12: the test-only trigger
    assert!(tui.wait_exit(EXIT_WITHIN).is_some());
    assert!(everything_on_disk(&home).contains(typed));
    let out = String::from_utf8_lossy(&tui.output.lock().unwrap()).into_owned();
    assert!(
        out.contains("你写的内容在"),
        "the writer is told where the text is"
    );
}

#[test]
fn sigkill_after_the_autosave_loses_nothing() {
    let home = Sandbox::new();
    let mut tui = at_opening(&home);
    let typed = "停笔之后进程被强行杀掉。";
    type_and_see(&mut tui, typed);
    // The writer stops; the autosave says so on the status line.
    tui.wait_for("the autosave", |s| {
        s.contains(typed) && s.contains("已保存 ")
    });
    tui.signal(libc::SIGKILL);
    assert!(tui.wait_exit(EXIT_WITHIN).is_some());
    assert!(
        read(&home.path("d.toml")).contains(typed),
        "the autosave wrote the draft itself"
    );
}

#[test]
fn sigkill_while_typing_loses_at_most_the_last_two_seconds() {
    let home = Sandbox::new();
    let mut tui = at_opening(&home);
    // One character every 50 ms for 4 s: a fast typist who never pauses.
    let chars: Vec<char> = "一二三四五六七八九十".chars().cycle().take(80).collect();
    let start = Instant::now();
    for c in &chars {
        tui.type_text(&c.to_string());
        std::thread::sleep(Duration::from_millis(50));
    }
    let typing = start.elapsed();
    tui.signal(libc::SIGKILL);
    assert!(tui.wait_exit(EXIT_WITHIN).is_some());
    let draft = read(&home.path("d.toml"));
    let saved: String = chars.iter().collect();
    let kept = (0..=saved.len())
        .rev()
        .filter(|&n| saved.is_char_boundary(n))
        .find(|&n| draft.contains(&saved[..n]))
        .map_or(0, |n| saved[..n].chars().count());
    let lost = chars.len() - kept;
    let per_second = chars.len() as f64 / typing.as_secs_f64();
    eprintln!(
        "SIGKILL while typing: {lost} of {} characters lost ({per_second:.0}/s)",
        chars.len()
    );
    assert!(
        lost as f64 <= per_second * 2.5,
        "lost {lost} characters, more than ~2 s of typing"
    );
}

#[test]
fn suspend_and_resume_redraw_the_whole_screen_and_typing_goes_on() {
    let home = Sandbox::new();
    let mut tui = at_opening(&home);
    type_and_see(&mut tui, "挂起之前。");
    tui.signal(libc::SIGTSTP);
    let pid = tui.pid();
    let stopped = || {
        read(&PathBuf::from(format!("/proc/{pid}/stat")))
            .split(") ")
            .nth(1)
            .is_some_and(|s| s.starts_with('T'))
    };
    let deadline = Instant::now() + patience();
    while !stopped() {
        assert!(Instant::now() < deadline, "never stopped");
        std::thread::sleep(Duration::from_millis(20));
    }
    tui.signal(libc::SIGCONT);
    tui.wait_for("the screen back", |s| {
        s.contains("挂起之前。") && s.contains("本部分") && s.contains("F1 帮助")
    });
    type_and_see(&mut tui, "恢复之后。");
    tui.quit();
    assert!(read(&home.path("d.toml")).contains("挂起之前。恢复之后。"));
}

#[test]
fn a_recovery_file_is_offered_taken_and_removed_after_the_save() {
    let home = Sandbox::new();
    let mut tui = at_opening(&home);
    let typed = "这句话只在恢复文件里。";
    type_and_see(&mut tui, typed);
    tui.hang_up();
    assert!(tui.wait_exit(EXIT_WITHIN).is_some());
    assert!(
        !read(&home.path("d.toml")).contains(typed),
        "the emergency did not write the draft"
    );
    let listing: Vec<String> = std::fs::read_dir(home.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let out = String::from_utf8_lossy(&tui.output.lock().unwrap()).into_owned();
    assert_eq!(
        recovery_files(&home).len(),
        1,
        "{listing:?} {:?}",
        &out[out.len().saturating_sub(300)..]
    );

    let mut tui = Tui::spawn(&home, &["open", "d.toml"], 80, 24);
    let screen = tui.wait_text("找到恢复文件");
    assert!(screen.contains("不同的部分：开头"), "{screen}");
    tui.send("\r");
    tui.wait_text(typed);
    tui.wait_text("已保存 ");
    tui.quit();
    assert!(read(&home.path("d.toml")).contains(typed));
    assert!(
        recovery_files(&home).is_empty(),
        "removed after the real save"
    );
}

#[test]
fn a_recovery_file_set_aside_is_kept() {
    let home = Sandbox::new();
    let mut tui = at_opening(&home);
    type_and_see(&mut tui, "留着备查。");
    tui.hang_up();
    assert!(tui.wait_exit(EXIT_WITHIN).is_some());
    let mut tui = Tui::spawn(&home, &["open", "d.toml"], 80, 24);
    tui.wait_text("找到恢复文件");
    tui.send("n");
    tui.wait_for("the dialog closed", |s| {
        !s.contains("找到恢复文件") && s.contains("F1 帮助")
    });
    tui.quit();
    assert_eq!(recovery_files(&home).len(), 1);
}

#[test]
fn a_second_window_opens_the_draft_read_only() {
    let home = Sandbox::new();
    let mut first = at_opening(&home);
    type_and_see(&mut first, "第一个窗口。");
    let mut second = Tui::spawn(&home, &["open", "d.toml"], 80, 24);
    let screen = second.wait_text("草稿已在别处打开");
    assert!(screen.contains("仍在运行"), "{screen}");
    assert!(
        !screen.contains("T：接管"),
        "no taking over from a running window"
    );
    second.send("r");
    second.wait_text("只读");
    second.type_text("第二个窗口想写。");
    second.wait_text("只读打开：另一个窗口正在编辑这份草稿");
    second.quit();
    first.quit();
    let draft = read(&home.path("d.toml"));
    assert!(draft.contains("第一个窗口。") && !draft.contains("第二个窗口"));
}

/// The draft open at the opening with text saved, then changed on disk by another editor, more
/// typed, and Ctrl-S: the box that says so is up. Returns the changed file's text.
fn at_a_conflict(home: &Sandbox, tui: &mut Tui) -> String {
    type_and_see(tui, "先写的。");
    tui.ctrl('s');
    tui.wait_text("已保存 ");
    let changed = format!("{}# 在别的编辑器里改过\n", read(&home.path("d.toml")));
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(home.path("d.toml"), &changed).unwrap();
    type_and_see(tui, "后写的。");
    tui.ctrl('s');
    tui.wait_text("草稿在别处被修改过");
    changed
}

#[test]
fn a_draft_changed_on_disk_is_never_overwritten_silently() {
    let home = Sandbox::new();
    let mut tui = at_opening(&home);
    let changed = at_a_conflict(&home, &mut tui);
    assert_eq!(read(&home.path("d.toml")), changed, "not overwritten");
    assert!(
        everything_on_disk(&home).contains("先写的。后写的。"),
        "what was typed is in a recovery file"
    );
    // The box opened by itself: typing goes on into the text, and neither a letter nor the
    // habitual Ctrl-S is taken as the choice.
    tui.type_text("o还在写。");
    tui.wait_text("o还在写。");
    tui.ctrl('s');
    tui.type_text("再写。");
    tui.wait_text("再写。");
    assert_eq!(read(&home.path("d.toml")), changed, "still not overwritten");
    tui.ctrl('o');
    tui.wait_text("已保存 ");
    assert!(
        read(&home.path("d.toml")).contains("先写的。后写的。o还在写。再写。"),
        "overwritten when the writer chose to"
    );
    tui.quit();
}

#[test]
fn what_is_typed_under_the_changed_on_disk_box_survives_a_hang_up_and_a_quit() {
    for leave in ["hang up", "Ctrl-Q"] {
        let home = Sandbox::new();
        let mut tui = at_opening(&home);
        let changed = at_a_conflict(&home, &mut tui);
        let typed = "框下接着写的一句。";
        type_and_see(&mut tui, typed);
        if leave == "hang up" {
            tui.hang_up();
        } else {
            tui.ctrl('q');
        }
        assert!(
            tui.wait_exit(EXIT_WITHIN).is_some(),
            "{leave}: still running"
        );
        assert_eq!(
            read(&home.path("d.toml")),
            changed,
            "{leave}: draft left as changed"
        );
        assert!(
            recovery_files(&home)
                .iter()
                .any(|p| read(p).contains(&format!("先写的。后写的。{typed}"))),
            "{leave}: not in a recovery file: {}",
            everything_on_disk(&home)
        );
    }
}

#[test]
fn hostile_pastes_are_sanitized_everywhere() {
    let home = Sandbox::new();
    let mut tui = at_opening(&home);
    // ESC, BEL, an OSC title, a screen clear, a bidi override, NUL, and an embedded end of paste
    // after which the rest arrives as keystrokes.
    tui.paste("甲\x1b]0;PWNED\x07乙\x1b[2J丙\u{202e}丁\0戊\x1b[201~己");
    tui.wait_text("己");
    tui.ctrl('s');
    tui.wait_text("已保存 ");
    tui.quit();
    let out = tui.output.lock().unwrap().clone();
    let out = String::from_utf8_lossy(&out);
    assert!(
        !out.contains("\x1b]0;PWNED"),
        "the title sequence never reached the terminal"
    );

    let draft = read(&home.path("d.toml"));
    assert!(draft.contains("甲]0;PWNED乙[2J丙丁戊己"), "{draft}");
    assert!(!draft.chars().any(|c| c.is_control() && c != '\n'));
    for (file, format) in [("r.txt", "txt"), ("r.md", "md"), ("r.docx", "docx")] {
        let run = home.run(&["render", "d.toml", "-o", file]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let bytes = std::fs::read(home.path(file)).unwrap();
        let texts: Vec<String> = if format == "docx" {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            (0..zip.len())
                .map(|i| std::io::read_to_string(zip.by_index(i).unwrap()).unwrap())
                .collect()
        } else {
            vec![String::from_utf8(bytes).unwrap()]
        };
        for text in texts {
            assert!(
                !text.chars().any(
                    |c| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || c == '\u{202e}'
                ),
                "{file} carries a control character"
            );
        }
    }
}

#[test]
fn a_one_megabyte_paste_arrives_whole() {
    let home = Sandbox::new();
    let mut tui = at_opening(&home);
    let line = "全年完成固定资产投资三点二亿元同比增长百分之九点五。";
    let mut text = String::new();
    while text.len() < 1024 * 1024 {
        text.push_str(line);
        text.push('\r');
    }
    tui.paste(&text);
    tui.wait_text("本部分");
    tui.wait_for("the paste counted", |s| !s.contains("本部分 0 字"));
    tui.ctrl('s');
    tui.wait_text("已保存 ");
    tui.quit();
    let draft = read(&home.path("d.toml"));
    assert_eq!(draft.matches(line).count(), text.matches(line).count());
}

#[test]
fn new_drafts_are_private_and_an_unsafe_drafts_folder_is_refused() {
    let home = Sandbox::new();
    let mut tui = Tui::spawn(&home, &["new"], 80, 24);
    tui.wait_text("基本信息");
    tui.quit();
    let folder = home.path("data/shuzhi/drafts");
    assert_eq!(
        std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777,
        0o700
    );
    let draft = std::fs::read_dir(&folder)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert_eq!(
        std::fs::metadata(&draft).unwrap().permissions().mode() & 0o777,
        0o600
    );

    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o777)).unwrap();
    let mut tui = Tui::spawn(&home, &["new"], 80, 24);
    let exit = tui.wait_exit(patience()).expect("refused at once");
    assert_eq!(exit.exit_code(), 2);
    tui.wait_text("其他用户也能写入");
}

#[test]
fn a_recovery_file_of_a_draft_on_a_users_own_template_is_offered_too() {
    let home = Sandbox::new();
    let templates = home.config_dir().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("jianbao.toml"),
        "id = \"jianbao\"\nname = \"工作简报\"\ntitle = \"工作简报\"\n[[parts]]\nid = \"body\"\nstep = \"正文\"\n",
    )
    .unwrap();
    let draft = "template = \"jianbao\"\n[sections.body]\ntext = \"旧的一句。\"\n";
    home.write("d.toml", draft);
    let old = std::time::SystemTime::now() - Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(home.path("d.toml"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    home.write("d.toml.save", draft.replace("旧的一句。", "恢复的一句。"));
    let mut tui = Tui::spawn(&home, &["open", "d.toml"], 80, 24);
    tui.wait_text("找到恢复文件");
    tui.send("\r");
    tui.wait_for("the dialog closed", |s| !s.contains("找到恢复文件"));
    tui.ctrl('n');
    tui.wait_text("恢复的一句。");
    tui.quit();
}

/// The command that runs the wizard as an ordinary user, after giving the sandbox to that user;
/// empty when the tests already run as one. `None` (the test is skipped, saying so) when root
/// has no `setpriv` to drop its rights with.
fn as_ordinary_user(home: &Sandbox) -> Option<Vec<String>> {
    // SAFETY: geteuid(2) has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return Some(Vec::new());
    }
    let has_setpriv = std::process::Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_setpriv {
        eprintln!("skipped: running as root and setpriv(1) is missing, permissions cannot hold");
        return None;
    }
    give_to_ordinary_user(home.dir.path());
    Some(
        [
            "setpriv".to_string(),
            format!("--reuid={ORDINARY_USER}"),
            format!("--regid={ORDINARY_USER}"),
            "--clear-groups".to_string(),
        ]
        .to_vec(),
    )
}

fn give_to_ordinary_user(path: &std::path::Path) {
    std::os::unix::fs::lchown(path, Some(ORDINARY_USER), Some(ORDINARY_USER)).unwrap();
    if path.is_dir() && !path.is_symlink() {
        for entry in std::fs::read_dir(path).unwrap() {
            give_to_ordinary_user(&entry.unwrap().path());
        }
    }
}

fn spawn_as(home: &Sandbox, wrapper: &[String], args: &[&str]) -> Tui {
    let wrapper: Vec<&str> = wrapper.iter().map(String::as_str).collect();
    Tui::spawn_wrapped(home, &wrapper, args, 100, 24, &[])
}

fn chmod(path: &std::path::Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Every recovery file under `folder`, however deep.
fn recovery_files_under(folder: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return out;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            out.extend(recovery_files_under(&path));
        } else if path.to_string_lossy().contains(".save") {
            out.push(path);
        }
    }
    out
}

/// A draft `文稿/d.toml` opened at its opening part by the ordinary user, with `saved` typed and
/// saved; the drafts folder made, as it is for anyone who has used shuzhi before.
fn open_in_subfolder(home: &Sandbox, wrapper: &[String], saved: &str) -> Tui {
    std::fs::create_dir_all(home.path("data/shuzhi/drafts")).unwrap();
    chmod(&home.path("data/shuzhi/drafts"), 0o700);
    std::fs::create_dir(home.path("文稿")).unwrap();
    chmod(&home.path("文稿"), 0o700);
    give_to_ordinary_user(home.dir.path());
    let mut tui = spawn_as(home, wrapper, &["new", "文稿/d.toml"]);
    tui.wait_text("基本信息");
    tui.ctrl('n');
    tui.wait_text("本部分 0 字");
    type_and_see(&mut tui, saved);
    tui.ctrl('s');
    tui.wait_for("saved", |s| s.contains("已保存 ") && !s.contains("未保存"));
    tui
}

#[test]
fn ctrl_q_after_a_failed_save_writes_a_recovery_file_and_says_where() {
    for how in ["chmod 500", "renamed"] {
        let home = Sandbox::new();
        let Some(user) = as_ordinary_user(&home) else {
            return;
        };
        let mut tui = open_in_subfolder(&home, &user, "先存下的。");
        match how {
            "chmod 500" => chmod(&home.path("文稿"), 0o500),
            _ => std::fs::rename(home.path("文稿"), home.path("文稿-改名")).unwrap(),
        }
        let typed = "存不下之后写的字。";
        type_and_see(&mut tui, typed);
        tui.ctrl('s');
        let screen = tui.wait_text("保存失败：");
        let cause = if how == "renamed" {
            "所在文件夹已不存在"
        } else {
            "所在文件夹没有写权限"
        };
        assert!(screen.contains(cause), "{how}: the cause in full: {screen}");
        tui.ctrl('q');
        assert!(tui.wait_exit(EXIT_WITHIN).is_some(), "{how}: quits");
        let rescued = recovery_files_under(&home.path("data/shuzhi/drafts"));
        assert_eq!(
            rescued.len(),
            1,
            "{how}: one recovery file in the drafts folder"
        );
        assert!(
            read(&rescued[0]).contains(&format!("先存下的。{typed}")),
            "{how}"
        );
        assert_eq!(
            std::fs::metadata(&rescued[0]).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let out = String::from_utf8_lossy(&tui.output.lock().unwrap()).into_owned();
        let name = rescued[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(out.contains(&name), "{how}: the writer is told where");
    }
}

#[test]
fn ctrl_q_with_nowhere_to_write_keeps_the_wizard_open_and_says_so() {
    let home = Sandbox::new();
    let Some(user) = as_ordinary_user(&home) else {
        return;
    };
    let mut tui = open_in_subfolder(&home, &user, "先存下的。");
    // Neither the draft's folder, nor the drafts folder, nor anywhere in the home (where the
    // state folder would be made) can be written.
    for folder in ["文稿", "data/shuzhi/drafts", ""] {
        chmod(&home.path(folder), 0o500);
    }
    let typed = "无处可存的一句。";
    type_and_see(&mut tui, typed);
    tui.ctrl('q');
    tui.wait_text(
        "保存失败，恢复文件也无处可写，不能退出：请腾出磁盘空间或改回文件夹权限后按 Ctrl-S",
    );
    assert!(
        tui.wait_exit(Duration::from_millis(500)).is_none(),
        "still open"
    );
    for folder in ["文稿", "data/shuzhi/drafts", ""] {
        chmod(&home.path(folder), 0o700);
    }
    tui.ctrl('s');
    tui.wait_for("saved", |s| {
        s.contains("已保存 ") && !s.contains("保存失败")
    });
    tui.ctrl('q');
    assert!(tui.wait_exit(EXIT_WITHIN).is_some());
    assert!(read(&home.path("文稿/d.toml")).contains(&format!("先存下的。{typed}")));
}

#[test]
fn sigterm_while_the_folder_cannot_be_written_goes_to_the_drafts_folder() {
    let home = Sandbox::new();
    let Some(user) = as_ordinary_user(&home) else {
        return;
    };
    let mut tui = open_in_subfolder(&home, &user, "先存下的。");
    chmod(&home.path("文稿"), 0o500);
    let typed = "终止之前写的字。";
    type_and_see(&mut tui, typed);
    tui.signal(libc::SIGTERM);
    assert!(tui.wait_exit(EXIT_WITHIN).is_some());
    let rescued = recovery_files_under(&home.path("data/shuzhi/drafts"));
    assert_eq!(rescued.len(), 1, "{rescued:?}");
    assert!(read(&rescued[0]).contains(typed));
    chmod(&home.path("文稿"), 0o700);
}

/// A 1 MB tmpfs mounted at `folder`, or `None` (the test is skipped, saying so) where mounting is
/// not allowed.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(folder: PathBuf) -> Option<SmallDisk> {
        std::fs::create_dir_all(&folder).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs"])
            .arg(&folder)
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
            return None;
        }
        Some(SmallDisk(folder))
    }

    /// Fills the disk up to the last byte.
    fn fill(&self) {
        let mut file = std::fs::File::create(self.0.join("填满.bin")).unwrap();
        let block = vec![b'x'; 4096];
        while std::io::Write::write_all(&mut file, &block).is_ok() {}
        let _ = std::io::Write::write_all(&mut file, b"x");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .output();
    }
}

#[test]
fn sighup_and_sigterm_on_a_full_disk_keep_every_character() {
    for signal in [libc::SIGHUP, libc::SIGTERM] {
        let home = Sandbox::new();
        let Some(user) = as_ordinary_user(&home) else {
            return;
        };
        let Some(disk) = SmallDisk::mount(home.path("文稿")) else {
            return;
        };
        std::fs::create_dir_all(home.path("data/shuzhi/drafts")).unwrap();
        chmod(&home.path("data/shuzhi/drafts"), 0o700);
        give_to_ordinary_user(home.dir.path());
        let mut tui = spawn_as(&home, &user, &["new", "文稿/d.toml"]);
        tui.wait_text("基本信息");
        tui.ctrl('n');
        tui.wait_text("本部分 0 字");
        disk.fill();
        let typed = "磁盘满了还在写的字。";
        type_and_see(&mut tui, typed);
        tui.signal(signal);
        assert!(tui.wait_exit(EXIT_WITHIN).is_some(), "signal {signal}");
        let rescued = recovery_files_under(&home.path("data/shuzhi/drafts"));
        assert!(
            rescued.iter().any(|p| read(p).contains(typed)),
            "signal {signal}: {rescued:?}"
        );
    }
}

#[test]
fn a_paste_holding_an_end_marker_then_ctrl_q_quits_nothing() {
    let home = Sandbox::new();
    let mut tui = at_opening(&home);
    tui.paste("粘贴的前半。\x1b[201~\x11粘贴的后半。");
    tui.wait_text("粘贴的后半。");
    assert!(
        tui.wait_exit(Duration::from_millis(500)).is_none(),
        "the \\x11 in the paste did not quit"
    );
    tui.ctrl('s');
    tui.wait_text("已保存 ");
    tui.quit();
    assert!(read(&home.path("d.toml")).contains("粘贴的前半。粘贴的后半。"));
}

#[test]
fn open_and_new_refuse_a_folder_other_users_can_write_with_the_chmod_to_run() {
    let home = Sandbox::new();
    std::fs::create_dir(home.path("公共")).unwrap();
    chmod(&home.path("公共"), 0o777);
    std::fs::write(home.path("公共/d.toml"), "template = \"dnqjl\"\n").unwrap();
    for args in [["open", "公共/d.toml"], ["new", "公共/e.toml"]] {
        let run = home.run(&args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains("其他用户也能写入"), "{}", run.stderr);
        assert!(run.stderr.contains("chmod go-w '公共'"), "{}", run.stderr);
    }
    assert!(!home.path("公共/e.toml").exists());
}

#[test]
fn devices_and_fifos_are_refused_at_once() {
    let home = Sandbox::new();
    let fifo = home.path("管道.toml");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid C string; mkfifo(3) only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for input in ["/dev/zero", "/dev/urandom", "管道.toml"] {
        for command in ["check", "open"] {
            let mut child = home
                .command(&[command, input])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            let deadline = Instant::now() + patience();
            let status = loop {
                if let Some(status) = child.try_wait().unwrap() {
                    break status;
                }
                if Instant::now() > deadline {
                    let _ = child.kill();
                    panic!("{command} {input}: still reading");
                }
                std::thread::sleep(Duration::from_millis(20));
            };
            let stderr = std::io::read_to_string(child.stderr.take().unwrap()).unwrap();
            assert_eq!(status.code(), Some(2), "{command} {input}: {stderr}");
            assert!(
                stderr.contains("不是普通文件"),
                "{command} {input}: {stderr}"
            );
        }
    }
}

#[test]
fn saved_drafts_are_0600_and_a_symlinked_draft_keeps_its_link() {
    let home = Sandbox::new();
    let draft = "template = \"dnqjl\"\n";
    home.write("手写.toml", draft);
    chmod(&home.path("手写.toml"), 0o644);
    home.write("真的.toml", draft);
    chmod(&home.path("真的.toml"), 0o644);
    std::os::unix::fs::symlink("真的.toml", home.path("链接.toml")).unwrap();
    for (open, file) in [("手写.toml", "手写.toml"), ("链接.toml", "真的.toml")] {
        let mut tui = Tui::spawn(&home, &["open", open], 80, 24);
        tui.wait_text("基本信息");
        tui.type_text("甲");
        tui.ctrl('s');
        tui.wait_text("已保存 ");
        tui.quit();
        assert_eq!(
            std::fs::metadata(home.path(file))
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o600,
            "{open}"
        );
        let lock = home.path(&format!("{open}.lock"));
        assert!(!lock.exists(), "{open}: the lock is removed on quit");
    }
    assert!(
        std::fs::symlink_metadata(home.path("链接.toml"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn ctrl_o_over_a_draft_changed_on_disk_keeps_a_symlinked_draft_linked_and_private() {
    let home = Sandbox::new();
    home.write("真的.toml", "template = \"dnqjl\"\n");
    std::os::unix::fs::symlink("真的.toml", home.path("链接.toml")).unwrap();
    let mut tui = Tui::spawn(&home, &["open", "链接.toml"], 80, 24);
    tui.wait_text("基本信息");
    tui.type_text("甲");
    tui.ctrl('s');
    tui.wait_text("已保存 ");
    // Another editor writes the real file anew, as editors do: readable by everyone.
    let changed = format!("{}# 在别的编辑器里改过\n", read(&home.path("真的.toml")));
    std::thread::sleep(Duration::from_millis(20));
    std::fs::remove_file(home.path("真的.toml")).unwrap();
    std::fs::write(home.path("真的.toml"), &changed).unwrap();
    chmod(&home.path("真的.toml"), 0o644);
    tui.type_text("乙");
    tui.ctrl('s');
    tui.wait_text("草稿在别处被修改过");
    tui.ctrl('o');
    tui.wait_text("已保存 ");
    tui.quit();
    let real = home.path("真的.toml");
    assert_ne!(read(&real), changed, "Ctrl-O wrote this window's draft");
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the draft is private after Ctrl-O");
    let link = std::fs::symlink_metadata(home.path("链接.toml")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is kept");
}

#[test]
fn a_symlinked_lock_is_never_followed_and_the_neighbours_target_is_untouched() {
    let home = Sandbox::new();
    home.write("d.toml", "template = \"dnqjl\"\n");
    home.write("笔记.txt", "我的笔记，不能被改掉。");
    std::os::unix::fs::symlink(home.path("笔记.txt"), home.path("d.toml.lock")).unwrap();
    let mut tui = Tui::spawn(&home, &["open", "d.toml"], 80, 24);
    tui.wait_exit(patience()).expect("refused");
    tui.wait_text("符号链接");
    assert_eq!(home.read("笔记.txt"), "我的笔记，不能被改掉。");
}

#[test]
fn a_stale_lock_whose_pid_now_runs_another_process_does_not_lock_the_writer_out() {
    let home = Sandbox::new();
    home.write("d.toml", "template = \"dnqjl\"\n");
    // pid 1 runs, but it is not the wizard that wrote this lock: that one started at another
    // time.
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    home.write("d.toml.lock", format!("1 {} 999999999999\n", host.trim()));
    let mut tui = Tui::spawn(&home, &["open", "d.toml"], 80, 24);
    let screen = tui.wait_text("基本信息");
    assert!(!screen.contains("草稿已在别处打开"), "{screen}");
    tui.type_text("接着写。");
    tui.ctrl('s');
    tui.wait_text("已保存 ");
    tui.quit();
    assert!(read(&home.path("d.toml")).contains("接着写。"));
}

/// CPU time (user + system, in clock ticks) process `pid` has used.
fn cpu_ticks(pid: i32) -> u64 {
    let stat = read(&PathBuf::from(format!("/proc/{pid}/stat")));
    let after = &stat[stat.rfind(')').unwrap() + 1..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

#[test]
fn a_hang_up_without_sighup_is_noticed_saved_and_costs_no_cpu_while_idle() {
    let home = Sandbox::new();
    // setsid(1) runs the wizard in a session of its own: the terminal is not its controlling
    // terminal, so closing it sends no SIGHUP, as under nohup or some sshd setups.
    let has_setsid = std::process::Command::new("setsid")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_setsid {
        eprintln!("skipped: setsid(1) is missing");
        return;
    }
    let mut tui = Tui::spawn_wrapped(&home, &["setsid", "-w"], &["new", "d.toml"], 80, 24, &[]);
    tui.wait_text("基本信息");
    tui.ctrl('n');
    tui.wait_text("本部分 0 字");
    let typed = "没有挂断信号也不丢的字。";
    type_and_see(&mut tui, typed);
    let wrapper = tui.pid();
    let children = read(&PathBuf::from(format!(
        "/proc/{wrapper}/task/{wrapper}/children"
    )));
    let wizard: i32 = children.split_whitespace().next().unwrap().parse().unwrap();
    tui.wait_for("the autosave", |s| s.contains("已保存 "));
    let before = cpu_ticks(wizard);
    std::thread::sleep(Duration::from_secs(1));
    let idle = cpu_ticks(wizard) - before;
    eprintln!("idle CPU over one second: {idle} ticks");
    assert!(idle <= 5, "{idle} ticks of CPU in one idle second");
    type_and_see(&mut tui, "再写一句。");
    tui.hang_up();
    // setsid(1), the terminal's session leader, dies of the SIGHUP; the wizard is on its own.
    let stat = PathBuf::from(format!("/proc/{wizard}/stat"));
    let gone = || {
        std::fs::read_to_string(&stat).map_or(true, |s| {
            s.rsplit(") ")
                .next()
                .is_some_and(|rest| rest.starts_with('Z'))
        })
    };
    let deadline = Instant::now() + EXIT_WITHIN;
    while !gone() {
        assert!(Instant::now() < deadline, "still running after the hang-up");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(everything_on_disk(&home).contains(&format!("{typed}再写一句。")));
}
