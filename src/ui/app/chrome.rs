//! The chrome around every page: the header (name, demo badge, language, settings), the
//! footer (notes, diagnostics, the demo's card buttons) and the page's scrollable.

use super::*;
use iced::widget::{column, row};

impl App {
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

/// The page's scrollable, its state kept only while the page number `page` stays: each new
/// page starts at its top.
pub(super) fn scrolled(page: u64, content: Element<'_, Message>) -> Element<'_, Message> {
    crate::ui::fresh::fresh(page, scrollable(content).height(Fill))
}
