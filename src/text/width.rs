//! Display width in terminal cells.
//!
//! `unicode-width` gives one cell to the "ambiguous" characters common in official text
//! (“ ” ‘ ’ … — · ① ℃) while many terminals set up for Chinese draw them in two. Every width
//! question therefore takes the ambiguous width as a parameter; nothing in shuzhi counts chars.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How wide the terminal draws East Asian ambiguous-width characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Ambiguous {
    /// One cell, what `unicode-width` assumes and what most Western setups do.
    #[default]
    Narrow,
    /// Two cells, what PuTTY, Xshell or GNOME Terminal do when set up for Chinese.
    Wide,
}

/// Cells taken by `s`.
pub fn str_width(s: &str, ambiguous: Ambiguous) -> usize {
    match ambiguous {
        Ambiguous::Narrow => s.width(),
        Ambiguous::Wide => s.width_cjk(),
    }
}

/// The graphemes of `s`, each with the cells it takes.
///
/// Drawing a screen asks this of every character on it, so the characters that are always a
/// grapheme of their own (ASCII, Han, CJK, full-width and general punctuation: none of them
/// joins its neighbours under UAX #29) are taken one at a time; anything else, and whatever
/// follows it, goes through the grapheme segmenter.
pub fn graphemes(s: &str, ambiguous: Ambiguous) -> impl Iterator<Item = (&str, usize)> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let mut chars = rest.chars();
        let first = chars.next()?;
        let alone = stands_alone(first) && chars.next().is_none_or(stands_alone);
        let len = if alone {
            first.len_utf8()
        } else {
            rest.graphemes(true).next().map_or(rest.len(), str::len)
        };
        let (grapheme, after) = rest.split_at(len);
        rest = after;
        let cells = if alone {
            match ambiguous {
                Ambiguous::Narrow => first.width(),
                Ambiguous::Wide => first.width_cjk(),
            }
            .unwrap_or(0)
        } else {
            str_width(grapheme, ambiguous)
        };
        Some((grapheme, cells))
    })
}

/// Whether `c` is a grapheme by itself whatever stands around it (no Extend, ZWJ, SpacingMark,
/// Prepend, Hangul jamo or regional indicator among these ranges).
fn stands_alone(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205E}'
        | '\u{3000}'..='\u{3029}'
        | '\u{3030}'..='\u{303F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{FF01}'..='\u{FF60}')
}

/// Whether terminals set up for Chinese draw `s` wider than others do: the East Asian
/// "ambiguous" characters (“ ” … — · ① ℃).
pub fn is_ambiguous(s: &str) -> bool {
    s.width() != s.width_cjk()
}

/// What ends a text cut to fit its room.
pub const ELLIPSIS: &str = "…";

/// `s` as it fits in `cells` cells: whole when it fits, else cut at a grapheme and ended with
/// "…" (which takes one cell, or two where the terminal draws it wide).
pub fn fit(s: &str, cells: usize, ambiguous: Ambiguous) -> std::borrow::Cow<'_, str> {
    if str_width(s, ambiguous) <= cells {
        return s.into();
    }
    let ellipsis = str_width(ELLIPSIS, ambiguous);
    if cells < ellipsis {
        return "".into();
    }
    format!("{}{ELLIPSIS}", prefix(s, cells - ellipsis, ambiguous)).into()
}

/// `s` followed by spaces up to `cells` cells (at least one space when it is wider), for
/// aligning columns of Chinese text in plain output.
pub fn pad(s: &str, cells: usize) -> String {
    let width = str_width(s, Ambiguous::Narrow);
    format!("{s}{}", " ".repeat(cells.saturating_sub(width).max(1)))
}

