//! Ordinals: the numbers a report puts before headings and points (一、 一是 （一） 1. （1）).
//!
//! Numbering is the tool's job. What a writer typed at the start of a paragraph is recognised
//! and split off by [`split_ordinal`], and the right number is put back by the assembler, so
//! points can be added, removed and reordered freely. A figure that merely starts a paragraph
//! (`2025年`, `1.5亿元`) is not an ordinal and stays.

/// Chinese numerals that can form an ordinal (一 to 九百九十九).
const NUMERALS: &str = "零〇一二两三四五六七八九十百";
/// Punctuation that may follow an ordinal and goes with it.
const AFTER_ORDINAL: &[char] = &['、', '，', ',', '：', ':', '.', '．', '。'];
/// The most digits an Arabic ordinal has; a longer number is a figure (`2025.`).
const MAX_ORDINAL_DIGITS: usize = 2;

/// 一, 二, …, 十, 十一, …, 二十, …, 九百九十九. Zero and anything larger fall back to digits.
pub fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[n - 10] }),
        20..=99 => {
            let ones = if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[n % 10]
            };
            format!("{}十{}", DIGITS[n / 10], ones)
        }
        100..=999 => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", DIGITS[rest]),
                10..=19 => format!("一{}", chinese_number(rest)),
                _ => chinese_number(rest),
            };
            format!("{}百{}", DIGITS[n / 100], tail)
        }
        _ => n.to_string(),
    }
}

/// How a template numbers the points inside a part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointStyle {
    /// 一是、二是…: run-in points, the usual style of 述职 reports.
    Yishi,
    /// （一）（二）…: second-level points.
    Paren,
    /// 1. 2. …: third-level points.
    Arabic,
}

impl PointStyle {
    /// Every style with the spelling a template uses for it.
    pub const ALL: [(PointStyle, &'static str); 3] = [
        (PointStyle::Yishi, "一是"),
        (PointStyle::Paren, "（一）"),
        (PointStyle::Arabic, "1."),
    ];

    /// The style a template names, if it names one.
    pub fn from_name(name: &str) -> Option<PointStyle> {
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(s, _)| *s)
    }

    /// The ordinal of point `n` (1-based), as it is printed before the point's text.
    pub fn ordinal(self, n: usize) -> String {
        match self {
            PointStyle::Yishi => format!("{}是", chinese_number(n)),
            PointStyle::Paren => format!("（{}）", chinese_number(n)),
            PointStyle::Arabic => format!("{n}."),
        }
    }
}

/// The ordinal of the `n`th level-1 heading: 一、 二、 …
pub fn heading_ordinal(n: usize) -> String {
    format!("{}、", chinese_number(n))
}

/// Splits a typed ordinal off the start of `text`: `(ordinal, rest)`.
///
/// Leading spaces (ASCII or full-width) go with the ordinal, and so do the punctuation and spaces
/// after it. Recognised: 一、 一是 第一， （一） (一) 1. 1、 1． （1） (1) 1) ① and full-width
/// digits. When there is no ordinal, the leading spaces alone are split off.
pub fn split_ordinal(text: &str) -> (&str, &str) {
    let body = text.trim_start();
    let lead = text.len() - body.len();
    let Some(len) = ordinal_len(body) else {
        return text.split_at(lead);
    };
    let after = &body[len..];
    let after = after.trim_start_matches(AFTER_ORDINAL).trim_start();
    let end = text.len() - after.len();
    text.split_at(end)
}

