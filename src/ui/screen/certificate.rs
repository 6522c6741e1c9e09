//! 以自然人憑證登入: the Citizen Digital Certificate is open; ask for the ID number and the
//! card's PIN. The ID field has the focus; Enter signs in, Esc clears the PIN.
//!
//! The PIN's state is the token's (kept by the flow): after a wrong PIN the screen warns
//! before the next try, at the final try in words that say to stop if unsure, and a locked
//! PIN has no field and no button at all, only where to unlock it.

use iced::widget::{column, container, row, text, text_input};
use iced::{Center, Element, Length, Theme};

use super::{Ctx, Event};
use crate::backend::is_id_number_shape;
use crate::flow::{self, CertificateCard, PinWarning, Secret, Stage, State};
use crate::i18n::Arg;
use crate::ui::reserve;
use crate::ui::widgets::{self, BODY, WARNING, t, ta};

/// The ID number field, focused when this screen appears.
pub const CERT_ID: &str = "cert-id";
/// The PIN field.
pub const CERT_PIN: &str = "cert-pin";

#[derive(Debug, Clone)]
pub enum Message {
    IdNumber(String),
    /// Wrapped at the widget, so no `Debug` of a message shows it.
    Pin(Secret),
    Submit,
    Escape,
}

/// What was typed. Zeroized when replaced, cleared or dropped with the screen.
#[derive(Default)]
pub struct Certificate {
    id_number: Secret,
    pin: Secret,
}

impl Certificate {
    pub fn update(&mut self, message: Message, state: &State) -> Option<Event> {
        match message {
            // As printed on the card: capitals, no spaces (people type a123456789).
            Message::IdNumber(value) => {
                let cleaned: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .map(|c| c.to_ascii_uppercase())
                    .collect();
                self.id_number = Secret::new(cleaned);
                None
            }
            Message::Pin(pin) => {
                self.pin = pin;
                None
            }
            Message::Submit => {
                let card = card(state)?;
                self.why_not(card).is_none().then(|| {
                    flow::Event::SubmitCertificate {
                        id_number: self.id_number.clone(),
                        pin: self.pin.clone(),
                    }
                    .into()
                })
            }
            Message::Escape => {
                self.pin = Secret::default();
                None
            }
        }
    }

    /// The sign-in was answered and the flow is back on this screen: the PIN always goes
    /// (right or wrong, it is typed again); the ID number stays while the card is there.
    pub fn sign_in_answered(&mut self, state: &State) {
        self.pin = Secret::default();
        if !state.keeps_typed_id_number() {
            self.id_number = Secret::default();
        }
    }

    /// Whether the ID number is typed (there is one, to focus the PIN field instead).
    pub fn has_id_number(&self) -> bool {
        !self.id_number.is_empty()
    }

