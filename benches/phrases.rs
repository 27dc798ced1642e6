//! Phrase search timings: building the index over every built-in phrase (the pinyin is looked up
//! on the first search), and one query of each kind (initials, full pinyin, Han text, Latin text,
//! empty). The budget (issue 6) is under 1 ms per query; run with `cargo bench --bench phrases`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use shuzhi::phrases::Index;
use shuzhi::template::Registry;

fn phrases(c: &mut Criterion) {
    let registry = Registry::builtin();
    let phrases = registry.all_phrases();
    c.bench_function(&format!("index build ({} phrases)", phrases.len()), |b| {
        b.iter(|| Index::new(black_box(&phrases).iter().copied()))
    });
    // The pinyin of every phrase is looked up on the first search with a query.
    c.bench_function(
        &format!("index build + first search ({} phrases)", phrases.len()),
        |b| b.iter(|| Index::new(black_box(&phrases).iter().copied()).search("ljzl")),
    );
    let index = Index::new(phrases.iter().copied());
    for query in ["lzzl", "ljzl", "lianjie", "八项规定", "gdp", ""] {
        c.bench_function(&format!("search {query:?}"), |b| {
            b.iter(|| index.search(black_box(query)))
        });
    }
}

criterion_group!(benches, phrases);
criterion_main!(benches);