/// Length in bytes of the ordinal proper at the start of `s`, before any punctuation after it.
fn ordinal_len(s: &str) -> Option<usize> {
    let first = s.chars().next()?;
    if let Some(len) = paren_ordinal_len(s) {
        return Some(len);
    }
    if ('①'..='⑳').contains(&first) {
        return Some(first.len_utf8());
    }
    let (chinese, rest) = take_while(s, |c| NUMERALS.contains(c));
    if !chinese.is_empty() {
        return match rest.chars().next() {
            Some('是') => Some(chinese.len() + '是'.len_utf8()),
            Some('、' | '.' | '．') => Some(chinese.len()),
            _ => None,
        };
    }
    if let Some(rest) = s.strip_prefix('第') {
        let (numeral, after) = take_while(rest, |c| NUMERALS.contains(c));
        let punct = after.chars().next()?;
        return (!numeral.is_empty() && matches!(punct, '，' | '、' | '：' | ',' | ':'))
            .then(|| '第'.len_utf8() + numeral.len());
    }
    let (digits, rest) = take_while(s, is_digit);
    if digits.is_empty() || digits.chars().count() > MAX_ORDINAL_DIGITS {
        return None;
    }
    let mut after = rest.chars();
    match (after.next(), after.next()) {
        // `1.5亿元` is a figure, `1.` followed by text is an ordinal.
        (Some('.' | '．'), next) if !next.is_some_and(is_digit) => Some(digits.len()),
        (Some('、'), _) => Some(digits.len()),
        (Some(')' | '）'), _) => Some(digits.len() + rest.chars().next()?.len_utf8()),
        _ => None,
    }
}

/// `（一）` `(一)` `（1）` `(1)` `（１）`, full-width or ASCII parentheses in any mix.
fn paren_ordinal_len(s: &str) -> Option<usize> {
    let open = s.chars().next().filter(|c| matches!(c, '（' | '('))?;
    let inner = &s[open.len_utf8()..];
    let (number, rest) = take_while(inner, |c| NUMERALS.contains(c) || is_digit(c));
    let close = rest.chars().next().filter(|c| matches!(c, '）' | ')'))?;
    (!number.is_empty()).then(|| open.len_utf8() + number.len() + close.len_utf8())
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn take_while(s: &str, keep: impl Fn(char) -> bool) -> (&str, &str) {
    let end = s.find(|c| !keep(c)).unwrap_or(s.len());
    s.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rest(text: &str) -> &str {
        split_ordinal(text).1
    }

    #[test]
    fn chinese_numbers_read_as_they_are_written() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (21, "二十一"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (999, "九百九十九"),
        ];
        for (n, s) in cases {
            assert_eq!(chinese_number(n), s);
        }
    }

    #[test]
    fn point_styles_print_their_ordinals() {
        assert_eq!(PointStyle::Yishi.ordinal(3), "三是");
        assert_eq!(PointStyle::Paren.ordinal(12), "（十二）");
        assert_eq!(PointStyle::Arabic.ordinal(2), "2.");
        assert_eq!(heading_ordinal(4), "四、");
    }

    #[test]
    fn every_typed_ordinal_style_is_split_off() {
        let typed = [
            "一、注重学习",
            "十二、注重学习",
            "一是注重学习",
            "三是，注重学习",
            "二是：注重学习",
            "（一）注重学习",
            "(二)注重学习",
            "（三)注重学习",
            "1.注重学习",
            "1. 注重学习",
            "12．注重学习",
            "1、注重学习",
            "１、注重学习",
            "（1）注重学习",
            "(2) 注重学习",
            "3)注重学习",
            "①注重学习",
            "第一，注重学习",
            "　　一是注重学习",
            "  4、注重学习",
        ];
        for text in typed {
            assert_eq!(rest(text), "注重学习", "{text}");
        }
    }

    #[test]
    fn figures_and_words_at_the_start_are_not_ordinals() {
        let kept = [
            "2025年，全乡完成",
            "1.5亿元的投资",
            "100.2万元",
            "十分重视学习",
            "一年来，我始终",
            "第一书记驻村",
            "（含各类补助）",
            "三农工作",
        ];
        for text in kept {
            assert_eq!(rest(text), text, "{text}");
        }
    }

    #[test]
    fn leading_spaces_are_split_off_even_without_an_ordinal() {
        assert_eq!(split_ordinal("　　2025年以来"), ("　　", "2025年以来"));
    }

    proptest! {
        #[test]
        fn split_is_a_partition_of_the_text(s in any::<String>()) {
            let (ordinal, rest) = split_ordinal(&s);
            prop_assert_eq!(format!("{ordinal}{rest}"), s);
        }
    }
}
