//! PC/SC behind a trait: the pcsc backend, the scripted fake and the hot-plug monitor.
