//! The keystroke probe (issue 7): the release binary in a pseudo-terminal, with vim in the same
//! run as the yardstick.
//!
//! Both programs open the same ~5,000-字 text (`tests/fixtures/bench-5000.toml`; for vim its
//! paragraphs, one per line) at the middle of its longest paragraph, and 200 Chinese characters
//! are typed there one write at a time, then again as an input method commits them (several
//! characters in one write). After each write the probe reads the master until no byte has come
//! for a quiet window and records:
//! - bytes: what the program wrote to the terminal for that key (median, p95, and the mean: all
//!   bytes written while typing over the writes typed, the frames that catch the preview up
//!   during a burst included);
//! - latency: from the key written to the last byte before the quiet window;
//! - reads: read() calls on the master that returned data (≈ the packets an SSH link sends);
//! - syscw: write syscalls the program made (from `/proc/PID/io`, every thread; a save's writes
//!   to the draft file count too).
//!
//! It also measures startup (spawn to the first full frame: a known string on screen and then
//! 50 ms of quiet), peak RSS (`VmHWM` before quitting), CPU time and context switches over an
//! idle period (`/proc/PID/task/*/schedstat` and `status`), and the time a 1 MB bracketed paste
//! takes to be on screen.
//!
//! Run: `cargo bench --bench keystroke` (cargo builds the release binary first).
//! Environment: `SHUZHI_BENCH_IDLE` seconds of idle (default 30), `SHUZHI_BENCH_QUIET` quiet
//! window in ms (default 30), `SHUZHI_BENCH_KEYS` characters typed (default 200),
//! `SHUZHI_BENCH_ONLY` = `shuzhi` or `vim` to run one program, `SHUZHI_BENCH_RUNS` = a part of
//! the run labels to keep (e.g. `120x40-preview-4chars`), `SHUZHI_BENCH_NO_PASTE=1` to skip the
//! paste. Linux only (it reads `/proc`).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const FIXTURE: &str = include_str!("../tests/fixtures/bench-5000.toml");

