//! The root of the desktop app: holds the flow and the screen on show, turns the person's
//! clicks into flow events, the flow's effects into `Task`s, and time and keys into
//! `Subscription`s. Nothing here decides what happens next: that is the flow's job.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use iced::task::Handle;
use iced::theme::Mode;
use iced::{Element, Task, Theme, window};

use super::Options;
use super::kiosk::{self as kiosk_ui, KioskUi};
use super::look::{self, Look, ThemeChoice};
use super::overlay::Overlay;
use super::screen::Screen;
use super::screen::{
    account, admin, card_ready, certificate, device_code, devices, diagnostics, error, mailbox,
    settings, signed_in, waiting,
};
use super::window_place;
use crate::backend::{Backend, Cards, Demo, PracticeCard, Tokens, Unavailable};
use crate::flow::{Event, Flow, Kind, ReaderSignal, Reply, Ticket, TokenSignal};
use crate::i18n::{DisplayMode, Language};
use crate::kiosk::Kiosk;
use crate::problem::Problem;
use crate::settings::{Store, start};

pub use crate::backend::DEMO_READER;

mod bridge;
mod chrome;
mod demo;
mod keys;
mod kiosk;
mod overlays;
mod subscriptions;

#[derive(Debug, Clone)]
pub enum Message {
    Waiting(waiting::Message),
    Error(error::Message),
    CardReady(card_ready::Message),
    Certificate(certificate::Message),
    Account(account::Message),
    SignedIn(signed_in::Message),
    DeviceCode(device_code::Message),
    Devices(devices::Message),
    Settings(settings::Message),
    Mailbox(mailbox::Message),
    OpenSettings,
    /// Open the diagnostics screen and gather a report.
    OpenDiagnostics,
    Diagnostics(diagnostics::Message),
    Mode(DisplayMode),
    /// The system's light or dark setting, at start and whenever it changes.
    SystemTheme(Mode),
    /// Ctrl + / Ctrl − / Ctrl 0: one text size up, down (`+1`, `-1`) or back to 100 % (`0`).
    TextScaleStep(i32),
    /// From the smart-card monitor.
    Reader(ReaderSignal),
    /// The certificate token watcher (or the demo's practice certificate).
    Token(TokenSignal),
    /// The answer to the request with this ticket.
    Replied(Ticket, Reply),
    /// The one-second tick, only while a code is on screen.
    Tick(Instant),
    Key(Key),
    /// Demo only: put this practice card in.
    DemoInsert(PracticeCard),
    /// Demo only: take the practice card out.
    DemoRemove,
    /// Caps Lock seems on (`true`) or off, from the letters typed.
    CapsLock(bool),
    /// The Caps Lock key was pressed: whatever it was, it is the other way now.
    CapsLockToggled,
    /// Kiosk: a key, click or touch (the person is still there).
    Activity,
    /// Kiosk: the reset warning's "keep going".
    KeepGoing,
    /// Kiosk: the administrator chord, Ctrl+Alt+Shift+A.
    AdminChord,
    Admin(admin::Message),
    /// Kiosk: the window's close button or Alt+F4, refused unless unlocked.
    CloseRequested(window::Id),
    /// Kiosk: the window is open; make it cover its monitor.
    WindowOpened(window::Id),
    /// Not a kiosk: the window's placement and its memory (`window_place`).
    Window(window_place::Message),
    /// The renderer that draws the window, seen by `renderer_probe`.
    RendererSeen(crate::renderer::Renderer),
    Ignore,
}

/// The keys the app acts on itself (text fields handle the rest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Escape,
    Enter,
    Tab,
    ShiftTab,
}

pub struct App {
    flow: Flow,
    screen: Screen,
    look: Look,
    /// Light, dark or as the system; with `system_mode`, picks the theme ([`App::theme`]).
    theme_choice: ThemeChoice,
    system_mode: Mode,
    /// The time the view shows; set by every event (ticks included).
    now: Instant,
    /// The demo, when running on it: its reader and (usually) its embedded service.
    demo: Option<Demo>,
    /// The service the demo should use instead of its own (`--demo --service URL`).
    demo_service_url: Option<String>,
    /// What lies over the screen: read by the view and by Esc alike.
    overlay: Overlay,
    /// How many diagnostics reports were asked for (to drop stale ones).
    diagnostics_runs: u64,
    /// The remembered settings and their file.
    store: Store,
    service_url: String,
    /// Why the last service address given cannot be used.
    service_problem: Option<Problem>,
    backend: Arc<dyn Backend>,
    /// The certificate tokens (the Citizen Digital Certificate's module) the backend and the
    /// token watcher share. The demo brings its own practice certificate in its backend.
    tokens: Tokens,
    /// The request in flight; dropping the handle aborts it (the card left, the person moved on).
    in_flight: Option<(Ticket, Handle)>,
    /// Service-center kiosk mode; `None` on a personal computer.
    kiosk: Option<KioskUi>,
    /// How many sign-outs were sent to the service (tests check resets end the session).
    sign_outs: usize,
    /// Caps Lock seems to be on (password fields warn).
    caps_lock: bool,
    /// Counts the pages shown (a screen, an overlay): each new page starts scrolled to the
    /// top, because the scrollable holding it is keyed by this number.
    page: u64,
    /// Counts the updates that may change what is on screen: the first frame after each is
    /// drawn in full ([`super::repaint`]).
    updates: u64,
    /// The window's monitor, size and position (not a kiosk's).
    window: window_place::Tracker,
    /// The renderer asked for and why, and the one that draws (for diagnostics).
    renderer_decision: Option<crate::renderer::Decision>,
    renderer_running: Option<crate::renderer::Renderer>,
    /// The PKCS#11 module for the certificate token and who named it (`None`: search HiCOS's
    /// usual locations): what the backend's token source and the diagnostics load.
    pkcs11_module: (Option<PathBuf>, start::ModuleSource),
}

