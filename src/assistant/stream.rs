//! 回答的流: the bytes of a chat-completions answer turned into pieces of text, whatever shape
//! the server streams them in.
//!
//! - Server-sent events (vLLM, llama.cpp, Ollama's `/v1`, Xinference): read by line, never by
//!   network chunk, so an event split over two packets, or a whole answer in one packet from a
//!   proxy that buffers, reads the same. `:` lines are keep-alive comments; `data: [DONE]` ends.
//! - One JSON object, the non-streamed answer (`"stream": false`, or a proxy that turned the
//!   stream into one): `choices[0].message`.
//! - JSON lines (Ollama's own `/api/chat`): `message.content`, `done`.
//!
//! The reasoning of a thinking model comes as its own field (`reasoning_content`, `reasoning`,
//! Ollama's `thinking`) or inline in the text (`<think>…</think>`, or only the closing tag when
//! the server ate the opening one); [`Answer`] keeps it out of the text in every case.

use serde_json::Value;

/// One thing an answer's JSON said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Content(String),
    Reasoning(String),
    /// The server reported an error in the stream (vLLM, llama.cpp do this mid-answer).
    Error(String),
    /// `finish_reason`: `stop`, or `length` when the model hit its token limit.
    Finish(String),
    /// The model's name as the server gives it.
    Model(String),
    /// The end (`[DONE]`, Ollama's `done: true`).
    Done,
}

/// The pieces of one JSON object of an answer, streamed or not.
pub fn pieces_of(value: &Value) -> Vec<Piece> {
    let mut out = Vec::new();
    if let Some(message) = error_message(value) {
        out.push(Piece::Error(message));
        return out;
    }
    if let Some(model) = value.get("model").and_then(Value::as_str) {
        out.push(Piece::Model(model.to_string()));
    }
    let mut take = |part: &Value| {
        for key in ["reasoning_content", "reasoning", "thinking"] {
            if let Some(text) = part.get(key).and_then(Value::as_str)
                && !text.is_empty()
            {
                out.push(Piece::Reasoning(text.to_string()));
            }
        }
        if let Some(text) = part.get("content").and_then(Value::as_str)
            && !text.is_empty()
        {
            out.push(Piece::Content(text.to_string()));
        }
    };
    if let Some(choice) = value.get("choices").and_then(|c| c.get(0)) {
        for key in ["delta", "message"] {
            if let Some(part) = choice.get(key) {
                take(part);
            }
        }
        // The old completions shape, which some servers still send.
        if let Some(text) = choice.get("text").and_then(Value::as_str)
            && !text.is_empty()
        {
            out.push(Piece::Content(text.to_string()));
        }
        if let Some(reason) = choice.get("finish_reason").and_then(Value::as_str) {
            out.push(Piece::Finish(reason.to_string()));
        }
    } else if let Some(message) = value.get("message") {
        take(message);
        if value.get("done").and_then(Value::as_bool) == Some(true) {
            if let Some(reason) = value.get("done_reason").and_then(Value::as_str) {
                out.push(Piece::Finish(reason.to_string()));
            }
            out.push(Piece::Done);
        }
    }
    out
}

/// The message of an error object in any of the shapes servers use: `{"error": {"message"}}`
/// (OpenAI, llama.cpp), `{"error": "…"}` (Ollama), `{"object": "error", "message"}` (vLLM),
/// `{"detail": "…"}` (FastAPI, Xinference).
pub fn error_message(value: &Value) -> Option<String> {
    if let Some(error) = value.get("error") {
        return match error {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o
                .get("message")
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| Some(error.to_string())),
            Value::Null => None,
            other => Some(other.to_string()),
        };
    }
    if value.get("object").and_then(Value::as_str) == Some("error") {
        return value
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_string);
    }
    if value.get("choices").is_none() {
        match value.get("detail") {
            Some(Value::String(s)) => return Some(s.clone()),
            Some(Value::Null) | None => {}
            Some(other) => return Some(other.to_string()),
        }
    }
    None
}