/// A chunk of output: when the read returned, and its bytes.
type Chunk = (Instant, Vec<u8>);

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn shuzhi_binary() -> PathBuf {
    if let Some(path) = option_env!("CARGO_BIN_EXE_shuzhi") {
        let path = PathBuf::from(path);
        if path.exists() {
            return path;
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("target/release/shuzhi");
    if !path.exists() {
        let status = std::process::Command::new(env!("CARGO"))
            .args(["build", "--release", "--bin", "shuzhi"])
            .current_dir(root)
            .status()
            .expect("cargo build --release");
        assert!(status.success(), "cargo build --release failed");
    }
    path
}

/// One program running in a pseudo-terminal, its output read by a thread and fed to a vt100
/// screen as it is collected.
struct Session {
    child: Box<dyn Child + Send + Sync>,
    pid: u32,
    writer: Box<dyn Write + Send>,
    output: Receiver<Chunk>,
    screen: vt100::Parser,
    /// Everything read since the last `take_raw`, for `SHUZHI_BENCH_TRACE`.
    raw: Vec<u8>,
    _master: Box<dyn MasterPty + Send>,
    spawned: Instant,
}

impl Session {
    fn spawn(cmd: CommandBuilder, cols: u16, rows: u16) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let spawned = Instant::now();
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let pid = child.process_id().expect("pid");
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut buf = vec![0u8; 1 << 16];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                            break;
                        }
                    }
                }
            }
        });
        Session {
            child,
            pid,
            writer,
            output: rx,
            screen: vt100::Parser::new(
                std::num::NonZeroU16::new(rows).unwrap(),
                std::num::NonZeroU16::new(cols).unwrap(),
                0,
            ),
            raw: Vec::new(),
            _master: pty.master,
            spawned,
        }
    }

    fn send(&mut self, bytes: &[u8]) -> Instant {
        let at = Instant::now();
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush pty");
        at
    }

    /// Reads until `quiet` passes with nothing new (after at least one chunk, or after `first`
    /// with none). Returns (bytes, reads, time of the last chunk).
    fn settle(&mut self, quiet: Duration, first: Duration) -> (usize, usize, Option<Instant>) {
        let (mut bytes, mut reads, mut last) = (0, 0, None);
        loop {
            let wait = if last.is_some() { quiet } else { first };
            match self.output.recv_timeout(wait) {
                Ok((at, chunk)) => {
                    bytes += chunk.len();
                    reads += 1;
                    last = Some(at);
                    self.screen.process(&chunk);
                    self.raw.extend_from_slice(&chunk);
                }
                Err(RecvTimeoutError::Timeout) => return (bytes, reads, last),
                Err(RecvTimeoutError::Disconnected) => return (bytes, reads, last),
            }
        }
    }

    fn screen_has(&self, needle: &str) -> bool {
        let s = self.screen.screen();
        let cols = s.size().1.get();
        s.contents().contains(needle) || s.rows(0, cols).any(|r| r.contains(needle))
    }

    /// Waits until `needle` is on screen and then `quiet` passes: the time of the last chunk.
    fn wait_for(&mut self, needle: &str, quiet: Duration, timeout: Duration) -> Option<Instant> {
        let deadline = Instant::now() + timeout;
        let mut last = None;
        while !self.screen_has(needle) {
            let left = deadline.checked_duration_since(Instant::now())?;
            match self.output.recv_timeout(left) {
                Ok((at, chunk)) => {
                    last = Some(at);
                    self.screen.process(&chunk);
                }
                Err(_) => return None,
            }
        }
        let (_, _, more) = self.settle(quiet, quiet);
        more.or(last)
    }

    fn syscw(&self) -> u64 {
        let io = std::fs::read_to_string(format!("/proc/{}/io", self.pid)).unwrap_or_default();
        io.lines()
            .find_map(|l| l.strip_prefix("syscw:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0)
    }

    fn vm_hwm_kb(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid)).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    /// CPU time (ns) and context switches, summed over every thread.
    fn cpu(&self) -> (u64, u64) {
        let (mut ns, mut switches) = (0, 0);
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{}/task", self.pid)) else {
            return (0, 0);
        };
        for task in tasks.flatten() {
            let dir = task.path();
            if let Ok(s) = std::fs::read_to_string(dir.join("schedstat")) {
                ns += s
                    .split_whitespace()
                    .next()
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0);
            }
            if let Ok(s) = std::fs::read_to_string(dir.join("status")) {
                for line in s.lines() {
                    if let Some(v) = line
                        .strip_prefix("voluntary_ctxt_switches:")
                        .or_else(|| line.strip_prefix("nonvoluntary_ctxt_switches:"))
                    {
                        switches += v.trim().parse::<u64>().unwrap_or(0);
                    }
                }
            }
        }
        (ns, switches)
    }

    /// Sends the quit keys and waits for the child; kills it if it does not go.
    fn quit(mut self, keys: &[u8]) {
        let _ = self.writer.write_all(keys);
        let _ = self.writer.flush();
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            // Keep draining so the child never blocks on a full pty.
            while self.output.try_recv().is_ok() {}
            match self.child.try_wait() {
                Ok(Some(_)) => return,
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(10)),
                _ => {
                    eprintln!("  (child {} did not quit: killed)", self.pid);
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    return;
                }
            }
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// What was measured for one key (one write of input).
#[derive(Clone, Copy)]
struct Key {
    bytes: usize,
    reads: usize,
    syscw: u64,
    latency: Option<Duration>,
}

struct Run {
    label: String,
    keys: Vec<Key>,

    rss_kb: u64,
    idle: Option<(Duration, u64, Duration)>,
    ok: String,
}

fn percentile<T: Copy + Ord>(values: &[T], p: f64) -> Option<T> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let i = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
    Some(v[i.min(v.len() - 1)])
}

