//! The writing assistant against a model server started by the test on 127.0.0.1: the stream
//! shapes vLLM, Ollama and llama.cpp send (as their documentation gives them), and each fault a
//! writer's link or server can have. Then `shuzhi assistant test` as a user runs it.
//!
//! Each server answers a fixed number of connections and stops by itself within its deadline.
//! The same servers speak `https://` with certificates of a test authority (as a unit's gateway
//! signed by the unit's own CA).

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::Sandbox;
use shuzhi::assistant::client::{self, Message, Progress};
use shuzhi::assistant::http::{Timeouts, Url};
use shuzhi::assistant::settings::{Endpoint, KeySource};

/// One thing the server does on a connection.
#[derive(Clone)]
enum Step {
    Send(Vec<u8>),
    /// Waits this long (a model thinking, a stalled stream).
    Wait(Duration),
}

/// A model server on a free port that answers each connection with the next script.
struct Server {
    port: u16,
    secure: bool,
    requests: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

/// A connection as the server reads and writes it, plain or encrypted.
trait Link: Read + Write {}
impl<T: Read + Write> Link for T {}

/// How long a server waits for its connections before it stops by itself.
const SERVER_LIFETIME: Duration = Duration::from_secs(20);

impl Server {
    fn start(scripts: Vec<Vec<Step>>) -> Server {
        Server::start_with(scripts, None)
    }

    /// A server speaking TLS with `tls`'s certificate.
    fn start_tls(scripts: Vec<Vec<Step>>, tls: &Pki) -> Server {
        Server::start_with(scripts, Some(tls.server.clone()))
    }

    fn start_with(scripts: Vec<Vec<Step>>, tls: Option<Arc<rustls::ServerConfig>>) -> Server {
        let secure = tls.is_some();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        let thread = std::thread::spawn(move || {
            let until = Instant::now() + SERVER_LIFETIME;
            for script in scripts {
                let stream = loop {
                    match listener.accept() {
                        Ok((s, _)) => break Some(s),
                        Err(_) if Instant::now() < until => {
                            std::thread::sleep(Duration::from_millis(5))
                        }
                        Err(_) => break None,
                    }
                };
                let Some(tcp) = stream else { return };
                tcp.set_nonblocking(false).unwrap();
                tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                let mut stream: Box<dyn Link> = match &tls {
                    Some(config) => Box::new(rustls::StreamOwned::new(
                        rustls::ServerConnection::new(config.clone()).unwrap(),
                        tcp,
                    )),
                    None => Box::new(tcp),
                };
                seen.lock().unwrap().push(read_request(&mut stream));
                for step in script {
                    match step {
                        Step::Send(bytes) => {
                            if stream.write_all(&bytes).is_err() {
                                break;
                            }
                            let _ = stream.flush();
                        }
                        Step::Wait(d) => std::thread::sleep(d),
                    }
                }
                // Dropping the stream closes the connection.
            }
        });
        Server {
            port,
            secure,
            requests,
            thread: Some(thread),
        }
    }

    /// The server's URL, `https://localhost:…` when it speaks TLS (its certificate's name).
    fn url(&self) -> String {
        match self.secure {
            true => format!("https://localhost:{}/v1", self.port),
            false => format!("http://127.0.0.1:{}/v1", self.port),
        }
    }

