//! The built-in templates and phrase banks as a writer meets them: every part offers enough
//! phrases that fit the report's year, type, role and unit; no phrase is offered twice under two
//! spellings or twice but for a word; and no phrase repeats what a field already holds.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::Sandbox;

use shuzhi::template::{Audience, Phrase, Registry, Role, Template, UnitKind};
use shuzhi::text::ordinal::split_ordinal;
use shuzhi::text::slots;

/// The year our writers write about.
const YEAR: u16 = 2026;

/// The banks written together with the 述职述廉、述责述廉、个人总结 and 对照检查 templates; they
/// follow the writing rules of `templates/README.md` strictly.
const NEW_BANKS: [&str; 6] = [
    "causes",
    "meeting-prep",
    "problems",
    "rectification",
    "responsibility",
    "summary-work",
];

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{2010}'..='\u{2027}'   // – — ‘ ’ “ ” … ·
            | '\u{2030}'..='\u{205E}'
            | '\u{3000}'..='\u{303F}' // 　 、 。 《 》 「 」 【 】 〔 〕
            | '\u{FE10}'..='\u{FE6F}'
            | '\u{FF01}'..='\u{FF0F}' // ！ （ ） ， ．
            | '\u{FF1A}'..='\u{FF20}' // ： ； ？
            | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}' // ～
        )
}

/// A phrase with its punctuation and whitespace taken out: two phrases equal here say the same.
fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !is_punctuation(*c))
        .collect()
}

/// `(where it is, text)` of every phrase in the banks and in the templates themselves.
fn all_phrases(registry: &Registry) -> Vec<(String, String)> {
    let mut all = Vec::new();
    for bank in registry.banks() {
        for phrase in &bank.phrases {
            all.push((format!("素材库 {}", bank.id), phrase.text.clone()));
        }
    }
    for template in registry.templates() {
        for part in &template.parts {
            for phrase in &part.phrases {
                all.push((
                    format!("模板 {} 部分 {}", template.id, part.id),
                    phrase.text.clone(),
                ));
            }
        }
    }
    all
}

#[test]
fn every_part_of_every_template_offers_at_least_40_fitting_phrases_for_2026_in_every_role() {
    let registry = Registry::builtin();
    assert_eq!(registry.templates().len(), 5);
    let mut thin = Vec::new();
    for template in registry.templates() {
        for role in template.roles.iter().copied() {
            let audience = audience(template, role, None);
            for part in &template.parts {
                let distinct: BTreeSet<&str> = registry
                    .offered(template, part, &audience)
                    .map(|phrase| phrase.text.as_str())
                    .collect();
                if distinct.len() < 40 {
                    thin.push(format!(
                        "{}/{} ({}): {}",
                        template.id,
                        part.id,
                        role.label(),
                        distinct.len()
                    ));
                }
            }
        }
    }
    assert!(
        thin.is_empty(),
        "parts with fewer than 40 phrases:\n{}",
        thin.join("\n")
    );
}

#[test]
fn the_builtin_phrases_number_at_least_1500() {
    let registry = Registry::builtin();
    let distinct: BTreeSet<String> = all_phrases(&registry)
        .iter()
        .map(|(_, text)| normalise(text))
        .collect();
    assert!(distinct.len() >= 1500, "only {} phrases", distinct.len());
}

#[test]
fn no_two_phrases_are_the_same_but_for_punctuation_and_spaces() {
    let registry = Registry::builtin();
    let mut seen: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut twice = Vec::new();
    for (place, text) in all_phrases(&registry) {
        let key = normalise(&text);
        if let Some((first_place, first_text)) = seen.get(&key) {
            twice.push(format!("{place}「{text}」 = {first_place}「{first_text}」"));
        } else {
            seen.insert(key, (place, text));
        }
    }
    assert!(
        twice.is_empty(),
        "phrases offered twice:\n{}",
        twice.join("\n")
    );
}

#[test]
fn every_bank_has_a_few_topics_and_no_numbered_phrase() {
    let registry = Registry::builtin();
    for bank in registry.banks() {
        let topics: BTreeSet<&str> = bank.phrases.iter().map(|p| p.topic.as_str()).collect();
        assert!(
            (2..=8).contains(&topics.len()),
            "{}: {} topics",
            bank.id,
            topics.len()
        );
        assert!(
            bank.phrases.len() >= 30,
            "{}: {} phrases",
            bank.id,
            bank.phrases.len()
        );
        for phrase in &bank.phrases {
            assert!(
                split_ordinal(&phrase.text).0.is_empty(),
                "{} begins with an ordinal: {}",
                bank.id,
                phrase.text
            );
        }
    }
}

