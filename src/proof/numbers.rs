//! 数字用法 (GB/T 15835-2011《出版物上数字用法》) that a pattern cannot express: 汉字 and
//! Arabic statistics mixed in one sentence, and 万元 beside large amounts in 元. The rules that a
//! pattern can express (year in full, ranges, percentages, a figure without its unit) are in
//! `numbers.toml`.

use super::{Finding, Kind, Level};

/// Ids of the rules in this module.
pub const RULES: &[&str] = &[MIXED, UNITS];
const MIXED: &str = "数字用法.汉字与阿拉伯数字混用";
const UNITS: &str = "数字用法.万元与元混用";

/// Characters of a number written in 汉字.
const NUMERALS: &str = "零〇一二两三四五六七八九十百千万亿";
/// First characters of the units a statistic carries.
const UNITS_START: &str = "亩人个户家次篇项座条台件所套辆份处名元吨米公里万亿%％斤棵株批场期";
/// An amount in 元 this large beside amounts in 万元 should be in 万元 too.
const LARGE_YUAN: f64 = 10_000.0;

/// Every finding of these rules in `text`, sentence by sentence.
pub fn check(text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices().chain([(text.len(), '。')]) {
        if matches!(c, '。' | '；' | '！' | '？') {
            sentence(text, start..i, &mut found);
            start = (i + c.len_utf8()).min(text.len());
        }
    }
    found
}

fn sentence(text: &str, range: std::ops::Range<usize>, found: &mut Vec<Finding>) {
    let s = &text[range.clone()];
    let at = range.start;
    let arabic = arabic_figures(s);
    if !arabic.is_empty() {
        for (r, value, pct) in chinese_figures(s) {
            let fix = if pct {
                format!("{value}%")
            } else {
                value.to_string()
            };
            let matched = &s[r.clone()];
            found.push(Finding {
                rule: MIXED.into(),
                level: Level::Suspect,
                kind: Kind::Number,
                range: at + r.start..at + r.end,
                text: matched.to_string(),
                message: format!(
                    "同一句中统计数字应统一用阿拉伯数字：“{matched}”宜写作“{fix}”（GB/T 15835）"
                ),
                fix: Some(fix),
            });
        }
    }
    let tens_of_thousands = arabic
        .iter()
        .any(|f| f.unit.starts_with("万元") || f.unit.starts_with("亿元"));
    if tens_of_thousands {
        for f in &arabic {
            let lead: String = s[..f.range.start].chars().rev().take(8).collect();
            let per_person = lead.contains("均人");
            if f.unit.starts_with('元') && f.value >= LARGE_YUAN && !per_person {
                let matched = &s[f.range.clone()];
                found.push(Finding {
                    rule: UNITS.into(),
                    level: Level::Suspect,
                    kind: Kind::Number,
                    range: at + f.range.start..at + f.range.end,
                    text: matched.to_string(),
                    message: format!("同一句中其他金额以“万元”计，“{matched}”宜统一换算为万元"),
                    fix: None,
                });
            }
        }
    }
}

/// An Arabic figure with its unit.
struct Figure {
    range: std::ops::Range<usize>,
    value: f64,
    unit: String,
}

/// Each Arabic figure of `s` followed by a unit (a year before 年 is not one).
fn arabic_figures(s: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
            i += 1;
        }
        let number = s[start..i].trim_end_matches('.');
        let rest = &s[i..];
        let unit: String = rest.chars().take(3).collect();
        let is_unit = unit.chars().next().is_some_and(|c| UNITS_START.contains(c));
        if is_unit && let Ok(value) = number.parse::<f64>() {
            let first = unit.chars().next().map_or(0, char::len_utf8);
            let end = if rest.starts_with("万元") || rest.starts_with("亿元") {
                i + "万元".len()
            } else {
                i + first
            };
            out.push(Figure {
                range: start..end,
                value,
                unit,
            });
        }
    }
    out
}

