//! Bounded loopback load check of the reference service, so training sites can size it.
//!
//! Spawns the reference service in-process on 127.0.0.1 and runs N concurrent clients, each
//! repeating one round: challenge + sign-in (card proof, ID, password) + create a device
//! code. Stops after a fixed time or a fixed number of rounds, whichever comes first, and
//! reports rounds per second and p50/p99 latency. Traffic goes to loopback only.
//!
//! `cargo bench --bench service_load` — knobs (environment):
//! `LOAD_CLIENTS` (8), `LOAD_SECONDS` per scenario (5), `LOAD_MAX_ROUNDS` per scenario (20000).
//!
//! Two scenarios: the real password-hashing cost (Argon2id, 19 MiB, 2 passes: what a site
//! runs) and a cheap one (what everything except hashing costs). The per-card challenge rate
//! limit is lifted: every client signs in far more often than a person could.
//!
//! Any failed round (or none at all) makes the run exit 1, in the measuring run and in the
//! smoke run `cargo test --all-targets` makes: figures with errors in them measure the errors.

use std::sync::Arc;
use std::time::{Duration, Instant};

use nhi_companion::card::auth::CardKey;
use nhi_companion::service::reference::config::RegistrationEntry;
use nhi_companion::service::reference::{
    CardEntry, HashCost, Policy, ReferenceConfig, spawn_on_loopback,
};
use nhi_companion::service::{CardProof, Password, RegistrationClient};

const PASSWORD: &str = "Load1234";

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Card numbers 0000900000NN with one registration each, so clients don't share an account.
fn cards(n: usize) -> Vec<CardEntry> {
    (0..n)
        .map(|i| CardEntry {
            card_number: format!("{:012}", 9_000_000 + i),
            id_number: format!("L{:09}", 100_000_000 + i),
            key_hex: None,
            registration: Some(RegistrationEntry {
                email: format!("load{i}@example.org"),
                password: Password::new(PASSWORD),
                email_verified: true,
            }),
        })
        .collect()
}

#[derive(Default)]
struct Samples {
    round: Vec<Duration>,
    sign_in: Vec<Duration>,
    create: Vec<Duration>,
    errors: u64,
}

async fn client_loop(
    client: RegistrationClient,
    card: CardEntry,
    stop_at: Instant,
    budget: Arc<std::sync::atomic::AtomicI64>,
) -> Samples {
    let key = CardKey::demo(&card.card_number);
    let password = Password::new(PASSWORD);
    let mut samples = Samples::default();
    while Instant::now() < stop_at && budget.fetch_sub(1, std::sync::atomic::Ordering::Relaxed) > 0
    {
        let start = Instant::now();
        let card_random: [u8; 8] = rand::random();
        let result = async {
            let challenge = client
                .request_challenge(&card.card_number, &card_random)
                .await?;
            let proof = CardProof {
                challenge_id: challenge.challenge_id,
                card_answer: key.answer(&card_random, &challenge.challenge),
            };
            let session = client.sign_in(&proof, &card.id_number, &password).await?;
            let signed_in = Instant::now();
            client.create_device_code(&session).await?;
            Ok::<_, nhi_companion::service::ServiceError>(signed_in)
        }
        .await;
        match result {
            Ok(signed_in) => {
                let end = Instant::now();
                samples.round.push(end - start);
                samples.sign_in.push(signed_in - start);
                samples.create.push(end - signed_in);
            }
            Err(e) => {
                samples.errors += 1;
                if samples.errors <= 3 {
                    eprintln!("  round failed: {e}");
                }
            }
        }
    }
    samples
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn line(name: &str, mut v: Vec<Duration>) {
    v.sort();
    println!(
        "  {name:<24} p50 {:>9}  p99 {:>9}  max {:>9}",
        ms(percentile(&v, 50.0)),
        ms(percentile(&v, 99.0)),
        ms(v.last().copied().unwrap_or_default())
    );
}

/// Runs one scenario; `Err` says why its figures cannot be trusted (any failed round, or none
/// done at all): a load figure with errors in it measures the errors.
async fn scenario(
    label: &str,
    cost: HashCost,
    clients: usize,
    seconds: u64,
    max_rounds: u64,
) -> Result<(), String> {
    let config = ReferenceConfig {
        cards: cards(clients),
        policy: Policy {
            password_hashing: cost,
            challenges_per_card_per_minute: u32::MAX,
            ..Policy::default()
        },
        ..ReferenceConfig::default()
    };
    let (_, service) = spawn_on_loopback(config).await.expect("service starts");
    let client = RegistrationClient::new(&service.base_url()).expect("client");

    let budget = Arc::new(std::sync::atomic::AtomicI64::new(max_rounds as i64));
    let started = Instant::now();
    let stop_at = started + Duration::from_secs(seconds);
    let tasks: Vec<_> = cards(clients)
        .into_iter()
        .map(|card| tokio::spawn(client_loop(client.clone(), card, stop_at, budget.clone())))
        .collect();
    let mut all = Samples::default();
    for task in tasks {
        let s = task.await.expect("client task");
        all.round.extend(s.round);
        all.sign_in.extend(s.sign_in);
        all.create.extend(s.create);
        all.errors += s.errors;
    }
    let elapsed = started.elapsed();
    service.shutdown().await.expect("service stops");

    println!(
        "{label}: {clients} clients, {:.1} s, {} rounds, {} errors",
        elapsed.as_secs_f64(),
        all.round.len(),
        all.errors
    );
    println!(
        "  rounds/s (challenge + sign-in + create code): {:.1}",
        all.round.len() as f64 / elapsed.as_secs_f64()
    );
    let rounds = all.round.len();
    line("round", all.round);
    line("challenge + sign-in", all.sign_in);
    line("create code", all.create);
    if all.errors > 0 {
        return Err(format!(
            "{label}: {} of {} rounds failed",
            all.errors,
            all.errors + rounds as u64
        ));
    }
    if rounds == 0 {
        return Err(format!("{label}: no round completed"));
    }
    Ok(())
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
    // and then one short smoke round proves the benchmark still works without loading CI.
    let measuring = std::env::args().any(|a| a == "--bench");
    let (default_seconds, default_rounds) = if measuring { (5, 20_000) } else { (1, 20) };
    let clients = env_or("LOAD_CLIENTS", 8).max(1) as usize;
    let seconds = env_or("LOAD_SECONDS", default_seconds).clamp(1, 120);
    let max_rounds = env_or("LOAD_MAX_ROUNDS", default_rounds).max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "service_load: loopback, service and clients in one process on {} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let failures: Vec<String> = runtime.block_on(async {
        let mut failures = Vec::new();
        for (label, cost) in [
            ("argon2id 19 MiB x2 (real cost)", HashCost::default()),
            ("argon2id cheap (everything but hashing)", HashCost::CHEAP),
        ] {
            if let Err(e) = scenario(label, cost, clients, seconds, max_rounds).await {
                failures.push(e);
            }
        }
        failures
    });
    // `cargo test --all-targets` runs this as its smoke check: any failed round fails it.
    if !failures.is_empty() {
        for failure in &failures {
            eprintln!("service_load FAILED: {failure}");
        }
        std::process::exit(1);
    }
}
