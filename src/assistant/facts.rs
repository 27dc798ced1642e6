//! 事实锁定: what an answer may not change. Every figure with its unit, date, percentage,
//! document title (《…》), code (`5G`, `S312`), field value (the writer's name, unit, post), and
//! place still to fill (`{…}`, `*`) of the original must be in the answer as written, and the
//! answer may bring in none the original does not have. The assistant changes wording, never
//! facts: an answer that breaks this is shown with what changed and cannot be accepted.
//!
//! A figure is a run of Arabic digits (ASCII or full-width, with a decimal point or thousands
//! commas inside) with what follows it of 余/多 and a unit (`12.5亿元`, `200余人`, `15%`,
//! `2025年`, `3月`); written in Chinese numerals it counts when it has a unit and is more than a
//! bare 一 (`两个`, `三项`, `二十届`, `三中全会`, `百分之十五`). `十四五` and its like count whole.
//! Ordinals a paragraph begins with (`1.`, `一是`) are the tool's and are left out.
//!
//! Compared as written, but for the width of digits and `%` and thousands commas (`１,２００` is
//! `1200`): `3个` written `三个` is a change, and so is `12.5亿元` written `12.5亿`.

use std::collections::BTreeMap;

use crate::text::ordinal::split_ordinal;
use crate::text::slots::{self, Piece};

/// What kind of fact, as the writer reads it in a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Figure,
    Date,
    Percent,
    /// A code of letters and digits (`5G`, `S312国道` → `S312`).
    Code,
    /// A 《…》 title.
    Title,
    /// A field's value (姓名, 单位, 职务…).
    Name,
    /// A `{…}` slot or `{字段}`.
    Slot,
    /// A run of `*`: a figure still to look up.
    Stars,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Figure => "数字",
            Kind::Date => "日期",
            Kind::Percent => "百分比",
            Kind::Code => "编号",
            Kind::Title => "文件名称",
            Kind::Name => "名称",
            Kind::Slot => "待填处",
            Kind::Stars => "待填标记",
        }
    }

    /// Whether the number of times it appears matters (a place to fill is filled once each).
    fn counted(self) -> bool {
        matches!(self, Kind::Slot | Kind::Stars)
    }
}

/// One fact of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    pub kind: Kind,
    /// As written.
    pub text: String,
    /// As compared.
    pub key: String,
}

/// A fact the answer broke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Violation {
    /// In the original, not in the answer.
    Missing(Fact),
    /// In the answer, not in the original.
    Added(Fact),
    /// One of a kind replaced by another: most often a changed figure.
    Changed { from: Fact, to: Fact },
    /// A place to fill that the original has `from` times and the answer `to` times.
    Count { fact: Fact, from: usize, to: usize },
}

impl Violation {
    /// The line the writer reads.
    pub fn message(&self) -> String {
        match self {
            Violation::Missing(f) => {
                format!("原文的{}“{}”在改写中没有了", f.kind.name(), f.text)
            }
            Violation::Added(f) => {
                format!("改写中多了原文没有的{}“{}”", f.kind.name(), f.text)
            }
            Violation::Changed { from, to } => {
                format!("{}“{}”被改成了“{}”", from.kind.name(), from.text, to.text)
            }
            Violation::Count { fact, from, to } => format!(
                "{}“{}”原文有 {from} 处，改写中有 {to} 处",
                fact.kind.name(),
                fact.text
            ),
        }
    }
}

/// Units a figure may carry, longest first where one begins another.
const UNITS: &[&str] = &[
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "万千瓦时",
    "千瓦时",
    "千瓦",
    "中全会",
    "万人次",
    "人次",
    "亿元",
    "万元",
    "千元",
    "百元",
    "美元",
    "万亩",
    "万吨",
    "万户",
    "万人",
    "万个",
    "公顷",
    "公里",
    "千米",
    "厘米",
    "毫米",
    "小时",
    "分钟",
    "学时",
    "课时",
    "个月",
    "年度",
    "余万",
    "多万",
    "余亿",
    "多亿",
    "万",
    "亿",
    "千",
    "百",
    "元",
    "角",
    "亩",
    "米",
    "吨",
    "斤",
    "克",
    "升",
    "人",
    "个",
    "户",
    "家",
    "次",
    "篇",
    "项",
    "座",
    "条",
    "台",
    "件",
    "批",
    "场",
    "期",
    "所",
    "套",
    "辆",
    "份",
    "起",
    "处",
    "名",
    "位",
    "天",
    "周",
    "倍",
    "届",
    "轮",
    "趟",
    "笔",
    "例",
    "张",
    "本",
    "册",
    "间",
    "栋",
    "支",
    "队",
    "部",
    "盏",
    "株",
    "棵",
    "头",
    "只",
    "年",
    "月",
    "日",
    "号",
    "岁",
    "%",
    "％",
    "‰",
    "度",
    "分",
    "秒",
    "季度",
    "星",
];

