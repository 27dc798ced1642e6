//! 文件名: what a report's files are called, so that an office collecting the reports of a whole
//! 班子 gets one file per writer: `王建国-2026年度民主生活会个人对照检查材料.docx`.
//!
//! A name is the writer, a hyphen and the title (the writer's name and 同志 taken out of a title
//! that holds them, so the name is not said twice); places still to fill are left out. It never
//! holds a character Windows refuses (`<>:"/\|?*`, control characters), never ends in a dot or
//! a space, is never one of Windows' reserved device names, and is short enough for every file
//! system and a zip of them all. [`free_name`] adds `-2`, `-3`… until no file in the folder has
//! it. Nothing here writes a file.

use std::path::Path;

use super::{InlineKind, Report};

/// At most this many characters in a name before its extension: well under the 255 bytes of
/// Linux file systems (a Chinese character is 3 bytes in UTF-8) and short enough that the
/// Windows path it ends up in stays under 260 characters in an ordinary folder.
const MAX_STEM_CHARS: usize = 60;

/// The name used when neither the title nor the writer gives one.
const FALLBACK_STEM: &str = "述职报告";

/// Windows refuses these as file names, with any extension and in any case.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// The name of a report's files without extension: `王建国-2026年度个人工作总结`, or the
/// title alone when the writer's name is empty.
pub fn file_stem(report: &Report, writer: &str) -> String {
    // The title without its places to fill, and without the 同志 after an empty name.
    let mut title = String::new();
    let mut after_slot = false;
    for inline in &report.title {
        if inline.kind == InlineKind::Plain {
            let text = inline.text.as_str();
            title.push_str(match after_slot {
                true => text.strip_prefix("同志").unwrap_or(text),
                false => text,
            });
        }
        after_slot = inline.kind == InlineKind::Slot;
    }
    let writer = writer.trim();
    let title = without_writer(&title, writer);
    let stem = match (writer.is_empty(), title.trim().is_empty()) {
        (true, _) => title,
        (false, true) => writer.to_string(),
        (false, false) => format!("{writer}-{title}"),
    };
    safe_stem(&stem)
}

/// A title with its writer's name, and the 同志 after it, taken out; when the name comes after
/// a post (`办公室主任王建国同志2026年度…`), the post goes with it.
fn without_writer(title: &str, writer: &str) -> String {
    if writer.is_empty() {
        return title.to_string();
    }
    let Some(at) = title.find(writer) else {
        return title.to_string();
    };
    let rest = &title[at + writer.len()..];
    let rest = rest.strip_prefix("同志").unwrap_or(rest);
    let rest = rest.trim_start_matches(['的', ' ', '　']);
    if rest.chars().count() >= 4 {
        rest.to_string()
    } else {
        format!("{}{rest}", &title[..at])
    }
}

/// `name` made safe as a file name (without extension) on Windows, macOS and Linux.
pub fn safe_stem(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*') {
            continue;
        }
        // A run of spaces, full-width ones included, becomes one space.
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
    }
    let out: String = out.chars().take(MAX_STEM_CHARS).collect();
    // A leading dot hides the file on Linux; a trailing dot or space Windows drops.
    let out = out
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' '])
        .to_string();
    let device = out.split('.').next().unwrap_or_default();
    if out.is_empty() {
        FALLBACK_STEM.to_string()
    } else if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(device)) {
        format!("{out}_")
    } else {
        out
    }
}

/// `stem.extension`, or `stem-2.extension`, `stem-3.extension`… : the first that no file in
/// `folder` has. Names are compared as the file system does; a folder that cannot be read has
/// no files.
pub fn free_name(folder: &Path, stem: &str, extension: &str) -> String {
    (1..)
        .map(|n| match n {
            1 => format!("{stem}.{extension}"),
            n => format!("{stem}-{n}.{extension}"),
        })
        .find(|name| !folder.join(name).try_exists().unwrap_or(false))
        .unwrap_or_else(|| format!("{stem}.{extension}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Draft;
    use crate::report::assemble;
    use crate::template::Registry;

    fn stem(template: &str, fields: &[(&str, &str)]) -> String {
        let registry = Registry::builtin();
        let template = registry.template(template).unwrap();
        let mut draft = Draft::new(template);
        for (key, value) in fields {
            draft.fields.insert(key.to_string(), value.to_string());
        }
        file_stem(&assemble(&draft, template), draft.field("姓名"))
    }

    #[test]
    fn the_name_is_the_writer_and_the_title() {
        assert_eq!(
            stem("zongjie", &[("年度", "2026"), ("姓名", "王晓岚")]),
            "王晓岚-2026年度个人工作总结"
        );
        assert_eq!(
            stem("dnqjl", &[("年度", "2026"), ("姓名", "周明远")]),
            "周明远-2026年度述职述德述廉述法报告（德能勤绩廉）"
        );
    }

    #[test]
    fn a_title_that_names_the_writer_does_not_say_it_twice() {
        assert_eq!(
            stem("duizhao", &[("年度", "2026"), ("姓名", "王建国")]),
            "王建国-2026年度民主生活会个人对照检查材料"
        );
        assert_eq!(
            stem(
                "shuze",
                &[
                    ("年度", "2026"),
                    ("姓名", "欧阳明远"),
                    ("职务", "县委办公室主任")
                ]
            ),
            "欧阳明远-2026年度述责述廉报告"
        );
    }

    #[test]
    fn places_still_to_fill_are_left_out() {
        assert_eq!(stem("zongjie", &[]), "年度个人工作总结");
        assert_eq!(
            stem("duizhao", &[("年度", "2026")]),
            "2026年度民主生活会个人对照检查材料"
        );
    }

    #[test]
    fn characters_windows_refuses_never_reach_a_name() {
        assert_eq!(
            safe_stem("述职<报告>: \"甲/乙\\丙|丁?*\u{7}戊"),
            "述职报告 甲乙丙丁戊"
        );
        assert_eq!(safe_stem("  ..报告. . "), "报告");
        assert_eq!(safe_stem("报告\u{3000}\u{3000}全文"), "报告 全文");
        assert_eq!(safe_stem("con"), "con_");
        assert_eq!(safe_stem("LPT1.报告"), "LPT1.报告_");
        assert_eq!(safe_stem("???"), FALLBACK_STEM);
    }

    #[test]
    fn a_long_name_is_cut_to_a_length_every_file_system_takes() {
        let long = "很长的标题".repeat(40);
        let cut = safe_stem(&long);
        assert_eq!(cut.chars().count(), MAX_STEM_CHARS);
        assert!(format!("{cut}-99.docx").len() < 255);
        assert_eq!(
            safe_stem(&format!("{}. 报告", "甲".repeat(58))),
            "甲".repeat(58)
        );
    }

    #[test]
    fn two_writers_get_two_files_and_one_writer_twice_gets_a_number() {
        let dir = tempfile::tempdir().unwrap();
        let names: Vec<String> = ["王建国", "李红梅", "王建国"]
            .iter()
            .map(|writer| {
                let stem = stem("duizhao", &[("年度", "2026"), ("姓名", writer)]);
                let name = free_name(dir.path(), &stem, "docx");
                std::fs::write(dir.path().join(&name), b"x").unwrap();
                name
            })
            .collect();
        assert_eq!(
            names,
            [
                "王建国-2026年度民主生活会个人对照检查材料.docx",
                "李红梅-2026年度民主生活会个人对照检查材料.docx",
                "王建国-2026年度民主生活会个人对照检查材料-2.docx",
            ]
        );
    }
}
