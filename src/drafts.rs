//! 草稿文件夹: where the wizard keeps drafts started without a path — making it private to its
//! owner (or refusing one that is not), listing what is in it newest first, the latest draft (a
//! new one takes the writer's 姓名、职务、单位 from it), a fresh file name, the name a draft
//! started before its writer was known should now have, and creating a draft with this
//! report's year filled in.
//!
//! Today's date is passed in, never read here, so the year rule (a report written from July on
//! is about this year, before July about last year) is tested like the rest. Nothing here
//! draws or asks: the wizard and `shuzhi new` call it and show what it says.

use std::fs::DirBuilder;
use std::io;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{Datelike, NaiveDate};

use crate::draft::Draft;
use crate::draft::lock::Lock;
use crate::draft::recovery;
use crate::files::{self, Overwrite, PRIVATE_FILE_MODE};
use crate::report::{self, naming, part_counts};
use crate::template::{Registry, Template};

/// Mode of the drafts folder: private to its owner.
const PRIVATE_DIR_MODE: u32 = 0o700;
/// Field keys whose values a new draft takes from the writer's latest draft.
const CARRIED_FIELDS: [&str; 3] = ["姓名", "职务", "单位"];
/// From this month on, a report written is about this year; before it, about last year.
const REPORT_YEAR_FROM_MONTH: u32 = 7;

/// What went wrong with the drafts folder or a new draft.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such template (the registry's own message, with its suggestion).
    #[error(transparent)]
    Template(#[from] crate::template::Error),
    #[error("`{}` 已存在；要继续写它，请用 shuzhi open", .0.display())]
    Exists(PathBuf),
    #[error("无法创建 `{}`：{}", .path.display(), files::io_reason(.source))]
    Write { path: PathBuf, source: io::Error },
    #[error("找不到主目录（HOME 未设置），请用 shuzhi new 草稿.toml 指定路径")]
    NoFolder,
    #[error("无法创建草稿文件夹 `{}`：{}", .dir.display(), files::io_reason(.source))]
    CreateFolder { dir: PathBuf, source: io::Error },
    #[error("无法读取草稿文件夹 `{}`：{}", .dir.display(), files::io_reason(.source))]
    ReadFolder { dir: PathBuf, source: io::Error },
    #[error("草稿文件夹 `{}` 不属于你，不安全，没有使用", .0.display())]
    NotYours(PathBuf),
    #[error(
        "草稿文件夹 `{}` 其他用户也能写入，不安全，没有使用；请运行 chmod 700 '{}'",
        .0.display(),
        .0.display()
    )]
    OthersCanWrite(PathBuf),
}

/// One draft listed on the start screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftSummary {
    pub path: PathBuf,
    pub title: String,
    /// 姓名 as the draft has it ("" when not yet filled).
    pub writer: String,
    pub template: String,
    pub modified: String,
    pub words: usize,
    pub filled: usize,
    pub parts: usize,
    /// Why it could not be read, if it could not.
    pub error: Option<String>,
}

/// The drafts folder (`None` when there is no home folder to put it in).
#[derive(Clone, Debug)]
pub struct Drafts {
    dir: Option<PathBuf>,
}

/// The year a report written on `today` is about: this year from July on, else last year.
pub fn report_year(today: NaiveDate) -> i32 {
    if today.month() >= REPORT_YEAR_FROM_MONTH {
        today.year()
    } else {
        today.year() - 1
    }
}

impl Drafts {
    pub fn new(dir: Option<PathBuf>) -> Drafts {
        Drafts { dir }
    }

    /// The folder of the configuration (`$XDG_DATA_HOME/shuzhi/drafts` or the like).
    pub fn configured() -> Drafts {
        Drafts::new(crate::config::drafts_dir())
    }

    /// Whether the folder, if it exists, is fit to use.
    pub fn check(&self) -> Result<(), Error> {
        match &self.dir {
            Some(dir) if dir.exists() => private_dir(dir),
            _ => Ok(()),
        }
    }