/// The draft's paragraphs (plain, one per line of each part's `text`), in order.
fn paragraphs() -> Vec<String> {
    let value: toml::Table = FIXTURE.parse().expect("fixture");
    let mut out = Vec::new();
    let order = [
        "opening",
        "study",
        "duty",
        "integrity",
        "law",
        "ideology",
        "closing",
    ];
    for id in order {
        if let Some(text) = value["sections"]
            .get(id)
            .and_then(|s| s.get("text"))
            .and_then(|t| t.as_str())
        {
            out.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string),
            );
        }
    }
    out
}

/// 200 (or `n`) Chinese characters to type: the Han characters of the closing, repeated.
fn typed_chars(n: usize) -> Vec<char> {
    let source: Vec<char> = paragraphs()
        .concat()
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .collect();
    source.iter().copied().cycle().skip(300).take(n).collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Program {
    Shuzhi,
    Vim,
}

struct Setup {
    program: Program,
    cols: u16,
    rows: u16,
    /// At 80 columns: F2 to show the preview instead of the phrases.
    preview: bool,
    /// Characters per write (1, or an input method's commit).
    per_write: usize,
    idle: bool,
}

impl Setup {
    fn label(&self) -> String {
        let name = match self.program {
            Program::Shuzhi => "shuzhi",
            Program::Vim => "vim",
        };
        let pane = match (self.program, self.cols >= 120, self.preview) {
            (Program::Vim, _, _) => "",
            (_, true, _) => "-preview",
            (_, false, true) => "-preview(F2)",
            (_, false, false) => "-phrases",
        };
        let per = if self.per_write == 1 {
            "1char".to_string()
        } else {
            format!("{}chars", self.per_write)
        };
        format!("{name}-{}x{}{pane}-{per}", self.cols, self.rows)
    }
}

struct Dirs {
    _root: tempfile::TempDir,
    home: PathBuf,
    config: PathBuf,
    data: PathBuf,
    work: PathBuf,
}

fn dirs() -> Dirs {
    let root = tempfile::tempdir().expect("tempdir");
    let home = root.path().join("home");
    let config = root.path().join("config");
    let data = root.path().join("data");
    let work = root.path().join("work");
    for d in [&home, &config.join("shuzhi"), &data, &work] {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::write(
        config.join("shuzhi/config.toml"),
        "[display]\nambiguous_width = \"narrow\"\n",
    )
    .unwrap();
    Dirs {
        _root: root,
        home,
        config,
        data,
        work,
    }
}

/// The vim on `PATH`, the yardstick.
fn vim() -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join("vim"))
        .find(|path| path.is_file())
}

fn command(program: &str, dirs: &Dirs) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(program);
    cmd.env_clear();
    cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    cmd.env("HOME", &dirs.home);
    cmd.env("XDG_CONFIG_HOME", &dirs.config);
    cmd.env("XDG_DATA_HOME", &dirs.data);
    cmd.cwd(&dirs.work);
    cmd
}

/// Text of the long paragraph the keys are typed into: the duty part's last.
fn long_paragraph() -> (usize, String) {
    let paras = paragraphs();
    let (i, p) = paras
        .iter()
        .enumerate()
        .max_by_key(|(_, p)| p.chars().count())
        .unwrap();
    (i, p.clone())
}

/// Starts the program at the middle of the long paragraph; returns the session and startup.
fn start(setup: &Setup, dirs: &Dirs, quiet: Duration) -> (Session, Option<Duration>) {
    let (mut session, startup, program) = spawn(setup, dirs);
    if program == Program::Shuzhi {
        // Into the middle of the paragraph: the caret starts at its end.
        let mut keys: Vec<&[u8]> = Vec::new();
        if setup.preview {
            keys.push(b"\x1bOQ"); // F2: the preview under the editor
        }
        keys.extend(std::iter::repeat_n(&b"\x1b[A"[..], 10));
        keys.push(b"\x1b[H");
        keys.extend(std::iter::repeat_n(&b"\x1b[C"[..], 5));
        for k in keys {
            session.send(k);
            session.settle(quiet, Duration::from_secs(2));
        }
    }
    (session, startup)
}

