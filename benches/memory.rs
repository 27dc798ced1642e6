//! Peak memory of big inputs (issue 21 item 9), each case in a child process of its own so that
//! one peak does not hide another:
//!
//! - `undo`: the wizard open at a part, 5 MB of text pasted and Enter pressed 300 times, a frame
//!   drawn now and then, against the 5 MB pasted;
//! - `docx`: `shuzhi import`'s work (the file read, its paragraphs parsed, the draft made) on a
//!   .docx of about 193 KB whose `word/document.xml` is marked up as Word writes it, against the
//!   file and against its unzipped XML;
//! - `template`: a templates folder holding one template of about 15.7 MB (in one case its
//!   guidance grown, in the other its phrases) loaded as a command does, a draft of it opened in
//!   the wizard at the part grown, drawn, and its phrases searched.
//!
//! Every input is made by this process and written to a temporary folder before the child
//! starts; the child reads it from there, as the program would. The child reports its peak
//! resident memory (`VmRSS`, `VmHWM` in `/proc/self/status`) once it is set up and the peak
//! after the work: the figure is the growth. A .docx is judged against its unzipped XML: its text
//! can be many times the zip it comes in, and that text is what an import keeps. Run with
//! `cargo bench --bench memory`; it prints each ratio and says whether every peak keeps within
//! 20 times its input.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use shuzhi::config::Config;
use shuzhi::draft::Draft;
use shuzhi::import::{Options, import_file};
use shuzhi::source::Source;
use shuzhi::template::Registry;
use shuzhi::text::width::Ambiguous;
use shuzhi::tui::app::{App, Msg, Opened, update};
use shuzhi::tui::view::view;

/// Peak memory may grow this many times the input's size.
const ALLOWED_FACTOR: f64 = 20.0;

const PASTE_BYTES: usize = 5 * 1024 * 1024;
const ENTERS: usize = 300;
const DOCX_BYTES: usize = 193 * 1024;
const TEMPLATE_BYTES: usize = 15_700_000;

const BENCH_DRAFT: &str = include_str!("../tests/fixtures/bench-5000.toml");

/// A field of `/proc/self/status` (`VmHWM`, `VmRSS`), in bytes.
fn status(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .expect("the field")
        * 1024
}

/// Starts measuring: the peak is set back to what is resident now (`clear_refs` 5), which is
/// returned. (`ru_maxrss` would not do: a child starts with its parent's.)
fn start_peak() -> u64 {
    std::fs::write("/proc/self/clear_refs", "5").expect("the peak can be reset");
    status("VmRSS")
}

/// The peak resident memory since [`start_peak`].
fn peak() -> u64 {
    status("VmHWM")
}

/// Varied report-like Chinese sentences of about `bytes` in all (the same every run).
fn sentences(bytes: usize) -> Vec<String> {
    const WORDS: [&str; 16] = [
        "全面从严治党",
        "基层治理",
        "乡村振兴",
        "安全生产",
        "营商环境",
        "项目建设",
        "民生保障",
        "生态环境",
        "作风建设",
        "意识形态",
        "招商引资",
        "防汛抗旱",
        "信访维稳",
        "耕地保护",
        "数字政府",
        "十五五",
    ];
    let mut state: u32 = 2026;
    let mut out = Vec::new();
    let mut total = 0;
    while total < bytes {
        let mut s = String::new();
        for _ in 0..6 {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            s.push_str(WORDS[(state >> 16) as usize % WORDS.len()]);
            s.push_str(&format!("{}", (state >> 8) % 1000));
        }
        s.push('。');
        total += s.len();
        out.push(s);
    }
    out
}

