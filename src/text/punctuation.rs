//! 标点检查: punctuation and style slips in Chinese text, each with its place and, where it is
//! safe, the fix.
//!
//! The rules follow GB/T 15834-2011《标点符号用法》 as it applies to official reports:
//!
//! | [`Rule`] | finding | fix |
//! |---|---|---|
//! | [`Rule::HalfWidth`] | ASCII `, ; : ? ! ( )` next to Chinese, `.` after Chinese | the full-width mark (`，；：？！（）。`) |
//! | [`Rule::Doubled`] | `。。` `，，` `、、` `；；` `：：` | one mark |
//! | [`Rule::Unmatched`] | a `“ ”` `（ ）` `《 》` with no partner in the paragraph | none: only the writer knows where the partner goes |
//! | [`Rule::Space`] | spaces (ASCII or full-width) between two Chinese characters or marks | removed |
//! | [`Rule::Ellipsis`] | `...` `。。。` a lone `…` or `………` (GB/T 15834 4.11: six dots, `……`) | `……` |
//! | [`Rule::Dash`] | `--` `－－` `――` `———`, or a lone `—` not between two words (GB/T 15834 4.9: two em dashes, `——`) | `——` |
//! | [`Rule::HeadingStop`] | a heading ending in a full stop | removed |
//! | [`Rule::HeadingRunsOn`] | the same, where the part's first paragraph runs on after it (a hint: the writer may mean it) | removed |
//! | [`Rule::Sequence`] | a gap or a repeat in a typed 一是、二是… run | the number that belongs there |
//!
//! What is deliberately *not* a finding: a `.` or `,` between digits (`12.6%`, `1,000`), `:`
//! between digits (`8:30`), marks inside English or between Latin letters (`PM2.5`, `GDP, CPI`),
//! URLs, `1.` as an ordinal, a lone `—` between two words (the 一字线 of a range or a chain,
//! `2021—2025年`, `乡镇党委—村党组织`, GB/T 15834 4.13), `…………` (twelve dots for an omitted paragraph) and an
//! ordinal run that starts over at 一是 later in the text (`不足：一是…；二是…。打算：一是…`).
//!
//! Ranges are byte ranges in the text given; a fix replaces exactly its range ([`apply`]).
//! Ranges of different findings may overlap (a `(…)` pair and a comma inside it): apply one fix,
//! then lint again. A quotation running over several paragraphs (opening marks on each, the
//! closing one only at the end, GB/T 15834 4.3) shows as unmatched: paragraphs are checked one by
//! one. Nothing here knows about drafts or parts; `report::check` decides which text to lint.

use std::ops::Range;

use crate::text::count::is_han;
use crate::text::ordinal::chinese_number;

/// The numerals a hand-typed 一是 may start with.
const SEQUENCE_NUMERALS: &str = "一二三四五六七八九十";
/// The highest 一是-style number recognised (九十九是).
const MAX_SEQUENCE: usize = 99;
/// Marks that may not be doubled.
const NOT_DOUBLED: &[char] = &['，', '、', '；', '：'];
/// Closing marks after which an ASCII `.` ends a Chinese sentence.
const CLOSING_MARKS: &[char] = &['”', '’', '）', '》', '」', '』', '】', '〉'];
/// Characters of a dash run.
const DASHES: &[char] = &['—', '―', '－', '-'];
/// Pairs checked for a partner within the paragraph.
const PAIRS: [(char, char); 3] = [('“', '”'), ('（', '）'), ('《', '》')];
/// What the writer should type for a dash and an ellipsis.
const DASH: &str = "——";
const ELLIPSIS: &str = "……";

/// One slip and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Byte range in the linted text.
    pub range: Range<usize>,
    pub rule: Rule,
    /// What is wrong, short, in Chinese.
    pub message: String,
    /// What replaces the range; `None` when there is no safe automatic fix.
    pub fix: Option<String>,
}

