//! ZMODEM through the writer's own terminal: `sz` sends a file and the terminal (Xshell,
//! SecureCRT, MobaXterm) saves it; `rz` asks the terminal for one. Both talk over the terminal
//! the wizard draws on, so the caller hands it over first (out of raw mode and the alternate
//! screen: `tui::terminal::hand_over`) and takes it back after, and both take it as they find
//! it: this module only runs the program and says how it went.
//!
//! A terminal that does not speak ZMODEM leaves `sz` waiting: five Ctrl-X cancel it (the
//! protocol's own cancel), and the writer is told so before it starts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// Said on the plain screen while `sz` or `rz` has the terminal.
pub const CANCEL_HINT: &str = "终端不支持 ZMODEM 时会停在这里：连按五次 Ctrl-X 取消。";

/// The transfer did not happen: cancelled, refused by the terminal, or the program failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failed(pub String);

/// Sends `file` with `sz` on the terminal this process has (stdin and stdout).
pub fn send(sz: &Path, file: &Path) -> Result<(), Failed> {
    eprintln!("正在用 ZMODEM 发送 {} …\n{CANCEL_HINT}", file.display());
    let status = Command::new(sz)
        .args(["--binary", "--"])
        .arg(file)
        .status()
        .map_err(|e| Failed(format!("无法运行 sz：{e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failed(
            "没有发送成功（已取消，或终端不支持 ZMODEM）；文件仍在服务器上，可用下面的命令去取。"
                .to_string(),
        ))
    }
}

/// Receives a file with `rz` into `folder` (made if need be); returns the file it wrote. A file
/// of the same name already there is kept: the new one gets another name (`rz --rename`).
pub fn receive(rz: &Path, folder: &Path) -> Result<PathBuf, Failed> {
    std::fs::create_dir_all(folder)
        .map_err(|e| Failed(format!("无法建立文件夹 {}：{e}", folder.display())))?;
    let before = listing(folder);
    eprintln!(
        "请在终端的对话框中选择要上传的文件，它会存入 {} …\n{CANCEL_HINT}",
        folder.display()
    );
    let status = Command::new(rz)
        .args(["--binary", "--rename"])
        .current_dir(folder)
        .status()
        .map_err(|e| Failed(format!("无法运行 rz：{e}")))?;
    let received = listing(folder)
        .into_iter()
        .filter(|(path, stamp)| before.get(path) != Some(stamp))
        .max_by_key(|(_, stamp)| *stamp)
        .map(|(path, _)| path);
    match received {
        Some(path) if status.success() => Ok(path),
        _ => Err(Failed(
            "没有收到文件（已取消，或终端不支持 ZMODEM）。".to_string(),
        )),
    }
}

/// The files in `folder` and when each was last changed.
fn listing(folder: &Path) -> HashMap<PathBuf, (SystemTime, u64)> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return HashMap::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            meta.is_file()
                .then(|| Some((e.path(), (meta.modified().ok()?, meta.len()))))
                .flatten()
        })
        .collect()
}