/// Spawns the program on the text, vim already at the middle of the long paragraph in insert
/// mode; waits for the first full frame.
fn spawn(setup: &Setup, dirs: &Dirs) -> (Session, Option<Duration>, Program) {
    let (line, para) = long_paragraph();
    let mut session = match setup.program {
        Program::Shuzhi => {
            let draft = dirs.work.join("草稿.toml");
            std::fs::write(&draft, FIXTURE).unwrap();
            let mut cmd = command(shuzhi_binary().to_str().unwrap(), dirs);
            cmd.args(["open", draft.to_str().unwrap()]);
            Session::spawn(cmd, setup.cols, setup.rows)
        }
        Program::Vim => {
            let file = dirs.work.join("草稿.txt");
            std::fs::write(&file, paragraphs().join("\n") + "\n").unwrap();
            let half = para.chars().count() / 2;
            let byte = para.char_indices().nth(half).unwrap().0 + 1;
            let mut cmd = command(&vim().expect("vim on PATH").to_string_lossy(), dirs);
            cmd.args([
                "-u",
                "NONE",
                "-i",
                "NONE",
                "-N",
                "--noplugin",
                "-c",
                "set wrap",
                "-c",
                &format!("call cursor({}, {byte})", line + 1),
                "-c",
                "startinsert",
                file.to_str().unwrap(),
            ]);
            Session::spawn(cmd, setup.cols, setup.rows)
        }
    };
    let marker = match setup.program {
        Program::Shuzhi => "正文",
        Program::Vim => "-- INSERT --",
    };
    let spawned = session.spawned;
    let startup = session
        .wait_for(marker, Duration::from_millis(50), Duration::from_secs(10))
        .map(|at| at - spawned);
    (session, startup, setup.program)
}

fn run(setup: &Setup, chars: &[char], quiet: Duration, idle_secs: u64) -> Run {
    let dirs = dirs();
    let (mut session, _) = start(setup, &dirs, quiet);
    let mut keys = Vec::new();
    let trace = std::env::var_os("SHUZHI_BENCH_TRACE").map(PathBuf::from);
    for (n, group) in chars.chunks(setup.per_write).enumerate() {
        session.raw.clear();
        let text: String = group.iter().collect();
        let before = session.syscw();
        let at = session.send(text.as_bytes());
        let (bytes, reads, last) = session.settle(quiet, Duration::from_secs(2));
        keys.push(Key {
            bytes,
            reads,
            syscw: session.syscw().saturating_sub(before),
            latency: last.map(|l| l - at),
        });
        if let Some(dir) = &trace {
            let dir = dir.join(setup.label());
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(dir.join(format!("{n:03}.bin")), &session.raw);
        }
    }
    let mut idle = None;
    if setup.idle {
        // Let an autosave (2 s) or vim's swap file (4 s) happen first.
        session.settle(Duration::from_secs(5), Duration::from_secs(5));
        let (ns, sw) = session.cpu();
        let from = Instant::now();
        thread::sleep(Duration::from_secs(idle_secs));
        let (ns2, sw2) = session.cpu();
        idle = Some((
            Duration::from_nanos(ns2.saturating_sub(ns)),
            sw2.saturating_sub(sw),
            from.elapsed(),
        ));
    }
    if std::env::var_os("SHUZHI_BENCH_DUMP").is_some() {
        eprintln!("{}", session.screen.screen().contents());
    }
    let rss_kb = session.vm_hwm_kb();
    let typed: String = chars.iter().collect();
    let ok = match setup.program {
        Program::Shuzhi => {
            session.quit(b"\x11");
            let saved = std::fs::read_to_string(dirs.work.join("草稿.toml")).unwrap_or_default();
            if saved.contains(&typed) {
                "ok".into()
            } else {
                "TYPED TEXT NOT IN THE SAVED DRAFT".into()
            }
        }
        Program::Vim => {
            session.quit(b"\x1b:wq\r");
            let saved = std::fs::read_to_string(dirs.work.join("草稿.txt")).unwrap_or_default();
            if saved.contains(&typed) {
                "ok".into()
            } else {
                "TYPED TEXT NOT IN THE SAVED FILE".into()
            }
        }
    };
    Run {
        label: setup.label(),
        keys,

        rss_kb,
        idle,
        ok,
    }
}

