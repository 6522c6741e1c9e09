//! Form fields as the account screens use them: the label above the field (so it stays in
//! view while typing, and is never cut off like a placeholder), the field, and under it one
//! line kept for what is wrong with it ("⚠ The registration password must have 6 to 12
//! characters"), so nothing below moves when that line appears. The checks are the
//! protocol's own rules, made before anything is sent.

use iced::widget::{column, row, text, text_input};
use iced::{Element, Length, Theme};

use crate::backend::{PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS, is_email_shape};
use crate::i18n::{self, Arg, Language};
use crate::ui::look::Look;
use crate::ui::reserve::shown_or_reserved;
use crate::ui::widgets::{self, BODY};

/// What is wrong with a field's value, said next to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    PasswordEmpty,
    /// Not 6–12 characters; how many there are.
    PasswordLength(usize),
    PasswordsDiffer,
    EmailEmpty,
    EmailShape,
    CodeEmpty,
}

impl FieldError {
    fn text(&self, l: Language) -> String {
        let (id, args): (&str, Vec<Arg<'_>>) = match self {
            FieldError::PasswordEmpty => ("form-password-empty", vec![]),
            FieldError::PasswordLength(n) => ("form-password-length", vec![("count", (*n).into())]),
            FieldError::PasswordsDiffer => ("form-password-again", vec![]),
            FieldError::EmailEmpty => ("form-email-empty", vec![]),
            FieldError::EmailShape => ("form-email-shape", vec![]),
            FieldError::CodeEmpty => ("form-code-empty", vec![]),
        };
        i18n::text(l, id, &args)
    }
}

/// A new registration password: 6 to 12 characters (counted as characters, not bytes).
pub fn check_new_password(password: &str) -> Option<FieldError> {
    let n = password.chars().count();
    match n {
        0 => Some(FieldError::PasswordEmpty),
        n if !(PASSWORD_MIN_CHARS..=PASSWORD_MAX_CHARS).contains(&n) => {
            Some(FieldError::PasswordLength(n))
        }
        _ => None,
    }
}

/// The repeated password matches the first.
pub fn check_repeat(first: &str, again: &str) -> Option<FieldError> {
    (first != again).then_some(FieldError::PasswordsDiffer)
}

/// An e-mail address of the shape the service accepts.
pub fn check_email(email: &str) -> Option<FieldError> {
    let email = email.trim();
    if email.is_empty() {
        Some(FieldError::EmailEmpty)
    } else if !is_email_shape(email) {
        Some(FieldError::EmailShape)
    } else {
        None
    }
}

/// A code from a mail, as typed or pasted.
pub fn check_code(code: &str) -> Option<FieldError> {
    code.trim().is_empty().then_some(FieldError::CodeEmpty)
}

/// One text field and what goes with it (the value is copied into the field).
pub struct Field<'v, M> {
    /// The label's message id; also the field's widget id (tests and focus find it by that).
    pub id: &'static str,
    pub value: &'v str,
    pub secure: bool,
    pub on_input: fn(String) -> M,
    /// What Enter in the field does (`None` while busy).
    pub on_submit: Option<M>,
    /// Shown (with ⚠) under the field once the person tried to submit.
    pub error: Option<FieldError>,
}

/// The label, the field and the line kept for its error.
pub fn field<'a, M: Clone + 'a>(look: Look, f: Field<'_, M>) -> Element<'a, M> {
    let label = widgets::lines(look, BODY * 0.85, |l| widgets::tr(l, f.id));
    let width = look.px(640.0).min(1000.0);
    let input = text_input("", f.value)
        .id(f.id)
        .secure(f.secure)
        .size(look.px(28.0))
        .padding(look.pad(12.0))
        .style(widgets::field_style(look))
        .width(Length::Fixed(width))
        .on_input(f.on_input)
        .on_submit_maybe(f.on_submit);
    let error = f.error.clone().unwrap_or(FieldError::PasswordsDiffer);
    column![
        label,
        input,
        shown_or_reserved(f.error.is_some(), warning(look, move |l| error.text(l)))
    ]
    .spacing(look.pad(6.0))
    .width(Length::Fixed(width))
    .into()
}

/// "⚠ Caps Lock is on": under the password fields, its room kept when off.
pub fn caps_lock<'a, M: 'a>(look: Look, on: bool) -> Element<'a, M> {
    shown_or_reserved(on, warning(look, |l| widgets::tr(l, "form-caps-lock")))
}

/// A short warning in the problem colour with ⚠ (not colour alone), one line per language.
pub fn warning<'a, M: 'a>(look: Look, f: impl Fn(Language) -> String) -> Element<'a, M> {
    let lines = look.languages().iter().enumerate().map(|(i, l)| {
        let size = if i == 0 { BODY * 0.8 } else { BODY * 0.8 * 0.8 };
        text(f(*l))
            .size(look.px(size))
            .style(|theme: &Theme| text::Style {
                color: Some(widgets::problem_colour(theme)),
            })
            .into()
    });
    row![
        text(widgets::WARNING)
            .font(widgets::BOLD)
            .size(look.px(BODY * 0.9))
            .style(|theme: &Theme| text::Style {
                color: Some(widgets::problem_colour(theme)),
            }),
        iced::widget::Column::with_children(lines).spacing(2)
    ]
    .spacing(look.pad(8.0))
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_protocol_rules_are_checked_before_sending() {
        assert_eq!(check_new_password(""), Some(FieldError::PasswordEmpty));
        assert_eq!(
            check_new_password("abc12"),
            Some(FieldError::PasswordLength(5))
        );
        assert_eq!(
            check_new_password("abcdefghijklm"),
            Some(FieldError::PasswordLength(13))
        );
        assert_eq!(check_new_password("abc123"), None);
        // Characters, not bytes: six Chinese characters are six.
        assert_eq!(check_new_password("健保卡密碼六"), None);
        assert_eq!(
            check_repeat("abc123", "abc124"),
            Some(FieldError::PasswordsDiffer)
        );
        assert_eq!(check_repeat("abc123", "abc123"), None);
        assert_eq!(check_email(" "), Some(FieldError::EmailEmpty));
        assert_eq!(check_email("me@localhost"), Some(FieldError::EmailShape));
        assert_eq!(check_email("me@example.org"), None);
        assert_eq!(check_code(" \n"), Some(FieldError::CodeEmpty));
        assert_eq!(check_code("K7QX-2M9D-HF3T"), None);
    }
}
