//! 日期: dates written as GB/T 9704 §7.3.5.4 has them, `2026年1月5日`: Arabic numerals, the
//! full year, month and day without zero padding.
//!
//! Only the common spellings of a whole date are recognised (`2026-01-05`, `2026/1/5`,
//! `2026.01.05`, `2026年01月05日`); anything else a writer typed (`2026年1月`, `元旦前`) is
//! theirs and is left alone. Nothing here reads the clock.

/// `2026年1月5日`.
pub fn chinese_date(year: u32, month: u32, day: u32) -> String {
    format!("{year}年{month}月{day}日")
}

/// The date `text` spells, rewritten as [`chinese_date`] does; `None` when `text` is not one
/// whole date (surrounding spaces aside) or names no real month and day.
pub fn unpadded_date(text: &str) -> Option<String> {
    let text = text.trim();
    let text = text.strip_suffix('日').unwrap_or(text);
    let mut numbers = text.split(['-', '/', '.', '年', '月']);
    let (year, month, day) = (numbers.next()?, numbers.next()?, numbers.next()?);
    if numbers.next().is_some() || year.len() != 4 || month.len() > 2 || day.len() > 2 {
        return None;
    }
    let number = |s: &str| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (year, month, day) = (number(year)?, number(month)?, number(day)?);
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then(|| chinese_date(year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_date_has_no_zero_padding() {
        assert_eq!(chinese_date(2026, 1, 5), "2026年1月5日");
        assert_eq!(chinese_date(2025, 12, 31), "2025年12月31日");
    }

    #[test]
    fn common_spellings_of_a_date_lose_their_padding() {
        for typed in [
            "2026-01-05",
            "2026/1/5",
            "2026.01.05",
            "2026年01月05日",
            " 2026年1月5日 ",
        ] {
            assert_eq!(
                unpadded_date(typed).as_deref(),
                Some("2026年1月5日"),
                "{typed}"
            );
        }
    }

    #[test]
    fn text_that_is_not_one_whole_date_is_not_rewritten() {
        for typed in [
            "2026年1月",
            "元旦前",
            "26-01-05",
            "2026-13-01",
            "2026-01-00",
            "2026-01-05-07",
            "２０２６年１月５日",
            "",
        ] {
            assert_eq!(unpadded_date(typed), None, "{typed}");
        }
    }
}
