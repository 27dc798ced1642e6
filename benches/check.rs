//! Checking timings (issue 15): the whole `check` of the ~5,000-字 bench draft (places to
//! fill, punctuation, and every proofreading rule), and the proofreader alone over its
//! paragraphs. The review screen re-checks on every change, so this must stay well under 5 ms.
//! Run with `cargo bench --bench check`.

mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use shuzhi::proof::{Context, Place, Proofreader};
use shuzhi::report::{assemble, check_with};
use shuzhi::template::Registry;

fn check(c: &mut Criterion) {
    let registry = Registry::builtin();
    let template = registry.template("dnqjl").unwrap();
    let draft = common::draft(&registry, common::BENCH_DRAFT);
    let report = assemble(&draft, template);
    let proofreader = Proofreader::builtin();
    let chars = report.word_count().chars;
    c.bench_function(
        &format!(
            "check bench draft ({chars} chars, {} rules)",
            proofreader.rule_count()
        ),
        |b| b.iter(|| check_with(black_box(&draft), template, &report, proofreader)),
    );
    let text = common::part_text(&draft);
    let context = Context { year: Some(2026) };
    c.bench_function("proofread 5,000-字 paragraphs", |b| {
        b.iter(|| {
            black_box(&text)
                .split('\n')
                .map(|p| proofreader.check_paragraph(p, Place::Body, context).len())
                .sum::<usize>()
        })
    });
}

criterion_group!(benches, check);
criterion_main!(benches);
