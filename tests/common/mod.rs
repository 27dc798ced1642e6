//! Runs the real `shuzhi` binary in a pseudo-terminal, as a writer's terminal would: keys go in
//! as bytes, what it draws is fed to a terminal emulator (vt100), and tests wait until the
//! screen shows what they expect. Nothing sleeps and hopes: every wait polls for a condition
//! with a deadline, scaled up under CI.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::os::fd::FromRawFd;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long a wait may take before the test fails.
pub fn patience() -> Duration {
    if std::env::var_os("CI").is_some() {
        Duration::from_secs(30)
    } else {
        Duration::from_secs(10)
    }
}

/// Whether every one of `programs` runs here (`tools` says what they are and where they come
/// from). When one does not, `test` is skipped saying so; under CI (the `CI` variable set) the
/// tools are installed on purpose, so a missing one fails the test instead of hiding it.
pub fn tools_installed(test: &str, programs: &[&str], tools: &str) -> bool {
    let missing: Vec<&str> = programs
        .iter()
        .copied()
        .filter(|program| {
            std::process::Command::new(program)
                .arg("--version")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .is_err()
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    let why = format!("{test} needs {} ({tools})", missing.join(" and "));
    assert!(
        std::env::var_os("CI").is_none(),
        "{why}: under CI a missing program is a failure, not a skip"
    );
    eprintln!("skipped: {why}");
    false
}

/// A folder to work in that is also the writer's home: a private configuration (ambiguous
/// width fixed, so the wizard does not measure the terminal at start-up) and data folder.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

/// What a command-line run printed, and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let sandbox = Sandbox {
            dir: tempfile::tempdir().unwrap(),
        };
        sandbox.config("");
        sandbox
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `$XDG_CONFIG_HOME/shuzhi`: the configuration file and the user's templates.
    pub fn config_dir(&self) -> PathBuf {
        self.path("config/shuzhi")
    }

    /// Writes the configuration file: `toml`, after the fixed ambiguous width.
    pub fn config(&self, toml: &str) {
        std::fs::create_dir_all(self.config_dir()).unwrap();
        let text = format!("[display]\nambiguous_width = \"narrow\"\n{toml}");
        std::fs::write(self.config_dir().join("config.toml"), text).unwrap();
    }

    /// Writes a file into the folder; returns its name, for the command line.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        std::fs::write(self.path(name), bytes).unwrap();
        name.to_string()
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }

    pub fn env(&self) -> Vec<(String, String)> {
        let p = |s: &str| self.dir.path().join(s).display().to_string();
        vec![
            ("HOME".into(), p("")),
            ("XDG_CONFIG_HOME".into(), p("config")),
            ("XDG_DATA_HOME".into(), p("data")),
            ("TERM".into(), "xterm-256color".into()),
            ("LANG".into(), "C.UTF-8".into()),
            ("LC_ALL".into(), "C.UTF-8".into()),
            // No system-wide templates: a shuzhi installed on this machine must not change what
            // the tests see.
            ("SHUZHI_SYSTEM_DIRS".into(), String::new()),
        ]
    }

    /// `shuzhi args…` in this folder, not in a terminal.
    pub fn command(&self, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_shuzhi"));
        command
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("NO_COLOR")
            .envs(self.env());
        command
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = self.command(args).output().expect("the binary runs");
        Run {
            code: out.status.code().expect("exited, not killed"),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }
}

/// A file of the repository.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub struct Tui {
    pub child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for tests that look for escape sequences.
    pub output: Arc<Mutex<Vec<u8>>>,
    /// Tells the reader to close its descriptor of the master.
    stop: Arc<std::sync::atomic::AtomicBool>,
    /// Set by the reader when the terminal has nothing more to give: every descriptor of its
    /// other end is closed, so the program and everything it started have ended.
    ended: Arc<std::sync::atomic::AtomicBool>,
    /// Where the reader sends what the program writes instead of to the screen, while a test
    /// plays the far end of a ZMODEM transfer (see [`Tui::zmodem_peer`]).
    tap: Arc<Mutex<Option<Tap>>>,
}

/// The far end of a transfer, as the reader feeds it.
struct Tap {
    peer: Box<dyn Write + Send>,
    /// Everything the program wrote since the transfer began.
    seen: Vec<u8>,
}

