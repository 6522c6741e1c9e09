//! Diagnostics: what this computer sees (smart-card service, readers and cards, the
//! certificate token's card software, registration service), each area with a marker in words and symbols, never colour alone; for each
//! failure the same bilingual "what to do" as everywhere else; the official hotlines; and the
//! report to copy or save for a support call. An overlay like settings: Esc or Close leaves it.
//!
//! The report is gathered by the root (off the UI thread) and handed in with
//! [`Message::Gathered`]; this module only shows it and asks for things with an [`Event`]
//! (the shape of every screen and overlay: `update(Message) -> Option<Event>`).

use iced::widget::{Column, column, container, row, text};
use iced::{Center, Color, Element, Length, Theme};

use crate::diagnostics::render::{self, OK_MARK, PROBLEM_MARK};
use crate::diagnostics::{Area, Report, SmartCardState};
use crate::i18n::{self, Arg, DisplayMode};
use crate::ui::look::Look;
use crate::ui::widgets::{self, BODY, t};

#[derive(Debug, Clone)]
pub enum Message {
    /// The gathering numbered `run` finished (results of an older run are dropped).
    Gathered(u64, Box<Report>),
    Copy,
    Save,
    /// Where the report went, or why it could not be saved.
    Saved(Result<String, String>),
    CheckAgain,
    Close,
}

/// What the screen asks the root to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Put this text on the clipboard.
    Copy(String),
    /// Save this text to a file.
    Save(String),
    /// Gather a fresh report.
    CheckAgain,
    Close,
}

/// The screen's state: which gathering it waits for, the report once there, and the outcome
/// of the last copy or save.
#[derive(Debug, Clone)]
pub struct Diagnostics {
    run: u64,
    report: Option<Report>,
    copied: bool,
    saved: Option<Result<String, String>>,
}

impl Diagnostics {
    /// Waiting for gathering number `run`.
    pub fn checking(run: u64) -> Diagnostics {
        Diagnostics {
            run,
            report: None,
            copied: false,
            saved: None,
        }
    }

    pub fn run(&self) -> u64 {
        self.run
    }

    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// The report as copied and saved: both languages, whatever the screen shows, so the
    /// person and the support desk can each read it.
    pub fn report_text(&self) -> Option<String> {
        self.report
            .as_ref()
            .map(|r| render::render_text(r, DisplayMode::Bilingual.languages()))
    }

    pub fn update(&mut self, message: Message) -> Option<Event> {
        match message {
            Message::Gathered(run, report) => {
                if run == self.run {
                    self.report = Some(*report);
                }
                None
            }
            Message::Copy => {
                let text = self.report_text()?;
                self.copied = true;
                Some(Event::Copy(text))
            }
            Message::Save => self.report_text().map(Event::Save),
            Message::Saved(result) => {
                self.saved = Some(result);
                None
            }
            Message::CheckAgain => Some(Event::CheckAgain),
            Message::Close => Some(Event::Close),
        }
    }

    /// `kiosk`: no "Save report" (a kiosk writes no files a stranger could leave behind).
    pub fn view(&self, look: Look, kiosk: bool) -> Element<'_, Message> {
        let mut col = column![
            widgets::title(look, "diag-title"),
            t(look, "diag-intro", BODY * 0.85),
        ]
        .spacing(18)
        .align_x(Center);
        // The actions sit above the report, so they are on screen without scrolling.
        let ready = self.report.is_some();
        let mut actions = row![widgets::secondary(
            look,
            "diag-copy",
            ready.then_some(Message::Copy)
        )];
        if !kiosk {
            actions = actions.push(widgets::secondary(
                look,
                "diag-save",
                ready.then_some(Message::Save),
            ));
        }
        col = col.push(
            actions
                .push(widgets::secondary(
                    look,
                    "diag-again",
                    ready.then_some(Message::CheckAgain),
                ))
                .push(widgets::primary(look, "diag-close", Some(Message::Close)))
                .spacing(16)
                .align_y(Center),
        );
        if self.copied {
            col = col.push(widgets::note(look, "diag-copied"));
        }
        match &self.saved {
            Some(Ok(path)) => {
                let args: [Arg<'_>; 1] = [("path", path.clone().into())];
                col = col.push(widgets::note_with(look, "diag-saved", &args));
            }
            Some(Err(reason)) => {
                col = col.push(widgets::lines(look, BODY, |l| {
                    let args: [Arg<'_>; 1] = [("reason", reason.clone().into())];
                    format!(
                        "{PROBLEM_MARK} {}",
                        i18n::text(l, "diag-save-failed", &args)
                    )
                }));
            }
            None => {}
        }
        match &self.report {
            None => col.push(t(look, "diag-checking", BODY)).into(),
            Some(report) => col.push(report_view(look, report)).into(),
        }
    }
}

/// The machine-wide configuration's lines (as many in every language), each in every
/// language shown.
fn machine_view<'a>(look: Look, report: &'a Report, size: f32) -> Element<'a, Message> {
    lines_view(look, report, size, render::machine_lines)
}

/// The token part's lines without the text report's indent (a wrapped line would start left
/// of its first).
fn token_lines(report: &Report, l: i18n::Language) -> Vec<String> {
    render::token_lines(report, l)
        .into_iter()
        .map(|line| line.trim_start().to_owned())
        .collect()
}

/// Lines that come as many in every language, each shown in every language of the look.
fn lines_view<'a>(
    look: Look,
    report: &'a Report,
    size: f32,
    lines: fn(&Report, i18n::Language) -> Vec<String>,
) -> Element<'a, Message> {
    let count = lines(report, look.languages()[0]).len();
    let mut col = column![].spacing(6);
    for i in 0..count {
        col = col.push(widgets::lines(look, size, move |l| {
            lines(report, l).swap_remove(i)
        }));
    }
    col.into()
}

