//! The desktop app reaches the hardware and the service only through `backend`: no file under
//! `src/ui/` names the reader, the service client, the virtual card, the card or the token
//! layers (`flow` types and `problem::Problem` are fine). Read from the source, so a new
//! import fails here before review.

use std::path::{Path, PathBuf};

/// The layers below `backend` that `ui` must not name.
const FORBIDDEN: [&str; 5] = [
    "crate::service",
    "crate::reader",
    "crate::virtual_card",
    "crate::card",
    "crate::token",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn ui_names_no_layer_below_backend() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(files.len() > 20, "the ui sources were found: {files:?}");
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for layer in FORBIDDEN {
                // `crate::card` but not `crate::card_something`.
                let hit = code.match_indices(layer).any(|(at, _)| {
                    !code[at + layer.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
                });
                if hit {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "ui goes past backend:\n{}",
        found.join("\n")
    );
}
