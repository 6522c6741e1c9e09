//! Secrets that cross the wire: the registration password and the session token.
//!
//! Both live in zeroizing buffers (wiped when dropped), print as `***` in `Debug`, and have no
//! `Display`, so a stray `{}` or `{:?}` in a log line cannot leak them. They (de)serialise as
//! plain JSON strings because the protocol needs them there; the copy inside the HTTP stack's
//! buffers is outside our control and short-lived.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

macro_rules! secret_string {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(Zeroizing<String>);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(Zeroizing::new(value.into()))
            }

            /// The secret itself. Call sites are few and reviewed: sending it, hashing it.
            pub fn expose(&self) -> &str {
                self.0.as_str()
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("***")
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.expose())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::new)
            }
        }
    };
}

secret_string!(
    /// The registration password (註冊密碼).
    Password
);
secret_string!(
    /// A session token (bearer).
    SessionToken
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        assert_eq!(format!("{:?}", Password::new("Demo1234")), "***");
        assert_eq!(format!("{:?}", SessionToken::new("abc")), "***");
    }

    #[test]
    fn serialises_as_a_plain_string() {
        let p = Password::new("Demo1234");
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"Demo1234\"");
        let back: Password = serde_json::from_str("\"Demo1234\"").unwrap();
        assert_eq!(back, p);
    }
}