impl App {
    pub fn new(options: Options) -> (App, Task<Message>) {
        let flow = Flow::new();
        let screen = Screen::for_state(flow.state());
        let kiosk = options.is_kiosk();
        // Tests and `Options::default()` remember nothing; the real app reads its file. A
        // kiosk neither reads nor writes the person's settings: the machine-wide file rules.
        let mut store = if options.remember_settings && !kiosk {
            Store::open_default()
        } else {
            Store::in_memory()
        };
        let machine = options.machine.clone().unwrap_or_default();
        if kiosk {
            store.settings = start::for_kiosk(&machine);
        }
        let asked = start::Asked {
            mode: options.mode,
            service_url: options.service_url.clone(),
            text_scale: options.text_scale,
            high_contrast: options.high_contrast,
            theme: options.theme,
            pkcs11_module: options.pkcs11_module.clone(),
        };
        let defaults = start::Defaults {
            language: Language::system(),
            // A kiosk starts larger (it reads no personal settings file).
            text_scale: if kiosk { kiosk_ui::TEXT_SCALE } else { 1.0 },
        };
        let start = start::resolve(&asked, &store.settings, defaults);
        let pkcs11_module = start::pkcs11_module(&asked, &machine, &store.settings);
        let url = start.service_url;
        let theme_choice = start.theme;
        let look = Look {
            mode: start.mode,
            text_scale: start.text_scale.clamp(Look::MIN_SCALE, Look::MAX_SCALE),
            high_contrast: start.high_contrast,
        };
        let mut app = App {
            flow,
            screen,
            look,
            theme_choice,
            system_mode: Mode::None,
            now: Instant::now(),
            demo: None,
            demo_service_url: options.service_url.clone().filter(|_| options.demo),
            overlay: Overlay::None,
            diagnostics_runs: 0,
            store,
            service_url: String::new(),
            service_problem: None,
            backend: Arc::new(Unavailable(Problem::ServiceUnavailable)),
            tokens: Tokens::pkcs11(pkcs11_module.0.clone()),
            in_flight: None,
            kiosk: kiosk.then(|| KioskUi::new(Kiosk::new(machine, Instant::now()), look)),
            sign_outs: 0,
            caps_lock: false,
            page: 0,
            updates: 0,
            window: window_place::Tracker::default(),
            renderer_decision: options.renderer_decision.clone(),
            renderer_running: None,
            pkcs11_module,
        };
        app.use_service(Cards::pcsc(), &url);
        let task = if options.demo {
            app.start_demo()
        } else {
            Task::none()
        };
        // Light or dark as the system is (later changes come through the subscription).
        let system_theme = iced::system::theme().map(Message::SystemTheme);
        (app, Task::batch([system_theme, task]))
    }

    /// The flow, for tests and diagnostics.
    pub fn flow(&self) -> &Flow {
        &self.flow
    }

    pub fn mode(&self) -> DisplayMode {
        self.look.mode
    }

    /// The person's reading needs (language, text size, contrast), as the views get them.
    pub fn look(&self) -> Look {
        self.look
    }

    /// Light, dark or as the system, as chosen.
    pub fn theme_choice(&self) -> ThemeChoice {
        self.theme_choice
    }

    /// The theme: light or dark as chosen (or as the system is), high contrast or not.
    pub fn theme(&self) -> Theme {
        look::theme(
            self.look.high_contrast,
            look::dark(self.theme_choice, self.system_mode),
        )
    }

    /// The diagnostics overlay, if open (for tests).
    pub fn diagnostics(&self) -> Option<&diagnostics::Diagnostics> {
        self.overlay.diagnostics()
    }

    /// Whether the app runs as a service-center kiosk.
    pub fn is_kiosk(&self) -> bool {
        self.kiosk.is_some()
    }

    /// Sign-outs sent to the service so far (tests: a reset must end the session).
    pub fn sign_outs_requested(&self) -> usize {
        self.sign_outs
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        // The clock's messages (the tick, the code's status) usually change only the digits of
        // a countdown, in place: those frames may stay partial. Anything else, or any change
        // of what is on screen, is drawn in full ([`super::repaint`]).
        let clockwork = matches!(message, Message::Tick(_) | Message::Replied(..));
        let before = self.frame_shape();
        let task = self.handle(message);
        // After every message: should a kiosk warn, or reset?
        let reset = self.kiosk_check();
        if !clockwork || self.frame_shape() != before {
            self.updates = self.updates.wrapping_add(1);
        }
        Task::batch([task, reset])
    }

