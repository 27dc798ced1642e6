//! 发到我的电脑: getting a file the wizard wrote on the server onto the writer's own computer,
//! and last year's report the other way. Three roads, as far as the writer's terminal allows
//! (the README says which client takes which):
//! - ZMODEM: `sz` and `rz` from lrzsz, answered by Xshell, SecureCRT and MobaXterm on their
//!   own; it does not pass through tmux or screen, so it is not offered inside them;
//! - an OSC 52 copy of the report's text into the local clipboard ([`osc52`]), wrapped for tmux
//!   and screen; some terminals (PuTTY, older Xshell) ignore it;
//! - always, the exact scp and sftp lines to run on the writer's computer, with the server's
//!   address from `SSH_CONNECTION`, the real user and the path quoted for a shell.
//!
//! [`Session`] is what the environment says, read once; everything else here is a pure function
//! of it, except [`zmodem`], which runs `sz` and `rz` on a terminal the caller has handed over.
//! Nothing here draws.

pub mod osc52;
pub mod zmodem;

use std::path::{Path, PathBuf};

/// A terminal multiplexer the wizard runs inside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Multiplexer {
    Tmux,
    Screen,
}

impl Multiplexer {
    pub fn name(self) -> &'static str {
        match self {
            Multiplexer::Tmux => "tmux",
            Multiplexer::Screen => "screen",
        }
    }
}

/// The server as the writer's computer reaches it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Server {
    /// The address for scp: an IPv6 address in brackets.
    pub host: String,
    /// The SSH port, when it is not 22.
    pub port: Option<u16>,
    /// Whether the address came from `SSH_CONNECTION` (else it is this machine's name).
    pub over_ssh: bool,
}

/// What the environment says about getting files to and from the writer's computer.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Session {
    pub multiplexer: Option<Multiplexer>,
    /// `sz` and `rz` (lrzsz), where they are on `PATH`.
    pub sz: Option<PathBuf>,
    pub rz: Option<PathBuf>,
    pub server: Server,
    /// The user logged in, for `user@host`.
    pub user: String,
}

/// Why ZMODEM is not offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoZmodem {
    /// lrzsz is not installed.
    NotInstalled,
    /// ZMODEM does not pass through tmux or screen.
    Inside(Multiplexer),
}

impl NoZmodem {
    /// Why, as the writer is told.
    pub fn reason(self) -> String {
        match self {
            NoZmodem::NotInstalled => {
                "服务器上没有安装 lrzsz（sz、rz），不能用 ZMODEM；可请管理员安装（apt install lrzsz 或 yum install lrzsz）。"
                    .to_string()
            }
            NoZmodem::Inside(m) => format!(
                "正在 {} 中运行，ZMODEM 传不过 {0}；要用它，请在 {0} 之外启动 shuzhi。",
                m.name()
            ),
        }
    }
}

/// The commands that fetch a file from the server, run on the writer's computer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetch {
    /// `scp user@host:'/path/file' .`
    pub scp: String,
    /// `sftp user@host:'/path/file'` (fetches it into the current folder).
    pub sftp: String,
    /// For Xftp, WinSCP and the like: where to connect and which folder to open.
    pub browse: String,
}

impl Session {
    /// The session this process runs in.
    pub fn detect() -> Session {
        Session::from_env(
            |name| std::env::var(name).ok().filter(|v| !v.is_empty()),
            login_name(),
            crate::draft::recovery::host(),
        )
    }

    /// The session described by environment variables (`var`), the user's name and this
    /// machine's name (used when the session is not over SSH).
    pub fn from_env(
        var: impl Fn(&str) -> Option<String>,
        user: String,
        hostname: String,
    ) -> Session {
        // Inside tmux `TMUX` is set, inside screen `STY`; tmux is asked first, as the inner of
        // the two is the one that sees the wizard's output.
        let multiplexer = if var("TMUX").is_some() {
            Some(Multiplexer::Tmux)
        } else if var("STY").is_some() {
            Some(Multiplexer::Screen)
        } else {
            None
        };
        let path = var("PATH").unwrap_or_default();
        let server = var("SSH_CONNECTION")
            .and_then(|c| server_of(&c))
            .unwrap_or(Server {
                host: hostname,
                port: None,
                over_ssh: false,
            });
        Session {
            multiplexer,
            sz: find_program(&path, "sz"),
            rz: find_program(&path, "rz"),
            server,
            user,
        }
    }

