//! 导入: an existing report (.txt, .md, .docx) turned into a draft the writer can work on.
//!
//! [`read_report`] reads the file's paragraphs; `outline` finds the title, the opening and the
//! numbered parts; `mapping` decides which template part each goes to; `body` keeps each part's
//! own structure (sub-headings, points); `people` reads the name line and the signature.
//! [`import`] puts it together and says, in [`Imported::mapping`] (what went where, by which
//! rule) and [`Imported::notes`] (everything else), what it did. It is pure: nothing here
//! prints, and only [`Imported::save_new`] writes (never over an existing file).
//! [`import_file`] does all of it for the command line and the wizard.
//!
//! The rules, chosen so that a report shuzhi wrote comes back as a draft that renders to the same
//! report, and so that a hand-written one renders as the same report too, each part where it
//! belongs:
//!
//! - **Template**: `-t` if given; else the template whose title pattern the title matches; else
//!   one named by the title's words (述职述德述廉述法, 述责述廉, 述职述廉, 工作总结, 对照检查);
//!   else the default.
//! - **Title**: kept. When it has the template's title pattern its values fill the fields (年度,
//!   and 职务 and 姓名 for 述责述廉); otherwise the draft keeps it as its own `title`, with its
//!   year written `{年度}` so that the field (and `--next-year`) carries it. A name before 同志
//!   fills 姓名 (and 职务, 单位). A report with no title gets none made up.
//! - **Name line**: a line under the title such as `青山县农业农村局副局长 张伟` fills 单位, 职务
//!   and 姓名 and leaves the body.
//! - **Parts**: placed by `mapping` (same heading, else the template's `about` words, else in
//!   order); the report's heading is kept as the draft's when it differs from the template's.
//!   Two report parts placed in one template part both stay, each under its heading as a
//!   sub-heading. Template parts left over stay empty.
//! - **Opening**: what comes between the title (and name line) and the first heading.
//! - **Closing**: cut from the end of the last part when it is not itself placed in the closing.
//!   shuzhi prints a part's points as 一是、二是… when there are two or more and a single
//!   paragraph with no number, and the closing right after with no heading. So: when the last
//!   part's first paragraph has an ordinal, the part runs as long as the next paragraphs carry
//!   the following ordinals of the same kind; when it has none and the template numbers that
//!   part, the part is that one paragraph; when the part has sub-headings or its template part
//!   is prose, the closing starts at the first paragraph (after the last sub-heading) that opens
//!   like a closing does (以上、特此、下一步、今后…).
//! - **Signature**: a last name line and date at the very end fill 姓名 (if still empty) and the
//!   template's 日期 field; without such a field the date is named in the notes. Neither stays in
//!   the body.

mod body;
mod docx;
mod mapping;
mod outline;
mod people;
mod read;

pub use mapping::{Piece, Placement, Rule};
pub use read::{Mark, Paragraph, ReportText, parse_report, read_report};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use body::Body;
use people::{POST_ENDINGS, Person, date_line, name_line};

use crate::draft::{Draft, Section};
use crate::files::{self, Overwrite, PRIVATE_FILE_MODE};
use crate::source::Diagnostic;
use crate::template::{DEFAULT_TEMPLATE, Registry, Template};
use crate::text::count::word_count;
use crate::text::figures::blank_figures;
use crate::text::ordinal::{chinese_number, read_ordinal};
use crate::text::slots::{self, Piece as SlotPiece};

/// Titles longer than this (in bytes) are not matched against title patterns.
const MAX_TITLE_BYTES: usize = 600;

/// Words a title uses for each kind of report, and the built-in template they name.
const TITLE_WORDS: &[(&str, &str)] = &[
    ("述职述德述廉述法", "dnqjl"),
    ("德能勤绩廉", "dnqjl"),
    ("述责述廉", "shuze"),
    ("述职述廉", "shulian"),
    ("工作总结", "zongjie"),
    ("对照检查", "duizhao"),
];

/// How a paragraph that begins a closing usually opens.
const CLOSING_CUES: &[&str] = &[
    "以上",
    "特此",
    "存在的不足",
    "存在的问题",
    "不足之处",
    "下一步",
    "今后",
    "新的一年",
    "明年",
    "恳请",
    "请予",
    "请各位",
];

/// Where a year is looked for in fields.
const YEARS: std::ops::RangeInclusive<u32> = 1900..=2100;

