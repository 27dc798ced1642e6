//! 连接: one HTTP/1.1 POST over TCP (or TLS, see [`super::tls`]), and its answer read as it
//! arrives.
//!
//! The units' model servers (vLLM, Ollama, Xinference, llama.cpp) are reached over `http://` on
//! the intranet, or `https://` behind the unit's gateway. This is a small client of our own over
//! `std::net` rather than an HTTP crate because every wait has its own deadline (connecting, the
//! first byte of content whatever keep-alive bytes come before it, each later byte) and is
//! cancelled within a tick when the writer presses Esc; the crates time a whole read or a whole
//! request, not "no new content for 60 s after the first token came at 110 s".
//!
//! What it does not do: redirects, keep-alive, compression (it asks for none), proxies.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How often a wait looks whether it was cancelled.
const TICK: Duration = Duration::from_millis(50);
/// The status line and headers may not be longer than this.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Where a request goes: host, port and path of an `http://` or `https://` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    /// `https://`: the connection is encrypted and the server's certificate checked.
    pub secure: bool,
    pub host: String,
    pub port: u16,
    /// The path, from its `/` (with any query).
    pub path: String,
}

impl Url {
    /// Reads `http[s]://host[:port][/path]`. Other schemes are errors that say why.
    pub fn parse(text: &str) -> Result<Url, String> {
        let text = text.trim();
        let (secure, rest) = if let Some(rest) = strip_prefix_ignore_case(text, "http://") {
            (false, rest)
        } else if let Some(rest) = strip_prefix_ignore_case(text, "https://") {
            (true, rest)
        } else {
            return Err(format!(
                "地址“{text}”不完整：应以 http:// 或 https:// 开头，例如 http://10.1.2.3:8000/v1"
            ));
        };
        let (authority, path) = match rest.find('/') {
            Some(at) => (&rest[..at], &rest[at..]),
            None => (rest, "/"),
        };
        if authority.contains('@') {
            return Err("地址中不要写用户名和密码：密钥请用 api_key_file 或 api_key_env".into());
        }
        let (host, port) = split_port(authority, if secure { 443 } else { 80 })?;
        if host.is_empty() {
            return Err(format!("地址“{text}”中没有主机名"));
        }
        Ok(Url {
            secure,
            host: host.to_string(),
            port,
            path: path.to_string(),
        })
    }

    /// `host:port` as the Host header has it.
    fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    (text.len() >= prefix.len() && text[..prefix.len()].eq_ignore_ascii_case(prefix))
        .then(|| &text[prefix.len()..])
}

/// `host`, `host:port`, `[v6]`, `[v6]:port`; without a port, the scheme's `default`.
fn split_port(authority: &str, default: u16) -> Result<(&str, u16), String> {
    let bad_port = || format!("地址中的端口“{authority}”不对");
    if let Some(v6) = authority.strip_prefix('[') {
        let end = v6.find(']').ok_or_else(bad_port)?;
        let host = &v6[..end];
        let port = match &v6[end + 1..] {
            "" => default,
            p => p
                .strip_prefix(':')
                .and_then(|p| p.parse().ok())
                .ok_or_else(bad_port)?,
        };
        return Ok((host, port));
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => Ok((host, port.parse().map_err(|_| bad_port())?)),
        None => Ok((authority, default)),
    }
}

/// How long each wait may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    /// From sending the request to the first byte of the answer's content.
    pub first_token: Duration,
    /// Between two pieces of the answer, once it has begun.
    pub between_chunks: Duration,
}

/// What went wrong, in the writer's words (the Display is the line they read).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("找不到服务器 {host}：{reason}")]
    Resolve { host: String, reason: String },
    #[error("连不上 {host}:{port}：{reason}")]
    Connect {
        host: String,
        port: u16,
        reason: String,
    },
    #[error("已取消")]
    Cancelled,
    #[error("等了 {} 秒，模型还没有开始回答（可在配置中调大 first_token_timeout）", .0.as_secs())]
    NoFirstToken(Duration),
    #[error("回答中途停了 {} 秒没有新内容，已停止等待（between_chunks_timeout）", .0.as_secs())]
    Stalled(Duration),
    #[error("服务器在回答完之前断开了连接")]
    Closed,
    #[error("服务器的回答格式不对：{0}")]
    Malformed(String),
    #[error("与 {host} 的加密连接没有建立：{reason}")]
    Tls { host: String, reason: String },
    #[error("与服务器通信出错：{0}")]
    Io(String),
}

