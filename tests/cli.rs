//! The `shuzhi` binary as a user or a script runs it: output, files written, exit codes and the
//! messages for bad input. Each test runs with its own empty configuration folder.

mod common;

use common::{Run, Sandbox, repo};

const FIXTURE: &str = "tests/fixtures/xiangzhang.toml";
const EXPECTED_TXT: &str = "tests/fixtures/xiangzhang.txt";

impl Sandbox {
    /// The sample draft, as `draft.toml`.
    fn fixture(&self) -> String {
        self.write("draft.toml", std::fs::read(repo(FIXTURE)).unwrap())
    }
}

fn fixture_text() -> String {
    std::fs::read_to_string(repo(FIXTURE)).unwrap()
}

// ---- render ----

#[test]
fn sample_draft_renders_exactly_the_expected_report() {
    let s = Sandbox::new();
    let draft = s.fixture();
    let run = s.run(&["render", &draft, "-o", "report.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(s.path("report.txt")).unwrap();
    assert_eq!(
        written,
        std::fs::read_to_string(repo(EXPECTED_TXT)).unwrap()
    );
}

#[test]
fn render_to_stdout_is_the_same_txt() {
    let s = Sandbox::new();
    let draft = s.fixture();
    let expected = std::fs::read_to_string(repo(EXPECTED_TXT)).unwrap();
    assert_eq!(s.run(&["render", &draft, "-o", "-"]).stdout, expected);
    assert_eq!(s.run(&["render", &draft]).stdout, expected);
}

#[test]
fn render_warns_on_stderr_with_the_count_of_places_to_fill() {
    let s = Sandbox::new();
    let draft = s.fixture();
    let run = s.run(&["render", &draft]);
    assert!(
        run.stderr.contains("1 处待填写的 {…}、4 处 `*` 标记"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("警告"));
}

#[test]
fn markdown_has_hash_title_and_double_hash_headings() {
    let s = Sandbox::new();
    let draft = s.fixture();
    assert_eq!(s.run(&["render", &draft, "-o", "report.md"]).code, 0);
    let md = std::fs::read_to_string(s.path("report.md")).unwrap();
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "# 2025年度述职述德述廉述法报告（德能勤绩廉）");
    let headings: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("## "))
        .copied()
        .collect();
    assert_eq!(headings.len(), 4);
    assert!(headings[1].starts_with("## 二、"));
    assert!(
        md.contains("早稻播种面积\\*亩"),
        "the figure marker is escaped"
    );
    // Every paragraph of the txt is in the md, in order.
    let txt = std::fs::read_to_string(repo(EXPECTED_TXT)).unwrap();
    let body: Vec<&str> = lines[1..]
        .iter()
        .filter(|l| !l.is_empty())
        .copied()
        .collect();
    let txt_body = txt.lines().skip(2).filter(|l| !l.is_empty());
    for (md_line, txt_line) in body.iter().zip(txt_body) {
        assert_eq!(
            md_line.trim_start_matches("## ").replace('\\', ""),
            txt_line
        );
    }
}

#[test]
fn format_flag_overrides_the_extension() {
    let s = Sandbox::new();
    let draft = s.fixture();
    assert_eq!(
        s.run(&["render", &draft, "-f", "md", "-o", "out.txt"]).code,
        0
    );
    assert!(
        std::fs::read_to_string(s.path("out.txt"))
            .unwrap()
            .starts_with("# ")
    );
    assert!(
        s.run(&["render", &draft, "-f", "md"])
            .stdout
            .starts_with("# ")
    );
}

#[test]
fn unknown_extension_without_format_is_refused() {
    let s = Sandbox::new();
    let draft = s.fixture();
    let run = s.run(&["render", &draft, "-o", "report.pdf"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("-f txt"), "{}", run.stderr);
    assert!(!s.path("report.pdf").exists());
}

#[test]
fn render_never_overwrites_without_force() {
    let s = Sandbox::new();
    let draft = s.fixture();
    s.write("report.txt", "去年的报告");
    let run = s.run(&["render", &draft, "-o", "report.txt"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("已存在") && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(s.path("report.txt")).unwrap(),
        "去年的报告"
    );

    assert_eq!(
        s.run(&["render", &draft, "-o", "report.txt", "--force"])
            .code,
        0
    );
    assert!(
        std::fs::read_to_string(s.path("report.txt"))
            .unwrap()
            .starts_with("2025年度")
    );
}

#[test]
fn render_into_a_missing_folder_says_so() {
    let s = Sandbox::new();
    let draft = s.fixture();
    let run = s.run(&["render", &draft, "-o", "没有的文件夹/report.txt"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("错误：写入 `没有的文件夹/report.txt` 失败：文件夹不存在\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_tilde_the_shell_left_alone_is_the_home_folder() {
    let s = Sandbox::new();
    let draft = s.fixture();
    std::fs::create_dir(s.path("别处")).unwrap();
    let out = s
        .command(&["render", &format!("../{draft}"), "--output=~/报告.txt"])
        .current_dir(s.path("别处"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(s.read("报告.txt").contains("述职"));
    assert!(!s.path("别处/~").exists());
}

// ---- check ----

#[test]
fn check_lists_each_problem_with_part_paragraph_and_context_then_counts() {
    let s = Sandbox::new();
    let draft = s.fixture();
    let run = s.run(&["check", &draft]);
    assert_eq!(run.code, 1);
    let out = &run.stdout;
    assert!(out.contains("发现 6 个问题"), "{out}");
    assert!(
        out.contains("「能勤绩」（duty）第 2 段：待填写的数字 `*`"),
        "{out}"
    );
    assert!(
        out.contains("…亩，其中完成早稻播种面积*亩，粮食总产量1.52万…"),
        "{out}"
    );
    assert!(out.contains("待填写 `{具体项目名称}`"), "{out}");
    assert!(
        out.contains("「意识形态」（ideology）：这一部分还没有内容"),
        "{out}"
    );
    assert!(out.contains("合计"), "{out}");
    let total_line = out
        .lines()
        .find(|l| l.trim_start().starts_with("合计"))
        .unwrap();
    assert!(
        total_line.contains("3969") && total_line.contains("上限 5000"),
        "{total_line}"
    );
}

#[test]
fn check_of_a_clean_draft_exits_zero() {
    let s = Sandbox::new();
    let clean = fixture_text()
        .replace("{具体项目名称}", "县城污水处理厂二期")
        .replace("**%", "12%")
        .replace("***人", "560人")
        .replace("*亩", "8000亩")
        .replace("*天", "180天")
        .replace(
            "[sections.ideology]\ntext = \"\"",
            "[sections.ideology]\ntext = \"落实意识形态工作责任制。\"",
        );
    let draft = s.write("clean.toml", clean);
    let run = s.run(&["check", &draft]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("没有发现问题"));
}

#[test]
fn check_lists_punctuation_slips_in_place_and_exits_one() {
    let s = Sandbox::new();
    let text = fixture_text()
        .replace("乡党委的坚强领导下，", "乡党委的坚强领导下,")
        .replace("坚定理想信念，不断", "坚定理想信念,不断")
        .replace("三是锤炼过硬作风", "四是锤炼过硬作风");
    let draft = s.write("slips.toml", text);
    let run = s.run(&["check", &draft]);
    assert_eq!(run.code, 1);
    let out = &run.stdout;
    assert!(out.contains("发现 9 个问题"), "{out}");
    assert!(
        out.contains("「开头」（opening）第 1 段：中文中应使用全角“，”"),
        "{out}"
    );
    assert!(
        out.contains("…政府和乡党委的坚强领导下,在乡人大的依法监督和大力…"),
        "{out}"
    );
    assert!(
        out.contains("「德·学习」（study）标题：中文中应使用全角“，”"),
        "{out}"
    );
    assert!(
        out.contains("「结尾」（closing）第 2 段：序号跳过了“三是”"),
        "{out}"
    );
}

#[test]
fn check_reports_required_fields_and_the_length_limit() {
    let s = Sandbox::new();
    let text = fixture_text().replace("\"职务\" = \"乡长\"", "\"职务\" = \"\"");
    let long = "全面推进各项工作。".repeat(700);
    let text = text.replace(
        "[sections.ideology]\ntext = \"\"",
        &format!("[sections.ideology]\ntext = \"{long}\""),
    );
    let draft = s.write("long.toml", text);
    let run = s.run(&["check", &draft]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("必填的「职务」还是空的"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("超过了模板的上限 5000 字"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_of_an_unreadable_draft_exits_two() {
    let s = Sandbox::new();
    assert_eq!(s.run(&["check", "没有这个文件.toml"]).code, 2);
}

// ---- bad input: one clear message, file:line:col, exit 2, never a panic ----

fn bad_draft(text: impl AsRef<[u8]>) -> Run {
    let s = Sandbox::new();
    let draft = s.write("bad.toml", text);
    let run = s.run(&["render", &draft]);
    assert_eq!(run.code, 2, "stdout: {} stderr: {}", run.stdout, run.stderr);
    assert!(run.stderr.starts_with("错误："), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    run
}

#[test]
fn bad_toml_points_at_the_spot() {
    let run = bad_draft("format = 1\ntemplate = \"dnqjl\n");
    assert!(run.stderr.contains("--> bad.toml:2:"), "{}", run.stderr);
    assert!(run.stderr.contains("提示："), "{}", run.stderr);
}

#[test]
fn unknown_key_is_named_with_its_line_and_a_suggestion() {
    let run = bad_draft(fixture_text().replace("heading = \"坚定", "heding = \"坚定"));
    assert!(run.stderr.contains("未知的键 `heding`"), "{}", run.stderr);
    assert!(run.stderr.contains("--> bad.toml:17:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("是否想写 `heading`？"),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_template_is_named() {
    let run = bad_draft(fixture_text().replace("template = \"dnqjl\"", "template = \"dnjql\""));
    assert!(
        run.stderr.contains("没有 id 为 `dnjql` 的模板"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> bad.toml:2:12"), "{}", run.stderr);
}

#[test]
fn new_with_a_mistyped_template_suggests_the_same_as_templates() {
    let s = Sandbox::new();
    let new = s.run(&["new", "-t", "dnqj", "x.toml"]);
    let templates = s.run(&["templates", "dnqj"]);
    assert_eq!(new.code, 2, "{}", new.stderr);
    assert!(
        new.stderr.contains("没有 id 为 `dnqj` 的模板"),
        "{}",
        new.stderr
    );
    assert!(new.stderr.contains("是否想写 `dnqjl`？"), "{}", new.stderr);
    assert_eq!(new.stderr, templates.stderr);
    assert!(!s.path("x.toml").exists(), "no draft is made");
}

#[test]
fn unknown_part_is_named() {
    let run = bad_draft(fixture_text().replace("[sections.law]", "[sections.fazhi]"));
    assert!(run.stderr.contains("没有部分 `fazhi`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("可用的部分：opening、study"),
        "{}",
        run.stderr
    );
}

#[test]
fn wrong_type_says_what_was_expected() {
    let run = bad_draft(fixture_text().replace("\"年度\" = \"2025\"", "\"年度\" = 2025"));
    assert!(
        run.stderr.contains("写的是整数，应为文字"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> bad.toml:5:"), "{}", run.stderr);
}

#[test]
fn gbk_file_is_named_and_conversion_suggested() {
    let text = fixture_text();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let run = bad_draft(&gbk);
    assert!(run.stderr.contains("GBK"), "{}", run.stderr);
    assert!(run.stderr.contains("iconv"), "{}", run.stderr);
}

#[test]
fn bom_and_crlf_are_accepted() {
    let s = Sandbox::new();
    let text = format!("\u{feff}{}", fixture_text().replace('\n', "\r\n"));
    let draft = s.write("windows.toml", text);
    let run = s.run(&["render", &draft]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        std::fs::read_to_string(repo(EXPECTED_TXT)).unwrap()
    );
}

#[test]
fn missing_file_and_directory_are_clear() {
    let s = Sandbox::new();
    let run = s.run(&["render", "没有.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("找不到文件 `没有.toml`"),
        "{}",
        run.stderr
    );
    let run = s.run(&["check", "."]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("是一个文件夹"), "{}", run.stderr);
}

#[test]
fn control_characters_never_reach_the_output() {
    let s = Sandbox::new();
    let text = fixture_text().replace(
        "坚持把政治理论学习",
        "坚持\\u001b]0;PWNED\\u0007把\\u202e政治\\u0000理论学习",
    );
    let draft = s.write("junk.toml", text);
    let run = s.run(&["render", &draft]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("坚持]0;PWNED把政治理论学习"));
    assert!(!run.stdout.chars().any(|c| c.is_control() && c != '\n'));
    assert!(!run.stdout.contains('\u{202e}'));
}

// ---- configuration and user templates ----

#[test]
fn a_bad_configuration_is_reported_not_ignored() {
    let s = Sandbox::new();
    std::fs::write(
        s.config_dir().join("config.toml"),
        "[docx]\npage_number = \"center\"\n",
    )
    .unwrap();
    let run = s.run(&["templates"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("config.toml:2:1"), "{}", run.stderr);
    assert!(
        run.stderr.contains("是否想写 `page_numbers`？"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_user_template_is_listed_and_usable() {
    let s = Sandbox::new();
    let dir = s.config_dir().join("templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("jianbao.toml"),
        "id = \"jianbao\"\nname = \"工作简报\"\nsummary = \"一页纸的简报\"\ntitle = \"{单位}工作简报\"\n\n[[fields]]\nkey = \"单位\"\nrequired = true\n\n[[parts]]\nid = \"body\"\nstep = \"正文\"\nheading = \"主要工作\"\npoints = \"（一）\"\nbanks = [\"economy\"]\n",
    )
    .unwrap();
    let list = s.run(&["templates"]);
    assert!(
        list.stdout.contains("jianbao") && list.stdout.contains("工作简报"),
        "{}",
        list.stdout
    );
    let draft = s.write("j.toml", "template = \"jianbao\"\n[fields]\n\"单位\" = \"柳溪乡\"\n[sections.body]\ntext = \"\"\"\n1.甲。\n2.乙。\n\"\"\"\n");
    let run = s.run(&["render", &draft]);
    assert_eq!(
        run.stdout,
        "柳溪乡工作简报\n\n一、主要工作\n　　（一）甲。\n　　（二）乙。\n"
    );
}

#[test]
fn system_folders_then_the_users_each_replace_by_id_and_templates_says_from_where() {
    let s = Sandbox::new();
    let template = |id: &str, name: &str| {
        format!(
            "id = \"{id}\"\nname = \"{name}\"\ntitle = \"{{年度}}年度{name}\"\n\n[[fields]]\nkey = \"年度\"\n\n[[parts]]\nid = \"body\"\nstep = \"正文\"\nheading = \"主要工作\"\n"
        )
    };
    let packaged = s.path("usr/share/shuzhi/templates");
    let unit = s.path("etc/shuzhi/templates");
    let user = s.config_dir().join("templates");
    for dir in [&packaged, &unit, &user] {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(
        packaged.join("dnqjl.toml"),
        template("dnqjl", "软件包的述职报告"),
    )
    .unwrap();
    std::fs::write(
        unit.join("dnqjl.toml"),
        template("dnqjl", "本单位的述职报告"),
    )
    .unwrap();
    std::fs::write(
        unit.join("jianbao.toml"),
        template("jianbao", "本单位工作简报"),
    )
    .unwrap();
    std::fs::write(
        user.join("jianbao.toml"),
        template("jianbao", "我的工作简报"),
    )
    .unwrap();
    let system = format!(
        "{}:{}",
        s.path("usr/share/shuzhi").display(),
        s.path("etc/shuzhi").display()
    );

    let out = s
        .command(&["templates"])
        .env("SHUZHI_SYSTEM_DIRS", &system)
        .output()
        .unwrap();
    let list = String::from_utf8(out.stdout).unwrap();
    let line = |id: &str| {
        list.lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_else(|| panic!("{id} missing:\n{list}"))
            .to_string()
    };
    let dnqjl = line("dnqjl");
    assert!(dnqjl.contains("本单位的述职报告"), "{dnqjl}");
    assert!(
        dnqjl.contains("etc/shuzhi/templates/dnqjl.toml；覆盖：内置、")
            && dnqjl.contains("usr/share/shuzhi/templates/dnqjl.toml"),
        "{dnqjl}"
    );
    let jianbao = line("jianbao");
    assert!(jianbao.contains("我的工作简报"), "{jianbao}");
    assert!(line("shuze").contains("（内置）"));

    let draft = s.write("d.toml", "template = \"dnqjl\"\n[fields]\n\"年度\" = \"2026\"\n[sections.body]\ntext = \"抓好落实。\"\n");
    let out = s
        .command(&["render", &draft])
        .env("SHUZHI_SYSTEM_DIRS", &system)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "2026年度本单位的述职报告\n\n一、主要工作\n　　抓好落实。\n"
    );
}

// ---- templates and phrases ----

#[test]
fn templates_lists_and_shows_dnqjl() {
    let s = Sandbox::new();
    let list = s.run(&["templates"]);
    assert_eq!(list.code, 0);
    assert!(list.stdout.contains("dnqjl") && list.stdout.contains("述职述德述廉述法报告"));
    let show = s.run(&["templates", "dnqjl"]);
    assert_eq!(show.code, 0);
    let order: Vec<usize> = [
        "opening",
        "study",
        "duty",
        "integrity",
        "law",
        "ideology",
        "closing",
    ]
    .iter()
    .map(|id| {
        show.stdout
            .find(&format!("  {id} "))
            .unwrap_or_else(|| panic!("{id} missing"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "parts in order");
    assert!(show.stdout.contains("姓名（必填）"));
    assert!(show.stdout.contains("素材 "), "phrase counts shown");
    let unknown = s.run(&["templates", "nope"]);
    assert_eq!(unknown.code, 2);
}

#[test]
fn phrases_prints_one_match_per_line() {
    let s = Sandbox::new();
    let run = s.run(&["phrases", "--part", "integrity", "八项规定"]);
    assert_eq!(run.code, 0);
    // Matches are phrases of the part, and every phrase of the part that says it is among them
    // (a phrase may also match by its topic).
    let of_part = s.run(&["phrases", "--part", "integrity"]).stdout;
    let found: Vec<&str> = run.stdout.lines().collect();
    assert!(!found.is_empty() && found.len() < of_part.lines().count());
    assert!(found.iter().all(|l| of_part.lines().any(|p| p == *l)));
    assert!(
        of_part
            .lines()
            .filter(|p| p.contains("八项规定"))
            .all(|p| found.contains(&p))
    );
    let all = s.run(&["phrases"]).stdout.lines().count();
    let dnqjl = s.run(&["phrases", "-t", "dnqjl"]).stdout.lines().count();
    let part = s
        .run(&["phrases", "-t", "dnqjl", "--part", "study"])
        .stdout
        .lines()
        .count();
    assert!(
        all >= dnqjl && dnqjl > part && part >= 20,
        "{all} {dnqjl} {part}"
    );
    let bad = s.run(&["phrases", "--part", "stud"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("是否想写 `study`？"));
}

#[test]
fn phrases_finds_by_pinyin_and_initials_best_first() {
    let s = Sandbox::new();
    for query in ["lianjiezilv", "ljzl"] {
        let run = s.run(&["phrases", query]);
        assert_eq!(run.code, 0);
        let first = run.stdout.lines().next().unwrap_or_default();
        assert!(first.contains("廉洁自律"), "{query}: {}", run.stdout);
    }
}

#[test]
fn help_is_in_chinese() {
    let s = Sandbox::new();
    let help = s.run(&["--help"]);
    assert_eq!(help.code, 0);
    for word in [
        "用法",
        "命令",
        "render",
        "check",
        "templates",
        "phrases",
        "显示帮助",
    ] {
        assert!(help.stdout.contains(word), "{word}: {}", help.stdout);
    }
    for command in ["render", "check", "templates", "phrases"] {
        let sub = s.run(&[command, "--help"]);
        assert_eq!(sub.code, 0);
        assert!(sub.stdout.contains("用法：shuzhi"), "{}", sub.stdout);
        assert!(!sub.stdout.contains("Print help"), "{}", sub.stdout);
    }
}

// ---- every template ----

/// Each built-in template and the name of its sample draft in `tests/fixtures/`.
const SAMPLES: [(&str, &str); 5] = [
    ("dnqjl", "xiangzhang"),
    ("shulian", "shulian"),
    ("shuze", "shuze"),
    ("zongjie", "zongjie"),
    ("duizhao", "duizhao"),
];

#[test]
fn every_template_renders_its_sample_exactly() {
    let s = Sandbox::new();
    for (id, sample) in SAMPLES {
        let text = std::fs::read_to_string(repo(&format!("tests/fixtures/{sample}.toml"))).unwrap();
        assert!(
            text.contains(&format!("template = \"{id}\"")),
            "{sample}.toml is a draft of {id}"
        );
        let draft = s.write(&format!("{sample}.toml"), text);
        let out = format!("{sample}.txt");
        let run = s.run(&["render", &draft, "-o", &out]);
        assert_eq!(run.code, 0, "{id}: {}", run.stderr);
        assert_eq!(
            std::fs::read_to_string(s.path(&out)).unwrap(),
            std::fs::read_to_string(repo(&format!("tests/fixtures/{sample}.txt"))).unwrap(),
            "{id}"
        );
    }
}

#[test]
fn templates_lists_all_five_built_ins_and_shows_each() {
    let s = Sandbox::new();
    let list = s.run(&["templates"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    let listed: Vec<&str> = list
        .stdout
        .lines()
        .filter(|line| line.contains("（内置）"))
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    let ids: Vec<&str> = SAMPLES.iter().map(|(id, _)| *id).collect();
    assert_eq!(listed, ids, "{}", list.stdout);
    for name in [
        "述职述德述廉述法报告",
        "述职述廉报告",
        "述责述廉报告",
        "个人年度工作总结",
        "民主生活会个人对照检查材料",
    ] {
        assert!(list.stdout.contains(name), "{name}: {}", list.stdout);
    }
    for id in ids {
        let show = s.run(&["templates", id]);
        assert_eq!(show.code, 0, "{id}: {}", show.stderr);
        assert!(show.stdout.contains("素材 "), "{id}: {}", show.stdout);
    }
}

// ---- output that cannot be written ----

#[test]
fn output_to_a_full_disk_is_an_error_with_exit_two() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let s = Sandbox::new();
    let draft = s.fixture();
    let commands: [&[&str]; 9] = [
        &["render", &draft],
        &["render", &draft, "-f", "docx"],
        &["phrases"],
        &["templates"],
        &["templates", "dnqjl"],
        &["check", &draft],
        &["--help"],
        &["--version"],
        &["render", "--help"],
    ];
    for args in commands {
        // /dev/full: every write fails with "no space left on device".
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = s.command(args).stdout(full).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("错误：无法写入标准输出：磁盘已满\n"),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("提示："), "{args:?}: {stderr}");
    }
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let s = Sandbox::new();
    let draft = s.fixture();
    for args in [
        &["phrases"][..],
        &["render", &draft, "-f", "docx"],
        &["--help"],
        &["--version"],
    ] {
        // The reading end is gone before a byte is written, as after `| head -1` has its line.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = s.command(args).stdout(writer).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(!stderr.contains("错误"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn docx_is_never_written_to_a_terminal() {
    let s = Sandbox::new();
    let draft = s.fixture();
    let mut tui = common::Tui::spawn(&s, &["render", &draft, "-f", "docx"], 100, 24);
    let status = tui.wait_exit(common::patience()).expect("render ends");
    let out = tui.read_to_end();
    let screen = tui.screen();
    assert_eq!(status.exit_code(), 2, "{screen}");
    assert!(
        screen.contains("不能把 .docx 输出到终端"),
        "the refusal is said:\n{screen}"
    );
    assert!(screen.contains("-o 报告.docx"), "and what to do:\n{screen}");
    assert!(
        !out.windows(2).any(|w| w == b"PK"),
        "no zip bytes reached the terminal"
    );
}

#[test]
fn a_stderr_that_cannot_be_written_never_turns_into_a_panic() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let s = Sandbox::new();
    let draft = s.fixture();
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    // The report is written; the note and the warning about places to fill have nowhere to go.
    let out = s
        .command(&["render", &draft, "-o", "report.txt"])
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(s.path("report.txt").exists());
    // The error message has nowhere to go either; the exit code still says what happened.
    let out = s
        .command(&["check", "没有这个文件.toml"])
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_key_written_twice_is_named_at_its_second_place() {
    let run = bad_draft(
        "format = 1\ntemplate = \"dnqjl\"\n[fields]\n\"年度\" = \"2026\"\n\"年度\" = \"2025\"\n",
    );
    assert!(
        run.stderr
            .starts_with("错误：草稿中有重复的键 `年度`\n --> bad.toml:5:1\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("提示：同一个键只能写一次"),
        "{}",
        run.stderr
    );
}