/// What `import` may do beyond reading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Raise the year by one in the fields and in the draft's own title.
    pub next_year: bool,
    /// With `next_year`, the year a report written today is about (`drafts::report_year`):
    /// the draft's 年度 when the old report names none.
    pub this_year: Option<i32>,
    /// Replace every figure's number by `*`, to be filled in again.
    pub blank_figures: bool,
}

/// A report made into a draft, and what the writer should be told about how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub draft: Draft,
    /// Where each piece of the report went (opening, each part, closing), in the report's order.
    pub mapping: Vec<Placement>,
    /// One sentence each, in Chinese: the template chosen, the title and fields read, what else
    /// the writer should check.
    pub notes: Vec<String>,
    /// How many figures were blanked.
    pub figures: usize,
}

impl Imported {
    /// Everything to tell the writer, one line each: the notes, then the mapping.
    pub fn lines(&self) -> Vec<String> {
        let mut out = self.notes.clone();
        out.extend(self.mapping.iter().map(Placement::describe));
        out
    }

    /// Writes the draft to `path`, private to its owner; an existing file is never replaced.
    pub fn save_new(&self, path: &Path, template: &Template) -> Result<(), Diagnostic> {
        let bytes = self.draft.to_toml(template);
        files::write_atomic(path, bytes.as_bytes(), PRIVATE_FILE_MODE, Overwrite::Refuse).map_err(
            |err| {
                let name = path.display();
                if err.kind() == std::io::ErrorKind::AlreadyExists {
                    Diagnostic::new(format!("`{name}` 已存在，没有覆盖"))
                        .help("请在命令最后给出新草稿的文件名，例如：shuzhi import 旧报告.docx 2026述职.toml")
                } else {
                    Diagnostic::new(format!("写入 `{name}` 失败：{}", files::io_reason(&err)))
                        .help("请检查文件夹是否存在、是否有写权限、磁盘是否已满")
                }
            },
        )
    }
}

/// Where a report's draft goes when no path is given: next to it, with `.toml`.
pub fn default_draft_path(report: &Path) -> PathBuf {
    report.with_extension("toml")
}

/// Reads the report at `path` and makes a draft of it, with the template named by `template`
/// or chosen by the report's title. The first note says which template and why.
pub fn import_file(
    path: &Path,
    registry: &Registry,
    template: Option<&str>,
    options: Options,
) -> Result<Imported, Diagnostic> {
    let text = read_report(path)?;
    let (template, why) = choose_template(&text, registry, template)?;
    let mut imported = import(&text, template, options)?;
    imported.notes.insert(0, why);
    Ok(imported)
}

/// The template for a report: the one named, else the one its title shows; and a note saying
/// which and why.
pub fn choose_template<'a>(
    text: &ReportText,
    registry: &'a Registry,
    id: Option<&str>,
) -> Result<(&'a Template, String), Diagnostic> {
    let named = |t: &Template, why: &str| format!("模板：{}（{}），{why}", t.id, t.name);
    if let Some(id) = id {
        let template = registry.template(id)?;
        return Ok((template, named(template, "由 -t 指定")));
    }
    let title = outline::outline(&text.paragraphs).and_then(|o| o.title);
    if let Some(title) = &title {
        if let Some(t) = registry
            .templates()
            .iter()
            .find(|t| title_fields(&t.title, title).is_some())
        {
            return Ok((t, named(t, "按标题认出")));
        }
        for (word, id) in TITLE_WORDS {
            if title.contains(word)
                && let Ok(t) = registry.template(id)
            {
                return Ok((t, named(t, &format!("按标题中的“{word}”判断"))));
            }
        }
    }
    let t = registry.template(DEFAULT_TEMPLATE)?;
    Ok((
        t,
        named(
            t,
            "标题看不出报告类型，用默认模板（命令行导入时可用 -t 指定其他模板）",
        ),
    ))
}

/// Makes a draft of `template` from the report's paragraphs, as the module doc describes.
pub fn import(
    text: &ReportText,
    template: &Template,
    options: Options,
) -> Result<Imported, Diagnostic> {
    import_moved(text, template, options, &BTreeMap::new())
}

