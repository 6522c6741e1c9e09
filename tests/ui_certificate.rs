//! 以自然人憑證登入 as a person meets it, headless (iced_test, tiny-skia, the bundled font):
//! the screen in both languages and side by side, the typed PIN never on screen, what the
//! sign-in sends, the warnings before the next try, a locked PIN with nothing to press, no
//! card software, the card leaving, and the demo's practice certificate end to end on the
//! real software token and the embedded reference service.

mod ui_support;

use iced::Theme;

use nhi_companion::backend::PracticeCard;
use nhi_companion::card::demo::DEMO_ID_NUMBER;
use nhi_companion::flow::{Kind, PinWarning, ReaderSignal, Reply, State, TokenSignal};
use nhi_companion::i18n::{DisplayMode, Language};
use nhi_companion::problem::{CertificateProblem, Problem, ProblemText};
use nhi_companion::token::software::DEMO_PIN;
use nhi_companion::ui::app::Key;
use nhi_companion::ui::screen::certificate;
use nhi_companion::ui::{Message, Options};

use ui_support::{PIN, READER, SECRETS, TOKEN_SLOT, Ui, code, tr};

const MODES: [(DisplayMode, Language); 2] = [
    (DisplayMode::Chinese, Language::TraditionalChinese),
    (DisplayMode::English, Language::English),
];

fn type_id_and_pin(ui: &mut Ui, id: &str, pin: &str) {
    ui.send(Message::Certificate(certificate::Message::IdNumber(
        id.into(),
    )));
    ui.send(Message::Certificate(certificate::Message::Pin(pin.into())));
}

fn cert(problem: CertificateProblem) -> Problem {
    Problem::Certificate(problem)
}

/// The answer to the sign-in in flight.
fn sign_in_answer(ui: &mut Ui, result: Result<&str, CertificateProblem>) {
    ui.reply(Reply::CertificateSignedIn(
        result.map(Into::into).map_err(cert),
    ));
}

#[test]
fn the_screen_asks_for_the_id_number_and_the_pin_in_each_language() {
    for (name, mode) in [
        ("certificate-zh", DisplayMode::Chinese),
        ("certificate-en", DisplayMode::English),
        ("certificate-bilingual", DisplayMode::Bilingual),
    ] {
        let mut ui = Ui::new(mode);
        ui.certificate_ready();
        let languages: &[Language] = match mode {
            DisplayMode::Chinese => &[Language::TraditionalChinese],
            DisplayMode::English => &[Language::English],
            DisplayMode::Bilingual => &[Language::TraditionalChinese, Language::English],
        };
        for l in languages {
            for id in ["cert-holder", "cert-id-number", "cert-pin", "cert-sign-in"] {
                assert!(ui.shows(&tr(*l, id)), "{mode:?}: {id}");
            }
        }
        assert!(ui.shows("王○明"), "the masked name");
        type_id_and_pin(&mut ui, "A123456789", PIN);
        ui.save_snapshot(name, &Theme::Light);
    }
}

#[test]
fn the_typed_pin_is_never_on_screen_and_the_sign_in_carries_both() {
    let mut ui = Ui::new(DisplayMode::English);
    ui.certificate_ready();
    // Typed as people do: lower case, a space.
    type_id_and_pin(&mut ui, "a12345 6789", PIN);
    assert!(ui.shows("A123456789"), "the ID as on the card");
    for (text, _) in ui.texts() {
        assert!(!text.contains(PIN), "the PIN on screen: {text:?}");
    }
    let sign_in = tr(Language::English, "cert-sign-in");
    ui.click(&sign_in);
    assert_eq!(ui.app.flow().kind(), Kind::CertificateSigningIn);
    assert!(ui.shows_part(&tr(Language::English, "cert-signing-in")));
    sign_in_answer(&mut ui, Ok("token"));
    ui.reply(Reply::CodeCreated(Ok(code())));
    assert_eq!(ui.app.flow().kind(), Kind::DeviceCodeShown);
}

#[test]
fn a_typo_is_said_before_any_try_is_spent() {
    let l = Language::English;
    let mut ui = Ui::new(DisplayMode::English);
    ui.certificate_ready();
    assert!(ui.shows(&tr(l, "a11y-why-cert-id")));
    type_id_and_pin(&mut ui, "A12345", PIN);
    ui.send(Message::Certificate(certificate::Message::Submit));
    assert_eq!(
        ui.app.flow().kind(),
        Kind::CertificateReady,
        "sent a bad ID"
    );
    type_id_and_pin(&mut ui, "A123456789", "123");
    assert!(ui.shows_part("6 to 8 characters"));
    ui.send(Message::Certificate(certificate::Message::Submit));
    assert_eq!(
        ui.app.flow().kind(),
        Kind::CertificateReady,
        "sent a short PIN"
    );
}

