//! Typing in one huge paragraph (issue 21): the time of one key typed into the editor holding a
//! single paragraph of 100 KB, 1 MB and 5 MB of Chinese text, at its end and in its middle,
//! the layout of that paragraph redone as the wizard does it. Run with
//! `cargo bench --bench huge`; it prints the median and the slowest key of each case, and says
//! whether the median key at 1 MB or less keeps within 5 ms.

use std::hint::black_box;
use std::time::{Duration, Instant};

use shuzhi::text::width::Ambiguous;
use shuzhi::tui::editor::{Editor, Pos};

/// The budget for one key up to 1 MB of text.
const KEY_BUDGET: Duration = Duration::from_millis(5);
const KEYS: usize = 40;

fn main() {
    let sentence = "全面贯彻落实党的二十届四中全会精神扎实推进十五五开局之年各项工作。";
    let mut failed = false;
    for (label, bytes) in [
        ("100 KB", 100 * 1024),
        ("1 MB", 1024 * 1024),
        ("5 MB", 5 * 1024 * 1024),
    ] {
        let text = sentence.repeat(bytes / sentence.len() + 1);
        for place in ["end", "middle"] {
            let mut editor = Editor::new(&text, Ambiguous::Narrow);
            editor.set_size(65, 26);
            if place == "middle" {
                let mut byte = text.len() / 2;
                while !text.is_char_boundary(byte) {
                    byte -= 1;
                }
                editor.set_caret(Pos { para: 0, byte });
            }
            let mut times: Vec<Duration> = (0..KEYS)
                .map(|_| {
                    let start = Instant::now();
                    editor.type_char('字');
                    black_box(editor.caret_cell());
                    start.elapsed()
                })
                .collect();
            times.sort();
            let median = times[KEYS / 2];
            let slowest = times[KEYS - 1];
            println!(
                "{label} paragraph, typing at the {place}: median {:.2} ms, slowest {:.2} ms a key",
                median.as_secs_f64() * 1e3,
                slowest.as_secs_f64() * 1e3
            );
            if bytes <= 1024 * 1024 && median > KEY_BUDGET {
                failed = true;
            }
        }
    }
    assert!(
        !failed,
        "a key took more than {KEY_BUDGET:?} at 1 MB or less"
    );
}
