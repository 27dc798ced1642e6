//! All templates and phrase banks known to this run: the built-in ones, then those in each data
//! folder of [`config::data_dirs`] (the packages', the administrator's, the user's), each
//! replacing what came before it by id.
//!
//! Where a template or bank came from is kept in its `origin` (`内置` or the file's path), and
//! what it replaced in [`Registry::replaced`], so `shuzhi templates` can say both.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{Audience, Bank, Error, Part, Phrase, Template, builtin, parse_bank, parse_template};
use crate::config;
use crate::source::{ReadError, Source};

/// The template a new draft gets when none is named.
pub const DEFAULT_TEMPLATE: &str = "dnqjl";

/// What `origin` says for templates and banks compiled into the binary.
const BUILTIN_ORIGIN: &str = "内置";

/// The subfolder of a data folder that holds templates; its `phrases/` holds phrase banks.
pub const TEMPLATES_SUBDIR: &str = "templates";

/// The templates and banks available, in the order they are listed to the user.
#[derive(Clone, Debug)]
pub struct Registry {
    templates: Vec<Template>,
    banks: BTreeMap<String, Bank>,
    /// For a template id: the origins of the templates it replaced, earliest first.
    replaced: BTreeMap<String, Vec<String>>,
}

impl Registry {
    /// Only the built-in templates and banks.
    pub fn builtin() -> Registry {
        // The built-ins are checked by the tests in this module, so they always parse.
        Registry::load_folders(&[]).expect("built-in templates are valid")
    }

    /// What a command runs with: the built-ins, then the templates folder of every data folder
    /// in [`config::data_dirs`] order.
    pub fn installed() -> Result<Registry, Error> {
        let folders: Vec<PathBuf> = config::data_dirs()
            .into_iter()
            .map(|dir| dir.join(TEMPLATES_SUBDIR))
            .collect();
        Registry::load_folders(&folders)
    }

    /// The built-ins, plus one templates folder if there is one.
    pub fn load(user_dir: Option<&Path>) -> Result<Registry, Error> {
        let folders: Vec<PathBuf> = user_dir.into_iter().map(Path::to_path_buf).collect();
        Registry::load_folders(&folders)
    }

    /// The built-ins, then each templates folder in turn: `DIR/*.toml` are templates and
    /// `DIR/phrases/*.toml` phrase banks. A file with the id of one already known replaces it;
    /// two files in one folder with the same id are an error. Missing folders hold nothing.
    pub fn load_folders(folders: &[PathBuf]) -> Result<Registry, Error> {
        let mut banks = BTreeMap::new();
        for (name, text) in builtin::BANKS {
            let bank = parse_bank(&Source::new(*name, *text), BUILTIN_ORIGIN)?;
            banks.insert(bank.id.clone(), bank);
        }
        for folder in folders {
            let mut in_folder: BTreeMap<String, String> = BTreeMap::new();
            for source in &read_dir_sources(&folder.join("phrases"))? {
                let bank = parse_bank(source, &source.name)?;
                if let Some(first) = in_folder.insert(bank.id.clone(), source.name.clone()) {
                    return Err(duplicate(source, "素材库", &bank.id, &first));
                }
                banks.insert(bank.id.clone(), bank);
            }
        }

        let bank_ids: BTreeSet<String> = banks.keys().cloned().collect();
        let mut templates: Vec<Template> = Vec::new();
        for (name, text) in builtin::TEMPLATES {
            templates.push(parse_template(
                &Source::new(*name, *text),
                &bank_ids,
                BUILTIN_ORIGIN,
            )?);
        }
        let mut replaced: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for folder in folders {
            let mut in_folder: BTreeMap<String, String> = BTreeMap::new();
            for source in &read_dir_sources(folder)? {
                let template = parse_template(source, &bank_ids, &source.name)?;
                if let Some(first) = in_folder.insert(template.id.clone(), source.name.clone()) {
                    return Err(duplicate(source, "模板", &template.id, &first));
                }
                match templates.iter_mut().find(|t| t.id == template.id) {
                    Some(existing) => {
                        let before = std::mem::replace(existing, template);
                        replaced.entry(before.id).or_default().push(before.origin);
                    }
                    None => templates.push(template),
                }
            }
        }
        check_types(&banks, &templates)?;
        Ok(Registry {
            templates,
            banks,
            replaced,
        })
    }

    /// Where the templates that the one with this id replaced came from, earliest first
    /// (`内置` or a path); empty when it replaced none.
    pub fn replaced(&self, id: &str) -> &[String] {
        self.replaced.get(id).map_or(&[], Vec::as_slice)
    }

