//! `shuzhi dist-files DIR` (not listed anywhere): writes the man pages and the bash and zsh
//! completions into `DIR/man/` and `DIR/completions/`, generated from the very clap definitions
//! the command line parses with, so they never drift from it. `scripts/dist` runs it and puts
//! the files into the tarballs and packages; a writer has no use for it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Arg, ArgMatches, value_parser};
use clap_complete::Shell;
use roff::{Roff, bold, roman};

use shuzhi::config::{SYSTEM_DATA_DIRS, SYSTEM_DIRS_VAR};
use shuzhi::source::Diagnostic;

/// The subcommand's name.
pub const NAME: &str = "dist-files";

/// The man page sections clap_mangen writes in English, in the words of a Chinese man page.
const SECTION_NAMES: [(&str, &str); 7] = [
    ("NAME", "名称"),
    ("SYNOPSIS", "概要"),
    ("DESCRIPTION", "说明"),
    ("OPTIONS", "选项"),
    ("EXTRA", "补充说明"),
    ("VERSION", "版本"),
    ("AUTHORS", "作者"),
];

pub fn command() -> clap::Command {
    clap::Command::new(NAME).hide(true).arg(
        Arg::new("dir")
            .required(true)
            .value_parser(value_parser!(PathBuf)),
    )
}

pub fn run(args: &ArgMatches) -> Result<ExitCode, Diagnostic> {
    let Some(dir) = args.get_one::<PathBuf>("dir") else {
        return Err(Diagnostic::new("缺少输出文件夹"));
    };
    write_all(dir).map_err(|(path, e)| {
        Diagnostic::new(format!(
            "写入 `{}` 失败：{}",
            path.display(),
            shuzhi::files::io_reason(&e)
        ))
        .help("请检查输出文件夹是否可写")
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Every file, by name relative to the output folder, with its text.
pub fn files() -> Vec<(PathBuf, String)> {
    let mut cmd = super::command();
    cmd.build();
    let mut files = vec![(PathBuf::from("man/shuzhi.1"), main_page(&cmd))];
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let man = man(sub);
        let name = PathBuf::from("man").join(man.get_filename());
        files.push((name, chinese_sections(&render(&man))));
    }
    for (shell, name) in [(Shell::Bash, "shuzhi.bash"), (Shell::Zsh, "_shuzhi")] {
        let mut out = Vec::new();
        clap_complete::generate(shell, &mut cmd.clone(), "shuzhi", &mut out);
        let text = String::from_utf8_lossy(&out).into_owned();
        files.push((PathBuf::from("completions").join(name), text));
    }
    files
}

fn write_all(dir: &Path) -> Result<(), (PathBuf, std::io::Error)> {
    for (name, text) in files() {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| (parent.to_path_buf(), e))?;
        }
        std::fs::write(&path, text).map_err(|e| (path.clone(), e))?;
    }
    Ok(())
}

/// A page of this manual: the same footer on every page.
fn man(cmd: &clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(cmd.clone())
        .manual("述职（shuzhi）使用说明")
        .source(concat!("shuzhi ", env!("CARGO_PKG_VERSION")))
}

