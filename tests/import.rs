//! `shuzhi import` as a writer runs it: last year's report (rendered by shuzhi, written by hand,
//! or saved by LibreOffice) in, a draft out that renders to the same report; bad input refused
//! with exit 2 and nothing written. Each test runs in its own folder with its own empty
//! configuration. The LibreOffice tests are skipped, saying so, where `soffice` is missing, and
//! fail under CI (the `CI` variable set), where `.ci/run` installs it.

use std::io::Write;

use std::process::Command;

mod common;

use common::{Run, Sandbox, repo};

const TEMPLATES: &[(&str, &str)] = &[
    ("xiangzhang", "dnqjl"),
    ("shulian", "shulian"),
    ("shuze", "shuze"),
    ("zongjie", "zongjie"),
    ("duizhao", "duizhao"),
];

impl Sandbox {
    /// Runs and expects success.
    fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(run.code, 0, "shuzhi {args:?}: {}", run.stderr);
        run
    }

    /// The fixture draft `name` copied in as `NAME.toml`, and its report as `NAME.txt`.
    fn fixture(&self, name: &str) -> String {
        let draft = format!("{name}.toml");
        self.write(
            &draft,
            std::fs::read(repo(&format!("tests/fixtures/{draft}"))).unwrap(),
        );
        self.ok(&["render", &draft, "-o", &format!("{name}.txt")]);
        format!("{name}.txt")
    }

    /// `shuzhi import OLD DRAFT`, then the draft rendered back as text.
    fn import_and_render(&self, old: &str, draft: &str, extra: &[&str]) -> (Run, String) {
        let mut args = vec!["import", old, draft];
        args.extend(extra);
        let run = self.ok(&args);
        let out = self.ok(&["render", draft]).stdout;
        (run, out)
    }

    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

// ---- round trip ----

#[test]
fn every_template_rendered_as_txt_md_and_docx_imports_back_to_the_same_report() {
    for (name, template) in TEMPLATES {
        let s = Sandbox::new();
        let txt = s.fixture(name);
        let expected = s.read(&txt);
        for ext in ["txt", "md", "docx"] {
            let old = format!("old.{ext}");
            s.ok(&["render", &format!("{name}.toml"), "-o", &old]);
            let draft = format!("from-{ext}.toml");
            let (run, again) = s.import_and_render(&old, &draft, &[]);
            assert_eq!(again, expected, "{name} via .{ext}\n{}", run.stderr);
            assert!(
                s.read(&draft)
                    .contains(&format!("template = \"{template}\"")),
                "{name} via .{ext}: the template is recognised from the title"
            );
        }
    }
}

#[test]
fn the_draft_goes_next_to_the_report_and_the_writer_is_told_what_happened() {
    let s = Sandbox::new();
    s.fixture("shulian");
    s.ok(&["render", "shulian.toml", "-o", "去年.docx"]);
    let run = s.ok(&["import", "去年.docx"]);
    assert!(s.path("去年.toml").exists());
    for said in [
        "模板：shulian",
        "按标题认出",
        "一、履职尽责，扎实推进分管各项工作 → 「",
        "结尾 → 「结尾」（closing），1 段 ",
        "字：最后一部分各条之后的段落",
        "shuzhi open 去年.toml",
    ] {
        assert!(run.stderr.contains(said), "{said}: {}", run.stderr);
    }
    assert_eq!(run.stdout, "");
}

#[test]
fn a_docx_saved_by_libreoffice_from_the_txt_imports_to_the_same_report() {
    if !common::tools_installed(
        "a_docx_saved_by_libreoffice_from_the_txt_imports_to_the_same_report",
        &["soffice"],
        "LibreOffice; `.ci/run` installs it",
    ) {
        return;
    }
    let s = Sandbox::new();
    let txt = s.fixture("xiangzhang");
    let docx = libreoffice_docx(&s, &txt);
    let (_, again) = s.import_and_render(&docx, "lo.toml", &[]);
    assert_eq!(again, s.read(&txt));
}

// ---- real reports (tests/fixtures/import) ----

/// The fixture report `name` copied in under the same name.
fn real_report(s: &Sandbox, name: &str) -> String {
    s.write(
        name,
        std::fs::read(repo(&format!("tests/fixtures/import/{name}"))).unwrap(),
    )
}

