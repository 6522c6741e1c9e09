//! The root of the desktop app: holds the flow and the screen on show, turns the person's
//! clicks into flow events, the flow's effects into `Task`s, and time and keys into
//! `Subscription`s. Nothing here decides what happens next: that is the flow's job.

use std::sync::Arc;
use std::time::{Duration, Instant};

use iced::keyboard::{self, key::Named};
use iced::task::Handle;
use iced::theme::Mode;
use iced::widget::{column, container, operation, row, scrollable, space, stack};
use iced::{Center, Element, Fill, Subscription, Task, Theme, event, time, window};

use super::Options;
use super::focus;
use super::kiosk::{self as kiosk_ui, KioskUi};
use super::look::{self, Look, ThemeChoice};
use super::overlay::Overlay;
use super::screen::{self, Action, Ctx, Screen, Which};
use super::screen::{
    account, admin, card_ready, device_code, devices, diagnostics, error, mailbox, settings,
    signed_in, waiting,
};
use super::widgets;
use super::{compact, renderer_probe, window_place};
use crate::backend::{Backend, Cards, Demo, PracticeCard, Registration, Unavailable};
use crate::flow::{
    Effect, Event, Flow, Kind, Note, ReaderSignal, Reply, Secret, Stage, State, Ticket,
};
use crate::i18n::{DisplayMode, Language};
use crate::kiosk::{Attempt, Kiosk, Verdict};
use crate::problem::Problem;
use crate::service::RegistrationClient;
use crate::service::protocol::{MailKind, OutboxMessage};
use crate::settings::{Store, StoredTheme};

pub use crate::backend::DEMO_READER;

