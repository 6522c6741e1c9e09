//! The flow's answers to the person's intents while a card is in the reader.

use super::*;

impl Flow {
    pub(crate) fn on_intent(&mut self, state: State, intent: Event, fx: &mut Vec<Effect>) -> State {
        match (state, intent) {
            (State::ReadFailed { reader, .. }, Event::Retry) => self.read(reader, fx),
            (State::CertificateFailed { reader, slot, .. }, Event::Retry) => {
                self.open_token(Some(reader), slot, fx)
            }
            (State::Card { session, stage }, intent) => {
                self.card_intent(session, stage, intent, fx)
            }
            (state, _) => state,
        }
    }

    pub(crate) fn card_intent(
        &mut self,
        session: CardSession,
        stage: Stage,
        intent: Event,
        fx: &mut Vec<Effect>,
    ) -> State {
        if let Event::SignOut = intent {
            return self.sign_out(session, stage, fx);
        }
        let stage = match (stage, intent) {
            (Stage::CertificateReady { problem }, Event::SubmitCertificate { id_number, pin }) => {
                return self.submit_certificate(session, problem, id_number, pin, fx);
            }
            (Stage::CardReady { .. }, Event::SubmitPassword(password)) if !password.is_empty() => {
                let Some((reader, card_number, id_number)) = card_ids(&session) else {
                    return not_for_this_card(session);
                };
                self.issue(fx, |ticket| Effect::SignIn {
                    ticket,
                    reader,
                    card_number,
                    id_number,
                    password,
                });
                Stage::SigningIn
            }
            (Stage::CardReady { .. }, Event::StartApplication) => Stage::FirstTimeApplication {
                busy: false,
                problem: None,
            },
            (Stage::CardReady { .. }, Event::ForgotPassword) => Stage::PasswordReset {
                busy: false,
                sent_to: None,
                problem: None,
            },
            (
                Stage::FirstTimeApplication { busy: false, .. },
                Event::SubmitApplication { password, email },
            ) => {
                let Some((reader, card_number, id_number)) = card_ids(&session) else {
                    return not_for_this_card(session);
                };
                self.issue(fx, |ticket| Effect::Apply {
                    ticket,
                    reader,
                    card_number,
                    id_number,
                    password,
                    email,
                });
                Stage::FirstTimeApplication {
                    busy: true,
                    problem: None,
                }
            }
            (
                Stage::EmailVerification {
                    busy: false,
                    resent,
                    sent_to,
                    ..
                },
                Event::ResendVerification,
            ) => {
                let Some((reader, card_number, id_number)) = card_ids(&session) else {
                    return not_for_this_card(session);
                };
                self.issue(fx, |ticket| Effect::ResendVerification {
                    ticket,
                    reader,
                    card_number,
                    id_number,
                });
                Stage::EmailVerification {
                    busy: true,
                    resent,
                    problem: None,
                    sent_to,
                }
            }
            (
                Stage::EmailVerification {
                    busy: false,
                    resent,
                    sent_to,
                    ..
                },
                Event::SubmitVerificationToken(token),
            ) if !token.is_empty() => {
                self.issue(fx, |ticket| Effect::VerifyEmail { ticket, token });
                Stage::EmailVerification {
                    busy: true,
                    resent,
                    problem: None,
                    sent_to,
                }
            }
            (
                Stage::PasswordReset {
                    busy: false,
                    sent_to: Some(to),
                    ..
                },
                Event::SubmitResetToken {
                    token,
                    new_password,
                },
            ) if !token.is_empty() && !new_password.is_empty() => {
                self.issue(fx, |ticket| Effect::ResetPassword {
                    ticket,
                    token,
                    new_password,
                });
                Stage::PasswordReset {
                    busy: true,
                    sent_to: Some(to),
                    problem: None,
                }
            }
            (
                Stage::PasswordReset {
                    busy: false,
                    sent_to,
                    ..
                },
                Event::SubmitPasswordReset,
            ) => {
                let Some((reader, card_number, id_number)) = card_ids(&session) else {
                    return not_for_this_card(session);
                };
                self.issue(fx, |ticket| Effect::RequestPasswordReset {
                    ticket,
                    reader,
                    card_number,
                    id_number,
                });
                Stage::PasswordReset {
                    busy: true,
                    sent_to,
                    problem: None,
                }
            }
            (
                Stage::SignedIn { token }
                | Stage::DeviceCodeShown { token, .. }
                | Stage::Verified { token, .. }
                | Stage::Expired { token },
                Event::GenerateCode,
            ) => {
                let for_effect = token.clone();
                self.issue(fx, |ticket| Effect::CreateCode {
                    ticket,
                    token: for_effect,
                });
                Stage::CreatingCode { token }
            }
            (
                Stage::SignedIn { token }
                | Stage::Verified { token, .. }
                | Stage::Expired { token },
                Event::ShowDevices,
            ) => {
                let for_effect = token.clone();
                self.issue(fx, |ticket| Effect::ListDevices {
                    ticket,
                    token: for_effect,
                });
                Stage::Devices {
                    token,
                    devices: None,
                    busy: true,
                    problem: None,
                    revoked: None,
                }
            }
            (
                Stage::Devices {
                    token,
                    devices,
                    busy: false,
                    ..
                },
                Event::Revoke(device_id),
            ) => {
                let for_effect = token.clone();
                self.issue(fx, |ticket| Effect::RevokeDevice {
                    ticket,
                    token: for_effect,
                    device_id,
                });
                Stage::Devices {
                    token,
                    devices,
                    busy: true,
                    problem: None,
                    revoked: None,
                }
            }
            (Stage::Failed { token, retry, .. }, Event::Retry) => {
                let for_effect = token.clone();
                match retry {
                    Retry::CreateCode => {
                        self.issue(fx, |ticket| Effect::CreateCode {
                            ticket,
                            token: for_effect,
                        });
                        Stage::CreatingCode { token }
                    }
                    Retry::ListDevices => {
                        self.issue(fx, |ticket| Effect::ListDevices {
                            ticket,
                            token: for_effect,
                        });
                        Stage::Devices {
                            token,
                            devices: None,
                            busy: true,
                            problem: None,
                            revoked: None,
                        }
                    }
                }
            }
            (Stage::CertificateSigningIn, Event::Back) => {
                self.cancel_pending(fx);
                Stage::CertificateReady { problem: None }
            }
            (
                Stage::SigningIn
                | Stage::FirstTimeApplication { .. }
                | Stage::EmailVerification { .. }
                | Stage::PasswordReset { .. },
                Event::Back,
            ) => {
                self.cancel_pending(fx);
                Stage::CardReady {
                    problem: None,
                    note: None,
                }
            }
            (
                Stage::CreatingCode { token }
                | Stage::DeviceCodeShown { token, .. }
                | Stage::Verified { token, .. }
                | Stage::Expired { token }
                | Stage::Devices { token, .. }
                | Stage::Failed { token, .. },
                Event::Back,
            ) => {
                self.cancel_pending(fx);
                Stage::SignedIn { token }
            }
            (stage, _) => stage,
        };
        State::Card { session, stage }
    }

    /// Sign out of a signed-in step: the service is told, the token leaves with the step.
    /// From a signed-out step it does nothing.
    pub(crate) fn sign_out(
        &mut self,
        session: CardSession,
        stage: Stage,
        fx: &mut Vec<Effect>,
    ) -> State {
        let stage = match stage.into_token() {
            Ok(token) => {
                self.cancel_pending(fx);
                fx.push(Effect::SignOut { token });
                session.signed_out_stage(None)
            }
            Err(signed_out) => signed_out,
        };
        State::Card { session, stage }
    }
}

/// An NHI card's step asked of a session with another card (cannot happen through the
/// screens): back to the step that card signs in from.
fn not_for_this_card(session: CardSession) -> State {
    State::Card {
        stage: session.signed_out_stage(None),
        session,
    }
}