    /// `sz`, when ZMODEM can reach the writer's terminal; else why not.
    pub fn sender(&self) -> Result<&Path, NoZmodem> {
        self.zmodem(self.sz.as_deref())
    }

    /// `rz`, when ZMODEM can reach the writer's terminal; else why not.
    pub fn receiver(&self) -> Result<&Path, NoZmodem> {
        self.zmodem(self.rz.as_deref())
    }

    fn zmodem<'a>(&self, program: Option<&'a Path>) -> Result<&'a Path, NoZmodem> {
        if let Some(m) = self.multiplexer {
            return Err(NoZmodem::Inside(m));
        }
        program.ok_or(NoZmodem::NotInstalled)
    }

    /// `user@host`, as scp and sftp take it.
    fn login(&self) -> String {
        format!("{}@{}", self.user, self.server.host)
    }

    /// `-P 2222 ` when the port is not 22.
    fn port_option(&self) -> String {
        self.server
            .port
            .map(|p| format!("-P {p} "))
            .unwrap_or_default()
    }

    /// The commands that fetch `file` (an absolute path on this server).
    pub fn fetch(&self, file: &Path) -> Fetch {
        let quoted = shell_quote(&file.to_string_lossy());
        let (login, port) = (self.login(), self.port_option());
        let folder = file.parent().unwrap_or(Path::new("/"));
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Fetch {
            scp: format!("scp {port}{login}:{quoted} ."),
            sftp: format!("sftp {port}{login}:{quoted}"),
            browse: format!(
                "SFTP 连接 {}，端口 {}，用户 {}，打开 {}，下载 {name}",
                self.server
                    .host
                    .trim_start_matches('[')
                    .trim_end_matches(']'),
                self.server.port.unwrap_or(22),
                self.user,
                folder.display()
            ),
        }
    }

    /// The command that puts a file of the writer's computer into `folder` on this server.
    pub fn upload(&self, folder: &Path) -> String {
        let mut target = folder.to_string_lossy().into_owned();
        if !target.ends_with('/') {
            target.push('/');
        }
        format!(
            "scp {}去年的报告.docx {}:{}",
            self.port_option(),
            self.login(),
            shell_quote(&target)
        )
    }

    /// What to add when the address is only this machine's name.
    pub fn address_note(&self) -> Option<String> {
        (!self.server.over_ssh).then(|| {
            format!(
                "（没有通过 SSH 登录，{} 是本机的名字；从别的电脑取文件时请换成服务器的地址。）",
                self.server.host
            )
        })
    }
}

/// The server's side of `SSH_CONNECTION` (`client port server port`): its address, in brackets
/// when it is IPv6, and its port when that is not 22.
fn server_of(connection: &str) -> Option<Server> {
    let fields: Vec<&str> = connection.split_whitespace().collect();
    let [_, _, address, port] = fields[..] else {
        return None;
    };
    let host = if address.contains(':') {
        format!("[{address}]")
    } else {
        address.to_string()
    };
    let port = port.parse::<u16>().ok().filter(|p| *p != 22);
    Some(Server {
        host,
        port,
        over_ssh: true,
    })
}

