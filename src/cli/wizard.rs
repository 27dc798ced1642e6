//! `shuzhi`, `shuzhi new` and `shuzhi open`: start the wizard.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::load;
use shuzhi::draft::Draft;
use shuzhi::drafts;
use shuzhi::files;
use shuzhi::source::Diagnostic;
use shuzhi::template::DEFAULT_TEMPLATE;
use shuzhi::tui::{self, Begin, app::Opened};

#[derive(Args)]
pub struct NewArgs {
    /// 模板 id（默认 dnqjl；运行 shuzhi templates 查看全部）
    #[arg(short = 't', long = "template", value_name = "模板", default_value = DEFAULT_TEMPLATE)]
    template: String,
    /// 新草稿的路径（不写则放在草稿文件夹中）
    #[arg(value_name = "草稿", value_parser = super::path_arg())]
    draft: Option<PathBuf>,
}

#[derive(Args)]
pub struct OpenArgs {
    /// 要继续写的草稿（.toml）
    #[arg(value_name = "草稿", value_parser = super::path_arg())]
    draft: PathBuf,
}

/// `shuzhi` alone: the start screen.
pub fn start() -> Result<ExitCode, Diagnostic> {
    let (config, registry) = load()?;
    launch(registry, config, Begin::Start)
}

pub fn new(args: NewArgs) -> Result<ExitCode, Diagnostic> {
    let (config, registry) = load()?;
    // A wrong template id is told first, with the registry's suggestion, terminal or not.
    registry.template(&args.template)?;
    if let Some(path) = &args.draft {
        safe_folder(path)?;
    }
    need_terminal()?;
    let opened = tui::create_draft(&registry, &args.template, args.draft).map_err(|e| match e {
        // The registry's own message, with its suggestion (`dnqj` → `dnqjl`).
        drafts::Error::Template(e) => Diagnostic::from(e),
        drafts::Error::Exists(_) => Diagnostic::new(e.to_string())
            .help("要另起一份，请换一个文件名；不写文件名则放在草稿文件夹中"),
        other => Diagnostic::new(other.to_string())
            .help("运行 `shuzhi templates` 查看可用的模板；已有的草稿用 `shuzhi open` 打开"),
    })?;
    launch(registry, config, Begin::Draft(Box::new(opened)))
}

pub fn open(args: OpenArgs) -> Result<ExitCode, Diagnostic> {
    let (config, registry) = load()?;
    safe_folder(&args.draft)?;
    let draft = Draft::load(&args.draft, &registry)?;
    let opened = Opened::new(args.draft, draft, false);
    launch(registry, config, Begin::Draft(Box::new(opened)))
}

fn launch(
    registry: shuzhi::template::Registry,
    config: shuzhi::config::Config,
    begin: Begin,
) -> Result<ExitCode, Diagnostic> {
    need_terminal()?;
    tui::run(registry, config, begin, tui::locale_warning()).map_err(|e| {
        Diagnostic::new(format!("终端出错：{}", shuzhi::files::io_reason(&e)))
            .help("你写的内容已经保存；请重新运行 shuzhi 继续")
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Refuses a draft in a folder other users can write to: they could swap the draft or plant its
/// lock file there.
fn safe_folder(draft: &std::path::Path) -> Result<(), Diagnostic> {
    let folder = match draft.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    };
    match files::others_can_write(folder) {
        Some(message) => Err(Diagnostic::new(message)
            .help("草稿里是你的个人材料；也可以把草稿放到只有你能写的文件夹里再打开")),
        None => Ok(()),
    }
}

fn need_terminal() -> Result<(), Diagnostic> {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(
            Diagnostic::new("向导需要在终端里运行（标准输入和输出都要是终端）")
                .help("在脚本中请用 shuzhi render、shuzhi check 等命令"),
        )
    }
}
