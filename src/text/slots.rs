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

fn is_star(c: char) -> bool {
    c == '*' || c == '＊'
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
