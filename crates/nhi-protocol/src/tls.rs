//! rustls configurations with the ring provider, chosen explicitly so the crate never needs
//! aws-lc-rs (a C build that breaks the Windows cross-build) nor a process-wide default
//! provider that another part of the app might install differently.

use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

/// ALPN: HTTP/2 first, HTTP/1.1 as fallback (reqwest does not set it on a preconfigured config).
fn alpn() -> Vec<Vec<u8>> {
    vec![b"h2".to_vec(), b"http/1.1".to_vec()]
}

pub fn ring_provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Every certificate in a PEM bundle. An empty result is an error: a PEM with no certificate
/// is always a mistake.
pub fn certificates_from_pem(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, String> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("bad PEM certificate: {e}"))?;
    if certs.is_empty() {
        return Err("no certificate in PEM".into());
    }
    Ok(certs)
}

/// Client side: the platform's verifier (OS trust store on Windows and macOS, the system CA
/// bundle on Linux) plus any extra roots the caller trusts, e.g. a training site's own CA.
/// Where the platform has no CA bundle at all (minimal containers), fall back to the bundled
/// Mozilla roots rather than failing to start.
pub fn client_config(extra_roots_pem: &[Vec<u8>]) -> Result<rustls::ClientConfig, String> {
    let provider = ring_provider();
    let mut extra = Vec::new();
    for pem in extra_roots_pem {
        extra.extend(certificates_from_pem(pem)?);
    }

    let verifier: Arc<dyn rustls::client::danger::ServerCertVerifier> =
        match rustls_platform_verifier::Verifier::new_with_extra_roots(
            extra.clone(),
            provider.clone(),
        ) {
            Ok(v) => Arc::new(v),
            Err(e) => {
                tracing::warn!(error = %e, "platform trust store unavailable; using bundled roots");
                let mut roots = rustls::RootCertStore::empty();
                roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
                for cert in extra {
                    roots
                        .add(cert)
                        .map_err(|e| format!("unusable root certificate: {e}"))?;
                }
                rustls::client::WebPkiServerVerifier::builder_with_provider(
                    Arc::new(roots),
                    provider.clone(),
                )
                .build()
                .map_err(|e| format!("cannot build certificate verifier: {e}"))?
            }
        };

    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS versions: {e}"))?
        // `dangerous` is only rustls's name for "bring your own verifier": this one verifies.
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    config.alpn_protocols = alpn();
    Ok(config)
}

/// Server side (reference service): one certificate chain and its key, both PEM.
pub fn server_config(cert_pem: &[u8], key_pem: &[u8]) -> Result<rustls::ServerConfig, String> {
    let certs = certificates_from_pem(cert_pem)?;
    let key =
        PrivateKeyDer::from_pem_slice(key_pem).map_err(|e| format!("bad PEM private key: {e}"))?;
    let mut config = rustls::ServerConfig::builder_with_provider(ring_provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS versions: {e}"))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| format!("certificate and key do not fit: {e}"))?;
    config.alpn_protocols = alpn();
    Ok(config)
}