const CHINESE_DIGITS: &str = "零〇一二两三四五六七八九十百千万亿";

/// The facts of `text`; `names` are the field values that count as names.
pub fn facts(text: &str, names: &[String]) -> Vec<Fact> {
    let mut out = Vec::new();
    for line in text.lines() {
        let (_, body) = split_ordinal(line);
        for piece in slots::pieces(body) {
            match piece {
                Piece::Braced(s) => out.push(Fact {
                    kind: Kind::Slot,
                    text: s.to_string(),
                    key: s.to_string(),
                }),
                Piece::Stars(s) => out.push(Fact {
                    kind: Kind::Stars,
                    text: s.to_string(),
                    key: "*".to_string(),
                }),
                Piece::Text(t) => scan(t, &mut out),
            }
        }
        for name in names {
            let name = name.trim();
            if name.chars().count() >= 2 {
                for _ in body.matches(name) {
                    out.push(Fact {
                        kind: Kind::Name,
                        text: name.to_string(),
                        key: name.to_string(),
                    });
                }
            }
        }
    }
    out
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_chinese_digit(c: char) -> bool {
    CHINESE_DIGITS.contains(c)
}

/// Figures, dates, percentages, codes and titles of plain text.
fn scan(text: &str, out: &mut Vec<Fact>) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '《' {
            if let Some(len) = chars[i + 1..].iter().position(|&c| c == '》') {
                let title: String = chars[i..i + len + 2].iter().collect();
                out.push(Fact {
                    kind: Kind::Title,
                    key: title.clone(),
                    text: title,
                });
                i += len + 2;
                continue;
            }
        } else if c.is_ascii_alphabetic() || is_digit(c) {
            let end = alnum_end(&chars, i);
            let run: String = chars[i..end].iter().collect();
            if run.chars().any(|c| c.is_ascii_alphabetic()) {
                if run.chars().any(is_digit) {
                    out.push(Fact {
                        kind: Kind::Code,
                        key: normalize(&run),
                        text: run,
                    });
                }
                i = end;
                continue;
            }
            let end = number_end(&chars, i);
            let (unit_end, kind) = unit(&chars, end);
            let written: String = chars[i..unit_end].iter().collect();
            out.push(Fact {
                kind,
                key: normalize(&written),
                text: written,
            });
            i = unit_end;
            continue;
        } else if starts_with(&chars, i, "百分之") {
            let start = i + 3;
            let end = chinese_end(&chars, start);
            if end > start {
                let written: String = chars[i..end].iter().collect();
                out.push(Fact {
                    kind: Kind::Percent,
                    key: written.clone(),
                    text: written,
                });
                i = end;
                continue;
            }
        } else if is_chinese_digit(c) {
            let end = chinese_end(&chars, i);
            let run: String = chars[i..end].iter().collect();
            let plan = run.chars().count() == 3
                && run.starts_with('十')
                && run.ends_with('五')
                && !chars.get(end).is_some_and(|&c| is_chinese_digit(c));
            let (unit_end, kind) = unit(&chars, end);
            if plan {
                out.push(Fact {
                    kind: Kind::Name,
                    key: run.clone(),
                    text: run,
                });
            } else if unit_end > end && run != "一" {
                let written: String = chars[i..unit_end].iter().collect();
                out.push(Fact {
                    kind,
                    key: written.clone(),
                    text: written,
                });
                i = unit_end;
                continue;
            }
            i = end;
            continue;
        }
        i += 1;
    }
}

fn starts_with(chars: &[char], at: usize, word: &str) -> bool {
    word.chars()
        .enumerate()
        .all(|(n, w)| chars.get(at + n) == Some(&w))
}