/// Why the bytes could not be read as an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// A line that is not UTF-8 (its number, from 1).
    NotUtf8 { line: usize },
    /// A `data:` line that is not JSON.
    NotJson { sample: String },
}

/// Turns the body's bytes, as they arrive, into pieces: SSE, JSON lines, or one JSON object.
#[derive(Debug, Default)]
pub struct Decoder {
    /// Bytes after the last complete line.
    partial: Vec<u8>,
    lines: usize,
    /// SSE `data:` lines of the event not yet ended by a blank line.
    data: Vec<String>,
    /// Lines that are neither SSE nor a JSON object of their own: one JSON object spread over
    /// lines (a non-streamed answer, pretty-printed), read at the end.
    loose: String,
    /// Whether any line was SSE or a JSON line.
    streamed: bool,
    done: bool,
}

impl Decoder {
    /// Whether the answer said it is complete.
    pub fn done(&self) -> bool {
        self.done
    }

    /// Feeds the next bytes; returns the pieces of every line they complete, and what could
    /// not be read if a line could not (the pieces before it are still given).
    pub fn feed(&mut self, bytes: &[u8]) -> (Vec<Piece>, Option<Unreadable>) {
        self.partial.extend_from_slice(bytes);
        let mut out = Vec::new();
        let mut start = 0;
        let mut error = None;
        while let Some(at) = self.partial[start..].iter().position(|&b| b == b'\n') {
            let end = start + at;
            let line = self.partial[start..end].to_vec();
            start = end + 1;
            if let Err(e) = self.line(&line, &mut out) {
                error = Some(e);
                break;
            }
            if self.done {
                break;
            }
        }
        self.partial.drain(..start);
        (out, error)
    }

    /// The end of the body: the last line without its line break, an event not yet ended, or
    /// a whole JSON object.
    pub fn finish(&mut self) -> Result<Vec<Piece>, Unreadable> {
        let mut out = Vec::new();
        if !self.done && !self.partial.is_empty() {
            let line = std::mem::take(&mut self.partial);
            self.line(&line, &mut out)?;
        }
        if !self.done {
            self.dispatch(&mut out)?;
        }
        let loose = std::mem::take(&mut self.loose);
        if !self.done && !loose.trim().is_empty() {
            match serde_json::from_str::<Value>(&loose) {
                Ok(value) => {
                    out.extend(pieces_of(&value));
                    self.done = true;
                }
                Err(_) if self.streamed => {}
                Err(_) => return Err(not_json(&loose)),
            }
        }
        Ok(out)
    }

    fn line(&mut self, line: &[u8], out: &mut Vec<Piece>) -> Result<(), Unreadable> {
        self.lines += 1;
        let line =
            std::str::from_utf8(line).map_err(|_| Unreadable::NotUtf8 { line: self.lines })?;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = if self.lines == 1 {
            line.strip_prefix('\u{feff}').unwrap_or(line)
        } else {
            line
        };
        if line.is_empty() {
            return self.dispatch(out);
        }
        if line.starts_with(':') {
            // A keep-alive comment.
            self.streamed = true;
            return Ok(());
        }
        if let Some(data) = line.strip_prefix("data:") {
            self.streamed = true;
            let data = data.strip_prefix(' ').unwrap_or(data);
            if data.trim() == "[DONE]" {
                self.dispatch(out)?;
                out.push(Piece::Done);
                self.done = true;
                return Ok(());
            }
            // One event per line, as servers send them: read at once, without waiting for
            // the blank line a buffering proxy may have dropped.
            if self.data.is_empty()
                && let Ok(value) = serde_json::from_str::<Value>(data)
            {
                self.emit(&value, out);
                return Ok(());
            }
            self.data.push(data.to_string());
            return Ok(());
        }
        if ["event:", "id:", "retry:"]
            .iter()
            .any(|f| line.starts_with(f))
        {
            self.streamed = true;
            return Ok(());
        }
        if self.loose.is_empty()
            && line.trim_start().starts_with('{')
            && let Ok(value) = serde_json::from_str::<Value>(line)
        {
            self.streamed = true;
            self.emit(&value, out);
            return Ok(());
        }
        self.loose.push_str(line);
        self.loose.push('\n');
        Ok(())
    }