    fn endpoint(&self) -> Endpoint {
        endpoint(&self.url(), Duration::from_secs(5))
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // A script may be waiting for a client that gave up: the thread ends by its deadline.
        if let Some(t) = self.thread.take()
            && t.is_finished()
        {
            let _ = t.join();
        }
    }
}

fn endpoint(url: &str, wait: Duration) -> Endpoint {
    let mut u = Url::parse(url).unwrap();
    u.path = format!("{}/chat/completions", u.path);
    Endpoint {
        base_url: url.to_string(),
        url: u,
        model: "qwen3-32b".into(),
        key: KeySource::None,
        timeouts: Timeouts {
            connect: Duration::from_secs(2),
            first_token: wait,
            between_chunks: wait,
        },
        think: false,
        ca_file: None,
    }
}

/// The request's head and body as text (empty when the client sent none).
fn read_request(stream: &mut impl Read) -> String {
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf).unwrap_or(0);
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&bytes);
        if let Some(at) = text.find("\r\n\r\n") {
            let length: usize = text[..at]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap())
                })
                .unwrap_or(0);
            if bytes.len() >= at + 4 + length {
                break;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn head(status: &str, content_type: &str, extra: &str) -> Vec<u8> {
    format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{extra}\r\n").into_bytes()
}

fn sse_head() -> Vec<u8> {
    head("200 OK", "text/event-stream", "Cache-Control: no-cache\r\n")
}

/// A chunk of `Transfer-Encoding: chunked`.
fn chunk(bytes: &[u8]) -> Vec<u8> {
    let mut out = format!("{:x}\r\n", bytes.len()).into_bytes();
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\r\n");
    out
}

fn send(s: impl AsRef<[u8]>) -> Step {
    Step::Send(s.as_ref().to_vec())
}

/// A vLLM chunk (OpenAI shape, `reasoning_content` from `--reasoning-parser`).
fn vllm(delta: &str) -> String {
    format!(
        "data: {{\"id\":\"chatcmpl-7f\",\"object\":\"chat.completion.chunk\",\"created\":1764633600,\"model\":\"Qwen3-32B\",\"choices\":[{{\"index\":0,\"delta\":{delta},\"logprobs\":null,\"finish_reason\":null}}]}}\n\n"
    )
}

const PROMPT: &str = "全镇完成固定资产投资12.5亿元，同比增长15%。";

fn ask(endpoint: &Endpoint) -> (Result<client::Finished, client::Failed>, Vec<Progress>) {
    let mut seen = Vec::new();
    let cancel = AtomicBool::new(false);
    let result = client::chat(endpoint, &[Message::user(PROMPT)], &cancel, |p| {
        seen.push(p)
    });
    (result, seen)
}

#[test]
fn vllm_stream_with_reasoning_content_gives_the_text_alone() {
    let server = Server::start(vec![vec![
        send(sse_head()),
        send(vllm(r#"{"role":"assistant","content":""}"#)),
        send(vllm(r#"{"reasoning_content":"用户要求润色，"}"#)),
        send(vllm(r#"{"reasoning_content":"保留数字。"}"#)),
        send(vllm(r#"{"content":"全镇固定资产投资完成12.5亿元，"}"#)),
        send(vllm(r#"{"content":"同比增长15%。"}"#)),
        send(
            "data: {\"id\":\"chatcmpl-7f\",\"object\":\"chat.completion.chunk\",\"model\":\"Qwen3-32B\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
        ),
        send("data: [DONE]\n\n"),
    ]]);
    let (result, seen) = ask(&server.endpoint());
    let done = result.unwrap();
    assert_eq!(done.text, "全镇固定资产投资完成12.5亿元，同比增长15%。");
    assert_eq!(done.model, "Qwen3-32B");
    assert!(done.first_token.is_some());
    assert!(
        seen.iter()
            .any(|p| matches!(p, Progress::Thinking { chars } if *chars > 0))
    );
    assert!(seen.contains(&Progress::Text("全镇固定资产投资完成12.5亿元，".into())));
    assert!(
        !seen
            .iter()
            .any(|p| matches!(p, Progress::Text(t) if t.contains("用户要求")))
    );
    // What went: a streamed request for the configured model, the text in it.
    let request = &server.requests()[0];
    assert!(
        request.starts_with("POST /v1/chat/completions HTTP/1.1\r\n"),
        "{request}"
    );
    let body: serde_json::Value =
        serde_json::from_str(&request[request.find("\r\n\r\n").unwrap() + 4..]).unwrap();
    assert_eq!(body["model"], "qwen3-32b");
    assert_eq!(body["stream"], true);
    assert_eq!(body["chat_template_kwargs"]["enable_thinking"], false);
    assert_eq!(body["messages"][0]["content"], PROMPT);
}

#[test]
fn ollama_openai_stream_with_a_reasoning_field_and_its_native_json_lines() {
    let chunk = |delta: &str| {
        format!(
            "data: {{\"id\":\"chatcmpl-412\",\"object\":\"chat.completion.chunk\",\"created\":1764633600,\"model\":\"qwen3:8b\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{{\"index\":0,\"delta\":{delta},\"finish_reason\":null}}]}}\n\n"
        )
    };
    let server = Server::start(vec![
        vec![
            send(head("200 OK", "text/event-stream", "Transfer-Encoding: chunked\r\n")),
            send(self::chunk(chunk(r#"{"role":"assistant","content":"","reasoning":"先看原文"}"#).as_bytes())),
            send(self::chunk(chunk(r#"{"role":"assistant","content":"改好的一段"}"#).as_bytes())),
            send(self::chunk(b"data: {\"id\":\"chatcmpl-412\",\"object\":\"chat.completion.chunk\",\"model\":\"qwen3:8b\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")),
            send(self::chunk(b"")),
        ],
        vec![
            send(head("200 OK", "application/x-ndjson", "")),
            send("{\"model\":\"qwen3:8b\",\"created_at\":\"2026-12-02T06:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"想一想\"},\"done\":false}\n"),
            send("{\"model\":\"qwen3:8b\",\"created_at\":\"2026-12-02T06:00:01Z\",\"message\":{\"role\":\"assistant\",\"content\":\"改好的\"},\"done\":false}\n"),
            send("{\"model\":\"qwen3:8b\",\"created_at\":\"2026-12-02T06:00:01Z\",\"message\":{\"role\":\"assistant\",\"content\":\"一段\"},\"done\":false}\n"),
            send("{\"model\":\"qwen3:8b\",\"created_at\":\"2026-12-02T06:00:02Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":1}\n"),
        ],
    ]);
    let done = ask(&server.endpoint()).0.unwrap();
    assert_eq!(
        (done.text.as_str(), done.model.as_str()),
        ("改好的一段", "qwen3:8b")
    );
    let done = ask(&server.endpoint()).0.unwrap();
    assert_eq!(done.text, "改好的一段");
}

#[test]
fn llama_cpp_inline_think_tags_split_over_chunks_never_reach_the_text() {
    let chunk = |content: &str| {
        format!(
            "data: {{\"choices\":[{{\"finish_reason\":null,\"index\":0,\"delta\":{{\"content\":{}}}}}],\"created\":1764633600,\"id\":\"chatcmpl-x\",\"model\":\"DeepSeek-R1-Distill-Qwen-32B\",\"system_fingerprint\":\"b6000\",\"object\":\"chat.completion.chunk\"}}\n\n",
            serde_json::to_string(content).unwrap()
        )
    };
    let server = Server::start(vec![
        vec![
            send(sse_head()),
            send(chunk("<th")),
            send(chunk("ink>\n要保留12.5亿元")),
            send(chunk("</thi")),
            send(chunk("nk>\n\n全镇投资12.5亿元。")),
            send(
                "data: {\"choices\":[{\"finish_reason\":\"stop\",\"index\":0,\"delta\":{}}],\"object\":\"chat.completion.chunk\",\"timings\":{\"predicted_n\":12}}\n\ndata: [DONE]\n\n",
            ),
        ],
        // Only the closing tag (DeepSeek-R1 behind SGLang), the model asked to think.
        vec![
            send(sse_head()),
            send(chunk("嗯，用户想要润色")),
            send(chunk("</think>")),
            send(chunk("全镇投资12.5亿元。")),
            send("data: [DONE]\n\n"),
        ],
    ]);
    let (result, seen) = ask(&server.endpoint());
    assert_eq!(result.unwrap().text, "全镇投资12.5亿元。");
    for p in &seen {
        if let Progress::Text(t) = p {
            assert!(!t.contains("think") && !t.contains("要保留"), "{t:?}");
        }
    }
    let mut thinking = server.endpoint();
    thinking.think = true;
    let (result, seen) = ask(&thinking);
    assert_eq!(result.unwrap().text, "全镇投资12.5亿元。");
    assert!(
        !seen
            .iter()
            .any(|p| matches!(p, Progress::Text(t) if t.contains("用户")))
    );
}

#[test]
fn a_non_streamed_answer_and_a_proxy_that_buffers_the_stream_read_the_same() {
    let json = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"qwen3-32b\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"改好的一段。\",\"reasoning_content\":\"想过了\"},\"finish_reason\":\"stop\"}]}";
    let mut buffered = sse_head();
    buffered.truncate(buffered.len() - 2);
    let stream = format!(
        "{}{}{}data: [DONE]\n\n",
        vllm(r#"{"content":"改好的"}"#),
        ": ping\n\n",
        vllm(r#"{"content":"一段。"}"#)
    );
    buffered.extend(format!("Content-Length: {}\r\n\r\n{stream}", stream.len()).into_bytes());
    let server = Server::start(vec![
        vec![send(
            [
                head(
                    "200 OK",
                    "application/json",
                    &format!("Content-Length: {}\r\n", json.len()),
                ),
                json.as_bytes().to_vec(),
            ]
            .concat(),
        )],
        vec![send(buffered)],
    ]);
    assert_eq!(ask(&server.endpoint()).0.unwrap().text, "改好的一段。");
    assert_eq!(ask(&server.endpoint()).0.unwrap().text, "改好的一段。");
}

#[test]
fn keep_alive_comments_while_the_model_thinks_are_not_text_and_not_a_stall() {
    let server = Server::start(vec![vec![
        send(sse_head()),
        send(": keep-alive\n\n"),
        Step::Wait(Duration::from_millis(300)),
        send(": keep-alive\n\n"),
        send(vllm(r#"{"content":"好。"}"#)),
        send("data: [DONE]\n\n"),
    ]]);
    assert_eq!(ask(&server.endpoint()).0.unwrap().text, "好。");
}

#[test]
fn an_http_error_gives_the_servers_own_message() {
    let body = r#"{"object":"error","message":"The model `qwen3-32b` does not exist.","type":"NotFoundError","param":null,"code":404}"#;
    let server = Server::start(vec![vec![send(
        [
            head(
                "404 Not Found",
                "application/json",
                &format!("Content-Length: {}\r\n", body.len()),
            ),
            body.as_bytes().to_vec(),
        ]
        .concat(),
    )]]);
    let failed = ask(&server.endpoint()).0.unwrap_err();
    assert_eq!(
        failed.reason,
        "地址不对，或服务器上没有模型（HTTP 404），模型 qwen3-32b：The model `qwen3-32b` does not exist."
    );
}

#[test]
fn an_error_mid_stream_keeps_what_had_arrived() {
    let server = Server::start(vec![vec![
        send(sse_head()),
        send(vllm(r#"{"content":"全镇"}"#)),
        send(
            "data: {\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"server_error\",\"code\":500}}\n\n",
        ),
    ]]);
    let failed = ask(&server.endpoint()).0.unwrap_err();
    assert_eq!(failed.reason, "服务器报错：CUDA out of memory");
    assert_eq!(failed.partial, "全镇");
}

#[test]
fn a_stall_mid_stream_ends_the_wait_and_keeps_the_partial_answer() {
    let server = Server::start(vec![vec![
        send(sse_head()),
        send(vllm(r#"{"content":"全镇完成投资"}"#)),
        Step::Wait(Duration::from_secs(4)),
    ]]);
    let endpoint = endpoint(&server.url(), Duration::from_secs(1));
    let failed = ask(&endpoint).0.unwrap_err();
    assert!(failed.reason.contains("中途停了 1 秒"), "{}", failed.reason);
    assert_eq!(failed.partial, "全镇完成投资");
}

#[test]
fn no_first_token_in_time_is_said_so() {
    let server = Server::start(vec![vec![
        send(sse_head()),
        Step::Wait(Duration::from_secs(4)),
    ]]);
    let failed = ask(&endpoint(&server.url(), Duration::from_secs(1)))
        .0
        .unwrap_err();
    assert!(
        failed.reason.contains("还没有开始回答"),
        "{}",
        failed.reason
    );
}

#[test]
fn a_connection_closed_before_the_end_is_said_so_and_keeps_the_partial_answer() {
    let server = Server::start(vec![
        vec![send(sse_head()), send(vllm(r#"{"content":"全镇完成"}"#))],
        vec![
            send(head(
                "200 OK",
                "text/event-stream",
                "Transfer-Encoding: chunked\r\n",
            )),
            send(chunk(vllm(r#"{"content":"全镇"}"#).as_bytes())),
        ],
    ]);
    let failed = ask(&server.endpoint()).0.unwrap_err();
    assert!(failed.reason.contains("断开了连接"), "{}", failed.reason);
    assert_eq!(failed.partial, "全镇完成");
    let failed = ask(&server.endpoint()).0.unwrap_err();
    assert!(failed.reason.contains("断开了连接"), "{}", failed.reason);
    assert_eq!(failed.partial, "全镇");
}

#[test]
fn bytes_that_are_not_utf8_stop_the_answer_with_a_clear_line() {
    let mut bad = b"data: {\"choices\":[{\"delta\":{\"content\":\"".to_vec();
    bad.extend(encoding_rs::GBK.encode("中文").0.iter());
    bad.extend(b"\"}}]}\n\n");
    let server = Server::start(vec![vec![
        send(sse_head()),
        send(vllm(r#"{"content":"全镇"}"#)),
        Step::Send(bad),
    ]]);
    let failed = ask(&server.endpoint()).0.unwrap_err();
    assert!(failed.reason.contains("不是 UTF-8"), "{}", failed.reason);
    assert_eq!(failed.partial, "全镇");
}

#[test]
fn an_endless_answer_is_cut_at_the_size_cap() {
    let piece = vllm(r#"{"content":"抓落实、抓落实、抓落实、抓落实、抓落实、"}"#);
    let many = piece.repeat(client::MAX_ANSWER_CHARS / 20 + 50);
    let server = Server::start(vec![vec![send(sse_head()), send(many)]]);
    let failed = ask(&server.endpoint()).0.unwrap_err();
    assert!(failed.reason.contains("已停止接收"), "{}", failed.reason);
    assert!(failed.partial.chars().count() > client::MAX_ANSWER_CHARS / 2);
}

/// Asks in a thread of its own and, once `ready` holds, cancels: the asker, to be joined.
fn ask_then_cancel(
    endpoint: Endpoint,
    ready: impl Fn() -> bool,
) -> JoinHandle<Result<client::Finished, client::Failed>> {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let asker = std::thread::spawn(move || {
        client::chat(&endpoint, &[Message::user(PROMPT)], &flag, |_| {})
    });
    while !ready() {
        std::thread::sleep(Duration::from_millis(5));
    }
    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
    asker
}

#[test]
fn a_cancel_ends_the_wait_at_once() {
    let server = Server::start(vec![vec![
        send(sse_head()),
        Step::Wait(Duration::from_secs(5)),
    ]]);
    let endpoint = endpoint(&server.url(), Duration::from_secs(30));
    let asker = ask_then_cancel(endpoint, || !server.requests().is_empty());
    let failed = asker.join().unwrap().unwrap_err();
    assert!(failed.cancelled);
    assert_eq!(failed.reason, "已取消");
}

#[test]
fn nothing_listening_is_a_clear_line() {
    // A port just freed: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let failed = ask(&endpoint(
        &format!("http://127.0.0.1:{port}/v1"),
        Duration::from_secs(1),
    ))
    .0
    .unwrap_err();
    assert!(
        failed
            .reason
            .starts_with(&format!("连不上 127.0.0.1:{port}")),
        "{}",
        failed.reason
    );
}

// ---- https ----

/// A test authority (standing for a unit's own root) and a server certificate it signed.
struct Pki {
    /// The authority's certificate, as the `ca_file` an administrator is given.
    ca_pem: String,
    server: Arc<rustls::ServerConfig>,
}

impl Pki {
    /// A certificate for `names`, valid from `not_before` to `not_after` (year, month, day).
    fn new(names: &[&str], not_before: (i32, u8, u8), not_after: (i32, u8, u8)) -> Pki {
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(rcgen::DnType::CommonName, "某单位内网根证书（测试）");
        let ca = rcgen::CertifiedIssuer::self_signed(ca, ca_key).unwrap();
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params =
            rcgen::CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
                .unwrap();
        params.not_before = rcgen::date_time_ymd(not_before.0, not_before.1, not_before.2);
        params.not_after = rcgen::date_time_ymd(not_after.0, not_after.1, not_after.2);
        let cert = params.signed_by(&key, &ca).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let server = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![cert.der().clone()],
                rustls::pki_types::PrivateKeyDer::try_from(key.serialize_der()).unwrap(),
            )
            .unwrap();
        Pki {
            ca_pem: ca.pem(),
            server: Arc::new(server),
        }
    }

    /// A certificate for localhost, valid for years around today.
    fn localhost() -> Pki {
        Pki::new(&["localhost"], (2020, 1, 1), (2099, 12, 31))
    }

    /// The authority written to a file in `dir`, as `ca_file` names it.
    fn ca_file(&self, dir: &tempfile::TempDir) -> PathBuf {
        let path = dir.path().join("unit-root.pem");
        std::fs::write(&path, &self.ca_pem).unwrap();
        path
    }
}

fn answering(text: &str) -> Vec<Step> {
    vec![
        send(sse_head()),
        send(vllm(&format!(r#"{{"content":"{text}"}}"#))),
        send("data: [DONE]\n\n"),
    ]
}

#[test]
fn https_with_the_units_own_root_certificate_streams_as_http_does() {
    let pki = Pki::localhost();
    let server = Server::start_tls(vec![answering("全镇固定资产投资完成12.5亿元。")], &pki);
    let dir = tempfile::tempdir().unwrap();
    let mut endpoint = server.endpoint();
    endpoint.ca_file = Some(pki.ca_file(&dir));
    let (result, _) = ask(&endpoint);
    let done = result.unwrap_or_else(|f| panic!("{}", f.reason));
    assert_eq!(done.text, "全镇固定资产投资完成12.5亿元。");
    let request = &server.requests()[0];
    assert!(
        request.starts_with("POST /v1/chat/completions HTTP/1.1\r\n"),
        "{request}"
    );
    assert!(request.contains(PROMPT));
}

#[test]
fn https_signed_by_an_authority_not_trusted_is_refused_naming_ca_file_and_sends_nothing() {
    let pki = Pki::localhost();
    let server = Server::start_tls(vec![answering("好")], &pki);
    let failed = ask(&server.endpoint()).0.unwrap_err();
    assert!(
        failed
            .reason
            .starts_with("与 localhost 的加密连接没有建立：")
            && failed.reason.contains("ca_file"),
        "{}",
        failed.reason
    );
    assert!(failed.partial.is_empty());
    // The handshake failed before the request: the server never read a word of it.
    while server.requests().is_empty() {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(server.requests(), vec![String::new()]);
}

#[test]
fn https_to_a_certificate_for_another_name_or_out_of_date_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let pki = Pki::new(&["llm.unit.intranet"], (2020, 1, 1), (2099, 12, 31));
    let server = Server::start_tls(vec![answering("好")], &pki);
    let mut endpoint = server.endpoint();
    endpoint.ca_file = Some(pki.ca_file(&dir));
    let failed = ask(&endpoint).0.unwrap_err();
    assert!(
        failed
            .reason
            .contains("证书上的名称与地址中的“localhost”不符"),
        "{}",
        failed.reason
    );

    let expired = Pki::new(&["localhost"], (2020, 1, 1), (2021, 1, 1));
    let server = Server::start_tls(vec![answering("好")], &expired);
    let mut endpoint = server.endpoint();
    endpoint.ca_file = Some(expired.ca_file(&dir));
    let failed = ask(&endpoint).0.unwrap_err();
    assert!(failed.reason.contains("证书已过期"), "{}", failed.reason);
}

#[test]
fn https_to_a_server_that_speaks_plain_http_says_it_is_not_https() {
    let server = Server::start(vec![answering("好")]);
    let url = server.url().replacen("http://", "https://", 1);
    let failed = ask(&endpoint(&url, Duration::from_secs(5))).0.unwrap_err();
    // A server that waits for more (this one reads up to a blank line): the handshake's deadline.
    assert_eq!(
        failed.reason,
        "与 127.0.0.1 的加密连接没有建立：2 秒内没有完成加密握手（对方可能不是 https 服务）"
    );

    // A web server (uvicorn under vLLM) answers the unreadable hello with a plain 400 at once.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let web = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    });
    let url = format!("https://127.0.0.1:{port}/v1");
    let failed = ask(&endpoint(&url, Duration::from_secs(5))).0.unwrap_err();
    web.join().unwrap();
    assert!(
        failed
            .reason
            .contains("对方的回答不是加密连接：这个地址上的服务可能只有 http"),
        "{}",
        failed.reason
    );
}

#[test]
fn a_ca_file_that_holds_no_certificate_is_said_so() {
    let pki = Pki::localhost();
    let server = Server::start_tls(vec![answering("好")], &pki);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("unit-root.pem");
    std::fs::write(&path, "这不是证书\n").unwrap();
    let mut endpoint = server.endpoint();
    endpoint.ca_file = Some(path.clone());
    let failed = ask(&endpoint).0.unwrap_err();
    assert!(
        failed.reason.contains(&format!(
            "根证书文件 `{}` 里没有 PEM 格式的证书",
            path.display()
        )),
        "{}",
        failed.reason
    );
}

#[test]
fn a_cancel_during_the_handshake_ends_the_wait_at_once() {
    // A gateway that takes the connection and never answers the hello.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicBool::new(false));
    let seen = accepted.clone();
    let gateway = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        seen.store(true, std::sync::atomic::Ordering::Relaxed);
        std::thread::sleep(Duration::from_secs(3));
        drop(stream);
    });
    let mut endpoint = endpoint(
        &format!("https://127.0.0.1:{port}/v1"),
        Duration::from_secs(30),
    );
    endpoint.timeouts.connect = Duration::from_secs(30);
    let asker = ask_then_cancel(endpoint, || {
        accepted.load(std::sync::atomic::Ordering::Relaxed)
    });
    // Joined before the gateway lets go: the handshake gave up on the flag, not on a hang-up.
    let failed = asker.join().unwrap().unwrap_err();
    assert!(!gateway.is_finished());
    assert!(failed.cancelled, "{}", failed.reason);
    assert_eq!(failed.reason, "已取消");
    gateway.join().unwrap();
}

#[test]
fn a_cancel_while_an_encrypted_record_trickles_in_is_seen_between_two_bytes() {
    // A slow link: the answer's first record (16 KB) arrives a byte every 20 ms.
    let pki = Pki::localhost();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let config = pki.server.clone();
    let trickling = Arc::new(AtomicBool::new(false));
    let started = trickling.clone();
    let bytes_sent = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = bytes_sent.clone();
    let server = std::thread::spawn(move || {
        let (tcp, _) = listener.accept().unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let conn = rustls::ServerConnection::new(config).unwrap();
        let mut tls = rustls::StreamOwned::new(conn, tcp);
        read_request(&mut tls);
        let mut body = sse_head();
        body.extend(vllm(&format!(r#"{{"content":"{}"}}"#, "好".repeat(5000))).into_bytes());
        tls.conn.writer().write_all(&body).unwrap();
        let mut wire = Vec::new();
        while tls.conn.wants_write() {
            tls.conn.write_tls(&mut wire).unwrap();
        }
        started.store(true, std::sync::atomic::Ordering::Relaxed);
        for byte in wire {
            if tls.sock.write_all(&[byte]).is_err() {
                return;
            }
            counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let mut endpoint = endpoint(
        &format!("https://localhost:{port}/v1"),
        Duration::from_secs(30),
    );
    endpoint.ca_file = Some(pki.ca_file(&dir));
    // Some bytes in, then Esc.
    let asker = ask_then_cancel(endpoint, || {
        trickling.load(std::sync::atomic::Ordering::Relaxed)
            && bytes_sent.load(std::sync::atomic::Ordering::Relaxed) >= 10
    });
    // The whole record would take minutes: a client that waited for it would still be here.
    let until = Instant::now() + Duration::from_secs(10);
    while !asker.is_finished() {
        assert!(
            Instant::now() < until,
            "the cancel was not seen while bytes trickled in"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let failed = asker.join().unwrap().unwrap_err();
    assert!(failed.cancelled, "{}", failed.reason);
    drop(server);
}

#[test]
fn a_cancel_while_an_https_server_thinks_ends_the_wait_at_once() {
    let pki = Pki::localhost();
    let server = Server::start_tls(
        vec![vec![send(sse_head()), Step::Wait(Duration::from_secs(5))]],
        &pki,
    );
    let dir = tempfile::tempdir().unwrap();
    let mut endpoint = endpoint(&server.url(), Duration::from_secs(30));
    endpoint.ca_file = Some(pki.ca_file(&dir));
    let asker = ask_then_cancel(endpoint, || !server.requests().is_empty());
    let failed = asker.join().unwrap().unwrap_err();
    assert!(failed.cancelled);
    assert_eq!(failed.reason, "已取消");
}

// ---- shuzhi assistant test ----

fn configure(s: &Sandbox, url: &str, extra: &str) {
    s.config(&format!(
        "[assistant]\nbase_url = \"{url}\"\nmodel = \"qwen3-32b\"\n{extra}"
    ));
}

#[test]
fn assistant_test_says_in_one_line_that_it_answered() {
    let server = Server::start(vec![vec![
        send(sse_head()),
        send(vllm(r#"{"content":"好"}"#)),
        send("data: [DONE]\n\n"),
    ]]);
    let s = Sandbox::new();
    s.write("key", "sk-unit-42\n");
    let key = s.path("key");
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    configure(
        &s,
        &server.url(),
        &format!("api_key_file = \"{}\"\n", key.display()),
    );
    let run = s.run(&["assistant", "test"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(
        run.stdout
            .starts_with("写作助手可以使用：模型 Qwen3-32B，首字用时 "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(&server.url()));
    assert!(!run.stdout.contains("sk-unit-42"));
    assert!(server.requests()[0].contains("\r\nAuthorization: Bearer sk-unit-42\r\n"));
}

#[test]
fn assistant_test_over_https_with_ca_file_in_the_config_answers() {
    let pki = Pki::localhost();
    let server = Server::start_tls(vec![answering("好")], &pki);
    let s = Sandbox::new();
    s.write("unit-root.pem", &pki.ca_pem);
    configure(
        &s,
        &server.url(),
        &format!("ca_file = \"{}\"\n", s.path("unit-root.pem").display()),
    );
    let run = s.run(&["assistant", "test"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .starts_with("写作助手可以使用：模型 Qwen3-32B，首字用时 ")
            && run.stdout.contains(&server.url()),
        "{}",
        run.stdout
    );

    // The same server without the unit's root: one line saying what to set.
    let server = Server::start_tls(vec![answering("好")], &pki);
    configure(&s, &server.url(), "");
    let run = s.run(&["assistant", "test"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(run.stdout.contains("ca_file"), "{}", run.stdout);
}

#[test]
fn assistant_test_without_a_server_configured_sends_nothing() {
    let s = Sandbox::new();
    let run = s.run(&["assistant", "test"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.starts_with("没有配置写作助手，什么也没有发送"),
        "{}",
        run.stdout
    );
}

#[test]
fn assistant_test_against_a_failing_server_exits_1_with_the_reason() {
    let body = "{\"error\":{\"message\":\"Invalid API key\",\"type\":\"invalid_request_error\"}}";
    let server = Server::start(vec![vec![send(
        [
            head(
                "401 Unauthorized",
                "application/json",
                &format!("Content-Length: {}\r\n", body.len()),
            ),
            body.as_bytes().to_vec(),
        ]
        .concat(),
    )]]);
    let s = Sandbox::new();
    configure(&s, &server.url(), "");
    let run = s.run(&["assistant", "test"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        format!(
            "写作助手没有回答：密钥不对或没有权限（HTTP 401）：Invalid API key（模型 qwen3-32b，{}）\n",
            server.url()
        )
    );
}

#[test]
fn assistant_test_refuses_a_key_file_others_can_read_and_sends_nothing() {
    let server = Server::start(vec![]);
    let s = Sandbox::new();
    s.write("key", "sk-unit-42\n");
    let key = s.path("key");
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    configure(
        &s,
        &server.url(),
        &format!("api_key_file = \"{}\"\n", key.display()),
    );
    let run = s.run(&["assistant", "test"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(&format!("chmod 600 {}", key.display())),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("sk-unit-42"));
    assert!(server.requests().is_empty());
}

#[test]
fn a_bad_assistant_setting_is_an_error_with_its_place() {
    let s = Sandbox::new();
    s.config("[assistant]\nbase_url = \"http://h/v1\"\nmodle = \"x\"\n");
    let run = s.run(&["assistant", "test"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("modle"), "{}", run.stderr);
    assert!(run.stderr.contains("model"), "{}", run.stderr);
}

// ---- in the wizard, the real binary in a terminal ----

const DRAFT: &str = "format = 1\ntemplate = \"dnqjl\"\n\n[fields]\n\"年度\" = \"2026\"\n\"姓名\" = \"张三\"\n\n[sections.duty]\ntext = \"\"\"\n全镇完成固定资产投资12.5亿元，同比增长15%，群众满意度进一步提高。\n\"\"\"\n\n[state]\nstep = \"duty\"\n";

fn answer(text: &str) -> Vec<Step> {
    vec![
        send(sse_head()),
        send(vllm(r#"{"reasoning_content":"先想一想"}"#)),
        send(vllm(&serde_json::json!({ "content": text }).to_string())),
        send("data: [DONE]\n\n"),
    ]
}

/// An expansion that keeps every figure of the polished paragraph and adds none.
const EXPANDED: &str =
    "全镇固定资产投资完成12.5亿元，同比增长15%，项目建设提速增效，群众满意度持续提升。";

#[test]
fn in_the_wizard_a_polish_is_taken_a_changed_figure_refused_and_a_wait_cancelled() {
    let polished = "全镇固定资产投资完成12.5亿元，同比增长15%，群众满意度持续提升。";
    let server = Server::start(vec![
        answer(polished),
        answer("全镇固定资产投资完成13亿元，同比增长15%，群众满意度持续提升。"),
        answer(EXPANDED),
        vec![send(sse_head()), Step::Wait(Duration::from_secs(8))],
    ]);
    let s = Sandbox::new();
    configure(&s, &server.url(), "");
    s.write("d.toml", DRAFT);
    let mut tui = common::Tui::spawn(&s, &["open", "d.toml"], 120, 40);
    tui.wait_text("群众满意度进一步提");
    const F6: &str = "\x1b[17~";
    tui.send(F6);
    tui.wait_text("1 润色");
    tui.send("1");
    tui.wait_text("第一次使用写作助手");
    tui.send("\r");
    tui.wait_text("Enter 采用");
    tui.send("\r");
    tui.wait_text("已采用写作助手的改写");
    tui.wait_text("群众满意度持续提升");
    // 扩写: asked once already, sent at once; the answer changed a figure.
    tui.send(F6);
    tui.wait_text("2 扩写");
    tui.send("2");
    tui.wait_text("不能采用：数字“12.5亿元”被改成了“13亿元”");
    tui.send("\r");
    tui.wait_text("不能采用：数字");
    tui.send("\x1b");
    tui.wait_for("the pane closed", |s| !s.contains("写作助手 ·"));
    // 扩写 again, an answer that keeps every fact: taken, then undone in one step.
    tui.send(F6);
    tui.wait_text("2 扩写");
    tui.send("2");
    tui.wait_text("Enter 采用");
    tui.send("\r");
    tui.wait_text("已采用写作助手的改写");
    tui.wait_text("项目建设");
    tui.ctrl('z');
    tui.wait_for("the expansion undone", |s| {
        !s.contains("项目建设") && s.contains("群众满意度持续提升")
    });
    // A server that does not answer: the writer types on, then Esc.
    tui.send(F6);
    tui.wait_text("3 压缩");
    tui.send("3");
    tui.wait_text("正在等待模型回答");
    // Undo left the caret where the change was, at the paragraph's start.
    tui.type_text("啊");
    tui.wait_text("啊全镇");
    tui.send("\x1b");
    tui.wait_text("已取消写作助手的请求");
    tui.quit();
    let saved = s.read("d.toml");
    assert!(saved.contains(&format!("啊{polished}")), "{saved}");
    assert!(!saved.contains("13亿元"));
    assert!(!saved.contains("项目建设"));
    assert_eq!(server.requests().len(), 4);
}
