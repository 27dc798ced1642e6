//! 助手的配置: the `[assistant]` table of `config.toml`, read from the system-wide folders and
//! then the writer's own (a later file's keys replace an earlier one's, key by key: an office
//! sets the server in `/etc/shuzhi/config.toml`, a writer adds their own key file), and the
//! [`Endpoint`] made of it.
//!
//! The API key is read from a file only the writer can read (mode 0600, else it is refused with
//! the `chmod` to run) or from an environment variable, when a request is made, and kept in a
//! [`Key`] whose Debug shows no secret. It is never written into a draft, a log or a message.
//! Without `base_url` and `model` the assistant is off and nothing is ever sent.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use super::http::{Timeouts, Url};

/// Defaults of the waits, in seconds. Reasoning models take 60–120 s to their first token.
pub const CONNECT_TIMEOUT_SECS: u64 = 10;
pub const FIRST_TOKEN_TIMEOUT_SECS: u64 = 180;
pub const BETWEEN_CHUNKS_TIMEOUT_SECS: u64 = 60;

/// The `[assistant]` table as written: every key optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// The OpenAI-compatible base URL, `http://host:port/v1` or `https://…`.
    pub base_url: Option<String>,
    pub model: Option<String>,
    /// A file holding the API key (mode 0600).
    pub api_key_file: Option<PathBuf>,
    /// An environment variable holding the API key.
    pub api_key_env: Option<String>,
    pub connect_timeout: Option<u64>,
    pub first_token_timeout: Option<u64>,
    pub between_chunks_timeout: Option<u64>,
    /// Whether the model should think before it answers (Qwen3, DeepSeek-R1).
    pub think: Option<bool>,
    /// The unit's own root certificates (PEM), trusted beside the system's for `https://`.
    pub ca_file: Option<PathBuf>,
}

impl Settings {
    /// These settings with `later`'s keys put over them.
    pub fn merged(mut self, later: Settings) -> Settings {
        // A key named in one place replaces the other way of giving it.
        let file_only = later.api_key_file.is_some() && later.api_key_env.is_none();
        let env_only = later.api_key_env.is_some() && later.api_key_file.is_none();
        macro_rules! over {
            ($($key:ident),*) => {$( if later.$key.is_some() { self.$key = later.$key; } )*};
        }
        over!(
            base_url,
            model,
            api_key_file,
            api_key_env,
            connect_timeout,
            first_token_timeout,
            between_chunks_timeout,
            think,
            ca_file
        );
        if file_only {
            self.api_key_env = None;
        }
        if env_only {
            self.api_key_file = None;
        }
        self
    }

    /// Whether an endpoint is configured at all (both the server and the model).
    pub fn configured(&self) -> bool {
        self.base_url
            .as_deref()
            .is_some_and(|u| !u.trim().is_empty())
            && self.model.as_deref().is_some_and(|m| !m.trim().is_empty())
    }
}

/// An API key. Its Debug and Display never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Key(String);

impl Key {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(***)")
    }
}

/// Where the key comes from, read when a request is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySource {
    None,
    File(PathBuf),
    Env(String),
}

/// A server to ask, ready to use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// The base URL as configured, for messages.
    pub base_url: String,
    /// Where requests go: the base URL's `…/chat/completions`.
    pub url: Url,
    pub model: String,
    pub key: KeySource,
    pub timeouts: Timeouts,
    pub think: bool,
    /// Root certificates of the unit's own, for `https://` (read when a request is made).
    pub ca_file: Option<PathBuf>,
}

