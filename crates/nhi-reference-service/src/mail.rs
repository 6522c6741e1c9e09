//! The mail outbox: no mail leaves the machine. Each message is kept in memory for
//! `GET /api/v1/demo/outbox` and, with `--outbox DIR`, written there as one `.eml` file.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::SystemTime;

use nhi_protocol::protocol::{MailKind, OutboxMessage};

use super::clock::rfc3339;

/// Messages kept in memory; older ones are dropped (the files stay).
const KEEP: usize = 500;

#[derive(Debug)]
pub struct Outbox {
    dir: Option<PathBuf>,
    messages: Mutex<Vec<OutboxMessage>>,
    next_id: Mutex<u64>,
}

impl Outbox {
    pub fn new(dir: Option<PathBuf>) -> Result<Self, std::io::Error> {
        if let Some(dir) = &dir {
            std::fs::create_dir_all(dir)?;
        }
        Ok(Self {
            dir,
            messages: Mutex::new(Vec::new()),
            next_id: Mutex::new(1),
        })
    }

    /// "Sends" a mail carrying `token` (a mail code in its written form) to `to`.
    pub async fn send(&self, kind: MailKind, to: &str, token: &str, now: SystemTime) {
        let id = {
            let mut next = self.next_id.lock().expect("outbox lock");
            let id = *next;
            *next += 1;
            id
        };
        let (subject, body) = compose(kind, token);
        let message = OutboxMessage {
            id,
            kind,
            to: to.to_owned(),
            subject,
            body,
            token: token.to_owned(),
            sent_at: rfc3339(now),
        };
        if let Some(dir) = &self.dir {
            let path = dir.join(format!("{id:06}-{}.eml", kind_name(kind)));
            if let Err(e) = tokio::fs::write(&path, as_eml(&message)).await {
                tracing::warn!(error = %e, path = %path.display(), "cannot write outbox file");
            }
        }
        tracing::info!(id, kind = kind_name(kind), "mail placed in the outbox");
        let mut messages = self.messages.lock().expect("outbox lock");
        if messages.len() >= KEEP {
            messages.remove(0);
        }
        messages.push(message);
    }

    pub fn messages(&self) -> Vec<OutboxMessage> {
        self.messages.lock().expect("outbox lock").clone()
    }
}

fn kind_name(kind: MailKind) -> &'static str {
    match kind {
        MailKind::Verification => "verification",
        MailKind::PasswordReset => "password-reset",
    }
}

/// Bilingual text in the official guide's words (電子信箱認證 / Email Verification, 忘記註冊密碼),
/// with the code on a line of its own in its written form (`K7QX-2M9D-HF3T`).
fn compose(kind: MailKind, code: &str) -> (String, String) {
    const HOW: &str = "連字號可以不輸入，大寫小寫都可以；24 小時內有效，只能使用一次。\n\
                       The hyphens need not be typed, small letters work too; valid for 24 hours, once.\n";
    match kind {
        MailKind::Verification => (
            "健保卡網路服務註冊：電子信箱認證 / NHI card registration: Email Verification".into(),
            format!(
                "請在健保卡裝置認證小幫手輸入以下信箱認證碼，完成電子信箱認證。\n\
                 Enter this e-mail verification code in NHI Card Companion to complete the Email Verification.\n\n\
                 {code}\n\n\
                 {HOW}\n\
                 若您未申請，請忽略本信。 If you did not apply, ignore this mail.\n"
            ),
        ),
        MailKind::PasswordReset => (
            "健保卡網路服務註冊：忘記註冊密碼 / NHI card registration: Forgot registration password"
                .into(),
            format!(
                "請在健保卡裝置認證小幫手輸入以下密碼重設碼，並設定新的註冊密碼。\n\
                 Enter this password reset code in NHI Card Companion and set a new registration password.\n\n\
                 {code}\n\n\
                 {HOW}\n\
                 若您未申請，請忽略本信。 If you did not ask for this, ignore this mail.\n"
            ),
        ),
    }
}

fn as_eml(m: &OutboxMessage) -> String {
    format!(
        "From: noreply@reference.invalid\r\nTo: {}\r\nSubject: {}\r\nDate: {}\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{}",
        m.to, m.subject, m.sent_at, m.body
    )
}

/// `demo@example.org` → `d***@example.org`: enough for the user to recognise their address.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

/// A plausible address (the protocol's rule, shared with the app's form check).
pub use nhi_protocol::protocol::is_email_shape as is_email;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_and_validates() {
        assert_eq!(mask_email("demo@example.org"), "d***@example.org");
        assert!(is_email("demo@example.org"));
        assert!(!is_email("demo@localhost"));
        assert!(!is_email("de mo@example.org"));
        assert!(!is_email("@example.org"));
    }

    #[tokio::test]
    async fn writes_files_and_keeps_messages() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::new(Some(dir.path().to_owned())).unwrap();
        outbox
            .send(MailKind::Verification, "a@b.tw", "tok", SystemTime::now())
            .await;
        assert_eq!(outbox.messages().len(), 1);
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(files.len(), 1);
    }
}
