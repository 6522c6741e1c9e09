//! The device authentication code: the QR (black on white, large), the code in two groups of
//! four, the countdown from the deadline, the absolute expiry, and the steps on the phone.
//! Also the two ends of a code's life: verified on the phone, or expired.

use std::time::Duration;

use iced::widget::{column, container, image, row, svg, text};
use iced::{Alignment, Center, Color, Element, Length, Theme};

use super::{Ctx, Event, code_layout};
use crate::flow::{self, Stage, State};
use crate::problem::Problem;
use crate::ui::widgets::{self, BODY, t};
use crate::ui::{format, qr};

const PHONE: &[u8] = include_bytes!("../../../assets/illustrations/phone-scan.svg");
/// On-screen size of the QR: large enough to scan from a laptop screen at arm's length.
/// Not scaled with the text: it is already large, and must never get smaller (a kiosk's is
/// larger still: [`code_layout::qr_side`]).
pub const QR_SIZE: f32 = 380.0;
/// The QR's white frame (tests find it by this id to check it is on screen).
pub const QR_ID: &str = "device-code-qr";
/// From here on the countdown says, in words and with ⚠, to hurry (not by colour alone).
pub const HURRY: Duration = Duration::from_secs(120);

#[derive(Debug, Clone)]
pub enum Message {
    Copy,
    SaveQr,
    /// Where the QR picture went, or why it could not be saved.
    Saved(Result<String, String>),
    NewCode,
    Devices,
    SignOut,
    Back,
}

pub struct DeviceCodeScreen {
    /// Built once when the code arrives, never in `view`.
    qr: Option<image::Handle>,
    copied: bool,
    saved: Option<Result<String, String>>,
}

impl DeviceCodeScreen {
    pub fn new(state: &State) -> DeviceCodeScreen {
        let qr = match state {
            State::Card {
                stage: Stage::DeviceCodeShown { code, .. },
                ..
            } => qr::handle(code.qr_payload.expose()),
            _ => None,
        };
        DeviceCodeScreen {
            qr,
            copied: false,
            saved: None,
        }
    }

    pub fn update(&mut self, message: Message, state: &State) -> Option<Event> {
        match message {
            Message::Copy => {
                let State::Card {
                    stage: Stage::DeviceCodeShown { code, .. },
                    ..
                } = state
                else {
                    return None;
                };
                self.copied = true;
                Some(Event::Copy(code.code.expose().to_owned()))
            }
            Message::SaveQr => match state {
                State::Card {
                    stage: Stage::DeviceCodeShown { code, .. },
                    ..
                } => Some(Event::SaveQr(qr::Saved {
                    payload: code.qr_payload.expose().to_owned(),
                    code: code.code.expose().to_owned(),
                    expires_at: code.expires_at,
                })),
                _ => None,
            },
            Message::Saved(result) => {
                self.saved = Some(result);
                None
            }
            Message::NewCode => Some(flow::Event::GenerateCode.into()),
            Message::Devices => Some(flow::Event::ShowDevices.into()),
            Message::SignOut => Some(flow::Event::SignOut.into()),
            Message::Back => Some(flow::Event::Back.into()),
        }
    }