    /// Why the sign-in cannot be sent yet (checked here, so no PIN try is spent on a typo):
    /// the message id and its arguments.
    fn why_not(
        &self,
        card: &CertificateCard,
    ) -> Option<(&'static str, Vec<(&'static str, usize)>)> {
        let (min, max) = card.pin_length;
        let pin_chars = self.pin.expose().chars().count();
        if card.pin == PinWarning::Locked {
            Some(("problem-cert-pin-locked", vec![]))
        } else if !is_id_number_shape(self.id_number.expose()) {
            Some(("a11y-why-cert-id", vec![]))
        } else if pin_chars == 0 || pin_chars < min || (max > 0 && pin_chars > max) {
            Some(("a11y-why-cert-pin", vec![("min", min), ("max", max)]))
        } else {
            None
        }
    }

    pub fn view<'a>(&self, ctx: Ctx<'a>) -> Element<'a, Message> {
        let look = ctx.look;
        let (Some(card), State::Card { stage, .. }) = (card(ctx.state), ctx.state) else {
            return column![].into();
        };
        let busy = matches!(stage, Stage::CertificateSigningIn);
        let problem = match stage {
            Stage::CertificateReady { problem } => problem.as_ref(),
            _ => None,
        };
        let locked = card.pin == PinWarning::Locked;

        // The masked name in its own text, so nothing else ever contains it.
        let mut who = row![t(look, "cert-holder", widgets::TITLE * 0.8)]
            .spacing(look.pad(12.0))
            .align_y(Center);
        if !card.masked_name.is_empty() {
            who = who.push(
                text(card.masked_name.expose().to_owned())
                    .font(widgets::BOLD)
                    .size(look.px(widgets::TITLE * 0.8)),
            );
        }
        let who = who.wrap().align_x(Center);
        let label = ta(
            look,
            "cert-card",
            &[("label", card.label.clone().into())],
            BODY * 0.8,
        );
        let mut col = column![who, label].spacing(look.pad(14.0)).align_x(Center);

        if locked {
            // Nothing to type, nothing to press: only where to unlock it.
            let shown = problem
                .cloned()
                .unwrap_or(flow::problem::Problem::Certificate(
                    flow::problem::CertificateProblem::PinLocked,
                ));
            return col.push(widgets::problem_box(look, &shown)).into();
        }

        // Why the last try failed first: after a wrong PIN it is what matters most.
        if let Some(problem) = problem {
            col = col.push(widgets::problem_box(look, problem));
        } else {
            col = col.push(t(look, "cert-instruction", BODY));
        }
        let field = |id: &'static str, value: &str| {
            text_input("", value)
                .id(id)
                .size(look.px(28.0))
                .padding(look.pad(14.0))
                .style(widgets::field_style(look))
                .width(Length::Fixed(look.px(520.0).min(900.0)))
        };
        let mut id_field = field(CERT_ID, self.id_number.expose());
        let mut pin_field = field(CERT_PIN, self.pin.expose()).secure(true);
        if !busy {
            id_field = id_field
                .on_input(Message::IdNumber)
                .on_submit(Message::Submit);
            pin_field = pin_field
                .on_input(|typed| Message::Pin(Secret::new(typed)))
                .on_submit(Message::Submit);
        }
        // A field under its label, with its hint below.
        let labelled = |label: &'static str, field, hint: &'static str| {
            column![
                widgets::lines(look, BODY * 0.85, move |l| widgets::tr(l, label)),
                field,
                t(look, hint, BODY * 0.75)
            ]
            .spacing(look.pad(6.0))
        };
        col = col.push(labelled("cert-id-number", id_field, "cert-id-hint"));
        // The warning before the try, above the field it is about (unless the problem just
        // shown says it already).
        let pin_problem_shown = matches!(
            problem,
            Some(flow::problem::Problem::Certificate(
                flow::problem::CertificateProblem::PinIncorrect
                    | flow::problem::CertificateProblem::PinFinalTry
            ))
        );
        match card.pin {
            _ if pin_problem_shown => {}
            PinWarning::CountLow => col = col.push(warning(look, "cert-pin-count-low")),
            PinWarning::FinalTry => col = col.push(warning(look, "cert-pin-final-try")),
            PinWarning::None | PinWarning::Locked => {}
        }
        col = col.push(labelled("cert-pin", pin_field, "cert-pin-only-to-card"));
        col = col.push(if busy {
            column![
                widgets::primary(look, "cert-signing-in", None),
                reserve::reserve(t(look, "a11y-why-cert-id", BODY * 0.75))
            ]
            .spacing(look.pad(4.0))
            .align_x(Center)
            .into()
        } else {
            self.sign_in_button(ctx, card)
        });
        if let Some((pin, id)) = ctx.demo_pin {
            col = col.push(
                container(widgets::note_with(
                    look,
                    "ui-demo-pin",
                    &[("pin", pin.into()), ("id", id.into())],
                ))
                .max_width(look.px(720.0)),
            );
        }
        col.into()
    }

    /// 登入, and while it cannot be pressed, a line under it says why.
    fn sign_in_button<'a>(&self, ctx: Ctx<'a>, card: &CertificateCard) -> Element<'a, Message> {
        let look = ctx.look;
        let why = self.why_not(card);
        let (why_id, args) = why.clone().unwrap_or(("a11y-why-cert-id", Vec::new()));
        let args: Vec<Arg> = args.into_iter().map(|(k, v)| (k, v.into())).collect();
        column![
            widgets::primary(
                look,
                "cert-sign-in",
                why.is_none().then_some(Message::Submit)
            ),
            reserve::shown_or_reserved(
                why.is_some(),
                ta(look, why_id, &args, BODY * 0.75).align_x(Center)
            )
        ]
        .spacing(look.pad(4.0))
        .align_x(Center)
        .into()
    }
}

/// The certificate card of the session on show, if it is one.
fn card(state: &State) -> Option<&CertificateCard> {
    match state {
        State::Card { session, .. } => session.certificate(),
        _ => None,
    }
}

/// A caution before the next try: ⚠ and the words, in the problem colour's box.
fn warning<'a>(look: crate::ui::look::Look, id: &str) -> Element<'a, Message> {
    let icon = text(WARNING)
        .font(widgets::BOLD)
        .size(look.px(BODY * 1.4))
        .style(|theme: &Theme| text::Style {
            color: Some(widgets::problem_colour(theme)),
        });
    container(
        row![icon, t(look, id, BODY).width(Length::Fill)]
            .spacing(look.pad(12.0))
            .align_y(Center),
    )
    .padding(look.pad(12.0))
    .width(Length::Fixed(look.px(520.0).min(900.0)))
    .style(widgets::tinted(look, |p| p.danger, 0.08))
    .into()
}
