//! The flow's answers to replies: what each effect's outcome does to the state.

use super::*;

impl Flow {
    pub(crate) fn on_reply(
        &mut self,
        state: State,
        reply: Reply,
        now: Instant,
        fx: &mut Vec<Effect>,
    ) -> State {
        let (session, stage) = match state {
            State::Reading { reader } => {
                return match reply {
                    Reply::CardRead(Ok(holder)) => State::Card {
                        session: CardSession::nhi(reader, holder),
                        stage: Stage::CardReady {
                            problem: None,
                            note: None,
                        },
                    },
                    // Its ATR says so, and nothing was sent to it: open it through its module.
                    Reply::CardRead(Err(Problem::CitizenDigitalCertificate)) => {
                        self.open_token(Some(reader), None, fx)
                    }
                    Reply::CardRead(Err(
                        problem @ (Problem::NotNhiCard | Problem::HealthProfessionalCard),
                    )) => State::NotNhiCard { reader, problem },
                    // The removal signal follows; wait for a card meanwhile.
                    Reply::CardRead(Err(Problem::CardRemoved | Problem::NoCard)) => self.idle(),
                    Reply::CardRead(Err(problem)) => State::ReadFailed { reader, problem },
                    _ => State::Reading { reader },
                };
            }
            State::OpeningToken { reader, slot } => {
                return self.certificate_opened(reader, slot, reply);
            }
            State::Card { session, stage } => (session, stage),
            other => return other,
        };
        let stage = match (stage, reply) {
            (Stage::CertificateSigningIn, Reply::CertificateSignedIn(result)) => {
                return self.certificate_signed_in(session, result, fx);
            }
            (Stage::SigningIn, Reply::SignedIn(Ok(token))) => {
                // The person came for a code: make one straight away.
                let for_effect = token.clone();
                self.issue(fx, |ticket| Effect::CreateCode {
                    ticket,
                    token: for_effect,
                });
                Stage::CreatingCode { token }
            }
            (Stage::SigningIn, Reply::SignedIn(Err(Problem::EmailNotVerified))) => {
                Stage::EmailVerification {
                    busy: false,
                    resent: false,
                    problem: None,
                    sent_to: None,
                }
            }
            (Stage::SigningIn, Reply::SignedIn(Err(problem))) => Stage::CardReady {
                problem: Some(problem),
                note: None,
            },
            (Stage::FirstTimeApplication { busy: true, .. }, Reply::ApplicationSent(result)) => {
                match result {
                    Ok(to) => Stage::EmailVerification {
                        busy: false,
                        resent: false,
                        problem: None,
                        sent_to: Some(to),
                    },
                    Err(problem) => Stage::FirstTimeApplication {
                        busy: false,
                        problem: Some(problem),
                    },
                }
            }
            (
                Stage::EmailVerification {
                    busy: true,
                    resent,
                    sent_to,
                    ..
                },
                Reply::VerificationResent(result),
            ) => match result {
                Ok(to) => Stage::EmailVerification {
                    busy: false,
                    resent: true,
                    problem: None,
                    sent_to: Some(to),
                },
                Err(problem) => Stage::EmailVerification {
                    busy: false,
                    resent,
                    problem: Some(problem),
                    sent_to,
                },
            },
            (Stage::PasswordReset { busy: true, .. }, Reply::PasswordResetSent(result)) => {
                match result {
                    Ok(to) => Stage::PasswordReset {
                        busy: false,
                        sent_to: Some(to),
                        problem: None,
                    },
                    Err(problem) => Stage::PasswordReset {
                        busy: false,
                        sent_to: None,
                        problem: Some(problem),
                    },
                }
            }
            (
                Stage::EmailVerification {
                    busy: true,
                    resent,
                    sent_to,
                    ..
                },
                Reply::EmailVerified(result),
            ) => match result {
                Ok(()) => Stage::CardReady {
                    problem: None,
                    note: Some(Note::EmailVerified),
                },
                // A wrong or used code, a network failure…: stay, say why, let them retype.
                Err(problem) => Stage::EmailVerification {
                    busy: false,
                    resent,
                    problem: Some(problem),
                    sent_to,
                },
            },
            (
                Stage::PasswordReset {
                    busy: true,
                    sent_to: Some(to),
                    ..
                },
                Reply::PasswordChanged(result),
            ) => match result {
                Ok(()) => Stage::CardReady {
                    problem: None,
                    note: Some(Note::PasswordChanged),
                },
                Err(problem) => Stage::PasswordReset {
                    busy: false,
                    sent_to: Some(to),
                    problem: Some(problem),
                },
            },
            (Stage::CreatingCode { token }, Reply::CodeCreated(Ok(code))) => {
                Stage::DeviceCodeShown {
                    token,
                    deadline: code.deadline.unwrap_or(now + code.ttl),
                    next_poll: now + POLL_INTERVAL,
                    code,
                }
            }
            (Stage::CreatingCode { token }, Reply::CodeCreated(Err(problem))) => {
                return service_failed(session, token, problem, Retry::CreateCode);
            }
            (
                Stage::DeviceCodeShown {
                    token,
                    code,
                    deadline,
                    ..
                },
                Reply::CodeStatus(result),
            ) => match result {
                Ok(CodeStatus::Redeemed(device)) => Stage::Verified { token, device },
                Ok(CodeStatus::Expired) => Stage::Expired { token },
                Err(Problem::SessionExpired) => return session_lost(session),
                // Pending, or a failed poll: the code is still valid, keep it on screen and
                // ask again later rather than alarm the person.
                Ok(CodeStatus::Pending) | Err(_) => Stage::DeviceCodeShown {
                    token,
                    code,
                    deadline,
                    next_poll: now + POLL_INTERVAL,
                },
            },
            (
                Stage::Devices {
                    token,
                    devices,
                    revoked,
                    ..
                },
                Reply::DevicesListed(result),
            ) => match result {
                Ok(list) => Stage::Devices {
                    token,
                    devices: Some(list),
                    busy: false,
                    problem: None,
                    revoked,
                },
                Err(problem) if devices.is_none() => {
                    return service_failed(session, token, problem, Retry::ListDevices);
                }
                Err(Problem::SessionExpired) => return session_lost(session),
                Err(problem) => Stage::Devices {
                    token,
                    devices,
                    busy: false,
                    problem: Some(problem),
                    revoked,
                },
            },
            (Stage::Devices { token, devices, .. }, Reply::DeviceRevoked(result)) => match result {
                Ok(id) => {
                    // The note names the phone that went, as the list showed it.
                    let revoked = devices
                        .iter()
                        .flatten()
                        .find(|d| d.id == id)
                        .map(|d| d.label.clone());
                    let for_effect = token.clone();
                    self.issue(fx, |ticket| Effect::ListDevices {
                        ticket,
                        token: for_effect,
                    });
                    Stage::Devices {
                        token,
                        devices,
                        busy: true,
                        problem: None,
                        revoked,
                    }
                }
                Err(Problem::SessionExpired) => return session_lost(session),
                Err(problem) => Stage::Devices {
                    token,
                    devices,
                    busy: false,
                    problem: Some(problem),
                    revoked: None,
                },
            },
            // A reply that does not fit (cannot happen with tickets): keep the state.
            (stage, _) => stage,
        };
        State::Card { session, stage }
    }
}
