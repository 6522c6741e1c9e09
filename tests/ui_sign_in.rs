//! The password field across a failed sign-in (headless, the shared harness): a failure of the
//! card, the network or the service leaves the typed password in the field, so Enter simply
//! tries again; only a refused password (wrong, account locked) and the card leaving clear it.

mod ui_support;

use iced::keyboard::{self, key::Named};

use nhi_companion::flow::{Kind, ReaderSignal, Reply};
use nhi_companion::i18n::{DisplayMode, Language};
use nhi_companion::problem::{Problem, ProblemText};
use nhi_companion::ui::screen::card_ready;
use ui_support::{READER, SECRETS, Ui};

const PASSWORD: &str = "Demo1234";
/// What the secure field shows (and the simulator reads) while it holds `PASSWORD`.
const DOTS: &str = "••••••••";

/// Clicks the password field, types `typed` (nothing if empty) and presses Enter.
fn enter_password(ui: &mut Ui, typed: &str) {
    ui.interact(|sim| {
        sim.click(iced::widget::Id::new(card_ready::PASSWORD))
            .unwrap();
        if !typed.is_empty() {
            sim.typewrite(typed);
        }
        sim.tap_key(keyboard::Key::Named(Named::Enter));
    });
}

fn refused(problem: &Problem) -> bool {
    matches!(
        problem,
        Problem::WrongPassword { .. }
            | Problem::AccountLocked { .. }
            | Problem::CardRemoved
            | Problem::NoCard
    )
}

#[test]
fn a_card_network_or_service_failure_keeps_the_password_and_enter_tries_again() {
    for problem in Problem::examples() {
        // These go elsewhere: the e-mail step (the password was right), or clear the field.
        if refused(&problem) || problem == Problem::EmailNotVerified {
            continue;
        }
        let mut ui = Ui::new(DisplayMode::English);
        ui.card_ready();
        enter_password(&mut ui, PASSWORD);
        assert_eq!(ui.app.flow().kind(), Kind::SigningIn, "{problem:?}");
        ui.reply(Reply::SignedIn(Err(problem.clone())));
        assert_eq!(ui.app.flow().kind(), Kind::CardReady, "{problem:?}");
        assert!(ui.shows(&problem.title(Language::English)), "{problem:?}");
        assert!(ui.shows(DOTS), "{problem:?}: the password left the field");
        // Enter, nothing typed: the same password goes again.
        enter_password(&mut ui, "");
        assert_eq!(
            ui.app.flow().kind(),
            Kind::SigningIn,
            "{problem:?}: no retry"
        );
        ui.reply(Reply::SignedIn(Ok("token".into())));
        assert_eq!(ui.app.flow().kind(), Kind::CreatingCode, "{problem:?}");
    }
}

#[test]
fn a_refused_password_is_cleared() {
    for problem in [
        Problem::WrongPassword { attempts_left: 2 },
        Problem::AccountLocked {
            minutes: 15,
            until: "14:05".into(),
        },
    ] {
        let mut ui = Ui::new(DisplayMode::Bilingual);
        ui.card_ready();
        enter_password(&mut ui, PASSWORD);
        ui.reply(Reply::SignedIn(Err(problem.clone())));
        assert_eq!(ui.app.flow().kind(), Kind::CardReady);
        assert!(ui.shows(&problem.title(Language::TraditionalChinese)));
        assert!(!ui.shows(DOTS), "{problem:?}: the refused password stayed");
        // An empty field: Enter does nothing.
        enter_password(&mut ui, "");
        assert_eq!(ui.app.flow().kind(), Kind::CardReady, "{problem:?}");
    }
}

#[test]
fn the_card_taken_out_mid_sign_in_clears_the_password_and_everything_personal() {
    let mut ui = Ui::new(DisplayMode::Bilingual);
    ui.card_ready();
    enter_password(&mut ui, PASSWORD);
    assert!(ui.shows(DOTS), "held in the field while signing in");
    ui.reader(ReaderSignal::CardRemoved {
        reader: READER.into(),
    });
    assert_eq!(ui.app.flow().kind(), Kind::WaitingForCard);
    let texts = ui.texts();
    for secret in SECRETS.iter().chain([&DOTS]) {
        assert!(
            !texts.iter().any(|(t, _)| t.contains(secret)),
            "{secret:?} still on screen"
        );
    }
    // The same card back: read again, an empty field.
    ui.reader(ReaderSignal::CardInserted {
        reader: READER.into(),
        atr: vec![0x3b],
    });
    ui.reply(Reply::CardRead(Ok(ui_support::holder())));
    assert_eq!(ui.app.flow().kind(), Kind::CardReady);
    assert!(!ui.shows(DOTS));

    // A sign-in that failed because the card left (its removal signal still on the way).
    enter_password(&mut ui, PASSWORD);
    ui.reply(Reply::SignedIn(Err(Problem::CardRemoved)));
    assert!(!ui.shows(DOTS));
}