/// `word/document.xml` of a report: a title, numbered headings and paragraphs of `text_bytes`
/// of text, each paragraph two runs in the fonts, sizes and revision ids Word writes.
fn document_xml(text_bytes: usize) -> String {
    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    const RUN: &str = r#"<w:r w:rsidRPr="00C81F3A"><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:hint="eastAsia"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr><w:t>"#;
    let heads = ["一、", "二、", "三、", "四、", "五、"];
    let mut body = String::new();
    for (i, s) in sentences(text_bytes).into_iter().enumerate() {
        if i % 40 == 0 {
            body.push_str(&format!(
                r#"<w:p w:rsidR="00A12B34" w:rsidRDefault="00A12B34"><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="黑体" w:eastAsia="黑体" w:hAnsi="黑体"/><w:sz w:val="32"/></w:rPr><w:t>{}工作情况</w:t></w:r></w:p>"#,
                heads[(i / 40) % heads.len()]
            ));
        }
        let cut = s.char_indices().nth(12).map_or(0, |(at, _)| at);
        body.push_str(&format!(
            r#"<w:p w:rsidR="00A12B34" w:rsidRDefault="00A12B34" w:rsidP="00D56E78"><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/></w:rPr></w:pPr>{RUN}{}</w:t></w:r>{RUN}{}</w:t></w:r></w:p>"#,
            &s[..cut],
            &s[cut..]
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>2026年度述职述德述廉述法报告</w:t></w:r></w:p>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
    )
}

/// A .docx of at least `zipped` bytes, and the size of its `word/document.xml`.
fn docx(zipped: usize) -> (Vec<u8>, usize) {
    let mut text_bytes = zipped;
    loop {
        let xml = document_xml(text_bytes);
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .expect("zip");
        zip.write_all(xml.as_bytes()).expect("zip");
        let bytes = zip.finish().expect("zip").into_inner();
        if bytes.len() >= zipped {
            return (bytes, xml.len());
        }
        text_bytes = text_bytes * zipped / bytes.len().max(1) + 1024;
    }
}

/// The built-in template dnqjl with its opening guidance grown to `bytes` in all.
fn template_with_guidance(bytes: usize) -> String {
    let base = include_str!("../templates/dnqjl.toml");
    let marker = "guidance = \"\"\"\n";
    let at = base.find(marker).expect("a guidance") + marker.len();
    let filler = sentences(bytes.saturating_sub(base.len())).join("\n");
    format!("{}{filler}\n{}", &base[..at], &base[at..])
}

/// The built-in template dnqjl with phrases of its own, one a line, to `bytes` in all.
fn template_with_phrases(bytes: usize) -> String {
    let base = include_str!("../templates/dnqjl.toml");
    let marker = "guidance = \"\"\"\n";
    let at = base.find(marker).expect("a guidance");
    let phrases: Vec<String> = sentences(bytes.saturating_sub(base.len()))
        .into_iter()
        .map(|s| format!("  \"{s}\",\n"))
        .collect();
    format!(
        "{}phrases = [\n{}]\n{}",
        &base[..at],
        phrases.concat(),
        &base[at..]
    )
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// What the child measured: the input's size and the growth of its peak memory.
fn child(what: &str, input: &Path) -> (u64, u64) {
    match what {
        "undo" => {
            let registry = Registry::builtin();
            let draft =
                Draft::parse(&Source::new("bench", BENCH_DRAFT), &registry).expect("parses");
            let mut app = App::new(registry, Config::default(), Ambiguous::Narrow, true);
            app.open(Opened::new(PathBuf::from("bench.toml"), draft, false))
                .expect("opens");
            update(&mut app, Msg::Resize(120, 40));
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
            let mut draw = |app: &App| {
                terminal
                    .draw(|f| {
                        view(app, f);
                    })
                    .expect("draws");
            };
            draw(&app);
            let paste = sentences(PASTE_BYTES).concat();
            let before = start_peak();
            update(&mut app, Msg::Paste(paste.clone()));
            draw(&app);
            for i in 0..ENTERS {
                update(&mut app, key(KeyCode::Enter));
                if i % 50 == 49 {
                    draw(&app);
                }
            }
            let after = peak();
            std::hint::black_box(&app);
            (paste.len() as u64, after - before)
        }
        "docx" => {
            let registry = Registry::builtin();
            let before = start_peak();
            let imported =
                import_file(input, &registry, None, Options::default()).expect("imports");
            let after = peak();
            std::hint::black_box(imported);
            (file_size(input), after - before)
        }
        _ => {
            // What a writer does with it: the templates folder loaded, a draft of the big
            // template opened at its first part (the one grown), the part drawn, the phrase
            // panel searched.
            let before = start_peak();
            let registry = Registry::load(Some(input)).expect("loads");
            let template = registry.template("dnqjl").expect("the template").clone();
            let mut app = App::new(registry, Config::default(), Ambiguous::Narrow, true);
            app.open(Opened::new(
                PathBuf::from("bench.toml"),
                Draft::new(&template),
                true,
            ))
            .expect("opens");
            drop(template);
            update(&mut app, Msg::Resize(120, 40));
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
            let ctrl_n = Msg::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL));
            for msg in [
                ctrl_n,
                key(KeyCode::F(2)),
                key(KeyCode::Tab),
                key(KeyCode::Char('l')),
            ] {
                update(&mut app, msg);
                terminal
                    .draw(|f| {
                        view(&app, f);
                    })
                    .expect("draws");
            }
            let part = app.wizard().and_then(|w| w.part()).expect("at a part");
            assert_eq!(part.phrases.query.text(), "l", "the phrases were searched");
            let after = peak();
            std::hint::black_box(&app);
            (file_size(&input.join("大模板.toml")), after - before)
        }
    }
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).expect("input").len()
}