/// Whether the answer's content has begun (the stream parser says so, [`Body::content_began`]:
/// keep-alive comments and empty events do not count).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Waiting,
    Streaming,
}

/// A connection with a request sent, read back as the answer arrives.
pub struct Response<'c> {
    pub status: u16,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Body<'c>,
}

impl Response<'_> {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// How the body's end is known.
#[derive(Debug)]
enum Framing {
    Length(u64),
    /// `Transfer-Encoding: chunked`: bytes left in the current chunk, or `None` between chunks.
    Chunked {
        left: Option<u64>,
        done: bool,
    },
    /// Until the server closes the connection.
    Close,
}

/// The answer's body: raw bytes with the framing taken off, each read waiting no longer than
/// its deadline and giving up at once when cancelled.
pub struct Body<'c> {
    conn: Conn<'c>,
    framing: Framing,
}

/// The connection, plain or encrypted.
enum Stream {
    Plain(TcpStream),
    Tls(Box<super::tls::TlsStream>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

/// The socket with what was read past the headers, and the clock of the waits.
struct Conn<'c> {
    stream: Stream,
    buf: Vec<u8>,
    pos: usize,
    timeouts: Timeouts,
    phase: Phase,
    /// When the request was sent: the first token's wait counts from here, whatever
    /// keep-alive bytes arrive meanwhile.
    sent: Instant,
    /// When the last byte arrived: the wait between chunks counts from here.
    last: Instant,
    cancel: &'c AtomicBool,
}

impl Conn<'_> {
    /// Reads more bytes into the buffer; `Ok(false)` at the end of the connection.
    fn fill(&mut self) -> Result<bool, Error> {
        if self.pos > 0 && self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
        }
        let mut chunk = [0u8; 16 * 1024];
        loop {
            if self.cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            match self.phase {
                Phase::Waiting if self.sent.elapsed() >= self.timeouts.first_token => {
                    return Err(Error::NoFirstToken(self.timeouts.first_token));
                }
                Phase::Streaming if self.last.elapsed() >= self.timeouts.between_chunks => {
                    return Err(Error::Stalled(self.timeouts.between_chunks));
                }
                _ => {}
            }
            match self.stream.read(&mut chunk) {
                Ok(0) => return Ok(false),
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    self.last = Instant::now();
                    return Ok(true);
                }
                Err(e) if is_tick(&e) => {}
                Err(e) if is_reset(&e) => return Ok(false),
                Err(e) => return Err(Error::Io(e.to_string())),
            }
        }
    }

    fn available(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    /// One line (without its `\r\n`), for the head and the chunk sizes.
    fn line(&mut self, limit: usize) -> Result<Option<Vec<u8>>, Error> {
        loop {
            if let Some(at) = self.available().iter().position(|&b| b == b'\n') {
                let mut line = self.available()[..at].to_vec();
                self.pos += at + 1;
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(Some(line));
            }
            if self.available().len() > limit {
                return Err(Error::Malformed("一行太长".into()));
            }
            if !self.fill()? {
                return Ok(None);
            }
        }
    }
}

/// A read that ended without bytes because a tick of the socket's timeout passed (or a signal
/// came): the wait goes on, after a look at the cancel flag and the deadlines.
pub(super) fn is_tick(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted
    )
}

fn is_reset(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::UnexpectedEof
    )
}

