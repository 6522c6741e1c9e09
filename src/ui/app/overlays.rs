//! The overlays ([`Overlay`]): opening one in place of another, closing the one on show,
//! and the two with work behind them: diagnostics (gathered off the UI thread, copied, saved)
//! and settings (each choice remembered).

use super::*;

impl App {
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
    pub(super) fn run_diagnostics(&mut self) -> Task<Message> {
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
    pub(super) fn renderer_status(&self) -> crate::diagnostics::RendererStatus {
        let decision = self.renderer_decision.clone().unwrap_or_else(|| {
            crate::renderer::decide_here(
                crate::renderer::Choice::Auto,
                crate::renderer::Source::Default,
            )
        });
        crate::diagnostics::RendererStatus::new(decision, self.renderer_running)
    }

    pub(super) fn diagnostics_request(&mut self, request: diagnostics::Request) -> Task<Message> {
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

    pub(super) fn settings_view(&self) -> Element<'_, Message> {
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
}

impl App {
    /// Cards through `cards`, registration at `url`. An unusable URL does not stop the app:
    /// every request then says what is wrong with it.
    pub(super) fn use_service(&mut self, cards: Cards, url: &str) {
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
    pub(super) fn save_settings(&mut self) {
        if let Err(e) = self.store.save() {
            tracing::warn!(error = %e, "the settings could not be saved");
        }
    }

    /// Settings: use the typed address, if it can be used, and remember it.
    pub(super) fn apply_service(&mut self) {
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

    pub(super) fn set_text_scale(&mut self, scale: f32) {
        self.look.text_scale = scale.clamp(Look::MIN_SCALE, Look::MAX_SCALE);
        self.store.settings.text_scale = Some(self.look.percent());
        self.save_settings();
    }
}
