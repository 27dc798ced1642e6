//! 导入: an existing report (.txt, .md, .docx) turned into a draft the writer can work on.
//!
//! [`read_report`] reads the file's paragraphs; `outline` finds the title, the opening and the
//! numbered parts; [`import`] lays them onto a template's parts and says, in [`Imported::notes`],
//! which mapping it made. It is pure: nothing here prints, and only [`Imported::save_new`]
//! writes (never over an existing file). [`import_file`] does all of it for the command line and
//! the wizard.
//!
//! The rules, chosen so that a report shuzhi wrote comes back as a draft that renders to the same
//! report, and so that a hand-written one lands where a writer would put it:
//!
//! - **Template**: `-t` if given; else the template whose title pattern the title matches; else
//!   one named by the title's words (述职述德述廉述法, 述责述廉, 述职述廉, 工作总结, 对照检查);
//!   else the default. The title pattern also gives the fields it holds (年度, and 职务 and 姓名
//!   for 述责述廉); a title that does not match still gives its year.
//! - **Parts**: the report's numbered parts go onto the template's parts that have headings, in
//!   order; a report heading equal to a later template part's own heading skips to that part.
//!   The report's heading is kept as the draft's heading when it differs from the template's.
//!   Extra parts are merged, heading and all, into the template's last headed part; template
//!   parts left over stay empty. Points lose their typed ordinals (the tool numbers them).
//! - **Opening**: what comes between the title and the first heading, into the template's
//!   heading-less part before its first heading.
//! - **Closing** (the heading-less part after the template's last heading), cut from the end of
//!   the report's last part. shuzhi prints a part's points as 一是、二是… when there are two or
//!   more and a single paragraph with no number, and the closing right after with no heading.
//!   So: when the last part's first paragraph has an ordinal, the part runs as long as the next
//!   paragraphs carry the following ordinals of the same kind, and the closing starts at the
//!   first that does not; when it has none and the template numbers that part, the part is that
//!   one paragraph; when the template's part is prose, the closing starts at the first paragraph
//!   that opens like a closing does (以上、特此、下一步、今后…). A template with no closing keeps
//!   everything in its last part.
//! - **Signature**: when the template signs, a final short line and a date are the name and date.

mod docx;
mod outline;
mod read;

pub use read::{Mark, Paragraph, ReportText, parse_report, read_report};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::draft::{Draft, Section};
use crate::files::{self, Overwrite, PRIVATE_FILE_MODE};
use crate::source::Diagnostic;
use crate::template::{DEFAULT_TEMPLATE, Registry, Template};
use crate::text::date::unpadded_date;
use crate::text::figures::blank_figures;
use crate::text::ordinal::{chinese_number, read_ordinal, split_ordinal};
use crate::text::slots::{self, Piece};

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

/// Last characters of a 职务 (局长, 书记, 主任, 委员…): where a title's 职务 ends and 姓名 begins.
const POST_ENDINGS: &str = "长记任员席理事官师委监导司部";

/// Where a year is looked for in fields.
const YEARS: std::ops::RangeInclusive<u32> = 1900..=2100;

/// What `import` may do beyond reading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Raise the year by one in the fields (and so in the title).
    pub next_year: bool,
    /// Replace every figure's number by `*`, to be filled in again.
    pub blank_figures: bool,
}

/// A report made into a draft, and what the writer should be told about how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub draft: Draft,
    /// One sentence each, in Chinese: the template chosen, where each part went, what changed.
    pub notes: Vec<String>,
    /// How many figures were blanked.
    pub figures: usize,
}

impl Imported {
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
                    Diagnostic::new(format!("写入 `{name}` 失败：{err}"))
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
        named(t, "标题看不出报告类型，用默认模板；可用 -t 指定其他模板"),
    ))
}

