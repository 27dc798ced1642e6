//! A recovery file newer than the draft was found when it opened: take it (the draft is saved
//! with its text), or keep the draft as it is.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Reply, choice, message};
use crate::draft::Draft;
use crate::report;
use crate::tui::app::{App, Effect, Recovery, Screen, Wizard};
use crate::tui::keymap::{Action, Mode};
use crate::tui::view::Theme;

#[derive(Clone, Debug)]
pub struct RecoveryDialog {
    pub recovery: Recovery,
    /// 字数 of the draft on disk and of the recovery file.
    pub words: (usize, usize),
    /// Step names of the parts whose text differs.
    pub differs: Vec<String>,
}

impl RecoveryDialog {
    /// What the box says of `recovery` beside the draft open in `wizard`: 字数 of both, and
    /// which parts differ.
    pub fn new(wizard: &Wizard, recovery: Recovery) -> RecoveryDialog {
        let template = wizard.template();
        let ours = wizard.document().draft();
        let report_words = |d: &Draft| report::assemble(d, template).word_count().words;
        let paragraphs = |d: &Draft, id: &str| {
            d.section(id)
                .map(|s| s.paragraphs().map(str::to_string).collect::<Vec<_>>())
        };
        let differs = template
            .parts
            .iter()
            .filter(|p| paragraphs(ours, &p.id) != paragraphs(&recovery.draft, &p.id))
            .map(|p| p.step.clone())
            .collect();
        RecoveryDialog {
            words: (report_words(ours), report_words(&recovery.draft)),
            differs,
            recovery,
        }
    }

    pub(super) fn update(&self, app: &mut App, action: Option<Action>) -> Reply {
        match action {
            Some(Action::TakeRecovery) => {
                let App {
                    screen,
                    registry,
                    ambiguous,
                    ..
                } = app;
                if let Screen::Wizard(w) = screen {
                    w.take_recovery(self.recovery.clone(), registry, *ambiguous);
                    return Reply::Close(vec![Effect::Save]);
                }
                Reply::close()
            }
            Some(Action::KeepDraft) => Reply::close(),
            _ => Reply::stay(),
        }
    }

    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let (before, after) = self.words;
        let differs = if self.differs.is_empty() {
            "各部分文字相同".to_string()
        } else {
            format!("不同的部分：{}", self.differs.join("、"))
        };
        let file = crate::files::file_name(&self.recovery.path);
        message(
            frame,
            area,
            "找到恢复文件",
            &[
                format!(
                    "上次没有正常退出（断线或被关闭），{} 写下了恢复文件：",
                    self.recovery.when
                ),
                format!("  {file}"),
                format!("草稿 {before} 字，恢复文件 {after} 字；{differs}。"),
                String::new(),
                choice(
                    Mode::Recovery,
                    Action::TakeRecovery,
                    Action::TakeRecovery.description(),
                ),
                choice(
                    Mode::Recovery,
                    Action::KeepDraft,
                    Action::KeepDraft.description(),
                ),
            ],
            theme,
        );
    }
}