/// Why the configuration cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("写作助手的配置有误：{0}")]
    Url(String),
    #[error("写作助手的配置有误：{key} 应大于 0 秒")]
    ZeroTimeout { key: &'static str },
    #[error("写作助手的配置有误：api_key_file 和 api_key_env 只能写一个")]
    TwoKeys,
    #[error("密钥文件 `{}` 其他人也能读（权限 {mode:04o}），为安全起见没有使用；请运行：chmod 600 {}", path.display(), path.display())]
    KeyFileOpen { path: PathBuf, mode: u32 },
    #[error("读不了密钥文件 `{}`：{reason}", path.display())]
    KeyFileUnreadable { path: PathBuf, reason: String },
    #[error("密钥文件 `{}` 是空的", path.display())]
    KeyFileEmpty { path: PathBuf },
    #[error("环境变量 {name} 没有设置（配置中 api_key_env 指定从它读取密钥）")]
    KeyEnvMissing { name: String },
}

impl Endpoint {
    /// The endpoint of `settings`, `Ok(None)` when none is configured (the assistant is off).
    pub fn from_settings(settings: &Settings) -> Result<Option<Endpoint>, ConfigError> {
        if !settings.configured() {
            return Ok(None);
        }
        let base_url = settings
            .base_url
            .clone()
            .unwrap_or_default()
            .trim()
            .to_string();
        let mut url = Url::parse(&base_url).map_err(ConfigError::Url)?;
        if !url
            .path
            .trim_end_matches('/')
            .ends_with("/chat/completions")
        {
            url.path = format!("{}/chat/completions", url.path.trim_end_matches('/'));
        }
        let secs = |value: Option<u64>, default: u64, key: &'static str| match value {
            Some(0) => Err(ConfigError::ZeroTimeout { key }),
            Some(n) => Ok(Duration::from_secs(n)),
            None => Ok(Duration::from_secs(default)),
        };
        let timeouts = Timeouts {
            connect: secs(
                settings.connect_timeout,
                CONNECT_TIMEOUT_SECS,
                "connect_timeout",
            )?,
            first_token: secs(
                settings.first_token_timeout,
                FIRST_TOKEN_TIMEOUT_SECS,
                "first_token_timeout",
            )?,
            between_chunks: secs(
                settings.between_chunks_timeout,
                BETWEEN_CHUNKS_TIMEOUT_SECS,
                "between_chunks_timeout",
            )?,
        };
        let key = match (&settings.api_key_file, &settings.api_key_env) {
            (Some(_), Some(_)) => return Err(ConfigError::TwoKeys),
            (Some(path), None) => KeySource::File(path.clone()),
            (None, Some(name)) => KeySource::Env(name.clone()),
            (None, None) => KeySource::None,
        };
        Ok(Some(Endpoint {
            base_url,
            url,
            model: settings
                .model
                .clone()
                .unwrap_or_default()
                .trim()
                .to_string(),
            key,
            timeouts,
            think: settings.think.unwrap_or(false),
            ca_file: settings
                .ca_file
                .as_ref()
                .map(|path| crate::files::home_expanded(&path.to_string_lossy())),
        }))
    }

    /// The key, read now from its file or variable.
    pub fn key(&self) -> Result<Option<Key>, ConfigError> {
        match &self.key {
            KeySource::None => Ok(None),
            KeySource::Env(name) => match std::env::var(name) {
                Ok(v) if !v.trim().is_empty() => Ok(Some(Key(v.trim().to_string()))),
                _ => Err(ConfigError::KeyEnvMissing { name: name.clone() }),
            },
            KeySource::File(path) => {
                read_key_file(&crate::files::home_expanded(&path.to_string_lossy())).map(Some)
            }
        }
    }
}

