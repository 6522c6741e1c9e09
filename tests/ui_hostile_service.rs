//! The app against a hostile or wrong service, end to end without a window: the real backend
//! (`backend::Registration`: the virtual demo card in a scripted reader, the real client)
//! answers the flow's requests from a hostile server (`tests/hostile_support`) or a reference
//! service at a wrong address, and its replies go into the real `App` in iced_test's
//! simulator. Whatever the service sends, the app stays up and shows the `Problem` that says
//! what happened — never a wall of letters, never "update the app" for a proxy's error page,
//! never "unknown device code" on the password screen. And an address with the protocol's
//! `/api/v1` pasted on the end is taken back to the service root, in settings too.

mod hostile_support;
mod service_support;
mod ui_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use hostile_support::{Behaviour, device_code_with, html_page, json, serve};
use nhi_companion::backend::{Backend, Cards, Registration};
use nhi_companion::flow::{Effect, Kind, Reply, Secret};
use nhi_companion::i18n::{DisplayMode, Language};
use nhi_companion::problem::{Problem, ProblemText};
use nhi_companion::reader::SmartCardService;
use nhi_companion::reader::fake::{FakeCard, FakeWorld};
use nhi_companion::service::{ClientOptions, RegistrationClient};
use nhi_companion::ui::Message;
use nhi_companion::ui::screen::{card_ready, settings};
use nhi_companion::virtual_card::{CardProfile, VirtualNhiCard};
use ui_support::{READER, Ui};

/// The real backend: the demo card in the test reader, the client at `url`.
fn backend(url: &str) -> Registration {
    let world = FakeWorld::new();
    world.add_reader(READER);
    let card = Arc::new(Mutex::new(
        VirtualNhiCard::new(CardProfile::default()).unwrap(),
    ));
    let atr = card.lock().unwrap().atr().to_vec();
    world.insert_card(
        READER,
        FakeCard::new(atr).responder(move |apdu| card.lock().unwrap().respond(apdu)),
    );
    let cards = Cards::new(Arc::new(move || {
        world
            .service()
            .map(|s| Box::new(s) as Box<dyn SmartCardService>)
    }));
    let client = RegistrationClient::with_options(
        url,
        ClientOptions {
            request_timeout: Duration::from_secs(3),
            read_timeout: Duration::from_secs(2),
            max_retries: 0,
            ..ClientOptions::default()
        },
    )
    .unwrap();
    Registration::new(cards, client)
}

/// Types the password and submits it; the backend carries out the sign-in and its reply goes
/// back into the app. Returns the token it got, if any.
async fn sign_in(ui: &mut Ui, backend: &Registration) -> Option<Secret> {
    ui.card_ready();
    ui.send(Message::CardReady(card_ready::Message::Password(
        "Demo1234".into(),
    )));
    ui.send(Message::CardReady(card_ready::Message::Submit));
    let ticket = ui.app.flow().pending().expect("signing in");
    let holder = ui_support::holder();
    let reply = backend
        .perform(Effect::SignIn {
            ticket,
            reader: READER.into(),
            card_number: holder.card_number.clone(),
            id_number: holder.id_number.clone(),
            password: "Demo1234".into(),
        })
        .await
        .expect("a reply");
    let token = match &reply {
        Reply::SignedIn(Ok(token)) => Some(token.clone()),
        _ => None,
    };
    ui.reply(reply);
    token
}

