//! 加密连接: `https://` through rustls (ring as its crypto, no OpenSSL, so the static builds stay
//! static).
//!
//! The certificates trusted are the system's (as `rustls-native-certs` finds them: the
//! distribution's bundle, or `SSL_CERT_FILE`) and, when `ca_file` is set, the unit's own root
//! certificates in that PEM file: intranet model servers are often signed by the unit's CA.
//! The handshake is done here, with the connect timeout as its deadline and the cancel flag
//! looked at on every tick of the socket's read timeout; what fails is said in the writer's words.

use std::io;
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{CertificateError, ClientConfig, ClientConnection, RootCertStore, StreamOwned};

use super::http::Error;

/// An encrypted connection, ready for the request.
pub type TlsStream = StreamOwned<ClientConnection, TcpStream>;

/// Does the handshake with `host` over `tcp`, whose read timeout must be short (a tick).
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
    let mut conn =
        ClientConnection::new(Arc::new(config), name).map_err(|e| fail(e.to_string()))?;
    let mut tcp = tcp;
    let deadline = Instant::now() + timeout;
    while conn.is_handshaking() {
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        if Instant::now() >= deadline {
            return Err(fail(format!(
                "{} 秒内没有完成加密握手（对方可能不是 https 服务）",
                timeout.as_secs()
            )));
        }
        match conn.complete_io(&mut tcp) {
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::TimedOut
                        | io::ErrorKind::Interrupted
                ) => {}
            Err(e) => return Err(fail(reason(&e, host))),
        }
    }
    Ok(StreamOwned::new(conn, tcp))
}

/// The roots: the system's, and the unit's own from `ca_file`.
fn client_config(ca_file: Option<&Path>) -> Result<ClientConfig, String> {
    let mut roots = RootCertStore::empty();
    // Unreadable files among the system's are skipped: the others, and ca_file, still count.
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
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
fn reason(e: &io::Error, host: &str) -> String {
    let Some(tls) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) else {
        return match e.kind() {
            io::ErrorKind::UnexpectedEof
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe => {
                "对方在握手时断开了连接（可能不是 https 服务，可试 http://）".to_string()
            }
            _ => e.to_string(),
        };
    };
    match tls {
        rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer) => {
            "服务器的证书不是受信任的机构签发的；单位自建的证书，请在配置中用 ca_file 指定单位的根证书（PEM 文件）".to_string()
        }
        rustls::Error::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
        ) => format!("服务器证书上的名称与地址中的“{host}”不符；请按证书上的名称填写 base_url"),
        rustls::Error::InvalidCertificate(
            CertificateError::Expired | CertificateError::ExpiredContext { .. },
        ) => "服务器的证书已过期，请告诉管理员更换".to_string(),
        rustls::Error::InvalidCertificate(
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. },
        ) => "服务器的证书尚未生效（也请检查本机的日期和时间）".to_string(),
        rustls::Error::InvalidCertificate(CertificateError::Revoked) => {
            "服务器的证书已被吊销，请告诉管理员".to_string()
        }
        rustls::Error::InvalidMessage(_) => {
            "对方的回答不是加密连接（可能不是 https 服务，可试 http://）".to_string()
        }
        other => other.to_string(),
    }
}
