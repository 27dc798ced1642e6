//! 对应: which part of the template each part of an imported report goes to, and why.
//!
//! A report part goes, in this order of rules, to the template part whose own heading its
//! heading is; else to the one whose `about` words its heading holds most of (a longer word
//! counts for more, and a tie decides nothing); else, in order, to the next template part after
//! the one before it that has a heading and that nothing has taken yet. When no such part is
//! left it joins the one before it. The opening, before the first heading, is not a place a
//! report part can go, and the closing (no heading) only by its words.
//! Every decision is kept as a [`Placement`], so the writer can be shown all of it, and the
//! writer may then move any piece elsewhere ([`Rule::Moved`]).

use crate::template::Template;

/// Why a piece of the report went where it did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// It came between the title and the first heading.
    Opening,
    /// It came after the last part's points (以上报告，请予评议。…).
    Closing,
    /// Its heading is the template part's own.
    SameHeading,
    /// Its heading holds these words of the template part's `about`.
    Keywords(Vec<String>),
    /// Its heading decided nothing: the next part in order.
    InOrder,
    /// The writer moved it here.
    Moved,
}

/// A piece of an imported report, named by where it stands in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Piece {
    /// Between the title (and name line) and the first heading.
    Opening,
    /// The report's part under its `n`-th heading (from 0).
    Part(usize),
    /// After the last part's points.
    Closing,
}

/// Where one piece of an imported report went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    pub piece: Piece,
    /// What of the report it is, as the writer knows it: `二、履职尽责`, `开头`.
    pub from: String,
    /// The index of the template part it went to.
    pub target: usize,
    /// The id of the template part it went to.
    pub part: String,
    /// That part's step name, as the wizard shows it (`德·学习`).
    pub step: String,
    pub rule: Rule,
    /// Another piece of the report went to that part before it: this one follows, its heading a
    /// sub-heading.
    pub joined: bool,
    /// How many paragraphs it brought.
    pub paragraphs: usize,
    /// Their 字数.
    pub words: usize,
}

impl Placement {
    /// One line in Chinese: what went where, and by which rule.
    pub fn describe(&self) -> String {
        format!(
            "{} → 「{}」（{}），{} 段 {} 字：{}",
            self.from,
            self.step,
            self.part,
            self.paragraphs,
            self.words,
            self.why()
        )
    }

    /// Why it went there, in Chinese (and that it follows another piece, when it does).
    pub fn why(&self) -> String {
        let why = match &self.rule {
            Rule::Opening => "标题之后、第一个一级标题之前的段落".to_string(),
            Rule::Closing => "最后一部分各条之后的段落".to_string(),
            Rule::SameHeading => "标题与模板的相同".to_string(),
            Rule::Keywords(words) => format!("标题中有“{}”", words.join("”“")),
            Rule::InOrder => "标题看不出属于哪一部分，按顺序放".to_string(),
            Rule::Moved => "由你移到这里".to_string(),
        };
        let joined = if self.joined {
            "；这一部分已有内容，接在后面，原标题作小标题"
        } else {
            ""
        };
        format!("{why}{joined}")
    }
}

/// The template part (index) and rule for each report heading, in order.
pub fn place(headings: &[Option<&str>], template: &Template) -> Vec<(usize, Rule)> {
    let parts = &template.parts;
    let first_headed = parts.iter().position(|p| p.heading.is_some()).unwrap_or(0);
    let candidates: Vec<usize> = (first_headed..parts.len()).collect();
    let mut taken = vec![false; parts.len()];
    let mut previous: Option<usize> = None;
    let mut out = Vec::with_capacity(headings.len());
    for heading in headings {
        let heading = heading.map(|h| h.trim_end_matches(['。', '：', ':', '；', '，']));
        let same = heading.and_then(|h| {
            candidates
                .iter()
                .copied()
                .find(|&i| parts[i].heading.as_deref() == Some(h))
        });
        let (target, rule) = match (
            same,
            heading.and_then(|h| by_keywords(h, template, &candidates)),
        ) {
            (Some(i), _) => (i, Rule::SameHeading),
            (None, Some((i, words))) => (i, Rule::Keywords(words)),
            (None, None) => {
                let after = previous.map_or(first_headed, |p| p + 1);
                let next = candidates
                    .iter()
                    .copied()
                    .find(|&i| i >= after && !taken[i] && parts[i].heading.is_some());
                (next.or(previous).unwrap_or(first_headed), Rule::InOrder)
            }
        };
        taken[target] = true;
        previous = Some(target);
        out.push((target, rule));
    }
    out
}

