//! The command line (clap): what each command takes, its help in Chinese, and how its result
//! and errors reach the user. Every layer's error (bad input, a failed write) becomes a
//! [`Diagnostic`] printed on stderr with exit code 2; nothing here panics on input. Output that
//! cannot be written is an error too, except a closed pipe (`shuzhi phrases | head`).

mod assistant;
mod check;
mod dist;
mod import;
mod phrases;
mod render;
mod templates;
mod wizard;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use shuzhi::config::{self, Config};
use shuzhi::files::io_reason;
use shuzhi::source::Diagnostic;
use shuzhi::template::Registry;

/// Exit code for bad input or a failed write.
const EXIT_ERROR: u8 = 2;

/// A help page with Chinese headings: what the command is, 用法, the list under `section`
/// (its heading and clap's placeholder for it) when there is one, then 选项 and the after-help.
fn help_template(section: Option<(&str, &str)>) -> String {
    let section = section.map_or_else(String::new, |(heading, list)| {
        format!("{heading}：\n{list}\n\n")
    });
    format!(
        "{{about-with-newline}}\n用法：{{usage}}\n\n{section}选项：\n{{options}}{{after-help}}\n"
    )
}

/// The help page of a command that has commands of its own.
fn commands_template() -> String {
    help_template(Some(("命令", "{subcommands}")))
}

#[derive(Parser)]
#[command(
    name = "shuzhi",
    version,
    about = "述职：干部年度述职报告写作向导",
    long_about = "述职（shuzhi）：一步步写好年度述职述德述廉述法报告，\n按 GB/T 9704 公文格式导出。",
    after_help = "\n草稿是 UTF-8 编码的 TOML 文件，可以用任何编辑器修改；格式见 README。\n\
                  运行 `shuzhi 命令 --help` 查看某个命令的说明。",
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true,
    subcommand_help_heading = "命令",
    subcommand_value_name = "命令"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[arg(short = 'h', long = "help", action = ArgAction::Help, help = "显示帮助", global = true)]
    help: Option<bool>,
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help = "显示版本")]
    version: Option<bool>,
}

#[derive(Subcommand)]
enum Command {
    /// 新建一份草稿并打开向导（默认模板 dnqjl）
    New(wizard::NewArgs),
    /// 打开草稿，从上次停下的那一步继续写
    Open(wizard::OpenArgs),
    /// 把草稿写成报告（.txt、.md 或 .docx），不打开向导
    #[command(long_about = "把草稿写成报告，不打开向导。\n\
                      格式由 -f 指定，否则按输出文件的扩展名判断（.txt、.md、.docx）；写到标准输出时默认 txt。\n\
                      .docx 按 GB/T 9704 公文格式排版，字体和页码位置见配置文件的 [docx]。\n\
                      已有的文件不会被覆盖，除非加 --force。")]
    Render(render::RenderArgs),
    /// 检查草稿：待填写的地方、空着的部分、必填字段、字数，以及提法、规范表述、错别字等校对问题
    #[command(
        long_about = "检查草稿：按类别列出每个问题（所在部分、第几段、前后文、改法），密级提示总在最前面，\n\
                      再列出各部分和全文的字数。校对规则全部在本机运行，不联网。\n\
                      --json 以 JSON 输出同样的问题，供脚本使用。\n\
                      退出码：0 没有问题，1 有问题，2 草稿读不了。"
    )]
    Check(check::CheckArgs),
    /// 列出所有模板，或显示一个模板的字段和各部分
    Templates(templates::TemplatesArgs),
    /// 查找素材（常用语句），每行一条，便于 grep 和脚本使用
    Phrases(phrases::PhrasesArgs),
    /// 把已有的报告（.txt、.md、.docx）导入为草稿，在它的基础上改写
    #[command(
        long_about = "把已有的报告（.txt、.md、.docx）导入为草稿，在它的基础上改写。\n\
                      保留原报告的标题；认出标题下的署名行、开头、“一、”（或“1、”）各部分及其中的\n\
                      小标题和要点、最后的结尾和署名日期；按标题的意思放进模板的各部分，说不准时按顺序，\n\
                      在标准错误输出上逐一说明每一部分放到了哪里、按的哪条规则。\n\
                      草稿默认写在旧报告旁边（扩展名 .toml），已有的文件不会被覆盖。"
    )]
    Import(import::ImportArgs),
    /// 写作助手：`shuzhi assistant test` 试连配置的模型服务
    #[command(
        long_about = "写作助手（润色、扩写、压缩、换个说法、按要点起草）用本单位自己的模型服务，\n\
                      在 config.toml 的 [assistant] 中配置（见 README）；没有配置时什么也不发送。\n\
                      `shuzhi assistant test` 发一句测试，一行说明是否回答、哪个模型、首字用时；\n\
                      回答了返回 0，没有配置或没有回答返回 1，配置有误返回 2。"
    )]
    Assistant(assistant::AssistantArgs),
}

/// Arguments shared by the commands that read a draft.
#[derive(Args)]
struct DraftArg {
    /// 草稿文件（.toml）
    #[arg(value_name = "草稿", value_parser = path_arg())]
    draft: PathBuf,
}

