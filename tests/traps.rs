//! The traps a new writer met (the issue "the wizard without traps"), each driven by keys
//! through `update` and read off a `TestBackend`. Every item of the issue and the test that
//! covers it:
//!
//! Text that goes astray
//! - Tab/Enter after a phrase's last slot go on from that phrase:
//!   editing::after_the_last_place_of_a_phrase_tab_and_enter_go_on_from_the_end_of_that_phrase,
//!   editing::enter_on_the_last_place_of_a_phrase_opens_the_point_after_the_phrases_paragraph,
//!   wizard::enter_after_filling_a_phrase_starts_the_next_point_after_the_sentence
//! - typing where no text goes lands in the editor:
//!   editing::typing_while_the_preview_has_the_focus_goes_into_the_editor
//! - keys under "终端太小" edit nothing:
//!   editing::keys_typed_while_the_terminal_is_too_small_leave_the_draft_alone
//! - heading undo; a run of Deletes one undo step: editing::heading_edits_are_undone_and_redone,
//!   editing::a_run_of_deletes_in_the_editor_is_one_undo_step
//! - the phrase search cleared on insert, by Ctrl-U; Esc back to the editor:
//!   editing::the_phrase_search_box_is_cleared_on_insert_and_by_ctrl_u_and_esc_goes_back_to_the_editor
//! - End on a wrapped row: editing::end_on_a_wrapped_row_goes_after_its_last_character
//!
//! What the writer cannot read
//! - guidance wrapped, "…" and F5 for the whole:
//!   reading::guidance_too_long_for_its_rows_ends_in_an_ellipsis_and_f5_shows_it_whole,
//!   reading::at_120_columns_the_guidance_takes_three_rows_and_says_when_there_is_more
//! - paragraph starts marked in the editor:
//!   reading::each_paragraph_of_the_editor_is_marked_where_it_starts_and_its_wrapped_rows_are_not
//! - long status lines in a box, errors in Chinese, `~` the home folder, the whole mapping:
//!   wizard::a_notice_too_long_for_the_status_line_is_read_whole_in_a_box_until_the_next_key,
//!   wizard::an_export_error_naming_a_long_path_is_read_whole_in_the_export_box,
//!   e2e::an_export_into_a_missing_folder_says_so_in_chinese,
//!   e2e::an_export_to_a_path_under_tilde_goes_to_the_home_folder,
//!   wizard::the_whole_mapping_of_an_imported_report_can_be_read_at_80x24
//! - start screen cut with "…":
//!   wizard::the_start_screen_names_drafts_by_title_and_writer_and_ends_what_it_cuts_with_an_ellipsis;
//!   the form's 标题 too: traps::a_title_too_long_for_the_form_ends_in_an_ellipsis; its intro whole and
//!   its field hints (the focused one whole):
//!   traps::at_80_columns_the_focused_fields_hint_is_read_in_full_and_others_end_in_an_ellipsis
//! - help's key column within its box, this screen's keys first:
//!   reading::help_at_80_columns_covers_the_screen_wraps_in_its_columns_and_lists_this_screens_keys_first,
//!   reading::help_on_the_start_screen_lists_its_keys_first
//! - the review's total on one row:
//!   wizard::the_review_says_short_and_long_parts_and_its_total_never_breaks_at_80_columns
//! - 120×40: an empty part's hint in the editor wrapped, not cut:
//!   traps::at_120_columns_an_empty_parts_hint_in_the_editor_is_read_whole
//! - 120×40: the preview apart from the phrase pane's title:
//!   traps::at_120_columns_the_preview_beside_the_phrases_title_is_set_apart_from_it
//! - the export's file name from its first character:
//!   wizard::a_file_name_longer_than_the_export_box_is_shown_whole_with_the_caret_after_it
//! - `{年度}` on one row: reading::a_place_to_fill_is_kept_on_one_row_of_the_editor
//!
//! Drafts and editing that writers expect
//! - drafts by title and writer: wizard::the_start_screen_names_drafts_by_title_and_writer_and_ends_what_it_cuts_with_an_ellipsis,
//!   and one with no year or writer yet:
//!   traps::a_draft_without_year_or_writer_is_listed_readably_on_the_start_screen
//! - rename, delete into 已删除, the keys shown:
//!   wizard::r_on_the_start_screen_renames_the_chosen_draft_and_refuses_a_name_another_has,
//!   wizard::delete_on_the_start_screen_asks_then_moves_the_draft_to_the_deleted_folder,
//!   wizard::the_start_screen_names_its_rename_and_delete_keys
//! - Alt-↑/↓, cut/copy/paste, Shift selection, the terminal's paste:
//!   editing::alt_up_and_down_move_a_point_and_the_numbers_follow,
//!   editing::cut_copy_and_paste_within_the_wizard,
//!   editing::shift_and_the_arrows_select_and_typing_replaces_the_selection_in_one_undo_step,
//!   wizard::paste_with_carriage_returns_makes_paragraphs
//! - import: Tab completes the path: e2e::tab_completes_the_report_path_in_the_import_box
//! - help and README say the autosave alike:
//!   traps::the_help_and_the_readme_say_the_autosave_alike; the keys:
//!   editing::every_new_editing_key_is_in_the_help_and_in_the_readme
//! - F3 with no slot left: editing::f3_with_no_place_left_to_fill_says_so
//! - the export dialogs' status says what is saved:
//!   traps::the_export_dialogs_say_saved_once_the_draft_is_saved