/// The end of a run of ASCII letters and digits (codes such as `5G`, `S312`, `GB/T`).
fn alnum_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len() && (chars[end].is_ascii_alphanumeric() || is_digit(chars[end])) {
        end += 1;
    }
    end
}

/// The end of a number starting at `start`: digits with `.`, `．` or `,` between digits.
fn number_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len() {
        let c = chars[end];
        let inner = matches!(c, '.' | '．' | ',')
            && end > start
            && chars.get(end + 1).is_some_and(|&n| is_digit(n));
        if is_digit(c) || inner {
            end += 1;
        } else {
            break;
        }
    }
    end
}

/// The end of a run of Chinese numerals.
fn chinese_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len() && (is_chinese_digit(chars[end]) || chars[end] == '点' && end > start)
    {
        end += 1;
    }
    end
}

/// The end of `余`/`多` and a unit after a number, and the kind of fact that makes it.
fn unit(chars: &[char], at: usize) -> (usize, Kind) {
    let mut end = at;
    if matches!(chars.get(end), Some('余' | '多')) {
        end += 1;
    }
    let found = UNITS
        .iter()
        .filter(|u| starts_with(chars, end, u))
        .max_by_key(|u| u.chars().count());
    let Some(unit) = found else {
        return (end, Kind::Figure);
    };
    let kind = match *unit {
        "年" | "年度" | "月" | "日" => Kind::Date,
        "%" | "％" | "‰" => Kind::Percent,
        _ => Kind::Figure,
    };
    let mut end = end + unit.chars().count();
    // `3万余人`, `2亿多元`: the rest of the unit after a 万 or 亿.
    if matches!(
        *unit,
        "万" | "亿" | "千" | "百" | "余万" | "多万" | "余亿" | "多亿"
    ) {
        if matches!(chars.get(end), Some('余' | '多')) {
            end += 1;
        }
        if let Some(more) = UNITS
            .iter()
            .filter(|u| !matches!(**u, "万" | "亿" | "千" | "百"))
            .filter(|u| starts_with(chars, end, u))
            .max_by_key(|u| u.chars().count())
        {
            end += more.chars().count();
        }
    }
    (end, kind)
}

/// How facts are compared: digits and `%` half-width, thousands commas dropped.
fn normalize(text: &str) -> String {
    text.chars()
        .filter(|&c| c != ',')
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '％' => '%',
            c if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
            c => c,
        })
        .collect()
}

