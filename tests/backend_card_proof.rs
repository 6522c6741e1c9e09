//! Card proof as one unit (`backend::Registration`): the virtual NHI card behind the scripted
//! reader, made to behave like a card in pcscd (it loses its GET CHALLENGE random when nobody
//! holds a connection to it, as pcscd powers an unused card down), the reference service on
//! loopback. Another program, a reset or the person pulling the card out strike at the one
//! moment that matters: right after GET CHALLENGE, while the challenge request is on the
//! network.
//!
//! The same through a real pcscd is `tests/ui_xvfb_pcscd.rs` (the app in a window).

mod service_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nhi_companion::backend::{Backend, Cards, Registration};
use nhi_companion::card::apdu::{GET_CHALLENGE, READ_BASIC_DATA, SELECT_NHI};
use nhi_companion::card::demo::{DEMO_CARD_NUMBER, DEMO_ID_NUMBER, DEMO_PASSWORD};
use nhi_companion::flow::{Effect, Reply, Ticket};
use nhi_companion::problem::Problem;
use nhi_companion::reader::fake::{FakeCard, FakeWorld};
use nhi_companion::reader::{
    Canceller, CardConnection, ReaderError, ReaderWatch, SmartCardService, WaitOutcome,
};
use nhi_companion::service::protocol::{FaultKind, FaultRequest};
use nhi_companion::virtual_card::{CardProfile, VirtualNhiCard};
use service_support::{Env, config, start};

const READER: &str = "Test Reader 0";

/// What happens to the card right after the proof's n-th GET CHALLENGE (n from 1).
type Interference = Box<dyn Fn(&Bench, usize) + Send + Sync>;

/// The card, its reader, and what strikes it.
struct Bench {
    world: FakeWorld,
    card: Arc<Mutex<VirtualNhiCard>>,
    /// The proof's own connections now open (not the interfering program's).
    open: AtomicUsize,
    challenges: AtomicUsize,
    interference: Interference,
}

impl Bench {
    fn new(interference: Interference) -> Arc<Bench> {
        let world = FakeWorld::new();
        world.add_reader(READER);
        let card = Arc::new(Mutex::new(
            VirtualNhiCard::new(CardProfile::default()).unwrap(),
        ));
        let bench = Arc::new(Bench {
            world,
            card,
            open: AtomicUsize::new(0),
            challenges: AtomicUsize::new(0),
            interference,
        });
        bench.insert();
        bench
    }

    fn insert(&self) {
        let card = Arc::clone(&self.card);
        let atr = card.lock().unwrap().atr().to_vec();
        self.world.insert_card(
            READER,
            FakeCard::new(atr).responder(move |apdu| card.lock().unwrap().respond(apdu)),
        );
    }

    fn cards(self: &Arc<Bench>) -> Cards {
        let bench = Arc::clone(self);
        Cards::new(Arc::new(move || {
            Ok(Box::new(Service {
                inner: bench.world.service()?,
                bench: Arc::clone(&bench),
            }) as Box<dyn SmartCardService>)
        }))
    }

    /// Another program on the same reader: its own shared connection, one command.
    fn other_program(&self, apdu: &[u8]) -> Vec<u8> {
        let mut service = self.world.service().unwrap();
        let mut connection = service.connect(READER).unwrap();
        let answer = connection.transmit(apdu).unwrap();
        connection.disconnect().unwrap();
        answer
    }

    /// Another program resets the card (`SCardReconnect(SCARD_RESET_CARD)`): the card starts
    /// afresh and every other connection gets `SCARD_W_RESET_CARD` once.
    fn reset_by_other_program(&self) {
        self.card.lock().unwrap().reset();
        self.world.reset_card(READER);
    }

    /// pcscd powers a card down once nobody holds it (after its grace period; here at once).
    fn released(&self) {
        if self.open.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.card.lock().unwrap().power_off();
        }
    }
}

/// The proof's PC/SC context: the scripted one, plus the bench's view of its connections.
struct Service {
    inner: nhi_companion::reader::fake::ScriptedService,
    bench: Arc<Bench>,
}

impl SmartCardService for Service {
    fn list_readers(&mut self) -> Result<Vec<String>, ReaderError> {
        self.inner.list_readers()
    }

    fn wait_for_change(
        &mut self,
        watch: &mut [ReaderWatch],
        timeout: Duration,
    ) -> Result<WaitOutcome, ReaderError> {
        self.inner.wait_for_change(watch, timeout)
    }