/// Startup to the first full frame, `n` times: the median and the slowest.
fn startups(
    program: Program,
    cols: u16,
    rows: u16,
    n: usize,
) -> (Option<Duration>, Option<Duration>) {
    let setup = Setup {
        program,
        cols,
        rows,
        preview: false,
        per_write: 1,
        idle: false,
    };
    let mut times = Vec::new();
    for _ in 0..n {
        let dirs = dirs();
        let (session, startup, _) = spawn(&setup, &dirs);
        times.extend(startup);
        match program {
            Program::Shuzhi => session.quit(b"\x11"),
            Program::Vim => session.quit(b"\x1b:qa!\r"),
        }
    }
    (percentile(&times, 50.0), percentile(&times, 100.0))
}

/// A 1 MB bracketed paste into shuzhi's editor: time until its end is on screen and quiet.
fn paste(cols: u16, rows: u16, quiet: Duration) -> (Option<Duration>, usize, u64, String) {
    let dirs = dirs();
    let setup = Setup {
        program: Program::Shuzhi,
        cols,
        rows,
        preview: false,
        per_write: 1,
        idle: false,
    };
    let (mut session, _) = start(&setup, &dirs, quiet);
    let paras = paragraphs();
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 1 << 20 {
        text.push_str(&paras[i % paras.len()]);
        text.push('\n');
        i += 1;
    }
    text.push_str("粘贴完毕");
    let mut bytes = b"\x1b[200~".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes.extend_from_slice(b"\x1b[201~");
    // The pty holds a few KB: write from a thread while the output is read here.
    let mut writer = std::mem::replace(&mut session.writer, Box::new(std::io::sink()));
    let at = Instant::now();
    let handle = thread::spawn(move || {
        let _ = writer.write_all(&bytes);
        let _ = writer.flush();
        writer
    });
    let done = session.wait_for(
        "粘贴完毕",
        Duration::from_millis(100),
        Duration::from_secs(60),
    );
    if let Ok(writer) = handle.join() {
        session.writer = writer;
    }
    let rss = session.vm_hwm_kb();
    let shown = done.map(|d| d - at);
    session.quit(b"\x11");
    let saved = std::fs::read_to_string(dirs.work.join("草稿.toml")).unwrap_or_default();
    let ok = if saved.contains("粘贴完毕") {
        "ok"
    } else {
        "PASTE NOT IN THE SAVED DRAFT"
    };
    (shown, text.len(), rss, ok.to_string())
}

/// The three slowest writes of a run, to tell a save or a stray wake-up from steady typing.
fn slowest(keys: &[Key]) -> String {
    let mut order: Vec<(usize, Duration)> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| Some((i, k.latency?)))
        .collect();
    order.sort_by_key(|(_, d)| std::cmp::Reverse(*d));
    order
        .iter()
        .take(3)
        .map(|(i, d)| format!("{i}: {}", ms(Some(*d))))
        .collect::<Vec<_>>()
        .join(", ")
}

