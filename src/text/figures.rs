//! 数字: the figures of a report (amounts, percentages, counts), and blanking them to `*` so a
//! writer starting from last year's report fills in this year's.
//!
//! A figure is a run of Arabic digits (ASCII or full-width, with a decimal point or thousands
//! commas inside). Its unit stays and only the number becomes `*`, the way drafters mark a figure
//! to look up (`完成播种面积*亩`, `增长*%`, `投资*亿元`), so the writer still sees what to fill.
//!
//! Not figures, and left alone: a year (`2025年`, `2025年度`, a bare `2025`), the month and day of
//! a date (`3月`, `15日`), numbers inside an identifier (`S312`, `5G`), in-text enumerations
//! `（1）`, an ordinal at the start of a paragraph (`1.`), document numbers (`12号`), Chinese
//! numerals (`一是`, `十四五`) and anything inside a `{…}` slot.

use super::ordinal::split_ordinal;
use super::slots::{self, Piece};

/// The earliest and latest number read as a year when it stands alone or before 年.
const YEARS: std::ops::RangeInclusive<u32> = 1900..=2100;

/// First characters of the units a figure may carry (元, 亩, 人次, %…). A four-digit number in
/// the range of years followed by one of them is a figure (`2000亩`), otherwise it is a year.
const UNIT_STARTS: &str = "亿万千百十元角亩公顷米吨斤克升人个户家次篇项座条台件批场期所套辆份起处名位天周小学课倍%％余多平立度瓦伏盏株棵头只张本册间栋幢支队部家届轮趟标单笔例";

/// `text` with every figure's number replaced by `*`, and how many were replaced.
pub fn blank_figures(text: &str) -> (String, usize) {
    let (ordinal, rest) = split_ordinal(text);
    let mut out = String::with_capacity(text.len());
    out.push_str(ordinal);
    let mut count = 0;
    for piece in slots::pieces(rest) {
        match piece {
            Piece::Text(t) => count += blank_in(t, &mut out),
            other => out.push_str(other.as_str()),
        }
    }
    (out, count)
}

/// Appends `text` to `out` with its figures blanked; returns how many.
fn blank_in(text: &str, out: &mut String) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut count = 0;
    let mut i = 0;
    while i < chars.len() {
        if !is_digit(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let end = number_end(&chars, i);
        let number: String = chars[i..end].iter().collect();
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(end).copied();
        if is_figure(&number, before, after) {
            out.push('*');
            count += 1;
        } else {
            out.push_str(&number);
        }
        i = end;
    }
    count
}

/// Where the number starting at `start` ends: digits, with `.` followed by a digit and `,`
/// followed by exactly three digits inside.
fn number_end(chars: &[char], start: usize) -> usize {
    let mut i = start;
    while i < chars.len() {
        let c = chars[i];
        let digit_at = |k: usize| chars.get(k).is_some_and(|&d| is_digit(d));
        let inside = is_digit(c)
            || (matches!(c, '.' | '．') && digit_at(i + 1))
            || (c == ',' && (1..=3).all(|k| digit_at(i + k)) && !digit_at(i + 4));
        if !inside {
            break;
        }
        i += 1;
    }
    i
}

/// Whether `number`, between the characters `before` and `after` it, is a figure.
fn is_figure(number: &str, before: Option<char>, after: Option<char>) -> bool {
    // S312, 5G, G20: part of a name.
    if before.is_some_and(|c| c.is_ascii_alphabetic())
        || after.is_some_and(|c| c.is_ascii_alphabetic())
    {
        return false;
    }
    // （1） in running text: an enumeration.
    if matches!(before, Some('（' | '(')) && matches!(after, Some('）' | ')')) {
        return false;
    }
    let value = number
        .chars()
        .all(|c| c.is_ascii_digit())
        .then(|| number.parse::<u32>().ok())
        .flatten();
    if let Some(value) = value {
        let year_like = number.len() == 4 && YEARS.contains(&value);
        if year_like && !after.is_some_and(|c| UNIT_STARTS.contains(c)) {
            return false;
        }
        // 3月, 15日, 12号: the parts of a date, a document number.
        let date_part = match after {
            Some('月') => (1..=12).contains(&value),
            Some('日') => (1..=31).contains(&value),
            Some('号') => true,
            _ => false,
        };
        if date_part {
            return false;
        }
    }
    true
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn blank(text: &str) -> String {
        blank_figures(text).0
    }

    #[test]
    fn the_issues_mixed_figures_are_blanked_and_the_year_stays() {
        let (text, n) =
            blank_figures("2025年，全乡完成投资1.5亿元，同比增长12.6%，新建高标准农田3200亩。");
        assert_eq!(
            text,
            "2025年，全乡完成投资*亿元，同比增长*%，新建高标准农田*亩。"
        );
        assert_eq!(n, 3);
    }

    #[test]
    fn units_stay_and_only_the_number_goes() {
        assert_eq!(blank("收入21,850元"), "收入*元");
        assert_eq!(blank("旅客3.6万人次"), "旅客*万人次");
        assert_eq!(blank("提高２个百分点"), "提高*个百分点");
        assert_eq!(blank("培训10-20人"), "培训*-*人");
        assert_eq!(blank("满意率达98.7"), "满意率达*");
        assert_eq!(blank("连续3年、近6个月"), "连续*年、近*个月");
        assert_eq!(blank("新增2000亩"), "新增*亩");
    }

    #[test]
    fn dates_years_names_and_enumerations_stay() {
        let kept = [
            "2023年3月起任局长",
            "2024年度考核",
            "12月15日召开",
            "2025-2027年行动方案",
            "省道S312改建，5G基站",
            "县政办〔2025〕12号文件",
            "一是抓项目，二十大，十四五",
            "分为（1）（2）两类",
            "{第3项}待填",
            "1.加强学习",
        ];
        for text in kept {
            assert_eq!(blank(text), text, "{text}");
        }
    }

    #[test]
    fn a_figure_after_an_ordinal_is_blanked_but_the_ordinal_stays() {
        assert_eq!(blank("1. 完成14次"), "1. 完成*次");
        assert_eq!(blank("（2）投资3亿元"), "（2）投资*亿元");
    }

    #[test]
    fn existing_stars_are_left_as_they_are() {
        assert_eq!(blank_figures("面积*亩"), ("面积*亩".to_string(), 0));
    }

    proptest! {
        #[test]
        fn blanking_never_panics_and_blanking_twice_changes_nothing(s in any::<String>()) {
            let (out, n) = blank_figures(&s);
            prop_assert!(out.matches('*').count() >= n);
            prop_assert_eq!(blank_figures(&out).1, 0, "blanking twice blanks nothing more");
        }
    }
}