#[derive(Debug, Clone)]
pub enum Message {
    Waiting(waiting::Message),
    Error(error::Message),
    CardReady(card_ready::Message),
    Account(account::Message),
    SignedIn(signed_in::Message),
    DeviceCode(device_code::Message),
    Devices(devices::Message),
    Settings(settings::Message),
    Mailbox(mailbox::Message),
    MailboxLoaded(Result<Vec<OutboxMessage>, Problem>),
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
    /// The address being typed in settings, and why the last one given cannot be used.
    service_draft: String,
    service_problem: Option<Problem>,
    backend: Arc<dyn Backend>,
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
            store.settings.language = Some(
                machine
                    .language
                    .unwrap_or(crate::settings::StoredMode::Bilingual),
            );
            store.settings.service_url = machine.service_url.clone();
            store.settings.reader = machine.reader.clone();
        }
        let mode = options
            .mode
            .or(store.settings.language.map(DisplayMode::from))
            .unwrap_or_else(|| DisplayMode::for_language(Language::system()));
        let url = options
            .service_url
            .clone()
            .or(store.settings.service_url.clone())
            .unwrap_or_else(|| super::DEFAULT_SERVICE_URL.to_owned());
        // Reading needs: the command line, else the file, else 100 %, normal contrast, system.
        let text_scale = options
            .text_scale
            .or(store.settings.text_scale.map(|p| f32::from(p) / 100.0))
            // A kiosk starts larger (it reads no personal settings file).
            .unwrap_or(if kiosk { kiosk_ui::TEXT_SCALE } else { 1.0 })
            .clamp(Look::MIN_SCALE, Look::MAX_SCALE);
        let high_contrast = options
            .high_contrast
            .or(store.settings.high_contrast)
            .unwrap_or(false);
        let theme_choice = options
            .theme
            .or(store.settings.theme.map(|t| match t {
                StoredTheme::System => ThemeChoice::System,
                StoredTheme::Light => ThemeChoice::Light,
                StoredTheme::Dark => ThemeChoice::Dark,
            }))
            .unwrap_or_default();
        let look = Look {
            mode,
            text_scale,
            high_contrast,
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
            service_draft: String::new(),
            service_problem: None,
            backend: Arc::new(Unavailable(Problem::ServiceUnavailable)),
            in_flight: None,
            kiosk: kiosk.then(|| KioskUi::new(Kiosk::new(machine, Instant::now()), look)),
            sign_outs: 0,
            caps_lock: false,
            page: 0,
            updates: 0,
            window: window_place::Tracker::default(),
            renderer_decision: options.renderer_decision.clone(),
            renderer_running: None,
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

    /// Cards through `cards`, registration at `url`. An unusable URL does not stop the app:
    /// every request then says what is wrong with it.
    fn use_service(&mut self, cards: Cards, url: &str) {
        self.service_url = url.to_owned();
        self.service_draft = url.to_owned();
        self.backend = match RegistrationClient::new(url) {
            Ok(client) => Arc::new(Registration::new(cards, client)),
            Err(e) => {
                tracing::warn!(error = %e, "the registration service URL cannot be used");
                self.service_problem = Some(Problem::from(&e));
                Arc::new(Unavailable(Problem::from(&e)))
            }
        };
    }

    /// Remember the settings after the person changed one. A failure only costs the memory.
    fn save_settings(&mut self) {
        if let Err(e) = self.store.save() {
            tracing::warn!(error = %e, "the settings could not be saved");
        }
    }

    /// Settings: use the typed address, if it can be used, and remember it.
    fn apply_service(&mut self) {
        // Stored and shown as used: a pasted `…/api/v1` is taken back to the service root.
        let url =
            crate::service::address::normalise_service_url_from(&self.service_draft, "settings");
        match RegistrationClient::new(&url) {
            Ok(_) => {
                self.service_problem = None;
                self.use_service(Cards::pcsc(), &url);
                self.store.settings.service_url = Some(url);
                self.save_settings();
            }
            Err(e) => self.service_problem = Some(Problem::from(&e)),
        }
    }

    /// With a preferred reader attached, a card put into another reader is not read (the
    /// kiosk's second reader, say). Removals always pass, so nothing stale stays on screen.
    fn wanted(&self, signal: &ReaderSignal) -> bool {
        let ReaderSignal::CardInserted { reader, .. } = signal else {
            return true;
        };
        match &self.store.settings.reader {
            Some(chosen) if chosen != reader => !self.flow.readers().any(|r| r == chosen),
            _ => true,
        }
    }

    /// Save the QR picture off the UI thread; the screen shows where it went.
    fn save_qr(saved: super::qr::Saved) -> Task<Message> {
        Task::future(async move {
            tokio::task::spawn_blocking(move || {
                let dir = super::qr::save_dir().ok_or("no home folder")?;
                super::qr::save_png(&saved, &dir, chrono::Local::now().naive_local())
                    .map(|p| p.display().to_string())
            })
            .await
            .unwrap_or_else(|e| Err(e.to_string()))
        })
        .map(|r| Message::DeviceCode(device_code::Message::Saved(r)))
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
            self.theme_choice.is_dark(self.system_mode),
        )
    }

    fn set_text_scale(&mut self, scale: f32) {
        self.look.text_scale = scale.clamp(Look::MIN_SCALE, Look::MAX_SCALE);
        self.store.settings.text_scale = Some(self.look.percent());
        self.save_settings();
    }

    /// Switch to the demo: the demo card in an in-process reader (its monitor replaces the
    /// PC/SC one in [`App::subscription`]) and the embedded practice service.
    fn start_demo(&mut self) -> Task<Message> {
        match Demo::start(self.demo_service_url.as_deref()) {
            Ok(demo) => {
                self.service_url = demo.client().base_url().to_string();
                self.backend = Arc::new(demo.backend.clone());
                self.demo = Some(demo);
            }
            Err(e) => {
                // Stay on the real readers; the waiting screen keeps offering the demo.
                tracing::error!(error = %e, "the demo could not start");
                eprintln!("The demo could not start: {e} / 無法啟動示範模式：{e}");
            }
        }
        Task::none()
    }

    /// Put a practice card in, or take it out (`None`); the demo reader's monitor tells the
    /// flow.
    fn demo_card(&mut self, card: Option<PracticeCard>) -> Task<Message> {
        if let Some(demo) = &self.demo {
            match card {
                Some(card) => demo.insert(card),
                None => demo.reader.remove(),
            }
        }
        Task::none()
    }

    fn open_mailbox(&mut self) -> Task<Message> {
        let Some(backend) = self.demo.as_ref().map(|demo| demo.backend.clone()) else {
            return Task::none();
        };
        self.open(Overlay::Mailbox(mailbox::Mailbox::default()));
        Task::future(async move { backend.outbox().await }).map(Message::MailboxLoaded)
    }

    /// The demo mailbox's "Use this code": into the field of the screen underneath, as if
    /// typed, and the mailbox closes so the step ends on the screen that follows it.
    fn use_mail_code(&mut self, kind: MailKind, code: String) -> Task<Message> {
        self.close_overlay();
        let Screen::Account(account) = &mut self.screen else {
            return Task::none();
        };
        match (kind, self.flow.kind()) {
            (MailKind::Verification, Kind::EmailVerification) => {
                account.update(account::Message::VerificationCode(code));
                let action = account.update(account::Message::SubmitVerification);
                self.act(action)
            }
            (MailKind::PasswordReset, Kind::PasswordReset) => {
                account.update(account::Message::ResetCode(code));
                // The new password is the person's to type, on the screen itself.
                operation::focus(account::NEW_PASSWORD)
            }
            _ => Task::none(),
        }
    }

    /// The kind of mail code the screen on show waits for (the mailbox offers to use it).
    fn wanted_mail(&self) -> Option<MailKind> {
        match self.flow.state() {
            State::Card {
                stage: Stage::EmailVerification { busy: false, .. },
                ..
            } => Some(MailKind::Verification),
            State::Card {
                stage:
                    Stage::PasswordReset {
                        busy: false,
                        sent_to: Some(_),
                        ..
                    },
                ..
            } => Some(MailKind::PasswordReset),
            _ => None,
        }
    }

    /// A new page (screen or overlay): it starts at its top.
    fn new_page(&mut self) {
        self.page += 1;
    }

    /// Put `overlay` on top, in place of any other: a new page, from its top.
    fn open(&mut self, overlay: Overlay) {
        self.overlay = overlay;
        self.new_page();
    }

    /// Close the overlay on show (a kiosk's administration locks with it): the page under it
    /// shows again, from its top.
    fn close_overlay(&mut self) {
        self.open(Overlay::None);
    }

    /// What diagnostics looks at: the demo's reader and service in the demo, else PC/SC and
    /// the service in use.
    fn diagnostic_sources(&self) -> crate::diagnostics::Sources {
        match &self.demo {
            Some(demo) => {
                let reader = demo.reader.clone();
                crate::diagnostics::Sources {
                    smart_cards: Arc::new(move || Ok(reader.service())),
                    service_url: demo
                        .client()
                        .base_url()
                        .as_str()
                        .trim_end_matches('/')
                        .to_owned(),
                    probe: Default::default(),
                }
            }
            None => crate::diagnostics::Sources::pcsc(self.service_url.clone()),
        }
    }

    /// Show the diagnostics overlay ("checking…") and gather a report off the UI thread.
    fn run_diagnostics(&mut self) -> Task<Message> {
        self.diagnostics_runs += 1;
        let run = self.diagnostics_runs;
        let checking = diagnostics::Diagnostics::checking(run);
        // Checking again keeps the page where it is; from elsewhere it opens on top.
        match &mut self.overlay {
            Overlay::Diagnostics(d) => *d = checking,
            _ => self.open(Overlay::Diagnostics(checking)),
        }
        let sources = self.diagnostic_sources();
        let renderer = self.renderer_status();
        Task::future(crate::diagnostics::gather(sources)).map(move |report| {
            let report = Box::new(report.with_renderer(renderer.clone()));
            Message::Diagnostics(diagnostics::Message::Gathered(run, report))
        })
    }

    /// The renderer for diagnostics: as decided at start (tests: what auto would decide) and
    /// as seen drawing.
    fn renderer_status(&self) -> crate::diagnostics::RendererStatus {
        let decision = self.renderer_decision.clone().unwrap_or_else(|| {
            crate::renderer::decide_here(
                crate::renderer::Choice::Auto,
                crate::renderer::Source::Default,
            )
        });
        crate::diagnostics::RendererStatus::new(decision, self.renderer_running)
    }

    fn diagnostics_request(&mut self, request: diagnostics::Request) -> Task<Message> {
        match request {
            diagnostics::Request::Copy(text) => iced::clipboard::write(text),
            // A kiosk writes no files (the button is not shown there either).
            diagnostics::Request::Save(_) if self.is_kiosk() => Task::none(),
            diagnostics::Request::Save(text) => Task::future(async move {
                tokio::task::spawn_blocking(move || {
                    crate::diagnostics::save::save_report_default(&text)
                        .map(|p| p.display().to_string())
                })
                .await
                .unwrap_or_else(|e| Err(e.to_string()))
            })
            .map(|r| Message::Diagnostics(diagnostics::Message::Saved(r))),
            diagnostics::Request::CheckAgain => self.run_diagnostics(),
            diagnostics::Request::Close => {
                self.close_overlay();
                Task::none()
            }
        }
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

    fn handle(&mut self, message: Message) -> Task<Message> {
        let action = match message {
            Message::Waiting(m) => match &mut self.screen {
                Screen::Waiting(s) => s.update(m),
                _ => None,
            },
            Message::Error(m) => match &mut self.screen {
                Screen::Error(s) => s.update(m),
                _ => None,
            },
            Message::CardReady(m) => match &mut self.screen {
                Screen::CardReady(s) => s.update(m),
                _ => None,
            },
            Message::Account(m) => match &mut self.screen {
                Screen::Account(s) => s.update(m),
                _ => None,
            },
            Message::SignedIn(m) => match &mut self.screen {
                Screen::SignedIn(s) => s.update(m),
                _ => None,
            },
            Message::DeviceCode(m) => match &mut self.screen {
                Screen::DeviceCode(s) => s.update(m, self.flow.state()),
                _ => None,
            },
            Message::Devices(m) => match &mut self.screen {
                Screen::Devices(s) => s.update(m),
                _ => None,
            },
            Message::Settings(settings::Message::Mode(mode)) | Message::Mode(mode) => {
                self.look.mode = mode;
                self.store.settings.language = Some(mode.into());
                self.save_settings();
                None
            }
            Message::Settings(settings::Message::TextScale(percent)) => {
                self.set_text_scale(f32::from(percent) / 100.0);
                None
            }
            Message::TextScaleStep(step) => {
                self.set_text_scale(self.look.stepped(step));
                None
            }
            Message::Settings(settings::Message::HighContrast(on)) => {
                self.look.high_contrast = on;
                self.store.settings.high_contrast = Some(on);
                self.save_settings();
                None
            }
            Message::Settings(settings::Message::Theme(choice)) => {
                self.theme_choice = choice;
                self.store.settings.theme = Some(match choice {
                    ThemeChoice::System => StoredTheme::System,
                    ThemeChoice::Light => StoredTheme::Light,
                    ThemeChoice::Dark => StoredTheme::Dark,
                });
                self.save_settings();
                None
            }
            Message::SystemTheme(mode) => {
                self.system_mode = mode;
                None
            }
            Message::Settings(settings::Message::ServiceInput(url)) => {
                self.service_draft = url;
                None
            }
            Message::Settings(settings::Message::ServiceApply) => {
                self.apply_service();
                None
            }
            Message::Settings(settings::Message::Reader(reader)) => {
                self.store.settings.reader = reader;
                self.save_settings();
                None
            }
            // A kiosk's settings close with the administration (one overlay).
            Message::Settings(settings::Message::Close) => {
                self.close_overlay();
                None
            }
            Message::Mailbox(mailbox::Message::Close) => {
                self.close_overlay();
                None
            }
            Message::Mailbox(mailbox::Message::Use(kind, code)) => {
                return self.use_mail_code(kind, code);
            }
            Message::Mailbox(mailbox::Message::Copy(id, code)) => {
                if let Some(m) = self.overlay.mailbox_mut() {
                    m.copied = Some(id);
                }
                Some(Action::CopyText(code))
            }
            Message::MailboxLoaded(mails) => {
                if let Some(m) = self.overlay.mailbox_mut() {
                    m.mails = Some(mails);
                }
                None
            }
            Message::OpenSettings => {
                self.open(Overlay::Settings);
                None
            }
            Message::OpenDiagnostics => return self.run_diagnostics(),
            Message::Diagnostics(m) => {
                let request = match &mut self.overlay {
                    Overlay::Diagnostics(d) => d.update(m),
                    _ => None,
                };
                return match request {
                    Some(request) => self.diagnostics_request(request),
                    None => Task::none(),
                };
            }
            Message::Reader(signal) if !self.wanted(&signal) => None,
            Message::Reader(signal) if self.kiosk.is_some() => {
                self.card_left_in_seen(&signal);
                return self.dispatch(Event::Reader(signal));
            }
            Message::Reader(signal) => return self.dispatch(Event::Reader(signal)),
            Message::Replied(ticket, reply) => {
                if self.in_flight.as_ref().is_some_and(|(t, _)| *t == ticket) {
                    self.in_flight = None;
                }
                return self.dispatch(Event::Reply(ticket, reply));
            }
            Message::Tick(now) => return self.dispatch_at(Event::Tick, now),
            Message::Key(key) => {
                // In a kiosk, Enter while the reset is announced means "keep going", not the
                // screen's main step (which could start something the person did not ask for).
                let warned = self.kiosk.as_ref().is_some_and(|k| k.warning.is_some());
                self.activity();
                if warned && key == Key::Enter {
                    return Task::none();
                }
                return self.key(key);
            }
            Message::DemoInsert(card) => return self.demo_card(Some(card)),
            Message::DemoRemove => return self.demo_card(None),
            Message::CapsLockToggled => {
                self.caps_lock = !self.caps_lock;
                self.activity();
                None
            }
            Message::CapsLock(on) => {
                self.caps_lock = on;
                // A key press: the person is there.
                self.activity();
                None
            }
            Message::Activity | Message::KeepGoing => {
                self.activity();
                None
            }
            Message::AdminChord => return self.open_admin(),
            Message::Admin(m) => return self.admin(m),
            Message::WindowOpened(id) => return fill_monitor(id),
            Message::Window(m) => {
                let saved = self.store.settings.window;
                return match self.window.update(m, saved.as_ref()) {
                    window_place::Outcome::Task(task) => task.map(Message::Window),
                    window_place::Outcome::SaveAndExit(geometry) => {
                        if geometry.is_some() && geometry != saved {
                            self.store.settings.window = geometry;
                            self.save_settings();
                        }
                        iced::exit()
                    }
                };
            }
            Message::RendererSeen(renderer) => {
                if self.renderer_running != Some(renderer) {
                    tracing::info!(renderer = renderer.word(), "drawing");
                }
                self.renderer_running = Some(renderer);
                None
            }
            Message::CloseRequested(_) => {
                if self.kiosk.is_some() && matches!(self.overlay, Overlay::Admin) {
                    return iced::exit();
                }
                tracing::info!("kiosk: window close refused (not unlocked by the administrator)");
                None
            }
            Message::Ignore => None,
        };
        self.act(action)
    }

    /// Carry out what a screen asked for.
    fn act(&mut self, action: Option<Action>) -> Task<Message> {
        match action {
            // A kiosk never lets a code leave the screen (the buttons are not shown either).
            Some(Action::Copy(_) | Action::SaveQr(_) | Action::CopyText(_))
                if self.kiosk.is_some() =>
            {
                Task::none()
            }
            Some(Action::Flow(event)) => self.dispatch(event),
            Some(Action::Copy(code) | Action::CopyText(code)) => iced::clipboard::write(code),
            Some(Action::TryDemo) => self.start_demo(),
            Some(Action::OpenMailbox) => self.open_mailbox(),
            Some(Action::SaveQr(saved)) => App::save_qr(saved),
            Some(Action::OpenDiagnostics) => self.run_diagnostics(),
            None => Task::none(),
        }
    }

    /// The time now: the latest the app has seen (ticks in tests carry simulated time).
    fn clock(&mut self) -> Instant {
        self.now = self.now.max(Instant::now());
        self.now
    }

    /// Kiosk: the person is still there.
    fn activity(&mut self) {
        let now = self.clock();
        if let Some(k) = &mut self.kiosk {
            k.policy.activity(now);
        }
    }

    /// Kiosk: something to protect is on show (a card's session, or the administration).
    fn guarding(&self) -> bool {
        matches!(self.flow.state(), State::Card { .. }) || self.overlay.is_admin()
    }

    /// Kiosk: warn, or reset, as the policy says.
    fn kiosk_check(&mut self) -> Task<Message> {
        if self.kiosk.is_none() {
            return Task::none();
        }
        let guarding = self.guarding();
        let result = matches!(self.flow.kind(), Kind::Verified | Kind::Expired);
        let now = self.clock();
        let Some(k) = &mut self.kiosk else {
            return Task::none();
        };
        match k.policy.check(now, guarding, result) {
            Verdict::Quiet => k.warning = None,
            Verdict::Warn(seconds) => k.warning = Some(seconds),
            Verdict::Reset => return self.kiosk_reset(now),
        }
        Task::none()
    }

    /// Kiosk: start over for the next person. The flow signs out and drops the session; the
    /// screens, the typed text, the administration and the visitor's language go with it.
    fn kiosk_reset(&mut self, now: Instant) -> Task<Message> {
        let left_in = self.flow.state().reader().map(str::to_owned);
        // Every overlay closes, the administration with it (it locks).
        self.close_overlay();
        let task = self.dispatch_at(Event::Reset, now);
        if let Some(k) = &mut self.kiosk {
            k.warning = None;
            k.card_left_in = left_in;
            k.policy.restart(now);
            self.look = k.home;
        }
        // Nothing personal here: only that it happened.
        tracing::info!("kiosk: the screen was reset for the next person");
        task
    }

    /// Kiosk: the card left in at the last reset was taken out (or things moved on).
    fn card_left_in_seen(&mut self, signal: &ReaderSignal) {
        let Some(k) = &mut self.kiosk else { return };
        let Some(left) = &k.card_left_in else { return };
        let gone = match signal {
            ReaderSignal::CardRemoved { reader } | ReaderSignal::ReaderRemoved { reader } => {
                reader == left
            }
            ReaderSignal::CardInserted { .. }
            | ReaderSignal::CardSwapped { .. }
            | ReaderSignal::ServiceDown => true,
            ReaderSignal::ReaderAdded { .. } | ReaderSignal::ServiceUp => false,
        };
        if gone {
            k.card_left_in = None;
        }
    }

    /// Kiosk: the administrator chord opens the PIN prompt (nothing happens elsewhere).
    fn open_admin(&mut self) -> Task<Message> {
        if self.kiosk.is_none() {
            return Task::none();
        }
        // Over whatever else is open (it gives way); the administration stays as it is.
        if !self.overlay.is_admin() {
            self.open(Overlay::AdminPrompt(admin::Prompt::default()));
        }
        operation::focus(admin::PIN)
    }

    fn admin(&mut self, message: admin::Message) -> Task<Message> {
        let now = self.clock();
        let Some(k) = &mut self.kiosk else {
            return Task::none();
        };
        match (message, &mut self.overlay) {
            (admin::Message::Pin(pin), Overlay::AdminPrompt(p)) => p.pin = Secret::new(pin),
            (admin::Message::Submit, Overlay::AdminPrompt(p)) => {
                // Argon2 takes tens of milliseconds: acceptable once per submit, and it keeps
                // the outcome in step with the screen.
                let pin = std::mem::take(&mut p.pin);
                let hash = k.policy.config.admin_pin_hash.as_deref();
                match k.policy.gate.attempt(hash, pin.expose(), now) {
                    Attempt::Accepted => {
                        tracing::info!("kiosk: administrator unlocked");
                        self.open(Overlay::Admin);
                    }
                    outcome => {
                        tracing::info!("kiosk: administrator PIN refused");
                        p.outcome = Some(outcome);
                        return operation::focus(admin::PIN);
                    }
                }
            }
            (admin::Message::Cancel | admin::Message::Lock, overlay) if overlay.is_admin() => {
                self.close_overlay();
            }
            (admin::Message::Exit, Overlay::Admin) => return iced::exit(),
            _ => {}
        }
        Task::none()
    }

    fn key(&mut self, key: Key) -> Task<Message> {
        match key {
            Key::Tab => operation::focus_next(),
            Key::ShiftTab => operation::focus_previous(),
            Key::Escape => {
                // The overlay on show, whichever it is (the view draws the same one).
                if self.overlay.is_open() {
                    self.close_overlay();
                    return Task::none();
                }
                if let Screen::CardReady(s) = &mut self.screen {
                    s.update(card_ready::Message::Escape);
                }
                self.dispatch(Event::Back)
            }
            // Enter outside a text field: the screen's main step, so the keyboard alone suffices.
            Key::Enter => {
                if self.overlay.is_open() {
                    return Task::none();
                }
                let event = match self.flow.kind() {
                    Kind::SignedIn | Kind::Expired | Kind::Verified => Event::GenerateCode,
                    Kind::ReadFailed | Kind::Failed => Event::Retry,
                    _ => return Task::none(),
                };
                self.dispatch(event)
            }
        }
    }

    fn dispatch(&mut self, event: Event) -> Task<Message> {
        let now = Instant::now().max(self.now);
        self.dispatch_at(event, now)
    }

    fn dispatch_at(&mut self, event: Event, now: Instant) -> Task<Message> {
        self.now = now;
        let before = self.flow.kind();
        let farewell = match self.flow.state() {
            State::Card { session, .. } if session.is_signed_in() => {
                Some(waiting::Farewell::SignedOut)
            }
            State::Card { .. } => Some(waiting::Farewell::Cleared),
            _ => None,
        };
        let sending_reset_mail = matches!(
            self.flow.state(),
            State::Card {
                stage: Stage::PasswordReset { busy: true, .. },
                ..
            }
        );
        let effects = self.flow.handle(event, now);
        self.demo_progress(before);
        let focus = if sending_reset_mail && self.reset_mail_just_sent() {
            // The reset mail went out: its code is what the screen waits for now.
            let _ = self.sync_screen(before);
            operation::focus(account::RESET_CODE)
        } else {
            self.sync_screen(before)
        };
        // The card left (or a kiosk reset): the waiting screen says what became of the session.
        if let (Some(farewell), Screen::Waiting(w)) = (farewell, &mut self.screen)
            && !self.flow.state().holds_personal_data()
        {
            w.farewell = Some(farewell);
        }
        Task::batch([focus, self.execute(effects)])
    }

    /// Demo: a password the person chose (an application sent, a reset done) replaces the
    /// practice password in the card-ready hint.
    fn demo_progress(&mut self, before: Kind) {
        let Some(demo) = &mut self.demo else { return };
        let chosen = match self.flow.state() {
            State::Card {
                stage:
                    Stage::CardReady {
                        note: Some(Note::PasswordChanged),
                        ..
                    },
                ..
            } => before == Kind::PasswordReset,
            State::Card {
                stage: Stage::EmailVerification { .. },
                ..
            } => before == Kind::FirstTimeApplication,
            _ => false,
        };
        if chosen {
            demo.password_chosen();
        }
    }

    /// Show the screen for the flow's state. A new screen starts empty, so whatever was typed
    /// on the old one (a password) is dropped with it.
    fn sync_screen(&mut self, before: Kind) -> Task<Message> {
        let kind = self.flow.kind();
        let new_code = kind == Kind::DeviceCodeShown && before != Kind::DeviceCodeShown;
        let changed = screen::which(kind) != self.screen.which() || new_code;
        if changed {
            self.screen = Screen::for_state(self.flow.state());
            self.new_page();
        }
        if before == Kind::SigningIn
            && kind == Kind::CardReady
            && let Screen::CardReady(s) = &mut self.screen
        {
            s.sign_in_answered(self.flow.state());
        }
        if screen::which(kind) == Which::CardReady && kind != before && kind == Kind::CardReady {
            return operation::focus(card_ready::PASSWORD);
        }
        // The mail's code is what the verification step waits for; a form starts at its
        // first field.
        if kind == Kind::EmailVerification && before != Kind::EmailVerification {
            return operation::focus(account::VERIFICATION_CODE);
        }
        if kind == Kind::FirstTimeApplication && before != Kind::FirstTimeApplication {
            return operation::focus(account::APPLY_PASSWORD);
        }

        // A new screen starts with no focus (Tab begins at the top), so a ring never lands on
        // whatever control of the new screen happens to sit where the pressed one was.
        if changed {
            return iced::advanced::widget::operate(
                iced::advanced::widget::operation::focusable::unfocus(),
            );
        }
        Task::none()
    }

    /// The reset screen, idle, with a mail sent and nothing wrong.
    fn reset_mail_just_sent(&self) -> bool {
        matches!(
            self.flow.state(),
            State::Card {
                stage: Stage::PasswordReset {
                    busy: false,
                    sent_to: Some(_),
                    problem: None,
                },
                ..
            }
        )
    }

    fn execute(&mut self, effects: Vec<Effect>) -> Task<Message> {
        let mut tasks = Vec::new();
        for effect in effects {
            if matches!(effect, Effect::SignOut { .. }) {
                self.sign_outs += 1;
            }
            if let Effect::Cancel(ticket) = effect {
                if self.in_flight.as_ref().is_some_and(|(t, _)| *t == ticket) {
                    // Dropping the handle aborts the task.
                    self.in_flight = None;
                }
                continue;
            }
            let ticket = effect.ticket();
            let future = self.backend.perform(effect);
            match ticket {
                Some(ticket) => {
                    let (task, handle) = Task::future(future)
                        .map(move |reply| match reply {
                            Some(reply) => Message::Replied(ticket, reply),
                            None => Message::Ignore,
                        })
                        .abortable();
                    self.in_flight = Some((ticket, handle.abort_on_drop()));
                    tasks.push(task);
                }
                // Fire and forget (sign-out): it must finish even as the screen changes.
                None => tasks.push(Task::future(future).map(|_| Message::Ignore)),
            }
        }
        Task::batch(tasks)
    }

    pub fn subscription(&self) -> Subscription<Message> {
        // A kiosk also hears every click and touch (activity); a personal PC only its keys.
        let keys = if self.kiosk.is_some() {
            event::listen_with(|event, status, window| {
                keys(&event, status, window).or(match event {
                    iced::Event::Keyboard(keyboard::Event::KeyPressed { .. })
                    | iced::Event::Mouse(iced::mouse::Event::ButtonPressed(_))
                    | iced::Event::Mouse(iced::mouse::Event::WheelScrolled { .. })
                    | iced::Event::Touch(iced::touch::Event::FingerPressed { .. }) => {
                        Some(Message::Activity)
                    }
                    _ => None,
                })
            })
        } else {
            event::listen_with(|event, status, window| keys(&event, status, window))
        };
        // One tick a second, only while a countdown is on screen or, in a kiosk, while there is
        // something to protect: idle CPU stays near zero while waiting for a card.
        let tick = if self.flow.kind() == Kind::DeviceCodeShown
            || (self.kiosk.is_some() && self.guarding())
        {
            time::every(Duration::from_secs(1)).map(Message::Tick)
        } else {
            Subscription::none()
        };
        let close = if self.kiosk.is_some() {
            Subscription::batch([
                window::close_requests().map(Message::CloseRequested),
                window::open_events().map(Message::WindowOpened),
                // Its size decides the compact layout (a kiosk on a small monitor).
                window::resize_events()
                    .map(|(_, size)| Message::Window(window_place::Message::Resized(size))),
            ])
        } else {
            window_place::subscription().map(Message::Window)
        };
        // The real readers, unless the demo's reader stands in for them.
        let readers = match &self.demo {
            Some(demo) => {
                Subscription::run_with(demo.reader.clone(), super::hardware::demo_signals)
                    .map(Message::Reader)
            }
            None => Subscription::run(super::hardware::pcsc_signals).map(Message::Reader),
        };
        let system_theme = iced::system::theme_changes().map(Message::SystemTheme);
        Subscription::batch([keys, tick, close, readers, system_theme])
    }

    /// The keys the app acts on itself, given whether a widget already handled the key (a
    /// focused button presses itself on Enter; Tab is `focus::scope`'s).
    pub fn shortcut(event: &keyboard::Event, status: event::Status) -> Option<Message> {
        let keyboard::Event::KeyPressed { key, modifiers, .. } = event else {
            return None;
        };
        // Ctrl (Cmd on macOS) + / − / 0: text size, from anywhere, even inside a field.
        if modifiers.command()
            && !modifiers.alt()
            && let keyboard::Key::Character(c) = key
        {
            match c.as_str() {
                "+" | "=" => return Some(Message::TextScaleStep(1)),
                "-" | "_" => return Some(Message::TextScaleStep(-1)),
                "0" => return Some(Message::TextScaleStep(0)),
                _ => {}
            }
        }
        match key {
            // Esc always goes back, even from inside the password field.
            keyboard::Key::Named(Named::Escape) => Some(Message::Key(Key::Escape)),
            // Enter that no field or focused button took: the screen's main step.
            keyboard::Key::Named(Named::Enter) if status == event::Status::Ignored => {
                Some(Message::Key(Key::Enter))
            }
            _ => None,
        }
    }

    /// Whether Caps Lock is on, as a typed letter shows it: a capital without Shift (or a
    /// small letter with it). The windowing library reports no lock state, so the letters
    /// are the evidence; other keys say nothing.
    pub fn caps_lock_seen(event: &keyboard::Event) -> Option<bool> {
        let keyboard::Event::KeyPressed {
            modified_key,
            text,
            modifiers,
            ..
        } = event
        else {
            return None;
        };
        if modifiers.control() || modifiers.alt() || modifiers.logo() {
            return None;
        }
        let typed = text.as_deref().or(match modified_key {
            keyboard::Key::Character(c) => Some(c.as_str()),
            _ => None,
        })?;
        let mut chars = typed.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return None;
        };
        // Letters with two cases only (not digits, not CJK).
        if c.to_lowercase().eq(c.to_uppercase()) {
            return None;
        }
        Some(c.is_uppercase() != modifiers.shift())
    }

    pub fn view(&self) -> Element<'_, Message> {
        let ctx = Ctx {
            look: self.look,
            state: self.flow.state(),
            now: self.now,
            demo: self.demo.is_some(),
            kiosk: self.kiosk.is_some(),
            card_left_in: self
                .kiosk
                .as_ref()
                .is_some_and(|k| k.card_left_in.is_some()),
            caps_lock: self.caps_lock,
            demo_password: self.demo.as_ref().and_then(Demo::password_hint),
            window: self.window_size(),
            compact: self.compact(),
        };
        let body: Element<'_, Message> = match &self.overlay {
            Overlay::AdminPrompt(p) => {
                let configured = self
                    .kiosk
                    .as_ref()
                    .is_some_and(|k| k.policy.config.admin_pin_hash.is_some());
                admin::prompt(self.look, p, configured).map(Message::Admin)
            }
            Overlay::Mailbox(m) => {
                let offer = mailbox::Offer {
                    usable: self.wanted_mail(),
                    copy: self.kiosk.is_none(),
                };
                mailbox::view(self.look, m, offer).map(Message::Mailbox)
            }
            Overlay::Diagnostics(d) => d.view(self.look, self.is_kiosk()).map(Message::Diagnostics),
            Overlay::Settings => self.settings_view(),
            Overlay::Admin => column![
                admin::unlocked_bar(self.look).map(Message::Admin),
                self.settings_view()
            ]
            .spacing(24)
            .into(),
            Overlay::None => match &self.screen {
                Screen::Waiting(s) => s.view(ctx).map(Message::Waiting),
                Screen::Error(s) => s.view(ctx).map(Message::Error),
                Screen::CardReady(s) => s.view(ctx).map(Message::CardReady),
                Screen::Account(s) => s.view(ctx).map(Message::Account),
                Screen::SignedIn(s) => s.view(ctx).map(Message::SignedIn),
                Screen::DeviceCode(s) => s.view(ctx).map(Message::DeviceCode),
                Screen::Devices(s) => s.view(ctx).map(Message::Devices),
            },
        };
        let look = self.look;
        // A kiosk's screen is wide and seen from a step away: its page may use more of it.
        let max_width = match (self.kiosk.is_some(), look.large()) {
            (true, _) => f32::INFINITY,
            (false, true) => 1216.0,
            (false, false) => 1100.0,
        };
        // Large text, a kiosk, a short window: a thin margin above and below, the window's
        // height goes to the page.
        let vertical = if ctx.compact {
            14.0
        } else if look.large() || self.kiosk.is_some() {
            16.0
        } else {
            look.pad(28.0)
        };
        let body = container(container(body).max_width(max_width))
            .center_x(Fill)
            .padding([vertical, 32.0]);
        // Large text: the footer's notes would take a quarter of the window; they scroll with
        // the page instead, under it.
        // Its state kept per page: a new screen or overlay starts at its top (one scroll state
        // shared by every page carried the last page's position over: settings opened below
        // their title, the code screen came back scrolled away from its QR).
        let page = if look.large() {
            column![
                self.header(),
                scrolled(self.page, column![body, self.footer()].into())
            ]
        } else {
            column![
                self.header(),
                scrolled(self.page, body.into()),
                self.footer()
            ]
        };
        // Kiosk: the reset warning lies over the header, so nothing under it moves (a phone
        // may be scanning the QR just then).
        // Zero-sized: tells which renderer draws, once.
        let page = page.push(renderer_probe::probe(Message::RendererSeen));
        let view = match self.kiosk.as_ref().and_then(|k| k.warning) {
            Some(seconds) => focus::scope(stack![page, kiosk_ui::warning_banner(look, seconds)]),
            None => focus::scope(page),
        };
        // The first frame after each update is drawn in full (tiny-skia's partial redraw left
        // fragments of earlier frames' glyphs); ticks, hovers and the text cursor stay partial.
        super::repaint::repaint(self.updates, view)
    }

    fn settings_view(&self) -> Element<'_, Message> {
        settings::view(settings::View {
            look: self.look,
            service_draft: if self.demo.is_some() {
                &self.service_url
            } else {
                &self.service_draft
            },
            service_problem: self.service_problem.as_ref(),
            demo: self.demo.is_some(),
            readers: self.flow.readers().map(str::to_owned).collect(),
            chosen_reader: self.store.settings.reader.as_deref(),
            theme: self.theme_choice,
        })
        .map(Message::Settings)
    }

    /// The window's size as last reported (before any report, the size it was opened at).
    fn window_size(&self) -> iced::Size {
        self.window.size().unwrap_or(window_place::settings().size)
    }

    /// A short window at 100 % text: the compact layout (`ui::compact`).
    fn compact(&self) -> bool {
        compact::is_compact(self.look, self.window.size().map(|s| s.height))
    }

    fn header(&self) -> Element<'_, Message> {
        let look = self.look;
        // Compact and bilingual: each line's languages side by side, not stacked.
        let side_by_side = compact::header_side_by_side(look, self.window.size());
        // The name and the demo badge are labels, not steps: at large text sizes they grow
        // only to 125 %, so the header stays one band and leaves the window to the page.
        let label_look = Look {
            text_scale: look.text_scale.min(1.25),
            ..look
        };
        let line = move |size: f32, id: &'static str| -> Element<'_, Message> {
            if side_by_side {
                compact::side_by_side(label_look, size, move |l| widgets::tr(l, id)).into()
            } else {
                widgets::lines(label_look, size, move |l| widgets::tr(l, id)).into()
            }
        };
        // The demo badge beside the name, not under it: the header stays one band (at large
        // sizes the controls need that room: under it).
        let name = line(26.0, "app-name");
        let badge = self.demo.is_some().then(|| line(16.0, "ui-demo-badge"));
        let left: Element<'_, Message> = if look.large() {
            column![name].push(badge).into()
        } else {
            row![name]
                .push(badge)
                .spacing(label_look.pad(24.0))
                .align_y(Center)
                .into()
        };
        // The header's controls grow to 150 %: large enough to read and hit, small enough to
        // sit beside the name in one row.
        let look = Look {
            text_scale: look.text_scale.min(1.5),
            ..look
        };
        let settings_button = focus::button(widgets::label_lines(look, 18.0, |l| {
            widgets::tr(l, "ui-settings")
        }))
        .padding([look.pad(6.0), look.pad(14.0)])
        .style(move |theme, status| widgets::secondary_style(theme, status, look))
        .on_press(Message::OpenSettings);
        let controls = row![settings::language_switch(look, Message::Mode)]
            // A kiosk's settings open only with the administrator chord and PIN.
            .push(self.kiosk.is_none().then_some(settings_button))
            .spacing(look.pad(16.0))
            .align_y(Center);
        // One band at every text size: the name (at most 125 %) and the controls (at most
        // 150 %) fit side by side even at 200 %, leaving the window to the page.
        let bar = row![left, space().width(Fill), controls]
            .spacing(16)
            .align_y(Center);
        container(bar)
            .width(Fill)
            .padding([label_look.pad(12.0), 24.0])
            .style(|theme: &Theme| {
                container::Style::default()
                    .background(theme.extended_palette().background.weak.color)
            })
            .into()
    }

    fn footer(&self) -> Element<'_, Message> {
        let look = self.look;
        let privacy = widgets::lines(look, 16.0, |l| widgets::tr(l, "ui-privacy"));
        let hotline = widgets::lines(look, 16.0, |l| widgets::tr(l, "help-hotline"));
        // A kiosk's wide screen: the two notes side by side, one band less of footer for
        // the page (its QR is large).
        let notes: Element<'_, Message> = if self.kiosk.is_some() && !look.large() {
            row![privacy, hotline].spacing(look.pad(48.0)).into()
        } else {
            column![privacy, hotline].spacing(look.pad(4.0)).into()
        };
        // The footer's buttons: the footer's size, outlined.
        let small = |id: &'static str, message: Message| -> Element<'_, Message> {
            focus::button(widgets::label_lines(look, 18.0, move |l| {
                widgets::tr(l, id)
            }))
            .padding([look.pad(6.0), look.pad(14.0)])
            .style(move |theme, status| widgets::secondary_style(theme, status, look))
            .on_press(message)
            .into()
        };
        // Demo: take the practice card out, or choose which one to put in.
        let demo_buttons = self.demo.as_ref().map(|demo| {
            let buttons: Vec<Element<'_, Message>> = if demo.reader.has_card() {
                vec![small("ui-demo-remove", Message::DemoRemove)]
            } else {
                // 王小明's card rightmost, where "take out" was: one spot takes it out and
                // puts it back.
                PracticeCard::ALL
                    .into_iter()
                    .rev()
                    .map(|card| {
                        let id = match card {
                            PracticeCard::Registered => "demo-insert-registered",
                            PracticeCard::New => "demo-insert-new",
                        };
                        small(id, Message::DemoInsert(card))
                    })
                    .collect()
            };
            row(buttons).spacing(look.pad(12.0)).wrap()
        });
        let diagnostics = small("diag-open", Message::OpenDiagnostics);
        let buttons = row![diagnostics]
            .push(demo_buttons)
            .spacing(look.pad(12.0))
            .align_y(Center);
        // Large text: the buttons beside long notes would squeeze them; put them above.
        let bar: Element<'_, Message> = if look.large() {
            column![buttons, notes].spacing(look.pad(6.0)).into()
        } else {
            row![notes, space().width(Fill), buttons]
                .spacing(12)
                .align_y(Center)
                .into()
        };
        container(bar)
            .width(Fill)
            .padding([look.pad(10.0), 24.0])
            .style(|theme: &Theme| {
                container::Style::default()
                    .background(theme.extended_palette().background.weak.color)
            })
            .into()
    }
}

