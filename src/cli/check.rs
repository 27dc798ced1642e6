//! `shuzhi check`: every problem of a draft, then the 字数 of each part and of the whole.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::Args;

use super::{DraftArg, load, print_out};
use shuzhi::draft::Draft;
use shuzhi::report::{Length, Problem, ProblemKind, assemble, check, part_counts};
use shuzhi::source::Diagnostic;
use shuzhi::template::Template;
use shuzhi::text::width::pad;

/// Exit code when the draft has problems.
const EXIT_PROBLEMS: u8 = 1;

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    draft: DraftArg,
}

pub fn run(args: CheckArgs) -> Result<ExitCode, Diagnostic> {
    let (_config, registry) = load()?;
    let path = &args.draft.draft;
    let draft = Draft::load(path, &registry)?;
    let template = registry.template(&draft.template)?;
    let report = assemble(&draft, template);
    let problems = check(&draft, template, &report);

    let mut out = String::new();
    if problems.is_empty() {
        let _ = writeln!(out, "{}：没有发现问题。", path.display());
    } else {
        let _ = writeln!(out, "{}：发现 {} 个问题", path.display(), problems.len());
        for (n, problem) in problems.iter().enumerate() {
            let _ = writeln!(out, "{:>3}. {}", n + 1, describe(problem, template));
            if !problem.context.is_empty() {
                let _ = writeln!(out, "     {}", problem.context);
            }
        }
    }

    let _ = writeln!(out, "\n字数（按 Word/WPS 字数统计的算法，不含标题）：");
    let counts = part_counts(template, &report);
    let name_cells = 14;
    for (part, count) in template.parts.iter().zip(&counts) {
        let mut line = format!("  {}{:>5}", pad(&part.step, name_cells), count.words);
        if let Some((min, max)) = part.chars {
            let note = Length::of(part, count.words).map_or("", Length::note);
            let sep = if note.is_empty() { "" } else { "，" };
            let _ = write!(line, "  （常见 {min}–{max}{sep}{note}）");
        }
        let _ = writeln!(out, "{line}");
    }
    let total = report.word_count();
    let mut line = format!("  {}{:>5}", pad("合计", name_cells), total.words);
    if let Some(limit) = template.max_chars {
        let _ = write!(line, "  （上限 {limit}）");
    }
    let _ = writeln!(out, "{line}");
    let _ = writeln!(out, "  字符数（不计空格）{}", total.chars);
    print_out(&out);

    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_PROBLEMS)
    })
}

/// One line saying where the problem is and what it is.
fn describe(problem: &Problem, template: &Template) -> String {
    let place = match problem.part.and_then(|i| template.parts.get(i)) {
        Some(part) => {
            let mut place = format!("「{}」（{}）", part.step, part.id);
            match problem.paragraph {
                Some(n) => {
                    let _ = write!(place, "第 {n} 段");
                }
                None if matches!(
                    problem.kind,
                    ProblemKind::Slot(_) | ProblemKind::Stars(_) | ProblemKind::Punctuation(_)
                ) =>
                {
                    place.push_str("标题");
                }
                None => {}
            }
            place
        }
        None => match problem.kind {
            ProblemKind::Slot(_) | ProblemKind::Stars(_) => "报告标题".to_string(),
            _ => String::new(),
        },
    };
    match &problem.kind {
        ProblemKind::Slot(slot) => format!("{place}：待填写 `{slot}`"),
        ProblemKind::Stars(stars) => format!("{place}：待填写的数字 `{stars}`"),
        ProblemKind::EmptyPart => format!("{place}：这一部分还没有内容"),
        ProblemKind::RequiredField(label) => format!("基本信息：必填的「{label}」还是空的"),
        ProblemKind::Punctuation(finding) => format!("{place}：{}", finding.message),
        ProblemKind::TooLong { words, limit } => {
            format!(
                "全文 {words} 字，超过了模板的上限 {limit} 字（多 {} 字）",
                words - limit
            )
        }
    }
}