#[test]
fn the_new_banks_follow_the_writing_rules() {
    let registry = Registry::builtin();
    for id in NEW_BANKS {
        let bank = registry.bank(id).unwrap_or_else(|| panic!("bank {id}"));
        let with_slots = bank.phrases.iter().filter(|p| p.text.contains('{')).count();
        assert!(
            3 * with_slots >= bank.phrases.len(),
            "{id}: only {with_slots} of {} phrases have a {{slot}}",
            bank.phrases.len()
        );
        for phrase in &bank.phrases {
            let text = &phrase.text;
            let chars = text.chars().count();
            assert!((15..=80).contains(&chars), "{id}: {chars} 字: {text}");
            assert!(
                !text
                    .chars()
                    .any(|c| c.is_ascii_punctuation() && c != '{' && c != '}'),
                "{id}: half-width punctuation in {text}"
            );
            assert!(text.ends_with('。'), "{id}: {text}");
        }
    }
}

/// Who writes `template` in 2026 in `role`, at a unit of `unit` if one is said.
fn audience(template: &Template, role: Role, unit: Option<UnitKind>) -> Audience {
    Audience {
        template: Some(template.id.clone()),
        year: Some(YEAR),
        role: Some(role),
        unit,
    }
}

/// `(template/part (role), template, role, phrase)` of every phrase offered in `year` to each role
/// a template serves.
fn offered_in(registry: &Registry, year: u16) -> Vec<(String, &Template, Role, &Phrase)> {
    let mut all = Vec::new();
    for template in registry.templates() {
        for role in template.roles.iter().copied() {
            let audience = Audience {
                year: Some(year),
                ..audience(template, role, None)
            };
            for part in &template.parts {
                for phrase in registry.offered(template, part, &audience) {
                    let place = format!("{}/{} ({})", template.id, part.id, role.label());
                    all.push((place, template, role, phrase));
                }
            }
        }
    }
    all
}

/// Words that, offered as this year's work in 2026, date a report: the campaign or plan ended.
const ENDED_BY_2026: [&str; 8] = [
    "党纪学习教育",
    "八五”普法",
    "“八五”",
    "四个不摘",
    "防止返贫动态监测",
    "主题教育名称",
    "过渡期",
    "十四五”规划目标任务",
];

/// `place: text` of each phrase offered in `year` that contains one of `words`.
fn offered_saying(year: u16, words: &[&str]) -> Vec<String> {
    let registry = Registry::builtin();
    offered_in(&registry, year)
        .into_iter()
        .filter(|(_, _, _, phrase)| words.iter().any(|w| phrase.text.contains(w)))
        .map(|(place, _, _, phrase)| format!("{place}: {}", phrase.text))
        .collect()
}

#[test]
fn no_phrase_offered_for_2026_names_a_campaign_that_has_ended() {
    let stale = offered_saying(YEAR, &ENDED_BY_2026);
    assert!(stale.is_empty(), "offered in 2026:\n{}", stale.join("\n"));
}

#[test]
fn no_phrase_offered_for_2027_calls_it_the_first_year_of_the_plan_or_the_105th_anniversary() {
    let words = [
        "开局之年",
        "开局起步",
        "105周年",
        "治本攻坚",
        "换届纪律“十严禁”",
    ];
    let stale = offered_saying(2027, &words);
    assert!(stale.is_empty(), "offered in 2027:\n{}", stale.join("\n"));
}

