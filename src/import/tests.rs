use super::*;
use crate::report::{assemble, export::Format};
use crate::source::Source;
use proptest::prelude::*;

const FIXTURES: &[&str] = &["xiangzhang", "shulian", "shuze", "zongjie", "duizhao"];

fn registry() -> Registry {
    Registry::builtin()
}

fn fixture(name: &str) -> Draft {
    let path = format!("{}/tests/fixtures/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    Draft::load(Path::new(&path), &registry()).unwrap()
}

fn rendered(draft: &Draft, format: Format) -> Vec<u8> {
    let registry = registry();
    let template = registry.template(&draft.template).unwrap();
    format.render(&assemble(draft, template), &Default::default())
}

fn import_bytes(ext: &str, bytes: &[u8], template: Option<&str>, options: Options) -> Imported {
    let registry = registry();
    let text = parse_report(format!("旧报告.{ext}"), ext, bytes).unwrap();
    let (template, why) = choose_template(&text, &registry, template).unwrap();
    let mut imported = import(&text, template, options).unwrap();
    imported.notes.insert(0, why);
    imported
}

fn import_txt(text: &str, template: Option<&str>) -> Imported {
    import_bytes("txt", text.as_bytes(), template, Options::default())
}

fn section<'a>(draft: &'a Draft, id: &str) -> Vec<&'a str> {
    draft
        .section(id)
        .map_or(Vec::new(), |s| s.paragraphs().collect())
}

#[test]
fn every_fixture_rendered_in_every_format_imports_back_to_the_same_report() {
    for name in FIXTURES {
        let original = fixture(name);
        let expected = rendered(&original, Format::Txt);
        for (format, ext) in Format::ALL {
            let imported =
                import_bytes(ext, &rendered(&original, format), None, Options::default());
            assert_eq!(imported.draft.template, original.template, "{name}.{ext}");
            // Through the file format, as the writer will open it.
            let registry = registry();
            let template = registry.template(&original.template).unwrap();
            let toml = imported.draft.to_toml(template);
            let reread = Draft::parse(&Source::new("x.toml", toml), &registry).unwrap();
            let again = rendered(&reread, Format::Txt);
            assert_eq!(
                String::from_utf8(again).unwrap(),
                String::from_utf8(expected.clone()).unwrap(),
                "{name}.{ext}: {:#?}",
                imported.notes
            );
        }
    }
}

#[test]
fn round_trip_puts_each_part_where_the_draft_had_it() {
    let imported = import_bytes(
        "txt",
        &rendered(&fixture("shulian"), Format::Txt),
        None,
        Options::default(),
    );
    let draft = &imported.draft;
    assert_eq!(draft.field("年度"), "2025");
    assert_eq!(section(draft, "duty").len(), 5);
    assert!(
        section(draft, "duty")[1].starts_with("抓项目建设"),
        "ordinal stripped"
    );
    assert_eq!(section(draft, "plans").len(), 3);
    assert_eq!(section(draft, "closing").len(), 1);
    assert!(section(draft, "closing")[0].starts_with("新的一年"));
    assert_eq!(
        draft.section("duty").unwrap().heading,
        None,
        "same as the template's"
    );
}

#[test]
fn a_title_with_post_and_name_fills_both_fields() {
    let imported = import_bytes(
        "txt",
        &rendered(&fixture("shuze"), Format::Txt),
        None,
        Options::default(),
    );
    assert_eq!(
        imported.draft.field("职务"),
        "白石县自然资源局党组书记、局长"
    );
    assert_eq!(imported.draft.field("姓名"), "赵立群");
    assert_eq!(imported.draft.field("年度"), "2025");
}

#[test]
fn title_fields_are_read_by_the_pattern() {
    let fields = title_fields("{年度}年度述职述廉报告", "2025年度 述职述廉报告").unwrap();
    assert_eq!(fields, [("年度".to_string(), "2025".to_string())]);
    assert_eq!(title_fields("{年度}年度述职述廉报告", "述职述廉报告"), None);
    let fields = title_fields(
        "{职务}{姓名}同志{年度}年度述责述廉报告",
        "乡长张三同志2024年度述责述廉报告",
    )
    .unwrap();
    assert_eq!(fields[0].1, "乡长");
    assert_eq!(fields[1].1, "张三");
}