use ratatui::crossterm::event::KeyCode;

use shuzhi::config::Config;
use shuzhi::draft::Draft;
use shuzhi::drafts::Drafts;
use shuzhi::template::Registry;
use shuzhi::text::width::Ambiguous;
use shuzhi::tui::app::{App, Msg, Step, update};

mod keys;
use keys::{ctrl, go_to, new_draft, press, sample_on, saved, screen, type_text};

#[test]
fn a_draft_without_year_or_writer_is_listed_readably_on_the_start_screen() {
    let home = tempfile::tempdir().unwrap();
    let registry = Registry::builtin();
    let template = registry.template("dnqjl").unwrap();
    let path = home.path().join("述职报告-2026-12-01-3.toml");
    Draft::new(template).save(&path, template).unwrap();
    let drafts = Drafts::new(Some(home.path().to_path_buf())).list(&registry);
    let mut app = App::new(registry, Config::default(), Ambiguous::Narrow, true);
    update(
        &mut app,
        Msg::Listed {
            drafts,
            problem: None,
        },
    );
    update(&mut app, Msg::Resize(80, 24));
    let rows = screen(&app);
    let line = rows
        .iter()
        .find(|r| r.starts_with(" ▸ "))
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert!(!line.contains('{') && !line.contains('}'), "{rows:#?}");
    assert!(line.contains("××年度述职述德述廉述法报告"), "{rows:#?}");
    assert!(line.contains(" · 姓名未填 · "), "{rows:#?}");
}

#[test]
fn at_80_columns_the_focused_fields_hint_is_read_in_full_and_others_end_in_an_ellipsis() {
    let mut app = new_draft("zongjie", 80, 24);
    let hint = "落款日期，写在署名下一行，如 2026年12月5日；新草稿默认为当天，交表前改为实际日期";
    // Down to 日期, the last field.
    let last = app.wizard().unwrap().template().fields.len() - 1;
    assert_eq!(app.wizard().unwrap().template().fields[last].key, "日期");
    while app.wizard().unwrap().form().unwrap().field() != Some(last) {
        press(&mut app, KeyCode::Down);
    }
    let rows = screen(&app);
    let text: String = rows.iter().map(|r| r.trim()).collect();
    assert!(text.contains(hint), "{rows:#?}");
    // The intro fits the row whole with this template's long name.
    assert!(rows[1].ends_with("会用到它们。"), "{rows:#?}");
    // Away from it (on a taller screen where it stays in view), the hint takes its one row
    // and ends in "…".
    update(&mut app, Msg::Resize(80, 30));
    press(&mut app, KeyCode::Up);
    let rows = screen(&app);
    let row = rows
        .iter()
        .find(|r| r.contains("落款日期"))
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert!(row.ends_with('…'), "{rows:#?}");
}

