//! `nhi-reference-service`: the reference registration service on its own, without the app's
//! window stack (the same as `nhi-companion reference-service`).

use std::process::ExitCode;

use clap::Parser;
use nhi_reference_service::cli::{ReferenceServiceArgs, run};
use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::{EnvFilter, FilterExt, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{Layer, Registry, fmt};

#[derive(Debug, Parser)]
#[command(
    name = "nhi-reference-service",
    version,
    about = "The reference registration service"
)]
struct Cli {
    #[command(flatten)]
    args: ReferenceServiceArgs,
}

fn main() -> ExitCode {
    // As in the app (src/cli/logging.rs): `RUST_LOG`, default info, and the HTTP stack capped
    // at warnings whatever it says — its traces would carry request bodies, passwords included.
    let env = std::env::var("RUST_LOG")
        .ok()
        .and_then(|spec| EnvFilter::try_new(spec).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    let cap = Targets::new()
        .with_target("nhi_reference_service", LevelFilter::TRACE)
        .with_target("nhi_protocol", LevelFilter::TRACE)
        .with_default(LevelFilter::WARN);
    let layer = fmt::layer()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_filter(env.and(cap));
    let _ = Registry::default().with(layer).try_init();
    run(Cli::parse().args)
}
