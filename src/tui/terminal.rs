//! The terminal: entering and leaving full-screen mode, the panic hook, the signal thread, and
//! measuring how wide the terminal draws ambiguous-width characters.
//!
//! Two traps shape this file (see research/reliability.md): once an SSH link drops, crossterm's
//! event loop may never return, so the save on a hang-up must not depend on it; and restoring a
//! dead terminal can itself fail, so every exit path saves first and restores last, ignoring
//! errors from the terminal.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute, style::Print};
use ratatui::{DefaultTerminal, Terminal};

use crate::files::{self, Overwrite, PRIVATE_FILE_MODE};
use crate::text::width::Ambiguous;

/// The draft as it stands, kept up to date by the loop for the signal thread and the panic hook:
/// the path and the TOML to write there.
pub type Snapshot = Arc<Mutex<Option<(PathBuf, String)>>>;

/// Switches the terminal to full-screen raw mode with bracketed paste.
pub fn enter() -> io::Result<DefaultTerminal> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

/// Gives the terminal back as it was. Errors are ignored: the terminal may be gone.
pub fn leave() {
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Writes the snapshot to its draft file, if there is one. Never blocks on the lock: a panic or
/// a signal may arrive while the loop holds it, and then the last snapshot cannot be had safely.
pub fn save_snapshot(snapshot: &Snapshot) -> Option<PathBuf> {
    let guard = snapshot.try_lock().ok()?;
    let (path, toml) = guard.as_ref()?;
    files::write_atomic(path, toml.as_bytes(), PRIVATE_FILE_MODE, Overwrite::Replace).ok()?;
    Some(path.clone())
}

/// On a panic: save the draft first, then restore the terminal, then say where the text is.
pub fn install_panic_hook(snapshot: Snapshot) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let saved = save_snapshot(&snapshot);
        leave();
        let mut err = io::stderr();
        let _ = match saved {
            Some(path) => writeln!(
                err,
                "shuzhi 出错退出。你写的内容已保存在 {}",
                path.display()
            ),
            None => writeln!(err, "shuzhi 出错退出。"),
        };
        previous(info);
    }));
}

/// A thread that, on SIGHUP (the SSH link dropped), SIGTERM, SIGQUIT or SIGINT, writes the draft
/// before anything else and exits, whatever the main loop is doing.
pub fn spawn_signal_thread(snapshot: Snapshot) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGQUIT, SIGINT])?;
    std::thread::Builder::new()
        .name("shuzhi-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                save_snapshot(&snapshot);
                if signal != SIGHUP {
                    leave();
                }
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}

/// How wide this terminal draws `“`: print it at the top-left corner and ask where the cursor
/// went (one round trip; crossterm gives up after 2 s if the terminal never answers). The caller
/// redraws the whole screen afterwards.
pub fn measure_ambiguous() -> Option<Ambiguous> {
    let mut out = io::stdout();
    execute!(out, cursor::MoveTo(0, 0), Print("“")).ok()?;
    match cursor::position().ok()? {
        (2, _) => Some(Ambiguous::Wide),
        (1, _) => Some(Ambiguous::Narrow),
        _ => None,
    }
}