impl Tap {
    /// Takes `bytes`: how many of them are the transfer's (the rest is the screen's), once the
    /// transfer's end is among them: the program's ZFIN header, and the "OO" a sender may add.
    fn take(&mut self, bytes: &[u8]) -> Option<usize> {
        let before = self.seen.len();
        self.seen.extend_from_slice(bytes);
        let fin = find_bytes(&self.seen, b"\x18B08")?;
        let mut end = fin + find_bytes(&self.seen[fin..], b"\r\x8a")? + 2;
        if self.seen[end..].starts_with(b"OO") {
            end += 2;
        }
        Some(end.saturating_sub(before).min(bytes.len()))
    }
}

fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

impl Tui {
    /// Starts `shuzhi args…` in `home` in a `cols`×`rows` terminal.
    pub fn spawn(home: &Sandbox, args: &[&str], cols: u16, rows: u16) -> Tui {
        Tui::spawn_with(home, args, cols, rows, &[])
    }

    pub fn spawn_with(
        home: &Sandbox,
        args: &[&str],
        cols: u16,
        rows: u16,
        extra_env: &[(&str, &str)],
    ) -> Tui {
        Tui::spawn_wrapped(home, &[], args, cols, rows, extra_env)
    }

    /// Like [`Tui::spawn_with`], the binary run by the command `wrapper` (e.g. `setpriv …` to run
    /// it as another user, `setsid -w` to run it without a controlling terminal).
    pub fn spawn_wrapped(
        home: &Sandbox,
        wrapper: &[&str],
        args: &[&str],
        cols: u16,
        rows: u16,
        extra_env: &[(&str, &str)],
    ) -> Tui {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = match wrapper.split_first() {
            Some((program, wrapper_args)) => {
                let mut cmd = CommandBuilder::new(program);
                cmd.args(wrapper_args);
                cmd.arg(env!("CARGO_BIN_EXE_shuzhi"));
                cmd
            }
            None => CommandBuilder::new(env!("CARGO_BIN_EXE_shuzhi")),
        };
        cmd.args(args);
        cmd.cwd(home.dir.path());
        cmd.env_clear();
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in home.env() {
            cmd.env(k, v);
        }
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        // The reader owns its own descriptor of the master and closes it on a hang-up, so that
        // closing the master really hangs the terminal up.
        let master_fd = pty.master.as_raw_fd().unwrap();
        // SAFETY: dup(2) of a descriptor we own; the copy is owned by the File below.
        let reader_fd = unsafe { libc::dup(master_fd) };
        assert!(reader_fd >= 0);
        // SAFETY: reader_fd is a fresh descriptor owned by nothing else.
        let mut reader = unsafe { std::fs::File::from_raw_fd(reader_fd) };
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let writer = pty.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
            0,
        )));
        let output = Arc::new(Mutex::new(Vec::new()));
        let ended = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let tap: Arc<Mutex<Option<Tap>>> = Arc::default();
        let (p, o, s, e) = (parser.clone(), output.clone(), stop.clone(), ended.clone());
        let t = tap.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while !s.load(std::sync::atomic::Ordering::SeqCst) {
                let mut fds = libc::pollfd {
                    fd: reader_fd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one valid pollfd.
                if unsafe { libc::poll(&mut fds, 1, 20) } <= 0 {
                    continue;
                }
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => {
                        e.store(true, std::sync::atomic::Ordering::SeqCst);
                        break;
                    }
                    Ok(n) => {
                        o.lock().unwrap().extend_from_slice(&buf[..n]);
                        // During a transfer the bytes are the peer's, not the screen's: a
                        // terminal that speaks ZMODEM does not draw them.
                        let mut screen = &buf[..n];
                        let mut tap = t.lock().unwrap();
                        if let Some(peer) = tap.as_mut() {
                            let end = peer.take(screen);
                            let theirs = &screen[..end.unwrap_or(screen.len())];
                            // A peer that has finished may be gone already.
                            let _ = peer.peer.write_all(theirs).and_then(|()| peer.peer.flush());
                            screen = &screen[theirs.len()..];
                            if end.is_some() {
                                *tap = None;
                            }
                        }
                        drop(tap);
                        p.lock().unwrap().process(screen);
                    }
                }
            }
        });
        Tui {
            child,
            master: Some(pty.master),
            writer: Some(writer),
            parser,
            output,
            stop,
            ended,
            tap,
        }
    }

    /// Plays the writer's terminal answering ZMODEM, as Xshell or SecureCRT does: once the
    /// program has written `start`, runs `peer` (a real `rz` or
    /// `sz`) with the program's output as its input and its output typed back, until it ends.
    /// Like such a terminal, the screen is not drawn from the transfer's bytes.
    pub fn zmodem_peer(
        &self,
        start: &[u8],
        mut peer: std::process::Command,
    ) -> std::process::ExitStatus {
        use std::process::Stdio;
        self.wait_output("the start of a ZMODEM transfer", start);
        let mut child = peer
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("lrzsz is installed");
        *self.tap.lock().unwrap() = Some(Tap {
            peer: Box::new(child.stdin.take().unwrap()),
            seen: Vec::new(),
        });
        let mut from_peer = child.stdout.take().unwrap();
        let master_fd = self.master.as_ref().unwrap().as_raw_fd().unwrap();
        // SAFETY: dup(2) of a descriptor we own; the copy is owned by the File below.
        let typing_fd = unsafe { libc::dup(master_fd) };
        assert!(typing_fd >= 0);
        // SAFETY: typing_fd is a fresh descriptor owned by nothing else.
        let mut typing = unsafe { std::fs::File::from_raw_fd(typing_fd) };
        let relay = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = from_peer.read(&mut buf) {
                if n == 0 || typing.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + patience() * 3;
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!(
                    "the ZMODEM peer did not finish; the screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        *self.tap.lock().unwrap() = None;
        relay.join().unwrap();
        status
    }

    pub fn pid(&self) -> i32 {
        self.child.process_id().unwrap() as i32
    }

    /// Types bytes as the terminal would send them.
    pub fn send(&mut self, bytes: impl AsRef<[u8]>) {
        let w = self.writer.as_mut().expect("the terminal is open");
        w.write_all(bytes.as_ref()).unwrap();
        w.flush().unwrap();
    }

    /// Types text one key at a time, waiting for each character to be on screen is not needed:
    /// the program reads them in order.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let mut buf = [0u8; 4];
            self.send(c.encode_utf8(&mut buf).as_bytes());
        }
    }

    pub fn ctrl(&mut self, c: char) {
        self.send([(c.to_ascii_lowercase() as u8) & 0x1f]);
    }

    /// A bracketed paste.
    pub fn paste(&mut self, text: &str) {
        self.send(format!("\x1b[200~{text}\x1b[201~"));
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.parser.lock().unwrap().set_size(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
        );
        self.master
            .as_ref()
            .unwrap()
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn cursor(&self) -> (u16, u16) {
        self.parser.lock().unwrap().screen().cursor_position()
    }

    /// Waits until the screen satisfies `done`; panics with the screen after the deadline.
    pub fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + patience();
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the screen shows `text` and then neither it nor the cursor changes for a
    /// moment: the frame is finished. Returns the cursor position.
    pub fn settled_cursor(&self, text: &str) -> (u16, u16) {
        let deadline = Instant::now() + patience();
        let mut last = (String::new(), (u16::MAX, u16::MAX));
        loop {
            let now = (self.screen(), self.cursor());
            if now == last && now.0.contains(text) {
                return now.1;
            }
            if Instant::now() > deadline {
                panic!(
                    "timed out waiting for {text} to settle; the screen:\n{}",
                    now.0
                );
            }
            last = now;
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }

    /// Ctrl-Q, and the program must have ended and its output been read to the end.
    pub fn quit(&mut self) {
        self.ctrl('q');
        assert!(
            self.wait_exit(patience()).is_some(),
            "still running after Ctrl-Q"
        );
        self.read_to_end();
    }

    /// Waits until the terminal has given its last byte (the program has ended and nothing
    /// holds the terminal open), and returns everything it wrote.
    pub fn read_to_end(&self) -> Vec<u8> {
        let deadline = Instant::now() + patience();
        while !self.ended.load(std::sync::atomic::Ordering::SeqCst) {
            if Instant::now() > deadline {
                panic!("the terminal was still open after the program ended");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.output.lock().unwrap().clone()
    }

    /// Waits until the program has written `bytes` (a query to the terminal, say).
    pub fn wait_output(&self, what: &str, bytes: &[u8]) {
        let deadline = Instant::now() + patience();
        while !self
            .output
            .lock()
            .unwrap()
            .windows(bytes.len())
            .any(|w| w == bytes)
        {
            if Instant::now() > deadline {
                panic!(
                    "timed out waiting for {what}; the screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Closes the terminal, as a dropped SSH link does.
    pub fn hang_up(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        self.writer = None;
        self.master = None;
    }

    pub fn signal(&self, signal: i32) {
        // SAFETY: kill(2) with a pid we spawned and a valid signal number.
        unsafe {
            libc::kill(self.pid(), signal);
        }
    }

    /// Waits for the program to end; `None` if it is still running after `within`.
    pub fn wait_exit(&mut self, within: Duration) -> Option<portable_pty::ExitStatus> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Reads a file, or an empty string.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}