#[test]
fn the_template_is_guessed_from_the_title_words() {
    let imported = import_txt("张三同志2025年度述职述廉报告\n一、工作\n　　甲。\n", None);
    assert_eq!(imported.draft.template, "shulian");
    assert!(
        imported.notes[0].contains("述职述廉"),
        "{:?}",
        imported.notes
    );
    assert_eq!(
        imported.draft.field("年度"),
        "2025",
        "the year, even off pattern"
    );
    let imported = import_txt("我的报告\n一、工作\n　　甲。\n", None);
    assert_eq!(imported.draft.template, "dnqjl");
}

const HAND_MADE: &str = "2024年度个人工作总结\n\n    今年以来，本人在局党组的领导下，认真履行职责。\n\n一、思想政治方面\n  一是加强理论学习。\n  二是提高政治站位。\n二、业务工作方面\n    （一）完成文稿起草120篇。\n    （二）做好会务保障。\n    （三）抓好督查督办。\n三、作风纪律和廉洁自律方面\n    1. 严格遵守八项规定。\n    2. 管好身边人。\n四、存在的不足\n    （1）学习不够深入。\n    （2）创新意识不强。\n五、今后的努力方向\n    一是加强学习。\n    二是改进作风。\n";

#[test]
fn hand_made_report_with_every_numbering_style_lands_in_the_template_parts() {
    let imported = import_txt(HAND_MADE, None);
    let draft = &imported.draft;
    assert_eq!(draft.template, "zongjie");
    assert_eq!(section(draft, "opening").len(), 1);
    assert_eq!(
        section(draft, "politics"),
        ["加强理论学习。", "提高政治站位。"]
    );
    assert_eq!(section(draft, "work")[0], "完成文稿起草120篇。");
    assert_eq!(
        section(draft, "discipline"),
        ["严格遵守八项规定。", "管好身边人。"]
    );
    assert_eq!(
        section(draft, "shortcomings"),
        ["学习不够深入。", "创新意识不强。"]
    );
    assert_eq!(section(draft, "plans"), ["加强学习。", "改进作风。"]);
    for part in &draft.sections {
        assert_eq!(
            part.1.heading, None,
            "{part:?}: headings equal the template's"
        );
    }
}

#[test]
fn odd_spacing_crlf_and_a_bom_change_nothing() {
    let plain = import_txt(HAND_MADE, None).draft;
    let odd = format!(
        "\u{feff}  {} \r\n",
        HAND_MADE
            .replace("    ", "　　 ")
            .replace('\n', " \r\n\r\n")
    );
    assert_eq!(import_txt(&odd, None).draft, plain);
}

#[test]
fn a_report_without_closing_leaves_the_closing_empty() {
    let imported = import_txt(
        "2025年度述职述廉报告\n　　开头。\n一、履职尽责\n　　（一）甲。\n　　（二）乙。\n二、廉洁自律\n　　（一）丙。\n　　（二）丁。\n",
        None,
    );
    assert_eq!(imported.draft.section("closing"), None);
    assert_eq!(section(&imported.draft, "integrity").len(), 2);
    assert_eq!(
        imported.draft.section("duty").unwrap().heading.as_deref(),
        Some("履职尽责")
    );
}

#[test]
fn closing_material_after_the_last_points_goes_to_the_closing() {
    let imported = import_txt(
        "2025年度述职述廉报告\n一、履职\n　　甲。\n二、下一步打算\n　　一是学习。\n　　二是改进。\n　　以上报告，请予审议。\n",
        None,
    );
    // 下一步打算 is the template's own heading of `plans`: the part goes there.
    assert_eq!(section(&imported.draft, "plans"), ["学习。", "改进。"]);
    assert_eq!(
        section(&imported.draft, "closing"),
        ["以上报告，请予审议。"]
    );
}