#[test]
fn a_dated_phrase_is_still_offered_in_its_own_years_and_a_current_one_in_2026() {
    let registry = Registry::builtin();
    let dnqjl = registry.template("dnqjl").unwrap();
    let offered = |year: u16| -> Vec<String> {
        let audience = Audience {
            year: Some(year),
            ..audience(dnqjl, Role::Leader, None)
        };
        dnqjl
            .parts
            .iter()
            .flat_map(|part| registry.offered(dnqjl, part, &audience))
            .map(|phrase| phrase.text.clone())
            .collect()
    };
    let in_2024 = offered(2024);
    assert!(in_2024.iter().any(|t| t.contains("党纪学习教育")));
    let in_2026 = offered(2026);
    for current in [
        "十五五",
        "四中全会",
        "正确政绩观学习教育",
        "深入贯彻中央八项规定精神学习教育成果",
        "常态化长效化",
        "群众身边不正之风和腐败问题集中整治",
        "高效办成一件事",
        "常态化精准帮扶",
        "法治宣传教育法",
        "新质生产力",
        "人工智能+",
        "全国统一大市场",
        "内卷式",
        "换届纪律",
        "105周年",
        "治本攻坚三年行动",
    ] {
        assert!(
            in_2026.iter().any(|t| t.contains(current)),
            "nothing offered in 2026 about {current}"
        );
    }
    assert!(
        !offered(2027).iter().any(|t| t.contains("治本攻坚三年行动")),
        "the 2024–2026 campaign is over in 2027"
    );
}

/// Words of a 德能勤绩廉 report, of a 述职 and of a leader, and the reports or roles that must not
/// be offered them.
#[test]
fn every_template_offers_only_phrases_of_its_type_and_role() {
    let registry = Registry::builtin();
    let mut wrong = Vec::new();
    for (place, template, role, phrase) in offered_in(&registry, YEAR) {
        let text = &phrase.text;
        let mut why = Vec::new();
        if template.id != "dnqjl"
            && ["德、能、勤、绩、廉", "德能勤绩廉", "述职述德述廉述法"]
                .iter()
                .any(|w| text.contains(w))
        {
            why.push("德能勤绩廉 wording outside the 德能勤绩廉 report");
        }
        if template.id == "duizhao"
            && [
                "述职",
                "佳绩",
                "请予评议",
                "履职尽责的基本情况",
                "取得的成绩",
                "好的成绩",
                "发扬成绩",
                "成绩的取得",
                "成绩属于",
            ]
            .iter()
            .any(|w| text.contains(w))
        {
            why.push("述职 wording or 成绩 in the 民主生活会 material");
        }
        if role == Role::Staff
            && [
                "班子",
                "分管",
                "中心组",
                "第一责任人",
                "带领",
                "主持全面工作",
                "党组书记",
            ]
            .iter()
            .any(|w| text.contains(w))
        {
            why.push("a leader's line offered to staff");
        }
        if !why.is_empty() {
            wrong.push(format!("{place}: {text} — {}", why.join("; ")));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The first example a field's hint gives (`…，如 县交通运输局党组书记、局长` → 县交通运输局党组书记).
fn example(hint: &str) -> Option<String> {
    let after = hint.split("如 ").nth(1)?;
    let first = after.split(['、', '（', '，', ' ']).next()?.trim();
    (!first.is_empty()).then(|| first.to_string())
}

/// `text` with each `{字段}` of `values` filled in, and the character ranges the values took.
fn render(text: &str, values: &BTreeMap<String, String>) -> (Vec<char>, Vec<(usize, usize)>) {
    let mut out: Vec<char> = Vec::new();
    let mut filled = Vec::new();
    for piece in slots::pieces(text) {
        match piece {
            slots::Piece::Braced(braced) => match values.get(slots::braced_name(braced)) {
                Some(value) => {
                    let start = out.len();
                    out.extend(value.chars());
                    filled.push((start, out.len()));
                }
                None => out.extend(braced.chars()),
            },
            other => out.extend(other.as_str().chars()),
        }
    }
    (out, filled)
}

/// A run of `RUN` characters of a filled-in value that occurs again elsewhere in the text.
fn repeated_run(text: &[char], filled: &[(usize, usize)]) -> Option<String> {
    const RUN: usize = 4;
    for &(start, end) in filled {
        for at in start..end.saturating_sub(RUN - 1) {
            let run = &text[at..at + RUN];
            let again = (0..=text.len() - RUN)
                .filter(|&other| other + RUN <= start || other >= end)
                .any(|other| &text[other..other + RUN] == run);
            if again {
                return Some(run.iter().collect());
            }
        }
    }
    None
}

#[test]
fn no_offered_phrase_repeats_what_a_field_already_holds() {
    let registry = Registry::builtin();
    let mut repeated = Vec::new();
    for template in registry.templates() {
        let values: BTreeMap<String, String> = template
            .fields
            .iter()
            .filter_map(|f| Some((f.key.clone(), example(&f.hint)?)))
            .collect();
        assert!(
            values.contains_key("职务") && values.contains_key("单位"),
            "{}",
            template.id
        );
        for role in template.roles.iter().copied() {
            for part in &template.parts {
                let audience = audience(template, role, None);
                for phrase in registry.offered(template, part, &audience) {
                    let (text, filled) = render(&phrase.text, &values);
                    if let Some(run) = repeated_run(&text, &filled) {
                        let text: String = text.into_iter().collect();
                        repeated.push(format!("{}/{}: {text} (「{run}」)", template.id, part.id));
                    }
                }
            }
        }
    }
    assert!(repeated.is_empty(), "{}", repeated.join("\n"));
}

#[test]
fn the_repeat_check_catches_a_unit_written_twice() {
    let values: BTreeMap<String, String> = [
        ("单位".to_string(), "某某县交通运输局".to_string()),
        ("职务".to_string(), "县交通运输局党组书记".to_string()),
    ]
    .into();
    let (text, filled) = render("本人任{单位}{职务}。", &values);
    assert_eq!(repeated_run(&text, &filled).as_deref(), Some("县交通运"));
    let (text, filled) = render("本人任{职务}，主持全面工作。", &values);
    assert_eq!(repeated_run(&text, &filled), None);
}

/// Edit distance between `a` and `b`, or `None` when it is more than `limit`.
fn distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut next = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            next[j + 1] = (row[j] + usize::from(ca != cb))
                .min(row[j + 1] + 1)
                .min(next[j] + 1);
        }
        if next.iter().min().copied().unwrap_or(0) > limit {
            return None;
        }
        row = next;
    }
    Some(row[b.len()]).filter(|&d| d <= limit)
}

