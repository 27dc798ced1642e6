//! Display width in terminal cells.
//!
//! `unicode-width` gives one cell to the "ambiguous" characters common in official text
//! (“ ” ‘ ’ … — · ① ℃) while many terminals set up for Chinese draw them in two. Every width
//! question therefore takes the ambiguous width as a parameter; nothing in shuzhi counts chars.

use unicode_width::UnicodeWidthStr;

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

/// `s` followed by spaces up to `cells` cells (at least one space when it is wider), for
/// aligning columns of Chinese text in plain output.
pub fn pad(s: &str, cells: usize) -> String {
    let width = str_width(s, Ambiguous::Narrow);
    format!("{s}{}", " ".repeat(cells.saturating_sub(width).max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn pad_aligns_by_cells() {
        assert_eq!(pad("开头", 6), "开头  ");
        assert_eq!(pad("opening", 6), "opening ");
    }

    #[test]
    fn mixed_text_adds_up() {
        assert_eq!(str_width("GDP增长5%", Ambiguous::Narrow), 3 + 4 + 2);
    }
}