#[test]
fn more_parts_than_the_template_keeps_every_word_under_sub_headings_and_says_so() {
    let imported = import_txt(
        "2025年度民主生活会个人对照检查材料\n一、问题\n　　甲。\n二、原因\n　　乙。\n三、措施\n　　丙。\n四、其他\n　　丁。\n五、补充\n　　戊。\n",
        Some("duizhao"),
    );
    assert_eq!(
        section(&imported.draft, "measures"),
        ["# 措施", "丙。", "# 其他", "丁。", "# 补充", "戊。"]
    );
    let joined: Vec<&Placement> = imported.mapping.iter().filter(|p| p.joined).collect();
    assert_eq!(joined.len(), 2, "{:#?}", imported.mapping);
    assert!(
        joined[0].describe().contains("小标题"),
        "{}",
        joined[0].describe()
    );
}

#[test]
fn a_heading_equal_to_a_later_template_heading_skips_to_that_part() {
    let imported = import_txt(
        "2025年度述职述廉报告\n一、履职尽责，扎实推进分管各项工作\n　　甲。\n二、下一步打算\n　　乙。\n",
        None,
    );
    assert_eq!(section(&imported.draft, "plans"), ["乙。"]);
    assert!(imported.draft.section("integrity").is_none());
}

#[test]
fn next_year_on_a_report_that_names_no_year_gives_the_year_of_a_report_written_today() {
    let old = "林业局局长的述职报告\n　　本人任局长以来，主持全面工作。\n一、履职尽责\n　　甲。\n";
    for (this_year, year, said) in [
        (Some(2026), "2026", "按今天的日期填为 2026 年度，请核对"),
        (None, "", "没有找到年度，年度没有加一"),
    ] {
        let options = Options {
            next_year: true,
            this_year,
            blank_figures: false,
        };
        let imported = import_bytes("txt", old.as_bytes(), Some("dnqjl"), options);
        assert_eq!(imported.draft.field("年度"), year);
        assert!(
            imported.notes.iter().any(|n| n.contains(said)),
            "{:?}",
            imported.notes
        );
    }
}

#[test]
fn next_year_raises_the_year_in_the_fields_and_counts_the_years_left() {
    let imported = import_bytes(
        "txt",
        &rendered(&fixture("shulian"), Format::Txt),
        None,
        Options {
            next_year: true,
            blank_figures: false,
            ..Options::default()
        },
    );
    assert_eq!(imported.draft.field("年度"), "2026");
    assert!(
        imported
            .notes
            .iter()
            .any(|n| n.contains("2025 → 2026") && n.contains("正文中还有")),
        "{:?}",
        imported.notes
    );
}

#[test]
fn blank_figures_blanks_every_figure_and_counts_them() {
    let imported = import_bytes(
        "txt",
        "2025年度述职述廉报告\n　　2025年，全乡完成投资1.5亿元，增长12.6%，新建农田3200亩。\n一、履职\n　　甲完成14次。\n"
            .as_bytes(),
        None,
        Options {
            next_year: false,
            blank_figures: true,
            ..Options::default()
        },
    );
    assert_eq!(
        section(&imported.draft, "opening"),
        ["2025年，全乡完成投资*亿元，增长*%，新建农田*亩。"]
    );
    assert_eq!(section(&imported.draft, "duty"), ["甲完成*次。"]);
    assert_eq!(imported.figures, 4);
    assert_eq!(imported.draft.field("年度"), "2025");
}

#[test]
fn a_file_with_no_part_is_not_a_report() {
    let registry = registry();
    let text = parse_report("清单.txt".into(), "txt", "购物清单\n苹果\n梨\n".as_bytes()).unwrap();
    let template = registry.template("dnqjl").unwrap();
    let err = import(&text, template, Options::default()).unwrap_err();
    assert!(err.message.contains("找不到报告的各个部分"), "{err}");
}

#[test]
fn a_salutation_under_the_title_is_not_taken_for_the_name_line() {
    let imported = import_txt(
        "2025年度述职述德述廉述法报告（德能勤绩廉）\n\n尊敬的各位领导、同志们：\n　　2025年，本人认真履职。\n一、加强学习\n　　学习。\n",
        Some("dnqjl"),
    );
    assert_eq!(imported.draft.field("姓名"), "");
    assert!(section(&imported.draft, "opening")[0].starts_with("尊敬的"));
    let named = import_txt(
        "2025年度述职述德述廉述法报告（德能勤绩廉）\n\n周明远\n\n　　2025年，本人认真履职。\n一、加强学习\n　　学习。\n",
        Some("dnqjl"),
    );
    assert_eq!(named.draft.field("姓名"), "周明远");
    assert!(section(&named.draft, "opening")[0].starts_with("2025年"));
}