#[test]
fn the_distance_check_sees_a_phrase_changed_by_one_word() {
    let a: Vec<char> = "坚持把讲政治放在首位，把干事创业作为本分".chars().collect();
    let b: Vec<char> = "坚持把讲政治摆在首位，把干事创业作为本分".chars().collect();
    let c: Vec<char> = "坚持以人民为中心的发展思想，办好民生实事".chars().collect();
    assert_eq!(distance_within(&a, &b, 2), Some(1));
    assert_eq!(distance_within(&a, &c, 2), None);
}

#[test]
fn no_two_phrases_longer_than_12_characters_differ_by_a_word_or_two() {
    let registry = Registry::builtin();
    let mut texts: Vec<(String, Vec<char>)> = all_phrases(&registry)
        .into_iter()
        .map(|(place, text)| {
            (
                format!("{place}「{text}」"),
                normalise(&text).chars().collect(),
            )
        })
        .filter(|(_, chars): &(String, Vec<char>)| chars.len() > 12)
        .collect();
    texts.sort_by_key(|(_, chars)| chars.len());
    texts.dedup_by(|a, b| a.1 == b.1);
    let mut near = Vec::new();
    for (i, (place, a)) in texts.iter().enumerate() {
        for (other, b) in &texts[i + 1..] {
            if b.len() > a.len() + 2 {
                break;
            }
            if distance_within(a, b, 2).is_some() {
                near.push(format!("{place} ≈ {other}"));
            }
        }
    }
    assert!(near.is_empty(), "near-duplicates:\n{}", near.join("\n"));
}

#[test]
fn every_kind_of_unit_has_phrases_of_its_own_in_the_work_parts() {
    let registry = Registry::builtin();
    let dnqjl = registry.template("dnqjl").unwrap();
    let zongjie = registry.template("zongjie").unwrap();
    for (kind, name) in UnitKind::ALL {
        for (template, part, role) in [
            (dnqjl, "duty", Role::Leader),
            (zongjie, "work", Role::Staff),
        ] {
            let part = template.part(part).unwrap();
            let own = registry
                .offered(template, part, &audience(template, role, Some(kind)))
                .filter(|phrase| phrase.fit.units.contains(&kind))
                .count();
            assert!(
                own >= 12,
                "{name} in {}/{}: {own} phrases",
                template.id,
                part.id
            );
        }
    }
}

