//! Typing in one huge paragraph (issue 21): the time of one key typed into a part holding a
//! single paragraph of 100 KB, 1 MB and 5 MB of Chinese text, at its end and in its middle —
//! the editor alone, and the key as the wizard does it: the edit goes into the `Document`
//! (the draft's text changed in place, the report and the 字数 brought up to date) and the
//! editor lays out what the screen shows — and the whole key in the wizard at 120×40 (`update`,
//! then `view` with the preview beside the editor). Run with `cargo bench --bench huge`; it
//! prints the median and the slowest key of each case, and fails when the median key at 1 MB or
//! less takes more than 5 ms.

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use shuzhi::config::Config;
use shuzhi::document::{Document, Edit};
use shuzhi::draft::{Draft, Section};
use shuzhi::template::Registry;
use shuzhi::text::width::Ambiguous;
use shuzhi::tui::app::{App, Msg, Opened, update};
use shuzhi::tui::editor::{DocumentPart, Editor, EditorOp, Pos, paragraphs_of};
use shuzhi::tui::view::view;

/// The budget for one key up to 1 MB of text.
const KEY_BUDGET: Duration = Duration::from_millis(5);
const KEYS: usize = 40;
/// The part typed into (`duty`).
const PART: usize = 2;

fn report(label: &str, place: &str, what: &str, mut times: Vec<Duration>) -> Duration {
    times.sort();
    let median = times[KEYS / 2];
    println!(
        "{label} paragraph, typing at the {place}, {what}: median {:.3} ms, slowest {:.3} ms a key",
        median.as_secs_f64() * 1e3,
        times[KEYS - 1].as_secs_f64() * 1e3
    );
    median
}

fn middle(text: &str) -> usize {
    let mut byte = text.len() / 2;
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

fn main() {
    let sentence = "全面贯彻落实党的二十届四中全会精神扎实推进十五五开局之年各项工作。";
    let registry = Registry::builtin();
    let template = Arc::new(registry.template("dnqjl").unwrap().clone());
    let mut failed = false;
    for (label, bytes) in [
        ("100 KB", 100 * 1024),
        ("1 MB", 1024 * 1024),
        ("5 MB", 5 * 1024 * 1024),
    ] {
        let text = sentence.repeat(bytes / sentence.len() + 1);
        for place in ["end", "middle"] {
            // The editor alone, over paragraphs of its own.
            let mut paras = paragraphs_of(&text);
            let mut editor = Editor::new(&paras, Ambiguous::Narrow);
            editor.set_size(&paras, 65, 26);
            if place == "middle" {
                let byte = middle(&text);
                editor.set_caret(&paras, Pos { para: 0, byte });
            }
            let times = (0..KEYS)
                .map(|_| {
                    let start = Instant::now();
                    editor.type_char(&mut paras, '字');
                    black_box(editor.caret_cell());
                    start.elapsed()
                })
                .collect();
            let alone = report(label, place, "editor", times);

            // The wizard's way: the document holds the text.
            let mut doc = Document::new(Draft::new(&template), template.clone());
            doc.apply(Edit::Splice {
                part: PART,
                range: Pos::default()..Pos::default(),
                text: text.clone(),
            });
            let mut part = DocumentPart {
                doc: &mut doc,
                part: PART,
            };
            let mut editor = Editor::new(&part, Ambiguous::Narrow);
            editor.set_size(&part, 65, 26);
            if place == "middle" {
                let byte = middle(&text);
                editor.apply(&mut part, EditorOp::SetCaret(Pos { para: 0, byte }));
            }
            let times = (0..KEYS)
                .map(|_| {
                    let start = Instant::now();
                    editor.apply(&mut part, EditorOp::Type('字'));
                    black_box(editor.caret_cell());
                    black_box(part.doc.total());
                    start.elapsed()
                })
                .collect();
            let whole = report(label, place, "editor + document", times);
            if bytes <= 1024 * 1024 && (alone > KEY_BUDGET || whole > KEY_BUDGET) {
                failed = true;
            }
        }
        // The whole key at 120×40, the preview beside the editor: `update` with the key, then
        // `view` drawn into a `TestBackend` (diff included). At the end of the huge paragraph,
        // and in a short paragraph after it (the preview shows the huge one's last rows above).
        for (place, after) in [("end", ""), ("next paragraph", "\n全年工作有序推进。")] {
            let mut draft = Draft::new(&template);
            let section = Section {
                heading: None,
                text: format!("{text}{after}"),
            };
            draft
                .sections
                .insert(template.parts[PART].id.clone(), section);
            draft.state.step = Some(template.parts[PART].id.clone());
            let mut app = App::new(
                Registry::builtin(),
                Config::default(),
                Ambiguous::Narrow,
                true,
            );
            app.open(Opened::new(PathBuf::from("huge.toml"), draft, false))
                .unwrap();
            update(&mut app, Msg::Resize(120, 40));
            let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
            term.draw(|f| {
                view(&app, f);
            })
            .unwrap();
            let times = (0..KEYS)
                .map(|_| {
                    let key = KeyEvent::new(KeyCode::Char('字'), KeyModifiers::NONE);
                    let start = Instant::now();
                    black_box(update(&mut app, Msg::Key(key)));
                    term.draw(|f| {
                        view(&app, f);
                    })
                    .unwrap();
                    start.elapsed()
                })
                .collect();
            let whole = report(label, place, "update + view 120x40", times);
            if bytes <= 1024 * 1024 && whole > KEY_BUDGET {
                failed = true;
            }
        }
    }
    assert!(
        !failed,
        "a key took more than {KEY_BUDGET:?} at 1 MB or less"
    );
}