/// Which rule a finding breaks (the table in the module doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    HalfWidth,
    Doubled,
    Unmatched,
    Space,
    Ellipsis,
    Dash,
    HeadingStop,
    /// A heading's full stop where its part's first paragraph follows on its line (see
    /// `Report::runs_on`): right for a run-in heading, a slip for one meant to stand alone.
    HeadingRunsOn,
    Sequence,
}

/// Every finding in one paragraph of body text, in order of place. Does not look at 一是
/// sequences, which need the paragraphs around ([`lint_sequence`]).
pub fn lint(text: &str) -> Vec<Finding> {
    let mut findings = Scan::new(text).run();
    unmatched(text, &mut findings);
    findings.sort_by_key(|f| (f.range.start, f.range.end));
    findings
}

/// Every finding in a heading: those of [`lint`], and a full stop at its end: wrong on a heading
/// that stands alone, only a hint on one whose part `runs_on` after it on the same line.
pub fn lint_heading(text: &str, runs_on: bool) -> Vec<Finding> {
    let mut findings = lint(text);
    let body = text.trim_end();
    let Some(last) = body.chars().next_back() else {
        return findings;
    };
    let start = body.len() - last.len_utf8();
    let before = body[..start].chars().next_back();
    if last == '。' || (last == '.' && before.is_some_and(ends_sentence)) {
        let range = start..body.len();
        findings.retain(|f| f.range.end <= range.start);
        let (rule, message) = if runs_on {
            (
                Rule::HeadingRunsOn,
                "标题以句号结尾，导出时本部分第一段接排在标题后（要标题单独成行，就删去句号）",
            )
        } else {
            (Rule::HeadingStop, "标题末尾不加句号")
        };
        findings.push(Finding {
            range,
            rule,
            message: message.into(),
            fix: Some(String::new()),
        });
    }
    findings
}

/// Gaps and repeats in the 一是、二是… run typed through `paragraphs`, taken as one text in
/// order: `(index into paragraphs, finding)`. A run may start over at 一是 once it has reached
/// 二是. Pass one paragraph to check only within it (a numbered point), or every paragraph of a
/// prose part to follow a run from paragraph to paragraph.
pub fn lint_sequence(paragraphs: &[&str]) -> Vec<(usize, Finding)> {
    let mut findings = Vec::new();
    let mut last = 0;
    for (index, text) in paragraphs.iter().enumerate() {
        for (range, n) in sequence_ordinals(text) {
            let expected = last + 1;
            if n == expected || (n == 1 && last >= 2) {
                last = n;
                continue;
            }
            let want = format!("{}是", chinese_number(expected));
            let message = if last == 0 {
                format!("前面没有“一是”，这里应为“{want}”")
            } else if n > expected {
                format!("序号跳过了“{want}”")
            } else {
                format!("序号“{}”重复，应为“{want}”", &text[range.clone()])
            };
            findings.push((
                index,
                Finding {
                    range,
                    rule: Rule::Sequence,
                    message,
                    fix: Some(want),
                },
            ));
            // Go on as if fixed, so one pass lists every number that needs changing.
            last = expected;
        }
    }
    findings
}

/// `text` with `finding`'s fix applied; unchanged when it has none or its range does not fit.
pub fn apply(text: &str, finding: &Finding) -> String {
    let mut out = text.to_string();
    if let Some(fix) = &finding.fix
        && text.get(finding.range.clone()).is_some()
    {
        out.replace_range(finding.range.clone(), fix);
    }
    out
}

/// Chinese writing: Han characters and the full-width and Chinese marks around them.
fn is_chinese(c: char) -> bool {
    is_han(c)
        || matches!(c, '\u{3001}'..='\u{303F}' | '\u{FF01}'..='\u{FF5E}')
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// A character of a word: Han, a digit or a letter (full-width ones included).
fn is_word(c: char) -> bool {
    is_han(c) || c.is_alphanumeric()
}

/// After this, an ASCII `.` is a Chinese full stop.
fn ends_sentence(c: char) -> bool {
    is_han(c) || CLOSING_MARKS.contains(&c)
}

/// The characters an ellipsis is typed with, rightly or wrongly.
fn is_dot(c: char) -> bool {
    matches!(c, '…' | '。' | '.')
}

/// The ASCII marks that have a full-width form to use in Chinese, but for `.` and `( )`.
fn is_ascii_mark(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '?' | '!')
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}'
}