    fn emit(&mut self, value: &Value, out: &mut Vec<Piece>) {
        let pieces = pieces_of(value);
        if pieces.contains(&Piece::Done) {
            self.done = true;
        }
        out.extend(pieces);
    }

    fn dispatch(&mut self, out: &mut Vec<Piece>) -> Result<(), Unreadable> {
        if self.data.is_empty() {
            return Ok(());
        }
        let data = std::mem::take(&mut self.data).join("\n");
        match serde_json::from_str::<Value>(&data) {
            Ok(value) => {
                self.emit(&value, out);
                Ok(())
            }
            Err(_) => Err(not_json(&data)),
        }
    }
}

fn not_json(text: &str) -> Unreadable {
    Unreadable::NotJson {
        sample: text.trim().chars().take(60).collect(),
    }
}

/// The answer so far: its text and its reasoning, kept apart.
#[derive(Clone, Debug, Default)]
pub struct Answer {
    /// The content as it came, inline reasoning and all.
    raw: String,
    /// Characters of reasoning received (a field, or inline).
    reasoning_chars: usize,
    /// The server sends reasoning in a field of its own: the content is never reasoning.
    reasoning_field: bool,
    /// The model was asked to think: content before a `</think>` may be reasoning whose
    /// opening tag the server ate, so it is not shown until that is clear.
    thinking_asked: bool,
}

const OPEN: &str = "<think>";
const CLOSE: &str = "</think>";

impl Answer {
    pub fn new(thinking_asked: bool) -> Answer {
        Answer {
            thinking_asked,
            ..Answer::default()
        }
    }

    pub fn push_content(&mut self, text: &str) {
        self.raw.push_str(text);
    }

    pub fn push_reasoning(&mut self, text: &str) {
        self.reasoning_field = true;
        self.reasoning_chars += text.chars().count();
    }

    /// Characters received in all, text and reasoning: what the size cap counts.
    pub fn received_chars(&self) -> usize {
        self.reasoning_chars + self.raw.chars().count()
    }

    /// Characters of reasoning so far, inline included (for “思考中” in the pane).
    pub fn reasoning_chars(&self) -> usize {
        self.reasoning_chars + (self.raw.chars().count() - self.shown_now().chars().count())
    }

    /// What may be shown while the answer streams: never any reasoning. Until a thinking
    /// model's reasoning is clearly over, nothing.
    pub fn shown_now(&self) -> &str {
        if let Some(at) = self.raw.rfind(CLOSE) {
            return self.raw[at + CLOSE.len()..].trim_start();
        }
        let start = self.raw.trim_start();
        if start.starts_with(OPEN) || OPEN.starts_with(start) && !start.is_empty() {
            return "";
        }
        if self.thinking_asked && !self.reasoning_field {
            return "";
        }
        // A tag split over two pieces is not shown half.
        let cut = (1..CLOSE.len())
            .rev()
            .find(|&n| self.raw.ends_with(&CLOSE[..n]))
            .map_or(self.raw.len(), |n| self.raw.len() - n);
        self.raw[..cut].trim_start()
    }

    /// The text of the complete answer, without reasoning, trimmed.
    pub fn text(&self) -> String {
        strip_reasoning(&self.raw)
    }
}

