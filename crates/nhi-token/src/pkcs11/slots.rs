//! Every slot of a module, token or not, for the diagnostics (the flow needs only the slots
//! with a token: `CertificateToken::tokens`).

use super::{Pkcs11Token, SlotId, TokenError, TokenSummary};

impl Pkcs11Token {
    /// Every slot the module has, with its description and whether an (initialised) token is
    /// in it, for the diagnostics: with HiCOS a slot per reader, so an empty one says "that
    /// reader is seen, no card". Read each token with [`Pkcs11Token::summary_of`], so one
    /// token that fails does not hide the others.
    pub fn all_slots(&self) -> Result<Vec<(SlotId, String, bool)>, TokenError> {
        let slots = self
            .ctx
            .get_all_slots()
            .map_err(|e| TokenError::from_cryptoki(&e))?;
        Ok(slots
            .into_iter()
            .map(|slot| {
                let info = self.ctx.get_slot_info(slot).ok();
                let description = info
                    .as_ref()
                    .map(|s| s.slot_description().trim().to_owned())
                    .unwrap_or_default();
                // Asked slot by slot: a token that fails here is left for `summary_of` to
                // report, not the whole list (an uninitialised token, as SoftHSM2's spare
                // slot holds, is no card to sign in with).
                let present = info.is_some_and(|i| i.token_present())
                    && self
                        .ctx
                        .get_token_info(slot)
                        .map_or(true, |t| t.token_initialized());
                (SlotId(slot.id()), description, present)
            })
            .collect())
    }

    /// The summary of the token in `slot` alone (labels and PIN state, no session).
    pub fn summary_of(&self, slot: SlotId) -> Result<TokenSummary, TokenError> {
        let slot = self.slot(slot)?;
        self.summary(slot).map_err(|e| self.removed_or(slot, e))
    }
}