#[test]
fn a_signed_template_takes_the_name_and_date_off_the_end() {
    let toml = include_str!("../../templates/shulian.toml")
        .replace("id = \"shulian\"", "id = \"signed\"")
        .replace("signature = false", "signature = true");
    let banks: std::collections::BTreeSet<String> =
        registry().banks().map(|b| b.id.clone()).collect();
    let template =
        crate::template::parse_template(&Source::new("signed.toml", toml), &banks, "x").unwrap();
    let mut draft = fixture("shulian");
    draft.template = "signed".into();
    draft.fields.insert("日期".into(), "2026-01-05".into());
    let report = assemble(&draft, &template);
    for (format, ext) in Format::ALL {
        let bytes = format.render(&report, &Default::default());
        let text = parse_report(format!("x.{ext}"), ext, &bytes).unwrap();
        let imported = import(&text, &template, Options::default()).unwrap();
        assert_eq!(imported.draft.field("姓名"), "林振华", "{ext}");
        assert_eq!(imported.draft.field("日期"), "2026年1月5日", "{ext}");
        let again = assemble(&imported.draft, &template);
        assert_eq!(
            Format::Txt.render(&again, &Default::default()),
            Format::Txt.render(&report, &Default::default()),
            "{ext}"
        );
    }
}

proptest! {
    #[test]
    fn importing_any_text_never_panics(
        lines in proptest::collection::vec(
            "(　　|  )?(一、|二、|三、|一是|二是|（一）|（二）|1\\.|2\\.)?[^\n]{0,20}", 0..25),
        next_year in any::<bool>(),
        blank in any::<bool>(),
    ) {
        let registry = registry();
        let text = parse_report("x.txt".into(), "txt", lines.join("\n").as_bytes()).unwrap();
        let options = Options { next_year, this_year: Some(2026), blank_figures: blank };
        if let Ok((template, _)) = choose_template(&text, &registry, None)
            && let Ok(imported) = import(&text, template, options)
        {
            let toml = imported.draft.to_toml(template);
            prop_assert!(Draft::parse(&Source::new("x", toml), &registry).is_ok());
        }
    }

    #[test]
    fn importing_arbitrary_strings_never_panics(s in any::<String>()) {
        let registry = registry();
        let text = parse_report("x.md".into(), "md", s.as_bytes()).unwrap();
        if let Ok((template, _)) = choose_template(&text, &registry, None) {
            let _ = import(&text, template, Options { next_year: true, this_year: None, blank_figures: true });
        }
    }
}

#[test]
fn every_built_in_templates_own_output_maps_each_part_back_to_its_own_part() {
    for name in FIXTURES {
        let original = fixture(name);
        let registry = registry();
        let template = registry.template(&original.template).unwrap();
        let report = assemble(&original, template);
        let want: Vec<&str> = report
            .blocks
            .iter()
            .filter(|b| b.kind == crate::report::BlockKind::Heading)
            .map(|b| template.parts[b.part].id.as_str())
            .collect();
        for (format, ext) in Format::ALL {
            let imported =
                import_bytes(ext, &rendered(&original, format), None, Options::default());
            let got: Vec<&str> = imported
                .mapping
                .iter()
                .filter(|p| !matches!(p.rule, Rule::Opening | Rule::Closing))
                .map(|p| p.part.as_str())
                .collect();
            assert_eq!(got, want, "{name}.{ext}: {:#?}", imported.mapping);
            assert!(
                imported.mapping.iter().all(|p| !p.joined),
                "{name}.{ext}: {:#?}",
                imported.mapping
            );
            assert_eq!(
                imported.draft.title, None,
                "{name}.{ext}: the template's title"
            );
        }
    }
}

#[test]
fn a_name_line_under_the_title_fills_unit_post_and_name_and_leaves_the_body() {
    let imported = import_txt(
        "2025年度述职述德述廉述法报告（德能勤绩廉）\n青山县农业农村局副局长 张伟\n　　2025年，本人分管种植业。\n一、学习\n　　甲。\n",
        None,
    );
    let draft = &imported.draft;
    assert_eq!(draft.field("单位"), "青山县农业农村局");
    assert_eq!(draft.field("职务"), "副局长");
    assert_eq!(draft.field("姓名"), "张伟");
    assert_eq!(section(draft, "opening"), ["2025年，本人分管种植业。"]);
}