impl Body<'_> {
    /// From now on the wait between two reads is the between-chunks one, not the first token's.
    pub fn content_began(&mut self) {
        self.conn.phase = Phase::Streaming;
    }

    /// The next bytes of the body, `Ok(None)` at its end. A connection that closes before a
    /// length or a chunked body is complete is [`Error::Closed`].
    pub fn next_bytes(&mut self) -> Result<Option<Vec<u8>>, Error> {
        match &mut self.framing {
            Framing::Length(0) => Ok(None),
            Framing::Length(left) => {
                if self.conn.available().is_empty() && !self.conn.fill()? {
                    return Err(Error::Closed);
                }
                let take = (self.conn.available().len() as u64).min(*left) as usize;
                let bytes = self.conn.available()[..take].to_vec();
                self.conn.pos += take;
                *left -= take as u64;
                Ok(Some(bytes))
            }
            Framing::Close => {
                if self.conn.available().is_empty() && !self.conn.fill()? {
                    return Ok(None);
                }
                let bytes = self.conn.available().to_vec();
                self.conn.pos = self.conn.buf.len();
                Ok(Some(bytes))
            }
            Framing::Chunked { done: true, .. } => Ok(None),
            Framing::Chunked { left, done } => {
                let size = match *left {
                    Some(n) if n > 0 => n,
                    _ => {
                        if left.is_some() {
                            // The line break after a chunk's data.
                            self.conn.line(16)?.ok_or(Error::Closed)?;
                        }
                        let line = self.conn.line(1024)?.ok_or(Error::Closed)?;
                        let text = String::from_utf8_lossy(&line);
                        let hex = text.split(';').next().unwrap_or("").trim();
                        let n = u64::from_str_radix(hex, 16)
                            .map_err(|_| Error::Malformed(format!("分块长度“{hex}”")))?;
                        if n == 0 {
                            *done = true;
                            *left = None;
                            return Ok(None);
                        }
                        *left = Some(n);
                        n
                    }
                };
                if self.conn.available().is_empty() && !self.conn.fill()? {
                    return Err(Error::Closed);
                }
                let take = (self.conn.available().len() as u64).min(size) as usize;
                let bytes = self.conn.available()[..take].to_vec();
                self.conn.pos += take;
                *left = Some(size - take as u64);
                Ok(Some(bytes))
            }
        }
    }

    /// The whole rest of the body, at most `cap` bytes (more is an error naming the cap).
    pub fn read_all(&mut self, cap: usize) -> Result<Vec<u8>, Error> {
        let mut all = Vec::new();
        while let Some(bytes) = self.next_bytes()? {
            all.extend_from_slice(&bytes);
            if all.len() > cap {
                all.truncate(cap);
                break;
            }
        }
        Ok(all)
    }
}

/// Sends `body` as a JSON POST to `url` and reads the answer's head. The key, when there is one,
/// goes in the Authorization header and nowhere else. `ca_file` adds the unit's own root
/// certificates to the system's for an `https://` URL.
pub fn post<'c>(
    url: &Url,
    key: Option<&str>,
    body: &[u8],
    accept: &str,
    timeouts: Timeouts,
    ca_file: Option<&Path>,
    cancel: &'c AtomicBool,
) -> Result<Response<'c>, Error> {
    let tcp = connect(url, timeouts.connect, cancel)?;
    tcp.set_read_timeout(Some(TICK))
        .and_then(|()| tcp.set_write_timeout(Some(timeouts.connect.max(TICK))))
        .and_then(|()| tcp.set_nodelay(true))
        .map_err(|e| Error::Io(e.to_string()))?;
    let mut stream = if url.secure {
        let tls = super::tls::handshake(tcp, &url.host, ca_file, timeouts.connect, cancel)?;
        Stream::Tls(Box::new(tls))
    } else {
        Stream::Plain(tcp)
    };
    let mut head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: shuzhi/{}\r\nAccept: {accept}\r\n\
         Accept-Encoding: identity\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n",
        url.path,
        url.authority(),
        env!("CARGO_PKG_VERSION"),
        body.len()
    );
    if let Some(key) = key {
        head.push_str("Authorization: Bearer ");
        head.push_str(key);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body))
        .and_then(|()| stream.flush())
        .map_err(|e| {
            if is_reset(&e) {
                Error::Closed
            } else {
                Error::Io(e.to_string())
            }
        })?;
    let mut conn = Conn {
        stream,
        buf: Vec::new(),
        pos: 0,
        timeouts,
        phase: Phase::Waiting,
        sent: Instant::now(),
        last: Instant::now(),
        cancel,
    };
    let status_line = conn.line(MAX_HEAD_BYTES)?.ok_or(Error::Closed)?;
    let status_line = String::from_utf8_lossy(&status_line).to_string();
    let mut words = status_line.split_whitespace();
    let status = match (
        words.next(),
        words.next().and_then(|s| s.parse::<u16>().ok()),
    ) {
        (Some(v), Some(code)) if v.starts_with("HTTP/") => code,
        _ => {
            return Err(Error::Malformed(format!(
                "不是 HTTP 回答（“{}”）",
                status_line.chars().take(40).collect::<String>()
            )));
        }
    };
    let mut headers = Vec::new();
    let mut size = status_line.len();
    loop {
        let line = conn.line(MAX_HEAD_BYTES)?.ok_or(Error::Closed)?;
        size += line.len();
        if size > MAX_HEAD_BYTES {
            return Err(Error::Malformed("头部太长".into()));
        }
        if line.is_empty() {
            break;
        }
        let line = String::from_utf8_lossy(&line);
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let framing =
        if find("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked")) {
            Framing::Chunked {
                left: None,
                done: false,
            }
        } else if let Some(len) = find("content-length").and_then(|v| v.parse().ok()) {
            Framing::Length(len)
        } else {
            Framing::Close
        };
    Ok(Response {
        status,
        headers,
        body: Body { conn, framing },
    })
}

