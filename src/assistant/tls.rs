//! 加密连接: `https://` through rustls (ring as its crypto, no OpenSSL, so the static builds stay
//! static).
//!
//! The certificates trusted are the system's (as `rustls-native-certs` finds them: the
//! distribution's bundle, or `SSL_CERT_FILE`) and, when `ca_file` is set, the unit's own root
//! certificates in that PEM file: intranet model servers are often signed by the unit's CA.
//! The handshake is done here, with the connect timeout as its deadline. Every read is one read
//! of the socket (a tick of its read timeout at most), never rustls's own loop until a whole
//! record is in: a link that trickles bytes still lets the caller look at the cancel flag and its
//! deadlines between two reads. What fails is said in the writer's words.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{
    AlertDescription, CertificateError, ClientConfig, ClientConnection, InvalidMessage,
    RootCertStore,
};

use super::http::{Error, is_tick};

/// An encrypted connection, ready for the request.
pub struct TlsStream {
    conn: ClientConnection,
    tcp: TcpStream,
}

impl TlsStream {
    /// Sends what rustls has to send.
    fn write_pending(&mut self) -> io::Result<()> {
        while self.conn.wants_write() {
            self.conn.write_tls(&mut self.tcp)?;
        }
        Ok(())
    }
}

impl Read for TlsStream {
    /// Decrypted bytes; `WouldBlock` when a tick passed without a whole record.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.conn.reader().read(buf) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            done => return done,
        }
        // One read of the socket: its end (0) is for rustls to judge, with or without the
        // server's close_notify.
        self.conn.read_tls(&mut self.tcp)?;
        self.conn
            .process_new_packets()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        self.write_pending()?;
        self.conn.reader().read(buf)
    }
}

impl Write for TlsStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.conn.writer().write(buf)?;
        self.write_pending()?;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.conn.writer().flush()?;
        self.write_pending()?;
        self.tcp.flush()
    }
}

/// Does the handshake with `host` over `tcp`, whose read timeout must be short (a tick).
/// Nothing of the request is sent before it is done and the certificate verified.
pub fn handshake(
    tcp: TcpStream,
    host: &str,
    ca_file: Option<&Path>,
    timeout: Duration,
    cancel: &AtomicBool,
) -> Result<TlsStream, Error> {
    let fail = |reason: String| Error::Tls {
        host: host.to_string(),
        reason,
    };
    let config = client_config(ca_file).map_err(fail)?;
    let name = ServerName::try_from(host.to_string())
        .map_err(|_| fail(format!("“{host}”不是可以验证证书的主机名")))?;
    let conn = ClientConnection::new(Arc::new(config), name).map_err(|e| fail(e.to_string()))?;
    let mut tls = TlsStream { conn, tcp };
    let deadline = Instant::now() + timeout;
    let hung_up = || {
        fail(
            "对方在加密握手时断开了连接（它可能不是 https 服务，或不接受本程序的加密方式）"
                .to_string(),
        )
    };
    while tls.conn.is_handshaking() {
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        if Instant::now() >= deadline {
            return Err(fail(format!(
                "{} 秒内没有完成加密握手（对方可能不是 https 服务）",
                timeout.as_secs()
            )));
        }
        match tls.write_pending() {
            Ok(()) => {}
            Err(e) if is_tick(&e) => continue,
            Err(_) => return Err(hung_up()),
        }
        if !tls.conn.wants_read() {
            continue;
        }
        match tls.conn.read_tls(&mut tls.tcp) {
            Ok(0) => return Err(hung_up()),
            Ok(_) => {
                if let Err(e) = tls.conn.process_new_packets() {
                    // Tell the server why (its alert), then the writer.
                    let _ = tls.write_pending();
                    return Err(fail(reason(&e, host)));
                }
            }
            Err(e) if is_tick(&e) => {}
            Err(_) => return Err(hung_up()),
        }
    }
    tls.write_pending().map_err(|_| hung_up())?;
    Ok(tls)
}

/// The system's root certificates, read once: a few hundred files' worth of parsing that
/// should not count in every answer's wait.
fn system_roots() -> &'static RootCertStore {
    static ROOTS: OnceLock<RootCertStore> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let mut roots = RootCertStore::empty();
        // Unreadable files among the system's are skipped: the others, and ca_file, still count.
        roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
        roots
    })
}

/// The roots: the system's, and the unit's own from `ca_file`.
fn client_config(ca_file: Option<&Path>) -> Result<ClientConfig, String> {
    let mut roots = system_roots().clone();
    if let Some(path) = ca_file {
        let certs = CertificateDer::pem_file_iter(path)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|e| format!("读不了根证书文件 `{}`：{e}", path.display()))?;
        if certs.is_empty() {
            return Err(format!(
                "根证书文件 `{}` 里没有 PEM 格式的证书（应有 -----BEGIN CERTIFICATE----- 一段）",
                path.display()
            ));
        }
        let (added, _) = roots.add_parsable_certificates(certs);
        if added == 0 {
            return Err(format!(
                "根证书文件 `{}` 里的证书都读不出来",
                path.display()
            ));
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// Why the handshake failed, as the writer (or the administrator they ask) can act on it.
fn reason(e: &rustls::Error, host: &str) -> String {
    use CertificateError as Cert;
    match e {
        rustls::Error::InvalidCertificate(Cert::UnknownIssuer) => {
            "服务器的证书不是受信任的机构签发的；单位自建的证书，请在配置中用 ca_file 指定单位的根证书（PEM 文件）".to_string()
        }
        rustls::Error::InvalidCertificate(
            Cert::NotValidForName | Cert::NotValidForNameContext { .. },
        ) => format!("服务器证书上的名称与地址中的“{host}”不符；请按证书上的名称填写 base_url"),
        rustls::Error::InvalidCertificate(Cert::Expired | Cert::ExpiredContext { .. }) => {
            "服务器的证书已过期，请告诉管理员更换".to_string()
        }
        rustls::Error::InvalidCertificate(Cert::NotValidYet | Cert::NotValidYetContext { .. }) => {
            "服务器的证书尚未生效（也请检查本机的日期和时间）".to_string()
        }
        rustls::Error::InvalidCertificate(Cert::Revoked) => {
            "服务器的证书已被吊销，请告诉管理员".to_string()
        }
        rustls::Error::InvalidCertificate(
            Cert::UnsupportedSignatureAlgorithmContext { .. }
            | Cert::UnsupportedSignatureAlgorithmForPublicKeyContext { .. },
        )
        | rustls::Error::PeerIncompatible(_)
        | rustls::Error::AlertReceived(AlertDescription::HandshakeFailure) => {
            "服务器用的证书或加密算法本程序不支持（如国密 SM2 证书）；请管理员为服务配一张 RSA 或 ECDSA 证书".to_string()
        }
        rustls::Error::InvalidCertificate(other) => {
            format!("服务器的证书验证不通过（{other}），请告诉管理员")
        }
        rustls::Error::InvalidMessage(InvalidMessage::InvalidContentType) => {
            "对方的回答不是加密连接：这个地址上的服务可能只有 http，是否改用 http:// 请向管理员确认".to_string()
        }
        rustls::Error::AlertReceived(alert) => {
            format!("服务器拒绝了加密连接（{alert:?}），请告诉管理员")
        }
        other => format!("加密连接出错（{other}），请告诉管理员"),
    }
}