fn report_view<'a>(look: Look, report: &'a Report) -> Element<'a, Message> {
    let small = BODY * 0.85;
    let mut sections = column![section(
        look,
        None,
        "diag-section-app",
        column![
            widgets::lines(look, small, |l| render::version_line(report, l)),
            widgets::lines(look, small, |l| render::system_line(report, l)),
        ]
        .push(machine_view(look, report, small))
        .push(lines_view(look, report, small, render::renderer_lines))
        .spacing(6),
    )]
    .spacing(16);

    let mut cards = column![widgets::lines(look, small, |l| render::smart_card_line(
        report, l
    ))]
    .spacing(8);
    cards = guidance(look, cards, report, Area::SmartCardService, None);
    sections = sections.push(section(
        look,
        Some(report.area_ok(Area::SmartCardService)),
        "diag-section-smart-card",
        cards,
    ));

    if report.smart_card_service == SmartCardState::Running {
        let mut readers = column![widgets::lines(look, small, |l| {
            render::readers_count_line(report, l)
        })]
        .spacing(8);
        readers = guidance(look, readers, report, Area::Readers, Some(None));
        for r in &report.readers {
            let mark = if r.problem().is_some() {
                PROBLEM_MARK
            } else {
                OK_MARK
            };
            readers = readers.push(widgets::lines(look, small, move |l| {
                format!("{mark} {}", render::reader_line(r, l))
            }));
            readers = guidance(look, readers, report, Area::Readers, Some(Some(&r.name)));
        }
        sections = sections.push(section(
            look,
            Some(report.area_ok(Area::Readers)),
            "diag-section-readers",
            readers,
        ));
    }

    if report.token.is_some() {
        let mut token = column![lines_view(look, report, small, token_lines)].spacing(8);
        token = guidance(look, token, report, Area::Certificate, None);
        // A module nobody needs yet (no certificate card in) is a note, not "OK".
        let ok = (!render::token_informational(report)).then(|| report.area_ok(Area::Certificate));
        sections = sections.push(section(look, ok, "diag-section-token", token));
    }

    if let Some(probe) = &report.registration_service {
        let mut service = column![].spacing(4);
        for (i, l) in look.languages().iter().enumerate() {
            let size = if i == 0 { small } else { small * 0.8 };
            for line in render::service_lines(probe, *l) {
                let line = text(line).size(look.px(size));
                // The second language softer, from the theme (full contrast in high contrast).
                service = service.push(if i == 0 {
                    line
                } else {
                    line.style(move |theme: &Theme| text::Style {
                        color: Some(widgets::second_colour(theme, look)),
                    })
                });
            }
        }
        service = guidance(look, service, report, Area::RegistrationService, None);
        sections = sections.push(section(
            look,
            Some(report.area_ok(Area::RegistrationService)),
            "diag-section-service",
            service,
        ));
    }

    let mut hotlines = column![t(look, "diag-privacy", small)].spacing(6);
    for (i, l) in look.languages().iter().enumerate() {
        let size = if i == 0 { small } else { small * 0.8 };
        for (j, line) in render::hotline_lines(*l).into_iter().enumerate() {
            let line = text(line).size(look.px(size));
            hotlines = hotlines.push(if j == 0 {
                line.font(widgets::BOLD)
            } else {
                line
            });
        }
    }
    sections.push(hotlines).into()
}

/// The problem boxes for one area's failures: `subject` `None` = all of them,
/// `Some(None)` = those about no reader in particular, `Some(Some(name))` = that reader's.
fn guidance<'a>(
    look: Look,
    mut col: Column<'a, Message>,
    report: &'a Report,
    area: Area,
    subject: Option<Option<&str>>,
) -> Column<'a, Message> {
    for finding in report.findings(area) {
        if subject.is_none_or(|s| finding.subject.as_deref() == s) {
            col = col.push(widgets::problem_box(look, &finding.problem));
        }
    }
    col
}

/// One area in a framed box: the marker ("✓ OK" / "⚠ Problem", words and symbol) and the
/// title on top. `ok` is `None` for the informational part (versions).
fn section<'a>(
    look: Look,
    ok: Option<bool>,
    title_id: &str,
    body: Column<'a, Message>,
) -> Element<'a, Message> {
    let mut head = row![].spacing(14).align_y(Center);
    if let Some(ok) = ok {
        let (id, colour): (_, fn(&Theme) -> Color) = if ok {
            ("diag-ok", |theme| theme.palette().success)
        } else {
            ("diag-problem", widgets::problem_colour)
        };
        let marker = look
            .languages()
            .iter()
            .map(|l| widgets::tr(*l, id))
            .collect::<Vec<_>>()
            .join(" / ");
        head = head.push(text(marker).font(widgets::BOLD).size(look.px(BODY)).style(
            move |theme: &Theme| text::Style {
                color: Some(colour(theme)),
            },
        ));
    }
    let title = look
        .languages()
        .iter()
        .map(|l| widgets::tr(*l, title_id))
        .collect::<Vec<_>>()
        .join(" / ");
    head = head.push(text(title).font(widgets::BOLD).size(look.px(BODY)));
    // Colours from the theme (dark and high contrast included): a problem is framed in the
    // problem colour, the rest in the plain box every screen uses.
    let problem = ok == Some(false);
    container(column![head, body].spacing(10))
        .padding(16)
        .width(Length::Fill)
        .style(move |theme: &Theme| {
            if problem {
                widgets::tinted(look, |p| p.danger, 0.0)(theme)
            } else {
                widgets::boxed(look)(theme)
            }
        })
        .into()
}
