use super::*;

#[test]
fn mail_codes_are_written_in_groups_and_read_back_however_typed() {
    assert_eq!(format_mail_code("K7QX2M9DHF3T"), "K7QX-2M9D-HF3T");
    for typed in [
        "K7QX-2M9D-HF3T",
        "k7qx 2m9d hf3t",
        "\n K7QX2M9DHF3T \r\n",
        "k7qx-2m9d-hf3t",
    ] {
        assert_eq!(normalize_mail_code(typed), "K7QX2M9DHF3T", "{typed:?}");
    }
}

#[test]
fn error_codes_serialise_to_their_stable_strings() {
    for code in ErrorCode::ALL {
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, format!("\"{}\"", code.as_str()));
        let back: ErrorCode = serde_json::from_str(&json).unwrap();
        assert_eq!(back, code);
    }
}

#[test]
fn error_body_omits_absent_details() {
    let body = ErrorBody::new(ErrorCode::CodeExpired, "expired");
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"{"error":"code_expired","message":"expired"}"#
    );
}

#[test]
fn device_code_shape_uses_the_unambiguous_alphabet() {
    assert!(is_device_code_shape("ABCD2345"));
    assert!(
        is_device_code_shape("abcd2345"),
        "phones may type lowercase"
    );
    assert!(
        !is_device_code_shape("ABCD234O"),
        "O is not in the alphabet"
    );
    assert!(
        !is_device_code_shape("ABCD1234"),
        "1 is not in the alphabet"
    );
    assert!(!is_device_code_shape("ABC2345"));
}

#[test]
fn password_rule_counts_characters() {
    assert!(password_length_ok("Demo1234"));
    assert!(!password_length_ok("12345"));
    assert!(!password_length_ok("1234567890123"));
    assert!(password_length_ok("健保卡密碼一二"));
}

#[test]
fn debug_of_password_bodies_hides_the_password() {
    let req = SignInRequest {
        challenge_id: "c".into(),
        card_answer: "00".into(),
        id_number: "A123456789".into(),
        password: Password::new("Demo1234"),
    };
    let shown = format!("{req:?}");
    assert!(!shown.contains("Demo1234") && !shown.contains("A123456789"));
}
