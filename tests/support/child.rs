//! The `nhi-companion` binary as a child process: one-shot runs with their output, and
//! long-running ones (`watch`) whose stdout lines are read on a thread and waited for with a
//! timeout. A long-running child is killed when its guard drops, also on panic.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The binary under test.
pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nhi-companion"));
    // Default log level: a test must see what a user sees.
    cmd.env_remove("RUST_LOG");
    cmd
}

/// One finished run.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code(),
            stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
        }
    }
}

/// Runs `nhi-companion ARGS…` to completion (stdin closed).
pub fn run(args: &[&str]) -> Run {
    run_with_env(args, &[])
}

/// [`run`] with environment variables set (an empty value stands for "unset").
pub fn run_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = bin();
    for (name, value) in env {
        if value.is_empty() {
            command.env_remove(name);
        } else {
            command.env(name, value);
        }
    }
    command
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run nhi-companion {args:?}: {e}"))
        .into()
}

/// A stdout line and when the reader thread got it.
#[derive(Debug, Clone)]
pub struct Line {
    pub at: Instant,
    pub text: String,
}

/// A running child; killed (and reaped) on drop.
pub struct Running {
    child: Child,
    lines: Receiver<Line>,
    /// Every line received so far, for failure messages and privacy checks.
    pub seen: Vec<String>,
}

impl Running {
    /// Starts `nhi-companion ARGS…` with stdout piped (stderr goes to the test's stderr).
    pub fn spawn(args: &[&str]) -> Running {
        let mut child = bin()
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot spawn nhi-companion {args:?}: {e}"));
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for text in BufReader::new(stdout).lines() {
                let Ok(text) = text else { break };
                if tx
                    .send(Line {
                        at: Instant::now(),
                        text,
                    })
                    .is_err()
                {
                    break;
                }
            }
        });
        Running {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// The next stdout line, or `None` after `timeout` (or when stdout closed).
    pub fn next_line(&mut self, timeout: Duration) -> Option<Line> {
        match self.lines.recv_timeout(timeout) {
            Ok(line) => {
                eprintln!("  child> {}", line.text);
                self.seen.push(line.text.clone());
                Some(line)
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => None,
        }
    }

    /// The next line, panicking with `what` after `timeout`.
    pub fn expect_line(&mut self, what: &str, timeout: Duration) -> Line {
        self.next_line(timeout).unwrap_or_else(|| {
            panic!(
                "no line ({what}) within {timeout:?}; child status {:?}; lines so far: {:#?}",
                self.child.try_wait(),
                self.seen
            )
        })
    }

    /// Whether the child is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
