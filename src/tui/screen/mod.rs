//! The screens of the wizard, one file each holding the screen's state, its `update` and its
//! view: the start screen, the form, a part, the review, and the dialogs drawn over them.

pub mod assist;
pub mod dialog;
pub mod form;
pub mod part;
pub mod review;
pub mod start;

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::part::{Focus, PartStep};
    use crate::document::Document;
    use crate::draft::Draft;
    use crate::template::Registry;
    use crate::text::width::Ambiguous;
    use crate::tui::keymap::{Hint, Mode, keys_for};

    fn assert_bound(mode: Mode, hints: &[Hint]) {
        for hint in hints {
            for action in hint.actions {
                assert!(
                    !keys_for(mode, *action).is_empty(),
                    "{mode:?}: the hint “{}” names {action:?}, which has no key there",
                    hint.label
                );
            }
            assert!(!hint.keys(mode).is_empty(), "{mode:?}: {}", hint.label);
        }
    }

    #[test]
    fn the_preview_of_an_empty_last_part_shows_the_reports_end() {
        let registry = Registry::builtin();
        let template = registry.template("dnqjl").unwrap();
        let mut draft = Draft::new(template);
        draft.sections.entry("opening".into()).or_default().text = "开头。\n".into();
        draft.sections.entry("duty".into()).or_default().text = "甲。\n乙。\n".into();
        let doc = Document::new(draft, Arc::new(template.clone()));
        let blocks = &doc.report().blocks;
        let last = template.parts.len() - 1;
        let part = PartStep::new(last, &doc, &registry, Ambiguous::Narrow);
        assert_eq!(part.caret_block(&doc), Some(blocks.len() - 1));
        // An empty part between others with text follows the next of them: 能勤绩's heading,
        // after the opening's one paragraph.
        let study = template.parts.iter().position(|p| p.id == "study").unwrap();
        let part = PartStep::new(study, &doc, &registry, Ambiguous::Narrow);
        assert_eq!(part.caret_block(&doc), Some(1));
        assert_eq!(blocks[1].kind, crate::report::BlockKind::Heading);
    }

    #[test]
    fn every_hint_shown_names_a_real_binding_of_its_mode() {
        assert_bound(Mode::Form, super::form::HINTS);
        assert_bound(Mode::Review, super::review::HINTS);
        assert_bound(Mode::Start, super::start::HINTS);
        assert_bound(Mode::Mapping, super::dialog::mapping::HINTS);
        let registry = Registry::builtin();
        let template = registry.template("dnqjl").unwrap();
        let mut doc = Document::new(Draft::new(template), Arc::new(template.clone()));
        let mut part = PartStep::new(4, &doc, &registry, Ambiguous::Narrow);
        for (focus, mode) in [
            (Focus::Editor, Mode::Editor),
            (Focus::Heading, Mode::Heading),
            (Focus::Phrases, Mode::Phrases),
            (Focus::Preview, Mode::Preview),
        ] {
            part.focus = focus;
            for wide in [false, true] {
                for assistant in [false, true] {
                    assert_bound(mode, &part.hints(wide, assistant));
                }
            }
        }
        // While a phrase's places are being filled in.
        part.focus = Focus::Editor;
        let phrase = part
            .phrases
            .all
            .iter()
            .find(|p| p.text.contains('{'))
            .unwrap();
        let text = phrase.text.clone();
        let mut buf = crate::tui::editor::DocumentPart {
            doc: &mut doc,
            part: 4,
        };
        part.editor.insert_phrase(&mut buf, &text);
        assert!(part.editor.filling());
        assert_bound(Mode::Editor, &part.hints(false, true));
        // While text is marked.
        let text = doc.part_text(4);
        part.editor.select_right(&text);
        assert!(part.editor.marked().is_some());
        assert_bound(Mode::Editor, &part.hints(true, true));
    }
}
