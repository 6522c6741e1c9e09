// Windows: a GUI-subsystem program, so no console window opens behind the app. Run from a
// console, it attaches to that console so the command line still prints (see below).
#![cfg_attr(windows, windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    #[cfg(windows)]
    attach_parent_console();
    nhi_companion::cli::main()
}

/// A GUI-subsystem process starts without a console. When started from cmd or PowerShell,
/// attach to the parent's console so `nhi-companion diagnose` and friends print there (output
/// redirected to a file or pipe is inherited as usual and unaffected). Started from Explorer or
/// the Start menu there is no parent console and this does nothing.
#[cfg(windows)]
fn attach_parent_console() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: no pointers; failure (no parent console, or already attached) is harmless.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}