    /// A fresh file in the folder (made private first) named for the writer and the report:
    /// `王晓岚-2026年度个人工作总结.toml`, then `…-2.toml`, …
    pub fn new_path(&self, draft: &Draft, template: &Template) -> Result<PathBuf, Error> {
        let dir = self.dir.as_ref().ok_or(Error::NoFolder)?;
        private_dir(dir)?;
        let report = report::assemble(draft, template);
        let stem = naming::file_stem(&report, draft.field("姓名"));
        Ok(dir.join(naming::free_name(dir, &stem, "toml")))
    }

    /// The name a draft at `path` in the folder should now have, when it was named before its
    /// writer was known (`2026年度个人工作总结.toml`, `…-2.toml`) and its 姓名 is now given: a
    /// fresh name in the folder carrying the writer (`王晓岚-2026年度个人工作总结.toml`).
    /// `None` for a draft elsewhere, one already named otherwise, or while there is no writer.
    pub fn named_for_writer(
        &self,
        path: &Path,
        draft: &Draft,
        template: &Template,
    ) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        let writer = draft.field("姓名").trim();
        if writer.is_empty() || path.parent() != Some(dir.as_path()) {
            return None;
        }
        let stem = path.file_stem()?.to_str()?;
        // The name it was given: before the 姓名 was known, and perhaps before any field but
        // the 年度 was (a title such as {职务}{姓名}同志… named it without the post too).
        let stem_without = |keep: &dyn Fn(&str) -> bool| {
            let mut nameless = draft.clone();
            nameless.fields.retain(|key, _| keep(key));
            naming::file_stem(&report::assemble(&nameless, template), "")
        };
        let given = [
            stem_without(&|key| key != "姓名"),
            stem_without(&|key| key == "年度"),
        ];
        let started_nameless = given.iter().any(|nameless| {
            stem.strip_prefix(nameless.as_str()).is_some_and(|rest| {
                rest.is_empty()
                    || rest
                        .strip_prefix('-')
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
        });
        if !started_nameless {
            return None;
        }
        let named = naming::file_stem(&report::assemble(draft, template), writer);
        (!given.contains(&named)).then(|| dir.join(naming::free_name(dir, &named, "toml")))
    }

    /// Draft files in the folder, newest first; nothing from a folder that is not private.
    pub fn files(&self) -> Vec<(PathBuf, SystemTime)> {
        let Some(dir) = &self.dir else {
            return Vec::new();
        };
        if dir.exists() && private_dir(dir).is_err() {
            return Vec::new();
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Vec::new();
        };
        let mut files: Vec<(PathBuf, SystemTime)> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .filter_map(|p| {
                let modified = std::fs::metadata(&p).and_then(|m| m.modified()).ok()?;
                Some((p, modified))
            })
            .collect();
        files.sort_by_key(|f| std::cmp::Reverse(f.1));
        files
    }

    /// The newest draft that can be read.
    pub fn latest(&self, registry: &Registry) -> Option<Draft> {
        self.files()
            .into_iter()
            .find_map(|(path, _)| Draft::load(&path, registry).ok())
    }

    /// The drafts to offer on the start screen.
    pub fn list(&self, registry: &Registry) -> Vec<DraftSummary> {
        self.files()
            .into_iter()
            .map(|(path, modified)| summarize(&path, modified, registry))
            .collect()
    }

    /// Creates a new draft of `template` at `path` (or in the folder) and saves it, with the
    /// writer's 姓名、职务、单位 from their latest draft and the year of a report written on
    /// `today` filled in. Never overwrites a file.
    pub fn create(
        &self,
        registry: &Registry,
        template: &str,
        path: Option<PathBuf>,
        today: NaiveDate,
    ) -> Result<(PathBuf, Draft), Error> {
        let template = registry.template(template).map_err(Error::Template)?;
        let mut draft = Draft::new(template);
        let latest = self.latest(registry);
        for key in CARRIED_FIELDS {
            if template.field(key).is_some()
                && let Some(value) = latest
                    .as_ref()
                    .map(|d| d.field(key))
                    .filter(|v| !v.is_empty())
            {
                draft.fields.insert(key.to_string(), value.to_string());
            }
        }
        if template.field("年度").is_some() {
            draft
                .fields
                .insert("年度".into(), report_year(today).to_string());
        }
        draft.date_by_default(template, today.year_ce().1, today.month(), today.day());
        draft.state.step = Some("fields".into());
        let path = match path {
            Some(path) => path,
            None => self.new_path(&draft, template)?,
        };
        files::write_atomic(
            &path,
            draft.to_toml(template).as_bytes(),
            PRIVATE_FILE_MODE,
            Overwrite::Refuse,
        )
        .map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => Error::Exists(path.clone()),
            _ => Error::Write {
                path: path.clone(),
                source: e,
            },
        })?;
        Ok((path, draft))
    }
}

