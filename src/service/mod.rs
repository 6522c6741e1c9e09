//! The registration protocol: types, the HTTP client and the reference service.
