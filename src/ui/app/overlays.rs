//! The overlays ([`Overlay`]): opening one in place of another, closing the one on show,
//! and the two with work behind them: diagnostics (gathered off the UI thread, copied, saved)
//! and settings (each choice remembered).

use std::sync::Arc;

use iced::widget::column;
use iced::{Element, Task};

use super::{App, Message};
use crate::backend;
use crate::backend::{Cards, Unavailable};
use crate::ui::look::Look;
use crate::ui::overlay::Overlay;
use crate::ui::screen::{admin, diagnostics, mailbox, settings};

impl App {
    /// The overlay on show, if any (the one Esc closes).
    pub(super) fn overlay_view(&self) -> Option<Element<'_, Message>> {
        Some(match &self.overlay {
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
            Overlay::Settings(s) => self.settings_view(s),
            Overlay::Admin(s) => column![
                admin::unlocked_bar(self.look).map(Message::Admin),
                self.settings_view(s)
            ]
            .spacing(24)
            .into(),
            Overlay::None => return None,
        })
    }

    /// A new page (screen or overlay): it starts at its top.
    pub(super) fn new_page(&mut self) {
        self.page += 1;
    }

    /// Put `overlay` on top, in place of any other: a new page, from its top.
    pub(super) fn open(&mut self, overlay: Overlay) {
        self.overlay = overlay;
        self.new_page();
    }

    /// Close the overlay on show (a kiosk's administration locks with it): the page under it
    /// shows again, from its top.
    pub(super) fn close_overlay(&mut self) {
        self.open(Overlay::None);
    }

    /// What diagnostics looks at: the demo's reader and service in the demo, else PC/SC and
    /// the service in use.
    pub(super) fn diagnostic_sources(&self) -> crate::diagnostics::Sources {
        match &self.demo {
            Some(demo) => demo.diagnostic_sources(),
            None => crate::diagnostics::Sources::pcsc(self.service_url.clone())
                .with_module(self.pkcs11_module.clone()),
        }
    }

    /// Show the diagnostics overlay ("checking…") and gather a report off the UI thread.
    pub(super) fn run_diagnostics(&mut self) -> Task<Message> {
        self.diagnostics_runs += 1;
        let run = self.diagnostics_runs;
        let checking = diagnostics::Diagnostics::checking(run);
        // Checking again keeps the page where it is; from elsewhere it opens on top.
        match &mut self.overlay {
            Overlay::Diagnostics(d) => **d = checking,
            _ => self.open(Overlay::Diagnostics(Box::new(checking))),
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
    pub(super) fn renderer_status(&self) -> crate::diagnostics::RendererStatus {
        let decision = self.renderer_decision.clone().unwrap_or_else(|| {
            crate::renderer::decide_here(
                crate::renderer::Choice::Auto,
                crate::renderer::Source::Default,
            )
        });
        crate::diagnostics::RendererStatus::new(decision, self.renderer_running)
    }

    pub(super) fn diagnostics_message(&mut self, message: diagnostics::Message) -> Task<Message> {
        let event = match &mut self.overlay {
            Overlay::Diagnostics(d) => d.update(message),
            _ => None,
        };
        match event {
            None => Task::none(),
            Some(diagnostics::Event::Copy(text)) => iced::clipboard::write(text),
            // A kiosk writes no files (the button is not shown there either).
            Some(diagnostics::Event::Save(_)) if self.is_kiosk() => Task::none(),
            Some(diagnostics::Event::Save(text)) => Task::future(async move {
                tokio::task::spawn_blocking(move || {
                    crate::diagnostics::save::save_report_default(&text)
                        .map(|p| p.display().to_string())
                })
                .await
                .unwrap_or_else(|e| Err(e.to_string()))
            })
            .map(|r| Message::Diagnostics(diagnostics::Message::Saved(r))),
            Some(diagnostics::Event::CheckAgain) => self.run_diagnostics(),
            Some(diagnostics::Event::Close) => {
                self.close_overlay();
                Task::none()
            }
        }
    }

    /// The settings, with the address as typed (the demo's own service: as used).
    pub(super) fn settings_view<'a>(&'a self, s: &'a settings::Settings) -> Element<'a, Message> {
        settings::view(settings::View {
            look: self.look,
            service_draft: if self.demo.is_some() {
                &self.service_url
            } else {
                &s.draft
            },
            service_problem: self.service_problem.as_ref(),
            demo: self.demo.is_some(),
            readers: self.flow.readers().map(str::to_owned).collect(),
            chosen_reader: self.store.settings.reader.as_deref(),
            theme: self.theme_choice,
        })
        .map(Message::Settings)
    }
}

impl App {
    /// Cards through `cards`, registration at `url`. An unusable URL does not stop the app:
    /// every request then says what is wrong with it.
    pub(super) fn use_service(&mut self, cards: Cards, url: &str) {
        self.service_url = url.to_owned();
        self.backend = match backend::connect(cards, self.tokens.clone(), url) {
            Ok(registration) => Arc::new(registration),
            Err(problem) => {
                tracing::warn!(?problem, "the registration service URL cannot be used");
                self.service_problem = Some(problem.clone());
                Arc::new(Unavailable(problem))
            }
        };
    }

    /// Remember the settings after the person changed one. A failure only costs the memory.
    pub(super) fn save_settings(&mut self) {
        if let Err(e) = self.store.save() {
            tracing::warn!(error = %e, "the settings could not be saved");
        }
    }

    /// Settings: use the typed address, if it can be used, and remember it.
    fn apply_service(&mut self, typed: &str) {
        // Stored and shown as used: a pasted `…/api/v1` is taken back to the service root.
        match backend::service_address(typed) {
            Ok(url) => {
                self.service_problem = None;
                self.use_service(Cards::pcsc(), &url);
                if let Some(s) = self.overlay.settings_mut() {
                    s.draft = url.clone();
                }
                self.store.settings.service_url = Some(url);
                self.save_settings();
            }
            Err(problem) => self.service_problem = Some(problem),
        }
    }

    pub(super) fn settings_message(&mut self, message: settings::Message) -> Task<Message> {
        let event = match self.overlay.settings_mut() {
            Some(s) => s.update(message),
            // Not on show (sent as the settings closed, or by a test): a choice still counts,
            // and an address is taken from the one in use.
            None => settings::Settings::new(&self.service_url).update(message),
        };
        match event {
            Some(event) => self.choose(event),
            None => Task::none(),
        }
    }

    /// A choice made in the settings (or the header's language switch), remembered.
    pub(super) fn choose(&mut self, event: settings::Event) -> Task<Message> {
        match event {
            settings::Event::Mode(mode) => {
                self.look.mode = mode;
                self.store.settings.language = Some(mode.into());
            }
            settings::Event::TextScale(percent) => {
                // Clamped and remembered there (the Ctrl +/− keys share it).
                self.set_text_scale(f32::from(percent) / 100.0);
                return Task::none();
            }
            settings::Event::HighContrast(on) => {
                self.look.high_contrast = on;
                self.store.settings.high_contrast = Some(on);
            }
            settings::Event::Theme(choice) => {
                self.theme_choice = choice;
                self.store.settings.theme = Some(choice);
            }
            settings::Event::UseService(typed) => {
                self.apply_service(&typed);
                return Task::none();
            }
            settings::Event::Reader(reader) => self.store.settings.reader = reader,
            // A kiosk's settings close with the administration (one overlay).
            settings::Event::Close => {
                self.close_overlay();
                return Task::none();
            }
        }
        self.save_settings();
        Task::none()
    }

    pub(super) fn set_text_scale(&mut self, scale: f32) {
        self.look.text_scale = scale.clamp(Look::MIN_SCALE, Look::MAX_SCALE);
        self.store.settings.text_scale = Some(self.look.percent());
        self.save_settings();
    }
}
