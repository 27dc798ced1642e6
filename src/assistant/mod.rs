//! 写作助手: an optional helper on the unit's own model server (vLLM, Ollama, Xinference,
//! llama.cpp: all speak the OpenAI chat-completions API) that polishes, expands, condenses,
//! rephrases, or drafts a paragraph from notes, and may change wording but never facts.
//!
//! It is off until `[assistant]` names a server and a model ([`settings`]); then nothing is
//! sent from a draft with a 密级 marking ([`guard`]), the prompts are ours ([`prompt`]), the
//! answer streams back over a small HTTP client of our own ([`http`], [`stream`], [`client`]),
//! and an answer that changed, dropped or added a fact is refused ([`facts`]). A [`Job`] runs
//! one request on a thread of its own, so the wizard never waits on the network.
//!
//! What it does not do: keep any history, send anything but the paragraph at hand and its
//! part's context, or write anything to disk.

pub mod client;
pub mod diff;
pub mod facts;
pub mod guard;
pub mod http;
pub mod prompt;
pub mod settings;
pub mod stream;
pub mod tls;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};

pub use client::{Failed, Finished, Message, Progress};
pub use prompt::{Prompt, Task};
pub use settings::{Endpoint, Settings};

use crate::config::{self, Config};
use crate::source::Diagnostic;

/// The `[assistant]` settings of every `config.toml` shuzhi reads, the system-wide folders'
/// first and the writer's own last, key by key.
pub fn load_settings() -> Result<Settings, Diagnostic> {
    let mut settings = Settings::default();
    for dir in config::data_dirs() {
        let path = dir.join("config.toml");
        if path.is_file() {
            settings = settings.merged(Config::load(&path)?.assistant);
        }
    }
    Ok(settings)
}

/// The configured endpoint: `Ok(None)` when there is none (the assistant is off), an error
/// line when the configuration cannot be used.
pub fn endpoint() -> Result<Option<Endpoint>, String> {
    let settings = load_settings().map_err(|d| d.to_string())?;
    Endpoint::from_settings(&settings).map_err(|e| e.to_string())
}

/// What a running request reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Update {
    Progress(Progress),
    Done(Result<Finished, Failed>),
}

/// One request running on its own thread. Dropping it cancels the request.
pub struct Job {
    updates: Receiver<Update>,
    cancel: Arc<AtomicBool>,
    done: bool,
}

impl Job {
    /// Sends `messages` to `endpoint` on a new thread.
    pub fn start(endpoint: Endpoint, messages: Vec<Message>) -> std::io::Result<Job> {
        let (tx, updates) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        std::thread::Builder::new()
            .name("assistant".into())
            .spawn(move || {
                let progress_tx = tx.clone();
                let result = client::chat(&endpoint, &messages, &flag, |p| {
                    let _ = progress_tx.send(Update::Progress(p));
                });
                let _ = tx.send(Update::Done(result));
            })?;
        Ok(Job {
            updates,
            cancel,
            done: false,
        })
    }

    /// Asks the request to stop; its thread ends within a moment and sends nothing more that
    /// anyone reads.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// What arrived since the last look, the final [`Update::Done`] included.
    pub fn updates(&mut self) -> Vec<Update> {
        let mut out = Vec::new();
        loop {
            match self.updates.try_recv() {
                Ok(update) => {
                    self.done |= matches!(update, Update::Done(_));
                    out.push(update);
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    if !self.done {
                        self.done = true;
                        out.push(Update::Done(Err(Failed {
                            reason: "写作助手意外停止".into(),
                            partial: String::new(),
                            cancelled: false,
                        })));
                    }
                    break;
                }
            }
        }
        out
    }

    /// Whether the final update has been read.
    pub fn finished(&self) -> bool {
        self.done
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        self.cancel();
    }
}
