//! Everything that can go wrong, as the person sees it: the closed [`Problem`] enum (in the
//! flow crate, `nhi_flow::problem`, re-exported here) and what the app adds where it meets
//! the other layers:
//! - [`ProblemText`]: a problem's title and hint in either language, through the app's Fluent
//!   files ([`crate::i18n`]);
//! - [`AsProblem`] (`mapping`): the card, reader, service and token errors as problems. The
//!   flow crate depends on none of those layers, so the mapping lives here, in the glue that
//!   uses both.

mod mapping;
#[cfg(test)]
mod tests;

pub use mapping::{AsProblem, from_certificate_sign_in};
pub use nhi_flow::problem::*;

use crate::i18n::{self, Language};

/// A problem's words, rendered through the app's Fluent files.
pub trait ProblemText {
    /// What happened, in one short line.
    fn title(&self, language: Language) -> String;
    /// What to do about it, with the advice for `os` where it differs per system.
    fn hint_for(&self, language: Language, os: Os) -> String;
    /// What to do about it on this computer.
    fn hint(&self, language: Language) -> String;
    /// One line for a terminal: English then Chinese, so a log or a support call can use
    /// either.
    fn one_line(&self) -> String;
}

impl ProblemText for Problem {
    fn title(&self, language: Language) -> String {
        i18n::text(language, self.message_id(), &fluent_args(self))
    }

    fn hint_for(&self, language: Language, os: Os) -> String {
        let attribute = match (self, os) {
            (Problem::SmartCardServiceNotRunning, Os::Linux) => "hint-linux",
            (Problem::SmartCardServiceNotRunning, Os::Windows) => "hint-windows",
            (Problem::SmartCardServiceNotRunning, Os::MacOs) => "hint-macos",
            _ => "hint",
        };
        let id = format!("{}.{attribute}", self.message_id());
        i18n::text(language, &id, &fluent_args(self))
    }

    fn hint(&self, language: Language) -> String {
        self.hint_for(language, Os::current())
    }

    fn one_line(&self) -> String {
        let en = Language::English;
        let zh = Language::TraditionalChinese;
        format!(
            "{}. {} / {}。{}",
            self.title(en),
            self.hint(en),
            self.title(zh),
            self.hint(zh)
        )
    }
}

/// The problem's message arguments as Fluent values.
fn fluent_args(problem: &Problem) -> Vec<i18n::Arg<'static>> {
    problem
        .args()
        .into_iter()
        .map(|(name, value)| {
            let value = match value {
                ArgValue::Text(text) => text.into(),
                ArgValue::Number(n) => n.into(),
            };
            (name, value)
        })
        .collect()
}