    fn connect(&mut self, reader: &str) -> Result<Box<dyn CardConnection>, ReaderError> {
        let inner = self.inner.connect(reader)?;
        self.bench.open.fetch_add(1, Ordering::SeqCst);
        Ok(Box::new(Connection {
            inner: Some(inner),
            bench: Arc::clone(&self.bench),
        }))
    }

    fn canceller(&self) -> Canceller {
        self.inner.canceller()
    }

    fn supports_pnp(&self) -> bool {
        self.inner.supports_pnp()
    }
}

struct Connection {
    inner: Option<Box<dyn CardConnection>>,
    bench: Arc<Bench>,
}

impl CardConnection for Connection {
    fn atr(&self) -> &[u8] {
        self.inner.as_ref().map_or(&[], |c| c.atr())
    }

    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ReaderError> {
        let inner = self.inner.as_mut().ok_or(ReaderError::CardRemoved)?;
        let answer = inner.transmit(command)?;
        if command == GET_CHALLENGE {
            let n = self.bench.challenges.fetch_add(1, Ordering::SeqCst) + 1;
            (self.bench.interference)(&self.bench, n);
        }
        Ok(answer)
    }

    fn disconnect(mut self: Box<Self>) -> Result<(), ReaderError> {
        let inner = self.inner.take().expect("connected");
        let result = inner.disconnect();
        self.bench.released();
        result
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        if self.inner.take().is_some() {
            self.bench.released();
        }
    }
}

fn sign_in() -> Effect {
    sign_in_with(DEMO_PASSWORD)
}

fn sign_in_with(password: &str) -> Effect {
    Effect::SignIn {
        ticket: Ticket(1),
        reader: READER.into(),
        card_number: DEMO_CARD_NUMBER.into(),
        id_number: DEMO_ID_NUMBER.into(),
        password: password.into(),
    }
}

async fn setup(interference: Interference) -> (Env, Arc<Bench>, Registration) {
    let env = start(config()).await;
    let bench = Bench::new(interference);
    let backend = Registration::new(bench.cards(), env.client.clone());
    (env, bench, backend)
}

/// The challenge step answers `ms` late.
async fn slow_challenge(env: &Env, ms: u64, count: u32) {
    env.client
        .inject_fault(&FaultRequest {
            kind: FaultKind::Delay,
            count,
            delay_ms: Some(ms),
            path_prefix: Some("/api/v1/sign-in/challenge".into()),
        })
        .await
        .unwrap();
}

async fn signed_in(backend: &Registration) -> Result<(), Problem> {
    match backend.perform(sign_in()).await {
        Some(Reply::SignedIn(result)) => result.map(drop),
        other => panic!("not a sign-in reply: {other:?}"),
    }
}

fn nothing() -> Interference {
    Box::new(|_, _| {})
}

