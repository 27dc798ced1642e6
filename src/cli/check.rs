//! `shuzhi check`: every problem of a draft grouped by kind (密级 first), then the 字数 of each
//! part and of the whole; `--json` gives the same problems to scripts.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use super::{DraftArg, load, print_out};
use shuzhi::draft::Draft;
use shuzhi::proof::Proofreader;
use shuzhi::report::{
    Length, Problem, ProblemKind, assemble, check_with, group_label, groups, part_counts,
};
use shuzhi::source::Diagnostic;
use shuzhi::template::Template;
use shuzhi::text::width::pad;

/// Exit code when the draft has problems.
const EXIT_PROBLEMS: u8 = 1;

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    draft: DraftArg,
    /// 以 JSON 输出问题（rule、level、kind、part、paragraph、text、fix、message），不输出字数
    #[arg(long)]
    json: bool,
}

pub fn run(args: CheckArgs) -> Result<ExitCode, Diagnostic> {
    let (_config, registry) = load()?;
    let path = &args.draft.draft;
    let draft = Draft::load(path, &registry)?;
    let template = registry.template(&draft.template)?;
    let proofreader = Proofreader::configured()?;
    let report = assemble(&draft, template);
    let problems = check_with(&draft, template, &report, &proofreader);

    let out = if args.json {
        json(&problems, template)
    } else {
        text(path, &draft, template, &report, &problems)
    };
    print_out(&out)?;
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_PROBLEMS)
    })
}

/// One problem as `--json` gives it.
#[derive(Serialize)]
struct JsonProblem<'a> {
    rule: &'a str,
    level: &'static str,
    /// The kind's label; `待完成` for what is left to do.
    kind: &'static str,
    /// The part's id; `null` for the title, the fields and the whole report.
    part: Option<&'a str>,
    /// 1-based paragraph in the part; `null` for its heading or the part as a whole.
    paragraph: Option<usize>,
    /// The text around the spot.
    text: &'a str,
    /// What replaces what was found; `null` when only the writer can mend it.
    fix: Option<&'a str>,
    /// Whether the fix may be applied with the others of its kind, unread.
    safe: bool,
    message: String,
}

fn json(problems: &[Problem], template: &Template) -> String {
    let list: Vec<JsonProblem> = problems
        .iter()
        .map(|p| {
            let finding = match &p.kind {
                ProblemKind::Finding(f) => Some(f),
                _ => None,
            };
            JsonProblem {
                rule: p.rule(),
                level: p.level().label(),
                kind: group_label(p.finding_kind()),
                part: p
                    .part
                    .and_then(|i| template.parts.get(i))
                    .map(|t| t.id.as_str()),
                paragraph: p.paragraph,
                text: &p.context,
                fix: finding.and_then(|f| f.fix.as_deref()),
                safe: finding.is_some_and(|f| f.is_safe()),
                message: what(p),
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

fn text(
    path: &std::path::Path,
    draft: &Draft,
    template: &Template,
    report: &shuzhi::report::Report,
    problems: &[Problem],
) -> String {
    let mut out = String::new();
    if problems.is_empty() {
        let _ = writeln!(out, "{}：没有发现问题。", path.display());
    } else {
        let _ = writeln!(out, "{}：发现 {} 个问题", path.display(), problems.len());
        let mut n = 0;
        for group in groups() {
            let members: Vec<&Problem> = problems
                .iter()
                .filter(|p| p.finding_kind() == group)
                .collect();
            if members.is_empty() {
                continue;
            }
            let label = group_label(group);
            let _ = writeln!(out, "\n【{label}】{} 个", members.len());
            for problem in members {
                n += 1;
                let level = match problem.kind {
                    ProblemKind::Finding(_) => format!("[{}] ", problem.level().label()),
                    _ => String::new(),
                };
                let _ = writeln!(out, "{n:>3}. {level}{}", describe(problem, template));
                if !problem.context.is_empty() {
                    let _ = writeln!(out, "     {}", problem.context);
                }
                if let ProblemKind::Finding(f) = &problem.kind
                    && let Some(fix) = &f.fix
                {
                    // A fix that adds quotation marks is shown in 「」, not in quotes of quotes.
                    let quotes = fix.contains('“') || f.text.contains('“');
                    let how = match (fix.is_empty(), quotes) {
                        (true, _) => format!("删去“{}”", f.text),
                        (false, false) => format!("“{}”→“{fix}”", f.text),
                        (false, true) => format!("「{}」→「{fix}」", f.text),
                    };
                    let _ = writeln!(out, "     改法：{how}（规则 {}）", f.rule);
                } else if let ProblemKind::Finding(f) = &problem.kind {
                    let _ = writeln!(out, "     （规则 {}）", f.rule);
                }
            }
        }
    }
    let ignored = draft.state.ignored.len();
    if ignored > 0 {
        let _ = writeln!(
            out,
            "\n另有 {ignored} 条已标为忽略（草稿 [state] ignored）。"
        );
    }

    let _ = writeln!(out, "\n字数（按 Word/WPS 字数统计的算法，不含标题）：");
    let counts = part_counts(template, report);
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
    out
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
                    ProblemKind::Slot(_) | ProblemKind::Stars(_) | ProblemKind::Finding(_)
                ) =>
                {
                    place.push_str("标题");
                }
                None => {}
            }
            place
        }
        None => match problem.kind {
            ProblemKind::Slot(_) | ProblemKind::Stars(_) | ProblemKind::Finding(_) => {
                "报告标题".to_string()
            }
            ProblemKind::RequiredField(_) => "基本信息".to_string(),
            _ => String::new(),
        },
    };
    if place.is_empty() {
        what(problem)
    } else {
        format!("{place}：{}", what(problem))
    }
}

/// What the problem is, without where.
fn what(problem: &Problem) -> String {
    match &problem.kind {
        ProblemKind::Slot(slot) => format!("待填写 `{slot}`"),
        ProblemKind::Stars(stars) => format!("待填写的数字 `{stars}`"),
        ProblemKind::EmptyPart => "这一部分还没有内容".to_string(),
        ProblemKind::RequiredField(label) => format!("必填的「{label}」还是空的"),
        ProblemKind::Finding(finding) => finding.message.clone(),
        ProblemKind::TooLong { words, limit } => {
            format!(
                "全文 {words} 字，超过了模板的上限 {limit} 字（多 {} 字）",
                words - limit
            )
        }
    }
}
