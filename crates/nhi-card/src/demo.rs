//! The demo card: fictional data, the same in the virtual card, the in-process demo reader and
//! the reference service (which registers it out of the box with [`DEMO_PASSWORD`]).

/// Card number printed on the demo card (12 ASCII digits).
pub const DEMO_CARD_NUMBER: &str = "000012345678";
/// Holder's name as the card stores it (Big5 on the card).
pub const DEMO_NAME: &str = "王小明";
/// A fictional ID number with a valid check digit.
pub const DEMO_ID_NUMBER: &str = "A123456789";
/// Birth date, ISO (ROC 049-05-06 on the card).
pub const DEMO_BIRTH_DATE: &str = "1960-05-06";
/// 'M' or 'F'.
pub const DEMO_SEX: char = 'M';
/// Issue date, ISO (ROC 109-01-02 on the card).
pub const DEMO_ISSUE_DATE: &str = "2020-01-02";
/// Registration password (註冊密碼) of the demo card at the reference service.
pub const DEMO_PASSWORD: &str = "Demo1234";
/// E-mail address the demo card is registered with.
pub const DEMO_EMAIL: &str = "demo@example.org";
