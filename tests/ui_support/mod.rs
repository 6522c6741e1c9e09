//! Shared by the headless UI tests (`mod ui_support;`): the real `App::update` / `App::view`
//! in iced_test's simulator (tiny-skia, the bundled font), driven by simulated reader events
//! and service replies that the test plays itself (no hardware, no network), plus the
//! fixtures those tests feed it.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

pub mod live;

use std::sync::{Arc, Mutex, Once, OnceLock};
use std::time::Duration;

use chrono::NaiveDate;
use iced::{Rectangle, Theme};
use iced_test::Simulator;
use iced_test::selector::Candidate;

use nhi_companion::flow::{
    CertificateCard, DeviceCode, Holder, Kind, PinWarning, ReaderSignal, Reply, TokenSignal,
    TokenSlot,
};
use nhi_companion::i18n::{self, DisplayMode, Language};
use nhi_companion::ui::app::Key;
use nhi_companion::ui::screen::{card_ready, signed_in};
use nhi_companion::ui::{self, App, Message, Options};

/// The simulated reader.
pub const READER: &str = "Test Reader 0";
/// The desktop window the views are rendered in.
pub const WIDTH: f32 = 1280.0;
pub const HEIGHT: f32 = 900.0;
/// Everything personal a session puts on screen (or could), the typed password included.
pub const SECRETS: [&str; 6] = [
    "王○明",
    "A12****789",
    "A123456789",
    "0251 1X66",
    "02511X66",
    "Demo1234",
];

/// Snapshots must not depend on the GPU: pin the software renderer before any simulator.
pub fn pin_backend() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| unsafe { std::env::set_var("ICED_TEST_BACKEND", "tiny-skia") });
}

/// The holder the simulated card reads as.
pub fn holder() -> Holder {
    Holder {
        card_number: "000012345678".into(),
        id_number: "A123456789".into(),
        masked_name: "王○明".into(),
        masked_id: "A12****789".into(),
    }
}

/// The slot the simulated certificate token sits in.
pub const TOKEN_SLOT: TokenSlot = TokenSlot(1);
/// The PIN typed in the certificate tests.
pub const PIN: &str = "246810";

/// The Citizen Digital Certificate the simulated token opens as.
pub fn certificate_card(pin: PinWarning) -> CertificateCard {
    CertificateCard {
        slot: TOKEN_SLOT,
        label: "HiCOS PKI Smart Card".into(),
        masked_name: "王○明".into(),
        pin,
        pin_length: (6, 8),
    }
}

/// The device code the simulated service hands out: 15 minutes, until 2026-11-30 11:38:29.
pub fn code() -> DeviceCode {
    DeviceCode {
        code: "02511X66".into(),
        qr_payload: "02511X66".into(),
        ttl: Duration::from_secs(900),
        deadline: None,
        expires_at: NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_opt(11, 38, 29)
            .unwrap(),
    }
}

/// A message without arguments, in `language`, as the screen shows it.
pub fn tr(language: Language, id: &str) -> String {
    ui::widgets::display(i18n::text(language, id, &[]))
}

/// The app under test, rendered at a fixed window size, plus the helpers to drive and inspect
/// it.
pub struct Ui {
    pub app: App,
    size: (f32, f32),
}

impl Ui {
    /// The app started with `options`, in a `size` window.
    pub fn with_size(options: Options, size: (f32, f32)) -> Ui {
        pin_backend();
        let (mut app, _) = App::new(options);
        // The window's size, as the window reports it when it opens.
        let _ = app.update(Message::Window(ui::window_place::Message::Resized(
            iced::Size::new(size.0, size.1),
        )));
        Ui { app, size }
    }

    /// The app started with `options`, in the desktop window.
    pub fn with(options: Options) -> Ui {
        Ui::with_size(options, (WIDTH, HEIGHT))
    }

    /// The desktop app in `mode`.
    pub fn new(mode: DisplayMode) -> Ui {
        Ui::with(Options {
            mode: Some(mode),
            ..Options::default()
        })
    }

