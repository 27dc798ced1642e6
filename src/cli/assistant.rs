//! `shuzhi assistant test`: whether the configured model server answers, in one line — which
//! model, and how long its first token took. Exit 0 only when it answered; nothing is sent
//! when no server is configured.

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::{Args, Subcommand};

use super::print_out;
use shuzhi::assistant::{self, Endpoint, Message, settings::Settings};
use shuzhi::source::Diagnostic;

/// Exit code when the server did not answer, or none is configured.
const EXIT_NO_ANSWER: u8 = 1;

#[derive(Args)]
pub struct AssistantArgs {
    #[command(subcommand)]
    command: AssistantCommand,
}

#[derive(Subcommand)]
enum AssistantCommand {
    /// 试连配置的模型服务：一行说明是否回答、哪个模型、首字用时；回答了才返回 0
    Test,
}

pub fn run(args: AssistantArgs) -> Result<ExitCode, Diagnostic> {
    match args.command {
        AssistantCommand::Test => test(),
    }
}

fn test() -> Result<ExitCode, Diagnostic> {
    let settings: Settings = assistant::load_settings()?;
    let endpoint = Endpoint::from_settings(&settings)
        .map_err(|e| Diagnostic::new(e.to_string()).help("配置写法见 README 的“写作助手”一节"))?;
    let Some(endpoint) = endpoint else {
        print_out(
            "没有配置写作助手，什么也没有发送：请在 config.toml 的 [assistant] 中写上 base_url 和 model（见 README）\n",
        )?;
        return Ok(ExitCode::from(EXIT_NO_ANSWER));
    };
    let messages = [
        Message::system("这是连通测试。只回答一个字：好"),
        Message::user("请回答：好"),
    ];
    let cancel = AtomicBool::new(false);
    match assistant::client::chat(&endpoint, &messages, &cancel, |_| {}) {
        Ok(done) => {
            let first = done.first_token.map_or_else(
                || "未知".to_string(),
                |d| format!("{:.1} 秒", d.as_secs_f64()),
            );
            print_out(format!(
                "写作助手可以使用：模型 {}，首字用时 {first}（{}）\n",
                done.model, endpoint.base_url
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(failed) => {
            print_out(format!(
                "写作助手没有回答：{}（模型 {}，{}）\n",
                failed.reason, endpoint.model, endpoint.base_url
            ))?;
            Ok(ExitCode::from(EXIT_NO_ANSWER))
        }
    }
}
