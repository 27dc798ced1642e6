//! `shuzhi templates`: the templates there are, or one of them in full.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::Args;

use super::{load, print_out};
use shuzhi::source::Diagnostic;
use shuzhi::template::{Registry, Template};
use shuzhi::text::width::{Ambiguous, pad, str_width};

#[derive(Args)]
pub struct TemplatesArgs {
    /// 要显示的模板 id（不写则列出全部）
    #[arg(value_name = "模板")]
    id: Option<String>,
}

pub fn run(args: TemplatesArgs) -> Result<ExitCode, Diagnostic> {
    let (_config, registry) = load()?;
    let text = match &args.id {
        None => list(&registry),
        Some(id) => show(&registry, registry.template(id)?),
    };
    print_out(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn list(registry: &Registry) -> String {
    let mut out = String::new();
    let id_cells = registry
        .templates()
        .iter()
        .map(|t| t.id.len())
        .max()
        .unwrap_or(0)
        + 2;
    for t in registry.templates() {
        let _ = writeln!(
            out,
            "{}{}（{}）",
            pad(&t.id, id_cells),
            t.name,
            origin(registry, t)
        );
        if !t.summary.is_empty() {
            let _ = writeln!(out, "{}{}", " ".repeat(id_cells), t.summary);
        }
    }
    let _ = writeln!(
        out,
        "\n运行 `shuzhi templates ID` 查看一个模板的字段和各部分。"
    );
    out
}

/// Where a template came from, and what it replaced: `内置`, or
/// `/etc/shuzhi/templates/dnqjl.toml；覆盖：内置、/usr/share/shuzhi/templates/dnqjl.toml`.
fn origin(registry: &Registry, t: &Template) -> String {
    match registry.replaced(&t.id) {
        [] => t.origin.clone(),
        replaced => format!("{}；覆盖：{}", t.origin, replaced.join("、")),
    }
}

fn show(registry: &Registry, t: &Template) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}（{}，{}）", t.name, t.id, origin(registry, t));
    if !t.summary.is_empty() {
        let _ = writeln!(out, "{}", t.summary);
    }
    let _ = writeln!(out, "\n标题：{}", t.title);
    if let Some(byline) = &t.byline {
        let _ = writeln!(out, "标题下的姓名行：{byline}");
    }
    if let Some(limit) = t.max_chars {
        let _ = writeln!(out, "字数上限：{limit}");
    }
    let _ = writeln!(
        out,
        "落款（署名和日期）：{}",
        if t.signature { "有" } else { "无" }
    );

    let _ = writeln!(out, "\n字段：");
    // Cells, not bytes: the labels are Chinese. Room for the longest label and its “（必填）”.
    let label_cells = t
        .fields
        .iter()
        .map(|f| str_width(&f.label, Ambiguous::Narrow))
        .max()
        .unwrap_or(0)
        + str_width("（必填）", Ambiguous::Narrow)
        + 2;
    for f in &t.fields {
        let label = format!("{}{}", f.label, if f.required { "（必填）" } else { "" });
        let _ = writeln!(out, "  {}{}", pad(&label, label_cells), f.hint);
    }

    let _ = writeln!(out, "\n部分（按顺序）：");
    let mut number = 0;
    for part in &t.parts {
        let heading = match &part.heading {
            Some(h) => {
                number += 1;
                format!("{}{h}", shuzhi::text::ordinal::heading_ordinal(number))
            }
            None => "（无标题）".to_string(),
        };
        let points = match part.points {
            Some(style) => format!("，分条：{}", style.ordinal(1)),
            None => String::new(),
        };
        let chars = match part.chars {
            Some((min, max)) => format!("，常见 {min}–{max} 字"),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "  {}{}{heading}",
            pad(&part.id, 12),
            pad(&part.step, 12)
        );
        let _ = writeln!(
            out,
            "  {}素材 {} 条{points}{chars}",
            " ".repeat(24),
            registry.phrases(part).count()
        );
        if !part.about.is_empty() {
            let _ = writeln!(
                out,
                "  {}导入时认的词：{}",
                " ".repeat(24),
                part.about.join(" ")
            );
        }
    }
    out
}