/// A service that signs anyone in, then answers the device-code request with `code`.
async fn service_with_code_reply(code: Behaviour) -> hostile_support::Hostile {
    serve(move |request| match request.path.as_str() {
        "/api/v1/sign-in/challenge" => json(
            200,
            format!(
                r#"{{"challenge_id": "c1", "challenge": "{}", "expires_in": 120}}"#,
                "5a".repeat(32)
            ),
        ),
        "/api/v1/sign-in" => json(
            200,
            r#"{"token": "hostile-token", "token_type": "Bearer", "expires_in": 1200}"#,
        ),
        "/api/v1/device-codes" => code.clone(),
        _ => json(404, r#"{"error": "not_found", "message": "no"}"#),
    })
    .await
}

/// No text on screen is longer than a sentence: nothing from the service is drawn raw.
fn assert_no_wall_of_letters(ui: &Ui, case: &str) {
    for (text, _) in ui.texts() {
        assert!(
            text.chars().count() < 400 && !text.contains("KKKKKKKK"),
            "{case}: drew {} characters",
            text.chars().count()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_device_code_reply_shows_a_problem_not_the_reply() {
    let cases = [
        (
            "ttl 2^64-1",
            json(201, device_code_with("ttl_seconds", "18446744073709551615")),
            Problem::MalformedReply,
        ),
        (
            "100,000-character code",
            json(
                201,
                device_code_with("code", &format!("\"{}\"", "K".repeat(100_000))),
            ),
            Problem::MalformedReply,
        ),
        (
            "a proxy's HTML 502 page",
            html_page(502),
            Problem::ServiceUnavailable,
        ),
        (
            "a Wi-Fi sign-in page",
            hostile_support::typed(
                200,
                "text/html",
                "<html><body>Log in to Hotel Wi-Fi</body></html>",
            ),
            Problem::NotRegistrationService,
        ),
        (
            "a dripped body",
            Behaviour::Drip {
                status: 201,
                content_type: "application/json".into(),
                every: Duration::from_millis(100),
            },
            Problem::ServiceTimeout,
        ),
    ];
    for (case, behaviour, expected) in cases {
        let service = service_with_code_reply(behaviour).await;
        let backend = backend(&service.url("svc"));
        for mode in [DisplayMode::Chinese, DisplayMode::English] {
            let language = match mode {
                DisplayMode::Chinese => Language::TraditionalChinese,
                _ => Language::English,
            };
            let mut ui = Ui::new(mode);
            let token = sign_in(&mut ui, &backend).await.expect("signed in");
            // The sign-in asks for a code at once: the backend asks the hostile service.
            let ticket = ui.app.flow().pending().expect("creating a code");
            let reply = backend
                .perform(Effect::CreateCode { ticket, token })
                .await
                .expect("a reply");
            match &reply {
                Reply::CodeCreated(Err(problem)) => assert_eq!(problem, &expected, "{case}"),
                other => panic!("{case}: {other:?}"),
            }
            ui.reply(reply);
            assert_ne!(ui.app.flow().kind(), Kind::DeviceCodeShown, "{case}");
            assert!(ui.shows(&expected.title(language)), "{case} {mode:?}");
            assert!(ui.shows(&expected.hint(language)), "{case} {mode:?}");
            assert_no_wall_of_letters(&ui, case);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_address_says_so_on_the_password_screen() {
    // The reference service, asked at an address under which it has no routes: every call
    // answers the protocol's `not_found`. That is "not a registration service", not "the
    // service does not know this device code".
    let env = service_support::start(service_support::config()).await;
    let base = env.service.base_url();
    let wrong = backend(&format!("{base}/registration"));
    let mut ui = Ui::new(DisplayMode::English);
    assert!(sign_in(&mut ui, &wrong).await.is_none());
    let l = Language::English;
    assert!(ui.shows(&Problem::NotRegistrationService.title(l)));
    assert!(!ui.shows(&Problem::CodeUnknown.title(l)));
    assert_eq!(ui.app.flow().kind(), Kind::CardReady);

    // A 404 page from a web server there is the same.
    let web = serve(|_| html_page(404)).await;
    let mut ui = Ui::new(DisplayMode::English);
    assert!(sign_in(&mut ui, &backend(&web.url("x"))).await.is_none());
    assert!(ui.shows(&Problem::NotRegistrationService.title(l)));

    // The service's own address with the protocol's /api/v1 pasted on the end works: the
    // client takes it off instead of asking /api/v1/api/v1/….
    let pasted = backend(&format!("{base}/api/v1"));
    let mut ui = Ui::new(DisplayMode::English);
    assert!(sign_in(&mut ui, &pasted).await.is_some());
}

#[test]
fn settings_take_a_pasted_endpoint_back_to_the_service_root() {
    let l = Language::English;
    let mut ui = Ui::new(DisplayMode::English);
    ui.send(Message::OpenSettings);
    ui.send(Message::Settings(settings::Message::ServiceInput(
        "  https://register.example.tw/api/v1/ ".into(),
    )));
    ui.click(&ui_support::tr(l, "settings-service-apply"));
    // What is kept and shown is the address the client uses: no /api/v1/api/v1/… later.
    assert!(ui.shows("https://register.example.tw"), "{:?}", ui.texts());
    assert!(!ui.shows_part("/api/v1"));
    assert!(!ui.shows(&Problem::InvalidServiceUrl.title(l)));
}