/// The same, with the pieces named in `moves` put in the template part (index) given there,
/// as the writer chose after seeing the mapping ([`Rule::Moved`]). Which pieces there are does
/// not change with the moves: the closing is cut where the rules alone would cut it.
pub fn import_moved(
    text: &ReportText,
    template: &Template,
    options: Options,
    moves: &BTreeMap<Piece, usize>,
) -> Result<Imported, Diagnostic> {
    let outline = outline::outline(&text.paragraphs).ok_or_else(|| {
        Diagnostic::new(format!(
            "`{}` 里找不到报告的各个部分（没有“一、”“二、”或“1、”“2、”……这样编号的标题）",
            text.name
        ))
        .help("shuzhi 按“一、”“二、”……的一级标题划分报告的部分；请确认这是一份报告，或先给各部分加上这样的标题")
    })?;
    let Some(first_headed) = template.parts.iter().position(|p| p.heading.is_some()) else {
        return Err(Diagnostic::new(format!(
            "模板 `{}` 没有带标题的部分，报告的各部分无处可放",
            template.id
        ))
        .help("请用 -t 选一个有标题的模板，运行 `shuzhi templates` 查看"));
    };
    let last_headed = template
        .parts
        .iter()
        .rposition(|p| p.heading.is_some())
        .unwrap_or(first_headed);
    let opening_part = (first_headed > 0).then_some(0);
    let closing_part = (last_headed + 1 < template.parts.len()).then_some(last_headed + 1);

    let mut notes = Vec::new();
    let mut draft = Draft::new(template);
    title_into(outline.title.as_deref(), template, &mut draft, &mut notes);

    let mut opening = outline.opening;
    if let Some(first) = opening.first() {
        let person = name_line(first);
        if let Some(person) = person {
            let read = fill_person(&person, template, &mut draft);
            notes.push(format!("标题下的署名行“{first}”：{read}"));
            // The line stays in the report as the writer had it, its values now the fields'.
            draft.byline = Some(byline_pattern(first, &draft));
            opening.remove(0);
        } else if unfilled_byline(first) {
            // shuzhi's own export of a draft whose name was not filled in yet.
            notes.push(format!(
                "标题下的署名行“{first}”还没有填写，请在基本信息中填写"
            ));
            draft.byline = Some(first.clone());
            opening.remove(0);
        }
    }

    let headings: Vec<Option<&str>> = outline.parts.iter().map(|p| p.heading.as_deref()).collect();
    let targets = mapping::place(&headings, template);
    let mut parts = outline.parts.clone();

    // The closing, cut from the end of the last part; the signature from the very end.
    let mut closing: Vec<Paragraph> = Vec::new();
    if let (Some(last), Some(&(target, _)), Some(closing_part)) =
        (parts.last_mut(), targets.last(), closing_part)
        && target != closing_part
    {
        let at = closing_start(&last.paragraphs, template.parts[target].points.is_some());
        closing = last.paragraphs.split_off(at);
    }
    let tail = if closing.is_empty() {
        parts.last_mut().map(|p| &mut p.paragraphs)
    } else {
        Some(&mut closing)
    };
    if let Some(tail) = tail {
        take_signature(tail, template, &mut draft, &mut notes);
    }

    // What goes into each template part, in the report's order.
    let mut placed: BTreeMap<usize, Vec<Placed>> = BTreeMap::new();
    let mut mapping = Vec::new();
    let step = |i: usize| template.parts[i].step.clone();
    let id = |i: usize| template.parts[i].id.clone();
    let count = |texts: &mut dyn Iterator<Item = &str>| -> usize {
        texts.map(|t| word_count(t).words).sum()
    };
    // The writer's choice, where there is one and it names a part of the template.
    let chosen = |piece: Piece, target: usize, rule: Rule| match moves.get(&piece) {
        Some(&moved) if moved < template.parts.len() && moved != target => (moved, Rule::Moved),
        _ => (target, rule),
    };
    if !opening.is_empty() {
        let (target, rule) = chosen(
            Piece::Opening,
            opening_part.unwrap_or(first_headed),
            Rule::Opening,
        );
        let entry = placed.entry(target).or_default();
        mapping.push(Placement {
            piece: Piece::Opening,
            from: "开头".to_string(),
            target,
            part: id(target),
            step: step(target),
            rule,
            joined: !entry.is_empty(),
            paragraphs: opening.len(),
            words: count(&mut opening.iter().map(String::as_str)),
        });
        let paragraphs = opening
            .into_iter()
            .map(|text| Paragraph {
                text,
                indented: true,
                mark: Mark::Plain,
            })
            .collect();
        entry.push((None, paragraphs));
    }
    for (r, (part, (target, rule))) in parts.into_iter().zip(targets).enumerate() {
        let (target, rule) = chosen(Piece::Part(r), target, rule);
        let shown = part.heading.as_deref().unwrap_or("（无标题）");
        let entry = placed.entry(target).or_default();
        mapping.push(Placement {
            piece: Piece::Part(r),
            from: format!("{}、{shown}", chinese_number(r + 1)),
            target,
            part: id(target),
            step: step(target),
            rule,
            joined: !entry.is_empty(),
            paragraphs: part.paragraphs.len(),
            words: count(&mut part.paragraphs.iter().map(|p| p.text.as_str())),
        });
        entry.push((part.heading, part.paragraphs));
    }
    if !closing.is_empty() {
        // `closing_part` is `Some` whenever there is a closing.
        let (target, rule) = chosen(
            Piece::Closing,
            closing_part.unwrap_or(last_headed),
            Rule::Closing,
        );
        let entry = placed.entry(target).or_default();
        mapping.push(Placement {
            piece: Piece::Closing,
            from: "结尾".to_string(),
            target,
            part: id(target),
            step: step(target),
            rule,
            joined: !entry.is_empty(),
            paragraphs: closing.len(),
            words: count(&mut closing.iter().map(|p| p.text.as_str())),
        });
        entry.push((None, closing));
    }
    let empty: Vec<String> = (first_headed..=last_headed)
        .filter(|i| template.parts[*i].heading.is_some() && !placed.contains_key(i))
        .map(|i| format!("「{}」（{}）", step(i), id(i)))
        .collect();
    if !empty.is_empty() {
        notes.push(format!("报告中没有对应的部分，留空：{}", empty.join("、")));
    }

    let mut figures = 0;
    let mut figures_by_part = Vec::new();
    for (index, pieces) in placed {
        let part = &template.parts[index];
        let (mut heading, mut lines) = section_lines(part, pieces, &mut notes);
        heading = heading.filter(|h| Some(h) != part.heading.as_ref());
        if options.blank_figures {
            let mut here = 0;
            for line in lines.iter_mut().chain(heading.as_mut()) {
                let (blanked, n) = blank_figures(line);
                *line = blanked;
                here += n;
            }
            if here > 0 {
                figures += here;
                figures_by_part.push(format!("{} {here} 处", part.step));
            }
        }
        let mut text = lines.join("\n");
        text.push('\n');
        draft
            .sections
            .insert(part.id.clone(), Section { heading, text });
    }
    if options.blank_figures {
        notes.push(if figures == 0 {
            "没有找到要换成 * 的数字".to_string()
        } else {
            format!(
                "已把 {figures} 处数字换成 *（{}），填上今年的数字；`shuzhi check` 会逐一列出",
                figures_by_part.join("、")
            )
        });
    }
    if options.next_year {
        let this_year = options
            .this_year
            .filter(|_| template.field("年度").is_some());
        raise_years(&mut draft, this_year, &mut notes);
    }
    Ok(Imported {
        draft,
        mapping,
        notes,
        figures,
    })
}