/// The folder inside the drafts folder that deleted drafts go to, to be moved back from.
pub const DELETED_FOLDER: &str = "已删除";

/// Why a draft on the start screen was not renamed or moved to 已删除 (what the box says).
#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    #[error("名称不能为空")]
    Empty,
    #[error(
        "名称不能含有 < > : \" / \\ | ? * 等字符，也不能以点或空格开头、结尾（Windows 不允许）"
    )]
    Unsafe,
    #[error("已有名为“{0}”的草稿，请换一个名称")]
    Taken(String),
    #[error("这份草稿正在另一个窗口中打开，请先在那里退出")]
    Open,
    #[error("无法移动草稿：{}", files::io_reason(.0))]
    Io(#[from] io::Error),
}

/// Moves the draft `from` to `to`, never over a file: a hard link then removing the old name
/// (a link fails if `to` exists), or a rename where links are not supported. Its recovery files
/// follow it.
pub fn move_draft(from: &Path, to: &Path) -> io::Result<()> {
    match std::fs::hard_link(from, to) {
        Ok(()) => std::fs::remove_file(from)?,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err(e),
        Err(_) => std::fs::rename(from, to)?,
    }
    recovery::follow(from, to);
    Ok(())
}

/// Renames the draft at `path` to `name` (a file stem) in its folder, unless the name is empty,
/// has a character Windows refuses, is another draft's, or the draft is open in a live window.
pub fn rename(path: &Path, name: &str) -> Result<PathBuf, MoveError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(MoveError::Empty);
    }
    if naming::safe_stem(name) != name {
        return Err(MoveError::Unsafe);
    }
    let to = path.with_file_name(format!("{name}.toml"));
    if to == path {
        return Ok(to);
    }
    if to.try_exists().unwrap_or(true) {
        return Err(MoveError::Taken(name.to_string()));
    }
    let _lock = unlocked(path)?;
    move_draft(path, &to).map_err(|e| match e.kind() {
        io::ErrorKind::AlreadyExists => MoveError::Taken(name.to_string()),
        _ => MoveError::Io(e),
    })?;
    Ok(to)
}

/// Moves the draft at `path` into the 已删除 folder beside it (made private), under a name no
/// file there has, unless the draft is open in a live window. Returns where it went.
pub fn delete(path: &Path) -> Result<PathBuf, MoveError> {
    let dir = path.parent().unwrap_or(Path::new(".")).join(DELETED_FOLDER);
    DirBuilder::new()
        .recursive(true)
        .mode(PRIVATE_DIR_MODE)
        .create(&dir)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let _lock = unlocked(path)?;
    let to = dir.join(naming::free_name(&dir, &stem, "toml"));
    move_draft(path, &to)?;
    Ok(to)
}

/// The draft's lock, held while it is moved; refused while a live window has it.
fn unlocked(path: &Path) -> Result<Lock, MoveError> {
    Lock::acquire(path)?.map_err(|_| MoveError::Open)
}