/// Makes a draft of `template` from the report's paragraphs, as the module doc describes.
pub fn import(
    text: &ReportText,
    template: &Template,
    options: Options,
) -> Result<Imported, Diagnostic> {
    let mut outline = outline::outline(&text.paragraphs).ok_or_else(|| {
        Diagnostic::new(format!(
            "`{}` 里找不到报告的各个部分（没有“一、”“二、”……这样编号的标题）",
            text.name
        ))
        .help("shuzhi 按“一、”“二、”……的一级标题划分报告的部分；请确认这是一份报告，或先给各部分加上这样的标题")
    })?;
    let headed: Vec<usize> = (0..template.parts.len())
        .filter(|&i| template.parts[i].heading.is_some())
        .collect();
    let (Some(&first_headed), Some(&last_headed)) = (headed.first(), headed.last()) else {
        return Err(Diagnostic::new(format!(
            "模板 `{}` 没有带标题的部分，报告的各部分无处可放",
            template.id
        ))
        .help("请用 -t 选一个有标题的模板，运行 `shuzhi templates` 查看"));
    };
    let opening_part = (first_headed > 0).then_some(0);
    let closing_part = (last_headed + 1 < template.parts.len()).then_some(last_headed + 1);

    let mut notes = Vec::new();
    let mut draft = Draft::new(template);
    fields_from_title(outline.title.as_deref(), template, &mut draft, &mut notes);
    take_byline(&mut outline.opening, template, &mut draft, &mut notes);

    // Which headed template part each report part goes to.
    let count = outline.parts.len();
    let mut targets = Vec::with_capacity(count);
    let mut next = 0;
    for (r, part) in outline.parts.iter().enumerate() {
        let fits = |slot: usize| headed.len() - slot >= count - r;
        let skip_to = part.heading.as_deref().and_then(|h| {
            (next..headed.len())
                .find(|&s| template.parts[headed[s]].heading.as_deref() == Some(h))
                .filter(|&s| fits(s))
        });
        let slot = skip_to.unwrap_or(next).min(headed.len() - 1);
        targets.push(headed[slot]);
        next = slot + 1;
    }

    // The closing, cut from the end of the last part; the signature from the very end.
    let mut parts = outline.parts.clone();
    let mut closing = Vec::new();
    if let (Some(last), Some(&target)) = (parts.last_mut(), targets.last())
        && closing_part.is_some()
    {
        let at = closing_start(&last.paragraphs, template.parts[target].points.is_some());
        closing = last.paragraphs.split_off(at);
    }
    if template.signature {
        let tail = if closing.is_empty() {
            parts.last_mut().map(|p| &mut p.paragraphs)
        } else {
            Some(&mut closing)
        };
        if let Some(tail) = tail {
            take_signature(tail, template, &mut draft, &mut notes);
        }
    }

    // The sections.
    let mut texts: BTreeMap<usize, (Option<String>, Vec<String>)> = BTreeMap::new();
    let label = |i: usize| format!("「{}」（{}）", template.parts[i].step, template.parts[i].id);
    if !outline.opening.is_empty() {
        let target = opening_part.unwrap_or(first_headed);
        notes.push(format!(
            "开头 {} 段 → {}",
            outline.opening.len(),
            label(target)
        ));
        texts.entry(target).or_default().1.extend(outline.opening);
    }
    for (r, (part, &target)) in parts.into_iter().zip(&targets).enumerate() {
        let number = format!("{}、", chinese_number(r + 1));
        let shown = part.heading.as_deref().unwrap_or("（无标题）");
        let entry = texts.entry(target).or_default();
        let merged = r > 0 && targets[r - 1] == target;
        if merged {
            notes.push(format!(
                "{number}{shown} → 并入 {}：模板的部分比报告少，这一部分的标题和 {} 段接在后面，没有删去，请自行调整",
                label(target),
                part.paragraphs.len()
            ));
            entry.1.extend(part.heading);
        } else {
            notes.push(format!("{number}{shown} → {}", label(target)));
            entry.0 = part.heading;
        }
        entry.1.extend(part.paragraphs);
    }
    if !closing.is_empty() {
        // `closing_part` is `Some` whenever there is a closing.
        let target = closing_part.unwrap_or(last_headed);
        notes.push(format!("结尾 {} 段 → {}", closing.len(), label(target)));
        texts.entry(target).or_default().1.extend(closing);
    }
    let empty: Vec<String> = headed
        .iter()
        .filter(|i| !texts.contains_key(i))
        .map(|&i| label(i))
        .collect();
    if !empty.is_empty() {
        notes.push(format!("报告中没有对应的部分，留空：{}", empty.join("、")));
    }
    if closing_part.is_none()
        && let Some(last) = texts.get(&last_headed).and_then(|t| t.1.last())
        && CLOSING_CUES.iter().any(|cue| last.starts_with(cue))
    {
        notes.push(format!(
            "模板没有结尾部分，报告最后一段留在了 {}，会被编号；如不需要请删去",
            label(last_headed)
        ));
    }

    let mut figures = 0;
    let mut figures_by_part = Vec::new();
    for (index, (heading, paragraphs)) in texts {
        let part = &template.parts[index];
        let numbered = part.points.is_some();
        let mut lines: Vec<String> = paragraphs
            .iter()
            .map(|p| match split_ordinal(p).1.trim() {
                rest if numbered && !rest.is_empty() => rest.to_string(),
                _ => p.clone(),
            })
            .collect();
        let unnumbered = paragraphs
            .iter()
            .filter(|p| read_ordinal(p).is_none())
            .count();
        if numbered && lines.len() >= 2 && unnumbered > 0 {
            notes.push(format!(
                "{} 有 {unnumbered} 段原来没有编号；生成报告时每段都会按顺序编号，如有说明性的段落请合并或移走",
                label(index)
            ));
        }
        let mut heading = heading.filter(|h| Some(h) != part.heading.as_ref());
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
        raise_years(&mut draft, &mut notes);
    }
    Ok(Imported {
        draft,
        notes,
        figures,
    })
}