/// The heading and lines of one template part's section from the pieces placed in it. One
/// piece keeps its heading and its own structure; several become sub-headings under the
/// template's heading, each with its paragraphs beneath.
fn section_lines(
    part: &crate::template::Part,
    pieces: Vec<Placed>,
    notes: &mut Vec<String>,
) -> (Option<String>, Vec<String>) {
    let numbered = part.points.is_some();
    let label = format!("「{}」（{}）", part.step, part.id);
    if let [(heading, paragraphs)] = pieces.as_slice() {
        let headed = part.heading.is_some() || heading.is_some();
        let body = Body::shaped(paragraphs, numbered && part.heading.is_some(), headed);
        let texts: Vec<&str> = paragraphs.iter().map(|p| p.text.as_str()).collect();
        let unnumbered = texts
            .iter()
            .skip(crate::report::lead_paragraphs(&texts))
            .filter(|p| read_ordinal(p).is_none())
            .count();
        if numbered && matches!(body, Body::Flat(_)) && body.len() >= 2 && unnumbered > 0 {
            notes.push(format!(
                "{label} 有 {unnumbered} 段原来没有编号；生成报告时每段都会按顺序编号，如有说明性的段落请合并或移走"
            ));
        }
        return (heading.clone(), body.lines());
    }
    let mut lines = Vec::new();
    for (heading, paragraphs) in pieces {
        lines.extend(heading.map(|h| crate::draft::sub_heading_line(&h)));
        // Points lose their typed numbers under a sub-heading (they would clash with the
        // sub-headings' own); a piece with sub-headings of its own keeps them as written.
        match Body::of(&paragraphs, numbered) {
            Body::Flat(points) => lines.extend(points),
            Body::Sections { .. } => lines.extend(paragraphs.into_iter().map(|p| p.text)),
        }
    }
    (None, lines)
}

