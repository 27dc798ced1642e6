//! The terminal: entering and leaving full-screen mode, and everything that must work when the
//! terminal or the process is going away: the panic hook, the signal thread, the hang-up
//! watchdog, suspend and resume, and measuring how wide the terminal draws ambiguous characters.
//!
//! Two traps shape this file (see research/reliability.md): once an SSH link drops, crossterm's
//! event loop may never return (and may spin), so saving on a hang-up must not depend on it; and
//! restoring a dead terminal can itself fail, so every exit path saves first and restores last,
//! ignoring errors from the terminal. An emergency never writes over the draft: it writes a
//! recovery file beside it, offered the next time the draft is opened.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute, style::Print};

use super::app::Snapshot;
use super::backend::FrugalBackend;

use crate::draft::recovery;
use crate::text::width::Ambiguous;

/// How long an emergency save waits for the loop to finish the batch of keys it is handling,
/// so that those keys are saved too.
const BATCH_WAIT: Duration = Duration::from_secs(1);

/// What the emergency paths need, kept current by the loop.
#[derive(Default)]
pub struct Emergency {
    state: Mutex<EmergencyState>,
    /// Set while the loop handles a batch of input, so the snapshot is about to change.
    busy: AtomicBool,
    /// Set when the screen must be drawn afresh (after a suspend).
    redraw: AtomicBool,
    /// What to tell the writer once the terminal is given back (where a recovery file went).
    farewell: Mutex<Option<String>>,
}

#[derive(Default)]
struct EmergencyState {
    /// The draft as it now stands, when one is open.
    draft: Option<Snapshot>,
    /// Whether it holds text not yet saved to the draft file.
    dirty: bool,
    /// Recovery files written by emergencies since the last real save.
    written: Vec<PathBuf>,
}

pub type Shared = Arc<Emergency>;

/// Writes the unsaved draft to a recovery file (beside the draft, else in the fallback folders);
/// returns where the writer's text is, or why it could be written nowhere.
fn save_state(state: &mut EmergencyState, why: &str) -> Result<Option<PathBuf>, String> {
    let Some(snapshot) = state.draft.as_ref() else {
        return Ok(None);
    };
    if !state.dirty {
        return Ok(Some(snapshot.path.clone()));
    }
    let written = recovery::write(&snapshot.path, &snapshot.toml(), why)
        .map_err(|e| crate::files::io_reason(&e))?;
    state.written.push(written.clone());
    state.dirty = false;
    Ok(Some(written))
}

/// What to say after an emergency wrote the writer's text to `path`.
fn saved_to(path: &std::path::Path) -> String {
    format!(
        "草稿没能保存，你写的内容已存入恢复文件 {}；再打开这份草稿时会提示恢复。",
        path.display()
    )
}

impl Emergency {
    pub fn begin_batch(&self) {
        self.busy.store(true, Ordering::SeqCst);
    }

    /// Hands over the draft as it now stands (after a change to it).
    pub fn publish(&self, draft: Option<Snapshot>) {
        if let Ok(mut state) = self.state.lock() {
            state.draft = draft;
        }
    }

    /// The batch of input is handled: whether the published draft holds unsaved text.
    pub fn end_batch(&self, dirty: bool) {
        if let Ok(mut state) = self.state.lock() {
            state.dirty = dirty;
        }
        self.busy.store(false, Ordering::SeqCst);
    }

