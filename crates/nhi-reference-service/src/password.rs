//! Password hashing: Argon2id in PHC string form, so the cost travels with each hash and can
//! be raised later without breaking stored ones. Slow on purpose: call from `spawn_blocking`.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;

use super::config::HashCost;
use nhi_protocol::protocol::Password;

pub fn hash(password: &Password, cost: HashCost) -> Result<String, String> {
    let params = Params::new(cost.memory_kib, cost.iterations, 1, None)
        .map_err(|e| format!("argon2 parameters: {e}"))?;
    let mut salt_bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut salt_bytes);
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| format!("salt: {e}"))?;
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("argon2: {e}"))
}

/// `false` for a wrong password and for an unreadable stored hash alike.
pub fn verify(password: &Password, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.expose().as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_and_hides_the_password() {
        let pw = Password::new("Demo1234");
        let h = hash(&pw, HashCost::CHEAP).unwrap();
        assert!(!h.contains("Demo1234"));
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(&pw, &h));
        assert!(!verify(&Password::new("Demo1235"), &h));
        assert!(!verify(&pw, "garbage"));
    }
}
