//! The sample the criterion benches share: the ~5,000-字 bench draft, and a 5,000-字 part made
//! of all its paragraphs.

#![allow(dead_code)]

use shuzhi::draft::{Draft, Section};
use shuzhi::source::Source;
use shuzhi::template::Registry;

pub const BENCH_DRAFT: &str = include_str!("../../tests/fixtures/bench-5000.toml");
pub const SAMPLE_DRAFT: &str = include_str!("../../tests/fixtures/xiangzhang.toml");

pub fn draft(registry: &Registry, toml: &str) -> Draft {
    Draft::parse(&Source::new("bench", toml), registry).expect("the bench draft parses")
}

/// Every paragraph of the bench draft, in order, as the text of one part (~5,000 字).
pub fn part_text(draft: &Draft) -> String {
    ["opening", "study", "duty", "integrity", "law", "closing"]
        .iter()
        .filter_map(|id| draft.sections.get(*id))
        .flat_map(Section::paragraphs)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The bench draft with its `duty` part holding the whole 5,000-字 text.
pub fn draft_with_big_part(registry: &Registry) -> Draft {
    let mut d = draft(registry, BENCH_DRAFT);
    let text = part_text(&d);
    d.sections.insert(
        "duty".into(),
        Section {
            heading: None,
            text: text + "\n",
        },
    );
    d
}