#[test]
fn a_signature_and_date_at_the_end_leave_the_body_and_are_told() {
    let imported = import_txt(
        "2025年度个人工作总结\n一、思想政治方面\n　　一是学习。\n　　二是站位。\n二、今后的努力方向\n　　一是加强学习。\n　　二是改进作风。\n　　以上总结，请审阅。\n\n刘芳\n2025年12月18日\n",
        None,
    );
    let draft = &imported.draft;
    assert_eq!(draft.field("姓名"), "刘芳");
    assert_eq!(section(draft, "plans"), ["加强学习。", "改进作风。"]);
    assert_eq!(section(draft, "closing"), ["以上总结，请审阅。"]);
    assert!(
        imported.notes.iter().any(|n| n.contains("2025年12月18日")),
        "{:?}",
        imported.notes
    );
}

#[test]
fn the_title_is_kept_as_the_drafts_own_with_its_year_as_a_field() {
    let imported = import_txt(
        "区委常委、区委宣传部长2025年度民主生活会个人对照检查材料\n一、存在的问题\n　　甲。\n",
        None,
    );
    assert_eq!(imported.draft.template, "duizhao");
    assert_eq!(
        imported.draft.title.as_deref(),
        Some("区委常委、区委宣传部长{年度}年度民主生活会个人对照检查材料")
    );
    assert_eq!(imported.draft.field("年度"), "2025");
    let registry = registry();
    let template = registry.template("duizhao").unwrap();
    assert_eq!(
        assemble(&imported.draft, template).title_text(),
        "区委常委、区委宣传部长2025年度民主生活会个人对照检查材料"
    );
}

#[test]
fn a_title_without_a_year_is_kept_word_for_word_and_next_year_leaves_it() {
    let text = parse_report(
        "x.txt".into(),
        "txt",
        "林业局局长的述职报告\n一、履职尽责\n　　甲。\n".as_bytes(),
    )
    .unwrap();
    let registry = registry();
    let template = registry.template("dnqjl").unwrap();
    let options = Options {
        next_year: true,
        blank_figures: false,
        ..Options::default()
    };
    let imported = import(&text, template, options).unwrap();
    assert_eq!(
        imported.draft.title.as_deref(),
        Some("林业局局长的述职报告")
    );
}

