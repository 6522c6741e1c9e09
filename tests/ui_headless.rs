//! Headless UI tests: the real `App::update` / `App::view`, rendered by iced_test's simulator
//! with tiny-skia and the bundled font, driven by simulated reader events and service replies
//! (no hardware, no network).

mod ui_support;

use std::time::{Duration, Instant};

use iced::keyboard::{self, key::Named};
use iced_test::Simulator;

use nhi_companion::flow::{Kind, ReaderSignal, Reply};
use nhi_companion::i18n::{self, DisplayMode, Language};
use nhi_companion::problem::{Problem, ProblemText};
use nhi_companion::ui::screen::{account, card_ready};
use nhi_companion::ui::{self, Message, Options};

use ui_support::{READER, SECRETS, Ui, code, holder, pin_backend, tr};

fn language_of(mode: DisplayMode) -> Language {
    mode.languages()[0]
}

const MODES: [DisplayMode; 2] = [DisplayMode::Chinese, DisplayMode::English];

#[test]
fn the_whole_flow_from_the_keyboard() {
    for mode in MODES {
        let l = language_of(mode);
        let mut ui = Ui::new(mode);
        assert!(ui.shows(&tr(l, "no-reader-title")), "{mode:?}");
        ui.reader(ReaderSignal::ReaderAdded {
            reader: READER.into(),
        });
        assert!(ui.shows(&tr(l, "waiting-title")), "{mode:?}");
        ui.reader(ReaderSignal::CardInserted {
            reader: READER.into(),
            atr: vec![0x3b],
        });
        assert!(ui.shows(&tr(l, "reading-title")), "{mode:?}");
        ui.reply(Reply::CardRead(Ok(holder())));

        // Card ready: the masked holder, never the full ID.
        assert!(ui.shows("王○明") && ui.shows("A12****789"), "{mode:?}");
        assert!(!ui.shows_part("A123456789"));

        // Type the password, press Enter.
        ui.interact(|sim| {
            sim.click(iced::widget::Id::new(card_ready::PASSWORD))
                .expect("the password field");
            sim.typewrite("Demo1234");
            sim.tap_key(keyboard::Key::Named(Named::Enter));
        });
        assert_eq!(ui.app.flow().kind(), Kind::SigningIn, "{mode:?}");
        assert!(ui.shows(&tr(l, "card-ready-signing-in")));
        assert!(
            !ui.shows_part("Demo1234"),
            "the password must not be on screen"
        );

        // The service answers: signed in, then the code.
        ui.reply(Reply::SignedIn(Ok("token".into())));
        assert!(ui.shows(&tr(l, "code-generating")), "{mode:?}");
        let before = Instant::now();
        ui.reply(Reply::CodeCreated(Ok(code())));
        assert!(ui.shows("0251 1X66"), "{mode:?}: the code, grouped 4+4");
        let remaining = |t: &str| i18n::text(l, "code-remaining", &[("time", t.into())]);
        assert!(ui.shows(&remaining("15:00")), "{mode:?}: full countdown");
        let expiry = match l {
            Language::TraditionalChinese => "裝置認證碼有效時間至 民國115年11月30日 11:38:29",
            Language::English => "Valid until 2026-11-30 11:38:29",
        };
        assert!(ui.shows(expiry), "{mode:?}: absolute expiry");
        assert!(ui.shows(&tr(l, "phone-step-1")));

        // 61.5 s later: 838.5 s left (plus the few ms the test took), shown rounded up.
        ui.send(Message::Tick(before + Duration::from_millis(61_500)));
        assert!(ui.shows(&remaining("13:59")), "{mode:?}: countdown moved");
    }
}