/// A piece of the report placed in a template part: its heading, if any, and its paragraphs.
type Placed = (Option<String>, Vec<Paragraph>);

/// Where the closing starts among the last part's paragraphs (see the module doc).
fn closing_start(paragraphs: &[Paragraph], numbered: bool) -> usize {
    let cue = |p: &Paragraph| CLOSING_CUES.iter().any(|cue| p.text.starts_with(cue));
    if let Some(starts) = body::sub_headings(paragraphs) {
        let after = starts.last().map_or(0, |&s| s + 1);
        return (after..paragraphs.len())
            .find(|&i| cue(&paragraphs[i]))
            .unwrap_or(paragraphs.len());
    }
    let Some(first) = paragraphs.first() else {
        return 0;
    };
    match read_ordinal(&first.text) {
        Some((kind, mut n)) => {
            let mut end = 1;
            while paragraphs
                .get(end)
                .is_some_and(|p| read_ordinal(&p.text) == Some((kind, n + 1)))
            {
                n += 1;
                end += 1;
            }
            end
        }
        None if numbered => 1,
        None => paragraphs.iter().position(cue).unwrap_or(paragraphs.len()),
    }
}

/// A name line of places still to fill and nothing else (`{姓名}`, `{单位}{职务} {姓名}`).
fn unfilled_byline(line: &str) -> bool {
    use crate::text::slots::{Piece, pieces};
    let pieces = pieces(line.trim());
    pieces.iter().any(|p| matches!(p, Piece::Braced(_)))
        && pieces.iter().all(|p| match p {
            Piece::Braced(_) => true,
            Piece::Text(t) => t.chars().all(|c| c.is_whitespace() || "（）()".contains(c)),
            Piece::Stars(_) => false,
        })
}

/// `line` with each field value it holds written as that field (`{单位}{职务}　{姓名}`), longest
/// value first so that a name inside a unit's name is left alone.
fn byline_pattern(line: &str, draft: &Draft) -> String {
    let mut values: Vec<(&String, &String)> = ["单位", "职务", "姓名"]
        .iter()
        .filter_map(|key| draft.fields.get_key_value(*key))
        .filter(|(_, value)| !value.trim().is_empty())
        .collect();
    values.sort_by_key(|(_, value)| std::cmp::Reverse(value.len()));
    let mut pattern = line.trim().to_string();
    for (key, value) in values {
        pattern = pattern.replacen(value.as_str(), &format!("{{{key}}}"), 1);
    }
    pattern
}

/// Takes a final name line and date line off `tail`: the name into 姓名 (and 单位, 职务) when
/// still empty, the date into 日期 when the template has that field.
fn take_signature(
    tail: &mut Vec<Paragraph>,
    template: &Template,
    draft: &mut Draft,
    notes: &mut Vec<String>,
) {
    let [.., name, date] = tail.as_slice() else {
        return;
    };
    let placeholder = name.text == "{姓名}" && date.text == "{日期}";
    let person = name_line(&name.text);
    let date_text = date_line(&date.text);
    if !placeholder && (person.is_none() || date_text.is_none()) {
        return;
    }
    let (name, date) = (name.text.clone(), date.text.clone());
    if let (Some(person), Some(date_text)) = (person, date_text) {
        let read = fill_person(&person, template, draft);
        let date_note = if template.field("日期").is_some() {
            draft
                .fields
                .entry("日期".to_string())
                .or_insert(date_text.clone());
            format!("日期「{date_text}」")
        } else {
            format!("日期“{date_text}”没有放进草稿（模板没有日期字段）")
        };
        notes.push(format!(
            "末尾的署名“{name}”和日期“{date}”：{read}；{date_note}"
        ));
    }
    tail.truncate(tail.len() - 2);
}

