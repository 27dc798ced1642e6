//! Peak memory of reading big inputs (issue 21): importing a .docx of about 193 KB and parsing a
//! template of about 15.7 MB, each in a child process of its own so that one peak does not hide
//! another. The child reports its peak resident memory (`getrusage`, `ru_maxrss`) before and
//! after the work; the figure is the growth, against the input's size. Run with
//! `cargo bench --bench memory`; it says whether each peak keeps within 20 times its input.

use std::collections::BTreeSet;
use std::io::{Cursor, Write};

use shuzhi::import::parse_report;
use shuzhi::source::Source;
use shuzhi::template::{Registry, parse_template};

/// Peak memory may grow this many times the input's size.
const ALLOWED_FACTOR: f64 = 20.0;

/// This process's peak resident memory so far, in bytes.
fn peak_rss() -> u64 {
    // SAFETY: getrusage(2) fills the struct we hand it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: as above; RUSAGE_SELF is always valid.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024
}

/// Varied report-like Chinese text (a cheap generator: the same bytes every run).
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

/// A .docx whose zip is at least `zipped` bytes: numbered headings and paragraphs of runs.
fn docx(zipped: usize) -> Vec<u8> {
    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let mut size = zipped;
    loop {
        let mut body = String::new();
        let heads = ["一、", "二、", "三、", "四、", "五、"];
        for (i, s) in sentences(size * 6).into_iter().enumerate() {
            if i % 40 == 0 {
                body.push_str(&format!(
                    "<w:p><w:r><w:t>{}工作情况</w:t></w:r></w:p>",
                    heads[(i / 40) % heads.len()]
                ));
            }
            body.push_str(&format!(
                "<w:p><w:pPr><w:ind w:firstLineChars=\"200\"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii=\"仿宋_GB2312\"/></w:rPr><w:t>{s}</w:t></w:r></w:p>"
            ));
        }
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .expect("zip");
        write!(
            zip,
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>2026年度述职述德述廉述法报告</w:t></w:r></w:p>{body}</w:body></w:document>"#
        )
        .expect("zip");
        let bytes = zip.finish().expect("zip").into_inner();
        if bytes.len() >= zipped {
            return bytes;
        }
        size = size * zipped / bytes.len().max(1) + 1024;
    }
}

/// The built-in template dnqjl with its opening guidance grown to `bytes`.
fn template(bytes: usize) -> String {
    let base = include_str!("../templates/dnqjl.toml");
    let marker = "guidance = \"\"\"\n";
    let at = base.find(marker).expect("a guidance") + marker.len();
    let filler = sentences(bytes.saturating_sub(base.len())).join("\n");
    format!("{}{filler}\n{}", &base[..at], &base[at..])
}

fn child(what: &str) {
    let registry = Registry::builtin();
    let (input, before, after) = match what {
        "docx" => {
            let bytes = docx(193 * 1024);
            let before = peak_rss();
            let text = parse_report("大.docx".into(), "docx", &bytes).expect("reads");
            let after = peak_rss();
            std::hint::black_box(text);
            (bytes.len(), before, after)
        }
        _ => {
            let text = template(15_700_000);
            let banks: BTreeSet<String> = registry.banks().map(|b| b.id.clone()).collect();
            let source = Source::new("大模板.toml", text);
            let before = peak_rss();
            let parsed = parse_template(&source, &banks, "bench").expect("parses");
            let after = peak_rss();
            std::hint::black_box(parsed);
            (source.text.len(), before, after)
        }
    };
    println!("{input} {}", after.saturating_sub(before));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--child") {
        child(&args[pos + 1]);
        return;
    }
    let mut over = false;
    for what in ["docx", "template"] {
        let out = std::process::Command::new(std::env::current_exe().expect("self"))
            .args(["--child", what])
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
        let (input, growth) = (words.next().unwrap_or(0), words.next().unwrap_or(0));
        let factor = growth as f64 / input.max(1) as f64;
        println!(
            "{what}: input {:.1} MB, peak memory grew {:.1} MB = {factor:.1}× the input",
            input as f64 / 1e6,
            growth as f64 / 1e6
        );
        over |= factor > ALLOWED_FACTOR;
    }
    if over {
        println!("over budget: a peak passed {ALLOWED_FACTOR}× its input");
    } else {
        println!("within budget: every peak under {ALLOWED_FACTOR}× its input");
    }
}