/// Connects to the first address of the host that answers within the timeout.
fn connect(url: &Url, timeout: Duration, cancel: &AtomicBool) -> Result<TcpStream, Error> {
    let addrs: Vec<SocketAddr> = (url.host.as_str(), url.port)
        .to_socket_addrs()
        .map_err(|e| Error::Resolve {
            host: url.host.clone(),
            reason: e.to_string(),
        })?
        .collect();
    let mut last = String::from("没有地址");
    for addr in addrs {
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(stream) => return Ok(stream),
            Err(e) if e.kind() == io::ErrorKind::TimedOut => {
                last = format!("{} 秒内没有响应", timeout.as_secs())
            }
            Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => {
                last = "对方拒绝连接（服务没有启动，或端口不对）".to_string()
            }
            Err(e) => last = e.to_string(),
        }
    }
    Err(Error::Connect {
        host: url.host.clone(),
        port: url.port,
        reason: last,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_read_with_their_port_and_path() {
        let u = Url::parse("http://10.1.2.3:8000/v1").unwrap();
        assert_eq!(
            (u.host.as_str(), u.port, u.path.as_str()),
            ("10.1.2.3", 8000, "/v1")
        );
        let u = Url::parse("HTTP://llm.intranet").unwrap();
        assert_eq!(
            (u.host.as_str(), u.port, u.path.as_str()),
            ("llm.intranet", 80, "/")
        );
        let u = Url::parse("http://[::1]:11434/v1/").unwrap();
        assert_eq!((u.host.as_str(), u.port), ("::1", 11434));
        assert_eq!(u.authority(), "[::1]:11434");
    }

    #[test]
    fn https_urls_are_secure_and_default_to_port_443() {
        let u = Url::parse("HTTPS://llm.intranet/v1").unwrap();
        assert!(u.secure);
        assert_eq!((u.host.as_str(), u.port), ("llm.intranet", 443));
        assert_eq!(Url::parse("https://[::1]/v1").unwrap().port, 443);
        assert_eq!(Url::parse("https://h:8443/v1").unwrap().port, 8443);
        assert!(!Url::parse("http://h/v1").unwrap().secure);
    }

    #[test]
    fn incomplete_urls_are_refused_with_the_reason() {
        assert!(
            Url::parse("10.1.2.3:8000")
                .unwrap_err()
                .contains("应以 http:// 或 https:// 开头")
        );
        assert!(
            Url::parse("ftp://h/v1")
                .unwrap_err()
                .contains("应以 http:// 或 https:// 开头")
        );
        assert!(
            Url::parse("http://u:p@h/v1")
                .unwrap_err()
                .contains("api_key_file")
        );
        assert!(Url::parse("http://h:port/v1").unwrap_err().contains("端口"));
    }
}