/// Puts what a name line says into the fields still empty; says which it filled.
fn fill_person(person: &Person, template: &Template, draft: &mut Draft) -> String {
    let mut read = Vec::new();
    let mut kept = Vec::new();
    for (key, value) in [
        ("单位", person.unit.as_deref()),
        ("职务", person.post.as_deref()),
        ("姓名", Some(person.name.as_str())),
    ] {
        let Some(value) = value else { continue };
        if template.field(key).is_none() {
            kept.push(format!("{key}“{value}”"));
        } else if draft.field(key).is_empty() {
            draft.fields.insert(key.to_string(), value.to_string());
            read.push(format!("{key}「{value}」"));
        }
    }
    let mut out = if read.is_empty() {
        "基本信息中已有这些内容".to_string()
    } else {
        format!("读出{}", read.join("、"))
    };
    if !kept.is_empty() {
        out.push_str(&format!("；模板没有字段放{}", kept.join("、")));
    }
    out
}

/// The title into the draft: the fields it holds by the template's pattern, else the title
/// itself as the draft's own with its year as `{年度}`, and a name before 同志.
fn title_into(
    title: Option<&str>,
    template: &Template,
    draft: &mut Draft,
    notes: &mut Vec<String>,
) {
    let Some(title) = title else {
        notes.push(format!(
            "报告没有标题；生成报告时用模板的标题“{}”，可在草稿的 title 中改写",
            template.title
        ));
        return;
    };
    let mut fields = match title_fields(&template.title, title) {
        Some(fields) => fields,
        None => {
            let year = year_in(title).filter(|_| template.field("年度").is_some());
            let own = match year {
                Some(year) => title.replacen(&format!("{year}年"), "{年度}年", 1),
                None => title.to_string(),
            };
            notes.push(format!("保留原标题“{title}”"));
            draft.title = Some(own);
            year.map(|y| vec![("年度".to_string(), y.to_string())])
                .unwrap_or_default()
        }
    };
    if let Some((before, _)) = title.split_once("同志")
        && let Some(person) = name_line(before)
        && !fields.iter().any(|(k, _)| k == "姓名")
    {
        for (key, value) in [
            ("单位", person.unit),
            ("职务", person.post),
            ("姓名", Some(person.name)),
        ] {
            if let Some(value) = value {
                fields.push((key.to_string(), value));
            }
        }
    }
    let mut read = Vec::new();
    for (key, value) in fields {
        if template.field(&key).is_some() && value != format!("{{{key}}}") {
            read.push(format!("{key}「{value}」"));
            draft.fields.insert(key, value);
        }
    }
    if !read.is_empty() {
        notes.push(format!("从标题读出：{}", read.join("、")));
    }
}

/// The first year written before 年 in `text` (`2025年度…` → 2025).
fn year_in(text: &str) -> Option<u32> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(5).enumerate().find_map(|(i, w)| {
        let digits: String = w[..4].iter().collect();
        let starts = i == 0 || !chars[i - 1].is_ascii_digit();
        (starts && w[4] == '年' && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
            .filter(|y| YEARS.contains(y))
    })
}

/// `--next-year`: every field that is a year, one later, and that year in the draft's own title
/// (where it is not `{年度}` already); a note on the years left in the text. With no year at
/// all, 年度 is `this_year` (the template's 年度 field, for a report written today) if given.
fn raise_years(draft: &mut Draft, this_year: Option<i32>, notes: &mut Vec<String>) {
    let mut raised = Vec::new();
    for (key, value) in &mut draft.fields {
        if let Ok(year) = value.parse::<u32>()
            && value.len() == 4
            && YEARS.contains(&year)
        {
            raised.push((key.clone(), year));
            *value = (year + 1).to_string();
        }
    }
    if raised.is_empty() {
        match this_year {
            Some(year) => {
                draft.fields.insert("年度".into(), year.to_string());
                notes.push(format!(
                    "旧报告中没有找到年度，按今天的日期填为 {year} 年度，请核对"
                ));
            }
            _ => notes.push("没有找到年度，年度没有加一；请在基本信息中填写年度".to_string()),
        }
        return;
    }
    for (key, year) in raised {
        let old = year.to_string();
        if let Some(title) = &mut draft.title
            && key == "年度"
            && title.contains(&format!("{old}年"))
        {
            *title = title.replace(&format!("{old}年"), &format!("{}年", year + 1));
        }
        let in_text: usize = draft
            .sections
            .values()
            .map(|s| s.text.matches(old.as_str()).count())
            .sum();
        let mut note = format!("{key}：{year} → {}", year + 1);
        if in_text > 0 {
            note.push_str(&format!(
                "；正文中还有 {in_text} 处“{old}”没有改动，请逐一核对"
            ));
        }
        notes.push(note);
    }
}

