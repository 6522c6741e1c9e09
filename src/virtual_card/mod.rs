//! A virtual NHI card: APDU responder and the vpcd socket client.
