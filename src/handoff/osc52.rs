//! The OSC 52 sequence that puts text into the clipboard of the writer's own computer:
//! `ESC ] 52 ; c ; base64 BEL`. Inside tmux it goes twice: in tmux's DCS passthrough
//! (`ESC P tmux; … ESC \`, every ESC inside doubled), which tmux passes on with
//! `allow-passthrough on`, and as it is, which tmux takes into its own clipboard and passes on
//! with `set-clipboard on` (either setting is enough, and both only set the same text twice).
//! Inside screen it goes in screen's DCS, cut in pieces short enough for it.
//! Terminals cap what they take (xterm and others at about 100,000 bytes), so a text whose base64
//! is longer than [`LIMIT_BASE64_BYTES`] is not sent at all: half a report in the clipboard would
//! be worse than none.

use base64::Engine as _;

use super::Multiplexer;

/// The longest base64 sent: a bound that the terminals our writers use all take.
pub const LIMIT_BASE64_BYTES: usize = 75_000;

/// GNU screen's limit for one string sequence is 256 bytes in older versions: each piece, with
/// its `ESC P` and `ESC \`, stays below it.
const SCREEN_PIECE_BYTES: usize = 252;

/// The text is too long to copy this way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLong {
    /// How many bytes of base64 it would take.
    pub base64_bytes: usize,
}

impl TooLong {
    /// What the writer is told.
    pub fn message(self) -> String {
        format!(
            "全文太长（编码后 {} 字节，上限 {LIMIT_BASE64_BYTES}），终端多半收不下，没有复制；请用下面的命令取文件。",
            self.base64_bytes
        )
    }
}

/// The bytes to write to the terminal so that `text` lands in the local clipboard.
pub fn sequence(text: &str, multiplexer: Option<Multiplexer>) -> Result<Vec<u8>, TooLong> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    if encoded.len() > LIMIT_BASE64_BYTES {
        return Err(TooLong {
            base64_bytes: encoded.len(),
        });
    }
    let plain = format!("\x1b]52;c;{encoded}\x07");
    Ok(match multiplexer {
        None => plain.into_bytes(),
        Some(Multiplexer::Tmux) => format!("{}{plain}", tmux_passthrough(&plain)).into_bytes(),
        Some(Multiplexer::Screen) => screen_passthrough(&plain).into_bytes(),
    })
}

/// `sequence` in tmux's passthrough: `ESC P tmux;`, the sequence with each ESC doubled, `ESC \`.
fn tmux_passthrough(sequence: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b"))
}

/// `sequence` in screen's DCS, in pieces of at most [`SCREEN_PIECE_BYTES`] (it is ASCII, so
/// any cut is on a character boundary).
fn screen_passthrough(sequence: &str) -> String {
    sequence
        .as_bytes()
        .chunks(SCREEN_PIECE_BYTES)
        .map(|piece| format!("\x1bP{}\x1b\\", String::from_utf8_lossy(piece)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(encoded: &str) -> String {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn the_plain_sequence_carries_the_text_in_base64() {
        let text = "2026年度述责述廉报告\n\n　　一年来，……";
        let bytes = sequence(text, None).unwrap();
        let s = String::from_utf8(bytes).unwrap();
        let inner = s
            .strip_prefix("\x1b]52;c;")
            .and_then(|s| s.strip_suffix('\x07'))
            .unwrap();
        assert_eq!(decode(inner), text);
    }

    #[test]
    fn inside_tmux_the_sequence_is_wrapped_with_its_escapes_doubled_then_sent_plain() {
        let s = String::from_utf8(sequence("述职", Some(Multiplexer::Tmux)).unwrap()).unwrap();
        let encoded = base64::engine::general_purpose::STANDARD.encode("述职");
        assert_eq!(
            s,
            format!("\x1bPtmux;\x1b\x1b]52;c;{encoded}\x07\x1b\\\x1b]52;c;{encoded}\x07")
        );
    }

    #[test]
    fn inside_screen_the_sequence_is_cut_into_short_pieces_that_join_back() {
        let text = "述职报告".repeat(200);
        let s = String::from_utf8(sequence(&text, Some(Multiplexer::Screen)).unwrap()).unwrap();
        let pieces: Vec<&str> = s
            .split("\x1b\\")
            .filter(|p| !p.is_empty())
            .map(|p| p.strip_prefix("\x1bP").unwrap())
            .collect();
        assert!(pieces.len() > 1);
        assert!(pieces.iter().all(|p| p.len() <= SCREEN_PIECE_BYTES));
        let joined: String = pieces.concat();
        let inner = joined
            .strip_prefix("\x1b]52;c;")
            .and_then(|s| s.strip_suffix('\x07'))
            .unwrap();
        assert_eq!(decode(inner), text);
    }

    #[test]
    fn a_text_too_long_for_terminals_is_not_sent() {
        // 3 bytes of text make 4 of base64.
        let fits = "a".repeat(LIMIT_BASE64_BYTES / 4 * 3);
        assert!(sequence(&fits, None).is_ok());
        let too_long = "述".repeat(LIMIT_BASE64_BYTES / 4 + 1);
        let err = sequence(&too_long, None).unwrap_err();
        assert!(err.base64_bytes > LIMIT_BASE64_BYTES);
        assert!(err.message().contains("没有复制"));
    }
}