/// The full-width form of an ASCII mark.
fn full_width(c: char) -> char {
    match c {
        '.' => '。',
        // The ASCII marks `!`..`~` sit at a fixed distance from their full-width forms.
        '!'..='~' => char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// One left-to-right pass over the characters for every rule but pairing.
struct Scan<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
    findings: Vec<Finding>,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str) -> Scan<'a> {
        Scan {
            text,
            chars: text.char_indices().collect(),
            findings: Vec::new(),
        }
    }

    fn char(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    /// The character before index `i`, if any.
    fn before(&self, i: usize) -> Option<char> {
        i.checked_sub(1).and_then(|p| self.char(p))
    }

    /// Byte offset where character `i` starts (the text's end past the last).
    fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.text.len(), |&(b, _)| b)
    }

    /// Index past the run of characters from `i` that satisfy `keep`.
    fn run_end(&self, i: usize, keep: impl Fn(char) -> bool) -> usize {
        (i..self.chars.len())
            .find(|&j| !keep(self.chars[j].1))
            .unwrap_or(self.chars.len())
    }

    fn push(&mut self, chars: Range<usize>, rule: Rule, message: String, fix: Option<String>) {
        self.findings.push(Finding {
            range: self.byte(chars.start)..self.byte(chars.end),
            rule,
            message,
            fix,
        });
    }

    fn run(mut self) -> Vec<Finding> {
        let mut paired_closes = Vec::new();
        let mut i = 0;
        while i < self.chars.len() {
            let c = self.chars[i].1;
            i = match c {
                _ if self.url_at(i) => self.run_end(i, |c| c.is_ascii() && !c.is_whitespace()),
                _ if is_dot(c) => self.dots(i),
                _ if DASHES.contains(&c) => self.dashes(i),
                _ if is_ascii_mark(c) => self.half_width(i),
                '(' => {
                    if let Some(close) = self.paren_pair(i) {
                        paired_closes.push(close);
                    }
                    i + 1
                }
                ')' => {
                    if !paired_closes.contains(&i) {
                        self.lone_paren(i, c);
                    }
                    i + 1
                }
                _ if NOT_DOUBLED.contains(&c) => self.doubled(i, c),
                _ if is_space(c) => self.spaces(i),
                _ => i + 1,
            };
        }
        self.findings
    }

    /// Whether a URL starts at `i` (`http://`, `https://`, `www.`).
    fn url_at(&self, i: usize) -> bool {
        let rest = &self.text[self.byte(i)..];
        let starts = |prefix: &str| {
            rest.get(..prefix.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(prefix))
        };
        starts("http://") || starts("https://") || starts("www.")
    }

    /// A run of `…`, `。` and `.` from `i`, in any mix; returns the index past it.
    fn dots(&mut self, i: usize) -> usize {
        let end = self.run_end(i, is_dot);
        let run: String = self.chars[i..end].iter().map(|&(_, c)| c).collect();
        let before = self.before(i);
        let after = self.char(end);
        let all = |c: char| run.chars().all(|d| d == c);
        let ellipsis = match run.as_str() {
            // A full stop may stand before or after an ellipsis; twelve dots stand for a
            // paragraph left out.
            "。" | "……" | "…………" | "。……" | "……。" => false,
            "。。" => {
                self.push(i..end, Rule::Doubled, "句号重复".into(), Some("。".into()));
                false
            }
            "." => {
                let after_text = after.is_none_or(|a| !a.is_ascii_alphanumeric());
                if before.is_some_and(ends_sentence) && after_text {
                    self.push(
                        i..end,
                        Rule::HalfWidth,
                        "中文句末应使用全角句号“。”".into(),
                        Some("。".into()),
                    );
                }
                false
            }
            // Dots in English (`wait...`) are English.
            _ if all('.') => before.is_some_and(is_chinese) || after.is_some_and(is_chinese),
            _ => true,
        };
        if ellipsis {
            self.push(
                i..end,
                Rule::Ellipsis,
                format!("省略号应为“{ELLIPSIS}”"),
                Some(ELLIPSIS.into()),
            );
        }
        end
    }

    /// A run of dash characters from `i`; returns the index past it.
    fn dashes(&mut self, i: usize) -> usize {
        let end = self.run_end(i, |c| DASHES.contains(&c));
        let run: String = self.chars[i..end].iter().map(|&(_, c)| c).collect();
        let before = self.before(i);
        let after = self.char(end);
        let wrong = if run == DASH {
            false
        } else if run.chars().all(|c| c == '-') {
            run.len() >= 2 && (before.is_some_and(is_chinese) || after.is_some_and(is_chinese))
        } else if run == "—" || run == "―" {
            // A lone dash between two words is the 一字线 that links a range or a chain
            // (`2021—2025年`, `乡镇党委—村党组织—网格党小组`); elsewhere it is a dash cut short.
            !(before.is_some_and(is_word) && after.is_some_and(is_word))
        } else {
            // A lone `－` may be a minus sign.
            run != "－"
        };
        if wrong {
            self.push(
                i..end,
                Rule::Dash,
                format!("破折号应为“{DASH}”"),
                Some(DASH.into()),
            );
        }
        end
    }

    /// A run of ASCII `, ; : ? !` from `i` (`?!` is one run); returns the index past it.
    fn half_width(&mut self, i: usize) -> usize {
        let end = self.run_end(i, is_ascii_mark);
        let before = (0..i).rev().map(|j| self.chars[j].1).find(|&c| c != ' ');
        let spaces_end = self.run_end(end, |c| c == ' ');
        let after = self.char(spaces_end);
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        let separator = end - i == 1 && matches!(self.chars[i].1, ',' | ':');
        let between_digits = separator && digit(before) && digit(after);
        let chinese_after = after.is_some_and(is_chinese);
        if !between_digits && (before.is_some_and(is_chinese) || chinese_after) {
            // Spaces after the mark go with it when Chinese follows: `，` takes no space.
            let fix_end = if chinese_after { spaces_end } else { end };
            let mut fw: String = self.chars[i..end]
                .iter()
                .map(|&(_, c)| full_width(c))
                .collect();
            let first = self.chars[i].1;
            let doubled = end - i >= 2 && self.chars[i..end].iter().all(|&(_, c)| c == first);
            let message = if doubled {
                // `,,` is one comma typed twice, not two full-width ones.
                fw = full_width(first).to_string();
                format!("中文中应使用全角“{fw}”，且不应重复")
            } else {
                format!("中文中应使用全角“{fw}”")
            };
            self.push(i..fix_end, Rule::HalfWidth, message, Some(fw));
        }
        end
    }

    /// An ASCII `(` at `i` with its `)`: one finding for the pair when it is in Chinese text.
    /// Returns the index of the `)`, or `None` when there is none (the `(` is then judged alone).
    fn paren_pair(&mut self, i: usize) -> Option<usize> {
        let mut depth = 0usize;
        let mut close = None;
        for j in i + 1..self.chars.len() {
            match self.chars[j].1 {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    close = Some(j);
                    break;
                }
                ')' => depth -= 1,
                _ => {}
            }
        }
        let Some(close) = close else {
            self.lone_paren(i, '(');
            return None;
        };
        let inner = &self.text[self.byte(i + 1)..self.byte(close)];
        let chinese = inner.chars().any(is_han)
            || self.before(i).is_some_and(is_chinese)
            || self.char(close + 1).is_some_and(is_chinese);
        if chinese {
            self.push(
                i..close + 1,
                Rule::HalfWidth,
                "中文中应使用全角括号“（）”".into(),
                Some(format!("（{inner}）")),
            );
        }
        Some(close)
    }

    /// An ASCII parenthesis with no partner, next to Chinese.
    fn lone_paren(&mut self, i: usize, c: char) {
        if self.before(i).is_some_and(is_chinese) || self.char(i + 1).is_some_and(is_chinese) {
            let fw = full_width(c);
            self.push(
                i..i + 1,
                Rule::HalfWidth,
                format!("中文中应使用全角“{fw}”"),
                Some(fw.to_string()),
            );
        }
    }

    /// A run of one of [`NOT_DOUBLED`] from `i`; returns the index past it.
    fn doubled(&mut self, i: usize, c: char) -> usize {
        let end = self.run_end(i, |d| d == c);
        if end - i >= 2 {
            self.push(
                i..end,
                Rule::Doubled,
                format!("“{c}”重复"),
                Some(c.to_string()),
            );
        }
        end
    }

    /// A run of spaces from `i`; returns the index past it.
    fn spaces(&mut self, i: usize) -> usize {
        let end = self.run_end(i, is_space);
        if self.before(i).is_some_and(is_chinese) && self.char(end).is_some_and(is_chinese) {
            self.push(
                i..end,
                Rule::Space,
                "中文之间不应有空格".into(),
                Some(String::new()),
            );
        }
        end
    }
}

