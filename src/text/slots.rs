//! Places still to fill: `{…}` slots and runs of `*`.
//!
//! `{字段}` names a field of the template and is replaced by its value; any other `{…}` is a slot
//! the writer still has to fill, and so is a run of `*` (or full-width `＊`), the way drafters
//! mark a figure to look up later (`完成早稻播种面积*亩`). An unclosed `{` is plain text.

/// One piece of a paragraph, in order; the pieces concatenated give the text back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Ordinary text.
    Text(&'a str),
    /// `{name}` with its braces; `name` may be a field or a slot to fill.
    Braced(&'a str),
    /// A run of `*` or `＊`.
    Stars(&'a str),
}

impl<'a> Piece<'a> {
    /// The text of the piece as written.
    pub fn as_str(&self) -> &'a str {
        match self {
            Piece::Text(s) | Piece::Braced(s) | Piece::Stars(s) => s,
        }
    }
}

/// The name inside a braced piece: `{姓名}` → `姓名`.
pub fn braced_name(braced: &str) -> &str {
    braced
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(braced)
}

/// Splits `text` into pieces.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut plain_start = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let special = if let Some(inner) = rest.strip_prefix('{') {
            inner
                .find(['{', '}', '\n'])
                .filter(|&end| inner[end..].starts_with('}'))
                .map(|end| Piece::Braced(&rest[..end + 2]))
        } else if rest.starts_with(is_star) {
            let end = rest.find(|c| !is_star(c)).unwrap_or(rest.len());
            Some(Piece::Stars(&rest[..end]))
        } else {
            None
        };
        match special {
            Some(piece) => {
                if plain_start < i {
                    out.push(Piece::Text(&text[plain_start..i]));
                }
                i += piece.as_str().len();
                plain_start = i;
                out.push(piece);
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    if plain_start < text.len() {
        out.push(Piece::Text(&text[plain_start..]));
    }
    out
}

/// How far back [`piece_start_before`] looks for the `{` a place may have begun with.
const BRACE_SEARCH_BYTES: usize = 64 * 1024;

/// A place at or before `at` from which [`pieces`] of the rest gives the pieces the whole text
/// has there: not inside a `{…}` or a run of `*`. For a view that shows part of a long text.
pub fn piece_start_before(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let start = text[..at].trim_end_matches(is_star).len();
    let mut floor = start.saturating_sub(BRACE_SEARCH_BYTES);
    while !text.is_char_boundary(floor) {
        floor -= 1;
    }
    match text[floor..start].rfind(['{', '}', '\n']) {
        Some(i) if text[floor + i..].starts_with('{') => floor + i,
        _ => start,
    }
}

/// A star that marks a figure to fill: `*` or the full-width `＊`.
pub fn is_star(c: char) -> bool {
    c == '*' || c == '＊'
}

#[cfg(test)]
mod piece_start_tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn pieces_from_the_start_found_are_the_pieces_of_the_whole(
            text in "[述职{}*＊a]{0,30}",
            at in 0usize..100,
        ) {
            let at = at.min(text.len());
            let start = piece_start_before(&text, at);
            proptest::prop_assert!(start <= at);
            // The places to fill and fields, with where they begin.
            let special = |text: &str, base: usize| -> Vec<(usize, String)> {
                let mut offset = base;
                let mut out = Vec::new();
                for piece in pieces(text) {
                    if matches!(piece, Piece::Braced(_) | Piece::Stars(_)) {
                        out.push((offset, piece.as_str().to_string()));
                    }
                    offset += piece.as_str().len();
                }
                out
            };
            let want: Vec<_> = special(&text, 0).into_iter().filter(|p| p.0 >= start).collect();
            proptest::prop_assert_eq!(special(&text[start..], start), want);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn braces_and_star_runs_are_found() {
        assert_eq!(
            pieces("{姓名}完成播种面积**亩，{待填}。"),
            vec![
                Piece::Braced("{姓名}"),
                Piece::Text("完成播种面积"),
                Piece::Stars("**"),
                Piece::Text("亩，"),
                Piece::Braced("{待填}"),
                Piece::Text("。"),
            ]
        );
    }

    #[test]
    fn full_width_stars_count_as_stars() {
        assert_eq!(pieces("增长＊＊%")[1], Piece::Stars("＊＊"));
    }

    #[test]
    fn unclosed_or_nested_braces_are_plain_text() {
        assert_eq!(pieces("a{b"), vec![Piece::Text("a{b")]);
        assert_eq!(
            pieces("{a{b}"),
            vec![Piece::Text("{a"), Piece::Braced("{b}")]
        );
    }

    #[test]
    fn braced_name_strips_the_braces() {
        assert_eq!(braced_name("{年度}"), "年度");
    }

    proptest! {
        #[test]
        fn pieces_give_the_text_back(s in "[a{}*＊述\n]{0,40}") {
            let joined: String = pieces(&s).iter().map(Piece::as_str).collect();
            prop_assert_eq!(joined, s);
        }
    }
}
