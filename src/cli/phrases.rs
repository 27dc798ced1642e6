//! `shuzhi phrases`: matching stock phrases, one per line, best first (ranked as in
//! [`shuzhi::phrases`]; the wizard's phrase panel uses the same index). `--year`, `--role` and
//! `--unit` offer only the phrases that fit, as the wizard does for a draft.

use std::collections::BTreeSet;
use std::process::ExitCode;

use clap::Args;

use super::{load, print_out};
use shuzhi::phrases::Index;
use shuzhi::source::{Diagnostic, suggest};
use shuzhi::template::{Audience, Phrase, Registry, Role, Template, UnitKind};

#[derive(Args)]
pub struct PhrasesArgs {
    /// 只查这个模板的素材（与 --part 同用时默认 dnqjl）
    #[arg(short = 't', long = "template", value_name = "模板")]
    template: Option<String>,
    /// 只查模板中这个部分的素材（部分的 id，如 study）
    #[arg(long = "part", value_name = "部分")]
    part: Option<String>,
    /// 只列出适用于这一年度的素材（如 2026）；不写则不论年份
    #[arg(long = "year", value_name = "年度")]
    year: Option<u16>,
    /// 只列出适合这一身份的素材：领导干部（leader）或一般干部（staff）；给了模板时默认为模板的常用身份
    #[arg(long = "role", value_name = "身份", value_parser = parse_role)]
    role: Option<Role>,
    /// 只列出适合这类单位的素材（乡镇、县直部门、学校、医院、国有企业、村）和通用素材
    #[arg(long = "unit", value_name = "单位类型", value_parser = parse_unit)]
    unit: Option<UnitKind>,
    /// 要找的字词、全拼或首字母（如 lianjie、ljzl），多个词用空格分开（都要符合）；不写则列出全部
    #[arg(value_name = "查询", num_args = 0..)]
    query: Vec<String>,
}

fn parse_role(value: &str) -> Result<Role, String> {
    Role::from_field(value)
        .ok_or_else(|| "身份写 领导干部（leader）或 一般干部（staff）".to_string())
}

fn parse_unit(value: &str) -> Result<UnitKind, String> {
    UnitKind::from_field(value).ok_or_else(|| format!("单位类型写：{}", UnitKind::names()))
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

/// The phrases to search: a part's, a template's, or every one there is; only those that fit.
fn pool<'a>(registry: &'a Registry, args: &PhrasesArgs) -> Result<Vec<&'a Phrase>, Diagnostic> {
    let template_id = match (&args.template, &args.part) {
        (Some(id), _) => id.as_str(),
        (None, Some(_)) => shuzhi::template::DEFAULT_TEMPLATE,
        (None, None) => {
            let audience = Audience {
                template: None,
                year: args.year,
                role: args.role,
                unit: args.unit,
            };
            let mut all = registry.all_phrases();
            all.retain(|phrase| phrase.fit.fits(&audience));
            return Ok(all);
        }
    };
    let template = registry.template(template_id)?;
    let audience = audience(template, args);
    match &args.part {
        None => {
            let mut seen = BTreeSet::new();
            Ok(template
                .parts
                .iter()
                .flat_map(|part| registry.offered(template, part, &audience))
                .filter(|phrase| seen.insert(phrase.text.as_str()))
                .collect())
        }
        Some(id) => {
            let part = template.part(id).ok_or_else(|| {
                let ids: Vec<&str> = template.parts.iter().map(|p| p.id.as_str()).collect();
                let err = Diagnostic::new(format!("模板 `{}` 没有部分 `{id}`", template.id));
                match suggest(id, ids.iter().copied()) {
                    Some(best) => err.help(format!("是否想写 `{best}`？")),
                    None => err.help(format!("可用的部分：{}", ids.join("、"))),
                }
            })?;
            Ok(registry.offered(template, part, &audience).collect())
        }
    }
}

/// Who asks, for a template: the flags, the role defaulting to the template's usual one.
fn audience(template: &Template, args: &PhrasesArgs) -> Audience {
    Audience {
        template: Some(template.id.clone()),
        year: args.year,
        role: args.role.or_else(|| template.roles.first().copied()),
        unit: args.unit,
    }
}