#[test]
fn a_unit_kind_hides_the_phrases_of_other_kinds() {
    let registry = Registry::builtin();
    let dnqjl = registry.template("dnqjl").unwrap();
    let duty = dnqjl.part("duty").unwrap();
    let hospital = audience(dnqjl, Role::Leader, Some(UnitKind::Hospital));
    assert!(
        registry
            .offered(dnqjl, duty, &hospital)
            .all(|p| p.fit.units.is_empty() || p.fit.units.contains(&UnitKind::Hospital))
    );
    let anyone = audience(dnqjl, Role::Leader, None);
    assert!(
        registry.offered(dnqjl, duty, &anyone).count()
            > registry.offered(dnqjl, duty, &hospital).count()
    );
}

#[test]
fn shuzhi_phrases_year_offers_a_dated_phrase_only_in_its_years() {
    let s = Sandbox::new();
    let of = |year: &str| s.run(&["phrases", "--year", year, "党纪学习教育"]);
    let in_2024 = of("2024");
    assert_eq!(in_2024.code, 0, "{}", in_2024.stderr);
    assert!(
        in_2024.stdout.contains("认真参加党纪学习教育"),
        "{}",
        in_2024.stdout
    );
    let in_2026 = of("2026");
    assert_eq!(in_2026.code, 0);
    assert!(
        !in_2026.stdout.contains("认真参加党纪学习教育"),
        "{}",
        in_2026.stdout
    );
    let any_year = s.run(&["phrases", "党纪学习教育"]).stdout;
    assert!(
        any_year.contains("认真参加党纪学习教育"),
        "no --year: all years"
    );
    let now = s
        .run(&["phrases", "--year", "2026", "正确政绩观学习教育"])
        .stdout;
    assert!(now.lines().count() >= 3, "{now}");
}

#[test]
fn shuzhi_phrases_filters_by_template_role_and_unit() {
    let s = Sandbox::new();
    let lines = |args: &[&str]| -> Vec<String> {
        let run = s.run(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        run.stdout.lines().map(str::to_string).collect()
    };
    let staff = lines(&["phrases", "-t", "zongjie", "--part", "discipline"]);
    assert!(
        !staff.iter().any(|l| l.contains("分管")),
        "zongjie defaults to 一般干部"
    );
    let leader = lines(&[
        "phrases",
        "-t",
        "zongjie",
        "--part",
        "discipline",
        "--role",
        "领导干部",
    ]);
    assert!(leader.iter().any(|l| l.contains("分管")));
    let shuze = lines(&["phrases", "-t", "shuze", "--part", "opening"]);
    assert!(!shuze.iter().any(|l| l.contains("德、能、勤、绩、廉")));
    let hospital = lines(&["phrases", "-t", "dnqjl", "--part", "duty", "--unit", "医院"]);
    let village = lines(&["phrases", "-t", "dnqjl", "--part", "duty", "--unit", "村"]);
    assert!(hospital.iter().any(|l| l.contains("医共体")));
    assert!(
        !village
            .iter()
            .any(|l| l.contains("医共体建设，牵头成员单位"))
    );
    let bad = s.run(&["phrases", "--unit", "火星"]);
    assert_ne!(bad.code, 0);
    assert!(bad.stderr.contains("乡镇"), "{}", bad.stderr);
}

#[test]
fn a_local_bank_replaces_a_builtin_one_by_id_and_keeps_its_years() {
    let s = Sandbox::new();
    let dir = s.config_dir().join("templates/phrases");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("本地廉洁.toml"),
        "id = \"integrity\"\nname = \"廉洁自律（本县）\"\n\n[[groups]]\ntopic = \"本县要求\"\nfrom = 2026\nphrases = [\n  \"严格执行本县关于公务接待的十条规定。\",\n  { text = \"落实本县二〇二五年廉政承诺。\", from = 2025, to = 2025 },\n]\n",
    )
    .unwrap();
    let of = |year: &str| {
        s.run(&[
            "phrases",
            "-t",
            "dnqjl",
            "--part",
            "integrity",
            "--year",
            year,
        ])
        .stdout
    };
    assert_eq!(of("2026"), "严格执行本县关于公务接待的十条规定。\n");
    assert_eq!(of("2025"), "落实本县二〇二五年廉政承诺。\n");
}