    /// Every template, built-ins first.
    pub fn templates(&self) -> &[Template] {
        &self.templates
    }

    /// The template with this id, or an error that lists the ones there are.
    pub fn template(&self, id: &str) -> Result<&Template, Error> {
        self.templates
            .iter()
            .find(|t| t.id == id)
            .ok_or_else(|| Error::UnknownTemplate {
                id: id.to_string(),
                known: self.templates.iter().map(|t| t.id.clone()).collect(),
            })
    }

    /// The phrase bank with this id.
    pub fn bank(&self, id: &str) -> Option<&Bank> {
        self.banks.get(id)
    }

    /// Every phrase bank, in order of id.
    pub fn banks(&self) -> impl Iterator<Item = &Bank> + '_ {
        self.banks.values()
    }

    /// The phrases a part offers: its own, then those of its banks, in order.
    pub fn phrases<'a>(&'a self, part: &'a Part) -> impl Iterator<Item = &'a Phrase> + 'a {
        part.phrases.iter().chain(
            part.banks
                .iter()
                .filter_map(|id| self.banks.get(id))
                .flat_map(|bank| bank.phrases.iter()),
        )
    }

    /// The phrases a part offers to `audience`, in order: those of its years, of `template`'s
    /// type, of the writer's role and unit kind. The audience's own template, if it names one,
    /// is replaced by `template`.
    pub fn offered<'a>(
        &'a self,
        template: &'a Template,
        part: &'a Part,
        audience: &Audience,
    ) -> impl Iterator<Item = &'a Phrase> + 'a {
        let audience = Audience {
            template: Some(template.id.clone()),
            ..audience.clone()
        };
        self.phrases(part)
            .filter(move |phrase| phrase.fit.fits(&audience))
    }

    /// Every phrase of every part of `template`, each once, with the part it belongs to first.
    pub fn template_phrases<'a>(&'a self, template: &'a Template) -> Vec<&'a Phrase> {
        let mut seen = BTreeSet::new();
        template
            .parts
            .iter()
            .flat_map(|part| self.phrases(part))
            .filter(|phrase| seen.insert(phrase.text.as_str()))
            .collect()
    }

    /// Every phrase of every template, each once, template by template.
    pub fn all_phrases(&self) -> Vec<&Phrase> {
        let mut seen = BTreeSet::new();
        self.templates
            .iter()
            .flat_map(|t| self.template_phrases(t))
            .filter(|p| seen.insert(p.text.as_str()))
            .collect()
    }
}

/// Every `types` entry of a bank names a template there is: a typo would hide its phrases.
fn check_types(banks: &BTreeMap<String, Bank>, templates: &[Template]) -> Result<(), Error> {
    for bank in banks.values() {
        for phrase in &bank.phrases {
            if let Some(id) = phrase
                .fit
                .types
                .iter()
                .find(|id| !templates.iter().any(|t| &t.id == *id))
            {
                return Err(Error::UnknownType {
                    bank: bank.id.clone(),
                    origin: bank.origin.clone(),
                    phrase: phrase.text.clone(),
                    id: id.clone(),
                    known: templates.iter().map(|t| t.id.clone()).collect(),
                });
            }
        }
    }
    Ok(())
}

fn duplicate(source: &Source, what: &'static str, id: &str, first: &str) -> Error {
    Error::DuplicateId {
        what,
        id: id.to_string(),
        first: first.to_string(),
        file: source.name.clone(),
    }
}