/// The command line as a user sees it: what parses, and what `--help`, the man page and the
/// shell completions show.
fn command() -> clap::Command {
    let mut command = Cli::command().help_template(commands_template());
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, |sub| {
            let arguments = sub
                .get_positionals()
                .next()
                .is_some()
                .then_some(("参数", "{positionals}"));
            sub.help_template(help_template(arguments))
        });
    }
    // The one command with commands of its own.
    command.mut_subcommand("assistant", |a| {
        a.help_template(commands_template())
            .subcommand_value_name("命令")
            .subcommand_help_heading("命令")
            .mut_subcommand("test", |t| t.help_template(help_template(None)))
    })
}

pub fn run() -> ExitCode {
    // The packaging command is added here only, so it is in neither the man page nor the
    // completions generated from `command()`.
    let matches = match command().subcommand(dist::command()).try_get_matches() {
        Ok(matches) => matches,
        Err(err) => return parse_ended(&err),
    };
    if let Some(args) = matches.subcommand_matches(dist::NAME) {
        return finish(dist::run(args));
    }
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => return parse_ended(&err),
    };
    let result = match cli.command {
        None => wizard::start(),
        Some(Command::New(args)) => wizard::new(args),
        Some(Command::Open(args)) => wizard::open(args),
        Some(Command::Render(args)) => render::run(args),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Templates(args)) => templates::run(args),
        Some(Command::Phrases(args)) => phrases::run(args),
        Some(Command::Import(args)) => import::run(args),
        Some(Command::Assistant(args)) => assistant::run(args),
    };
    finish(result)
}

/// The exit code of a command's result, its error printed on stderr.
fn finish(result: Result<ExitCode, Diagnostic>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(diagnostic) => {
            say(diagnostic.to_string());
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// The command line asked for help or the version, or could not be parsed: clap's text, on
/// stdout for help and version (a failed write there an error like any output's), else on
/// stderr with exit 2.
fn parse_ended(err: &clap::Error) -> ExitCode {
    if err.use_stderr() {
        let _ = err.print();
        return ExitCode::from(EXIT_ERROR);
    }
    let printed = err.print().and_then(|()| std::io::stdout().flush());
    match printed {
        Err(source) if source.kind() != std::io::ErrorKind::BrokenPipe => {
            finish(Err(OutputError::Stdout { source }.into()))
        }
        _ => ExitCode::SUCCESS,
    }
}

/// The configuration and the templates, the user's included: what every command starts from.
fn load() -> Result<(Config, Registry), Diagnostic> {
    let config = match config::config_file() {
        Some(path) => Config::load(&path)?,
        None => Config::default(),
    };
    let registry = Registry::installed()?;
    Ok((config, registry))
}

/// How a path on the command line is read: `~` as the home folder also where the shell left it
/// (`-o=~/报告.docx`, a quoted path), any bytes the file system allows.
fn path_arg() -> impl clap::builder::TypedValueParser<Value = PathBuf> {
    use clap::builder::TypedValueParser as _;
    clap::builder::OsStringValueParser::new().map(|arg| match arg.to_str() {
        Some(text) => shuzhi::files::home_expanded(text),
        None => PathBuf::from(arg),
    })
}

/// Output that could not be written.
#[derive(Debug, thiserror::Error)]
enum OutputError {
    /// Standard output refused the bytes (a full disk behind `>`, a closed terminal).
    #[error("无法写入标准输出：{}", io_reason(source))]
    Stdout { source: std::io::Error },
    /// `-o OUT` names a file that is there already, and `--force` was not given.
    #[error("`{}` 已存在，没有覆盖", path.display())]
    Exists { path: PathBuf },
    #[error("写入 `{}` 失败：{}", path.display(), io_reason(source))]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl OutputError {
    /// The error for writing `path` with `files::write_atomic`.
    fn file(path: &Path, source: std::io::Error) -> OutputError {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            OutputError::Exists {
                path: path.to_path_buf(),
            }
        } else {
            OutputError::File {
                path: path.to_path_buf(),
                source,
            }
        }
    }
}

impl From<OutputError> for Diagnostic {
    fn from(err: OutputError) -> Diagnostic {
        let help = match &err {
            OutputError::Stdout { .. } => {
                "请检查输出重定向到的文件或设备（磁盘是否已满、是否可写）"
            }
            OutputError::Exists { .. } => "加 --force 覆盖它，或换一个输出文件名",
            OutputError::File { .. } => "请检查文件夹是否存在、是否有写权限、磁盘是否已满",
        };
        Diagnostic::new(err.to_string()).help(help)
    }
}

/// Writes a message on stderr. Unlike `eprint!` it never panics: when stderr itself cannot be
/// written there is no one left to tell, and the exit code still says how the command ended.
fn say(text: impl AsRef<[u8]>) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_ref()).and_then(|()| err.flush());
}

/// Writes to stdout. A closed pipe (`shuzhi phrases | head`) ends the output quietly: the
/// reader has all it wanted. Any other failure is an error.
fn print_out(text: impl AsRef<[u8]>) -> Result<(), OutputError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_ref()).and_then(|()| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(OutputError::Stdout { source: err })
        }
        _ => Ok(()),
    }
}