#[test]
fn a_title_too_long_for_the_form_ends_in_an_ellipsis() {
    let mut app = new_draft("dnqjl", 80, 24);
    let long =
        "关于2026年度履行全面从严治党主体责任和个人廉洁自律及依法履职情况的述职述德述廉述法报告";
    for _ in 0..6 {
        press(&mut app, KeyCode::Up);
    }
    assert_eq!(
        app.wizard().unwrap().form().unwrap().field(),
        None,
        "on the title"
    );
    press(&mut app, KeyCode::Home);
    type_text(&mut app, long);
    // Away from the title, it is shown cut, with a mark that it goes on.
    press(&mut app, KeyCode::Down);
    let rows = screen(&app);
    let row = rows
        .iter()
        .find(|r| r.starts_with("标题"))
        .unwrap_or_else(|| panic!("{rows:#?}"));
    assert!(
        row.starts_with("标题") && row.contains("关于2026年度"),
        "{rows:#?}"
    );
    assert!(row.ends_with('…'), "cut without an ellipsis: {rows:#?}");
}

#[test]
fn the_export_dialogs_say_saved_once_the_draft_is_saved() {
    let mut app = new_draft("dnqjl", 120, 40);
    go_to(&mut app, Step::Part(1));
    type_text(&mut app, "认真学习贯彻党的二十大精神。");
    ctrl(&mut app, 's');
    let revision = app.revision();
    saved(&mut app, revision);
    assert!(screen(&app).join("\n").contains("已保存 21:00:00"));
    ctrl(&mut app, 'e');
    let reminder = screen(&app).join("\n");
    assert!(reminder.contains("导出前提醒"), "{reminder}");
    assert!(!reminder.contains("未保存"), "{reminder}");
    press(&mut app, KeyCode::Enter);
    let export = screen(&app).join("\n");
    assert!(export.contains("导出报告"), "{export}");
    assert!(!export.contains("未保存"), "{export}");
    assert!(export.contains("已保存 21:00:00"), "{export}");
}

#[test]
fn at_120_columns_the_preview_beside_the_phrases_title_is_set_apart_from_it() {
    let mut app = sample_on(120, 40, Ambiguous::Narrow, true);
    go_to(&mut app, Step::Part(2));
    let rows = screen(&app);
    let title = rows
        .iter()
        .find(|r| r.starts_with("素材 "))
        .unwrap_or_else(|| panic!("{rows:#?}"));
    // The phrase pane's rule ends before the preview's column: the preview's row beside it
    // is its own, not a word of the phrases' title.
    let beside = title
        .trim_start_matches(|c| c != '─')
        .trim_start_matches('─');
    assert!(beside.starts_with(' '), "{rows:#?}");
    assert!(
        !beside.trim().is_empty(),
        "the preview goes on beside it: {rows:#?}"
    );
}

#[test]
fn at_120_columns_an_empty_parts_hint_in_the_editor_is_read_whole() {
    let mut app = new_draft("dnqjl", 120, 40);
    go_to(&mut app, Step::Part(5));
    let rows = screen(&app);
    // The editor is the left half: its hint wraps there instead of stopping mid-sentence.
    let at = rows
        .iter()
        .position(|r| r.contains("在这里输入正文："))
        .unwrap_or_else(|| panic!("{rows:#?}"));
    let (first, next) = (rows[at].trim(), rows[at + 1].trim_start());
    assert!(
        first.contains("Tab 到素材栏，选一句按 Enter 插"),
        "{rows:#?}"
    );
    assert!(
        next.starts_with("入。"),
        "the hint goes on on the next row: {rows:#?}"
    );
}

#[test]
fn the_help_and_the_readme_say_the_autosave_alike() {
    let mut app = new_draft("dnqjl", 120, 40);
    go_to(&mut app, Step::Part(1));
    press(&mut app, KeyCode::F(1));
    let mut help = String::new();
    for _ in 0..10 {
        help.push_str(&screen(&app).join("\n"));
        press(&mut app, KeyCode::PageDown);
    }
    let rule = shuzhi::tui::AUTOSAVE_RULE;
    assert!(
        rule.contains("停笔") && rule.contains("一直打字时"),
        "{rule}"
    );
    assert!(help.contains(rule), "{help}");
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(rule),
        "the README says the autosave otherwise"
    );
}
