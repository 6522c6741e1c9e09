//! Where the PKCS#11 module of the Citizen Digital Certificate (自然人憑證) lives.
//!
//! The MOICA card is read through Chunghwa Telecom's HiCOS middleware ("HiCOS PKI Smart Card
//! client", from moica.nat.gov.tw), which installs one PKCS#11 library per system:
//! `HiCOSPKCS11.dll` on Windows, `libHicos_p11.so` on Linux, `libHicos_p11v1.dylib` on
//! macOS. The paths below are where its installers put it (the same paths its own guides give
//! for adding it to Firefox as a security device), plus the usual library folders. An
//! explicit path (the `pkcs11_module` setting) is used alone: a module somewhere else, or
//! another vendor's for another token.

use std::path::{Path, PathBuf};

use super::error::TokenError;

/// The systems the module is looked for on. (The token layer stands alone, so it keeps its
/// own small copy of "which system" rather than reaching up for the app's.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    Linux,
    Windows,
    MacOs,
}

impl Os {
    pub const fn current() -> Os {
        if cfg!(target_os = "windows") {
            Os::Windows
        } else if cfg!(target_os = "macos") {
            Os::MacOs
        } else {
            Os::Linux
        }
    }
}

/// The module's file name on `os`.
pub fn module_file_name(os: Os) -> &'static str {
    match os {
        Os::Windows => "HiCOSPKCS11.dll",
        Os::MacOs => "libHicos_p11v1.dylib",
        Os::Linux => "libHicos_p11.so",
    }
}

/// Every place the module is looked for on `os`, in order. `env` reads an environment
/// variable (Windows folders come from `SystemRoot` and `ProgramFiles`).
pub fn candidates(os: Os, env: impl Fn(&str) -> Option<String>) -> Vec<PathBuf> {
    let name = module_file_name(os);
    match os {
        Os::Windows => {
            let system_root = env("SystemRoot").unwrap_or_else(|| r"C:\Windows".into());
            let mut paths = vec![
                PathBuf::from(&system_root).join("System32").join(name),
                // A 32-bit install on a 64-bit Windows.
                PathBuf::from(&system_root).join("SysWOW64").join(name),
            ];
            for var in ["ProgramFiles", "ProgramFiles(x86)"] {
                if let Some(dir) = env(var) {
                    paths.push(
                        PathBuf::from(dir)
                            .join("Chunghwa Telecom")
                            .join("HiCOS PKI Smart Card")
                            .join(name),
                    );
                }
            }
            paths
        }
        Os::MacOs => ["/usr/local/lib", "/Library/Frameworks", "/opt/homebrew/lib"]
            .iter()
            .map(|dir| Path::new(dir).join(name))
            .collect(),
        Os::Linux => [
            "/usr/local/lib",
            "/usr/lib",
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64",
            "/usr/local/lib64",
        ]
        .iter()
        .map(|dir| Path::new(dir).join(name))
        .collect(),
    }
}

/// The module to load: `explicit` if given (and there), else the first usual location that
/// holds the file. `ModuleNotFound` lists every place looked at, for the diagnostics.
pub fn find_module(explicit: Option<&Path>) -> Result<PathBuf, TokenError> {
    let looked_in = match explicit {
        Some(path) => vec![path.to_path_buf()],
        None => candidates(Os::current(), |var| std::env::var(var).ok()),
    };
    looked_in
        .iter()
        .find(|path| path.is_file())
        .cloned()
        .ok_or(TokenError::ModuleNotFound { looked_in })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_system_has_its_hicos_file_name() {
        for os in [Os::Windows, Os::MacOs, Os::Linux] {
            let name = module_file_name(os);
            let paths = candidates(os, |_| None);
            assert!(!paths.is_empty());
            assert!(paths.iter().all(|p| p.ends_with(name)), "{os:?}");
        }
        assert!(candidates(Os::Linux, |_| None)[0].starts_with("/usr/local/lib"));
        assert_eq!(
            candidates(Os::MacOs, |_| None)[0],
            PathBuf::from("/usr/local/lib/libHicos_p11v1.dylib")
        );
    }

    #[test]
    fn windows_folders_follow_the_environment() {
        let paths = candidates(Os::Windows, |var| match var {
            "SystemRoot" => Some(r"D:\Win".into()),
            "ProgramFiles" => Some(r"D:\Programs".into()),
            _ => None,
        });
        assert!(paths[0].starts_with(r"D:\Win"));
        assert!(paths.iter().any(|p| p.starts_with(r"D:\Programs")));
    }

    #[test]
    fn an_explicit_path_is_the_only_place_looked_at() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nothing.so");
        match find_module(Some(&missing)) {
            Err(TokenError::ModuleNotFound { looked_in }) => assert_eq!(looked_in, vec![missing]),
            other => panic!("{other:?}"),
        }
        let present = dir.path().join("module.so");
        std::fs::write(&present, b"not really a module").unwrap();
        assert_eq!(find_module(Some(&present)).unwrap(), present);
    }
}
