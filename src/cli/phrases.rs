//! `shuzhi phrases`: matching stock phrases, one per line, best first (ranked as in
//! [`shuzhi::phrases`]; the wizard's phrase panel uses the same index).

use std::process::ExitCode;

use clap::Args;

use super::{load, print_out};
use shuzhi::phrases::Index;
use shuzhi::source::{Diagnostic, suggest};
use shuzhi::template::{Phrase, Registry};

#[derive(Args)]
pub struct PhrasesArgs {
    /// 只查这个模板的素材（与 --part 同用时默认 dnqjl）
    #[arg(short = 't', long = "template", value_name = "模板")]
    template: Option<String>,
    /// 只查模板中这个部分的素材（部分的 id，如 study）
    #[arg(long = "part", value_name = "部分")]
    part: Option<String>,
    /// 要找的字词、全拼或首字母（如 lianjie、ljzl），多个词用空格分开（都要符合）；不写则列出全部
    #[arg(value_name = "查询", num_args = 0..)]
    query: Vec<String>,
}

pub fn run(args: PhrasesArgs) -> Result<ExitCode, Diagnostic> {
    let (_config, registry) = load()?;
    let pool = pool(&registry, &args)?;
    let index = Index::new(pool.iter().copied());
    let mut out = String::new();
    for found in index.search(&args.query.join(" ")) {
        out.push_str(&pool[found].text);
        out.push('\n');
    }
    print_out(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The phrases to search: a part's, a template's, or every one there is.
fn pool<'a>(registry: &'a Registry, args: &PhrasesArgs) -> Result<Vec<&'a Phrase>, Diagnostic> {
    let template_id = match (&args.template, &args.part) {
        (Some(id), _) => id.as_str(),
        (None, Some(_)) => shuzhi::template::DEFAULT_TEMPLATE,
        (None, None) => return Ok(registry.all_phrases()),
    };
    let template = registry.template(template_id)?;
    match &args.part {
        None => Ok(registry.template_phrases(template)),
        Some(id) => {
            let part = template.part(id).ok_or_else(|| {
                let ids: Vec<&str> = template.parts.iter().map(|p| p.id.as_str()).collect();
                let err = Diagnostic::new(format!("模板 `{}` 没有部分 `{id}`", template.id));
                match suggest(id, ids.iter().copied()) {
                    Some(best) => err.help(format!("是否想写 `{best}`？")),
                    None => err.help(format!("可用的部分：{}", ids.join("、"))),
                }
            })?;
            Ok(registry.phrases(part).collect())
        }
    }
}