/// Where the closing starts among the last part's paragraphs (see the module doc).
fn closing_start(paragraphs: &[String], numbered: bool) -> usize {
    let Some(first) = paragraphs.first() else {
        return 0;
    };
    match read_ordinal(first) {
        Some((kind, mut n)) => {
            let mut end = 1;
            while paragraphs
                .get(end)
                .is_some_and(|p| read_ordinal(p) == Some((kind, n + 1)))
            {
                n += 1;
                end += 1;
            }
            end
        }
        None if numbered => 1,
        None => paragraphs
            .iter()
            .position(|p| CLOSING_CUES.iter().any(|cue| p.starts_with(cue)))
            .unwrap_or(paragraphs.len()),
    }
}

/// Takes the 姓名行 under the title (the template's `byline`, `{姓名}` filled or not) off the
/// start of the opening into its fields.
fn take_byline(
    opening: &mut Vec<String>,
    template: &Template,
    draft: &mut Draft,
    notes: &mut Vec<String>,
) {
    let (Some(pattern), Some(first)) = (&template.byline, opening.first()) else {
        return;
    };
    // A name line is short and is no sentence: `尊敬的各位领导：` is not one.
    let looks_like_a_name_line = first.chars().count() <= 30
        && !first.contains(['，', '。', '；', '：', '！', '？', ':', ';']);
    let Some(fields) = title_fields(pattern, first).filter(|_| looks_like_a_name_line) else {
        return;
    };
    for (key, value) in fields {
        if template.field(&key).is_some() && value != format!("{{{key}}}") {
            draft.fields.entry(key).or_insert(value);
        }
    }
    notes.push(format!("标题下的姓名行 “{first}” 放进了基本信息"));
    opening.remove(0);
}

/// Takes a final name line and date line off `tail` into the fields 姓名 and 日期.
fn take_signature(
    tail: &mut Vec<String>,
    template: &Template,
    draft: &mut Draft,
    notes: &mut Vec<String>,
) {
    let [.., name, date] = tail.as_slice() else {
        return;
    };
    let is_date = date == "{日期}" || unpadded_date(date).is_some();
    let is_name = name.chars().count() <= 20 && !name.ends_with(['。', '；', '，']);
    if !(is_date && is_name) {
        return;
    }
    for (key, value) in [("姓名", name), ("日期", date)] {
        let placeholder = format!("{{{key}}}");
        if template.field(key).is_some() && *value != placeholder {
            draft.fields.entry(key.to_string()).or_insert(value.clone());
        }
    }
    notes.push(format!("署名 “{name}” 和日期 “{date}” 放进了基本信息"));
    tail.truncate(tail.len() - 2);
}

/// Fills fields from the title by the template's title pattern, or at least the year.
fn fields_from_title(
    title: Option<&str>,
    template: &Template,
    draft: &mut Draft,
    notes: &mut Vec<String>,
) {
    let Some(title) = title else {
        notes.push("报告没有标题；请在基本信息中填写年度等字段".to_string());
        return;
    };
    let found = title_fields(&template.title, title);
    let fields = match &found {
        Some(fields) => fields.clone(),
        None => {
            notes.push(format!(
                "原标题“{title}”与模板的标题格式“{}”不同；生成报告时用模板的标题",
                template.title
            ));
            year_in(title)
                .map(|y| vec![("年度".to_string(), y.to_string())])
                .unwrap_or_default()
        }
    };
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

/// `--next-year`: every field that is a year, one later; a note on the years left in the text.
fn raise_years(draft: &mut Draft, notes: &mut Vec<String>) {
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
        notes.push("没有找到年度，--next-year 没有改动；请在基本信息中填写年度".to_string());
        return;
    }
    for (key, year) in raised {
        let old = year.to_string();
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
            (Piece::Braced(b), Some(Token::Fields(keys))) => {
                keys.push(slots::braced_name(b).to_string());
            }
            (Piece::Braced(b), _) => {
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
