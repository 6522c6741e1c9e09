//! "Save report": a text file in the person's Documents folder (else home), named with the
//! local time so reports from several tries sit side by side. The report holds nothing
//! personal, so writing it to disk is allowed.

use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

/// Documents, else the home folder; `None` without a home (then there is nowhere to put it).
pub fn save_dir() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    Some(
        dirs.document_dir()
            .filter(|d| d.is_dir())
            .unwrap_or(dirs.home_dir())
            .to_path_buf(),
    )
}

/// `nhi-companion-diagnostics-YYYYMMDD-HHMMSS.txt`
pub fn file_name(now: NaiveDateTime) -> String {
    format!(
        "nhi-companion-diagnostics-{}.txt",
        now.format("%Y%m%d-%H%M%S")
    )
}

/// Writes `text` into `dir`; never overwrites (a second save in the same second gets `-2`).
pub fn save_report(text: &str, dir: &Path, now: NaiveDateTime) -> io::Result<PathBuf> {
    let name = file_name(now);
    let stem = name.trim_end_matches(".txt");
    for n in 1..100 {
        let path = if n == 1 {
            dir.join(&name)
        } else {
            dir.join(format!("{stem}-{n}.txt"))
        };
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                io::Write::write_all(&mut file, text.as_bytes())?;
                return Ok(path);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "too many reports saved in the same second",
    ))
}

/// Saves into [`save_dir`] at the local time: the path, or why not (for the screen).
pub fn save_report_default(text: &str) -> Result<PathBuf, String> {
    let dir = save_dir().ok_or("no home folder")?;
    save_report(text, &dir, chrono::Local::now().naive_local()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_with_a_timestamp_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_opt(11, 38, 29)
            .unwrap();
        let first = save_report("one", dir.path(), now).unwrap();
        let second = save_report("two", dir.path(), now).unwrap();
        assert_eq!(
            first.file_name().unwrap(),
            "nhi-companion-diagnostics-20261130-113829.txt"
        );
        assert_eq!(
            second.file_name().unwrap(),
            "nhi-companion-diagnostics-20261130-113829-2.txt"
        );
        assert_eq!(std::fs::read_to_string(first).unwrap(), "one");
        assert_eq!(std::fs::read_to_string(second).unwrap(), "two");
        let missing = dir.path().join("no/such/dir");
        assert!(save_report("x", &missing, now).is_err());
    }
}
