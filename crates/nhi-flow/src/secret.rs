//! Strings that must not outlive their use: passwords, session tokens, device codes and the
//! card holder's identifiers. The memory is zeroized on drop and `Debug` never prints them,
//! so a stray `{:?}` in a log cannot leak them.

use zeroize::Zeroizing;

/// A zeroizing string whose `Debug` is redacted.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(Zeroizing::new(value.into()))
    }

    /// The value, for the one place that must send or show it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret::new(value)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_does_not_print_the_value() {
        let s = Secret::new("Demo1234");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(s.expose(), "Demo1234");
    }
}
