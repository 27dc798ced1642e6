//! Proofreading as a new user meets it: `shuzhi check` on a 2026 report with one mistake of
//! each kind, `--json` for scripts, a user's rule file that overrides and switches off rules,
//! and properties of the checker over arbitrary text.

mod common;

use common::Sandbox;
use proptest::prelude::*;
use shuzhi::draft::{Draft, Section};
use shuzhi::proof::{Kind, Proofreader, RuleFiles};
use shuzhi::report::{ProblemKind, apply_safe_fixes, assemble, check_with};
use shuzhi::template::Registry;

/// A 2026 述职 draft with one mistake of each kind, each named in the test below.
const DRAFT: &str = include_str!("fixtures/mistakes.toml");

#[test]
fn check_finds_one_mistake_of_each_kind_with_secrecy_on_top() {
    let s = Sandbox::new();
    let draft = s.write("draft.toml", DRAFT);
    let run = s.run(&["check", &draft]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let out = &run.stdout;
    let first_group = out.lines().find(|l| l.starts_with('【')).unwrap();
    assert!(first_group.starts_with("【密级】"), "{out}");
    for (group, line) in [
        (
            "【提法】",
            "宜写“巩固拓展深入贯彻中央八项规定精神学习教育成果”",
        ),
        ("【提法】", "“八五”普法"),
        ("【规范表述】", "“县委县政府”→“县委、县政府”"),
        (
            "【规范表述】",
            "“四个意识”的顺序是：政治意识、大局意识、核心意识、看齐意识",
        ),
        ("【规范表述】", "“习总书记”→“习近平总书记”"),
        ("【规范表述】", "“第一议题”"),
        ("【错别字】", "“布署”→“部署”"),
        ("【语病】", "删去“以上”"),
        ("【数字用法】", "“三千二百”宜写作“3200”"),
        ("【标点】", "中文中应使用全角“，”"),
        ("【重复】", "“学用结合不够紧密”连写了两遍"),
    ] {
        assert!(out.contains(group), "{group} missing:\n{out}");
        assert!(out.contains(line), "{line} missing:\n{out}");
    }
    // Right text is left alone.
    for right in ["中央八项规定精神", "意识形态工作责任制", "请予审议"] {
        assert!(
            !out.lines().any(|l| l.contains(&format!("“{right}”"))),
            "{right} flagged:\n{out}"
        );
    }
}

#[test]
fn check_json_gives_each_finding_with_rule_level_part_paragraph_text_and_fix() {
    let s = Sandbox::new();
    let draft = s.write("draft.toml", DRAFT);
    let run = s.run(&["check", "--json", &draft]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list[0]["kind"], "密级");
    let typo = list
        .iter()
        .find(|f| f["rule"] == "错别字.布署")
        .expect("the typo is listed");
    assert_eq!(typo["level"], "必错");
    assert_eq!(typo["part"], "duty");
    assert_eq!(typo["paragraph"], 1);
    assert_eq!(typo["fix"], "部署");
    assert_eq!(typo["safe"], true);
    assert!(typo["text"].as_str().unwrap().contains("认真布署全年工作"));
    let tifa = list
        .iter()
        .find(|f| f["rule"] == "提法.党纪学习教育")
        .unwrap();
    assert_eq!(tifa["fix"], serde_json::Value::Null);
    assert_eq!(tifa["part"], "study");
    assert_eq!(tifa["paragraph"], 2);
}

#[test]
fn a_users_rule_file_adds_rules_overrides_one_by_id_and_switches_one_off() {
    let s = Sandbox::new();
    let rules = s.config_dir().join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(
        rules.join("local.toml"),
        r#"
kind = "错别字"
level = "必错"
off = ["提法.党纪学习教育"]
rules = [
  { find = "柳溪相", fix = "柳溪乡", flags = ["柳溪相"], passes = ["柳溪乡"] },
  { id = "错别字.布署", find = "布署", fix = "部署", level = "提示", message = "本单位要求写“部署”", flags = ["布署"], passes = ["部署"] },
]
"#,
    )
    .unwrap();
    let text = DRAFT.replace("认真履行职责", "认真履行职责，柳溪相");
    let draft = s.write("draft.toml", text);
    let run = s.run(&["check", "--json", &draft]);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rules: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"错别字.柳溪相"), "{rules:?}");
    assert!(!rules.contains(&"提法.党纪学习教育"), "{rules:?}");
    let typo = list
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "错别字.布署")
        .unwrap();
    assert_eq!(typo["level"], "提示");
    assert_eq!(typo["message"], "本单位要求写“部署”");
}

#[test]
fn a_broken_rule_file_is_a_clear_error_naming_the_file() {
    let s = Sandbox::new();
    let rules = s.config_dir().join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(rules.join("bad.toml"), "rules = [ { find = \"甲\" } ]\n").unwrap();
    let draft = s.write("draft.toml", DRAFT);
    let run = s.run(&["check", &draft]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("bad.toml"), "{}", run.stderr);
}

