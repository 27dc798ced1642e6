//! Layout timings (issue 7): wrapping a 5,000-字 part with the shared layout at the editor's
//! and the preview's widths, assembling the report and laying out the preview, phrase search
//! over a part's bank, and writing the sample draft as .txt and .docx.
//! Run with `cargo bench --bench layout`.

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use shuzhi::config::Config;
use shuzhi::phrases::Index;
use shuzhi::report::export::Format;
use shuzhi::report::{BlockKind, assemble};
use shuzhi::template::Registry;
use shuzhi::text::layout::{LayoutCache, wrap};
use shuzhi::text::width::Ambiguous;
use shuzhi::tui::view::{Theme, preview};

fn layout(c: &mut Criterion) {
    let registry = Registry::builtin();
    let draft = common::draft(&registry, common::BENCH_DRAFT);
    let text = common::part_text(&draft);
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    for width in [60, 118] {
        c.bench_function(
            &format!("wrap 5,000-字 part ({chars} chars) at {width}"),
            |b| {
                b.iter(|| {
                    black_box(&text)
                        .split('\n')
                        .map(|p| wrap(p, width, Ambiguous::Narrow).len())
                        .sum::<usize>()
                })
            },
        );
    }
}

fn report_and_preview(c: &mut Criterion) {
    let registry = Registry::builtin();
    let template = registry.template("dnqjl").unwrap();
    let theme = Theme::new(true, Ambiguous::Narrow);
    for (name, draft) in [
        ("bench draft", common::draft(&registry, common::BENCH_DRAFT)),
        ("5,000-字 part", common::draft_with_big_part(&registry)),
    ] {
        c.bench_function(&format!("assemble ({name})"), |b| {
            b.iter(|| assemble(black_box(&draft), template))
        });
        let report = assemble(&draft, template);
        // The anchor the wizard uses while typing into the middle of the duty part.
        let duty = template.parts.iter().position(|p| p.id == "duty").unwrap();
        let anchor = report
            .blocks
            .iter()
            .rposition(|b| b.part == duty && matches!(b.kind, BlockKind::Paragraph { .. }));
        // 120×40: the preview pane's inside is 53 × 36; 80×24: 79 × 7.
        for (width, height) in [(53, 36), (78, 7)] {
            c.bench_function(
                &format!("preview lines {width}x{height}, nothing cached ({name})"),
                |b| {
                    b.iter(|| {
                        let window = preview::Window {
                            width,
                            height,
                            anchor,
                            offset: -(height as isize / 3),
                        };
                        preview::lines(black_box(&report), window, &theme, &LayoutCache::default())
                    })
                },
            );
        }
        // As in the wizard: the preview's layout cache is kept between frames.
        let cache = LayoutCache::default();
        c.bench_function(&format!("assemble + preview lines 53x36 ({name})"), |b| {
            b.iter(|| {
                let report = assemble(black_box(&draft), template);
                let window = preview::Window {
                    width: 53,
                    height: 36,
                    anchor,
                    offset: -12,
                };
                preview::lines(&report, window, &theme, &cache).len()
            })
        });
    }
}

fn phrases(c: &mut Criterion) {
    let registry = Registry::builtin();
    let template = registry.template("dnqjl").unwrap();
    let part = template.part("duty").unwrap();
    let all: Vec<_> = registry.phrases(part).cloned().collect();
    c.bench_function(
        &format!(
            "phrase index of duty ({} phrases, pinyin looked up)",
            all.len()
        ),
        |b| {
            b.iter(|| {
                let index = Index::new(black_box(&all));
                index.prepare();
                index
            })
        },
    );
    let index = Index::new(&all);
    for query in ["gdp", "ljzl", "项目", ""] {
        c.bench_function(&format!("phrase search duty {query:?}"), |b| {
            b.iter(|| index.search(black_box(query)))
        });
    }
}

fn export(c: &mut Criterion) {
    let registry = Registry::builtin();
    let template = registry.template("dnqjl").unwrap();
    let config = Config::default();
    for (name, toml) in [
        ("sample draft", common::SAMPLE_DRAFT),
        ("bench draft", common::BENCH_DRAFT),
    ] {
        let report = assemble(&common::draft(&registry, toml), template);
        for (format, ext) in [(Format::Txt, "txt"), (Format::Docx, "docx")] {
            c.bench_function(&format!("render .{ext} ({name})"), |b| {
                b.iter(|| format.render(black_box(&report), &config.docx).len())
            });
        }
    }
}

criterion_group!(benches, layout, report_and_preview, phrases, export);
criterion_main!(benches);
