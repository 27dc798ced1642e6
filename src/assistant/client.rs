//! 请求: one chat-completions request to the configured server, its answer streamed back as
//! [`Progress`] and ended by a [`Finished`] or a [`Failed`] whose Display is the one line the
//! writer reads. A failure keeps what had arrived (`partial`): nothing is lost, and nothing of
//! the draft is touched here.

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::http::{self, Error};
use super::settings::{ConfigError, Endpoint};
use super::stream::{Answer, Decoder, Piece, Unreadable};

/// An answer longer than this (text and reasoning, in characters) is cut off: a model that
/// never stops must not fill the memory or the pane.
pub const MAX_ANSWER_CHARS: usize = 40_000;
/// The most bytes read from the server for one answer (JSON around the text included).
pub const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;
/// The most of an error page read for its message.
const MAX_ERROR_BYTES: usize = 64 * 1024;
/// The most tokens the model is asked to write.
const MAX_TOKENS: u32 = 4096;

/// One message of the conversation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub role: &'static str,
    pub content: String,
}

impl Message {
    pub fn system(content: impl Into<String>) -> Message {
        Message {
            role: "system",
            content: content.into(),
        }
    }

    pub fn user(content: impl Into<String>) -> Message {
        Message {
            role: "user",
            content: content.into(),
        }
    }
}

/// What the answer has reached, sent as it streams.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Progress {
    /// The model is thinking: characters of reasoning so far.
    Thinking { chars: usize },
    /// The text so far (whole, not a delta), reasoning taken out.
    Text(String),
}

/// A complete answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished {
    pub text: String,
    /// The model's name as the server gave it, else as configured.
    pub model: String,
    /// From sending the request to the first token (reasoning counts).
    pub first_token: Option<Duration>,
}

/// Why there is no complete answer, and what had arrived.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct Failed {
    pub reason: String,
    pub partial: String,
    pub cancelled: bool,
}

impl Failed {
    fn new(reason: impl Into<String>, partial: String) -> Failed {
        Failed {
            reason: reason.into(),
            partial,
            cancelled: false,
        }
    }
}

/// The JSON body of a request.
pub fn request_body(endpoint: &Endpoint, messages: &[Message], stream: bool) -> Value {
    let messages: Vec<Value> = messages
        .iter()
        .map(|m| json!({"role": m.role, "content": m.content}))
        .collect();
    json!({
        "model": endpoint.model,
        "messages": messages,
        "stream": stream,
        "temperature": 0.3,
        "max_tokens": MAX_TOKENS,
        // Qwen3 behind vLLM or SGLang thinks unless told not to; Ollama reads `think`.
        "chat_template_kwargs": {"enable_thinking": endpoint.think},
        "think": endpoint.think,
    })
}

/// Asks the server, calling `progress` as the answer streams; `cancel` ends the wait at once.
pub fn chat(
    endpoint: &Endpoint,
    messages: &[Message],
    cancel: &AtomicBool,
    mut progress: impl FnMut(Progress),
) -> Result<Finished, Failed> {
    let key = endpoint
        .key()
        .map_err(|e: ConfigError| Failed::new(e.to_string(), String::new()))?;
    let body = request_body(endpoint, messages, true).to_string();
    let started = Instant::now();
    let fail = |e: Error, partial: String| Failed {
        cancelled: matches!(e, Error::Cancelled),
        reason: e.to_string(),
        partial,
    };
    let mut response = http::post(
        &endpoint.url,
        key.as_ref().map(|k| k.expose()),
        body.as_bytes(),
        "text/event-stream, application/json",
        endpoint.timeouts,
        endpoint.ca_file.as_deref(),
        cancel,
    )
    .map_err(|e| fail(e, String::new()))?;
    if !(200..300).contains(&response.status) {
        let bytes = response.body.read_all(MAX_ERROR_BYTES).unwrap_or_default();
        return Err(Failed::new(
            http_error(response.status, &bytes, &endpoint.model),
            String::new(),
        ));
    }
    let mut decoder = Decoder::default();
    let mut answer = Answer::new(endpoint.think);
    let mut model = None;
    let mut first_token = None;
    let mut finish = None;
    let mut bytes_read = 0;
    loop {
        let bytes = match response.body.next_bytes() {
            Ok(Some(bytes)) => bytes,
            Ok(None) => break,
            Err(Error::Closed) if decoder.done() => break,
            Err(e) => return Err(fail(e, answer.text())),
        };
        bytes_read += bytes.len();
        let (pieces, error) = decoder.feed(&bytes);
        let before = answer.received_chars();
        take(&pieces, &mut answer, &mut model, &mut finish, &mut progress)?;
        if answer.received_chars() > before {
            response.body.content_began();
            first_token.get_or_insert_with(|| started.elapsed());
        }
        if let Some(u) = error {
            return Err(Failed::new(unreadable(&u), answer.text()));
        }
        if answer.received_chars() > MAX_ANSWER_CHARS || bytes_read > MAX_ANSWER_BYTES {
            return Err(Failed::new(
                format!(
                    "回答超过 {MAX_ANSWER_CHARS} 字仍未结束，已停止接收（收到的部分保留在右侧，未写入正文）"
                ),
                answer.text(),
            ));
        }
        if decoder.done() {
            break;
        }
    }
    let pieces = decoder
        .finish()
        .map_err(|u| Failed::new(unreadable(&u), answer.text()))?;
    let before = answer.received_chars();
    take(&pieces, &mut answer, &mut model, &mut finish, &mut progress)?;
    if answer.received_chars() > before {
        first_token.get_or_insert_with(|| started.elapsed());
    }
    let text = answer.text();
    if !decoder.done() && finish.is_none() {
        return Err(Failed::new(
            "服务器在回答完之前断开了连接（收到的部分保留在右侧，未写入正文）",
            text,
        ));
    }
    if finish.as_deref() == Some("length") {
        return Err(Failed::new(
            "回答达到了模型的长度上限，没有写完（收到的部分保留在右侧，未写入正文）",
            text,
        ));
    }
    if text.is_empty() {
        return Err(Failed::new(
            "模型的回答是空的（只有思考过程，没有正文）",
            text,
        ));
    }
    Ok(Finished {
        text,
        model: model.unwrap_or_else(|| endpoint.model.clone()),
        first_token,
    })
}

