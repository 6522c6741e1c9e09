//! The problems' words in both languages, and the lower layers' errors mapped onto them.

use std::collections::HashSet;

use super::*;
use crate::card::CardError;
use crate::reader::{ReadError, ReaderError};
use crate::service::ServiceError;

#[test]
fn every_problem_has_a_distinct_title_and_a_hint_in_both_languages() {
    let oses = [Os::Linux, Os::Windows, Os::MacOs];
    for language in Language::ALL {
        let mut titles = HashSet::new();
        for problem in Problem::examples() {
            let title = problem.title(language);
            assert!(!title.starts_with("problem-"), "{problem:?} has no title");
            assert!(
                titles.insert(title.clone()),
                "{problem:?}: title reused: {title}"
            );
            for os in oses {
                let hint = problem.hint_for(language, os);
                assert!(
                    !hint.starts_with("problem-") && hint.len() > 10,
                    "{problem:?} {language:?} {os:?}: no hint"
                );
            }
        }
    }
}

#[test]
fn service_advice_is_per_os() {
    let p = Problem::SmartCardServiceNotRunning;
    assert!(p.hint_for(Language::English, Os::Linux).contains("pcscd"));
    assert!(
        p.hint_for(Language::English, Os::Windows)
            .contains("SCardSvr")
    );
    assert!(
        p.hint_for(Language::TraditionalChinese, Os::Windows)
            .contains("智慧卡")
    );
}

#[test]
fn one_line_has_both_languages_and_no_newline() {
    let line = Problem::NotNhiCard.one_line();
    assert!(
        line.contains("not an NHI card") && line.contains("這不是健保卡"),
        "{line}"
    );
    assert!(!line.contains('\n'));
}

#[test]
fn lower_layer_errors_keep_their_details() {
    use std::time::Duration;
    assert_eq!(
        (ServiceError::WrongPassword {
            attempts_left: Some(3)
        })
        .problem(),
        Problem::WrongPassword { attempts_left: 3 }
    );
    // Locked: how long, and until when on this computer's clock (HH:MM, rounded up).
    let before = chrono::Local::now();
    let locked = (ServiceError::Locked {
        retry_after: Some(Duration::from_secs(61)),
    })
    .problem();
    let after = chrono::Local::now();
    let Problem::AccountLocked { minutes, until } = &locked else {
        panic!("{locked:?}");
    };
    assert_eq!(*minutes, 2);
    let expected = |t: chrono::DateTime<chrono::Local>| {
        (t + Duration::from_secs(61 + 59))
            .format("%H:%M")
            .to_string()
    };
    assert!(
        *until == expected(before) || *until == expected(after),
        "{until}"
    );
    assert!(locked.hint(Language::English).contains(until.as_str()));
    assert!(
        locked
            .hint(Language::TraditionalChinese)
            .contains(until.as_str())
    );
    assert_eq!(
        (ServiceError::RateLimited {
            retry_after: Some(Duration::from_secs(7))
        })
        .problem(),
        Problem::RateLimited { seconds: 7 }
    );
    assert_eq!(ReaderError::SharingViolation.problem(), Problem::CardInUse);
    assert_eq!(
        (ReadError::Card(CardError::HealthProfessionalCard)).problem(),
        Problem::HealthProfessionalCard
    );
    assert_eq!(
        ReaderError::NoService.problem(),
        Problem::SmartCardServiceNotRunning
    );
}