/// The characters of `text` that are body text: no whitespace, and no ordinal in front.
fn body_chars(line: &str) -> Vec<char> {
    let line = crate::draft::sub_heading(line).unwrap_or(line);
    crate::text::ordinal::split_ordinal(line)
        .1
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

proptest! {
    #[test]
    fn import_never_drops_or_duplicates_a_character_of_the_body(
        lines in proptest::collection::vec(
            (
                "(　　|    )?",
                "(一、|二、|三、|四、|一是|二是|三是|（一）|（二）|1、|2、)?",
                "[甲乙丙丁学习工作廉洁法治不足打算，。]{1,24}",
            ),
            1..30,
        ),
    ) {
        let registry = registry();
        let template = registry.template("dnqjl").unwrap();
        let body: Vec<String> = lines.iter().map(|(i, o, t)| format!("{i}{o}{t}")).collect();
        let report = format!("2025年度述职报告\n{}\n", body.join("\n"));
        let text = parse_report("x.txt".into(), "txt", report.as_bytes()).unwrap();
        if let Ok(imported) = import(&text, template, Options::default()) {
            let mut want: Vec<char> = body.iter().flat_map(|l| body_chars(l.trim())).collect();
            let draft = &imported.draft;
            let mut got: Vec<char> = draft
                .sections
                .values()
                .flat_map(|s| s.heading.iter().map(String::as_str).chain(s.paragraphs()))
                .flat_map(body_chars)
                .collect();
            for key in ["单位", "职务", "姓名"] {
                got.extend(draft.field(key).chars().filter(|c| !c.is_whitespace()));
            }
            want.sort_unstable();
            got.sort_unstable();
            prop_assert_eq!(
                got.iter().collect::<String>(),
                want.iter().collect::<String>(),
                "{:#?}\n{:#?}",
                draft,
                imported.mapping
            );
        }
    }
}

#[test]
fn sub_headings_written_in_every_format_come_back_as_sub_headings() {
    let registry = registry();
    let template = registry.template("dnqjl").unwrap();
    let mut draft = fixture("xiangzhang");
    draft.sections.insert(
        "duty".into(),
        Section {
            heading: None,
            text: "全年主要抓了三方面工作。\n# 抓项目建设\n全年实施重点项目14个，完成投资3.2亿元。\n新签约招商项目6个。\n# 抓粮食生产\n完成粮食播种面积3.6万亩。\n".into(),
        },
    );
    let expected = Format::Txt.render(&assemble(&draft, template), &Default::default());
    for (format, ext) in Format::ALL {
        let imported = import_bytes(ext, &rendered(&draft, format), None, Options::default());
        assert_eq!(
            section(&imported.draft, "duty"),
            section(&draft, "duty"),
            "{ext}"
        );
        let again = Format::Txt.render(&assemble(&imported.draft, template), &Default::default());
        assert_eq!(
            String::from_utf8(again).unwrap(),
            String::from_utf8(expected.clone()).unwrap(),
            "{ext}"
        );
    }
}

#[test]
fn a_piece_the_writer_moves_goes_to_the_part_chosen_and_nothing_else_changes() {
    let registry = registry();
    let bytes = rendered(&fixture("xiangzhang"), Format::Txt);
    let text = parse_report("旧报告.txt".into(), "txt", &bytes).unwrap();
    let template = registry.template("dnqjl").unwrap();
    let before = import(&text, template, Options::default()).unwrap();
    let law = template.parts.iter().position(|p| p.id == "law").unwrap();
    let ideology = template
        .parts
        .iter()
        .position(|p| p.id == "ideology")
        .unwrap();
    let piece = before
        .mapping
        .iter()
        .find(|p| p.target == law)
        .unwrap()
        .piece;
    let moves = BTreeMap::from([(piece, ideology)]);
    let after = import_moved(&text, template, Options::default(), &moves).unwrap();

    assert_eq!(
        section(&after.draft, "ideology"),
        section(&before.draft, "law")
    );
    assert!(
        after.draft.section("law").is_none(),
        "{:?}",
        after.draft.sections
    );
    let moved = after.mapping.iter().find(|p| p.piece == piece).unwrap();
    assert_eq!(
        (moved.target, &moved.part, &moved.rule),
        (ideology, &"ideology".to_string(), &Rule::Moved)
    );
    assert!(
        moved.describe().contains("由你移到这里"),
        "{}",
        moved.describe()
    );
    for id in ["opening", "study", "duty", "integrity", "closing"] {
        assert_eq!(
            section(&after.draft, id),
            section(&before.draft, id),
            "{id}"
        );
    }
    // Moved back where the rules put it, it is as if never moved.
    let back = BTreeMap::from([(piece, law)]);
    assert_eq!(
        import_moved(&text, template, Options::default(), &back).unwrap(),
        before
    );
}

#[test]
fn a_piece_moved_into_a_part_that_has_one_follows_it_as_a_sub_heading() {
    let registry = registry();
    let bytes = rendered(&fixture("xiangzhang"), Format::Txt);
    let text = parse_report("旧报告.txt".into(), "txt", &bytes).unwrap();
    let template = registry.template("dnqjl").unwrap();
    let before = import(&text, template, Options::default()).unwrap();
    let study = template.parts.iter().position(|p| p.id == "study").unwrap();
    let law = before.mapping.iter().find(|p| p.part == "law").unwrap();
    let moves = BTreeMap::from([(law.piece, study)]);
    let after = import_moved(&text, template, Options::default(), &moves).unwrap();
    let lines = section(&after.draft, "study");
    let heading = law.from.split_once('、').unwrap().1;
    assert!(
        lines.contains(&crate::draft::sub_heading_line(heading).as_str()),
        "{lines:#?}"
    );
    assert!(
        after
            .mapping
            .iter()
            .any(|p| p.piece == law.piece && p.joined)
    );
}
