//! NHI card APDUs and parsing. Pure: no I/O.