    /// The desktop app in `mode`, its text scaled by `scale`.
    pub fn scaled(mode: DisplayMode, scale: f32) -> Ui {
        Ui::with(Options {
            mode: Some(mode),
            text_scale: Some(scale),
            ..Options::default()
        })
    }

    pub fn send(&mut self, message: Message) {
        // Tasks are not run: the test plays the reader and the service itself.
        let _ = self.app.update(message);
    }

    /// Send `message` and carry out the tasks it starts as the app's runtime would, on a
    /// tokio runtime (the demo's real backend: its in-process card and embedded service):
    /// each task's messages go back to `update`, and theirs, until none is left. Widget
    /// operations (focus), clipboard and system requests are dropped: they have no effect
    /// on the app's state.
    pub fn run(&mut self, message: Message) {
        use iced_test::futures::futures::StreamExt;
        use iced_test::runtime::Action;
        static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
        let runtime = RUNTIME.get_or_init(|| tokio::runtime::Runtime::new().unwrap());
        let mut queue = std::collections::VecDeque::from([message]);
        let mut steps = 0;
        while let Some(message) = queue.pop_front() {
            steps += 1;
            assert!(steps < 500, "the app keeps sending itself messages");
            let task = self.app.update(message);
            let Some(stream) = iced_test::runtime::task::into_stream(task) else {
                continue;
            };
            let outputs = runtime.block_on(async {
                let collect = stream
                    .filter_map(|action| async move {
                        match action {
                            Action::Output(message) => Some(message),
                            _ => None,
                        }
                    })
                    .collect::<Vec<_>>();
                tokio::time::timeout(Duration::from_secs(30), collect)
                    .await
                    .expect("a task did not finish in 30 s")
            });
            queue.extend(outputs);
        }
    }

    pub fn reader(&mut self, signal: ReaderSignal) {
        self.send(Message::Reader(signal));
    }

    /// The service's answer to the request in flight.
    pub fn reply(&mut self, reply: Reply) {
        let ticket = self.app.flow().pending().expect("a request in flight");
        self.send(Message::Replied(ticket, reply));
    }