/// Reads every `*.toml` directly in `dir`, sorted by name; a missing folder holds nothing.
fn read_dir_sources(dir: &Path) -> Result<Vec<Source>, Error> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(ReadError::io(dir, e).into()),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml") && path.is_file())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| Source::read(path).map_err(Error::from))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_template_and_bank_parses() {
        let registry = Registry::builtin();
        assert!(registry.template(DEFAULT_TEMPLATE).is_ok());
        assert!(!registry.banks.is_empty());
    }

    #[test]
    fn every_file_in_the_templates_folder_is_built_in() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let listed = |list: &[(&str, &str)]| -> BTreeSet<String> {
            list.iter()
                .map(|(name, _)| name.trim_start_matches("内置/").to_string())
                .collect()
        };
        let on_disk = |dir: &Path, prefix: &str| -> BTreeSet<String> {
            read_dir_sources(dir)
                .unwrap()
                .iter()
                .map(|s| {
                    format!(
                        "{prefix}{}",
                        Path::new(&s.name).file_name().unwrap().to_string_lossy()
                    )
                })
                .collect()
        };
        assert_eq!(on_disk(&root, ""), listed(builtin::TEMPLATES));
        assert_eq!(
            on_disk(&root.join("phrases"), "phrases/"),
            listed(builtin::BANKS)
        );
    }

    #[test]
    fn the_examples_in_the_template_guide_are_valid() {
        let guide = include_str!("../../templates/README.md");
        let blocks: Vec<&str> = guide
            .split("```toml\n")
            .skip(1)
            .map(|rest| rest.split("```").next().unwrap())
            .collect();
        assert_eq!(blocks.len(), 2);
        let registry = Registry::builtin();
        let banks: BTreeSet<String> = registry.banks.keys().cloned().collect();
        let template = parse_template(&Source::new("guide", blocks[0]), &banks, "guide").unwrap();
        assert_eq!(
            template.parts[1].points,
            Some(crate::text::ordinal::PointStyle::Yishi)
        );
        let bank = parse_bank(&Source::new("guide", blocks[1]), "guide").unwrap();
        assert_eq!(bank.phrases.len(), 4);
        let last = &bank.phrases[3].fit;
        assert_eq!((last.from, last.to), (Some(2025), Some(2026)));
        assert_eq!(last.role, Some(crate::template::Role::Leader));
        assert_eq!(last.units, [crate::template::UnitKind::CountyDepartment]);
    }

    #[test]
    fn unknown_template_suggests_the_nearest() {
        let err = Registry::builtin().template("dnqj").unwrap_err();
        assert!(matches!(&err, Error::UnknownTemplate { id, .. } if id == "dnqj"));
        assert!(err.help().unwrap().contains("`dnqjl`"));
    }

    #[test]
    fn user_folder_adds_and_overrides_templates() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("phrases")).unwrap();
        std::fs::write(
            dir.path().join("phrases/mine.toml"),
            "id = \"mine\"\nname = \"我的\"\n[[groups]]\ntopic = \"自编\"\nphrases = [\"自己写的一句话。\"]\n",
        )
        .unwrap();
        let template = "id = \"ID\"\nname = \"NAME\"\ntitle = \"报告\"\n[[parts]]\nid = \"body\"\nstep = \"正文\"\nbanks = [\"mine\", \"opening\"]\n";
        std::fs::write(
            dir.path().join("a.toml"),
            template.replace("ID", "mine").replace("NAME", "我的模板"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("b.toml"),
            template.replace("ID", "dnqjl").replace("NAME", "改过的"),
        )
        .unwrap();

        let registry = Registry::load(Some(dir.path())).unwrap();
        assert_eq!(registry.template("dnqjl").unwrap().name, "改过的");
        let mine = registry.template("mine").unwrap();
        let first = registry.phrases(&mine.parts[0]).next().unwrap();
        assert_eq!(first.text, "自己写的一句话。");
    }

    #[test]
    fn a_bank_naming_a_template_there_is_not_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("phrases")).unwrap();
        std::fs::write(
            dir.path().join("phrases/mine.toml"),
            "id = \"mine\"\nname = \"我的\"\n[[groups]]\ntopic = \"自编\"\ntypes = [\"dnqj\"]\nphrases = [\"一句话。\"]\n",
        )
        .unwrap();
        let err = Registry::load(Some(dir.path())).unwrap_err();
        assert!(err.to_string().contains("`dnqj`"), "{err}");
        assert_eq!(err.help().as_deref(), Some("是否想写 `dnqjl`？"));
    }

    #[test]
    fn a_part_offers_only_what_fits_the_writer() {
        let registry = Registry::builtin();
        let zongjie = registry.template("zongjie").unwrap();
        let part = zongjie.part("discipline").unwrap();
        let staff = Audience {
            year: Some(2026),
            role: Some(crate::template::Role::Staff),
            ..Audience::default()
        };
        let offered: Vec<&Phrase> = registry.offered(zongjie, part, &staff).collect();
        assert!(offered.len() < registry.phrases(part).count());
        assert!(offered.iter().all(|p| p.fit.fits(&Audience {
            template: Some("zongjie".into()),
            ..staff.clone()
        })));
    }

    #[test]
    fn two_user_templates_with_one_id_are_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let template = "id = \"x\"\nname = \"甲\"\ntitle = \"报告\"\n[[parts]]\nid = \"body\"\nstep = \"正文\"\n";
        std::fs::write(dir.path().join("a.toml"), template).unwrap();
        std::fs::write(dir.path().join("b.toml"), template).unwrap();
        let err = Registry::load(Some(dir.path())).unwrap_err();
        assert!(
            matches!(&err, Error::DuplicateId { id, .. } if id == "x"),
            "{err}"
        );
        let d = crate::source::Diagnostic::from(err);
        assert!(d.message.contains("重复"), "{d}");
        assert!(d.file.unwrap().ends_with("b.toml"));
    }

    #[test]
    fn a_broken_user_template_is_reported_not_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.toml"), "id = \"x\"\nname = \n").unwrap();
        let err = Registry::load(Some(dir.path())).unwrap_err();
        let Error::Toml(err) = err else {
            panic!("a TOML error: {err}")
        };
        assert_eq!(err.at.unwrap().line, 2);
    }

    /// A template file with this id and name, referring to `banks`.
    fn template_file(id: &str, name: &str, banks: &str) -> String {
        format!(
            "id = \"{id}\"\nname = \"{name}\"\ntitle = \"报告\"\n[[parts]]\nid = \"body\"\nstep = \"正文\"\nbanks = [{banks}]\n"
        )
    }

    #[test]
    fn each_later_folder_replaces_the_earlier_by_id_and_says_what_it_replaced() {
        let root = tempfile::tempdir().unwrap();
        let packaged = root.path().join("usr/share/shuzhi/templates");
        let unit = root.path().join("etc/shuzhi/templates");
        let user = root.path().join("home/.config/shuzhi/templates");
        for dir in [&packaged, &unit, &user] {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(
            packaged.join("dnqjl.toml"),
            template_file("dnqjl", "软件包的", ""),
        )
        .unwrap();
        std::fs::write(
            unit.join("dnqjl.toml"),
            template_file("dnqjl", "本单位的", ""),
        )
        .unwrap();
        std::fs::write(
            unit.join("danwei.toml"),
            template_file("danwei", "本单位专用", ""),
        )
        .unwrap();
        std::fs::write(
            user.join("mine.toml"),
            template_file("danwei", "我改过的", ""),
        )
        .unwrap();

        let registry =
            Registry::load_folders(&[packaged.clone(), unit.clone(), user.clone()]).unwrap();
        let dnqjl = registry.template("dnqjl").unwrap();
        assert_eq!(dnqjl.name, "本单位的");
        assert!(
            dnqjl.origin.ends_with("etc/shuzhi/templates/dnqjl.toml"),
            "{}",
            dnqjl.origin
        );
        let replaced = registry.replaced("dnqjl");
        assert_eq!(replaced.len(), 2);
        assert_eq!(replaced[0], "内置");
        assert!(replaced[1].ends_with("usr/share/shuzhi/templates/dnqjl.toml"));

        let danwei = registry.template("danwei").unwrap();
        assert_eq!(danwei.name, "我改过的");
        assert!(danwei.origin.ends_with("mine.toml"));
        assert!(registry.replaced("shulian").is_empty());
        assert_eq!(registry.template("shulian").unwrap().origin, "内置");
    }

    #[test]
    fn a_template_may_use_a_bank_from_an_earlier_folder() {
        let root = tempfile::tempdir().unwrap();
        let unit = root.path().join("etc");
        let user = root.path().join("user");
        std::fs::create_dir_all(unit.join("phrases")).unwrap();
        std::fs::create_dir_all(&user).unwrap();
        std::fs::write(
            unit.join("phrases/danwei.toml"),
            "id = \"danwei\"\nname = \"本单位\"\n[[groups]]\ntopic = \"本单位\"\nphrases = [\"围绕本单位中心工作谋划推进。\"]\n",
        )
        .unwrap();
        std::fs::write(
            user.join("t.toml"),
            template_file("t", "我的", "\"danwei\""),
        )
        .unwrap();
        let registry = Registry::load_folders(&[unit, user]).unwrap();
        let t = registry.template("t").unwrap();
        let first = registry.phrases(&t.parts[0]).next().unwrap();
        assert_eq!(first.text, "围绕本单位中心工作谋划推进。");
    }

    #[test]
    fn the_same_id_in_two_folders_is_no_error_but_twice_in_one_is() {
        let root = tempfile::tempdir().unwrap();
        let a = root.path().join("a");
        let b = root.path().join("b");
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("x.toml"), template_file("x", "甲", "")).unwrap();
        std::fs::write(b.join("x.toml"), template_file("x", "乙", "")).unwrap();
        let registry = Registry::load_folders(&[a.clone(), b.clone()]).unwrap();
        assert_eq!(registry.template("x").unwrap().name, "乙");
        std::fs::write(b.join("y.toml"), template_file("x", "丙", "")).unwrap();
        assert!(Registry::load_folders(&[a, b]).is_err());
    }
}