/// The field values a title holds by `pattern` (`{年度}年度述职述廉报告`), or `None` when the
/// title does not have that shape. Spaces in the title are tolerated.
pub fn title_fields(pattern: &str, title: &str) -> Option<Vec<(String, String)>> {
    if title.len() > MAX_TITLE_BYTES {
        return None;
    }
    let mut tokens: Vec<Token> = Vec::new();
    for piece in slots::pieces(pattern) {
        match (piece, tokens.last_mut()) {
            (SlotPiece::Braced(b), Some(Token::Fields(keys))) => {
                keys.push(slots::braced_name(b).to_string());
            }
            (SlotPiece::Braced(b), _) => {
                tokens.push(Token::Fields(vec![slots::braced_name(b).to_string()]));
            }
            (other, _) => tokens.push(Token::Text(other.as_str().to_string())),
        }
    }
    let squeezed: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    [title, squeezed.as_str()]
        .into_iter()
        .find_map(|title| match_tokens(&tokens, title))
}

/// A piece of a title pattern: literal text, or one or more fields with nothing between them.
enum Token {
    Text(String),
    Fields(Vec<String>),
}

fn match_tokens(tokens: &[Token], title: &str) -> Option<Vec<(String, String)>> {
    match tokens.split_first() {
        None => title.is_empty().then(Vec::new),
        Some((Token::Text(text), rest)) => match_tokens(rest, title.strip_prefix(text.as_str())?),
        Some((Token::Fields(keys), rest)) => {
            // Each field takes at least one character; the shortest value that lets the rest
            // match wins (the literal after it is then its first occurrence).
            title
                .char_indices()
                .skip(keys.len())
                .map(|(at, _)| at)
                .chain([title.len()])
                .find_map(|at| {
                    let values = split_fields(keys, &title[..at])?;
                    if !keys.iter().zip(&values).all(|(k, v)| plausible(k, v)) {
                        return None;
                    }
                    let mut out: Vec<(String, String)> = keys.iter().cloned().zip(values).collect();
                    out.extend(match_tokens(rest, &title[at..])?);
                    Some(out)
                })
        }
    }
}

/// Whether a title may hold `value` for field `key`: a year is four digits (or still `{年度}`).
fn plausible(key: &str, value: &str) -> bool {
    key != "年度"
        || value == "{年度}"
        || (value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit()))
}

/// Shares `value` among adjacent fields. Only 职务 and 姓名 side by side occur in practice
/// (`党组书记、局长赵立群同志…`): the name is the last two or three characters, three when
/// what is left then ends like a post does (长, 记, 任…).
fn split_fields(keys: &[String], value: &str) -> Option<Vec<String>> {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() < keys.len() {
        return None;
    }
    let string = |cs: &[char]| cs.iter().collect::<String>();
    if keys.len() == 1 {
        return Some(vec![value.to_string()]);
    }
    let name_last = keys.len() == 2 && keys[1] == "姓名";
    let name_first = keys.len() == 2 && keys[0] == "姓名";
    let cut = if name_last {
        let ends_like_post = |len: usize| {
            chars.len() > len
                && chars[..chars.len() - len]
                    .last()
                    .is_some_and(|c| POST_ENDINGS.contains(*c))
        };
        let name_len = [3, 2, 4]
            .into_iter()
            .find(|&len| ends_like_post(len))
            .unwrap_or(2)
            .min(chars.len() - 1);
        chars.len() - name_len
    } else if name_first {
        if chars.len() >= 5 {
            3
        } else {
            2.min(chars.len() - 1)
        }
    } else {
        // Any other run of fields: one character each for all but the first.
        chars.len() + 1 - keys.len()
    };
    let mut out = vec![string(&chars[..cut])];
    let rest = &chars[cut..];
    if keys.len() == 2 {
        out.push(string(rest));
    } else {
        out.extend(rest.iter().map(|c| c.to_string()));
    }
    Some(out)
}

#[cfg(test)]
mod tests;