#[test]
fn each_wrong_pin_warns_before_the_next_try_and_keeps_the_id_number() {
    for (mode, l) in MODES {
        let mut ui = Ui::new(mode);
        ui.certificate_ready();
        type_id_and_pin(&mut ui, "A123456789", "111111");
        ui.send(Message::Certificate(certificate::Message::Submit));
        sign_in_answer(&mut ui, Err(CertificateProblem::PinIncorrect));
        assert!(ui.shows(&cert(CertificateProblem::PinIncorrect).title(l)));
        assert!(ui.shows("A123456789"), "the ID number stays");
        // The problem says it; the warning is not said twice.
        assert!(!ui.shows(&tr(l, "cert-pin-count-low")), "said twice");
        // The PIN went: the button says it is needed again.
        ui.send(Message::Certificate(certificate::Message::Submit));
        assert_eq!(ui.app.flow().kind(), Kind::CertificateReady);

        ui.send(Message::Certificate(certificate::Message::Pin(
            "222222".into(),
        )));
        ui.send(Message::Certificate(certificate::Message::Submit));
        sign_in_answer(&mut ui, Err(CertificateProblem::PinFinalTry));
        assert!(
            ui.shows(&cert(CertificateProblem::PinFinalTry).title(l)),
            "{mode:?}"
        );
        let lang = if l == Language::English { "en" } else { "zh" };
        ui.save_snapshot(&format!("certificate-final-try-{lang}"), &Theme::Light);
    }
}

#[test]
fn a_locked_pin_has_nothing_to_press_and_says_where_to_unlock_it() {
    for (mode, l) in MODES {
        let mut ui = Ui::new(mode);
        ui.certificate_ready();
        type_id_and_pin(&mut ui, "A123456789", "333333");
        ui.send(Message::Certificate(certificate::Message::Submit));
        sign_in_answer(&mut ui, Err(CertificateProblem::PinLocked));
        let locked = cert(CertificateProblem::PinLocked);
        assert!(ui.shows(&locked.title(l)));
        assert!(ui.shows(&locked.hint(l)));
        assert!(!ui.shows(&tr(l, "cert-sign-in")), "a button to try again");
        assert!(!ui.shows(&tr(l, "cert-pin")), "a PIN field");
        // Neither Enter nor a stray submit tries it.
        ui.send(Message::Key(Key::Enter));
        type_id_and_pin(&mut ui, "A123456789", "444444");
        ui.send(Message::Certificate(certificate::Message::Submit));
        assert_eq!(ui.app.flow().kind(), Kind::CertificateReady);
        assert_eq!(ui.app.flow().pending(), None, "something was sent");
        let lang = if l == Language::English { "en" } else { "zh" };
        ui.save_snapshot(&format!("certificate-locked-{lang}"), &Theme::Light);
    }
}

#[test]
fn no_card_software_says_what_to_install_and_offers_diagnostics() {
    for (mode, l) in MODES {
        let mut ui = Ui::new(mode);
        ui.send(Message::Token(TokenSignal::Present {
            slot: TOKEN_SLOT,
            reader: None,
        }));
        assert!(ui.shows(&tr(l, "waiting-opening-token")));
        ui.reply(Reply::CertificateRead(Err(cert(
            CertificateProblem::ModuleMissing,
        ))));
        assert_eq!(ui.app.flow().kind(), Kind::CertificateFailed);
        let missing = cert(CertificateProblem::ModuleMissing);
        assert!(ui.shows(&missing.title(l)));
        assert!(ui.shows_part("HiCOS"), "names what to install");
        assert!(
            ui.shows(&tr(l, "diag-run")),
            "{mode:?}: diagnostics offered"
        );
        let lang = if l == Language::English { "en" } else { "zh" };
        ui.save_snapshot(&format!("certificate-module-missing-{lang}"), &Theme::Light);
    }
}

#[test]
fn the_card_leaving_clears_everything_and_says_so() {
    let l = Language::English;
    // On the PIN screen, with the PIN typed.
    let mut ui = Ui::new(DisplayMode::English);
    ui.reader(ReaderSignal::ReaderAdded {
        reader: READER.into(),
    });
    ui.certificate_ready();
    type_id_and_pin(&mut ui, "A123456789", PIN);
    ui.send(Message::Token(TokenSignal::Gone { slot: TOKEN_SLOT }));
    assert_eq!(ui.app.flow().kind(), Kind::WaitingForCard);
    assert!(ui.shows(&tr(l, "waiting-cert-out")));
    // Signed in, the code on screen: signed out too.
    ui.certificate_ready();
    type_id_and_pin(&mut ui, "A123456789", PIN);
    ui.send(Message::Certificate(certificate::Message::Submit));
    sign_in_answer(&mut ui, Ok("token"));
    ui.reply(Reply::CodeCreated(Ok(code())));
    ui.reader(ReaderSignal::CardRemoved {
        reader: READER.into(),
    });
    assert_eq!(ui.app.flow().kind(), Kind::WaitingForCard);
    assert!(ui.shows(&tr(l, "waiting-cert-signed-out")));
    for (text, _) in ui.texts() {
        for secret in SECRETS.iter().chain(&[PIN, "王○明"]) {
            assert!(!text.contains(secret), "{secret:?} still on screen");
        }
    }
}