/// Pieces of text to build reports from: every rule's examples, marks, digits and 汉字.
fn pieces() -> Vec<String> {
    let files = RuleFiles::builtin();
    let mut out: Vec<String> = files
        .lexicon_rules()
        .iter()
        .flat_map(|r| r.flags.iter().chain(&r.passes).cloned())
        .collect();
    out.extend(files.formulas().iter().flat_map(|f| f.flags.clone()));
    out.extend(
        files
            .terms()
            .iter()
            .flat_map(|t| t.flags.iter().map(|e| e.text.clone())),
    );
    for s in [
        ",", ",,", "，", "。", "、", "“", "”", "(", ")", "...", "--", " ", "1200", "3.5%", "一是",
        "二是", "万元", "元", "三千", "亩", "\u{3000}", "★", "……", "—", "2026年", "25年",
    ] {
        out.push(s.to_string());
    }
    out
}

fn paragraph() -> impl Strategy<Value = String> {
    let pieces = pieces();
    prop::collection::vec(prop::sample::select(pieces), 0..8).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Checking never panics, whatever is typed, and after every safe fix is applied no safe
    /// finding is left.
    #[test]
    fn checking_never_panics_and_safe_fixes_leave_none(
        texts in prop::collection::vec(paragraph(), 1..4),
        noise in "\\PC{0,40}",
    ) {
        let registry = Registry::builtin();
        let template = registry.template("dnqjl").unwrap();
        let mut draft = Draft::new(template);
        draft.fields.insert("年度".into(), "2026".into());
        let mut text = texts.join("\n");
        text.push('\n');
        text.push_str(&noise);
        draft.sections.insert("duty".into(), Section { heading: Some(noise.clone()), text });
        let proofreader = Proofreader::builtin();
        let report = assemble(&draft, template);
        let before = check_with(&draft, template, &report, proofreader);
        let fixed_rules: Vec<String> = before
            .iter()
            .filter_map(|p| match &p.kind {
                ProblemKind::Finding(f) if f.is_safe() && f.kind != Kind::Punctuation => {
                    Some(f.rule.clone())
                }
                _ => None,
            })
            .collect();
        apply_safe_fixes(&mut draft, template, proofreader, None);
        let after = check_with(&draft, template, &assemble(&draft, template), proofreader);
        for problem in &after {
            if let ProblemKind::Finding(f) = &problem.kind {
                prop_assert!(
                    !(f.is_safe() && fixed_rules.contains(&f.rule)),
                    "{} left after fixing: {:?}",
                    f.rule,
                    problem.context
                );
            }
        }
    }
}

/// The review screen in a real terminal at 80×24, as a new user meets it: the findings of the
/// mistakes draft and of the user's own rule file, a kind fixed with one key, one finding
/// ignored, and what the draft file holds after Ctrl-Q.
#[test]
fn the_review_in_a_terminal_fixes_a_kind_ignores_one_and_uses_the_users_rules() {
    let s = Sandbox::new();
    let rules = s.config_dir().join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(
        rules.join("local.toml"),
        "kind = \"错别字\"\nlevel = \"必错\"\nrules = [ { find = \"柳溪相\", fix = \"柳溪乡\", \
         flags = [\"柳溪相党委\"], passes = [\"柳溪乡党委\"] } ]\n",
    )
    .unwrap();
    let text = DRAFT.replace("以上报告，请予审议。", "以上报告，请柳溪相党委审议。");
    let draft = s.write(
        "draft.toml",
        format!("{text}\n[state]\nstep = \"review\"\n"),
    );
    let mut tui = common::Tui::spawn(&s, &["open", &draft], 80, 24);
    tui.wait_text("【密级】2 个");
    // Down to the first 规范表述 finding (after two of 密级 and two of 提法), then all of them.
    for _ in 0..4 {
        tui.send("\x1b[B");
    }
    tui.wait_text("▸ 开头 第2段：[必错] “县委县政府”");
    tui.ctrl('r');
    tui.wait_text("已修正「规范表述」4 处");
    // The user's rule is a 错别字 beside the built-in one; Ctrl-R fixes both.
    tui.wait_text("【错别字】2 个，其中 2 个可用 Ctrl-R 一次修正");
    tui.send("\x1b[B");
    tui.ctrl('r');
    tui.wait_text("已修正「错别字」2 处");
    // The 疑似 数字用法 finding is now chosen: ignore it.
    tui.wait_text("▸ 能勤绩 第1段：[疑似] 同一句中统计数字");
    tui.ctrl('k');
    tui.wait_text("另有 1 个已忽略");
    tui.quit();
    let saved = s.read("draft.toml");
    for right in [
        "县委、县政府",
        "政治意识、大局意识、核心意识、看齐意识",
        "习近平总书记",
        "部署",
        "柳溪乡党委",
    ] {
        assert!(saved.contains(right), "{right} missing:\n{saved}");
    }
    assert!(
        saved.contains("三千二百亩"),
        "the ignored finding is left as it was"
    );
    assert!(
        saved.contains("ignored = [\"数字用法.汉字与阿拉伯数字混用|duty|三千二百\"]"),
        "{saved}"
    );
}