#[test]
fn removing_the_card_mid_flow_leaves_nothing_personal_on_screen() {
    for mode in MODES {
        let l = language_of(mode);
        // Removed with the code on screen, and while typing the password.
        let mut ui = Ui::new(mode);
        ui.code_shown();
        assert!(ui.shows("0251 1X66"));
        ui.reader(ReaderSignal::CardRemoved {
            reader: READER.into(),
        });
        assert!(ui.shows(&tr(l, "waiting-title")), "{mode:?}");
        for secret in SECRETS {
            assert!(!ui.shows_part(secret), "{mode:?}: {secret} still shown");
        }

        let mut ui = Ui::new(mode);
        ui.card_ready();
        ui.interact(|sim| {
            sim.click(iced::widget::Id::new(card_ready::PASSWORD))
                .unwrap();
            sim.typewrite("Demo12");
        });
        ui.reader(ReaderSignal::CardRemoved {
            reader: READER.into(),
        });
        // The same card back: the field must be empty, the old typing gone with the screen.
        ui.reader(ReaderSignal::CardInserted {
            reader: READER.into(),
            atr: vec![0x3b],
        });
        ui.reply(Reply::CardRead(Ok(holder())));
        ui.interact(|sim| {
            sim.click(iced::widget::Id::new(card_ready::PASSWORD))
                .unwrap();
            sim.tap_key(keyboard::Key::Named(Named::Enter));
        });
        assert_eq!(
            ui.app.flow().kind(),
            Kind::CardReady,
            "{mode:?}: an empty field must not sign in"
        );
    }
}

#[test]
fn an_expired_code_offers_a_new_one() {
    for mode in MODES {
        let l = language_of(mode);
        let mut ui = Ui::new(mode);
        let before = Instant::now();
        ui.code_shown();
        ui.send(Message::Tick(before + Duration::from_secs(901)));
        assert_eq!(ui.app.flow().kind(), Kind::Expired);
        assert!(ui.shows(&Problem::CodeExpired.title(l)), "{mode:?}");
        assert!(!ui.shows_part("1X66"), "{mode:?}: the old code is gone");
        // Enter (outside any field) generates a new code.
        ui.interact(|sim| {
            sim.tap_key(keyboard::Key::Named(Named::Enter));
        });
        // The app's own key subscription is not part of the simulator: send what it sends.
        ui.send(Message::Key(nhi_companion::ui::app::Key::Enter));
        assert_eq!(ui.app.flow().kind(), Kind::CreatingCode, "{mode:?}");
    }
}

#[test]
fn wrong_password_then_escape() {
    for mode in MODES {
        let l = language_of(mode);
        let mut ui = Ui::new(mode);
        ui.card_ready();
        ui.interact(|sim| {
            sim.click(iced::widget::Id::new(card_ready::PASSWORD))
                .unwrap();
            sim.typewrite("wrong");
            sim.tap_key(keyboard::Key::Named(Named::Enter));
        });
        ui.reply(Reply::SignedIn(Err(Problem::WrongPassword {
            attempts_left: 2,
        })));
        let problem = Problem::WrongPassword { attempts_left: 2 };
        assert!(ui.shows(&problem.title(l)), "{mode:?}");
        assert!(ui.shows(&problem.hint(l)), "{mode:?}");
        // Esc clears what was typed.
        ui.interact(|sim| {
            sim.click(iced::widget::Id::new(card_ready::PASSWORD))
                .unwrap();
            sim.typewrite("abc");
        });
        ui.send(Message::Key(nhi_companion::ui::app::Key::Escape));
        ui.interact(|sim| {
            sim.click(iced::widget::Id::new(card_ready::PASSWORD))
                .unwrap();
            sim.tap_key(keyboard::Key::Named(Named::Enter));
        });
        assert_eq!(ui.app.flow().kind(), Kind::CardReady);
    }
}

#[test]
fn the_code_from_the_verification_mail_is_typed_in_and_verifies() {
    for mode in MODES {
        let l = language_of(mode);
        let mut ui = Ui::new(mode);
        ui.card_ready();
        ui.send(Message::CardReady(card_ready::Message::Password(
            "x".into(),
        )));
        ui.send(Message::CardReady(card_ready::Message::Submit));
        ui.reply(Reply::SignedIn(Err(Problem::EmailNotVerified)));
        assert_eq!(ui.app.flow().kind(), Kind::EmailVerification);
        assert!(ui.shows(&tr(l, "verify-submit")), "{mode:?}");

        // A wrong code, from the keyboard: Enter in the field submits it.
        ui.interact(|sim| {
            sim.click(iced::widget::Id::new(account::VERIFICATION_CODE))
                .expect("the verification code field");
            sim.typewrite("wrong-code");
            sim.tap_key(keyboard::Key::Named(Named::Enter));
        });
        assert!(ui.app.flow().pending().is_some(), "{mode:?}: not sent");
        ui.reply(Reply::EmailVerified(Err(Problem::InvalidLink)));
        assert_eq!(ui.app.flow().kind(), Kind::EmailVerification);
        assert!(ui.shows(&Problem::InvalidLink.title(l)), "{mode:?}");

        // Corrected (pasted with a line break around it) and sent with the button.
        ui.send(Message::Account(account::Message::VerificationCode(
            " 5eb63bbbe01eeed0\n".into(),
        )));
        ui.interact(|sim| {
            sim.click(tr(l, "verify-submit").as_str())
                .expect("the verify button");
        });
        assert!(ui.app.flow().pending().is_some(), "{mode:?}: not sent");
        ui.reply(Reply::EmailVerified(Ok(())));
        assert_eq!(ui.app.flow().kind(), Kind::CardReady, "{mode:?}");
        assert!(ui.shows(&tr(l, "card-ready-email-verified")), "{mode:?}");
        assert!(!ui.shows_part("5eb63bbbe01eeed0"), "{mode:?}: code left");
    }
}

