//! NHI card APDUs and parsing. Pure: no I/O.

pub mod auth;
pub mod demo;
