//! Card proof through a REAL pcscd (vsmartcard vpcd readers), on the desktop app's own card
//! path (`Cards::pcsc`), against the reference service on loopback with the client's default
//! timeouts: pcscd's power-down of an unused card measured, a challenge step slower than any
//! power-down grace period, another program resetting or reading the card in between.
//!
//! The app in a window on the same stack is `tests/ui_xvfb_pcscd.rs`.

mod service_support;
mod support;

use std::ffi::CString;
use std::time::{Duration, Instant};

use nhi_companion::backend::{Backend, Cards, Registration};
use nhi_companion::card::apdu::{GET_CHALLENGE, READ_BASIC_DATA, SELECT_NHI};
use nhi_companion::card::demo::{DEMO_CARD_NUMBER, DEMO_ID_NUMBER, DEMO_PASSWORD};
use nhi_companion::flow::{Effect, Reply, Ticket};
use nhi_companion::service::protocol::{FaultKind, FaultRequest};
use nhi_companion::service::{ClientOptions, RegistrationClient};
use nhi_companion::virtual_card::CardProfile;
use pcsc::{Context, Disposition, Protocols, Scope, ShareMode};
use service_support::{Env, config, start};
use support::pcscd::{Pcscd, reader, split_sw, with_card};

/// pcsc-lite's `PCSCLITE_POWER_OFF_GRACE_PERIOD` (src/pcscd.h.in, 1.9.9 and later): the most
/// any reader waits before an unused card is powered down. A reader driver without its own
/// polling (vpcd) is powered down sooner, on pcscd's 400 ms status poll.
const GRACE_PERIOD: Duration = Duration::from_secs(5);
/// Slower than any grace period, well within the client's 15 s read timeout.
const LATE: Duration = Duration::from_secs(7);

fn authenticate() -> Vec<u8> {
    let mut apdu = vec![0x00, 0x82, 0x11, 0x12, 0x20];
    apdu.extend_from_slice(&[0x5A; 32]);
    apdu.push(0x10);
    apdu
}

/// The old way: GET CHALLENGE, disconnect, `wait`, connect again, authenticate. Whether the
/// card had lost its random by then (`69 85`).
fn random_lost_after(wait: Duration) -> bool {
    with_card(&reader(0), |c| {
        assert_eq!(split_sw(&c.transmit(&SELECT_NHI)).1, 0x9000);
        assert_eq!(split_sw(&c.transmit(&GET_CHALLENGE)).1, 0x9000);
    });
    std::thread::sleep(wait);
    let sw = with_card(&reader(0), |c| split_sw(&c.transmit(&authenticate())).1);
    match sw {
        0x9000 => false,
        0x6985 => true,
        other => panic!("authentication answered {other:04X}"),
    }
}

async fn service() -> (Env, Registration) {
    let env = start(config()).await;
    // The app's own timeouts, not the fault tests' short ones.
    let client =
        RegistrationClient::with_options(&env.service.base_url(), ClientOptions::default())
            .unwrap();
    let backend = Registration::new(Cards::pcsc(), client);
    (env, backend)
}

async fn late_challenge(env: &Env, delay: Duration) {
    env.client
        .inject_fault(&FaultRequest {
            kind: FaultKind::Delay,
            count: 1,
            delay_ms: Some(delay.as_millis() as u64),
            path_prefix: Some("/api/v1/sign-in/challenge".into()),
        })
        .await
        .unwrap();
}

fn sign_in() -> Effect {
    Effect::SignIn {
        ticket: Ticket(1),
        reader: reader(0),
        card_number: DEMO_CARD_NUMBER.into(),
        id_number: DEMO_ID_NUMBER.into(),
        password: DEMO_PASSWORD.into(),
    }
}

fn assert_signed_in(reply: Option<Reply>) {
    assert!(
        matches!(reply, Some(Reply::SignedIn(Ok(_)))),
        "sign-in failed: {reply:?}"
    );
}

#[test]
fn pcscd_powers_an_unused_card_down_and_its_random_is_lost() {
    let pcscd = Pcscd::acquire();
    let (card, _) = pcscd.insert_and_wait(0, CardProfile::default());
    let mut table = Vec::new();
    for ms in [0, 100, 250, 500, 1_000, 2_000] {
        table.push((ms, random_lost_after(Duration::from_millis(ms))));
    }
    eprintln!("pcscd + vpcd: random lost after a gap of (ms, lost): {table:?}");
    // Past the longest grace period pcsc-lite has, the random is gone for sure.
    assert!(random_lost_after(GRACE_PERIOD + Duration::from_secs(1)));
    // At once it is still there: the loss is the power-down, not the reconnect.
    assert!(!table[0].1, "lost even without a gap: {table:?}");
    pcscd.remove(card);
}

#[test]
fn a_challenge_step_slower_than_the_grace_period_signs_in() {
    let pcscd = Pcscd::acquire();
    let (card, _) = pcscd.insert_and_wait(0, CardProfile::default());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let (env, backend) = service().await;
        late_challenge(&env, LATE).await;
        let started = Instant::now();
        assert_signed_in(backend.perform(sign_in()).await);
        assert!(started.elapsed() >= LATE, "the delay did not apply");
        eprintln!(
            "signed in after a {LATE:?} challenge step: {:?}",
            started.elapsed()
        );
    });
    pcscd.remove(card);
}

/// What another program does to the card while the challenge request is on the network.
#[derive(Debug, Clone, Copy)]
enum Meddle {
    /// `SCardReconnect(SCARD_RESET_CARD)`: the card restarts (its random is gone) and every
    /// other handle gets `SCARD_W_RESET_CARD` once.
    Reset,
    /// What the official card component does when it polls: SELECT + READ.
    SelectAndRead,
}

fn meddle(how: Meddle) {
    let name = CString::new(reader(0)).unwrap();
    let ctx = Context::establish(Scope::User).unwrap();
    let mut card = ctx
        .connect(&name, ShareMode::Shared, Protocols::ANY)
        .unwrap();
    match how {
        Meddle::Reset => card
            .reconnect(ShareMode::Shared, Protocols::ANY, Disposition::ResetCard)
            .unwrap(),
        Meddle::SelectAndRead => {
            let mut buf = [0u8; pcsc::MAX_BUFFER_SIZE];
            card.transmit(&SELECT_NHI, &mut buf).unwrap();
            card.transmit(&READ_BASIC_DATA, &mut buf).unwrap();
        }
    }
    card.disconnect(Disposition::LeaveCard)
        .map_err(|(_, e)| e)
        .unwrap();
}

#[test]
fn another_program_resetting_or_reading_the_card_in_between_costs_nothing() {
    let pcscd = Pcscd::acquire();
    let (card, _) = pcscd.insert_and_wait(0, CardProfile::default());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    for how in [Meddle::Reset, Meddle::SelectAndRead] {
        runtime.block_on(async {
            let (env, backend) = service().await;
            late_challenge(&env, Duration::from_secs(3)).await;
            let sign_in = tokio::spawn(async move { backend.perform(sign_in()).await });
            // GET CHALLENGE is done and the request waits at the service.
            tokio::time::sleep(Duration::from_secs(1)).await;
            tokio::task::spawn_blocking(move || meddle(how))
                .await
                .unwrap();
            let started = Instant::now();
            assert_signed_in(sign_in.await.unwrap());
            eprintln!(
                "{how:?} in between: signed in {:?} later",
                started.elapsed()
            );
        });
    }
    pcscd.remove(card);
}