/// The candidate part whose `about` words `heading` holds most of, and those words; `None`
/// when none, or two parts, score best.
fn by_keywords(
    heading: &str,
    template: &Template,
    candidates: &[usize],
) -> Option<(usize, Vec<String>)> {
    let mut scored: Vec<(usize, usize, Vec<String>)> = candidates
        .iter()
        .map(|&i| {
            let words: Vec<String> = template.parts[i]
                .about
                .iter()
                .filter(|w| heading.contains(w.as_str()))
                .cloned()
                .collect();
            let score = words.iter().map(|w| w.chars().count()).sum();
            (i, score, words)
        })
        .filter(|(_, score, _)| *score > 0)
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.1));
    match scored.as_slice() {
        [(i, best, words), rest @ ..] if rest.first().is_none_or(|r| r.1 < *best) => {
            Some((*i, words.clone()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Registry;

    fn targets(template: &str, headings: &[&str]) -> Vec<(String, Rule)> {
        let registry = Registry::builtin();
        let template = registry.template(template).unwrap();
        let headings: Vec<Option<&str>> = headings.iter().map(|h| Some(*h)).collect();
        place(&headings, template)
            .into_iter()
            .map(|(i, rule)| (template.parts[i].id.clone(), rule))
            .collect()
    }

    fn ids(placed: &[(String, Rule)]) -> Vec<&str> {
        placed.iter().map(|(id, _)| id.as_str()).collect()
    }

    #[test]
    fn parts_are_matched_by_meaning_not_position() {
        let placed = targets(
            "shulian",
            &[
                "履职尽责，推动工作落实",
                "严于律己，廉洁从政",
                "存在的问题",
                "今后努力方向",
            ],
        );
        assert_eq!(ids(&placed), ["duty", "integrity", "shortcomings", "plans"]);
        assert!(matches!(&placed[1].1, Rule::Keywords(w) if w.contains(&"廉洁".to_string())));

        let placed = targets(
            "dnqjl",
            &[
                "坚定理想信念，提高政治站位",
                "服从大局，坚定不移",
                "严守纪律，廉洁自律",
                "依法履职，推进法治建设",
                "意识形态工作",
            ],
        );
        assert_eq!(
            ids(&placed),
            ["study", "duty", "integrity", "law", "ideology"]
        );
        assert_eq!(placed[1].1, Rule::InOrder, "nothing in it says which");
    }

    #[test]
    fn a_heading_equal_to_the_templates_wins_whatever_its_words() {
        let placed = targets("shulian", &["下一步打算", "存在的不足"]);
        assert_eq!(ids(&placed), ["plans", "shortcomings"]);
        assert_eq!(placed[0].1, Rule::SameHeading);
    }

    #[test]
    fn shortcomings_and_plans_go_to_the_closing_of_a_template_without_such_parts() {
        let placed = targets("dnqjl", &["加强学习", "存在的不足和下一步打算"]);
        assert_eq!(ids(&placed), ["study", "closing"]);
    }

    #[test]
    fn with_no_part_left_a_part_joins_the_one_before() {
        let placed = targets("duizhao", &["问题", "原因", "措施", "其他", "补充"]);
        assert_eq!(
            ids(&placed),
            ["problems", "causes", "measures", "measures", "measures"]
        );
    }
}
