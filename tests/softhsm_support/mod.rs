//! A real PKCS#11 module for the token tests: SoftHSM2 in a temporary configuration, with
//! tokens initialised by `softhsm2-util`, key pairs generated ON the token, and certificates
//! from a MOICA-shaped test CA stored beside them as `CKO_CERTIFICATE` objects (the layout of
//! a MOICA card: the signing certificate and key under `CKA_ID` "SIGN", the encryption one
//! under "KEYX", the issuing CA's certificate).
#![allow(dead_code)] // each test binary uses a different part

use std::path::{Path, PathBuf};
use std::process::Command;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error, RvError};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, CertificateType, ObjectClass};
use cryptoki::session::UserType;
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;
use nhi_companion::token::demo_ca::{DemoCa, Holder, Usage};
use x509_parser::prelude::{FromDer, X509Certificate};

pub const SO_PIN: &str = "87654321";

/// Where Debian puts the module.
pub fn module_path() -> Option<PathBuf> {
    [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
}

/// A SoftHSM2 configuration of its own, in a temporary directory.
pub struct SoftHsm {
    pub dir: tempfile::TempDir,
    pub conf: PathBuf,
    pub module: PathBuf,
}

impl SoftHsm {
    pub fn new(module: PathBuf) -> SoftHsm {
        let dir = tempfile::tempdir().unwrap();
        let tokens = dir.path().join("tokens");
        std::fs::create_dir(&tokens).unwrap();
        let conf = dir.path().join("softhsm2.conf");
        std::fs::write(
            &conf,
            format!(
                "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = true\n",
                tokens.display()
            ),
        )
        .unwrap();
        SoftHsm { dir, conf, module }
    }

    /// `softhsm2-util --init-token --free`: a new token in the first free slot.
    pub fn init_token(&self, label: &str, pin: &str) {
        let status = Command::new("softhsm2-util")
            .args(["--init-token", "--free", "--label", label])
            .args(["--so-pin", SO_PIN, "--pin", pin])
            .env("SOFTHSM2_CONF", &self.conf)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("softhsm2-util runs");
        assert!(status.success(), "softhsm2-util --init-token {label}");
    }

    pub fn tokens_dir(&self) -> PathBuf {
        self.dir.path().join("tokens")
    }

    /// Deletes the directory of the token labelled `label` (SoftHSM2 keeps each token in one).
    pub fn remove_token(&self, label: &str) {
        for entry in std::fs::read_dir(self.tokens_dir()).unwrap() {
            let dir = entry.unwrap().path();
            let info = std::fs::read(dir.join("token.object")).unwrap_or_default();
            if info.windows(label.len()).any(|w| w == label.as_bytes()) {
                std::fs::remove_dir_all(&dir).unwrap();
                return;
            }
        }
        panic!("no directory for token {label}");
    }
}

/// The module, initialised in this process (SOFTHSM2_CONF is already set).
pub fn context(module: &Path) -> Pkcs11 {
    let ctx = Pkcs11::new(module).unwrap();
    match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) | Err(Error::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
        Err(e) => panic!("C_Initialize: {e}"),
    }
    ctx
}