fn render(man: &clap_mangen::Man) -> String {
    let mut out = Vec::new();
    // Rendering into a Vec cannot fail.
    let _ = man.render(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// `shuzhi.1`: what clap knows, then where the files are, the environment and the exit codes.
fn main_page(cmd: &clap::Command) -> String {
    let man = man(cmd);
    let mut page = chinese_sections(&render(&man));
    let mut roff = Roff::new();
    roff.control("SH", ["文件"]);
    let system: Vec<&str> = SYSTEM_DATA_DIRS.to_vec();
    let entries: [(&str, String); 6] = [
        (
            "~/.config/shuzhi/config.toml",
            "配置文件（可以没有），在 $XDG_CONFIG_HOME/shuzhi/ 中。".to_string(),
        ),
        (
            "~/.local/share/shuzhi/drafts/",
            "草稿默认放在这里（$XDG_DATA_HOME/shuzhi/drafts/），文件夹 0700，草稿 0600。"
                .to_string(),
        ),
        (
            system[0],
            "软件包（.deb、.rpm）带的模板和素材库：templates/、templates/phrases/。升级时会被替换，请不要在这里修改。"
                .to_string(),
        ),
        (
            system[1],
            "解压到 /usr/local 的 tar.gz 包带的同样文件。".to_string(),
        ),
        (
            system[2],
            "本单位管理员的模板和素材库，放法同上；与内置或软件包中 id 相同的会替换它们。"
                .to_string(),
        ),
        (
            "~/.config/shuzhi/templates/",
            "自己的模板，素材库在其中的 phrases/；按 id 替换前面所有的同名模板。".to_string(),
        ),
    ];
    for (path, what) in entries {
        roff.control("TP", []);
        roff.text([bold(path)]);
        roff.text([roman(what)]);
    }
    roff.control("PP", []);
    roff.text([roman(
        "查找顺序：内置 → 软件包 → /usr/local → /etc/shuzhi → 个人，后面的按 id 替换前面的。\
         运行 shuzhi templates 可看到每个模板来自哪里、替换了什么。",
    )]);
    roff.control("SH", ["环境变量"]);
    let variables: [(&str, &str); 5] = [
        (
            "XDG_CONFIG_HOME",
            "配置文件和个人模板所在的文件夹，默认 ~/.config。",
        ),
        ("XDG_DATA_HOME", "草稿文件夹的上级，默认 ~/.local/share。"),
        (
            SYSTEM_DIRS_VAR,
            "设了就代替上面的三个系统文件夹（用 : 分隔，先低后高；设为空则不读系统文件夹），可在启用新模板前先试一试。",
        ),
        ("NO_COLOR", "设了就不用颜色。"),
        ("LANG", "须是 UTF-8 的区域设置，如 C.UTF-8 或 zh_CN.UTF-8。"),
    ];
    for (name, what) in variables {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(what)]);
    }
    roff.control("SH", ["退出码"]);
    roff.text([roman(
        "0 成功；1 shuzhi check 查出了问题；2 输入有误（草稿、模板、配置读不了，或写文件失败），原因写在标准错误输出上。",
    )]);
    page.push_str(&roff.to_roff());
    page
}

/// The same page with clap_mangen's English section headings in Chinese, set ragged-right and
/// unhyphenated: Chinese text has no spaces, so justifying it would stretch the few there are.
fn chinese_sections(page: &str) -> String {
    let mut out = String::with_capacity(page.len() + 16);
    for line in page.lines() {
        let heading = line.strip_prefix(".SH ");
        match heading.and_then(|h| SECTION_NAMES.iter().find(|(en, _)| *en == h)) {
            Some((_, zh)) => out.push_str(&format!(".SH {zh}\n")),
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
        if line.starts_with(".TH ") {
            out.push_str(".ad l\n.nh\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str) -> String {
        files()
            .into_iter()
            .find(|(path, _)| path == Path::new(name))
            .map(|(_, text)| text)
            .unwrap_or_else(|| panic!("{name} is not generated"))
    }

    #[test]
    fn the_man_page_lists_every_command_and_the_system_folders_in_chinese() {
        let page = file("man/shuzhi.1");
        for command in [
            "new",
            "open",
            "render",
            "check",
            "templates",
            "phrases",
            "import",
        ] {
            assert!(
                page.contains(&format!("shuzhi\\-{command}(1)")),
                "{command}"
            );
        }
        for heading in [".SH 名称", ".SH 概要", ".SH 选项", ".SH 文件", ".SH 退出码"] {
            assert!(page.contains(heading), "{heading}");
        }
        assert!(!page.contains(".SH NAME"));
        assert!(page.contains("/etc/shuzhi") && page.contains("SHUZHI_SYSTEM_DIRS"));
        assert!(!page.contains(NAME));
    }

    #[test]
    fn each_command_has_its_own_page() {
        let page = file("man/shuzhi-render.1");
        assert!(page.contains("\\-\\-force"), "{page}");
        assert!(page.contains("把草稿写成报告"));
    }

    #[test]
    fn completions_offer_every_command_but_not_this_one() {
        for name in ["completions/shuzhi.bash", "completions/_shuzhi"] {
            let script = file(name);
            for command in ["render", "check", "templates", "import"] {
                assert!(script.contains(command), "{name}: {command}");
            }
            assert!(script.contains("--force"), "{name}");
            assert!(!script.contains(NAME), "{name}");
        }
    }
}