/// Takes the pieces into the answer, telling `progress` after each piece of text or
/// reasoning; an error the server put in the stream ends it.
fn take(
    pieces: &[Piece],
    answer: &mut Answer,
    model: &mut Option<String>,
    finish: &mut Option<String>,
    progress: &mut impl FnMut(Progress),
) -> Result<(), Failed> {
    for piece in pieces {
        match piece {
            Piece::Content(t) => {
                answer.push_content(t);
                report(answer, progress);
            }
            Piece::Reasoning(t) => {
                answer.push_reasoning(t);
                report(answer, progress);
            }
            Piece::Model(m) => {
                model.get_or_insert_with(|| m.clone());
            }
            Piece::Finish(f) => *finish = Some(f.clone()),
            Piece::Done => {}
            Piece::Error(message) => {
                return Err(Failed::new(
                    format!("服务器报错：{}", one_line(message)),
                    answer.text(),
                ));
            }
        }
    }
    Ok(())
}

fn report(answer: &Answer, progress: &mut impl FnMut(Progress)) {
    let shown = answer.shown_now();
    if shown.is_empty() {
        progress(Progress::Thinking {
            chars: answer.reasoning_chars(),
        });
    } else {
        progress(Progress::Text(shown.trim_end().to_string()));
    }
}

fn unreadable(u: &Unreadable) -> String {
    match u {
        Unreadable::NotUtf8 { line } => format!(
            "服务器发来的第 {line} 行不是 UTF-8 编码的文字，已停止接收（收到的部分保留在右侧，未写入正文）"
        ),
        Unreadable::NotJson { sample } => {
            format!(
                "服务器的回答不是 chat/completions 接口的格式：“{sample}”；请检查 base_url 是否以 /v1 结尾"
            )
        }
    }
}

/// The line for an HTTP error: the status, what it usually means, and the server's own words.
fn http_error(status: u16, body: &[u8], model: &str) -> String {
    let text = decode_lossy(body);
    let said = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| super::stream::error_message(&v))
        .unwrap_or_else(|| strip_tags(&text));
    let meaning = match status {
        400 => "请求被拒绝",
        401 | 403 => "密钥不对或没有权限",
        404 => "地址不对，或服务器上没有模型",
        408 | 504 => "服务器或代理等待超时",
        413 => "文字太长",
        429 => "服务器正忙（请求太多），请稍后再试",
        500..=599 => "服务器内部出错",
        _ => "服务器拒绝了请求",
    };
    let mut line = format!("{meaning}（HTTP {status}）");
    if status == 404 {
        line.push_str(&format!("，模型 {model}"));
    }
    let said = one_line(&said);
    if !said.is_empty() {
        line.push('：');
        line.push_str(&said);
    }
    line
}

/// Bytes as text: UTF-8, else GB18030 (a proxy's error page on a Chinese system).
fn decode_lossy(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// An HTML page's text, roughly: tags dropped.
fn strip_tags(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// A message on one line, not too long for the status line.
fn one_line(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = joined.chars();
    let short: String = chars.by_ref().take(160).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_errors_carry_the_servers_message() {
        let line = http_error(
            404,
            br#"{"error":{"message":"The model `qwen` does not exist.","type":"NotFoundError"}}"#,
            "qwen",
        );
        assert_eq!(
            line,
            "地址不对，或服务器上没有模型（HTTP 404），模型 qwen：The model `qwen` does not exist."
        );
        let line = http_error(
            502,
            b"<html><body><h1>502 Bad Gateway</h1>\n<hr>nginx</body></html>",
            "m",
        );
        assert_eq!(line, "服务器内部出错（HTTP 502）：502 Bad Gateway nginx");
        let gbk = encoding_rs::GBK.encode("网关超时").0;
        assert!(http_error(504, &gbk, "m").ends_with("：网关超时"));
    }
}