fn run_child(what: &str, input: &Path) -> (u64, u64) {
    let out = std::process::Command::new(std::env::current_exe().expect("self"))
        .arg("--child")
        .arg(what)
        .arg(input)
        .output()
        .expect("child runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8_lossy(&out.stdout);
    let mut words = line
        .split_whitespace()
        .map(|w| w.parse::<u64>().unwrap_or(0));
    (words.next().unwrap_or(0), words.next().unwrap_or(0))
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--child") {
        let (input, growth) = child(&args[pos + 1], Path::new(&args[pos + 2]));
        println!("{input} {growth}");
        return;
    }
    let dir = tempfile::tempdir().expect("a temp folder");
    let (docx_bytes, xml_len) = docx(DOCX_BYTES);
    let docx_path = dir.path().join("大.docx");
    std::fs::write(&docx_path, docx_bytes).expect("writes");
    let guidance = dir.path().join("guidance");
    let phrases = dir.path().join("phrases");
    for (folder, text) in [
        (&guidance, template_with_guidance(TEMPLATE_BYTES)),
        (&phrases, template_with_phrases(TEMPLATE_BYTES)),
    ] {
        std::fs::create_dir(folder).expect("a folder");
        std::fs::write(folder.join("大模板.toml"), text).expect("writes");
    }

    let mut over = false;
    let mut say = |label: String, input: u64, growth: u64, against: &[(&str, u64)]| {
        let ratios: Vec<String> = against
            .iter()
            .map(|(what, size)| format!("{:.1}× {what}", growth as f64 / (*size).max(1) as f64))
            .collect();
        println!(
            "{label}: input {:.2} MB, peak memory grew {:.1} MB = {}",
            mb(input),
            mb(growth),
            ratios.join(", ")
        );
        // Judged against the last size named: for a .docx, the XML it unzips to.
        let judged = against.last().map_or(input, |(_, size)| *size);
        over |= growth as f64 > ALLOWED_FACTOR * judged as f64;
    };

    let (input, growth) = run_child("undo", dir.path());
    say(
        format!("undo: 5 MB paste + {ENTERS} Enters"),
        input,
        growth,
        &[("the paste", input)],
    );
    let (input, growth) = run_child("docx", &docx_path);
    say(
        format!("docx import ({:.1} MB of XML unzipped)", mb(xml_len as u64)),
        input,
        growth,
        &[("the file", input), ("its XML", xml_len as u64)],
    );
    for (label, folder) in [
        ("template, 15.7 MB of guidance", &guidance),
        ("template, 15.7 MB of phrases", &phrases),
    ] {
        let (input, growth) = run_child("template", folder);
        say(label.to_string(), input, growth, &[("the file", input)]);
    }
    if over {
        println!("over budget: a peak passed {ALLOWED_FACTOR}× its input");
    } else {
        println!("within budget: every peak under {ALLOWED_FACTOR}× its input");
    }
}