/// Creates the drafts folder private to its owner, or checks that an existing one is: drafts
/// hold personal data on shared servers, so a folder others can write to (or owned by someone
/// else) is refused with a message that says how to fix it.
pub fn private_dir(dir: &Path) -> Result<(), Error> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    DirBuilder::new()
        .recursive(true)
        .mode(PRIVATE_DIR_MODE)
        .create(dir)
        .map_err(|source| Error::CreateFolder {
            dir: dir.to_path_buf(),
            source,
        })?;
    let meta = std::fs::metadata(dir).map_err(|source| Error::ReadFolder {
        dir: dir.to_path_buf(),
        source,
    })?;
    // SAFETY: geteuid(2) has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me {
        return Err(Error::NotYours(dir.to_path_buf()));
    }
    if meta.permissions().mode() & 0o022 != 0 {
        return Err(Error::OthersCanWrite(dir.to_path_buf()));
    }
    Ok(())
}

fn summarize(path: &Path, modified: SystemTime, registry: &Registry) -> DraftSummary {
    let modified = chrono::DateTime::<chrono::Local>::from(modified)
        .format("%-m月%-d日 %H:%M")
        .to_string();
    let failed = |error: String| DraftSummary {
        path: path.to_path_buf(),
        title: String::new(),
        writer: String::new(),
        template: String::new(),
        modified: modified.clone(),
        words: 0,
        filled: 0,
        parts: 0,
        error: Some(error),
    };
    let draft = match Draft::load(path, registry) {
        Ok(draft) => draft,
        Err(d) => return failed(d.to_string()),
    };
    let Ok(template) = registry.template(&draft.template) else {
        return failed(format!("模板 `{}` 不存在", draft.template));
    };
    let report = report::assemble(&draft, template);
    let filled = part_counts(template, &report)
        .iter()
        .filter(|c| c.words > 0)
        .count();
    DraftSummary {
        path: path.to_path_buf(),
        title: listed_title(&report),
        writer: draft.field("姓名").to_string(),
        template: template.name.clone(),
        modified,
        words: report.word_count().words,
        filled,
        parts: template.parts.len(),
        error: None,
    }
}

