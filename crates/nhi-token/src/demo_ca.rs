//! Certificate authorities shaped like MOICA's (內政部憑證管理中心), made on the spot: for the
//! demo's software token and for tests. Nothing here is, or imitates, a real person's or the
//! real CA's key: every key is generated when the CA is made and lives in memory.
//!
//! The shape follows MOICA's certificates as far as the app relies on them: a root and an
//! optional intermediate ("MOICA" issues from an intermediate under the government root CA);
//! the holder's certificate has the name as CN, `C=TW`, a `serialNumber` attribute carrying the
//! card's holder identifier (not the ID number: MOICA's subject has none), key usage
//! digitalSignature + nonRepudiation, not a CA, no extended key usage.

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, KeyUsagePurpose,
    SubjectPublicKeyInfo,
};

/// What a holder's certificate says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// CN: the holder's name as on the card, e.g. `王小明`.
    pub common_name: String,
    /// The subject `serialNumber` attribute (OID 2.5.4.5), if any.
    pub subject_serial: Option<String>,
    /// Validity, as `(year, month, day)` UTC at midnight.
    pub not_before: (i32, u8, u8),
    pub not_after: (i32, u8, u8),
    pub usage: Usage,
}

/// The key usage of a holder's certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage {
    /// digitalSignature + nonRepudiation: MOICA's signing certificate (`SIGN`).
    Signing,
    /// keyEncipherment only: MOICA's encryption certificate (`KEYX`).
    EncryptionOnly,
}

impl Holder {
    /// A signing certificate for `common_name`, valid 2020–2099.
    pub fn signing(common_name: &str, subject_serial: &str) -> Holder {
        Holder {
            common_name: common_name.to_owned(),
            subject_serial: Some(subject_serial.to_owned()),
            not_before: (2020, 1, 1),
            not_after: (2099, 12, 31),
            usage: Usage::Signing,
        }
    }
}

/// A root CA and, optionally, an intermediate that issues the holders' certificates.
pub struct DemoCa {
    root: CertifiedIssuer<'static, KeyPair>,
    intermediate: Option<CertifiedIssuer<'static, KeyPair>>,
}

impl std::fmt::Debug for DemoCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoCa")
            .field("intermediate", &self.intermediate.is_some())
            .finish_non_exhaustive()
    }
}

fn ca_params(common_name: &str) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name.push(DnType::CountryName, "TW");
    params
        .distinguished_name
        .push(DnType::OrganizationName, "NHI Card Companion test PKI");
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params.not_before = rcgen::date_time_ymd(2015, 1, 1);
    params.not_after = rcgen::date_time_ymd(2099, 12, 31);
    params
}

impl DemoCa {
    /// A root named `name`, with an intermediate under it when `with_intermediate`.
    pub fn new(name: &str, with_intermediate: bool) -> Result<DemoCa, rcgen::Error> {
        let root_key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)?;
        let root = CertifiedIssuer::self_signed(ca_params(&format!("{name} Root CA")), root_key)?;
        let intermediate = if with_intermediate {
            let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)?;
            Some(CertifiedIssuer::signed_by(
                ca_params(&format!("{name} Issuing CA")),
                key,
                &root,
            )?)
        } else {
            None
        };
        Ok(DemoCa { root, intermediate })
    }

    /// The root certificate, PEM: what the service trusts (`--moica-ca`).
    pub fn root_pem(&self) -> String {
        self.root.pem()
    }

    pub fn root_der(&self) -> Vec<u8> {
        self.root.der().to_vec()
    }

    /// The intermediate, DER: sent with the holder's certificate.
    pub fn intermediate_der(&self) -> Option<Vec<u8>> {
        self.intermediate.as_ref().map(|i| i.der().to_vec())
    }

    /// Issues `holder` a certificate for the public key `spki_der` (a DER
    /// SubjectPublicKeyInfo: a key made on a token never leaves it, only this).
    pub fn issue(&self, holder: &Holder, spki_der: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        let mut params = CertificateParams::default();
        params.distinguished_name.push(DnType::CountryName, "TW");
        params
            .distinguished_name
            .push(DnType::CommonName, holder.common_name.as_str());
        if let Some(serial) = &holder.subject_serial {
            params
                .distinguished_name
                .push(DnType::CustomDnType(vec![2, 5, 4, 5]), serial.as_str());
        }
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = match holder.usage {
            Usage::Signing => vec![
                KeyUsagePurpose::DigitalSignature,
                KeyUsagePurpose::ContentCommitment,
            ],
            Usage::EncryptionOnly => vec![KeyUsagePurpose::KeyEncipherment],
        };
        let (y, m, d) = holder.not_before;
        params.not_before = rcgen::date_time_ymd(y, m, d);
        let (y, m, d) = holder.not_after;
        params.not_after = rcgen::date_time_ymd(y, m, d);
        let public_key = SubjectPublicKeyInfo::from_der(spki_der)?;
        let issuer = self.intermediate.as_ref().unwrap_or(&self.root);
        Ok(params.signed_by(&public_key, issuer)?.der().to_vec())
    }
}