    /// Lets the loop finish the batch of keys it is handling, so those keys are saved too.
    fn wait_for_batch(&self) {
        let deadline = Instant::now() + BATCH_WAIT;
        while self.busy.load(Ordering::SeqCst) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// After a real save: the recovery files emergencies wrote are no longer needed.
    pub fn saved(&self) {
        if let Ok(mut state) = self.state.lock() {
            for path in state.written.drain(..) {
                let _ = std::fs::remove_file(path);
            }
            state.dirty = false;
        }
    }

    /// Before a suspend: save what is unsaved, after the batch in hand.
    fn save_suspend(&self) {
        self.wait_for_batch();
        if let Ok(mut state) = self.state.lock() {
            let _ = save_state(&mut state, "挂起");
        }
    }

    pub fn take_redraw(&self) -> bool {
        self.redraw.swap(false, Ordering::SeqCst)
    }

    /// Writes unsaved text to a recovery file and returns where the text is. A panic must not
    /// wait for the lock (the loop may hold it): it saves only if the lock is free.
    pub fn save_now(&self, why: &str) -> Option<PathBuf> {
        let mut state = self.state.try_lock().ok()?;
        save_state(&mut state, why).ok().flatten()
    }

    /// On quitting with text the draft file does not hold (its save failed: the folder full,
    /// read-only or renamed): writes it to a recovery file wherever one can go, to be named once
    /// the terminal is given back. When none can be written, says why: the wizard then stays
    /// open, for nothing typed may be lost silently.
    pub fn rescue_before_quit(&self) -> Result<(), super::error::SaveError> {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if !state.dirty {
            return Ok(());
        }
        match save_state(&mut state, "退出时草稿没能保存") {
            Ok(Some(path)) => {
                self.set_farewell(saved_to(&path));
                Ok(())
            }
            Ok(None) => Ok(()),
            // Where it tried is in `why`, not shown: the status line has room for what to do.
            Err(_why) => Err(super::error::SaveError::NowhereToRescue),
        }
    }

    fn set_farewell(&self, message: String) {
        if let Ok(mut farewell) = self.farewell.lock() {
            *farewell = Some(message);
        }
    }

    /// Says, after the terminal is given back, what the writer must know (where their text went).
    pub fn say_farewell(&self) {
        let message = self.farewell.lock().ok().and_then(|mut f| f.take());
        if let Some(message) = message {
            let _ = writeln!(io::stderr(), "{message}");
        }
    }

    /// The one way out of the process on an emergency: let the loop finish the batch of keys
    /// it is handling, save what is unsaved to a recovery file, and exit, all while holding the
    /// lock, so that a second emergency (a hang-up brings a SIGHUP, a watchdog wake-up and a read
    /// error at once) waits for the first instead of ending the process halfway through a write.
    pub fn save_and_exit(&self, why: &str, code: i32, restore_terminal: bool) -> ! {
        self.wait_for_batch();
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let saved = save_state(&mut state, why);
        if restore_terminal {
            leave();
            // Errors are ignored: the terminal may be gone after all.
            let _ = match saved {
                Ok(Some(path)) if state.written.last() == Some(&path) => {
                    writeln!(io::stderr(), "shuzhi 已退出（{why}）。{}", saved_to(&path))
                }
                Err(e) => writeln!(
                    io::stderr(),
                    "shuzhi 已退出（{why}）。未保存的内容无处可写：{e}"
                ),
                _ => Ok(()),
            };
        }
        std::process::exit(code)
    }

    /// Called by the loop before the process ends normally: waits for an emergency save in
    /// progress, and keeps any other from starting.
    pub fn close(&self) {
        if let Ok(state) = self.state.lock() {
            std::mem::forget(state);
        }
    }
}

/// The terminal the wizard draws on.
pub type Screen = Terminal<FrugalBackend<io::Stdout>>;

/// Switches the terminal to full-screen raw mode with bracketed paste.
pub fn enter() -> io::Result<Screen> {
    enter_modes()?;
    Terminal::new(FrugalBackend::new(io::stdout()))
}

fn enter_modes() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)
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

/// Lends the terminal to another program (`sz`, `rz`) for as long as `run` takes: out of raw
/// mode and the alternate screen, so the program finds it as a shell leaves it; then the wizard
/// takes the terminal again and drops what the terminal sends until it has been quiet for
/// [`HANDED_BACK_QUIET`]: the end of a transfer the program did not read (a last ZMODEM frame,
/// with its `\r` and letters) must not arrive as keys. The caller draws the whole screen afresh.
/// A terminal that cannot be taken back fails the next frame, which ends the wizard the
/// emergency way.
pub fn hand_over<T>(run: impl FnOnce() -> T) -> T {
    leave();
    let result = run();
    let _ = enter_modes();
    drop_input_until_quiet();
    result
}

