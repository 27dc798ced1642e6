//! `shuzhi render`: a draft written out as a report, without the wizard.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{DraftArg, OutputError, load, print_out, say};
use shuzhi::draft::Draft;
use shuzhi::files::{self, EXPORT_FILE_MODE, Overwrite};
use shuzhi::handoff::{self, Session};
use shuzhi::report::{Unfinished, assemble, export::Format, unfinished};
use shuzhi::source::Diagnostic;

#[derive(Args)]
pub struct RenderArgs {
    #[command(flatten)]
    draft: DraftArg,
    /// 输出格式：txt、md 或 docx（不写则按输出文件的扩展名判断）
    #[arg(
        short = 'f',
        long = "format",
        value_name = "格式",
        hide_possible_values = true
    )]
    format: Option<FormatArg>,
    /// 输出文件；`-` 或不写表示标准输出
    #[arg(short = 'o', long = "output", value_name = "输出", value_parser = super::path_arg())]
    output: Option<PathBuf>,
    /// 覆盖已有的输出文件
    #[arg(long)]
    force: bool,
    /// 写好后发到你的电脑：能用 ZMODEM 时（装有 lrzsz，不在 tmux、screen 中）用 sz 发送，
    /// 并总是列出在你的电脑上取文件的 scp、sftp 命令
    #[arg(long)]
    send: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// 纯文本
    Txt,
    /// Markdown
    Md,
    /// Word 文档，按 GB/T 9704 公文格式排版
    Docx,
}

pub fn run(args: RenderArgs) -> Result<ExitCode, Diagnostic> {
    let (config, registry) = load()?;
    let path = &args.draft.draft;
    let draft = Draft::load(path, &registry)?;
    let template = registry.template(&draft.template)?;
    let report = assemble(&draft, template);

    let output = args.output.filter(|o| o.as_os_str() != "-");
    if args.send && output.is_none() {
        return Err(
            Diagnostic::new("--send 发送的是写好的文件，要和 -o 一起用").help(format!(
                "例如：shuzhi render {} -o 报告.docx --send",
                path.display()
            )),
        );
    }
    let format = match (args.format, &output) {
        (Some(FormatArg::Txt), _) => Format::Txt,
        (Some(FormatArg::Md), _) => Format::Md,
        (Some(FormatArg::Docx), _) => Format::Docx,
        (None, None) => Format::Txt,
        (None, Some(out)) => Format::from_path(out).ok_or_else(|| {
            Diagnostic::new(format!("无法从 `{}` 的扩展名判断输出格式", out.display()))
                .help("输出文件请以 .txt、.md 或 .docx 结尾，或用 -f txt、-f md、-f docx 指定格式")
        })?,
    };
    if output.is_none() && !format.is_text() && std::io::stdout().is_terminal() {
        return Err(
            Diagnostic::new("不能把 .docx 输出到终端：它是二进制文件，会显示成乱码").help(format!(
                "用 -o 报告.docx 写入文件，或重定向：shuzhi render {} -f docx > 报告.docx",
                path.display()
            )),
        );
    }
    let bytes = format.render(&report, &config.docx);

    match &output {
        None => print_out(&bytes)?,
        Some(out) => {
            let overwrite = if args.force {
                Overwrite::Replace
            } else {
                Overwrite::Refuse
            };
            files::write_atomic(out, &bytes, EXPORT_FILE_MODE, overwrite)
                .map_err(|err| OutputError::file(out, err))?;
            say(format!(
                "已写入 {}（{} 字）\n",
                out.display(),
                report.word_count().words
            ));
            if args.send {
                send(out);
            }
        }
    }

    let (slots, stars) = report.unfilled();
    if slots + stars > 0 {
        let mut parts = Vec::new();
        if slots > 0 {
            parts.push(format!("{slots} 处待填写的 {{…}}"));
        }
        if stars > 0 {
            parts.push(format!("{stars} 处 `*` 标记"));
        }
        say(format!(
            "警告：报告中还有 {}；运行 `shuzhi check {}` 查看位置\n",
            parts.join("、"),
            path.display()
        ));
    }
    // The rest of what is unfinished: empty parts, lengths, 密级 markings, the signature.
    for item in unfinished(template, &report) {
        if !matches!(item, Unfinished::Unfilled { .. }) {
            say(format!("提醒：{}\n", item.message(template)));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--send`: the file by ZMODEM when the terminal can take it, then the commands that fetch it
/// from the writer's computer, whatever happened (a failed transfer loses nothing).
fn send(out: &std::path::Path) {
    let session = Session::detect();
    let file = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let on_terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    match session.sender() {
        Ok(_) if !on_terminal => say("没有用 ZMODEM 发送：标准输入或输出不是终端。\n"),
        Ok(sz) => match handoff::zmodem::send(sz, &file) {
            Ok(()) => say("已用 ZMODEM 发送；文件在终端软件的下载文件夹中。\n"),
            Err(failed) => say(format!("{}\n", failed.0)),
        },
        Err(why) => say(format!("没有用 ZMODEM 发送：{}\n", why.reason())),
    }
    let fetch = session.fetch(&file);
    let mut lines = format!(
        "在你的电脑上取文件（在终端或 PowerShell 中运行）：\n  {}\n  {}\nXftp、WinSCP 等：{}\n",
        fetch.scp, fetch.sftp, fetch.browse
    );
    if let Some(note) = session.address_note() {
        lines.push_str(&note);
        lines.push('\n');
    }
    say(lines);
}