#[test]
fn the_reset_code_and_a_new_password_set_the_password() {
    for mode in MODES {
        let l = language_of(mode);
        let mut ui = Ui::new(mode);
        ui.card_ready();
        ui.send(Message::CardReady(card_ready::Message::Forgot));
        // No code field before the mail is sent.
        assert!(
            !ui.shows(&tr(l, "reset-set-password")),
            "{mode:?}: set-password before the mail"
        );
        // Nothing is asked (the mail goes to the registered address): one button sends it.
        assert!(
            !ui.shows(&tr(l, "apply-email")),
            "{mode:?}: an e-mail field that would do nothing"
        );
        ui.click(&tr(l, "reset-submit"));
        assert!(ui.app.flow().pending().is_some(), "{mode:?}: not sent");
        ui.reply(Reply::PasswordResetSent(Ok("d***@example.org".into())));
        // "Sent to d***@example.org": where to look.
        let sent =
            nhi_companion::i18n::text(l, "reset-sent-to", &[("email", "d***@example.org".into())]);
        assert!(ui.shows(&sent), "{mode:?}");

        ui.interact(|sim| {
            sim.click(iced::widget::Id::new(account::RESET_CODE))
                .expect("the reset code field");
            sim.typewrite("93a1f4c2d7e8b6a5");
            sim.click(iced::widget::Id::new(account::NEW_PASSWORD))
                .expect("the new password field");
            sim.typewrite("NewPw789");
        });
        assert!(
            !ui.shows_part("NewPw789"),
            "{mode:?}: the password is masked"
        );
        // Enter in the password field submits both.
        ui.interact(|sim| {
            sim.click(iced::widget::Id::new(account::NEW_PASSWORD))
                .unwrap();
            sim.tap_key(keyboard::Key::Named(Named::Enter));
        });
        assert!(ui.app.flow().pending().is_some(), "{mode:?}: not sent");
        ui.reply(Reply::PasswordChanged(Err(Problem::WeakPassword)));
        assert_eq!(ui.app.flow().kind(), Kind::PasswordReset);
        assert!(ui.shows(&Problem::WeakPassword.title(l)), "{mode:?}");

        // The password was taken on submit; the code stayed to be used again.
        ui.interact(|sim| {
            sim.click(iced::widget::Id::new(account::NEW_PASSWORD))
                .unwrap();
            sim.typewrite("Better789");
        });
        ui.interact(|sim| {
            sim.click(tr(l, "reset-set-password").as_str())
                .expect("the set-password button");
        });
        assert!(ui.app.flow().pending().is_some(), "{mode:?}: not sent");
        ui.reply(Reply::PasswordChanged(Ok(())));
        assert_eq!(ui.app.flow().kind(), Kind::CardReady, "{mode:?}");
        assert!(ui.shows(&tr(l, "card-ready-password-changed")), "{mode:?}");
    }
}

