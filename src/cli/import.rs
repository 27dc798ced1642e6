//! `shuzhi import`: an existing report (.txt, .md, .docx) made into a draft, next to it or where
//! the writer says. What was recognised, and where each part of the report went and by which
//! rule, is said on stderr; an existing file is never overwritten.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{load, say};
use shuzhi::draft::Draft;
use shuzhi::import::{Options, default_draft_path, import_file};
use shuzhi::proof::Proofreader;
use shuzhi::source::Diagnostic;
use shuzhi::template::Template;

#[derive(Args)]
pub struct ImportArgs {
    /// 已有的报告（.txt、.md 或 .docx）
    #[arg(value_name = "旧报告", value_parser = super::path_arg())]
    old: PathBuf,
    /// 模板 id（不写则按报告标题判断，判断不出时用 dnqjl）
    #[arg(short = 't', long = "template", value_name = "模板")]
    template: Option<String>,
    /// 把年度加一（标题和基本信息中的年度），用去年的报告起草今年的
    #[arg(long)]
    next_year: bool,
    /// 把正文中的数字（金额、百分比、数量）换成 *，留待填写今年的数字
    #[arg(long)]
    blank_figures: bool,
    /// 新草稿的路径（不写则放在旧报告旁边，扩展名为 .toml）；已有的文件不会被覆盖
    #[arg(value_name = "草稿", value_parser = super::path_arg())]
    draft: Option<PathBuf>,
}

pub fn run(args: ImportArgs) -> Result<ExitCode, Diagnostic> {
    let (_config, registry) = load()?;
    let target = args
        .draft
        .clone()
        .unwrap_or_else(|| default_draft_path(&args.old));
    if target.exists() {
        return Err(
            Diagnostic::new(format!("`{}` 已存在，没有覆盖", target.display())).help(format!(
                "请在命令最后给出新草稿的文件名，例如：shuzhi import {} 新草稿.toml",
                args.old.display()
            )),
        );
    }
    let options = Options {
        next_year: args.next_year,
        this_year: Some(shuzhi::drafts::report_year(
            chrono::Local::now().date_naive(),
        )),
        blank_figures: args.blank_figures,
    };
    let imported = import_file(&args.old, &registry, args.template.as_deref(), options)?;
    let template = registry.template(&imported.draft.template)?;
    imported.save_new(&target, template)?;

    let mut out = format!("已导入 {} → {}\n", args.old.display(), target.display());
    for note in &imported.notes {
        out.push_str("  ");
        out.push_str(note);
        out.push('\n');
    }
    out.push_str("各部分的对应：\n");
    for placement in &imported.mapping {
        out.push_str("  ");
        out.push_str(&placement.describe());
        out.push('\n');
    }
    if args.next_year {
        let proofreader = Proofreader::configured()?;
        out.push_str(&dated_terms(&imported.draft, template, &proofreader));
    }
    out.push_str(&format!(
        "下一步：shuzhi open {0} 继续写；shuzhi check {0} 列出待填写的地方\n",
        target.display()
    ));
    say(out);
    Ok(ExitCode::SUCCESS)
}

/// Last year's 提法 that are no longer this year's work, part by part, with what to write now:
/// the mistake a report carried over from last year makes most. Empty when there are none.
fn dated_terms(draft: &Draft, template: &Template, proofreader: &Proofreader) -> String {
    let Ok(year) = draft.field("年度").trim().parse::<i32>() else {
        return String::new();
    };
    let mut lines = String::new();
    for part in &template.parts {
        let Some(section) = draft.section(&part.id) else {
            continue;
        };
        for (index, paragraph) in section.paragraphs().enumerate() {
            for finding in proofreader.tifa(paragraph, year) {
                lines.push_str(&format!(
                    "  「{}」第 {} 段：{}\n",
                    part.step,
                    index + 1,
                    finding.message
                ));
            }
        }
    }
    if lines.is_empty() {
        return lines;
    }
    format!("{year}年已不宜作为当年工作的提法（shuzhi check 可逐条查看）：\n{lines}")
}