    pub fn simulator(&self) -> Simulator<'_, Message> {
        Simulator::with_size(ui::settings(), self.size, self.app.view())
    }

    /// Interact with one rendered view (its focus lives as long as it), then feed what it
    /// produced back to `update`.
    pub fn interact<T>(&mut self, f: impl FnOnce(&mut Simulator<'_, Message>) -> T) -> T {
        let (out, messages): (T, Vec<Message>) = {
            let mut sim = self.simulator();
            let out = f(&mut sim);
            (out, sim.into_messages().collect())
        };
        for m in messages {
            self.send(m);
        }
        out
    }

    /// Click the widget showing `label`; panics if there is none.
    pub fn click(&mut self, label: &str) {
        self.interact(|sim| {
            sim.click(label)
                .unwrap_or_else(|e| panic!("click {label:?}: {e:?}"));
        });
    }

    /// A text widget (or text field) shows exactly `text`.
    pub fn shows(&self, text: &str) -> bool {
        self.simulator().find(text).is_ok()
    }

    /// Some text on screen contains `needle`.
    pub fn shows_part(&self, needle: &str) -> bool {
        let needle = needle.to_owned();
        self.simulator()
            .find(move |c: Candidate<'_>| match c {
                Candidate::Text { content, .. } if content.contains(&needle) => Some(()),
                _ => None,
            })
            .is_ok()
    }

    /// Where `text` is shown; panics if it is not.
    pub fn bounds_of(&self, text: &str) -> Rectangle {
        self.simulator()
            .find(text)
            .unwrap_or_else(|_| panic!("{text:?} not shown"))
            .bounds()
    }

    /// Every text on screen, with its bounds.
    pub fn texts(&self) -> Vec<(String, Rectangle)> {
        let found = Arc::new(Mutex::new(Vec::new()));
        let sink = found.clone();
        let _ = self.simulator().find(move |c: Candidate<'_>| {
            if let Candidate::Text {
                content, bounds, ..
            } = c
            {
                sink.lock().unwrap().push((content.to_owned(), bounds));
            }
            None::<()>
        });
        found.lock().unwrap().clone()
    }

    /// A reader, the card in it, read: the card-ready screen.
    pub fn card_ready(&mut self) {
        self.reader(ReaderSignal::ReaderAdded {
            reader: READER.into(),
        });
        self.reader(ReaderSignal::CardInserted {
            reader: READER.into(),
            atr: vec![0x3b],
        });
        self.reply(Reply::CardRead(Ok(holder())));
        assert_eq!(self.app.flow().kind(), Kind::CardReady);
    }

    /// The demo app in `mode`, its reader known and empty. The demo reader's monitor is a
    /// subscription, which the harness does not run: its signals are played. The demo starts
    /// with 王小明's card in; it is taken out.
    pub fn demo_without_card(mode: DisplayMode) -> Ui {
        let mut ui = Ui::with(Options {
            demo: true,
            mode: Some(mode),
            ..Options::default()
        });
        let reader = nhi_companion::backend::DEMO_READER;
        ui.run(Message::Reader(ReaderSignal::ReaderAdded {
            reader: reader.into(),
        }));
        ui.run(Message::DemoRemove);
        ui.run(Message::Reader(ReaderSignal::CardRemoved {
            reader: reader.into(),
        }));
        assert_eq!(ui.app.flow().kind(), Kind::WaitingForCard);
        ui
    }

    /// A token seen in its slot and opened: the certificate screen.
    pub fn certificate_ready(&mut self) {
        self.send(Message::Token(TokenSignal::Present {
            slot: TOKEN_SLOT,
            reader: Some(READER.into()),
        }));
        self.reply(Reply::CertificateRead(Ok(certificate_card(
            PinWarning::None,
        ))));
        assert_eq!(self.app.flow().kind(), Kind::CertificateReady);
    }

    /// Signed in with the password: the code the sign-in asks for at once is on screen.
    pub fn code_shown(&mut self) {
        self.card_ready();
        self.send(Message::CardReady(card_ready::Message::Password(
            "Demo1234".into(),
        )));
        self.send(Message::CardReady(card_ready::Message::Submit));
        self.reply(Reply::SignedIn(Ok("token".into())));
        self.reply(Reply::CodeCreated(Ok(code())));
        assert_eq!(self.app.flow().kind(), Kind::DeviceCodeShown);
    }

    /// Signed in, and back from the first code: the signed-in screen.
    pub fn signed_in(&mut self) {
        self.code_shown();
        self.send(Message::Key(Key::Escape));
        assert_eq!(self.app.flow().kind(), Kind::SignedIn);
    }

    /// Signed in, back from the first code, and a new one generated with the signed-in
    /// screen's button: that code on screen.
    pub fn second_code_shown(&mut self) {
        self.signed_in();
        self.send(Message::SignedIn(signed_in::Message::Generate));
        self.reply(Reply::CodeCreated(Ok(code())));
        assert_eq!(self.app.flow().kind(), Kind::DeviceCodeShown);
    }

    /// With NHI_UI_SNAPSHOTS set, write a PNG of the current view in `theme` to
    /// `$CARGO_TARGET_DIR/ui-snapshots/NAME-tiny-skia.png` (or `target/ui-snapshots/`), for
    /// people to look at; not compared, as text rendering differs across font versions.
    pub fn save_snapshot(&self, name: &str, theme: &Theme) {
        if std::env::var_os("NHI_UI_SNAPSHOTS").is_none() {
            return;
        }
        let dir = std::env::var_os("CARGO_TARGET_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
            .join("ui-snapshots");
        let path = dir.join(name);
        // `matches_image` only compares with a picture already there (named after the
        // renderer, `NAME-tiny-skia.png`): remove the old one so the current view is written.
        let _ = std::fs::remove_file(path.with_extension("png"));
        let _ = std::fs::remove_file(dir.join(format!("{name}-tiny-skia.png")));
        let snapshot = self.simulator().snapshot(theme).expect("snapshot");
        snapshot.matches_image(&path).expect("write snapshot");
    }
}
