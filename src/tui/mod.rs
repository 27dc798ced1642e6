//! The wizard: a full-screen terminal interface over the core.
//!
//! Elm-style (DESIGN.md rule 3): [`app`] holds the model and `update(&mut App, Msg) -> Vec<Effect>`
//! with no I/O; [`view`] draws it and places the terminal cursor at the caret; this module is the
//! thin shell that reads terminal events, drains everything pending before drawing once (an input
//! method commits several characters at a time), runs the effects (save, export, open) and keeps
//! the draft's snapshot current for the signal thread and the panic hook; `effects` runs what
//! `update` asks for, and the drafts folder is the core's (`crate::drafts`). [`pacing`] decides when
//! a frame is drawn: every key at once, the preview and background news held back during a fast
//! burst. It never polls: with nothing to save or draw it blocks until the next event, so an idle
//! wizard uses no CPU.

pub mod app;
pub mod areas;
pub mod backend;
pub mod complete;
pub mod editor;
mod effects;
pub mod error;
pub mod input;
pub mod keymap;
pub mod pacing;
pub mod saver;
pub mod screen;
pub mod terminal;
pub mod view;
pub mod wizard;

use std::collections::VecDeque;
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind};

use crate::config::{AmbiguousWidth, Config};
use crate::drafts::Drafts;
use crate::template::Registry;
use crate::text::width::Ambiguous;
use app::{App, Msg, Opened, update};
pub use effects::create_draft;
use effects::{Outcome, Session, prepare, run_effect, saved};
use pacing::{Draw, Pacing};
use saver::Saver;

/// Unsaved text is written to the draft at most this long after it was typed: after a pause, or
/// every so often while the writer keeps typing (DESIGN.md: ~2 s idle or ~200 characters).
pub const AUTOSAVE_AFTER: Duration = Duration::from_secs(2);
/// How the autosave goes, in the words of the help screen and the README (a test holds both to
/// it, and it to [`AUTOSAVE_AFTER`] and [`app::AUTOSAVE_CHARS`]). The loop writes a change at
/// most `AUTOSAVE_AFTER` after the oldest one not yet saved, whether the writer paused or goes
/// on typing; and at once when that many characters came in since the last save.
pub const AUTOSAVE_RULE: &str =
    "停笔后 2 秒内自动保存，一直打字时约每 2 秒一次，一次输入满 200 字时立即保存";
/// How often the loop looks for a finished save while one is under way.
const SAVE_CHECK: Duration = Duration::from_millis(10);
/// How often the loop looks for the writing assistant's news while a request is under way.
const ASSIST_CHECK: Duration = Duration::from_millis(40);
/// Exit status when the terminal failed under the wizard.
const EXIT_TERMINAL_GONE: i32 = 2;
/// With this variable set, F12 makes the wizard panic: how the tests check the panic path.
const TEST_PANIC_VARIABLE: &str = "SHUZHI_TEST_PANIC";

/// Where the wizard begins.
pub enum Begin {
    /// The start screen.
    Start,
    /// A draft, opened or just created.
    Draft(Box<Opened>),
}

/// Runs the wizard until the writer quits.
pub fn run(
    registry: Registry,
    config: Config,
    begin: Begin,
    locale_warning: Option<String>,
) -> io::Result<()> {
    let emergency: terminal::Shared = Arc::default();
    terminal::spawn_signal_thread(emergency.clone())?;

    let colors = config.display.colors && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let configured = match config.display.ambiguous_width {
        AmbiguousWidth::Auto => None,
        AmbiguousWidth::Narrow => Some(Ambiguous::Narrow),
        AmbiguousWidth::Wide => Some(Ambiguous::Wide),
    };
    let mut app = App::new(registry, config, configured.unwrap_or_default(), colors);
    app.locale_warning = locale_warning;
    // The rule folders are read once, here: a broken rule file is said, and the built-in rules
    // serve meanwhile.
    match crate::proof::Proofreader::configured() {
        Ok(proofreader) => app.proofreader = Arc::new(proofreader),
        Err(e) => {
            let file = e.file.as_deref().unwrap_or("规则文件");
            app.notice = Some(format!("{file} 有误，检查暂用内置规则：{}", e.message));
        }
    }
    app.handoff = crate::handoff::Session::detect();
    app.drafts_dir = crate::config::drafts_dir();
    app.assistant = match crate::assistant::endpoint() {
        Ok(None) => screen::assist::Setup::Off,
        Ok(Some(endpoint)) => screen::assist::Setup::On(endpoint),
        Err(why) => screen::assist::Setup::Broken(why),
    };
    let mut session = Session::default();
    match begin {
        Begin::Start => {
            let folder = Drafts::configured();
            let listed = Msg::Listed {
                drafts: folder.list(&app.registry),
                problem: folder.check().err().map(|e| e.to_string()),
            };
            update(&mut app, listed);
        }
        Begin::Draft(opened) => {
            let opened = prepare(*opened, &mut session, &app.registry)?;
            update(&mut app, Msg::Opened(Box::new(opened)));
            if app.wizard().is_none() {
                return Err(io::Error::other(app.notice.take().unwrap_or_default()));
            }
        }
    }

    let mut term = terminal::enter()?;
    terminal::install_panic_hook(emergency.clone());
    terminal::spawn_watchdog(emergency.clone())?;
    let result = event_loop(
        &mut app,
        &mut term,
        &emergency,
        &mut session,
        configured.is_none(),
    );
    if result.is_err() {
        // The terminal failed (it is usually gone): what was typed goes to a recovery file,
        // and the process ends the one emergency way.
        emergency.save_and_exit("终端出错", EXIT_TERMINAL_GONE, true);
    }
    emergency.close();
    terminal::leave();
    emergency.say_farewell();
    Ok(())
}

