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

/// What kind of ordinal starts a paragraph, as [`read_ordinal`] tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrdinalKind {
    /// 一、 (also 一． 一.): a level-1 heading's number.
    Heading,
    /// 一是
    Yishi,
    /// （一） (一)
    ParenChinese,
    /// 1. 1、 1．
    Arabic,
    /// （1） (1) 1)
    ParenArabic,
    /// ① …
    Circled,
    /// 第一，
    Di,
}

/// The kind and value of the ordinal `split_ordinal` would split off `text`, if there is one:
/// `二是…` → `(Yishi, 2)`, `（十二）…` → `(ParenChinese, 12)`. Leading spaces are skipped.
pub fn read_ordinal(text: &str) -> Option<(OrdinalKind, usize)> {
    let body = text.trim_start();
    let ordinal = &body[..ordinal_len(body)?];
    let first = ordinal.chars().next()?;
    if ('①'..='⑳').contains(&first) {
        return Some((OrdinalKind::Circled, first as usize - '①' as usize + 1));
    }
    if matches!(first, '（' | '(') {
        let inner = ordinal.trim_matches(['（', '(', '）', ')']);
        return match arabic_number(inner) {
            Some(n) => Some((OrdinalKind::ParenArabic, n)),
            None => Some((OrdinalKind::ParenChinese, parse_chinese_number(inner)?)),
        };
    }
    if let Some(numeral) = ordinal.strip_prefix('第') {
        return Some((OrdinalKind::Di, parse_chinese_number(numeral)?));
    }
    if let Some(numeral) = ordinal.strip_suffix('是') {
        return Some((OrdinalKind::Yishi, parse_chinese_number(numeral)?));
    }
    if let Some(n) = parse_chinese_number(ordinal) {
        return Some((OrdinalKind::Heading, n));
    }
    let digits = ordinal.trim_end_matches([')', '）']);
    let kind = if digits.len() < ordinal.len() {
        OrdinalKind::ParenArabic
    } else {
        OrdinalKind::Arabic
    };
    Some((kind, arabic_number(digits)?))
}

/// The value of a Chinese number as [`chinese_number`] writes it (also with 〇/零 and 两):
/// `十二` → 12, `一百零一` → 101. `None` for anything else.
pub fn parse_chinese_number(s: &str) -> Option<usize> {
    let digit = |c: char| "零一二三四五六七八九".find(c).map(|i| i / '一'.len_utf8());
    let digit = |c: char| match c {
        '〇' => Some(0),
        '两' => Some(2),
        c => digit(c),
    };
    if s.is_empty() {
        return None;
    }
    let (mut total, mut pending) = (0usize, None::<usize>);
    let mut last_unit = usize::MAX;
    for c in s.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            c => {
                let d = digit(c)?;
                if pending.is_some_and(|p| p != 0) {
                    return None;
                }
                pending = Some(d);
                continue;
            }
        };
        if unit >= last_unit {
            return None;
        }
        last_unit = unit;
        total += pending.take().map_or(if unit == 10 { 1 } else { 0 }, |d| d) * unit;
        if total == 0 {
            return None;
        }
    }
    let n = total + pending.unwrap_or(0);
    (n > 0).then_some(n)
}

/// ASCII or full-width digits as a number.
fn arabic_number(s: &str) -> Option<usize> {
    if s.is_empty() || !s.chars().all(is_digit) {
        return None;
    }
    s.chars()
        .map(|c| c.to_digit(10).or_else(|| Some(c as u32 - '０' as u32)))
        .try_fold(0usize, |n, d| n.checked_mul(10)?.checked_add(d? as usize))
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

    #[test]
    fn ordinals_are_read_with_their_kind_and_value() {
        use OrdinalKind::*;
        let cases = [
            ("三、加强学习", Some((Heading, 3))),
            ("　　十二是注重学习", Some((Yishi, 12))),
            ("（十一）注重学习", Some((ParenChinese, 11))),
            ("(2)注重学习", Some((ParenArabic, 2))),
            ("3)注重学习", Some((ParenArabic, 3))),
            ("12．注重学习", Some((Arabic, 12))),
            ("１、注重学习", Some((Arabic, 1))),
            ("③注重学习", Some((Circled, 3))),
            ("第二，注重学习", Some((Di, 2))),
            ("2025年，全乡完成", None),
            ("十分重视学习", None),
        ];
        for (text, expected) in cases {
            assert_eq!(read_ordinal(text), expected, "{text}");
        }
    }

    #[test]
    fn chinese_numbers_read_back_what_they_write() {
        for n in 1..=999 {
            assert_eq!(parse_chinese_number(&chinese_number(n)), Some(n), "{n}");
        }
        for bad in ["", "零", "十十", "一二", "百十", "是"] {
            assert_eq!(parse_chinese_number(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn split_is_a_partition_of_the_text(s in any::<String>()) {
            let (ordinal, rest) = split_ordinal(&s);
            prop_assert_eq!(format!("{ordinal}{rest}"), s);
        }

        #[test]
        fn reading_an_ordinal_never_panics(s in any::<String>()) {
            let _ = read_ordinal(&s);
            let _ = parse_chinese_number(&s);
        }
    }
}