async fn wait_until_released(bench: &Bench) {
    let start = Instant::now();
    while bench.open.load(Ordering::SeqCst) != 0 {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the card is still held"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_late_challenge_step_keeps_the_card_powered_and_signs_in() {
    let (env, bench, backend) = setup(nothing()).await;
    slow_challenge(&env, 1_500, 1).await;
    assert_eq!(signed_in(&backend).await, Ok(()));
    assert_eq!(
        bench.challenges.load(Ordering::SeqCst),
        1,
        "one proof was enough"
    );
    assert_eq!(bench.open.load(Ordering::SeqCst), 0, "let go afterwards");
    assert_eq!(bench.world.open_connections(), 0);
}

/// The old way, one short connection per card step, as a check that the bench really loses
/// the random of an unheld card: the authentication then answers `69 85`.
#[test]
fn the_bench_card_forgets_its_random_once_nobody_holds_it() {
    let bench = Bench::new(nothing());
    let mut service = bench.cards_service();
    let mut first = service.connect(READER).unwrap();
    first.transmit(&SELECT_NHI).unwrap();
    first.transmit(&GET_CHALLENGE).unwrap();
    first.disconnect().unwrap();
    let mut second = service.connect(READER).unwrap();
    let mut authenticate = vec![0x00, 0x82, 0x11, 0x12, 0x20];
    authenticate.extend_from_slice(&[7; 32]);
    authenticate.push(0x10);
    assert_eq!(second.transmit(&authenticate).unwrap(), [0x69, 0x85]);
}

impl Bench {
    fn cards_service(self: &Arc<Bench>) -> Service {
        Service {
            inner: self.world.service().unwrap(),
            bench: Arc::clone(self),
        }
    }
}

#[tokio::test]
async fn a_card_reset_during_the_challenge_step_is_proved_again_once() {
    let (env, bench, backend) = setup(Box::new(|bench, n| {
        if n == 1 {
            bench.reset_by_other_program();
        }
    }))
    .await;
    slow_challenge(&env, 200, 2).await;
    assert_eq!(signed_in(&backend).await, Ok(()));
    assert_eq!(bench.challenges.load(Ordering::SeqCst), 2);
    wait_until_released(&bench).await;
}

#[tokio::test]
async fn a_card_that_keeps_being_reset_gets_its_own_problem_after_two_proofs() {
    let (_env, bench, backend) = setup(Box::new(|bench, _| bench.reset_by_other_program())).await;
    assert_eq!(signed_in(&backend).await, Err(Problem::CardSessionLost));
    assert_eq!(
        bench.challenges.load(Ordering::SeqCst),
        2,
        "one fresh proof, no more"
    );
    wait_until_released(&bench).await;
}

#[tokio::test]
async fn a_card_that_lost_its_power_answers_69_85_and_is_proved_again() {
    // The card lost power between GET CHALLENGE and the authentication (a reader glitch):
    // it answers 69 85, the proof starts over with a fresh random.
    let (_env, bench, backend) = setup(Box::new(|bench, n| {
        if n == 1 {
            bench.card.lock().unwrap().power_off();
        }
    }))
    .await;
    assert_eq!(signed_in(&backend).await, Ok(()));
    assert_eq!(bench.challenges.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn another_programs_get_challenge_in_between_costs_one_more_proof_not_a_password_try() {
    let (env, bench, backend) = setup(Box::new(|bench, n| {
        if n == 1 {
            // Its random replaces ours: the card's answer will not verify.
            bench.other_program(&GET_CHALLENGE);
        }
    }))
    .await;
    assert_eq!(signed_in(&backend).await, Ok(()));
    assert_eq!(bench.challenges.load(Ordering::SeqCst), 2);
    // The repeat cost no password attempt: a wrong password now still has all five left
    // but the one it uses.
    assert!(matches!(
        backend.perform(sign_in_with("Wrong999")).await,
        Some(Reply::SignedIn(Err(Problem::WrongPassword {
            attempts_left: 4
        })))
    ));
    drop(env);
}

#[tokio::test]
async fn another_program_reading_the_card_in_between_does_not_disturb_the_proof() {
    // The official NHI card component polls the card: SELECT + READ on its own connection.
    let (_env, bench, backend) = setup(Box::new(|bench, _| {
        bench.other_program(&SELECT_NHI);
        bench.other_program(&READ_BASIC_DATA);
    }))
    .await;
    assert_eq!(signed_in(&backend).await, Ok(()));
    assert_eq!(bench.challenges.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_card_taken_out_during_the_challenge_step_says_so_at_once() {
    let (env, bench, backend) = setup(Box::new(|bench, _| {
        bench.world.remove_card(READER);
    }))
    .await;
    slow_challenge(&env, 200, 1).await;
    assert_eq!(signed_in(&backend).await, Err(Problem::CardRemoved));
    assert_eq!(bench.challenges.load(Ordering::SeqCst), 1, "no second try");
    wait_until_released(&bench).await;
}

#[tokio::test]
async fn a_cancelled_sign_in_lets_go_of_the_card_while_the_service_is_still_thinking() {
    let (env, bench, backend) = setup(nothing()).await;
    slow_challenge(&env, 5_000, 1).await;
    let started = Instant::now();
    let sign_in = backend.perform(sign_in());
    // The flow cancels the ticket (card removed, Back): the app drops the task.
    assert!(
        tokio::time::timeout(Duration::from_millis(500), sign_in)
            .await
            .is_err()
    );
    assert_eq!(bench.challenges.load(Ordering::SeqCst), 1);
    wait_until_released(&bench).await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "released only after {:?}",
        started.elapsed()
    );
    assert_eq!(bench.world.open_connections(), 0);
}

#[tokio::test]
async fn nothing_answering_at_a_loopback_address_is_the_local_service_not_running() {
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = nhi_companion::service::RegistrationClient::with_options(
        &format!("http://127.0.0.1:{port}"),
        service_support::options(),
    )
    .unwrap();
    let bench = Bench::new(nothing());
    let backend = Registration::new(bench.cards(), client);
    // Not "check the internet connection": the service on this computer is not running.
    assert_eq!(
        signed_in(&backend).await,
        Err(Problem::LocalServiceNotRunning)
    );
    wait_until_released(&bench).await;
}