fn event_loop(
    app: &mut App,
    term: &mut terminal::Screen,
    emergency: &terminal::Shared,
    session: &mut Session,
    measure: bool,
) -> io::Result<()> {
    let size = term.size()?;
    update(app, Msg::Resize(size.width, size.height));
    term.draw(|frame| {
        view::view(app, frame);
    })?;
    if measure && let Some(ambiguous) = terminal::measure_ambiguous() {
        update(app, Msg::AmbiguousMeasured(ambiguous));
        term.backend_mut().know_ambiguous(ambiguous);
        redraw_all(term)?;
        term.draw(|frame| {
            view::view(app, frame);
        })?;
    }
    let test_panic = std::env::var_os(TEST_PANIC_VARIABLE).is_some();

    // What the emergency paths were last handed: the draft is copied again only when it changed
    // (its path, revision or step), not on every arrow key.
    let mut published = None;
    let mut publish = |app: &App| {
        let now = app.wizard().map(|w| {
            let draft = w.document().draft();
            (
                w.path().to_path_buf(),
                w.revision(),
                draft.state.step.clone(),
            )
        });
        if now != published {
            emergency.publish(app.snapshot());
            published = now;
        }
    };
    // When the oldest unsaved change was made: it is saved at most AUTOSAVE_AFTER later.
    let mut unsaved_since: Option<Instant> = None;
    let mut saver = Saver::spawn()?;
    let mut pacing = Pacing::default();
    // Set when the terminal comes back from `sz` or `rz`: the next frame paints every cell.
    let mut handed_back = false;
    loop {
        let autosave_in = unsaved_since
            .filter(|_| !saver.busy())
            .map(|at| AUTOSAVE_AFTER.saturating_sub(at.elapsed()));
        // While a save is under way, look up now and then for it to finish (only then).
        let wait = match (autosave_in, saver.busy()) {
            (Some(a), true) => Some(a.min(SAVE_CHECK)),
            (None, true) => Some(SAVE_CHECK),
            (a, false) => a,
        };
        // A frame held back during a burst of keys is drawn when they pause.
        let owed_in = pacing
            .deadline()
            .map(|at| at.saturating_duration_since(Instant::now()));
        let assist_in = session.assisting().then_some(ASSIST_CHECK);
        let wait = [wait, owed_in, assist_in].into_iter().flatten().min();
        let mut msgs = VecDeque::new();
        let ready = match wait {
            None => true,
            Some(wait) => event::poll(wait)?,
        };
        if ready {
            let first = event::read()?;
            emergency.begin_batch();
            msgs.extend(to_msg(first));
            // Everything already typed or pasted is handled before the next frame.
            while event::poll(Duration::ZERO)? {
                msgs.extend(to_msg(event::read()?));
            }
            // Right behind a paste, wait for input to go quiet: it may be more of the paste.
            let pasted = msgs.iter().any(|m| matches!(m, Msg::Paste(_)));
            while pasted && event::poll(input::PASTE_QUIET)? {
                msgs.extend(to_msg(event::read()?));
            }
            input::keep_paste_whole(&mut msgs);
        } else {
            emergency.begin_batch();
            if !saver.busy() && unsaved_since.is_some_and(|at| at.elapsed() >= AUTOSAVE_AFTER) {
                msgs.push_back(Msg::AutosaveDue);
            }
        }
        msgs.extend(session.assist_news());
        let finished = saver.finished(Duration::ZERO);
        let saved_now = !finished.is_empty();
        msgs.extend(
            finished
                .into_iter()
                .map(|done| saved(done, session, emergency)),
        );

        while let Some(msg) = msgs.pop_front() {
            if test_panic && matches!(&msg, Msg::Key(k) if k.code == KeyCode::F(12)) {
                panic!("测试用的故意崩溃（{TEST_PANIC_VARIABLE}）");
            }
            for effect in update(app, msg) {
                match run_effect(app, effect, session, &mut saver) {
                    Some(Outcome::Msg(msg)) => msgs.push_back(msg),
                    Some(Outcome::Msgs(more)) => msgs.extend(more),
                    Some(Outcome::HandedBack(msg)) => {
                        msgs.push_back(msg);
                        handed_back = true;
                    }
                    Some(Outcome::Quit) => {
                        // The last save reaches the disk before the process ends.
                        for done in saver.finish_all() {
                            update(app, saved(done, session, emergency));
                        }
                        publish(app);
                        emergency.end_batch(unsaved(app));
                        match emergency.rescue_before_quit() {
                            Ok(()) => return Ok(()),
                            Err(error) => {
                                update(app, Msg::QuitRefused(error));
                            }
                        }
                    }
                    None => {}
                }
            }
        }
        let pending = app.wizard().is_some_and(|w| w.autosave_pending());
        match (pending, unsaved_since) {
            (true, None) => unsaved_since = Some(Instant::now()),
            // A save just landed but keys typed meanwhile are unsaved: they are this recent.
            (true, Some(_)) if saved_now => unsaved_since = Some(Instant::now()),
            (false, Some(_)) => unsaved_since = None,
            _ => {}
        }
        publish(app);
        emergency.end_batch(unsaved(app));
        let now = Instant::now();
        let framing = view::framing(app);
        let draw = if emergency.take_redraw() || std::mem::take(&mut handed_back) {
            redraw_all(term)?;
            Draw::All
        } else {
            pacing.decide(now, ready, framing)
        };
        if draw == Draw::Later {
            continue;
        }
        term.draw(|frame| {
            if draw == Draw::HoldPreview {
                view::view_holding_preview(app, frame);
                pacing.hold(frame.buffer_mut());
            } else {
                view::view(app, frame);
            }
            pacing.drawn(now, draw, frame.buffer_mut(), framing);
        })?;
    }
}

