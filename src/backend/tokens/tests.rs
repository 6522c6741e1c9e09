use super::*;
use crate::token::software::{DEMO_PIN, DemoToken};

fn summary(slot: u64, description: &str) -> TokenSummary {
    TokenSummary {
        slot: SlotId(slot),
        slot_description: description.into(),
        label: format!("token {slot}"),
        manufacturer: String::new(),
        model: String::new(),
        pin: PinState::Usable {
            tries: PinTries::Unknown,
        },
        pin_length: (6, 8),
    }
}

#[test]
fn the_token_is_found_by_slot_then_reader_then_alone() {
    let two = || {
        vec![
            summary(1, "Generic USB Reader 00 00"),
            // PKCS#11 cuts a slot description at 64 characters.
            summary(2, &"Very Long Reader Name ".repeat(3)[..64]),
        ]
    };
    assert_eq!(
        choose(two(), None, Some(TokenSlot(2))).unwrap().slot,
        SlotId(2)
    );
    assert_eq!(
        choose(two(), None, Some(TokenSlot(9))),
        Err(TokenError::TokenRemoved)
    );
    assert_eq!(
        choose(two(), Some("Generic USB Reader 00 00"), None)
            .unwrap()
            .slot,
        SlotId(1)
    );
    let long = "Very Long Reader Name ".repeat(3);
    assert_eq!(choose(two(), Some(&long), None).unwrap().slot, SlotId(2));
    // Two tokens, neither in the reader asked about: not guessed.
    assert_eq!(
        choose(two(), Some("Another Reader"), None),
        Err(TokenError::NoToken)
    );
    assert_eq!(
        choose(
            vec![summary(5, "SoftHSM slot ID 0x5")],
            Some("Another Reader"),
            None
        )
        .unwrap()
        .slot,
        SlotId(5)
    );
    assert_eq!(choose(vec![], None, None), Err(TokenError::NoToken));
}

fn demo() -> (Tokens, Arc<Mutex<SoftwareToken>>) {
    let DemoToken { token, .. } = SoftwareToken::demo().unwrap();
    let token = Arc::new(Mutex::new(token));
    (Tokens::software(token.clone()), token)
}

#[tokio::test]
async fn the_card_shows_the_masked_name_and_the_pin_state() {
    let (tokens, _) = demo();
    let (card, certificate) = tokens.read_certificate(None, None).await.unwrap();
    assert_eq!(card.masked_name.expose(), "王○明");
    assert_eq!(card.pin, PinWarning::None);
    assert_eq!(card.pin_length, (6, 8));
    assert!(!certificate.der.is_empty());
    let debug = format!("{card:?}");
    assert!(!debug.contains("王"), "{debug}");
}

#[tokio::test]
async fn a_wrong_pin_is_said_as_the_token_says_it_and_the_card_remembers() {
    let (tokens, _) = demo();
    let slot = TokenSlot(SoftwareToken::SLOT.0);
    let wrong = tokens.sign(slot, Pin::new("000000"), b"m".to_vec()).await;
    assert_eq!(
        wrong,
        Err(Problem::Certificate(CertificateProblem::PinIncorrect))
    );
    let (card, _) = tokens.read_certificate(None, None).await.unwrap();
    assert_eq!(card.pin, PinWarning::CountLow);
    let signed = tokens.sign(slot, Pin::new(DEMO_PIN), b"m".to_vec()).await;
    assert!(signed.is_ok(), "{signed:?}");
}

#[tokio::test]
async fn a_card_taken_out_is_said_so() {
    let (tokens, token) = demo();
    token.lock().unwrap().set_present(false);
    assert_eq!(
        tokens.read_certificate(None, None).await.map(drop),
        Err(Problem::Certificate(CertificateProblem::NoCard))
    );
    assert_eq!(
        tokens.signing_certificate(TokenSlot(0)).await.map(drop),
        Err(Problem::Certificate(CertificateProblem::CardRemoved))
    );
}

#[tokio::test]
async fn no_module_is_said_as_what_to_install() {
    let tokens = Tokens::pkcs11(Some("/nonexistent/libHicos_p11.so".into()));
    assert_eq!(
        tokens.read_certificate(None, None).await.map(drop),
        Err(Problem::Certificate(CertificateProblem::ModuleMissing))
    );
    assert!(tokens.is_module());
}