pub fn slot_of(ctx: &Pkcs11, label: &str) -> Slot {
    ctx.get_slots_with_initialized_token()
        .unwrap()
        .into_iter()
        .find(|s| ctx.get_token_info(*s).unwrap().label().trim() == label)
        .unwrap_or_else(|| panic!("no token {label}"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAlg {
    Rsa2048,
    EcP256,
}

/// What goes on a test token.
pub struct Provision<'a> {
    pub label: &'a str,
    pub pin: &'a str,
    pub key: KeyAlg,
    pub ca: &'a DemoCa,
    pub holder: Holder,
    /// Store the issuing CA's certificate on the token too (as MOICA cards do).
    pub with_ca_certificate: bool,
    /// Also an encryption certificate and key ("KEYX"), which must not be chosen to sign.
    pub with_encryption_pair: bool,
    /// Mark the signing key `CKA_ALWAYS_AUTHENTICATE` (the PIN again for each signature).
    pub always_authenticate: bool,
}

const P256_OID_DER: [u8; 10] = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];

/// Generates a key pair on the token under `id`, issues `holder` a certificate for it and
/// stores the certificate. Returns the certificate's DER.
fn key_and_certificate(
    session: &cryptoki::session::Session,
    key: KeyAlg,
    id: &[u8],
    ca: &DemoCa,
    holder: &Holder,
    always_authenticate: bool,
) -> Vec<u8> {
    let common = |private: bool| {
        vec![
            Attribute::Token(true),
            Attribute::Id(id.to_vec()),
            Attribute::Label(id.to_vec()),
            Attribute::Private(private),
        ]
    };
    let mut public = common(false);
    let mut private = common(true);
    private.extend([Attribute::Sign(true), Attribute::Sensitive(true)]);
    if always_authenticate {
        private.push(Attribute::AlwaysAuthenticate(true));
    }
    public.push(Attribute::Verify(true));
    let mechanism = match key {
        KeyAlg::Rsa2048 => {
            public.extend([
                Attribute::ModulusBits(2048.into()),
                Attribute::PublicExponent(vec![1, 0, 1]),
            ]);
            Mechanism::RsaPkcsKeyPairGen
        }
        KeyAlg::EcP256 => {
            public.push(Attribute::EcParams(P256_OID_DER.to_vec()));
            Mechanism::EccKeyPairGen
        }
    };
    let (public_key, _) = session
        .generate_key_pair(&mechanism, &public, &private)
        .expect("key pair generated on the token");
    let spki = match key {
        KeyAlg::Rsa2048 => {
            let attrs = session
                .get_attributes(
                    public_key,
                    &[AttributeType::Modulus, AttributeType::PublicExponent],
                )
                .unwrap();
            let (mut n, mut e) = (Vec::new(), Vec::new());
            for a in attrs {
                match a {
                    Attribute::Modulus(v) => n = v,
                    Attribute::PublicExponent(v) => e = v,
                    _ => {}
                }
            }
            der::rsa_spki(&n, &e)
        }
        KeyAlg::EcP256 => {
            let attrs = session
                .get_attributes(public_key, &[AttributeType::EcPoint])
                .unwrap();
            let point = attrs
                .into_iter()
                .find_map(|a| match a {
                    Attribute::EcPoint(v) => Some(v),
                    _ => None,
                })
                .unwrap();
            // CKA_EC_POINT is the point inside a DER OCTET STRING.
            let point = if point.len() == 67 && point[0] == 0x04 && point[1] == 65 {
                point[2..].to_vec()
            } else {
                point
            };
            der::ec_spki(&point)
        }
    };
    let certificate = ca.issue(holder, &spki).expect("certificate issued");
    store_certificate(session, &certificate, id);
    certificate
}

fn store_certificate(session: &cryptoki::session::Session, der: &[u8], id: &[u8]) {
    let (_, cert) = X509Certificate::from_der(der).unwrap();
    session
        .create_object(&[
            Attribute::Class(ObjectClass::CERTIFICATE),
            Attribute::CertificateType(CertificateType::X_509),
            Attribute::Token(true),
            Attribute::Value(der.to_vec()),
            Attribute::Subject(cert.subject().as_raw().to_vec()),
            Attribute::Id(id.to_vec()),
            Attribute::Label(id.to_vec()),
        ])
        .expect("certificate stored on the token");
}

/// Puts keys and certificates on the (already initialised) token `p.label`.
pub fn provision(ctx: &Pkcs11, p: &Provision<'_>) {
    let slot = slot_of(ctx, p.label);
    let session = ctx.open_rw_session(slot).unwrap();
    session
        .login(UserType::User, Some(&AuthPin::from(p.pin.to_owned())))
        .unwrap();
    key_and_certificate(
        &session,
        p.key,
        b"SIGN",
        p.ca,
        &p.holder,
        p.always_authenticate,
    );
    if p.with_encryption_pair {
        let mut keyx = p.holder.clone();
        keyx.usage = Usage::EncryptionOnly;
        key_and_certificate(&session, p.key, b"KEYX", p.ca, &keyx, false);
    }
    if p.with_ca_certificate
        && let Some(intermediate) = p.ca.intermediate_der()
    {
        store_certificate(&session, &intermediate, b"CACert");
    }
    session.logout().unwrap();
}

/// Just enough DER for a SubjectPublicKeyInfo.
pub mod der {
    fn len(n: usize) -> Vec<u8> {
        if n < 0x80 {
            vec![n as u8]
        } else {
            let bytes: Vec<u8> = n
                .to_be_bytes()
                .into_iter()
                .skip_while(|b| *b == 0)
                .collect();
            let mut out = vec![0x80 | bytes.len() as u8];
            out.extend(bytes);
            out
        }
    }

    pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        out.extend(len(content.len()));
        out.extend_from_slice(content);
        out
    }

    fn unsigned(bytes: &[u8]) -> Vec<u8> {
        let trimmed: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
        let mut content = Vec::new();
        if trimmed.first().is_none_or(|b| b & 0x80 != 0) {
            content.push(0);
        }
        content.extend(trimmed);
        tlv(0x02, &content)
    }

    fn bit_string(content: &[u8]) -> Vec<u8> {
        let mut bits = vec![0];
        bits.extend_from_slice(content);
        tlv(0x03, &bits)
    }

    pub fn rsa_spki(n: &[u8], e: &[u8]) -> Vec<u8> {
        let rsa_oid = [
            0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
        ];
        let key = tlv(0x30, &[unsigned(n), unsigned(e)].concat());
        tlv(0x30, &[tlv(0x30, &rsa_oid), bit_string(&key)].concat())
    }

    pub fn ec_spki(point: &[u8]) -> Vec<u8> {
        let ec_oid = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
        let algorithm = tlv(0x30, &[&ec_oid[..], &super::P256_OID_DER[..]].concat());
        tlv(0x30, &[algorithm, bit_string(point)].concat())
    }
}

/// The trials of a SoftHSM2 test binary (its own `main`): `scenarios(module)` when SoftHSM2
/// is installed; else one trial that fails in CI (it must run there) and one reported
/// ignored elsewhere, never a pass.
pub fn trials(
    binary: &str,
    scenarios: impl FnOnce(&Path) -> Vec<libtest_mimic::Trial>,
) -> Vec<libtest_mimic::Trial> {
    use libtest_mimic::Trial;
    let tool = Command::new("softhsm2-util")
        .arg("--version")
        .output()
        .is_ok();
    match module_path() {
        Some(module) if tool => scenarios(&module),
        _ if std::env::var_os("CI").is_some() => vec![Trial::test("softhsm2_is_installed", || {
            Err("SoftHSM2 is missing: scripts/setup-system.sh --test installs softhsm2".into())
        })],
        _ => {
            eprintln!(
                "{binary}: SoftHSM2 not installed (scripts/setup-system.sh --test); scenarios ignored"
            );
            vec![Trial::test("softhsm2_scenarios", || Ok(())).with_ignored_flag(true)]
        }
    }
}

/// A trial running `f` on the world every scenario of the binary shares.
pub fn trial<W: Send + Sync + 'static>(
    world: &std::sync::Arc<W>,
    name: &str,
    f: fn(&W),
) -> libtest_mimic::Trial {
    let world = world.clone();
    libtest_mimic::Trial::test(name, move || {
        f(&world);
        Ok(())
    })
}