/// Makes the next draw paint the whole screen. Unlike `Terminal::clear`, this does not ask the
/// terminal where its cursor is: that is a round trip over SSH, and a terminal that does not
/// answer would stall it for two seconds.
fn redraw_all(term: &mut terminal::Screen) -> io::Result<()> {
    use ratatui::backend::{Backend, ClearType};
    term.backend_mut().clear_region(ClearType::All)?;
    // The cursor may have been shown meanwhile (a suspend, `sz`): say again whether it is.
    term.backend_mut().forget_cursor();
    // Both buffers reset: the next frame is compared with nothing, so every cell is drawn.
    term.swap_buffers();
    term.swap_buffers();
    Ok(())
}

/// Whether the open draft has text not yet saved to it: what an emergency writes to a recovery
/// file, whatever else is going on (a conflict, read-only).
fn unsaved(app: &App) -> bool {
    app.wizard().is_some_and(|w| w.dirty())
}

fn to_msg(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Msg::Key(key)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Resize(width, height) => Some(Msg::Resize(width, height)),
        _ => None,
    }
}

/// A warning when the locale does not say UTF-8: Chinese would come out garbled.
pub fn locale_warning() -> Option<String> {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "C".to_string());
    let utf8 = {
        let l = locale.to_ascii_lowercase();
        l.contains("utf-8") || l.contains("utf8")
    };
    (!utf8).then(|| {
        format!("区域设置 {locale} 不是 UTF-8，中文可能显示为乱码：请先运行 export LANG=C.UTF-8")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_autosave_rule_says_what_the_loop_does_and_the_readme_says_the_same() {
        let secs = format!("{} 秒", AUTOSAVE_AFTER.as_secs());
        assert_eq!(AUTOSAVE_RULE.matches(&secs).count(), 2, "{AUTOSAVE_RULE}");
        assert!(AUTOSAVE_RULE.contains(&format!("{} 字", app::AUTOSAVE_CHARS)));
        assert!(
            include_str!("../../README.md").contains(AUTOSAVE_RULE),
            "README.md must say: {AUTOSAVE_RULE}"
        );
    }
}
