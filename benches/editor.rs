//! Per-keystroke timings (issue 7): the editor alone typing one character into the middle of a
//! 5,000-字 part, and the whole wizard — `update` with the key, then `view` drawn into a
//! ratatui `TestBackend` (buffer diff included) — at 120×40 (preview beside the editor) and
//! 80×24 (phrases, or the preview after F2), in the middle of the long paragraph of the bench
//! draft's `duty` part. Every 200 characters the state is put back (outside the timing), as the
//! keystroke probe types 200. Run with `cargo bench --bench editor`.

mod common;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use shuzhi::config::Config;
use shuzhi::draft::Draft;
use shuzhi::template::Registry;
use shuzhi::text::width::Ambiguous;
use shuzhi::tui::app::{App, Msg, Opened, update};
use shuzhi::tui::editor::{Editor, Pos, paragraphs_of};
use shuzhi::tui::view::{view, view_holding_preview};

const TYPED: &str = "统筹推进交通物流和安全工作在抓项目优服务保安全上持续用力";
const RESET_EVERY: u64 = 200;

fn typed() -> impl Iterator<Item = char> {
    TYPED.chars().cycle()
}

fn editor(c: &mut Criterion) {
    let registry = Registry::builtin();
    let draft = common::draft(&registry, common::BENCH_DRAFT);
    let text = common::part_text(&draft);
    let paras = paragraphs_of(&text);
    let mut base = Editor::new(&paras, Ambiguous::Narrow);
    base.set_size(&paras, 65, 26);
    let (para, longest) = paras
        .iter()
        .enumerate()
        .max_by_key(|(_, p)| p.len())
        .map(|(i, p)| (i, p.clone()))
        .unwrap();
    let byte = longest
        .char_indices()
        .nth(longest.chars().count() / 2)
        .unwrap()
        .0;
    base.set_caret(&paras, Pos { para, byte });
    // Issue 3: a 50,000-字 part (the part ten times over) still edits without lag, because only
    // the paragraph typed into is laid out again.
    let big_paras = paragraphs_of(&[text.as_str(); 10].join("\n"));
    let mut big = Editor::new(&big_paras, Ambiguous::Narrow);
    big.set_size(&big_paras, 65, 26);
    big.set_caret(
        &big_paras,
        Pos {
            para: para + paras.len() * 5,
            byte,
        },
    );
    type_into(
        c,
        "editor: type one char mid 50,000-字 part",
        &(big, big_paras),
    );
    type_into(c, "editor: type one char mid 5,000-字 part", &(base, paras));
}

/// Types one character at a time into a copy of `base` (put back every `RESET_EVERY` keys).
fn type_into(c: &mut Criterion, name: &str, base: &(Editor, Vec<String>)) {
    c.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let (mut e, mut t) = base.clone();
            let mut chars = typed();
            for i in 0..iters {
                if i % RESET_EVERY == 0 {
                    (e, t) = base.clone();
                }
                let ch = chars.next().unwrap();
                let at = Instant::now();
                e.type_char(&mut t, black_box(ch));
                black_box(e.caret_cell());
                total += at.elapsed();
            }
            total
        })
    });
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// The bench draft open at `duty`, the caret in the middle of its long last paragraph, the way
/// the keystroke probe puts it there.
fn app(width: u16, height: u16, preview: bool) -> App {
    let registry = Registry::builtin();
    let draft: Draft = common::draft(&registry, common::BENCH_DRAFT);
    let mut app = App::new(registry, Config::default(), Ambiguous::Narrow, true);
    app.open(Opened::new(PathBuf::from("bench.toml"), draft, false))
        .unwrap();
    update(&mut app, Msg::Resize(width, height));
    if preview {
        update(&mut app, key(KeyCode::F(2)));
    }
    for _ in 0..10 {
        update(&mut app, key(KeyCode::Up));
    }
    update(&mut app, key(KeyCode::Home));
    for _ in 0..5 {
        update(&mut app, key(KeyCode::Right));
    }
    app
}

fn terminal(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    t.draw(|f| {
        view(app, f);
    })
    .unwrap();
    t
}

/// A key typed and the frame drawn with `draw`.
fn keystroke(
    c: &mut Criterion,
    name: &str,
    base: &App,
    draw: fn(&App, &mut ratatui::Frame) -> Option<ratatui::layout::Position>,
) {
    c.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut app = base.clone();
            let mut term = terminal(&app);
            let mut chars = typed();
            for i in 0..iters {
                if i % RESET_EVERY == 0 {
                    app = base.clone();
                    term = terminal(&app);
                }
                let msg = key(KeyCode::Char(chars.next().unwrap()));
                let at = Instant::now();
                black_box(update(&mut app, msg));
                term.draw(|f| {
                    draw(&app, f);
                })
                .unwrap();
                total += at.elapsed();
            }
            total
        })
    });
}

fn wizard(c: &mut Criterion) {
    for (w, h, preview, name) in [
        (120, 40, false, "120x40 preview"),
        (80, 24, false, "80x24 phrases"),
        (80, 24, true, "80x24 preview(F2)"),
    ] {
        let base = app(w, h, preview);
        keystroke(c, &format!("keystroke update+view {name}"), &base, view);
        if w >= 120 {
            // During a fast burst of keys the preview keeps its cells (tui::pacing).
            keystroke(
                c,
                &format!("keystroke update+view {name} held (burst)"),
                &base,
                view_holding_preview,
            );
        }
        c.bench_function(&format!("keystroke update only {name}"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                let mut app = base.clone();
                let mut chars = typed();
                for i in 0..iters {
                    if i % RESET_EVERY == 0 {
                        app = base.clone();
                    }
                    let msg = key(KeyCode::Char(chars.next().unwrap()));
                    let at = Instant::now();
                    black_box(update(&mut app, msg));
                    total += at.elapsed();
                }
                total
            })
        });
        c.bench_function(&format!("view only (no change) {name}"), |b| {
            let mut term = terminal(&base);
            b.iter(|| {
                term.draw(|f| {
                    view(black_box(&base), f);
                })
                .unwrap();
            })
        });
    }
}

criterion_group!(benches, editor, wizard);
criterion_main!(benches);
