//! Windows only: embeds the icon, the manifest (per-monitor DPI aware, asInvoker) and the
//! version info into the .exe. `packaging/windows/nhi-companion.rc` is a template; its `@…@`
//! fields are filled in here (version, absolute paths: no quoting through the resource
//! compiler's command line) and the result is compiled by embed-resource. Other targets: nothing.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    const RC: &str = "packaging/windows/nhi-companion.rc";
    const MANIFEST: &str = "packaging/windows/nhi-companion.exe.manifest";
    const ICON: &str = "packaging/icons/nhi-companion.ico";
    for path in [RC, MANIFEST, ICON] {
        println!("cargo:rerun-if-changed={path}");
    }

    let env = |name: &str| std::env::var(name).unwrap_or_default();
    let root = Path::new(&env("CARGO_MANIFEST_DIR")).to_path_buf();
    // Forward slashes work for both windres and rc.exe, and need no escaping in a .rc string.
    let abs = |rel: &str| root.join(rel).to_string_lossy().replace('\\', "/");
    let comma = format!(
        "{},{},{},0",
        env("CARGO_PKG_VERSION_MAJOR"),
        env("CARGO_PKG_VERSION_MINOR"),
        env("CARGO_PKG_VERSION_PATCH")
    );
    let template = std::fs::read_to_string(root.join(RC)).expect("read the .rc template");
    let rc = template
        .replace("@VERSION_COMMA@", &comma)
        .replace("@VERSION@", &env("CARGO_PKG_VERSION"))
        .replace("@ICON@", &abs(ICON))
        .replace("@MANIFEST@", &abs(MANIFEST));
    let out = Path::new(&env("OUT_DIR")).join("nhi-companion.rc");
    std::fs::write(&out, rc).expect("write the .rc file");

    embed_resource::compile_for(&out, ["nhi-companion"], embed_resource::NONE)
        .manifest_required()
        .expect("embedding the Windows resources (icon, manifest) failed");
}
