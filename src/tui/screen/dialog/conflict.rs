//! The draft changed on disk since it was read, so it was not overwritten: what was typed is in
//! a recovery file. The box opens by itself, maybe mid-sentence, so only its own keys are its
//! own; the rest go to the text beneath (`app::on_key`).

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Reply, choice, message};
use crate::tui::app::Effect;
use crate::tui::keymap::{Action, Mode, keys_for};
use crate::tui::view::Theme;

pub(super) fn update(action: Option<Action>) -> Reply {
    match action {
        Some(Action::Overwrite) => Reply::Close(vec![Effect::ForceSave]),
        Some(Action::Close) => Reply::close(),
        _ => Reply::stay(),
    }
}

pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    recovery: &Result<PathBuf, crate::tui::error::Cause>,
    theme: &Theme,
) {
    let saved = match recovery {
        Ok(path) => format!("你刚写的内容已存入 {}。", path.display()),
        Err(e) => format!("写恢复文件也失败了（{e}），请先不要退出。"),
    };
    message(
        frame,
        area,
        "草稿在别处被修改过",
        &[
            "这份草稿在打开后被别的窗口或编辑器改过，没有覆盖它。".to_string(),
            saved,
            String::new(),
            "接着打的字照常写进正文，不会丢。".to_string(),
            choice(
                Mode::Conflict,
                Action::Overwrite,
                "用这里的内容覆盖磁盘上的草稿",
            ),
            choice(
                Mode::Conflict,
                Action::Close,
                &format!(
                    "先不覆盖（自动保存暂停，之后按 {} 会再问）",
                    keys_for(Mode::Editor, Action::Save).join(" 或 ")
                ),
            ),
            choice(
                Mode::Conflict,
                Action::Quit,
                "退出，磁盘上的草稿不动（没存的字另存为恢复文件）",
            ),
        ],
        theme,
    );
}