/// Each statistic of `s` written in 汉字 (`三千二百亩`, `百分之三十`): its range, its value, and
/// whether it is a percentage. The unit stays outside the range.
fn chinese_figures(s: &str) -> Vec<(std::ops::Range<usize>, u64, bool)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let pct = s[at..].starts_with("百分之");
        if !pct && !NUMERALS.contains(c) {
            i += 1;
            continue;
        }
        let from = if pct { i + 3 } else { i };
        let mut j = from;
        while j < chars.len() && NUMERALS.contains(chars[j].1) {
            j += 1;
        }
        let run: String = chars[from..j].iter().map(|&(_, c)| c).collect();
        let end = chars.get(j).map_or(s.len(), |&(b, _)| b);
        let prev = i.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(j).map(|&(_, c)| c);
        let magnitude = run.chars().any(|c| "十百千万亿".contains(c));
        let counted = if pct {
            !run.is_empty()
        } else {
            run.chars().count() >= 2
                && magnitude
                && next.is_some_and(|n| UNITS_START.contains(n) && !"万亿".contains(n))
                && prev.is_none_or(|p| !matches!(p, '第' | '初' | '周' | '星'))
        };
        if counted && let Some(value) = parse_big(&run) {
            out.push((at..end, value, pct));
        }
        i = j.max(i + 1);
    }
    out
}

/// The value of a number written in 汉字 up to the 亿s: `三千二百` → 3200, `一万二千` → 12000.
fn parse_big(s: &str) -> Option<u64> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|d| d as u64)
    };
    let mut total = 0u64;
    let mut section = 0u64;
    let mut pending: Option<u64> = None;
    for c in s.chars() {
        match c {
            '〇' => pending = Some(0),
            '两' => pending = Some(2),
            '十' | '百' | '千' => {
                let unit = match c {
                    '十' => 10,
                    '百' => 100,
                    _ => 1000,
                };
                section += pending.take().unwrap_or(1) * unit;
            }
            '万' | '亿' => {
                let unit = if c == '万' { 10_000 } else { 100_000_000 };
                let part = (section + pending.take().unwrap_or(0)).max(1);
                total = (total + part).checked_mul(unit)?;
                section = 0;
            }
            c => {
                let d = digit(c)?;
                if let Some(p) = pending
                    && p != 0
                {
                    // Digit after digit (二三) is not a number written this way.
                    return None;
                }
                pending = Some(d);
            }
        }
    }
    Some(total + section + pending.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<(String, Option<String>)> {
        check(text).into_iter().map(|f| (f.rule, f.fix)).collect()
    }

    #[test]
    fn han_numerals_are_read_up_to_the_yi() {
        assert_eq!(parse_big("三千二百"), Some(3200));
        assert_eq!(parse_big("一万二千"), Some(12000));
        assert_eq!(parse_big("十二"), Some(12));
        assert_eq!(parse_big("三十"), Some(30));
        assert_eq!(parse_big("一百零五"), Some(105));
    }

    #[test]
    fn a_han_statistic_beside_an_arabic_one_is_flagged_with_the_arabic_form() {
        assert_eq!(
            rules("全年新增高标准农田三千二百亩，改造中低产田1200亩。"),
            [(MIXED.to_string(), Some("3200".to_string()))]
        );
        assert_eq!(
            rules("农业产值增长百分之三十，带动就业860人。"),
            [(MIXED.to_string(), Some("30%".to_string()))]
        );
    }

    #[test]
    fn han_numerals_in_names_and_alone_are_not_statistics() {
        assert!(rules("谋划“十五五”发展，完成投资1200万元。").is_empty());
        assert!(rules("全年新增高标准农田三千二百亩。").is_empty());
        assert!(rules("第二十个项目完成投资1200万元。").is_empty());
    }

    #[test]
    fn a_large_amount_in_yuan_beside_amounts_in_wan_yuan_is_flagged() {
        assert_eq!(
            rules("争取上级资金1200万元、落实配套资金350000元。"),
            [(UNITS.to_string(), None)]
        );
        assert!(rules("争取上级资金1200万元，人均可支配收入21850元。").is_empty());
        assert!(rules("争取上级资金1200万元、落实配套资金35万元。").is_empty());
    }
}
