//! Light or dark: one type for the command line (`--theme`), the settings file and the
//! settings screen, so no table maps one onto another. The desktop app turns it into its
//! palette (`ui::look`); nothing here knows about drawing.

use serde::{Deserialize, Serialize};

/// Light, dark, or as the system is. Its words (`system`, `light`, `dark`) are the same in
/// `--theme` and in settings.json.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum ThemeChoice {
    // Follow the system's light or dark setting (and its changes).
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    /// Dark, given whether the system prefers dark (no preference: light).
    pub fn is_dark(self, system_prefers_dark: bool) -> bool {
        match self {
            ThemeChoice::System => system_prefers_dark,
            ThemeChoice::Light => false,
            ThemeChoice::Dark => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn the_command_line_and_the_file_use_the_same_words() {
        for choice in ThemeChoice::value_variants() {
            let word = choice.to_possible_value().unwrap().get_name().to_owned();
            assert_eq!(
                serde_json::to_string(choice).unwrap(),
                format!("\"{word}\"")
            );
            assert_eq!(ThemeChoice::from_str(&word, false), Ok(*choice));
        }
        let words: Vec<_> = ThemeChoice::value_variants()
            .iter()
            .map(|c| c.to_possible_value().unwrap().get_name().to_owned())
            .collect();
        assert_eq!(words, ["system", "light", "dark"]);
    }

    #[test]
    fn only_system_follows_the_system() {
        for system_dark in [false, true] {
            assert_eq!(ThemeChoice::System.is_dark(system_dark), system_dark);
            assert!(!ThemeChoice::Light.is_dark(system_dark));
            assert!(ThemeChoice::Dark.is_dark(system_dark));
        }
    }
}
