//! The layers as `cargo tree` sees them (docs/ARCHITECTURE.md): each layer crate uses only the
//! ones below it, only the app at the root has the window stack, the reference service builds
//! without it, and the release build has no test doubles (the scripted fake reader, the
//! client's fault hooks: the crates' `test-support` feature, enabled from dev-dependencies
//! only).

use std::process::Command;

/// `cargo tree` of this workspace with `args`, one package (or feature) per line.
fn cargo_tree(args: &[&str]) -> Vec<String> {
    let output = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["tree", "--locked", "--prefix", "none"])
        .args(args)
        .output()
        .expect("run cargo tree");
    assert!(
        output.status.success(),
        "cargo tree {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("cargo tree prints UTF-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The package names in a `cargo tree` listing (`name v1.2.3 ...`).
fn names(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

const TEST_SUPPORT: &str = "feature \"test-support\"";

#[test]
fn the_release_build_has_no_test_doubles() {
    let release = cargo_tree(&["-p", "nhi-companion", "-e", "features,normal"]);
    let doubles: Vec<_> = release
        .iter()
        .filter(|l| l.contains(TEST_SUPPORT))
        .collect();
    assert!(
        doubles.is_empty(),
        "test-support in the release build: {doubles:?}"
    );
    // The same listing with dev-dependencies has them: the check looks in the right place.
    let tests = cargo_tree(&["-p", "nhi-companion", "-e", "features,normal,dev"]);
    for layer in ["nhi-reader", "nhi-protocol"] {
        let line = format!("{layer} {TEST_SUPPORT}");
        assert!(
            tests.iter().any(|l| l.starts_with(&line)),
            "{line} not in the test build"
        );
    }
}

#[test]
fn the_reference_service_builds_without_the_window_stack() {
    let tree = names(&cargo_tree(&[
        "-p",
        "nhi-reference-service",
        "-e",
        "normal",
    ]));
    assert!(tree.iter().any(|n| n == "axum"), "{tree:?}");
    for gui in ["iced", "iced_wgpu", "wgpu", "winit", "nhi-companion"] {
        assert!(!tree.iter().any(|n| n == gui), "{gui} in {tree:?}");
    }
}

/// Each layer and the layers it may use (directly); everything not listed is an arrow up or
/// sideways.
const LAYERS: &[(&str, &[&str])] = &[
    ("nhi-card", &[]),
    ("nhi-reader", &["nhi-card"]),
    ("nhi-token", &[]),
    ("nhi-protocol", &["nhi-card"]),
    ("nhi-reference-service", &["nhi-card", "nhi-protocol"]),
    ("nhi-virtual-card", &["nhi-card", "nhi-reader"]),
    ("nhi-flow", &[]),
];

#[test]
fn layers_depend_only_downwards_and_only_the_app_has_iced() {
    for (layer, allowed) in LAYERS {
        let direct = names(&cargo_tree(&["-p", layer, "-e", "normal", "--depth", "1"]));
        let ours: Vec<_> = direct[1..]
            .iter()
            .filter(|n| n.starts_with("nhi-"))
            .collect();
        for dep in &ours {
            assert!(allowed.contains(&dep.as_str()), "{layer} uses {dep}");
        }
        let all = names(&cargo_tree(&["-p", layer, "-e", "normal"]));
        assert!(
            !all.iter().any(|n| n == "iced" || n == "nhi-companion"),
            "{layer} reaches the app or iced"
        );
    }
    let app = names(&cargo_tree(&[
        "-p",
        "nhi-companion",
        "-e",
        "normal",
        "--depth",
        "1",
    ]));
    assert!(app.iter().any(|n| n == "iced"), "{app:?}");
}