/// What `answer` broke of the facts of `original`, in the original's order; empty when it
/// kept every fact and added none.
pub fn check(original: &str, answer: &str, names: &[String]) -> Vec<Violation> {
    let before = facts(original, names);
    let after = facts(answer, names);
    let tally = |facts: &[Fact]| {
        let mut map: BTreeMap<(Kind, String), (usize, Fact)> = BTreeMap::new();
        for f in facts {
            map.entry((f.kind, f.key.clone()))
                .or_insert_with(|| (0, f.clone()))
                .0 += 1;
        }
        map
    };
    let (had, has) = (tally(&before), tally(&after));
    let mut missing: Vec<Fact> = Vec::new();
    let mut added: Vec<Fact> = Vec::new();
    let mut counts = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for f in &before {
        let key = (f.kind, f.key.clone());
        if !seen.insert(key.clone()) {
            continue;
        }
        match has.get(&key) {
            None => missing.push(f.clone()),
            Some((n, _)) if f.kind.counted() && *n != had[&key].0 => {
                counts.push(Violation::Count {
                    fact: f.clone(),
                    from: had[&key].0,
                    to: *n,
                })
            }
            Some(_) => {}
        }
    }
    let mut seen = std::collections::HashSet::new();
    for f in &after {
        let key = (f.kind, f.key.clone());
        if seen.insert(key.clone()) && !had.contains_key(&key) {
            added.push(f.clone());
        }
    }
    // A fact missing and one of its kind added in its place: a change, said as one.
    let mut out = Vec::new();
    for m in missing {
        let similar = |a: &Fact| {
            a.kind == m.kind
                || matches!(
                    (a.kind, m.kind),
                    (
                        Kind::Figure | Kind::Percent | Kind::Date,
                        Kind::Figure | Kind::Percent | Kind::Date
                    )
                )
        };
        match added.iter().position(similar) {
            Some(at) => {
                let to = added.remove(at);
                out.push(Violation::Changed { from: m, to });
            }
            None => out.push(Violation::Missing(m)),
        }
    }
    out.extend(counts);
    out.extend(added.into_iter().map(Violation::Added));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(text: &str) -> Vec<String> {
        facts(text, &[]).into_iter().map(|f| f.text).collect()
    }

    #[test]
    fn figures_keep_their_units_and_dates_their_parts() {
        assert_eq!(
            texts("2025年3月15日召开会议，全年完成投资12.5亿元，同比增长15%，培训干部200余人次。"),
            ["2025年", "3月", "15日", "12.5亿元", "15%", "200余人次"]
        );
        assert_eq!(
            texts("覆盖3万余人、1,200户，5G基站建成S312国道沿线"),
            ["3万余人", "1,200户", "5G", "S312"]
        );
        assert_eq!(
            texts(
                "树牢“四个意识”，做到“两个维护”，学习二十届三中全会精神和“十四五”规划，完成三项任务"
            ),
            ["四个", "两个", "二十届", "三中全会", "十四五", "三项"]
        );
        assert_eq!(texts("百分之十五的村"), ["百分之十五"]);
    }

    #[test]
    fn words_that_only_look_like_counts_are_not_facts() {
        assert!(texts("一是加强学习，二是一个重要方面，进一步统一思想").is_empty());
        assert!(
            texts("1. 认真学习").is_empty(),
            "{:?}",
            texts("1. 认真学习")
        );
        assert!(texts("（一）加强理论学习").is_empty());
    }

    #[test]
    fn titles_slots_stars_and_names_are_facts() {
        let names = vec!["张三".to_string(), "某某乡人民政府".to_string()];
        let f: Vec<(Kind, String)> = facts(
            "{姓名}学习《中华人民共和国监察法》，完成*亩，张三在某某乡人民政府",
            &names,
        )
        .into_iter()
        .map(|f| (f.kind, f.text))
        .collect();
        let expected = [
            (Kind::Slot, "{姓名}"),
            (Kind::Title, "《中华人民共和国监察法》"),
            (Kind::Stars, "*"),
            (Kind::Name, "张三"),
            (Kind::Name, "某某乡人民政府"),
        ];
        assert_eq!(f, expected.map(|(k, t)| (k, t.to_string())));
    }

    #[test]
    fn a_rewording_that_keeps_every_fact_passes() {
        let original = "今年以来，全镇完成固定资产投资12.5亿元，同比增长15%，新建村级活动场所3个。";
        let answer =
            "全镇固定资产投资完成12.5亿元、同比增长15%，新建3个村级活动场所，基层阵地更加稳固。";
        assert_eq!(check(original, answer, &[]), []);
        // Full-width digits and a thousands comma are the same figure.
        assert_eq!(check("完成１２００户", "完成1,200户的任务", &[]), []);
    }

    #[test]
    fn a_changed_figure_is_named_with_what_it_became() {
        let v = check("完成投资12.5亿元", "完成投资13亿元", &[]);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].message(), "数字“12.5亿元”被改成了“13亿元”");
        let v = check("完成投资12.5亿元", "完成投资12.5亿", &[]);
        assert_eq!(v[0].message(), "数字“12.5亿元”被改成了“12.5亿”");
        let v = check("增长15%", "大幅增长，效果明显，惠及2000人", &[]);
        assert_eq!(v[0].message(), "百分比“15%”被改成了“2000人”");
        let v = check("认真学习", "认真学习《党章》", &[]);
        assert_eq!(v[0].message(), "改写中多了原文没有的文件名称“《党章》”");
        let v = check("完成*亩，{待填}", "完成亩", &[]);
        assert_eq!(
            v.iter().map(Violation::message).collect::<Vec<_>>(),
            [
                "原文的待填标记“*”在改写中没有了",
                "原文的待填处“{待填}”在改写中没有了"
            ]
        );
        let v = check("张三同志", "该同志", &["张三".to_string()]);
        assert_eq!(v[0].message(), "原文的名称“张三”在改写中没有了");
        let v = check("完成*亩", "完成*亩，另有*户", &[]);
        assert_eq!(v[0].message(), "待填标记“*”原文有 1 处，改写中有 2 处");
    }

    /// Words with no numeral, no unit and no ASCII: whatever stands next to a fact, the fact
    /// reads the same.
    const FILLER: &[&str] = &[
        "全面推进",
        "认真落实",
        "切实加强",
        "扎实开展",
        "持续深化",
        "工作机制",
        "基层治理",
        "作风建设",
        "为民服务",
        "取得实效",
        "稳步提升",
        "群众满意",
        "有力保障",
        "坚持不懈",
    ];

    /// A field's value (姓名) the draft holds, as a fact of the text.
    const NAME: &str = "张三";

    fn names() -> Vec<String> {
        vec![NAME.to_string()]
    }

    fn fact() -> impl Strategy<Value = String> {
        prop_oneof![
            (
                1u32..100_000,
                prop::sample::select(vec![
                    "亿元", "万元", "亩", "人次", "个", "户", "项", "%", "公里"
                ])
            )
                .prop_map(|(n, u)| format!("{n}{u}")),
            (1u32..1000, 1u32..10).prop_map(|(a, b)| format!("{a}.{b}亿元")),
            (1u32..100, 1u32..10).prop_map(|(a, b)| format!("{a}.{b}%")),
            (2000u32..2030, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}年{m}月{d}日")),
            prop::sample::select(vec![
                "《中国共产党纪律处分条例》",
                "《民法典》",
                "{待填}",
                "***",
                NAME,
                "三项",
                "两个"
            ])
            .prop_map(str::to_string),
        ]
    }

    fn sentence(facts: &[String], words: &[usize]) -> String {
        let mut s = String::new();
        for (n, f) in facts.iter().enumerate() {
            s.push_str(FILLER[words[n % words.len()] % FILLER.len()]);
            s.push('，');
            s.push_str(f);
            s.push('，');
        }
        s.push_str(FILLER[words[0] % FILLER.len()]);
        s.push('。');
        s
    }

    proptest! {
        #[test]
        fn an_answer_keeping_every_fact_passes(
            facts in prop::collection::vec(fact(), 1..6),
            a in prop::collection::vec(0usize..100, 1..8),
            b in prop::collection::vec(0usize..100, 1..8),
            rotate in 0usize..6,
        ) {
            let original = sentence(&facts, &a);
            let mut moved = facts.clone();
            let len = moved.len();
            moved.rotate_left(rotate % len);
            let answer = sentence(&moved, &b);
            prop_assert_eq!(check(&original, &answer, &names()), vec![]);
        }

        #[test]
        fn an_answer_changing_any_fact_fails(
            // Distinct facts: a fact said twice and changed once is still said, which this
            // test does not claim to catch.
            facts in prop::collection::btree_set(fact(), 1..6)
                .prop_map(|set| set.into_iter().collect::<Vec<_>>()),
            a in prop::collection::vec(0usize..100, 1..8),
            which in 0usize..6,
            how in 0usize..4,
        ) {
            let original = sentence(&facts, &a);
            let mut changed = facts.clone();
            let at = which % changed.len();
            let f = changed[at].clone();
            changed[at] = match how {
                // Another number: a digit changed, or one more.
                0 if f.chars().any(|c| c.is_ascii_digit()) => {
                    let d = f.find(|c: char| c.is_ascii_digit()).unwrap();
                    let digit = f.as_bytes()[d];
                    let new = if digit == b'9' { '1' } else { char::from(digit + 1) };
                    format!("{}{new}{}", &f[..d], &f[d + 1..])
                }
                // The fact left out.
                1 => String::from("有关情况"),
                // A fact the original does not have.
                2 => format!("{f}，另有99999棵"),
                // The unit changed.
                _ if f.ends_with("亿元") => f.replace("亿元", "万元"),
                _ if f.ends_with('日') => format!("{}号", f.trim_end_matches('日')),
                _ if f == NAME => "李四".to_string(),
                // The figure still to look up, made up.
                _ if f == "***" => "12万元".to_string(),
                _ => format!("{f}，新增88888人"),
            };
            let answer = sentence(&changed, &a);
            prop_assert!(
                !check(&original, &answer, &names()).is_empty(),
                "{} → {}",
                original,
                answer
            );
        }
    }
}
