//! 导出前提醒: before the export box, what is still unfinished in the report (places to fill,
//! parts not written or far from their usual 字数, 密级 markings, an empty 署名 or 日期), from
//! `report::unfinished`. The writer may export anyway or go back to finish it.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Dialog, ExportDialog, Reply, message};
use crate::document::Document;
use crate::report::unfinished;
use crate::tui::app::{App, Screen};
use crate::tui::keymap::{Action, Mode, first_key};
use crate::tui::view::Theme;

/// How many things the box names; the rest are counted (the review step lists them all).
const SHOWN: usize = 6;

#[derive(Clone, Debug)]
pub struct UnfinishedDialog {
    /// What is unfinished, one line each, in reading order.
    pub items: Vec<String>,
}

impl UnfinishedDialog {
    /// The box for `doc`, or `None` when nothing is unfinished (the export box opens at once).
    pub fn new(doc: &Document) -> Option<UnfinishedDialog> {
        let template = doc.template();
        let items: Vec<String> = unfinished(template, doc.report())
            .iter()
            .map(|u| u.message(template))
            .collect();
        (!items.is_empty()).then_some(UnfinishedDialog { items })
    }

    pub(super) fn update(&self, app: &mut App, action: Option<Action>) -> Reply {
        match action {
            Some(Action::Enter) => {
                if let Screen::Wizard(w) = &app.screen {
                    app.dialog = Some(Dialog::Export(ExportDialog::new(w.document())));
                }
                Reply::close()
            }
            Some(Action::Close) => Reply::close(),
            _ => Reply::stay(),
        }
    }

    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let mut lines = vec!["这份报告还有没完成的地方：".to_string()];
        lines.extend(
            self.items
                .iter()
                .take(SHOWN)
                .enumerate()
                .map(|(n, item)| format!("{}．{item}", n + 1)),
        );
        if self.items.len() > SHOWN {
            lines.push(format!(
                "……另有 {} 项，“检查导出”一步中可看全部",
                self.items.len() - SHOWN
            ));
        }
        lines.push(String::new());
        let key = |action| first_key(Mode::Unfinished, action);
        lines.push(format!(
            "{}：仍然导出　　{}：返回修改",
            key(Action::Enter),
            key(Action::Close)
        ));
        message(frame, area, "导出前提醒", &lines, theme);
    }
}