/// The non-empty lines of a text, trimmed.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// `OLD` (in the sandbox) converted to .docx by LibreOffice, as `lo/NAME.docx`.
fn libreoffice_docx(s: &Sandbox, old: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--infilter=Text (encoded):UTF8,LF,,,",
            "--convert-to",
            "docx",
            "--outdir",
            "lo",
            old,
        ])
        .current_dir(s.dir.path())
        .output()
        .unwrap();
    let docx = format!(
        "lo/{}.docx",
        old.rsplit_once('.').map_or(old, |(stem, _)| stem)
    );
    assert!(
        s.path(&docx).exists(),
        "soffice: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    docx
}

/// The real report's shape: a title with the post in it, a name line, an opening, five parts
/// of three or four points (三 to 五 indented with full-width spaces, as pasted from Word), a
/// closing and a signature.
const REAL: &str = "nongye-dnqjl.txt";

fn assert_real_report_round_trips(s: &Sandbox, old: &str, draft: &str) {
    let (run, out) = s.import_and_render(old, draft, &[]);
    let original = s.read(REAL);
    // The name line comes back as the writer had it, from the fields; the signature does not
    // (a 述职述德述廉述法报告 is not signed: its template has none).
    let signature = ["张伟", "2025年12月20日"];
    let expected: Vec<String> = lines(&original)
        .into_iter()
        .filter(|l| !signature.contains(&l.as_str()))
        .collect();
    assert_eq!(lines(&out), expected, "{old}: {}", run.stderr);
    // Every heading is a heading: in the Markdown each is a `##` line.
    let md = s.ok(&["render", draft, "-f", "md"]).stdout;
    let headings: Vec<&str> = md.lines().filter_map(|l| l.strip_prefix("## ")).collect();
    let want: Vec<&str> = original
        .lines()
        .map(|l| l.trim())
        .filter(|l| {
            ["一、", "二、", "三、", "四、", "五、"]
                .iter()
                .any(|n| l.starts_with(n))
        })
        .collect();
    assert_eq!(headings, want, "{old}");
    let toml = s.read(draft);
    for field in [
        "\"姓名\" = \"张伟\"",
        "\"职务\" = \"副局长\"",
        "\"单位\" = \"青山县农业农村局\"",
    ] {
        assert!(toml.contains(field), "{old}: {field} in\n{toml}");
    }
    assert!(
        run.stderr.contains("日期“2025年12月20日”没有放进草稿"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_real_reports_shape_as_txt_and_md_round_trips_with_every_heading_a_heading() {
    let s = Sandbox::new();
    real_report(&s, REAL);
    assert_real_report_round_trips(&s, REAL, "txt.toml");
    let md = real_report(&s, "nongye-dnqjl.md");
    assert_real_report_round_trips(&s, &md, "md.toml");
}

#[test]
fn the_real_reports_shape_as_a_libreoffice_docx_round_trips_with_every_heading_a_heading() {
    if !common::tools_installed(
        "the_real_reports_shape_as_a_libreoffice_docx_round_trips_with_every_heading_a_heading",
        &["soffice"],
        "LibreOffice; `.ci/run` installs it",
    ) {
        return;
    }
    let s = Sandbox::new();
    real_report(&s, REAL);
    let docx = libreoffice_docx(&s, REAL);
    assert_real_report_round_trips(&s, &docx, "docx.toml");
}

#[test]
fn each_part_goes_where_its_heading_says_and_the_mapping_is_printed() {
    let s = Sandbox::new();
    let (run, _) = s.import_and_render(&real_report(&s, REAL), "d.toml", &[]);
    for said in [
        "各部分的对应：",
        "一、坚持学思践悟，筑牢政治忠诚 → 「德·学习」（study），3 段 ",
        "字：标题中有“政治”“学思践悟”",
        "二、履职尽责，扎实推进农业农村重点工作 → 「能勤绩」（duty），4 段",
        "三、严于律己，始终保持清正廉洁 → 「廉洁」（integrity）",
        "四、依法履职，推进农业综合行政执法 → 「述法」（law）",
        "五、存在的不足和下一步打算 → 「结尾」（closing）",
        "留空：「意识形态」（ideology）",
    ] {
        assert!(run.stderr.contains(said), "{said}:\n{}", run.stderr);
    }
}

#[test]
fn the_original_title_is_kept_and_next_year_raises_the_year_inside_it() {
    let s = Sandbox::new();
    let old = real_report(&s, "liufang-zongjie.txt");
    let (_, out) = s.import_and_render(&old, "d.toml", &[]);
    assert_eq!(out.lines().next(), Some("刘芳同志2025年度个人工作总结"));
    assert!(s.read("d.toml").contains("\"姓名\" = \"刘芳\""));
    let (_, out) = s.import_and_render(&old, "next.toml", &["--next-year"]);
    assert_eq!(out.lines().next(), Some("刘芳同志2026年度个人工作总结"));

    let old = real_report(&s, "linye-runin.txt");
    let (_, out) = s.import_and_render(&old, "linye.toml", &[]);
    assert_eq!(out.lines().next(), Some("林业局局长的述职报告"));
}

#[test]
fn arabic_top_level_numbers_sub_headings_run_on_points_and_the_last_word_keep_their_place() {
    let s = Sandbox::new();
    let old = real_report(&s, "liufang-zongjie.txt");
    let (run, out) = s.import_and_render(&old, "d.toml", &[]);
    let original = s.read(&old);
    // The same report with the tool's numbers: 1、 → 一、, the run-on points one a line; the
    // signature and its date (a 总结 signs) back at the end from the fields.
    let mut expected: Vec<String> = Vec::new();
    for line in lines(&original) {
        let line = ["1、", "2、", "3、", "4、", "5、"]
            .iter()
            .zip(["一、", "二、", "三、", "四、", "五、"])
            .fold(line, |l, (from, to)| match l.strip_prefix(from) {
                Some(rest) => format!("{to}{rest}"),
                None => l,
            });
        if line.starts_with("一是坚持理论学习") {
            expected.extend(line.split_inclusive('。').map(String::from));
        } else {
            expected.push(line);
        }
    }
    assert_eq!(lines(&out), expected, "{}", run.stderr);
    assert!(
        run.stderr.contains("结尾 → 「结尾」（closing），1 段"),
        "{}",
        run.stderr
    );
    let check = s.run(&["check", "d.toml"]);
    assert!(!check.stdout.contains("前面没有"), "{}", check.stdout);
}

#[test]
fn a_run_in_heading_keeps_its_full_stop_and_parts_are_placed_by_meaning() {
    let s = Sandbox::new();
    let old = real_report(&s, "linye-runin.txt");
    let (run, out) = s.import_and_render(&old, "d.toml", &[]);
    assert!(
        out.contains("\n一、服从大局，坚定不移。对于县委、县政府部署的各项任务，本人始终坚决服从"),
        "{out}"
    );
    // The text run on after the heading leads the part; the author's points keep their numbers.
    assert!(out.contains("\n　　一是坚持把政治建设摆在首位"), "{out}");
    assert!(out.contains("\n　　二是严格执行民主集中制"), "{out}");
    assert!(!run.stderr.contains("原来没有编号"), "{}", run.stderr);
    for said in [
        "二、履职尽责，守护绿水青山 → 「能勤绩」（duty）",
        "三、严于律己，廉洁从政 → 「廉洁」（integrity）",
        "四、存在的问题和下一步打算 → 「结尾」（closing）",
    ] {
        assert!(run.stderr.contains(said), "{said}:\n{}", run.stderr);
    }
    assert!(out.contains("\n四、存在的问题和下一步打算\n"), "{out}");
    // A heading that runs on keeps its full stop, and `check` agrees: it says only what the
    // full stop does.
    let check = s.run(&["check", "d.toml"]);
    let said = &check.stdout;
    assert!(!said.contains("标题末尾不加句号"), "{said}");
    assert!(said.contains("[提示]"), "{said}");
    assert!(said.contains("第一段接排在标题后"), "{said}");
    // Written out as .md and .docx (one body paragraph, the heading in bold or 黑体) and read
    // back, it is the same report.
    for format in ["md", "docx"] {
        let file = format!("再导入.{format}");
        s.ok(&["render", "d.toml", "-o", &file]);
        let again = format!("再导入-{format}.toml");
        let (_, back) = s.import_and_render(&file, &again, &[]);
        assert_eq!(lines(&back), lines(&out), "{format}");
    }
}

#[test]
fn a_report_without_a_title_keeps_its_first_paragraph_in_the_opening() {
    let s = Sandbox::new();
    s.write(
        "无标题.txt",
        "　　2025年，本人在县委办公室从事文稿起草工作，现将有关情况总结如下。\n一、思想政治方面\n　　一是加强学习。\n　　二是提高站位。\n二、业务工作方面\n　　全年起草文稿86篇。\n",
    );
    let (run, out) = s.import_and_render("无标题.txt", "d.toml", &["-t", "zongjie"]);
    assert!(
        out.contains("\n　　2025年，本人在县委办公室从事文稿起草工作，现将有关情况总结如下。\n"),
        "{out}"
    );
    assert!(run.stderr.contains("报告没有标题"), "{}", run.stderr);
}

// ---- hand-made reports ----

/// A 述职述廉 report as people type it: four-space or full-width indents, points numbered
/// 一是, （一）, 1. and （1）, and a closing.
const HAND_MADE: &str = "\
2024年度述职述廉报告

    本人2023年起任某某镇镇长。现将一年来的情况报告如下。

一、履职尽责，抓好各项工作
    （一）抓经济发展。全年完成固定资产投资1.5亿元，同比增长12.6%。
    （二）抓乡村振兴。新建高标准农田3200亩。
    （三）抓民生保障。
二、严于律己，保持廉洁本色
　　1. 严格落实中央八项规定精神。
　　2. 管好亲属和身边工作人员。
三、存在的不足
  （1）学习不够系统。
  （2）调查研究不够深入。
四、下一步打算
  一是加强学习。
  二是狠抓落实。
    以上报告，请予评议。
";

#[test]
fn a_hand_made_report_with_each_numbering_style_renders_with_the_templates_numbers() {
    let s = Sandbox::new();
    s.write("旧.txt", HAND_MADE);
    let (run, out) = s.import_and_render("旧.txt", "新.toml", &[]);
    assert!(run.stderr.contains("按标题认出"), "{}", run.stderr);
    let expected = "\
2024年度述职述廉报告

　　本人2023年起任某某镇镇长。现将一年来的情况报告如下。
一、履职尽责，抓好各项工作
　　（一）抓经济发展。全年完成固定资产投资1.5亿元，同比增长12.6%。
　　（二）抓乡村振兴。新建高标准农田3200亩。
　　（三）抓民生保障。
二、严于律己，保持廉洁本色
　　（一）严格落实中央八项规定精神。
　　（二）管好亲属和身边工作人员。
三、存在的不足
　　一是学习不够系统。
　　二是调查研究不够深入。
四、下一步打算
　　一是加强学习。
　　二是狠抓落实。
　　以上报告，请予评议。

{姓名}
{日期}
";
    assert_eq!(out, expected);
    let draft = s.read("新.toml");
    assert!(
        draft.contains("[sections.closing]\ntext = \"\"\"\n以上报告，请予评议。"),
        "{draft}"
    );
}

#[test]
fn crlf_a_bom_odd_spacing_and_blank_lines_give_the_same_draft() {
    let s = Sandbox::new();
    s.write("plain.txt", HAND_MADE);
    let odd = HAND_MADE
        .lines()
        .map(|l| format!("{}\t \r\n\r\n", l.replacen("    ", "　 ", 1)))
        .collect::<String>();
    s.write("odd.txt", format!("\u{feff}\r\n{odd}"));
    s.ok(&["import", "plain.txt"]);
    s.ok(&["import", "odd.txt"]);
    assert_eq!(s.read("odd.toml"), s.read("plain.toml"));
}

#[test]
fn a_report_without_a_closing_imports_with_the_closing_left_empty() {
    let s = Sandbox::new();
    let without = HAND_MADE.replace("    以上报告，请予评议。\n", "");
    s.write("旧.txt", &without);
    let (_, out) = s.import_and_render("旧.txt", "新.toml", &[]);
    // 述职述廉报告 signs; the old report had no 署名, so its name and date are left to fill.
    assert!(
        out.ends_with("　　二是狠抓落实。\n\n{姓名}\n{日期}\n"),
        "{out}"
    );
    assert!(!s.read("新.toml").contains("[sections.closing]"));
}

#[test]
fn a_markdown_report_uses_its_hash_lines_as_title_and_headings() {
    let s = Sandbox::new();
    s.write(
        "旧.md",
        "# 2025年度个人工作总结\n\n今年以来，本人认真履职。\n\n## 思想政治方面\n\n- 加强理论学习。\n- 提高政治站位。\n\n## 业务工作方面\n\n完成文稿**120**篇。\n",
    );
    let (run, out) = s.import_and_render("旧.md", "新.toml", &["-t", "zongjie"]);
    assert!(run.stderr.contains("由 -t 指定"), "{}", run.stderr);
    assert_eq!(
        out,
        "2025年度个人工作总结\n\n　　今年以来，本人认真履职。\n一、思想政治方面\n　　一是加强理论学习。\n　　二是提高政治站位。\n二、业务工作方面\n　　完成文稿120篇。\n\n{姓名}\n{日期}\n"
    );
}

#[test]
fn more_parts_than_the_template_drops_nothing_and_says_where_they_went() {
    let s = Sandbox::new();
    let report = "\
2025年度民主生活会个人对照检查材料

　　根据安排，对照检查如下。
一、存在的问题
　　（一）理论学习不够深入。
二、原因剖析
　　（一）思想认识有偏差。
三、整改措施
　　（一）加强理论武装。
　　（二）改进工作作风。
四、上次民主生活会整改情况
　　上次查摆的4个问题已全部整改。
五、其他需要说明的事项
　　无。
";
    s.write("旧.txt", report);
    let (run, out) = s.import_and_render("旧.txt", "新.toml", &[]);
    for line in report.lines().skip(1).filter(|l| !l.is_empty()) {
        let text = line.trim_start_matches('　');
        let text = text.split_once('）').map_or(text, |(_, rest)| rest);
        let text = text.split_once('、').map_or(text, |(_, rest)| rest);
        assert!(out.contains(text), "{text:?} is kept:\n{out}");
    }
    assert_eq!(
        run.stderr.matches("原标题作小标题").count(),
        2,
        "{}",
        run.stderr
    );
    assert!(
        out.contains("三、整改措施\n　　（一）整改措施\n　　加强理论武装。\n　　改进工作作风。\n　　（二）上次民主生活会整改情况\n"),
        "{out}"
    );
}

// ---- next year, blank figures ----

#[test]
fn next_year_starts_this_years_draft_in_one_command() {
    let s = Sandbox::new();
    s.fixture("shulian");
    let (run, out) = s.import_and_render("shulian.txt", "2026.toml", &["--next-year"]);
    assert!(out.starts_with("2026年度述职述廉报告\n"), "{out}");
    assert!(run.stderr.contains("2025 → 2026"), "{}", run.stderr);
    assert!(s.read("2026.toml").contains("\"年度\" = \"2026\""));
}

#[test]
fn blank_figures_stars_every_figure_but_the_year_and_check_lists_each() {
    let s = Sandbox::new();
    s.write(
        "旧.txt",
        "2025年度述职述廉报告\n\n　　2025年，全乡完成投资1.5亿元，同比增长12.6%，新建高标准农田3200亩。\n一、履职尽责\n　　（一）召开会议14次。\n　　（二）2025年3月起开展专项整治。\n",
    );
    let (run, out) = s.import_and_render("旧.txt", "新.toml", &["--blank-figures"]);
    assert!(
        out.contains("　　2025年，全乡完成投资*亿元，同比增长*%，新建高标准农田*亩。\n"),
        "{out}"
    );
    assert!(out.contains("　　（一）召开会议*次。\n"), "{out}");
    assert!(
        out.contains("　　（二）2025年3月起开展专项整治。\n"),
        "{out}"
    );
    assert!(run.stderr.contains("4 处数字换成 *"), "{}", run.stderr);

    let check = s.run(&["check", "新.toml"]);
    assert_eq!(check.code, 1);
    assert_eq!(
        check.stdout.matches("待填写的数字 `*`").count(),
        4,
        "{}",
        check.stdout
    );
}

// ---- bad input ----

/// A .docx package with `document` as its body XML.
fn docx_with_body(body: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    )
    .unwrap();
    zip.finish().unwrap().into_inner()
}

fn refused(s: &Sandbox, old: &str, says: &str) {
    let before = s.files();
    let run = s.run(&["import", old]);
    assert_eq!(run.code, 2, "{old}: {}", run.stderr);
    assert!(run.stderr.starts_with("错误："), "{}", run.stderr);
    assert!(run.stderr.contains(says), "{old}: {}", run.stderr);
    assert!(
        run.stderr.contains("提示："),
        "says what to do: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"));
    assert_eq!(s.files(), before, "{old}: nothing written");
}

#[test]
fn a_file_that_is_not_a_report_is_refused_and_nothing_is_written() {
    let s = Sandbox::new();
    s.write("清单.txt", "周末购物清单\n苹果三斤\n牛奶两箱\n");
    refused(&s, "清单.txt", "找不到报告的各个部分");
}

#[test]
fn gbk_text_is_refused_with_the_command_that_converts_it() {
    let s = Sandbox::new();
    let (gbk, _, _) = encoding_rs::GBK.encode("2025年度述职报告\n一、学习\n　　一是学习。\n");
    s.write("旧.txt", &gbk);
    refused(&s, "旧.txt", "GBK");
    assert!(s.run(&["import", "旧.txt"]).stderr.contains("iconv"));
}

#[test]
fn a_corrupt_docx_is_refused() {
    let s = Sandbox::new();
    let mut bytes = docx_with_body("<w:p><w:r><w:t>一、学习</w:t></w:r></w:p>");
    bytes.truncate(bytes.len() / 2);
    s.write("坏.docx", &bytes);
    refused(&s, "坏.docx", "不是有效的 .docx");
    s.write("假.docx", "这其实是一个文本文件");
    refused(&s, "假.docx", "不是有效的 .docx");
}

#[test]
fn an_image_only_docx_is_refused() {
    let s = Sandbox::new();
    s.write(
        "扫描件.docx",
        docx_with_body("<w:p><w:r><w:drawing/></w:r></w:p><w:p/>"),
    );
    refused(&s, "扫描件.docx", "没有文字");
}

#[test]
fn an_existing_draft_is_never_overwritten() {
    let s = Sandbox::new();
    s.write("旧.txt", HAND_MADE);
    s.write("旧.toml", "我的草稿");
    refused(&s, "旧.txt", "已存在");
    assert_eq!(s.read("旧.toml"), "我的草稿");
}

#[test]
fn an_unknown_template_is_refused_with_the_ones_there_are() {
    let s = Sandbox::new();
    s.write("旧.txt", HAND_MADE);
    let run = s.run(&["import", "旧.txt", "-t", "shulain", "新.toml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("shulian"), "{}", run.stderr);
    assert!(!s.path("新.toml").exists());
}

#[test]
fn next_year_names_last_years_campaign_written_as_this_years_work_with_what_to_write_now() {
    let s = Sandbox::new();
    let report = [
        "2025年度述职述德述廉述法报告（德能勤绩廉）",
        "　　2025年，本人在县委的领导下认真履职。",
        "一、加强学习，提高政治素质",
        "　　扎实开展深入贯彻中央八项规定精神学习教育，逐条对照检视。",
        "　　坚持中心组学习制度，全年学习12次。",
        "二、履职尽责，推动工作落实",
        "　　抓好粮食生产。",
    ];
    s.write("2025.txt", report.join("\n"));
    let run = s.run(&["import", "2025.txt", "--next-year", "d.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("2026年已不宜作为当年工作的提法"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("第 1 段")
            && run
                .stderr
                .contains("巩固拓展深入贯彻中央八项规定精神学习教育成果"),
        "the paragraph and what to write instead: {}",
        run.stderr
    );
    // Kept as the writer's own year, the same report is not told off.
    let run = s.run(&["import", "2025.txt", "same.toml"]);
    assert!(
        !run.stderr.contains("已不宜作为当年工作的提法"),
        "{}",
        run.stderr
    );
}