/// Text with inline reasoning taken out: everything up to the last `</think>` (whether or not
/// its `<think>` came), an unclosed `<think>…` to the end, and stray tags.
pub fn strip_reasoning(raw: &str) -> String {
    let after = match raw.rfind(CLOSE) {
        Some(at) => &raw[at + CLOSE.len()..],
        None => match raw.find(OPEN) {
            Some(at) => &raw[..at],
            None => raw,
        },
    };
    after.replace(OPEN, "").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(chunks: &[&[u8]]) -> Vec<Piece> {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        for c in chunks {
            let (pieces, error) = d.feed(c);
            assert_eq!(error, None);
            out.extend(pieces);
        }
        out.extend(d.finish().unwrap());
        out
    }

    fn text_of(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Content(t) => Some(t.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn an_event_split_anywhere_reads_the_same() {
        let sse = "data: {\"choices\":[{\"delta\":{\"content\":\"全年完成\"}}]}\n\n: keep-alive\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"12.5亿元\"}}]}\n\ndata: [DONE]\n\n".as_bytes();
        let whole = decode(&[sse]);
        assert_eq!(text_of(&whole), "全年完成12.5亿元");
        for cut in 1..sse.len() {
            let pieces = decode(&[&sse[..cut], &sse[cut..]]);
            assert_eq!(text_of(&pieces), "全年完成12.5亿元", "cut at {cut}");
        }
    }

    #[test]
    fn crlf_lines_and_events_without_blank_lines_are_read() {
        let sse = b"data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\r\ndata: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}\r\n";
        assert_eq!(text_of(&decode(&[sse])), "ab");
    }

    #[test]
    fn a_pretty_printed_non_streamed_answer_is_read_whole() {
        let json = "{\n  \"model\": \"qwen3\",\n  \"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"<think>想一想</think>\\n\\n改好的文字\"}, \"finish_reason\": \"stop\"}]\n}";
        let pieces = decode(&[json.as_bytes()]);
        assert!(pieces.contains(&Piece::Model("qwen3".into())));
        assert_eq!(strip_reasoning(&text_of(&pieces)), "改好的文字");
    }

    #[test]
    fn errors_in_the_stream_are_read_in_every_shape() {
        for (json, message) in [
            (
                r#"{"error":{"code":500,"message":"out of memory","type":"server_error"}}"#,
                "out of memory",
            ),
            (
                r#"{"object":"error","message":"maximum context length is 4096","code":400}"#,
                "maximum context length is 4096",
            ),
            (
                r#"{"error":"model \"qwen\" not found"}"#,
                "model \"qwen\" not found",
            ),
            (r#"{"detail":"Not Found"}"#, "Not Found"),
        ] {
            let line = format!("data: {json}\n\n");
            assert_eq!(
                decode(&[line.as_bytes()]),
                vec![Piece::Error(message.into())]
            );
        }
    }

    #[test]
    fn non_utf8_bytes_are_refused_with_the_line() {
        let mut d = Decoder::default();
        let (pieces, error) = d.feed(
            b"data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: \xd6\xd0\xce\xc4\n",
        );
        assert_eq!(pieces, [Piece::Content("a".into())]);
        assert_eq!(error, Some(Unreadable::NotUtf8 { line: 3 }));
    }

    #[test]
    fn a_character_split_between_chunks_is_whole() {
        let line = "data: {\"choices\":[{\"delta\":{\"content\":\"党建\"}}]}\n\n".as_bytes();
        let at = line.iter().position(|&b| b >= 0x80).unwrap() + 1;
        assert_eq!(text_of(&decode(&[&line[..at], &line[at..]])), "党建");
    }

    #[test]
    fn reasoning_never_enters_the_text() {
        // A field of its own.
        let mut a = Answer::new(true);
        a.push_reasoning("先分析一下");
        a.push_content("改好的文字");
        assert_eq!(a.shown_now(), "改好的文字");
        assert_eq!(a.text(), "改好的文字");
        // Inline, both tags, split over pieces.
        let mut a = Answer::new(false);
        for p in ["<th", "ink>先想", "想</thi", "nk>\n\n正文"] {
            a.push_content(p);
            assert!(!a.shown_now().contains('想'), "{:?}", a.shown_now());
            assert!(!a.shown_now().contains('<'), "{:?}", a.shown_now());
        }
        assert_eq!(a.text(), "正文");
        // Only the closing tag (DeepSeek-R1 behind SGLang): held back while thinking was asked.
        let mut a = Answer::new(true);
        a.push_content("用户要求润色");
        assert_eq!(a.shown_now(), "");
        a.push_content("</think>正文");
        assert_eq!(a.shown_now(), "正文");
        assert_eq!(a.text(), "正文");
        assert_eq!(strip_reasoning("思考</think>\n正文"), "正文");
        assert_eq!(strip_reasoning("正文<think>没想完"), "正文");
    }
}
