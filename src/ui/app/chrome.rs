//! The chrome around every page: the header (name, demo badge, language, settings), the
//! footer (notes, diagnostics, the demo's card buttons) and the page's scrollable.

use iced::widget::{column, container, row, scrollable, space, stack};
use iced::{Center, Element, Fill, Task, Theme};

use super::{App, Message};
use crate::backend::{Demo, PracticeCard};
use crate::ui::look::Look;
use crate::ui::screen::{Ctx, Screen, settings};
use crate::ui::{compact, focus, kiosk as kiosk_ui, renderer_probe, widgets, window_place};

impl App {
    /// The screen for the flow's state.
    pub(super) fn screen_view(&self) -> Element<'_, Message> {
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
            demo_pin: self.demo.as_ref().and_then(Demo::pin_hint),
            window: self.window_size(),
            compact: self.compact(),
        };
        match &self.screen {
            Screen::Waiting(s) => s.view(ctx).map(Message::Waiting),
            Screen::Error(s) => s.view(ctx).map(Message::Error),
            Screen::CardReady(s) => s.view(ctx).map(Message::CardReady),
            Screen::Certificate(s) => s.view(ctx).map(Message::Certificate),
            Screen::Account(s) => s.view(ctx).map(Message::Account),
            Screen::SignedIn(s) => s.view(ctx).map(Message::SignedIn),
            Screen::DeviceCode(s) => s.view(ctx).map(Message::DeviceCode),
            Screen::Devices(s) => s.view(ctx).map(Message::Devices),
        }
    }

    /// The page: the header, `body` (scrolled, in its margins), the footer, and in a kiosk
    /// the reset warning over the header.
    pub(super) fn page<'a>(&'a self, body: Element<'a, Message>) -> Element<'a, Message> {
        let look = self.look;
        // A kiosk's screen is wide and seen from a step away: its page may use more of it.
        let max_width = match (self.kiosk.is_some(), look.large()) {
            (true, _) => f32::INFINITY,
            (false, true) => 1216.0,
            (false, false) => 1100.0,
        };
        // Large text, a kiosk, a short window: a thin margin above and below, the window's
        // height goes to the page.
        let vertical = if self.compact() {
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
        crate::ui::repaint::repaint(self.updates, view)
    }

    /// The window moved or was resized, or is closing: where it is, remembered for next time.
    pub(super) fn window_message(&mut self, message: window_place::Message) -> Task<Message> {
        let saved = self.store.settings.window;
        match self.window.update(message, saved.as_ref()) {
            window_place::Outcome::Task(task) => task.map(Message::Window),
            window_place::Outcome::SaveAndExit(geometry) => {
                if geometry.is_some() && geometry != saved {
                    self.store.settings.window = geometry;
                    self.save_settings();
                }
                iced::exit()
            }
        }
    }

    /// The window's size as last reported (before any report, the size it was opened at).
    pub(super) fn window_size(&self) -> iced::Size {
        self.window.size().unwrap_or(window_place::settings().size)
    }

    /// A short window at 100 % text: the compact layout (`ui::compact`).
    pub(super) fn compact(&self) -> bool {
        compact::is_compact(self.look, self.window.size().map(|s| s.height))
    }

    pub(super) fn header(&self) -> Element<'_, Message> {
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
        // The demo badge beside the name, not under it: the header stays one band. Under it
        // at large sizes and in a narrow window, where the controls need that room: beside
        // it, it pushed "Settings" off a 1024×768 screen (and, bilingual, off 1280×720).
        let name = line(26.0, "app-name");
        let badge = self.demo.is_some().then(|| line(16.0, "ui-demo-badge"));
        // Two languages need twice the room (measured: 1280 px was too narrow for both).
        let badge_beside_from = if look.languages().len() > 1 {
            1700.0
        } else {
            compact::SIDE_BY_SIDE_WIDTH
        };
        let narrow = self.window_size().width < badge_beside_from;
        let left: Element<'_, Message> = if look.large() || narrow {
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

    pub(super) fn footer(&self) -> Element<'_, Message> {
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
            let buttons: Vec<Element<'_, Message>> = if demo.card_in().is_some() {
                vec![small("ui-demo-remove", Message::DemoRemove)]
            } else {
                // 王小明's card rightmost, where "take out" was: one spot takes it out and
                // puts it back.
                let cards: Vec<PracticeCard> = demo.cards().collect();
                cards
                    .into_iter()
                    .rev()
                    .map(|card| {
                        let id = match card {
                            PracticeCard::Registered => "demo-insert-registered",
                            PracticeCard::New => "demo-insert-new",
                            PracticeCard::Certificate => "demo-insert-certificate",
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

/// The page's scrollable, its state kept only while the page number `page` stays: each new
/// page starts at its top.
pub(super) fn scrolled(page: u64, content: Element<'_, Message>) -> Element<'_, Message> {
    crate::ui::fresh::fresh(page, scrollable(content).height(Fill))
}
