//! The whole report as plain text, in one or both languages.

use super::*;

/// The whole report as text, each line in each of `languages`.
pub fn render_text(report: &Report, languages: &[Language]) -> String {
    let mut out = Text {
        lines: Vec::new(),
        languages,
    };
    out.each("", |l| version_line(report, l));
    out.each("", |l| system_line(report, l));
    out.each_of("", |l| machine_lines(report, l));
    out.each_of("", |l| renderer_lines(report, l));

    out.section(report, Area::SmartCardService);
    out.each("", |l| smart_card_line(report, l));
    out.guidance("", report.findings(Area::SmartCardService));

    if report.smart_card_service == SmartCardState::Running {
        out.section(report, Area::Readers);
        out.each("", |l| readers_count_line(report, l));
        out.guidance(
            "",
            report
                .findings(Area::Readers)
                .filter(|f| f.subject.is_none()),
        );
        for r in &report.readers {
            let mark = if r.problem().is_some() {
                PROBLEM_MARK
            } else {
                OK_MARK
            };
            out.each_marked(&format!("  {mark} "), "    ", |l| reader_line(r, l));
            out.guidance(
                "    ",
                report
                    .findings(Area::Readers)
                    .filter(|f| f.subject.as_deref() == Some(r.name.as_str())),
            );
        }
    }

    if report.token.is_some() {
        if token_informational(report) {
            out.note_section(Area::Certificate);
        } else {
            out.section(report, Area::Certificate);
        }
        out.each_of("", |l| token_lines(report, l));
        out.guidance("", report.findings(Area::Certificate));
    }

    if let Some(probe) = &report.registration_service {
        out.section(report, Area::RegistrationService);
        for l in languages {
            for line in service_lines(probe, *l) {
                out.lines.push(line);
            }
        }
        out.guidance("", report.findings(Area::RegistrationService));
    }

    out.lines.push(String::new());
    out.each("", |l| tr(l, "diag-privacy", &[]));
    out.lines.push(String::new());
    for l in languages {
        out.lines.extend(hotline_lines(*l));
    }
    let mut text = out.lines.join("\n");
    text.push('\n');
    text
}

struct Text<'a> {
    lines: Vec<String>,
    languages: &'a [Language],
}

impl Text<'_> {
    fn each(&mut self, indent: &str, f: impl Fn(Language) -> String) {
        for l in self.languages {
            self.lines.push(format!("{indent}{}", f(*l)));
        }
    }

    /// Several lines, each in every language in turn (line 1 in each, then line 2…).
    fn each_of(&mut self, indent: &str, f: impl Fn(Language) -> Vec<String>) {
        let per_language: Vec<Vec<String>> = self.languages.iter().map(|l| f(*l)).collect();
        let count = per_language.iter().map(Vec::len).max().unwrap_or(0);
        for i in 0..count {
            for line in per_language.iter().filter_map(|lines| lines.get(i)) {
                self.lines.push(format!("{indent}{line}"));
            }
        }
    }

    /// The first language after `first`, the others after `rest` (aligned under it).
    fn each_marked(&mut self, first: &str, rest: &str, f: impl Fn(Language) -> String) {
        for (i, l) in self.languages.iter().enumerate() {
            let indent = if i == 0 { first } else { rest };
            self.lines.push(format!("{indent}{}", f(*l)));
        }
    }

    /// "[✓ OK] Card readers", joined across the languages.
    fn section(&mut self, report: &Report, area: Area) {
        let status = join(self.languages, |l| area_status(report, area, l));
        let title = join(self.languages, |l| area_title(area, l));
        self.lines.push(String::new());
        self.lines.push(format!("[{status}] {title}"));
    }

    /// "[• Note] …": a part that is neither OK nor a problem (a module nobody needs yet).
    fn note_section(&mut self, area: Area) {
        let status = join(self.languages, |l| tr(l, "diag-info", &[]));
        let title = join(self.languages, |l| area_title(area, l));
        self.lines.push(String::new());
        self.lines.push(format!("[{status}] {title}"));
    }

    /// Each failure: "⚠ title" and "→ what to do", in each language.
    fn guidance<'f>(&mut self, indent: &str, findings: impl Iterator<Item = &'f Finding>) {
        for finding in findings {
            for l in self.languages {
                self.lines.push(format!(
                    "{indent}{PROBLEM_MARK} {}",
                    finding.problem.title(*l)
                ));
                self.lines
                    .push(format!("{indent}  → {}", finding.problem.hint(*l)));
            }
        }
    }
}

fn join(languages: &[Language], f: impl Fn(Language) -> String) -> String {
    languages
        .iter()
        .map(|l| f(*l))
        .collect::<Vec<_>>()
        .join(" / ")
}
