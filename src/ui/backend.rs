//! The seam between the flow's effects and the outside world: [`crate::backend`] (plain
//! Rust, no iced) holds the trait and the real backend; this module re-exports them for the
//! app and keeps [`Simulated`], the in-memory stand-in.

use std::sync::Mutex;
use std::time::Duration;

use chrono::Local;

pub use crate::backend::{Backend, BoxFuture, Unavailable};
use crate::card::demo;
use crate::flow::{CodeStatus, DeviceCode, DeviceInfo, Effect, Holder, Reply, Secret};
use crate::problem::Problem;

/// The demo card's holder, masked the way `card::mask_id` / `card::mask_name` do.
pub fn demo_holder() -> Holder {
    Holder {
        card_number: demo::DEMO_CARD_NUMBER.into(),
        id_number: demo::DEMO_ID_NUMBER.into(),
        masked_name: mask_name(demo::DEMO_NAME).into(),
        masked_id: mask_id(demo::DEMO_ID_NUMBER).into(),
    }
}

// Stand-ins for `card::mask_name` / `card::mask_id` until the card layer lands.
fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.len() {
        0 | 1 => name.to_owned(),
        2 => format!("{}○", chars[0]),
        n => format!("{}{}{}", chars[0], "○".repeat(n - 2), chars[n - 1]),
    }
}

fn mask_id(id: &str) -> String {
    if id.len() != 10 || !id.is_ascii() {
        return "*".repeat(id.chars().count());
    }
    format!("{}****{}", &id[..3], &id[7..])
}

/// Answers like the demo card and the reference service, in memory, with a short delay so
/// the "busy" states are visible.
pub struct Simulated {
    devices: Mutex<Vec<DeviceInfo>>,
    delay: Duration,
}

impl Default for Simulated {
    fn default() -> Simulated {
        Simulated {
            devices: Mutex::new(Vec::new()),
            delay: Duration::from_millis(400),
        }
    }
}

impl Simulated {
    fn answer(&self, effect: &Effect) -> Option<Reply> {
        Some(match effect {
            Effect::ReadCard { .. } => Reply::CardRead(Ok(demo_holder())),
            Effect::SignIn { password, .. } => {
                if password.expose() == demo::DEMO_PASSWORD {
                    Reply::SignedIn(Ok(Secret::new("demo-session")))
                } else {
                    Reply::SignedIn(Err(Problem::WrongPassword { attempts_left: 4 }))
                }
            }
            Effect::Apply { .. } => Reply::ApplicationSent(Ok(())),
            Effect::ResendVerification { .. } => Reply::VerificationResent(Ok(())),
            Effect::RequestPasswordReset { .. } => Reply::PasswordResetSent(Ok(())),
            Effect::CreateCode { .. } => {
                let ttl = Duration::from_secs(15 * 60);
                let code = random_code();
                Reply::CodeCreated(Ok(DeviceCode {
                    qr_payload: Secret::new(code.clone()),
                    code: Secret::new(code),
                    ttl,
                    deadline: None,
                    expires_at: (Local::now() + ttl).naive_local(),
                }))
            }
            Effect::PollCodeStatus { .. } => Reply::CodeStatus(Ok(CodeStatus::Pending)),
            Effect::ListDevices { .. } => Reply::DevicesListed(Ok(self
                .devices
                .lock()
                .map(|d| d.clone())
                .unwrap_or_default())),
            Effect::RevokeDevice { device_id, .. } => {
                if let Ok(mut d) = self.devices.lock() {
                    d.retain(|x| &x.id != device_id);
                }
                Reply::DeviceRevoked(Ok(()))
            }
            Effect::SignOut { .. } | Effect::Cancel(_) => return None,
        })
    }
}

impl Backend for Simulated {
    fn perform(&self, effect: Effect) -> BoxFuture<Option<Reply>> {
        let reply = self.answer(&effect);
        let delay = self.delay;
        Box::pin(async move {
            tokio::time::sleep(delay).await;
            reply
        })
    }
}

/// Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L).
fn random_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut rng = rand::rng();
    (0..8)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_like_the_card_layer() {
        assert_eq!(mask_id("A123456789"), "A12****789");
        assert_eq!(mask_name("王小明"), "王○明");
        assert_eq!(mask_name("王明"), "王○");
        assert_eq!(mask_name("歐陽小明"), "歐○○明");
    }

    #[test]
    fn demo_password_signs_in_and_others_do_not() {
        let sim = Simulated::default();
        let sign_in = |pw: &str| Effect::SignIn {
            ticket: crate::flow::Ticket(1),
            reader: "r".into(),
            card_number: "c".into(),
            id_number: "i".into(),
            password: pw.into(),
        };
        assert!(matches!(
            sim.answer(&sign_in("Demo1234")),
            Some(Reply::SignedIn(Ok(_)))
        ));
        assert!(matches!(
            sim.answer(&sign_in("nope")),
            Some(Reply::SignedIn(Err(Problem::WrongPassword { .. })))
        ));
        let code = random_code();
        assert_eq!(code.len(), 8);
    }
}