/// `text` in single quotes for a POSIX shell, a `'` inside written `'\''`; everything else
/// (spaces, Chinese) is kept as it is.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Where `name` is on the `PATH` given, if anywhere: an executable file.
fn find_program(path: &str, name: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    std::env::split_paths(path)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(name))
        .find(|candidate| {
            std::fs::metadata(candidate)
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// The name of the user this process runs as: from the password database, else `USER` or
/// `LOGNAME`.
fn login_name() -> String {
    // SAFETY: getpwuid(3) with our own uid; the name is copied out at once, before any other
    // call could reuse the buffer.
    let from_passwd = unsafe {
        let entry = libc::getpwuid(libc::getuid());
        if entry.is_null() || (*entry).pw_name.is_null() {
            None
        } else {
            std::ffi::CStr::from_ptr((*entry).pw_name)
                .to_str()
                .ok()
                .map(str::to_string)
        }
    };
    from_passwd
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("LOGNAME").ok())
        .unwrap_or_else(|| "用户名".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(vars: &[(&str, &str)]) -> Session {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Session::from_env(
            |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
            "wangjg".to_string(),
            "oa-server".to_string(),
        )
    }

    #[test]
    fn quoting_keeps_spaces_and_chinese_and_escapes_a_single_quote() {
        assert_eq!(
            shell_quote("/home/王 建国/a.docx"),
            "'/home/王 建国/a.docx'"
        );
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn the_scp_line_names_the_server_of_the_ssh_connection() {
        let s = session(&[("SSH_CONNECTION", "10.0.8.21 52144 10.1.2.3 22")]);
        let fetch = s.fetch(Path::new("/home/wangjg/王建国-2026年度述责述廉报告.docx"));
        assert_eq!(
            fetch.scp,
            "scp wangjg@10.1.2.3:'/home/wangjg/王建国-2026年度述责述廉报告.docx' ."
        );
        assert_eq!(
            fetch.sftp,
            "sftp wangjg@10.1.2.3:'/home/wangjg/王建国-2026年度述责述廉报告.docx'"
        );
        assert!(
            fetch
                .browse
                .contains("10.1.2.3，端口 22，用户 wangjg，打开 /home/wangjg")
        );
        assert_eq!(s.address_note(), None);
    }

    #[test]
    fn an_ipv6_server_is_bracketed_and_another_port_is_named() {
        let s = session(&[("SSH_CONNECTION", "2001:db8::9 50000 2001:db8::1 2222")]);
        assert_eq!(
            s.fetch(Path::new("/srv/a b.txt")).scp,
            "scp -P 2222 wangjg@[2001:db8::1]:'/srv/a b.txt' ."
        );
        assert_eq!(
            s.upload(Path::new("/home/wangjg/drafts")),
            "scp -P 2222 去年的报告.docx wangjg@[2001:db8::1]:'/home/wangjg/drafts/'"
        );
    }

    #[test]
    fn without_ssh_the_machines_name_stands_in_and_is_explained() {
        let s = session(&[]);
        assert_eq!(s.server.host, "oa-server");
        assert!(s.address_note().unwrap().contains("oa-server"));
    }

    #[test]
    fn zmodem_is_refused_inside_tmux_or_screen_and_without_lrzsz() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["sz", "rz"] {
            let p = dir.path().join(name);
            std::fs::write(&p, "#!/bin/sh\n").unwrap();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let path = dir.path().display().to_string();
        let outside = session(&[("PATH", &path)]);
        assert_eq!(outside.sender(), Ok(dir.path().join("sz").as_path()));
        assert_eq!(outside.receiver(), Ok(dir.path().join("rz").as_path()));
        let tmux = session(&[("PATH", &path), ("TMUX", "/tmp/tmux-0/default,1,0")]);
        assert_eq!(tmux.sender(), Err(NoZmodem::Inside(Multiplexer::Tmux)));
        let screen = session(&[("PATH", &path), ("STY", "1234.pts-0.host")]);
        assert_eq!(
            screen.receiver(),
            Err(NoZmodem::Inside(Multiplexer::Screen))
        );
        assert_eq!(session(&[]).sender(), Err(NoZmodem::NotInstalled));
        assert!(
            NoZmodem::Inside(Multiplexer::Tmux)
                .reason()
                .contains("tmux")
        );
    }
}