/// Adds a finding for each `“ ” （ ） 《 》` with no partner in `text`.
fn unmatched(text: &str, findings: &mut Vec<Finding>) {
    for (open, close) in PAIRS {
        let mut opens = Vec::new();
        for (at, c) in text.char_indices() {
            if c == open {
                opens.push(at);
            } else if c == close && opens.pop().is_none() {
                findings.push(Finding {
                    range: at..at + c.len_utf8(),
                    rule: Rule::Unmatched,
                    message: format!("“{close}”前面缺少配对的“{open}”"),
                    fix: None,
                });
            }
        }
        for at in opens {
            findings.push(Finding {
                range: at..at + open.len_utf8(),
                rule: Rule::Unmatched,
                message: format!("“{open}”后面缺少配对的“{close}”"),
                fix: None,
            });
        }
    }
}

/// Each hand-typed `X是` ordinal in `text` with its number: a run of Chinese numerals and 是,
/// at the start or after a mark or a space (so 统一是 and 唯一是 are not ordinals).
fn sequence_ordinals(text: &str) -> Vec<(Range<usize>, usize)> {
    let mut found = Vec::new();
    let mut prev: Option<char> = None;
    for (at, c) in text.char_indices() {
        // A half-width mark counts too: `不足:一是…` is a run that starts there.
        let boundary = prev.is_none_or(|p| {
            p.is_whitespace() || p.is_ascii_punctuation() || (is_chinese(p) && !is_han(p))
        });
        prev = Some(c);
        if !boundary || !SEQUENCE_NUMERALS.contains(c) {
            continue;
        }
        let rest = &text[at..];
        let numeral_len = rest
            .find(|c| !SEQUENCE_NUMERALS.contains(c))
            .unwrap_or(rest.len());
        if !rest[numeral_len..].starts_with('是') {
            continue;
        }
        let numeral = &rest[..numeral_len];
        if let Some(n) = (1..=MAX_SEQUENCE).find(|&n| chinese_number(n) == numeral) {
            found.push((at..at + numeral_len + '是'.len_utf8(), n));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Each finding as (the text it covers, its rule, its fix).
    fn found(text: &str) -> Vec<(&str, Rule, Option<String>)> {
        lint(text)
            .into_iter()
            .map(|f| (&text[f.range], f.rule, f.fix))
            .collect()
    }

    /// The text with every finding fixed, one at a time, linting again after each.
    fn fixed(text: &str) -> String {
        let mut text = text.to_string();
        while let Some(f) = lint(&text).into_iter().find(|f| f.fix.is_some()) {
            text = apply(&text, &f);
        }
        text
    }

    fn fix(s: &str) -> Option<String> {
        Some(s.into())
    }

    #[test]
    fn half_width_marks_next_to_chinese_become_full_width() {
        assert_eq!(
            found("坚持学习,不断提高"),
            [(",", Rule::HalfWidth, fix("，"))]
        );
        assert_eq!(
            found("加强学习; 提高能力"),
            [("; ", Rule::HalfWidth, fix("；"))]
        );
        assert_eq!(found("报告如下:"), [(":", Rule::HalfWidth, fix("："))]);
        assert_eq!(found("为什么?因为"), [("?", Rule::HalfWidth, fix("？"))]);
        assert_eq!(found("全年GDP,增长"), [(",", Rule::HalfWidth, fix("，"))]);
        assert_eq!(found("任务完成."), [(".", Rule::HalfWidth, fix("。"))]);
        assert_eq!(found("落实“三农”."), [(".", Rule::HalfWidth, fix("。"))]);
        assert_eq!(
            fixed("一是学习,二是工作!完成."),
            "一是学习，二是工作！完成。"
        );
    }

    #[test]
    fn half_width_marks_in_figures_english_and_urls_are_left_alone() {
        for text in [
            "地区生产总值12.6亿元，同比增长6.8%。",
            "PM2.5平均浓度下降",
            "共1,000万元，8:30开会，比例1:2。",
            "全年GDP, CPI和PPI稳定",
            "详见 http://www.gov.cn/a?b=1,c 的通知。",
            "详见www.gov.cn。",
            "1.坚持学习",
            "Hello, world. Ok!",
        ] {
            assert_eq!(found(text), [], "{text}");
        }
    }

    #[test]
    fn ascii_parentheses_in_chinese_become_full_width_as_a_pair() {
        assert_eq!(
            found("建立(健全)制度"),
            [("(健全)", Rule::HalfWidth, fix("（健全）"))]
        );
        assert_eq!(
            found("(1)做强产业"),
            [("(1)", Rule::HalfWidth, fix("（1）"))]
        );
        assert_eq!(
            found("含补助)"),
            [
                (")", Rule::HalfWidth, fix("）")),
                (")", Rule::Unmatched, None)
            ]
            .into_iter()
            .take(1)
            .collect::<Vec<_>>()
        );
        assert_eq!(fixed("全年(含补助)共计"), "全年（含补助）共计");
    }

    #[test]
    fn ascii_parentheses_around_english_are_left_alone() {
        assert_eq!(found("fine particles (PM2.5) fell"), []);
        assert_eq!(found("f(x) = 1"), []);
    }

    #[test]
    fn doubled_marks_become_one() {
        assert_eq!(found("完成任务。。"), [("。。", Rule::Doubled, fix("。"))]);
        assert_eq!(found("学习，，工作"), [("，，", Rule::Doubled, fix("，"))]);
        assert_eq!(found("学习、、工作"), [("、、", Rule::Doubled, fix("、"))]);
    }

    #[test]
    fn single_marks_are_not_doubled() {
        assert_eq!(found("学习，工作、生活；完成。"), []);
    }

    #[test]
    fn unmatched_quotes_brackets_and_book_marks_are_found_without_a_fix() {
        assert_eq!(found("紧扣“产业兴乡发展"), [("“", Rule::Unmatched, None)]);
        assert_eq!(found("紧扣产业兴乡”发展"), [("”", Rule::Unmatched, None)]);
        assert_eq!(found("（含补助共计"), [("（", Rule::Unmatched, None)]);
        assert_eq!(
            found("学习《准则和条例》》"),
            [("》", Rule::Unmatched, None)]
        );
    }

    #[test]
    fn matched_and_nested_pairs_are_fine() {
        assert_eq!(
            found("学习《关于“三农”工作的论述（摘编）》，常念“紧箍咒”。"),
            []
        );
    }

    #[test]
    fn spaces_between_chinese_are_removed() {
        assert_eq!(found("坚持 学习"), [(" ", Rule::Space, fix(""))]);
        assert_eq!(found("坚持　　学习"), [("　　", Rule::Space, fix(""))]);
        assert_eq!(found("完成任务。 下一步"), [(" ", Rule::Space, fix(""))]);
    }

    #[test]
    fn spaces_by_latin_or_figures_are_kept() {
        assert_eq!(found("全年 GDP 增长 6.8%"), []);
        assert_eq!(found("{单位} 一班人"), []);
    }

    #[test]
    fn wrong_ellipses_become_six_dots() {
        assert_eq!(found("等等..."), [("...", Rule::Ellipsis, fix("……"))]);
        assert_eq!(found("等等。。。"), [("。。。", Rule::Ellipsis, fix("……"))]);
        assert_eq!(found("等等…"), [("…", Rule::Ellipsis, fix("……"))]);
        assert_eq!(found("等等………"), [("………", Rule::Ellipsis, fix("……"))]);
    }

    #[test]
    fn six_and_twelve_dot_ellipses_are_fine() {
        assert_eq!(found("学习、工作……"), []);
        assert_eq!(found("…………"), []);
        assert_eq!(found("wait... ok"), []);
    }

    #[test]
    fn wrong_dashes_become_two_em_dashes() {
        assert_eq!(found("关键--落实"), [("--", Rule::Dash, fix("——"))]);
        assert_eq!(found("关键—，落实"), [("—", Rule::Dash, fix("——"))]);
        assert_eq!(found("目标是—“两个确保”"), [("—", Rule::Dash, fix("——"))]);
        assert_eq!(found("关键－－落实"), [("－－", Rule::Dash, fix("——"))]);
        assert_eq!(found("关键――落实"), [("――", Rule::Dash, fix("——"))]);
        assert_eq!(found("关键———落实"), [("———", Rule::Dash, fix("——"))]);
    }

    #[test]
    fn em_dash_pairs_ranges_and_hyphens_are_fine() {
        for text in [
            "关键——落实",
            "2021—2025年",
            "构建“乡镇党委—村党组织—网格党小组”三级架构",
            "COVID-19疫情",
            "温度－5℃",
            "run --force",
        ] {
            assert_eq!(found(text), [], "{text}");
        }
    }

    #[test]
    fn a_heading_ending_in_a_full_stop_loses_it() {
        let f = lint_heading("加强学习，提高素质。", false);
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].rule, f[0].fix.as_deref()),
            (Rule::HeadingStop, Some(""))
        );
        assert_eq!(apply("加强学习，提高素质。", &f[0]), "加强学习，提高素质");
        let f = lint_heading("加强学习.", false);
        assert_eq!(
            f.iter().map(|f| f.rule).collect::<Vec<_>>(),
            [Rule::HeadingStop]
        );
        // Where the part runs on after it, the same stop is only a hint, with the same fix.
        let f = lint_heading("加强学习，提高素质。", true);
        assert_eq!(
            (f[0].rule, f[0].fix.as_deref()),
            (Rule::HeadingRunsOn, Some(""))
        );
        assert!(f[0].message.contains("接排在标题后"), "{f:?}");
    }

    #[test]
    fn a_heading_without_a_full_stop_is_fine() {
        assert_eq!(lint_heading("加强学习，提高素质", false), []);
        assert_eq!(lint_heading("怎样抓好落实？", false), []);
        assert_eq!(lint_heading("", false), []);
    }

    fn sequence(paragraphs: &[&str]) -> Vec<(usize, String, String)> {
        lint_sequence(paragraphs)
            .into_iter()
            .map(|(p, f)| (p, paragraphs[p][f.range].to_string(), f.fix.unwrap()))
            .collect()
    }

    #[test]
    fn a_gap_in_a_typed_sequence_is_found() {
        assert_eq!(
            sequence(&["不足：一是学习不够；三是作风不实。"]),
            [(0, "三是".into(), "二是".into())]
        );
    }

    #[test]
    fn a_repeat_in_a_typed_sequence_is_found() {
        assert_eq!(
            sequence(&["一是学习不够；一是作风不实；二是干劲不足。"]),
            [
                (0, "一是".into(), "二是".into()),
                (0, "二是".into(), "三是".into())
            ]
        );
    }

    #[test]
    fn a_sequence_is_followed_across_paragraphs() {
        assert_eq!(
            sequence(&["一是学习不够。", "二是作风不实。", "四是干劲不足。"]),
            [(2, "四是".into(), "三是".into())]
        );
    }

    #[test]
    fn a_sequence_may_start_over_and_words_with_yi_shi_are_not_ordinals() {
        assert_eq!(
            sequence(&[
                "不足：一是学习不够；二是作风不实。",
                "打算：一是加强学习；二是转变作风；三是真抓实干。",
                "统一是前提，唯一是标准，十分重要。",
            ]),
            []
        );
    }

    #[test]
    fn a_sequence_starting_past_one_is_found() {
        assert_eq!(
            sequence(&["首先加强学习，二是转变作风。"]),
            [(0, "二是".into(), "一是".into())]
        );
    }

    #[test]
    fn the_sample_reports_sentences_are_clean() {
        for text in [
            "2025年，本人在县委、县政府和乡党委的坚强领导下，紧扣“产业兴乡、生态立乡、和美强乡”发展思路。",
            "全年全乡实现地区生产总值12.6亿元，同比增长6.8%；乡政府在全县乡镇年度综合考核中位列第一档。",
            "撰写《关于柳溪乡发展特色茶产业的调研报告》等调研文章2篇，柳溪河出境断面水质稳定保持在Ⅱ类。",
            "汛期坚持24小时值班值守，实现“不死人、少伤人”目标。",
        ] {
            assert_eq!(found(text), [], "{text}");
        }
    }

    fn texts() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[学习是一二三四十,.;:?!()（）“”《》 　。，、…—―\\-－a1:/w]{0,30}",
        ]
    }

    proptest! {
        #[test]
        fn lint_never_panics_and_ranges_are_on_char_boundaries(text in texts()) {
            for f in lint(&text).into_iter().chain(lint_heading(&text, false)) {
                prop_assert!(text.get(f.range.clone()).is_some(), "{f:?}");
                prop_assert!(!f.range.is_empty());
            }
        }

        #[test]
        fn every_fix_removes_its_finding(text in texts()) {
            // A fix may make a neighbour a finding (`!` turned `！` puts a `(` beside Chinese),
            // and a `(…)` pair keeps what is inside, slips included, or sits inside another; but
            // the ends of the spot it replaced never show the same finding again.
            for f in lint(&text).into_iter().chain(lint_heading(&text, false)) {
                let Some(fix) = &f.fix else { continue };
                let after = apply(&text, &f);
                let span = f.range.start..f.range.start + fix.len();
                let again = lint(&after).into_iter().chain(lint_heading(&after, false)).find(|g| {
                    (g.rule, &g.message) == (f.rule, &f.message)
                        && if span.is_empty() {
                            g.range.start == span.start && after[g.range.clone()] == text[f.range.clone()]
                        } else {
                            let encloses = g.range.start < span.start && span.end < g.range.end;
                            !encloses
                                && (g.range.contains(&span.start)
                                    || g.range.contains(&(span.end - 1)))
                        }
                });
                prop_assert!(again.is_none(), "{f:?} in {text:?} gave {after:?}: {again:?}");
            }
        }

        #[test]
        fn every_sequence_fix_removes_its_finding(text in "[学一二三四是；]{0,20}") {
            let findings = lint_sequence(&[&text]);
            if let Some((_, f)) = findings.first() {
                let after = apply(&text, f);
                prop_assert!(lint_sequence(&[&after]).len() < findings.len(), "{text:?} → {after:?}");
            }
        }
    }

    #[test]
    fn a_run_after_a_half_width_colon_starts_at_its_yi_shi() {
        assert!(lint_sequence(&["不足:一是学习不够；二是作风不实。"]).is_empty());
    }

    #[test]
    fn a_doubled_half_width_comma_becomes_one_full_width_comma() {
        let found = lint("完成任务,,效果好。");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].fix.as_deref(), Some("，"));
        assert_eq!(apply("完成任务,,效果好。", &found[0]), "完成任务，效果好。");
    }
}