    pub fn view<'a>(&self, ctx: Ctx<'a>) -> Element<'a, Message> {
        let look = ctx.look;
        let State::Card { stage, .. } = ctx.state else {
            return column![].into();
        };
        match stage {
            Stage::DeviceCodeShown { code, .. } => {
                let remaining = ctx.state.remaining(ctx.now).unwrap_or_default();
                let time = format::countdown(remaining);
                let expiry = code.expires_at;
                let side = code_layout::qr_side(ctx);
                let qr: Element<'a, Message> = match &self.qr {
                    Some(handle) => image(handle.clone())
                        .width(side)
                        .height(side)
                        .filter_method(image::FilterMethod::Nearest)
                        .into(),
                    None => text("QR").into(),
                };
                let grouped = format::group_code(code.code.expose());
                // One line always: at large sizes as large as the room beside the QR allows.
                let code_text = text(grouped.clone())
                    .font(widgets::BOLD)
                    .size(code_layout::code_size(ctx, &grouped, look.px(72.0)))
                    .wrapping(iced::widget::text::Wrapping::None);
                let hurry = remaining <= HURRY;
                let mut countdown = column![widgets::ta(
                    look,
                    "code-remaining",
                    &[("time", time.into())],
                    34.0
                )]
                .spacing(look.pad(6.0));
                if hurry {
                    countdown = countdown.push(
                        row![
                            text(widgets::WARNING)
                                .font(widgets::BOLD)
                                .size(look.px(BODY * 1.2)),
                            t(look, "a11y-code-hurry", BODY * 0.9).width(Length::Fill)
                        ]
                        .spacing(look.pad(10.0))
                        .align_y(Center),
                    );
                }
                let saved: Element<'a, Message> = match &self.saved {
                    Some(Ok(path)) => {
                        widgets::note_with(look, "code-saved", &[("path", path.clone().into())])
                    }
                    Some(Err(error)) => widgets::lines(look, BODY * 0.85, |l| {
                        crate::i18n::text(l, "code-save-failed", &[("error", error.clone().into())])
                    })
                    .into(),
                    None => column![].into(),
                };
                // Black on white with its quiet zone in every theme (dark, high contrast).
                let qr = container(qr)
                    .id(QR_ID)
                    .padding(8)
                    .style(|_| container::Style::default().background(Color::WHITE));
                let buttons = row![
                    // Not at a kiosk: the clipboard and the Pictures folder would keep the
                    // code for the next person.
                    (!ctx.kiosk).then(|| widgets::secondary_changing(
                        look,
                        &["code-copy", "code-copied"],
                        usize::from(self.copied),
                        Some(Message::Copy)
                    )),
                    (!ctx.kiosk).then(|| widgets::secondary(
                        look,
                        "code-save-qr",
                        Some(Message::SaveQr)
                    )),
                    widgets::secondary(look, "code-new", Some(Message::NewCode)),
                    widgets::secondary(look, "ui-back", Some(Message::Back)),
                ]
                .spacing(look.pad(16.0))
                .wrap()
                .align_x(Center);
                let parts = code_layout::Parts {
                    qr: qr.into(),
                    label: t(look, "code-label", BODY).into(),
                    code: code_text.into(),
                    // The gap groups the code for reading; "copy" leaves it out too.
                    not_typed: t(look, "code-not-typed", BODY * 0.75).into(),
                    countdown: countdown.into(),
                    valid_until: widgets::lines(look, BODY * 0.85, |l| {
                        crate::i18n::text(
                            l,
                            "code-valid-until",
                            &[("when", format::datetime(l, expiry).into())],
                        )
                    })
                    .into(),
                    buttons: buttons.into(),
                    saved,
                };
                if look.large() {
                    return code_layout::large(ctx, parts, phone_steps(ctx));
                }
                if code_layout::kiosk_wide(ctx) {
                    return code_layout::kiosk(ctx, parts);
                }
                let details = column![
                    parts.label,
                    parts.code,
                    parts.not_typed,
                    parts.countdown,
                    parts.valid_until,
                ]
                .spacing(look.pad(12.0));
                // A short window (`ui::compact`): the title beside the QR, on top of the code,
                // and the QR at the top of the page, so QR, code and countdown all fit.
                let compact = ctx.compact;
                let main: Element<'a, Message> = if compact {
                    row![
                        parts.qr,
                        column![
                            widgets::title(look, "code-title").align_x(Alignment::Start),
                            details,
                            phone_steps(ctx)
                        ]
                        .spacing(look.pad(10.0))
                    ]
                    .spacing(32)
                    .align_y(Alignment::Start)
                    .into()
                } else {
                    row![
                        parts.qr,
                        column![details, phone_steps(ctx)].spacing(look.pad(12.0))
                    ]
                    .spacing(32)
                    .align_y(Center)
                    .into()
                };
                column![
                    (!compact).then(|| widgets::title(look, "code-title")),
                    main,
                    parts.buttons,
                    parts.saved,
                ]
                .spacing(if compact { 12.0 } else { look.pad(18.0) })
                .align_x(Center)
                .into()
            }
            Stage::Verified { device, .. } => {
                let mut col = column![
                    text("✓")
                        .size(look.px(96.0))
                        .style(|theme: &Theme| text::Style {
                            color: Some(theme.palette().success)
                        }),
                    widgets::title(look, "code-verified-title"),
                ]
                .spacing(look.pad(24.0))
                .align_x(Center);
                // Which phone, as the service names it: the person can tell it was theirs.
                if let Some(device) = device {
                    col = col.push(
                        container(widgets::note_with(
                            look,
                            "code-verified-device",
                            &[("device", device.clone().into())],
                        ))
                        .max_width(look.px(760.0)),
                    );
                }
                col.push(t(look, "code-verified-hint", BODY).align_x(Center))
                    .push(
                        row![
                            widgets::primary(
                                look,
                                "code-verified-sign-out",
                                Some(Message::SignOut)
                            ),
                            widgets::secondary(look, "code-another", Some(Message::NewCode)),
                            widgets::secondary(look, "devices-open", Some(Message::Devices)),
                        ]
                        .spacing(look.pad(20.0))
                        .wrap()
                        .align_x(Center),
                    )
                    .into()
            }
            Stage::Expired { .. } => column![
                widgets::problem_box(look, &Problem::CodeExpired),
                t(look, "code-validity-note", BODY),
                widgets::primary(look, "code-new", Some(Message::NewCode)),
                widgets::secondary(look, "ui-back", Some(Message::Back)),
            ]
            .spacing(look.pad(28.0))
            .align_x(Center)
            .into(),
            _ => column![].into(),
        }
    }
}

/// One of the phone's steps: its number in the accent colour, then what to do.
pub(super) fn step<'a>(
    look: crate::ui::look::Look,
    n: u32,
    id: &str,
) -> iced::widget::Row<'a, Message> {
    row![
        text(n.to_string())
            .size(look.px(26.0))
            .font(widgets::BOLD)
            .style(|theme: &Theme| text::Style {
                color: Some(widgets::accent(theme))
            }),
        t(look, id, BODY * 0.85).width(Length::Fill)
    ]
    .spacing(look.pad(12.0))
    .align_y(Center)
}

/// The phone illustration beside the steps.
pub(super) fn phone_picture<'a>(look: crate::ui::look::Look) -> Element<'a, Message> {
    svg(svg::Handle::from_memory(PHONE))
        .width(look.px(70.0))
        .height(look.px(102.0))
        .into()
}

/// The official guide's step 4, beside the code: what to do on the phone.
fn phone_steps<'a>(ctx: Ctx<'a>) -> Element<'a, Message> {
    let look = ctx.look;
    let step = |n: u32, id: &str| step(look, n, id);
    container(
        row![
            phone_picture(look),
            column![
                t(look, "phone-steps-title", BODY * 0.9),
                step(1, "phone-step-1"),
                step(2, "phone-step-2"),
                step(3, "phone-step-3"),
            ]
            .spacing(look.pad(6.0)),
        ]
        .spacing(look.pad(16.0))
        .align_y(Center),
    )
    .padding(look.pad(12.0))
    .width(Length::Fill)
    .style(widgets::panel(look))
    .into()
}