fn ms(d: Option<Duration>) -> String {
    d.map_or("—".into(), |d| format!("{:.2}", d.as_secs_f64() * 1000.0))
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is accepted and ignored.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let quiet = Duration::from_millis(env_u64("SHUZHI_BENCH_QUIET", 30));
    let idle_secs = env_u64("SHUZHI_BENCH_IDLE", 30);
    let chars = typed_chars(env_u64("SHUZHI_BENCH_KEYS", 200) as usize);
    let only = std::env::var("SHUZHI_BENCH_ONLY").unwrap_or_default();
    let has_vim = vim().is_some();
    if !has_vim && only != "shuzhi" {
        eprintln!("no vim on PATH (apt-get install -y vim-nox); running shuzhi only");
    }
    let shuzhi = shuzhi_binary();
    println!(
        "keystroke probe: {} vs {}, {} chars, quiet window {} ms, idle {} s",
        shuzhi.display(),
        vim().map_or("no vim".into(), |v| v.display().to_string()),
        chars.len(),
        quiet.as_millis(),
        idle_secs
    );
    let mut setups = Vec::new();
    for per_write in [1, 4] {
        for (cols, rows, preview) in [(120, 40, true), (80, 24, false), (80, 24, true)] {
            if only != "vim" {
                setups.push(Setup {
                    program: Program::Shuzhi,
                    cols,
                    rows,
                    preview,
                    per_write,
                    idle: per_write == 1 && cols == 120,
                });
            }
            if has_vim && only != "shuzhi" && !(cols == 80 && preview) {
                setups.push(Setup {
                    program: Program::Vim,
                    cols,
                    rows,
                    preview: false,
                    per_write,
                    idle: per_write == 1 && cols == 120,
                });
            }
        }
    }
    let keep = std::env::var("SHUZHI_BENCH_RUNS").unwrap_or_default();
    setups.retain(|s| s.label().contains(&keep));
    let mut runs = Vec::new();
    for setup in &setups {
        let r = run(setup, &chars, quiet, idle_secs);
        eprintln!("  done: {} ({})", r.label, r.ok);
        runs.push(r);
    }

    println!();
    println!(
        "{:<34} {:>6} {:>6} {:>6} {:>8} {:>8} {:>6} {:>6} {:>7}  slowest writes (index: ms)",
        "run (figures per write of input)",
        "B med",
        "B p95",
        "B mean",
        "ms med",
        "ms p99",
        "reads",
        "syscw",
        "RSS MB"
    );
    for r in &runs {
        let bytes: Vec<usize> = r.keys.iter().map(|k| k.bytes).collect();
        let lat: Vec<Duration> = r.keys.iter().filter_map(|k| k.latency).collect();
        let reads: f64 =
            r.keys.iter().map(|k| k.reads).sum::<usize>() as f64 / r.keys.len().max(1) as f64;
        let syscw: f64 =
            r.keys.iter().map(|k| k.syscw).sum::<u64>() as f64 / r.keys.len().max(1) as f64;
        println!(
            "{:<34} {:>6} {:>6} {:>6} {:>8} {:>8} {:>6.2} {:>6.2} {:>7.1}  {} {}",
            r.label,
            percentile(&bytes, 50.0).unwrap_or(0),
            percentile(&bytes, 95.0).unwrap_or(0),
            bytes.iter().sum::<usize>() / bytes.len().max(1),
            ms(percentile(&lat, 50.0)),
            ms(percentile(&lat, 99.0)),
            reads,
            syscw,
            r.rss_kb as f64 / 1024.0,
            slowest(&r.keys),
            if r.ok == "ok" { "" } else { &r.ok }
        );
    }
    println!();
    for r in &runs {
        if let Some((cpu, switches, over)) = r.idle {
            println!(
                "idle {:<34} CPU {:.3} ms, {} context switches in {:.1} s",
                r.label,
                cpu.as_secs_f64() * 1000.0,
                switches,
                over.as_secs_f64()
            );
        }
    }
    let spawns = env_u64("SHUZHI_BENCH_SPAWNS", 7) as usize;
    for (cols, rows) in [(120, 40), (80, 24)] {
        for program in [Program::Shuzhi, Program::Vim] {
            let name = match program {
                Program::Shuzhi if only != "vim" => "shuzhi",
                Program::Vim if has_vim && only != "shuzhi" => "vim",
                _ => continue,
            };
            let (median, worst) = startups(program, cols, rows, spawns);
            println!(
                "startup {name:<7}{cols}x{rows}: first full frame in {} ms median, {} ms slowest of {spawns}",
                ms(median),
                ms(worst)
            );
        }
    }
    if only != "vim" && std::env::var_os("SHUZHI_BENCH_NO_PASTE").is_none() {
        for (cols, rows) in [(120, 40), (80, 24)] {
            let (shown, len, rss, ok) = paste(cols, rows, quiet);
            println!(
                "paste shuzhi {cols}x{rows}: {:.2} MB bracketed paste on screen in {} ms, peak RSS {:.1} MB ({ok})",
                len as f64 / 1048576.0,
                ms(shown),
                rss as f64 / 1024.0
            );
        }
    }
}