    /// What on screen a tick could change besides digits: the screen, the page, the hurry
    /// line under the countdown, a kiosk's reset warning.
    fn frame_shape(&self) -> (Kind, u64, bool, bool) {
        let hurry = self
            .flow
            .state()
            .remaining(self.now)
            .is_some_and(|left| left <= device_code::HURRY);
        let warned = self.kiosk.as_ref().is_some_and(|k| k.warning.is_some());
        (self.flow.kind(), self.page, hurry, warned)
    }

    /// Route a message to the screen, overlay or part of the app it belongs to.
    fn handle(&mut self, message: Message) -> Task<Message> {
        // The screens: what they ask for is carried out by the bridge (stale messages of a
        // screen no longer on show are dropped).
        let action = match (message, &mut self.screen) {
            (Message::Waiting(m), Screen::Waiting(s)) => s.update(m),
            (Message::Error(m), Screen::Error(s)) => s.update(m),
            (Message::CardReady(m), Screen::CardReady(s)) => s.update(m),
            (Message::Certificate(m), Screen::Certificate(s)) => s.update(m, self.flow.state()),
            (Message::Account(m), Screen::Account(s)) => s.update(m),
            (Message::SignedIn(m), Screen::SignedIn(s)) => s.update(m),
            (Message::DeviceCode(m), Screen::DeviceCode(s)) => s.update(m, self.flow.state()),
            (Message::Devices(m), Screen::Devices(s)) => s.update(m),
            (
                Message::Waiting(_)
                | Message::Error(_)
                | Message::CardReady(_)
                | Message::Certificate(_)
                | Message::Account(_)
                | Message::SignedIn(_)
                | Message::DeviceCode(_)
                | Message::Devices(_),
                _,
            ) => None,
            (message, _) => return self.handle_other(message),
        };
        self.act(action)
    }

    fn handle_other(&mut self, message: Message) -> Task<Message> {
        match message {
            // Overlays.
            Message::OpenSettings => {
                self.open(Overlay::Settings(settings::Settings::new(
                    &self.service_url,
                )));
                Task::none()
            }
            Message::Settings(m) => self.settings_message(m),
            Message::Mode(mode) => self.choose(settings::Event::Mode(mode)),
            Message::TextScaleStep(step) => {
                self.set_text_scale(self.look.stepped(step));
                Task::none()
            }
            Message::SystemTheme(mode) => {
                self.system_mode = mode;
                Task::none()
            }
            Message::OpenDiagnostics => self.run_diagnostics(),
            Message::Diagnostics(m) => self.diagnostics_message(m),
            Message::Mailbox(m) => self.mailbox_message(m),
            // The flow's inputs: the readers, the service's replies, time.
            Message::Reader(signal) => self.reader_signal(signal),
            Message::Token(signal) => self.token_signal(signal),
            Message::Replied(ticket, reply) => {
                if self.in_flight.as_ref().is_some_and(|(t, _)| *t == ticket) {
                    self.in_flight = None;
                }
                self.dispatch(Event::Reply(ticket, reply))
            }
            Message::Tick(now) => self.dispatch_at(Event::Tick, now),
            Message::DemoInsert(card) => self.demo_card(Some(card)),
            Message::DemoRemove => self.demo_card(None),
            // The person at the keyboard (and, in a kiosk, anywhere on the screen).
            Message::Key(key) => self.key_pressed(key),
            Message::CapsLockToggled => self.caps_lock_seen_as(!self.caps_lock),
            Message::CapsLock(on) => self.caps_lock_seen_as(on),
            Message::Activity | Message::KeepGoing => {
                self.activity();
                Task::none()
            }
            Message::AdminChord => self.open_admin(),
            Message::Admin(m) => self.admin(m),
            Message::CloseRequested(_) => self.close_requested(),
            Message::WindowOpened(id) => kiosk::fill_monitor(id),
            // The window.
            Message::Window(m) => self.window_message(m),
            Message::RendererSeen(renderer) => {
                if self.renderer_running != Some(renderer) {
                    tracing::info!(renderer = renderer.word(), "drawing");
                }
                self.renderer_running = Some(renderer);
                Task::none()
            }
            // Routed by `handle`.
            Message::Waiting(_)
            | Message::Error(_)
            | Message::CardReady(_)
            | Message::Certificate(_)
            | Message::Account(_)
            | Message::SignedIn(_)
            | Message::DeviceCode(_)
            | Message::Devices(_)
            | Message::Ignore => Task::none(),
        }
    }

    /// The screen on show, or the overlay over it, inside the window's chrome.
    pub fn view(&self) -> Element<'_, Message> {
        let body = self.overlay_view().unwrap_or_else(|| self.screen_view());
        self.page(body)
    }
}