#[test]
fn every_screen_renders_in_both_languages() {
    // (how to get there, a text that screen must show)
    type Step = fn(&mut Ui);
    let screens: Vec<(&str, Step, &str)> = vec![
        ("no reader", |_| {}, "no-reader-title"),
        (
            "service missing",
            |ui| ui.reader(ReaderSignal::ServiceDown),
            "problem-service-not-running",
        ),
        (
            "waiting",
            |ui| {
                ui.reader(ReaderSignal::ReaderAdded {
                    reader: READER.into(),
                })
            },
            "waiting-title",
        ),
        (
            "not an NHI card",
            |ui| {
                ui.reader(ReaderSignal::CardInserted {
                    reader: READER.into(),
                    atr: vec![],
                });
                ui.reply(Reply::CardRead(Err(Problem::NotNhiCard)));
            },
            "problem-not-nhi-card",
        ),
        (
            "read failed",
            |ui| {
                ui.reader(ReaderSignal::CardInserted {
                    reader: READER.into(),
                    atr: vec![],
                });
                ui.reply(Reply::CardRead(Err(Problem::CardInUse)));
            },
            "problem-card-in-use",
        ),
        ("card ready", |ui| ui.card_ready(), "card-ready-first-time"),
        (
            "first-time application",
            |ui| {
                ui.card_ready();
                ui.send(Message::CardReady(card_ready::Message::FirstTime));
            },
            "apply-title",
        ),
        (
            "e-mail verification",
            |ui| {
                ui.card_ready();
                ui.send(Message::CardReady(card_ready::Message::Password(
                    "x".into(),
                )));
                ui.send(Message::CardReady(card_ready::Message::Submit));
                ui.reply(Reply::SignedIn(Err(Problem::EmailNotVerified)));
            },
            "verify-resend",
        ),
        (
            "password reset",
            |ui| {
                ui.card_ready();
                ui.send(Message::CardReady(card_ready::Message::Forgot));
            },
            "reset-intro",
        ),
        (
            "password reset mail sent",
            |ui| {
                ui.card_ready();
                ui.send(Message::CardReady(card_ready::Message::Forgot));
                ui.send(Message::Account(account::Message::Email("a@b.tw".into())));
                ui.send(Message::Account(account::Message::SubmitReset));
                ui.reply(Reply::PasswordResetSent(Ok("d***@example.org".into())));
            },
            "reset-set-password",
        ),
        (
            "e-mail verified",
            |ui| {
                ui.card_ready();
                ui.send(Message::CardReady(card_ready::Message::Password(
                    "x".into(),
                )));
                ui.send(Message::CardReady(card_ready::Message::Submit));
                ui.reply(Reply::SignedIn(Err(Problem::EmailNotVerified)));
                ui.send(Message::Account(account::Message::VerificationCode(
                    "c0de".into(),
                )));
                ui.send(Message::Account(account::Message::SubmitVerification));
                ui.reply(Reply::EmailVerified(Ok(())));
            },
            "card-ready-email-verified",
        ),
        (
            "signed in",
            |ui| {
                ui.code_shown();
                ui.send(Message::Key(nhi_companion::ui::app::Key::Escape));
            },
            "code-generate",
        ),
        ("device code", |ui| ui.code_shown(), "code-label"),
        (
            "verified",
            |ui| {
                ui.code_shown();
                ui.send(Message::Tick(Instant::now() + Duration::from_secs(4)));
                ui.reply(Reply::CodeStatus(Ok(
                    nhi_companion::flow::CodeStatus::Redeemed(Some("Pixel 8 · Android".into())),
                )));
            },
            "code-verified-title",
        ),
        (
            "devices",
            |ui| {
                ui.code_shown();
                ui.send(Message::Key(nhi_companion::ui::app::Key::Escape));
                ui.send(Message::SignedIn(ui::screen::signed_in::Message::Devices));
                ui.reply(Reply::DevicesListed(Ok(vec![
                    nhi_companion::flow::DeviceInfo {
                        id: "1".into(),
                        label: "iPhone".into(),
                        authenticated_at: None,
                    },
                ])));
            },
            "devices-revoke",
        ),
        (
            "failed with retry",
            |ui| {
                ui.code_shown();
                ui.send(Message::Key(nhi_companion::ui::app::Key::Escape));
                ui.send(Message::SignedIn(ui::screen::signed_in::Message::Generate));
                ui.reply(Reply::CodeCreated(Err(Problem::NetworkDown)));
            },
            "ui-retry",
        ),
        (
            "settings",
            |ui| ui.send(Message::OpenSettings),
            "settings-language",
        ),
    ];
    for (name, go, id) in screens {
        for mode in MODES {
            let mut ui = Ui::new(mode);
            go(&mut ui);
            let l = language_of(mode);
            let expected = tr(l, id);
            assert!(
                ui.shows(&expected) || ui.shows_part(&expected),
                "{name} in {mode:?}: {expected:?} not shown"
            );
            // The other language is not mixed in (the app name differs per language).
            let other = match l {
                Language::TraditionalChinese => Language::English,
                Language::English => Language::TraditionalChinese,
            };
            assert!(
                !ui.shows(&tr(other, id)),
                "{name} in {mode:?}: other language shown"
            );
            ui.save_snapshot(
                &format!("{}-{mode:?}", name.replace(' ', "_")),
                &iced::Theme::Light,
            );
        }
    }
}