/// The longest beginning of `s` that fits in `cells` cells, cut between graphemes.
pub fn prefix(s: &str, cells: usize, ambiguous: Ambiguous) -> &str {
    let mut used = 0;
    let mut end = 0;
    for (grapheme, width) in graphemes(s, ambiguous) {
        if used + width > cells {
            break;
        }
        used += width;
        end += grapheme.len();
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_cuts_between_graphemes_by_cells() {
        assert_eq!(prefix("婚姻家庭、配偶", 9, Ambiguous::Narrow), "婚姻家庭");
        assert_eq!(prefix("“两个”", 3, Ambiguous::Narrow), "“两");
        assert_eq!(prefix("“两个”", 3, Ambiguous::Wide), "“");
        assert_eq!(prefix("abc", 10, Ambiguous::Narrow), "abc");
    }

    #[test]
    fn fit_cuts_to_the_cells_with_an_ellipsis_and_leaves_what_fits() {
        assert_eq!(fit("述职报告", 8, Ambiguous::Narrow), "述职报告");
        assert_eq!(fit("述职报告", 7, Ambiguous::Narrow), "述职报…");
        assert_eq!(fit("述职报告", 6, Ambiguous::Narrow), "述职…");
        assert_eq!(fit("述职报告", 6, Ambiguous::Wide), "述职…");
        assert_eq!(fit("述职报告", 5, Ambiguous::Wide), "述…");
    }

    #[test]
    fn han_and_full_width_punctuation_take_two_cells() {
        for s in ["述", "，", "。", "（", "》", "％", "　"] {
            assert_eq!(str_width(s, Ambiguous::Narrow), 2, "{s}");
        }
    }

    #[test]
    fn ambiguous_punctuation_follows_the_setting() {
        for s in ["“", "”", "…", "—", "·", "①", "℃"] {
            assert_eq!(str_width(s, Ambiguous::Narrow), 1, "{s}");
            assert_eq!(str_width(s, Ambiguous::Wide), 2, "{s}");
        }
    }

    #[test]
    fn a_text_too_long_is_cut_by_cells_and_ends_with_an_ellipsis() {
        assert_eq!(fit("述职报告", 8, Ambiguous::Narrow), "述职报告");
        assert_eq!(fit("述职报告", 7, Ambiguous::Narrow), "述职报…");
        assert_eq!(fit("述职报告", 6, Ambiguous::Narrow), "述职…");
        assert_eq!(fit("述职报告", 6, Ambiguous::Wide), "述职…");
        assert_eq!(fit("述职报告", 5, Ambiguous::Wide), "述…");
        assert_eq!(fit("ab述职", 4, Ambiguous::Narrow), "ab…");
        assert_eq!(fit("述职", 0, Ambiguous::Narrow), "");
        for cells in 0..12 {
            for ambiguous in [Ambiguous::Narrow, Ambiguous::Wide] {
                let cut = fit("GDP增长5%，“两个维护”", cells, ambiguous);
                assert!(str_width(&cut, ambiguous) <= cells, "{cut} {cells}");
            }
        }
    }

    #[test]
    fn pad_aligns_by_cells() {
        assert_eq!(pad("开头", 6), "开头  ");
        assert_eq!(pad("opening", 6), "opening ");
    }

    #[test]
    fn graphemes_are_the_segmenters_with_their_widths() {
        let samples = [
            "述职报告：GDP增长5%，“两个维护”……",
            "e\u{301}clair 가각 👨\u{200d}👩\u{200d}👧 🇨🇳 ‼\u{fe0f} 〪字\u{302a}",
            "\u{200d}开头\u{301}",
            "",
        ];
        for s in samples {
            for ambiguous in [Ambiguous::Narrow, Ambiguous::Wide] {
                let ours: Vec<(&str, usize)> = graphemes(s, ambiguous).collect();
                let theirs: Vec<(&str, usize)> = s
                    .graphemes(true)
                    .map(|g| (g, str_width(g, ambiguous)))
                    .collect();
                assert_eq!(ours, theirs, "{s:?} {ambiguous:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn graphemes_agree_with_the_segmenter_on_any_text(
            s in "[a-z 述职“”—…，。\u{301}\u{200d}\u{302a}\u{fe0f}가각👩🇨\u{1100}\u{1161}\r\n]{0,24}",
        ) {
            for ambiguous in [Ambiguous::Narrow, Ambiguous::Wide] {
                let ours: Vec<(&str, usize)> = graphemes(&s, ambiguous).collect();
                let theirs: Vec<(&str, usize)> = s
                    .graphemes(true)
                    .map(|g| (g, str_width(g, ambiguous)))
                    .collect();
                proptest::prop_assert_eq!(ours, theirs);
            }
        }
    }

    #[test]
    fn ambiguous_characters_are_named_as_such() {
        assert!(
            ["“", "…", "—", "·", "①", "℃"]
                .iter()
                .all(|s| is_ambiguous(s))
        );
        assert!(!["述", "，", "a", "5", ""].iter().any(|s| is_ambiguous(s)));
    }

    #[test]
    fn mixed_text_adds_up() {
        assert_eq!(str_width("GDP增长5%", Ambiguous::Narrow), 3 + 4 + 2);
    }
}
