//! Translations: Fluent files in `i18n/`, compiled into the binary.
//!
//! Two languages (Traditional Chinese and English) and three display modes: 中文, English and
//! 雙語 (both at once, as the official guide prints them). A message missing from a language
//! is a bug caught by the tests below, not a runtime condition; at run time it falls back to
//! the message id so the screen never goes blank.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::{LanguageIdentifier, langid};

const ZH_TW_FTL: &str = include_str!("../i18n/zh-TW/main.ftl");
const EN_FTL: &str = include_str!("../i18n/en/main.ftl");

/// A language the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    TraditionalChinese,
    English,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::TraditionalChinese, Language::English];

    /// The language of a BCP 47 locale such as `zh-TW`, `zh_Hant_HK` or `en-US`: any Chinese
    /// locale gets Traditional Chinese (the card and the service are Taiwanese), anything else
    /// English.
    pub fn from_locale(locale: &str) -> Language {
        if locale.to_ascii_lowercase().starts_with("zh") {
            Language::TraditionalChinese
        } else {
            Language::English
        }
    }

    /// The language of this computer's user interface.
    pub fn system() -> Language {
        sys_locale::get_locale()
            .map(|l| Language::from_locale(&l))
            .unwrap_or(Language::English)
    }

    fn source(self) -> (LanguageIdentifier, &'static str) {
        match self {
            Language::TraditionalChinese => (langid!("zh-TW"), ZH_TW_FTL),
            Language::English => (langid!("en"), EN_FTL),
        }
    }
}

/// How text is shown: one language, or both side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DisplayMode {
    Chinese,
    #[default]
    English,
    Bilingual,
}

impl DisplayMode {
    /// The languages shown, Chinese first in bilingual mode as on the official guide.
    pub fn languages(self) -> &'static [Language] {
        match self {
            DisplayMode::Chinese => &[Language::TraditionalChinese],
            DisplayMode::English => &[Language::English],
            DisplayMode::Bilingual => &[Language::TraditionalChinese, Language::English],
        }
    }

    pub fn for_language(language: Language) -> DisplayMode {
        match language {
            Language::TraditionalChinese => DisplayMode::Chinese,
            Language::English => DisplayMode::English,
        }
    }
}

/// A named argument for a message, e.g. `("attempts_left", 2.into())`.
pub type Arg<'a> = (&'a str, FluentValue<'a>);

struct Bundles {
    zh_tw: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundles() -> &'static Bundles {
    static BUNDLES: OnceLock<Bundles> = OnceLock::new();
    BUNDLES.get_or_init(|| Bundles {
        zh_tw: build_bundle(Language::TraditionalChinese),
        en: build_bundle(Language::English),
    })
}

fn build_bundle(language: Language) -> FluentBundle<FluentResource> {
    let (id, source) = language.source();
    // The files are compiled in and checked by tests, so a syntax error cannot ship; should one
    // slip through, the valid messages still load.
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(res, _)| res);
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks: iced and terminals would show them as boxes.
    bundle.set_use_isolating(false);
    // Duplicate ids are caught by the tests; keep the first.
    let _ = bundle.add_resource(resource);
    bundle
}

fn bundle(language: Language) -> &'static FluentBundle<FluentResource> {
    match language {
        Language::TraditionalChinese => &bundles().zh_tw,
        Language::English => &bundles().en,
    }
}

/// The text of message `id` (or of its attribute `id.attr`) in `language`.
pub fn text(language: Language, id: &str, args: &[Arg<'_>]) -> String {
    let (message_id, attribute) = match id.split_once('.') {
        Some((m, a)) => (m, Some(a)),
        None => (id, None),
    };
    let bundle = bundle(language);
    let pattern = bundle
        .get_message(message_id)
        .and_then(|m| match attribute {
            Some(a) => m.get_attribute(a).map(|a| a.value()),
            None => m.value(),
        });
    let Some(pattern) = pattern else {
        tracing::error!(id, ?language, "missing translation");
        return id.to_owned();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        tracing::error!(id, ?language, ?errors, "translation could not be formatted");
    }
    out.into_owned()
}

/// Every message id and attribute (`id` and `id.attr`) a language defines, for checks.
pub fn keys(language: Language) -> Vec<String> {
    let (_, source) = language.source();
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(res, _)| res);
    let mut keys = Vec::new();
    for entry in resource.entries() {
        if let fluent_syntax::ast::Entry::Message(m) = entry {
            if m.value.is_some() {
                keys.push(m.id.name.to_owned());
            }
            for attr in &m.attributes {
                keys.push(format!("{}.{}", m.id.name, attr.id.name));
            }
        }
    }
    keys
}

/// Fluent syntax errors in a language's file (empty when the file is clean).
pub fn syntax_errors(language: Language) -> Vec<String> {
    let (_, source) = language.source();
    match FluentResource::try_new(source.to_owned()) {
        Ok(_) => Vec::new(),
        Err((_, errors)) => errors.iter().map(|e| format!("{e:?}")).collect(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn both_languages_parse_cleanly() {
        for language in Language::ALL {
            assert_eq!(
                syntax_errors(language),
                Vec::<String>::new(),
                "{language:?}"
            );
        }
    }

    #[test]
    fn every_key_exists_in_both_languages() {
        let zh: BTreeSet<String> = keys(Language::TraditionalChinese).into_iter().collect();
        let en: BTreeSet<String> = keys(Language::English).into_iter().collect();
        assert!(zh.len() > 10, "the files should not be empty");
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(only_zh.is_empty(), "missing in en: {only_zh:?}");
        assert!(only_en.is_empty(), "missing in zh-TW: {only_en:?}");
    }

    #[test]
    fn no_duplicate_ids() {
        for language in Language::ALL {
            let keys = keys(language);
            let unique: BTreeSet<_> = keys.iter().collect();
            assert_eq!(keys.len(), unique.len(), "{language:?} has duplicate ids");
        }
    }

    #[test]
    fn arguments_are_filled_in() {
        let en = text(
            Language::English,
            "problem-wrong-password.hint",
            &[("attempts_left", 2.into())],
        );
        assert!(en.contains("2 attempts left"), "{en}");
        let one = text(
            Language::English,
            "problem-wrong-password.hint",
            &[("attempts_left", 1.into())],
        );
        // The last try points to the way out.
        assert!(one.contains("Forgot registration password"), "{one}");
        let zh_one = text(
            Language::TraditionalChinese,
            "problem-wrong-password.hint",
            &[("attempts_left", 1.into())],
        );
        assert!(zh_one.contains("忘記註冊密碼"), "{zh_one}");
        let zh = text(
            Language::TraditionalChinese,
            "problem-wrong-password.hint",
            &[("attempts_left", 2.into())],
        );
        assert!(zh.contains("再錯 2 次"), "{zh}");
    }

    #[test]
    fn missing_ids_fall_back_to_the_id() {
        assert_eq!(text(Language::English, "no-such-id", &[]), "no-such-id");
    }

    #[test]
    fn locale_picks_the_language() {
        assert_eq!(Language::from_locale("zh-TW"), Language::TraditionalChinese);
        assert_eq!(
            Language::from_locale("zh_Hant_HK"),
            Language::TraditionalChinese
        );
        assert_eq!(Language::from_locale("en-US"), Language::English);
        assert_eq!(Language::from_locale("ja-JP"), Language::English);
    }

    #[test]
    fn bilingual_shows_chinese_first() {
        assert_eq!(
            DisplayMode::Bilingual.languages(),
            &[Language::TraditionalChinese, Language::English]
        );
    }
}