/// Reads a key file that only its owner may read.
fn read_key_file(path: &Path) -> Result<Key, ConfigError> {
    use std::os::unix::fs::PermissionsExt as _;
    let unreadable = |e: std::io::Error| ConfigError::KeyFileUnreadable {
        path: path.to_path_buf(),
        reason: match e.kind() {
            std::io::ErrorKind::NotFound => "文件不存在".to_string(),
            std::io::ErrorKind::PermissionDenied => "没有读权限".to_string(),
            _ => crate::files::io_reason(&e),
        },
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(ConfigError::KeyFileOpen {
            path: path.to_path_buf(),
            mode,
        });
    }
    let text = std::fs::read_to_string(path).map_err(unreadable)?;
    let key = text.trim();
    if key.is_empty() {
        return Err(ConfigError::KeyFileEmpty {
            path: path.to_path_buf(),
        });
    }
    Ok(Key(key.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(base: &str, model: &str) -> Settings {
        Settings {
            base_url: Some(base.into()),
            model: Some(model.into()),
            ..Settings::default()
        }
    }

    #[test]
    fn nothing_configured_means_no_endpoint() {
        assert_eq!(Endpoint::from_settings(&Settings::default()), Ok(None));
        assert_eq!(
            Endpoint::from_settings(&settings("http://h/v1", " ")),
            Ok(None)
        );
    }

    #[test]
    fn the_base_url_gets_its_chat_completions_path_and_defaults() {
        let e = Endpoint::from_settings(&settings("http://10.1.2.3:8000/v1/", "qwen3-32b"))
            .unwrap()
            .unwrap();
        assert_eq!(e.url.path, "/v1/chat/completions");
        assert_eq!(
            e.timeouts.first_token,
            Duration::from_secs(FIRST_TOKEN_TIMEOUT_SECS)
        );
        assert!(!e.think);
        let e = Endpoint::from_settings(&settings("http://h/v1/chat/completions", "m"))
            .unwrap()
            .unwrap();
        assert_eq!(e.url.path, "/v1/chat/completions");
    }

    #[test]
    fn later_files_replace_keys_one_by_one() {
        let office = Settings {
            think: Some(true),
            api_key_env: Some("UNIT_KEY".into()),
            ca_file: Some("/etc/shuzhi/unit-root.pem".into()),
            ..settings("https://office/v1", "deepseek-r1")
        };
        let mine = Settings {
            model: Some("qwen3".into()),
            api_key_file: Some("/home/me/.key".into()),
            ..Settings::default()
        };
        let s = office.merged(mine);
        assert_eq!(s.base_url.as_deref(), Some("https://office/v1"));
        assert_eq!(s.model.as_deref(), Some("qwen3"));
        assert_eq!(s.think, Some(true));
        assert_eq!(s.api_key_env, None);
        // The administrator's root certificate stays for the writer who names none.
        let e = Endpoint::from_settings(&s).unwrap().unwrap();
        assert!(e.url.secure);
        assert_eq!(
            e.ca_file.as_deref(),
            Some(Path::new("/etc/shuzhi/unit-root.pem"))
        );
    }

    #[test]
    fn a_key_file_others_can_read_is_refused_with_the_chmod() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        std::fs::write(&path, "sk-secret\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let s = Settings {
            api_key_file: Some(path.clone()),
            ..settings("http://h/v1", "m")
        };
        let e = Endpoint::from_settings(&s).unwrap().unwrap();
        let err = e.key().unwrap_err().to_string();
        assert!(
            err.contains(&format!("chmod 600 {}", path.display())),
            "{err}"
        );
        assert!(!err.contains("sk-secret"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let key = e.key().unwrap().unwrap();
        assert_eq!(key.expose(), "sk-secret");
        assert_eq!(format!("{key:?}"), "Key(***)");
    }

    #[test]
    fn zero_timeouts_and_two_keys_are_errors() {
        let s = Settings {
            first_token_timeout: Some(0),
            ..settings("http://h/v1", "m")
        };
        assert!(
            Endpoint::from_settings(&s)
                .unwrap_err()
                .to_string()
                .contains("first_token_timeout")
        );
        let s = Settings {
            api_key_env: Some("A".into()),
            api_key_file: Some("/k".into()),
            ..settings("http://h/v1", "m")
        };
        assert_eq!(Endpoint::from_settings(&s), Err(ConfigError::TwoKeys));
    }
}