#[test]
fn a_card_with_wrong_pins_before_warns_before_the_first_try() {
    for (mode, l) in MODES {
        for (warning, id) in [
            (PinWarning::CountLow, "cert-pin-count-low"),
            (PinWarning::FinalTry, "cert-pin-final-try"),
        ] {
            let mut ui = Ui::new(mode);
            ui.send(Message::Token(TokenSignal::Present {
                slot: TOKEN_SLOT,
                reader: None,
            }));
            ui.reply(Reply::CertificateRead(Ok(ui_support::certificate_card(
                warning,
            ))));
            assert!(ui.shows(&tr(l, id)), "{mode:?} {warning:?}");
            assert!(ui.shows(&tr(l, "cert-sign-in")));
        }
    }
}

#[test]
fn a_card_read_locked_shows_the_lock_at_once() {
    let mut ui = Ui::new(DisplayMode::Chinese);
    ui.send(Message::Token(TokenSignal::Present {
        slot: TOKEN_SLOT,
        reader: None,
    }));
    ui.reply(Reply::CertificateRead(Ok(ui_support::certificate_card(
        PinWarning::Locked,
    ))));
    let l = Language::TraditionalChinese;
    assert!(ui.shows(&cert(CertificateProblem::PinLocked).title(l)));
    assert!(!ui.shows(&tr(l, "cert-sign-in")));
}

#[test]
fn the_demo_practice_certificate_signs_in_end_to_end() {
    let l = Language::English;
    let mut ui = Ui::demo_without_card(DisplayMode::English);
    assert!(
        ui.shows(&tr(l, "demo-insert-certificate")),
        "the footer offers it"
    );
    // What its button sends, with the task it starts (the token's signal) carried out.
    ui.run(Message::DemoInsert(PracticeCard::Certificate));
    assert_eq!(ui.app.flow().kind(), Kind::CertificateReady);
    assert!(ui.shows_part(DEMO_PIN), "the practice PIN is told");
    assert!(ui.shows("王○明"));
    // A wrong PIN first: the real token counts it.
    type_id_and_pin(&mut ui, DEMO_ID_NUMBER, "000000");
    ui.run(Message::Certificate(certificate::Message::Submit));
    assert!(ui.shows(&cert(CertificateProblem::PinIncorrect).title(l)));
    type_id_and_pin(&mut ui, DEMO_ID_NUMBER, DEMO_PIN);
    ui.run(Message::Certificate(certificate::Message::Submit));
    assert_eq!(ui.app.flow().kind(), Kind::DeviceCodeShown);
    match ui.app.flow().state() {
        State::Card { session, .. } => assert!(session.certificate().is_some()),
        other => panic!("{other:?}"),
    }
    // Taken out: signed out, cleared.
    ui.run(Message::DemoRemove);
    assert_eq!(ui.app.flow().kind(), Kind::WaitingForCard);
    assert!(ui.shows(&tr(l, "waiting-cert-signed-out")));
}

#[test]
fn a_kiosk_left_idle_on_a_certificate_session_signs_out_and_asks_for_the_card() {
    use nhi_companion::kiosk::MachineConfig;
    let zh = Language::TraditionalChinese;
    let mut ui = Ui::with_size(
        Options {
            kiosk: true,
            machine: Some(MachineConfig {
                kiosk: true,
                ..MachineConfig::default()
            }),
            ..Options::default()
        },
        (1920.0, 1080.0),
    );
    let t0 = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let at = |s: u64| Message::Tick(t0 + std::time::Duration::from_secs(s));
    ui.send(at(0));
    ui.reader(ReaderSignal::ReaderAdded {
        reader: READER.into(),
    });
    ui.certificate_ready();
    type_id_and_pin(&mut ui, "A123456789", PIN);
    ui.send(Message::Certificate(certificate::Message::Submit));
    sign_in_answer(&mut ui, Ok("token"));
    ui.reply(Reply::CodeCreated(Ok(code())));
    assert_eq!(ui.app.flow().kind(), Kind::DeviceCodeShown);
    // Left alone: the default 120 s, then the reset.
    ui.send(at(130));
    assert_eq!(ui.app.flow().kind(), Kind::WaitingForCard);
    assert_eq!(ui.app.sign_outs_requested(), 1, "signed out at the service");
    for secret in SECRETS.iter().chain(&[PIN, "王○明"]) {
        assert!(!ui.shows_part(secret), "{secret:?} left after the reset");
    }
    // The certificate is still in: ask for it until it is taken out.
    assert!(ui.shows(&tr(zh, "kiosk-take-card-title")));
    ui.send(Message::Token(TokenSignal::Gone { slot: TOKEN_SLOT }));
    assert!(!ui.shows(&tr(zh, "kiosk-take-card-title")));
    assert_eq!(ui.app.flow().kind(), Kind::WaitingForCard);
}