/// The title as the start screen lists it: a place not yet filled, such as `{年度}`, reads
/// "××" as it would on a blank form.
fn listed_title(report: &report::Report) -> String {
    report
        .title
        .iter()
        .map(|inline| match inline.kind {
            report::InlineKind::Slot => "××",
            _ => inline.text.as_str(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_report_written_from_july_on_is_about_this_year_before_july_about_last() {
        assert_eq!(report_year(day(2026, 12, 2)), 2026);
        assert_eq!(report_year(day(2026, 7, 1)), 2026);
        assert_eq!(report_year(day(2026, 6, 30)), 2025);
        assert_eq!(report_year(day(2027, 1, 10)), 2026);
    }

    #[test]
    fn a_draft_whose_title_carries_the_post_is_renamed_once_post_and_name_are_given() {
        // 述责述廉: {职务}{姓名}同志…, started with neither, both typed on the form.
        let home = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(Some(home.path().join("drafts")));
        let registry = Registry::builtin();
        let template = registry.template("shuze").unwrap();
        let (path, mut draft) = drafts
            .create(&registry, "shuze", None, day(2026, 12, 2))
            .unwrap();
        draft
            .fields
            .insert("职务".into(), "县交通运输局党组书记、局长".into());
        assert_eq!(
            drafts.named_for_writer(&path, &draft, template),
            None,
            "no writer yet"
        );
        draft.fields.insert("姓名".into(), "欧阳明远".into());
        let to = drafts.named_for_writer(&path, &draft, template).unwrap();
        let name = to.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("欧阳明远-"), "{name}");
        assert!(name.contains("2026年度述责述廉报告"), "{name}");
        std::fs::rename(&path, &to).unwrap();
        assert_eq!(
            drafts.named_for_writer(&to, &draft, template),
            None,
            "not again"
        );
    }

    #[test]
    fn drafts_started_before_their_writers_were_known_get_names_that_never_collide() {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("drafts");
        let drafts = Drafts::new(Some(dir.clone()));
        let registry = Registry::builtin();
        let template = registry.template("duizhao").unwrap();
        let today = day(2026, 12, 2);
        let (first, _) = drafts.create(&registry, "duizhao", None, today).unwrap();
        let (second, _) = drafts.create(&registry, "duizhao", None, today).unwrap();
        let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(name(&first), "2026年度民主生活会个人对照检查材料.toml");
        assert_eq!(name(&second), "2026年度民主生活会个人对照检查材料-2.toml");

        let mut renamed = Vec::new();
        for (path, writer) in [(&first, "王建国"), (&second, "李红梅")] {
            let mut draft = Draft::load(path, &registry).unwrap();
            assert_eq!(draft.field("姓名"), "", "no writer yet");
            assert_eq!(drafts.named_for_writer(path, &draft, template), None);
            draft.fields.insert("姓名".into(), writer.into());
            let to = drafts.named_for_writer(path, &draft, template).unwrap();
            std::fs::rename(path, &to).unwrap();
            // Named for its writer, it is not renamed again.
            assert_eq!(drafts.named_for_writer(&to, &draft, template), None);
            renamed.push(name(&to));
        }
        assert_eq!(
            renamed,
            [
                "王建国-2026年度民主生活会个人对照检查材料.toml",
                "李红梅-2026年度民主生活会个人对照检查材料.toml"
            ]
        );

        // The same writer's second draft of the year gets a number, never the first one's name.
        let (third, mut draft) = drafts.create(&registry, "duizhao", None, today).unwrap();
        draft.fields.insert("姓名".into(), "王建国".into());
        let taken = dir.join("王建国-2026年度民主生活会个人对照检查材料.toml");
        let to = drafts.named_for_writer(&third, &draft, template).unwrap();
        assert!(taken.exists());
        assert_eq!(
            name(&to),
            "王建国-2026年度民主生活会个人对照检查材料-2.toml"
        );

        // A draft kept elsewhere keeps its name.
        let elsewhere = home.path().join("2026年度民主生活会个人对照检查材料.toml");
        assert_eq!(drafts.named_for_writer(&elsewhere, &draft, template), None);
    }

    #[test]
    fn a_new_draft_gets_the_year_and_the_writers_details_from_the_latest_draft() {
        let home = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(Some(home.path().join("drafts")));
        let registry = Registry::builtin();
        let (first, _) = drafts
            .create(&registry, "dnqjl", None, day(2026, 12, 2))
            .unwrap();
        let mut draft = Draft::load(&first, &registry).unwrap();
        draft.fields.insert("姓名".into(), "周明远".into());
        draft
            .fields
            .insert("单位".into(), "青山县柳溪乡人民政府".into());
        draft
            .save(&first, registry.template("dnqjl").unwrap())
            .unwrap();
        let (second, draft) = drafts
            .create(&registry, "dnqjl", None, day(2027, 3, 1))
            .unwrap();
        assert_ne!(first, second);
        assert_eq!(draft.field("年度"), "2026", "written in March: last year");
        assert_eq!(draft.field("姓名"), "周明远");
        assert_eq!(draft.field("单位"), "青山县柳溪乡人民政府");
        assert_eq!(draft.state.step.as_deref(), Some("fields"));
    }

    #[test]
    fn new_names_carry_the_writer_and_the_title_and_count_up() {
        let home = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(Some(home.path().join("drafts")));
        let registry = Registry::builtin();
        let template = registry.template("zongjie").unwrap();
        let mut draft = Draft::new(template);
        draft.fields.insert("年度".into(), "2026".into());
        draft.fields.insert("姓名".into(), "王晓岚".into());
        let first = drafts.new_path(&draft, template).unwrap();
        assert!(
            first.ends_with("王晓岚-2026年度个人工作总结.toml"),
            "{first:?}"
        );
        std::fs::write(&first, "").unwrap();
        assert!(
            drafts
                .new_path(&draft, template)
                .unwrap()
                .ends_with("王晓岚-2026年度个人工作总结-2.toml")
        );
    }

    #[test]
    fn the_folder_is_made_private_and_one_others_can_write_is_refused() {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("drafts");
        private_dir(&dir).unwrap();
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        let drafts = Drafts::new(Some(dir.clone()));
        assert!(matches!(drafts.check(), Err(Error::OthersCanWrite(_))));
        std::fs::write(dir.join("a.toml"), "").unwrap();
        assert!(drafts.files().is_empty(), "nothing is listed from it");
    }

    #[test]
    fn an_unknown_template_keeps_the_registrys_suggestion() {
        let home = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(Some(home.path().to_path_buf()));
        let err = drafts
            .create(&Registry::builtin(), "dnqj", None, day(2026, 12, 2))
            .unwrap_err();
        let Error::Template(d) = err else {
            panic!("{err:?}")
        };
        assert!(d.help().unwrap_or_default().contains("dnqjl"));
    }

    #[test]
    fn a_draft_is_renamed_in_its_folder_never_over_another_nor_to_a_name_windows_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let draft = dir.path().join("述职报告.toml");
        let other = dir.path().join("别的.toml");
        std::fs::write(&draft, "甲").unwrap();
        std::fs::write(&other, "乙").unwrap();
        assert!(matches!(rename(&draft, "别的"), Err(MoveError::Taken(_))));
        assert!(matches!(rename(&draft, "  "), Err(MoveError::Empty)));
        for bad in ["a/b", "a:b", "问?", "尾点."] {
            assert!(
                matches!(rename(&draft, bad), Err(MoveError::Unsafe)),
                "{bad}"
            );
        }
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "乙");
        let to = rename(&draft, "2026年述职").unwrap();
        assert_eq!(to, dir.path().join("2026年述职.toml"));
        assert_eq!(std::fs::read_to_string(&to).unwrap(), "甲");
        assert!(!draft.exists());
    }

    #[test]
    fn a_deleted_draft_goes_to_a_private_deleted_folder_under_a_free_name_with_its_recovery_files()
    {
        let dir = tempfile::tempdir().unwrap();
        let draft = dir.path().join("述职报告.toml");
        std::fs::write(&draft, "第一份").unwrap();
        let written = recovery::write(&draft, "未保存的", "测试").unwrap();
        let to = delete(&draft).unwrap();
        let deleted = dir.path().join(DELETED_FOLDER);
        assert_eq!(to, deleted.join("述职报告.toml"));
        assert_eq!(std::fs::read_to_string(&to).unwrap(), "第一份");
        assert!(!draft.exists() && !written.exists());
        assert_eq!(
            recovery::list(&to).len(),
            1,
            "its recovery file went with it"
        );
        let mode = std::fs::metadata(&deleted).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        // A second of the same name does not replace the first.
        std::fs::write(&draft, "第二份").unwrap();
        let again = delete(&draft).unwrap();
        assert_eq!(again, deleted.join("述职报告-2.toml"));
        assert_eq!(std::fs::read_to_string(&to).unwrap(), "第一份");
    }

    #[test]
    fn a_draft_open_in_a_live_window_is_neither_renamed_nor_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let draft = dir.path().join("述职报告.toml");
        std::fs::write(&draft, "甲").unwrap();
        let _held = Lock::acquire(&draft).unwrap().unwrap();
        assert!(matches!(rename(&draft, "新名"), Err(MoveError::Open)));
        assert!(matches!(delete(&draft), Err(MoveError::Open)));
        assert!(draft.exists());
    }

    #[test]
    fn the_list_is_newest_first_and_says_why_a_draft_cannot_be_read() {
        let home = tempfile::tempdir().unwrap();
        let drafts = Drafts::new(Some(home.path().join("drafts")));
        let registry = Registry::builtin();
        let (good, _) = drafts
            .create(&registry, "dnqjl", None, day(2026, 12, 2))
            .unwrap();
        let bad = home.path().join("drafts/坏.toml");
        std::fs::write(&bad, "format = 1\ntemplate = \"没有\"\n").unwrap();
        let when = SystemTime::now() + std::time::Duration::from_secs(60);
        std::fs::File::options()
            .write(true)
            .open(&bad)
            .unwrap()
            .set_modified(when)
            .unwrap();
        let list = drafts.list(&registry);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].path, bad);
        assert!(list[0].error.is_some());
        assert_eq!(list[1].path, good);
        assert!(list[1].error.is_none());
        assert!(
            list[1].title.ends_with("报告（德能勤绩廉）"),
            "{}",
            list[1].title
        );
    }
}
