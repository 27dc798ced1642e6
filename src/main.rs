//! The `shuzhi` command: parse the command line, run the command, print what went wrong.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