/// The administrator chord, then the keys the app acts on itself ([`App::shortcut`]).
fn keys(event: &iced::Event, status: event::Status, _window: window::Id) -> Option<Message> {
    let iced::Event::Keyboard(keyboard_event) = event else {
        return None;
    };
    let keyboard::Event::KeyPressed {
        key,
        modifiers,
        physical_key,
        ..
    } = keyboard_event
    else {
        return None;
    };
    // Ctrl+Alt+Shift+A: by the physical key too, since Ctrl+Alt changes the character on some
    // layouts. Harmless outside a kiosk (ignored there).
    let a = matches!(key.as_ref(), keyboard::Key::Character(c) if c.eq_ignore_ascii_case("a"))
        || *physical_key == keyboard::key::Physical::Code(keyboard::key::Code::KeyA);
    if a && modifiers.control() && modifiers.alt() && modifiers.shift() {
        return Some(Message::AdminChord);
    }
    if *key == keyboard::Key::Named(Named::CapsLock) {
        return Some(Message::CapsLockToggled);
    }
    if let Some(on) = App::caps_lock_seen(keyboard_event) {
        return Some(Message::CapsLock(on));
    }
    App::shortcut(keyboard_event, status)
}

/// The page's scrollable, its state kept only while the page number `page` stays: each new
/// page starts at its top.
fn scrolled(page: u64, content: Element<'_, Message>) -> Element<'_, Message> {
    super::fresh::fresh(page, scrollable(content).height(Fill))
}

/// A kiosk's window covers its whole monitor. `fullscreen` asks the window manager for that;
/// a kiosk session without one (X started with just this app) ignores the request, so the
/// window is also moved to the corner and sized to the monitor.
fn fill_monitor(id: window::Id) -> Task<Message> {
    window::monitor_size(id).and_then(move |size| {
        Task::batch([
            window::move_to(id, iced::Point::ORIGIN),
            window::resize(id, size),
        ])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use iced::keyboard::key::{Code, Physical};
    use iced::keyboard::{Key as K, Location, Modifiers};

    fn press(key: K, physical: Physical, modifiers: Modifiers) -> iced::Event {
        iced::Event::Keyboard(keyboard::Event::KeyPressed {
            key: key.clone(),
            modified_key: key,
            physical_key: physical,
            location: Location::Standard,
            modifiers,
            text: None,
            repeat: false,
        })
    }

    fn message(event: iced::Event) -> Option<Message> {
        keys(&event, event::Status::Ignored, window::Id::unique())
    }

    #[test]
    fn ctrl_alt_shift_a_is_the_administrator_chord() {
        let all = Modifiers::CTRL | Modifiers::ALT | Modifiers::SHIFT;
        let a = Physical::Code(Code::KeyA);
        assert!(matches!(
            message(press(K::Character("A".into()), a, all)),
            Some(Message::AdminChord)
        ));
        // Ctrl+Alt changes the character on some layouts: the physical key still counts.
        assert!(matches!(
            message(press(K::Character("æ".into()), a, all)),
            Some(Message::AdminChord)
        ));
        // Not without all three modifiers, and not on another key.
        for modifiers in [Modifiers::CTRL | Modifiers::ALT, Modifiers::SHIFT] {
            assert!(!matches!(
                message(press(K::Character("a".into()), a, modifiers)),
                Some(Message::AdminChord)
            ));
        }
        let b = Physical::Code(Code::KeyB);
        assert!(!matches!(
            message(press(K::Character("b".into()), b, all)),
            Some(Message::AdminChord)
        ));
    }

    fn typed(text: &str, modifiers: Modifiers) -> keyboard::Event {
        keyboard::Event::KeyPressed {
            key: K::Character(text.to_lowercase().into()),
            modified_key: K::Character(text.into()),
            physical_key: Physical::Code(Code::KeyA),
            location: Location::Standard,
            modifiers,
            text: Some(text.into()),
            repeat: false,
        }
    }

    #[test]
    fn caps_lock_shows_in_the_letters_typed() {
        assert_eq!(
            App::caps_lock_seen(&typed("A", Modifiers::empty())),
            Some(true)
        );
        assert_eq!(
            App::caps_lock_seen(&typed("a", Modifiers::SHIFT)),
            Some(true)
        );
        assert_eq!(
            App::caps_lock_seen(&typed("a", Modifiers::empty())),
            Some(false)
        );
        assert_eq!(
            App::caps_lock_seen(&typed("A", Modifiers::SHIFT)),
            Some(false)
        );
        // Digits, CJK and shortcuts say nothing.
        assert_eq!(App::caps_lock_seen(&typed("7", Modifiers::empty())), None);
        assert_eq!(App::caps_lock_seen(&typed("健", Modifiers::empty())), None);
        assert_eq!(App::caps_lock_seen(&typed("A", Modifiers::CTRL)), None);
        // And the subscription turns them into the message; the key itself flips the state.
        let event = iced::Event::Keyboard(typed("Q", Modifiers::empty()));
        assert!(matches!(message(event), Some(Message::CapsLock(true))));
        let caps = press(
            K::Named(Named::CapsLock),
            Physical::Code(Code::CapsLock),
            Modifiers::empty(),
        );
        assert!(matches!(message(caps), Some(Message::CapsLockToggled)));
    }

    #[test]
    fn the_other_keys_go_to_the_shortcuts() {
        let esc = press(
            K::Named(Named::Escape),
            Physical::Code(Code::Escape),
            Modifiers::empty(),
        );
        assert!(matches!(message(esc), Some(Message::Key(Key::Escape))));
        let plus = press(
            K::Character("+".into()),
            Physical::Code(Code::Equal),
            Modifiers::CTRL,
        );
        assert!(matches!(message(plus), Some(Message::TextScaleStep(1))));
    }
}