#[test]
fn bilingual_mode_shows_both_languages_and_switches_at_runtime() {
    let mut ui = Ui::new(DisplayMode::Bilingual);
    ui.card_ready();
    for l in Language::ALL {
        assert!(ui.shows(&tr(l, "card-ready-sign-in")), "{l:?}");
    }
    ui.send(Message::Mode(DisplayMode::English));
    assert!(!ui.shows(&tr(Language::TraditionalChinese, "card-ready-sign-in")));
    assert!(ui.shows(&tr(Language::English, "card-ready-sign-in")));
    // The language buttons themselves work.
    ui.interact(|sim| {
        sim.click("中文").expect("the 中文 button");
    });
    assert_eq!(ui.app.mode(), DisplayMode::Chinese);
    assert!(ui.shows("請輸入註冊密碼再按【登入】鈕（或按 Enter 鍵）。"));
}

#[test]
fn every_problem_renders_in_both_languages() {
    pin_backend();
    for problem in Problem::examples() {
        for mode in MODES {
            let l = language_of(mode);
            let element: iced::Element<'_, ()> = ui::widgets::problem_box(mode.into(), &problem);
            let mut sim = Simulator::with_settings(ui::settings(), element);
            assert!(
                sim.find(problem.title(l).as_str()).is_ok(),
                "{problem:?} {mode:?}"
            );
            assert!(
                sim.find(problem.hint(l).as_str()).is_ok(),
                "{problem:?} {mode:?}"
            );
        }
    }
}

#[test]
fn settings_check_the_service_address_before_using_it() {
    use nhi_companion::ui::screen::settings;
    for mode in MODES {
        let l = language_of(mode);
        let mut ui = Ui::new(mode);
        ui.interact(|sim| {
            sim.click(tr(l, "ui-settings").as_str())
                .expect("the settings button");
        });
        assert!(ui.shows(&tr(l, "settings-language")), "{mode:?}");
        // Plain HTTP to another computer is refused, and says so.
        ui.send(Message::Settings(settings::Message::ServiceInput(
            "http://example.org".into(),
        )));
        ui.send(Message::Settings(settings::Message::ServiceApply));
        let insecure = Problem::InsecureServiceUrl.title(l);
        assert!(ui.shows(&insecure), "{mode:?}");
        // A usable address is taken, and the problem goes.
        ui.send(Message::Settings(settings::Message::ServiceInput(
            "https://register.example.org".into(),
        )));
        ui.send(Message::Settings(settings::Message::ServiceApply));
        assert!(!ui.shows(&insecure), "{mode:?}");
        // Esc closes settings, as it goes back everywhere.
        ui.send(Message::Key(nhi_companion::ui::app::Key::Escape));
        assert!(!ui.shows(&tr(l, "settings-language")), "{mode:?}");
    }
}

#[test]
fn without_a_smart_card_service_the_demo_is_offered_and_starts() {
    let l = Language::English;
    let mut ui = Ui::new(DisplayMode::English);
    ui.reader(ReaderSignal::ServiceDown);
    assert!(ui.shows(&tr(l, "ui-demo-offer")));
    assert!(!ui.shows(&tr(l, "ui-demo-badge")));
    ui.interact(|sim| {
        sim.click(tr(l, "ui-demo-offer").as_str()).unwrap();
    });
    // The demo runs: badge, the demo card's button, no more offer.
    assert!(ui.shows(&tr(l, "ui-demo-badge")));
    assert!(ui.shows(&tr(l, "ui-demo-remove")));
    assert!(!ui.shows(&tr(l, "ui-demo-offer")));
}

#[test]
fn the_window_has_the_app_icon_and_the_desktop_entry_id() {
    let window = ui::window_settings(&Options::default());
    assert!(window.icon.is_some(), "the packaged PNG decodes");
    #[cfg(target_os = "linux")]
    assert_eq!(
        window.platform_specific.application_id, "nhi-companion",
        "the .desktop file's StartupWMClass"
    );
    assert!(window.decorations && !window.fullscreen, "not a kiosk");
}
