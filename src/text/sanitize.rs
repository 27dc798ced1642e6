//! The one sanitizer for untrusted text (pastes, templates, drafts read from disk).
//!
//! Line breaks become `\n`, a tab becomes spaces, and every other control character and every
//! bidirectional override is dropped, so nothing loaded can move the cursor, recolour the screen,
//! reorder text in Word or a browser, or make the XML of a .docx invalid. It does not touch
//! ordinary characters, not even unusual ones: the writer's text is theirs.

use std::borrow::Cow;

/// Spaces a tab becomes. Reports have no tab stops; four spaces keep a pasted table readable.
const TAB_SPACES: &str = "    ";

/// Cleans `input` as described in the module doc. Borrowed when nothing had to change.
pub fn sanitize(input: &str) -> Cow<'_, str> {
    if !input.chars().any(needs_cleaning) {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' => out.push('\n'),
            '\t' => out.push_str(TAB_SPACES),
            c if is_dropped(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_cleaning(c: char) -> bool {
    c == '\r' || c == '\t' || is_dropped(c)
}

/// Characters removed outright: C0 and C1 controls (but `\n`, handled above), DEL, the bidi
/// embedding/override/isolate controls and marks, and a byte-order mark anywhere in the text.
/// A key that types one of these types nothing, so typed text is as clean as loaded text.
pub fn is_dropped(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{FEFF}'
        )
}

/// True when `text` holds nothing [`sanitize`] would change: the invariant every export keeps.
pub fn is_clean(text: &str) -> bool {
    !text.chars().any(needs_cleaning)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn line_breaks_of_every_kind_become_newlines() {
        assert_eq!(sanitize("一\r\n二\r三\n四"), "一\n二\n三\n四");
    }

    #[test]
    fn tab_becomes_spaces() {
        assert_eq!(sanitize("甲\t乙"), "甲    乙");
    }

    #[test]
    fn escape_sequences_lose_their_escape() {
        assert_eq!(sanitize("A\u{1b}[31mRED\u{7}"), "A[31mRED");
        assert_eq!(sanitize("x\u{1b}]0;PWNED\u{7}y"), "x]0;PWNEDy");
    }

    #[test]
    fn bidi_overrides_nul_and_c1_are_dropped() {
        assert_eq!(
            sanitize("abc\u{202E}def\u{2066}\u{0}\u{85}\u{9b}"),
            "abcdef"
        );
    }

    #[test]
    fn chinese_text_and_full_width_spaces_are_untouched() {
        let text = "　　全年完成固定资产投资1.5亿元，同比增长12.6%。“两个维护”……";
        assert!(matches!(sanitize(text), Cow::Borrowed(_)));
    }

    proptest! {
        #[test]
        fn output_is_always_clean_and_sanitizing_twice_changes_nothing(s in any::<String>()) {
            let once = sanitize(&s).into_owned();
            prop_assert!(is_clean(&once));
            prop_assert_eq!(sanitize(&once), once.as_str());
        }
    }
}