/// How long the terminal must send nothing after a transfer before input is keys again.
const HANDED_BACK_QUIET: Duration = Duration::from_millis(300);

/// Reads and drops the terminal's input until none has come for [`HANDED_BACK_QUIET`] (in raw
/// mode, so a byte is seen as soon as it comes, line or not).
fn drop_input_until_quiet() {
    let mut buf = [0u8; 4096];
    loop {
        // SAFETY: tcflush(3) on our own standard input.
        unsafe { libc::tcflush(libc::STDIN_FILENO, libc::TCIFLUSH) };
        let mut fds = libc::pollfd {
            fd: libc::STDIN_FILENO,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        let ready = unsafe { libc::poll(&mut fds, 1, HANDED_BACK_QUIET.as_millis() as i32) };
        if ready <= 0 || fds.revents & libc::POLLIN == 0 {
            return;
        }
        // SAFETY: reading into a buffer of ours, no longer than it.
        let n = unsafe { libc::read(libc::STDIN_FILENO, buf.as_mut_ptr().cast(), buf.len()) };
        if n <= 0 {
            return;
        }
    }
}

/// On a panic: save what was typed first, then restore the terminal, then say where it is.
pub fn install_panic_hook(emergency: Shared) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let saved = emergency.save_now("程序出错");
        leave();
        let mut err = io::stderr();
        let _ = match saved {
            Some(path) => writeln!(err, "shuzhi 出错退出。你写的内容在 {}", path.display()),
            None => writeln!(err, "shuzhi 出错退出。"),
        };
        previous(info);
    }));
}

/// A thread for signals, whatever the main loop is doing:
/// - SIGHUP (the SSH link dropped), SIGTERM, SIGQUIT, SIGINT: save what was typed, then exit;
/// - SIGTSTP: save, give the terminal back and stop; SIGCONT: take the terminal again and have
///   the loop redraw everything.
pub fn spawn_signal_thread(emergency: Shared) -> io::Result<()> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGQUIT, SIGINT, SIGTSTP, SIGCONT])?;
    std::thread::Builder::new()
        .name("shuzhi-signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                match signal {
                    SIGTSTP => {
                        emergency.save_suspend();
                        leave();
                        // SAFETY: raising a signal on our own process.
                        unsafe { libc::raise(libc::SIGSTOP) };
                    }
                    SIGCONT => {
                        let _ = enter_modes();
                        emergency.redraw.store(true, Ordering::SeqCst);
                        // crossterm turns a window-size signal into a Resize event: the loop
                        // wakes up and draws the whole screen.
                        // SAFETY: raising a signal on our own process.
                        unsafe { libc::raise(libc::SIGWINCH) };
                    }
                    _ => {
                        let why = if signal == SIGHUP {
                            "断线"
                        } else {
                            "被终止"
                        };
                        // After a hang-up there is no terminal to restore.
                        emergency.save_and_exit(why, 128 + signal, signal != SIGHUP);
                    }
                }
            }
        })?;
    Ok(())
}

/// A thread that sleeps until the terminal hangs up (the SSH link dropped without a SIGHUP
/// reaching us, e.g. under `nohup`), then saves and exits, so the process never spins on a dead
/// terminal. It blocks in poll(2) on the terminal for errors only: no wake-ups while it lives.
pub fn spawn_watchdog(emergency: Shared) -> io::Result<()> {
    std::thread::Builder::new()
        .name("shuzhi-watchdog".into())
        .spawn(move || {
            loop {
                let mut fds = libc::pollfd {
                    fd: libc::STDIN_FILENO,
                    events: 0,
                    revents: 0,
                };
                // SAFETY: one valid pollfd; an infinite timeout.
                let n = unsafe { libc::poll(&mut fds, 1, -1) };
                if n < 0 {
                    if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
                        continue;
                    }
                    return;
                }
                if fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                    emergency.save_and_exit("断线", 128 + libc::SIGHUP, false);
                }
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
