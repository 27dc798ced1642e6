//! Keys → actions: one table, data rather than code, and the help screen is drawn from it.
//!
//! Every key works in plain xterm, tmux, screen and over SSH: no Ctrl-Shift, no Ctrl-Enter, and
//! bare Esc only ever closes a dialog (over a slow link an arrow key can arrive as a lone Esc).
//! What an action does depends on where the focus is; that is `app`'s business.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What the writer asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    NextStep,
    PrevStep,
    Save,
    Export,
    Quit,
    Undo,
    Redo,
    Help,
    FocusNext,
    FocusPrev,
    /// At 80 columns: show the preview instead of the phrases, or back.
    TogglePane,
    /// Select the next place to fill in this part.
    NextSlot,
    /// Apply the suggested fix of the chosen punctuation problem (review screen).
    Fix,
    /// Write this window's draft over one changed elsewhere (only when asked about it).
    Overwrite,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
    WordLeft,
    WordRight,
    Backspace,
    Delete,
    Enter,
    /// Closes a dialog; nothing else.
    Close,
    Type(char),
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

/// The bindings: key, modifiers, action, and how the help screen names the key.
pub const BINDINGS: &[(KeyCode, KeyModifiers, Action, &str)] = &[
    (KeyCode::Char('n'), CTRL, Action::NextStep, "Ctrl-N"),
    (KeyCode::Char('p'), CTRL, Action::PrevStep, "Ctrl-P"),
    (KeyCode::Char('s'), CTRL, Action::Save, "Ctrl-S"),
    (KeyCode::Char('e'), CTRL, Action::Export, "Ctrl-E"),
    (KeyCode::Char('q'), CTRL, Action::Quit, "Ctrl-Q"),
    (KeyCode::Char('z'), CTRL, Action::Undo, "Ctrl-Z"),
    (KeyCode::Char('y'), CTRL, Action::Redo, "Ctrl-Y"),
    (KeyCode::F(1), NONE, Action::Help, "F1"),
    (KeyCode::Char('g'), CTRL, Action::Help, "Ctrl-G"),
    (KeyCode::Tab, NONE, Action::FocusNext, "Tab"),
    (KeyCode::BackTab, SHIFT, Action::FocusPrev, "Shift-Tab"),
    (KeyCode::BackTab, NONE, Action::FocusPrev, "Shift-Tab"),
    (KeyCode::F(2), NONE, Action::TogglePane, "F2"),
    (KeyCode::Char('t'), CTRL, Action::TogglePane, "Ctrl-T"),
    (KeyCode::F(3), NONE, Action::NextSlot, "F3"),
    (KeyCode::Char('f'), CTRL, Action::Fix, "Ctrl-F"),
    (KeyCode::F(4), NONE, Action::Fix, "F4"),
    (KeyCode::Char('o'), CTRL, Action::Overwrite, "Ctrl-O"),
    (KeyCode::Left, NONE, Action::Left, "←"),
    (KeyCode::Right, NONE, Action::Right, "→"),
    (KeyCode::Up, NONE, Action::Up, "↑"),
    (KeyCode::Down, NONE, Action::Down, "↓"),
    (KeyCode::Home, NONE, Action::Home, "Home"),
    (KeyCode::End, NONE, Action::End, "End"),
    (KeyCode::Char('a'), CTRL, Action::Home, "Ctrl-A"),
    (KeyCode::PageUp, NONE, Action::PageUp, "PgUp"),
    (KeyCode::PageDown, NONE, Action::PageDown, "PgDn"),
    (KeyCode::Left, CTRL, Action::WordLeft, "Ctrl-←"),
    (KeyCode::Right, CTRL, Action::WordRight, "Ctrl-→"),
    (KeyCode::Left, KeyModifiers::ALT, Action::WordLeft, "Alt-←"),
    (
        KeyCode::Right,
        KeyModifiers::ALT,
        Action::WordRight,
        "Alt-→",
    ),
    (KeyCode::Backspace, NONE, Action::Backspace, "Backspace"),
    (KeyCode::Char('h'), CTRL, Action::Backspace, "Ctrl-H"),
    (KeyCode::Delete, NONE, Action::Delete, "Delete"),
    (KeyCode::Enter, NONE, Action::Enter, "Enter"),
    (KeyCode::Char('m'), CTRL, Action::Enter, "Ctrl-M"),
    (KeyCode::Char('j'), CTRL, Action::Enter, "Ctrl-J"),
    (KeyCode::Esc, NONE, Action::Close, "Esc"),
];

/// The action of a key press, if it has one. Releases and repeats of other kinds are ignored;
/// Shift alone never changes an action (Shift-↑ moves like ↑), and a character typed with or
/// without Shift is typed.
pub fn action(key: KeyEvent) -> Option<Action> {
    if key.kind != KeyEventKind::Press && key.kind != KeyEventKind::Repeat {
        return None;
    }
    let mods = key.modifiers - KeyModifiers::SHIFT;
    if let KeyCode::Char(c) = key.code
        && (mods.is_empty() || mods == KeyModifiers::ALT && !c.is_ascii())
    {
        return Some(Action::Type(c));
    }
    let exact = BINDINGS
        .iter()
        .find(|(code, m, _, _)| *code == key.code && *m == key.modifiers);
    let loose = || {
        BINDINGS
            .iter()
            .find(|(code, m, _, _)| *code == key.code && *m == mods)
    };
    exact.or_else(loose).map(|(_, _, action, _)| *action)
}

/// The key names bound to an action, for the help screen and the hint bar.
pub fn keys_for(action: Action) -> Vec<&'static str> {
    let mut names: Vec<&str> = BINDINGS
        .iter()
        .filter(|(_, _, a, _)| *a == action)
        .map(|(_, _, _, name)| *name)
        .collect();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> Option<Action> {
        action(KeyEvent::new(code, mods))
    }

    #[test]
    fn control_keys_map_to_their_actions() {
        assert_eq!(key(KeyCode::Char('n'), CTRL), Some(Action::NextStep));
        assert_eq!(key(KeyCode::Char('q'), CTRL), Some(Action::Quit));
        assert_eq!(key(KeyCode::F(1), NONE), Some(Action::Help));
    }

    #[test]
    fn characters_are_typed_with_or_without_shift() {
        assert_eq!(key(KeyCode::Char('述'), NONE), Some(Action::Type('述')));
        assert_eq!(key(KeyCode::Char('A'), SHIFT), Some(Action::Type('A')));
    }

    #[test]
    fn shift_does_not_change_a_movement() {
        assert_eq!(key(KeyCode::Up, SHIFT), Some(Action::Up));
    }

    #[test]
    fn esc_only_closes() {
        assert_eq!(key(KeyCode::Esc, NONE), Some(Action::Close));
    }

    #[test]
    fn every_action_has_a_key_name() {
        assert_eq!(keys_for(Action::Help), ["F1", "Ctrl-G"]);
        assert_eq!(keys_for(Action::FocusPrev), ["Shift-Tab"]);
    }
}
