//! What the embed loader (`js/embed-loader/`) knows before the wasm is here, generated from the
//! Rust that owns it into `js/embed-loader/generated/contract.js`: the languages and the words the
//! early button says (the catalogs in `crate::i18n`), the owner's English
//! ([`owner_embed`]), the options table ([`WidgetOption`]) and the RPC error codes.
//!
//! The file is checked in (the loader is bundled by a Trunk hook that runs no Rust), and the test
//! below fails when it differs from what Rust says now: a changed sentence, a new option, a new
//! language. `LKW_BLESS=1 cargo test -p lk-voice-widget --lib embed::contract` rewrites it.

use super::options::WidgetOption;
use crate::call::{consent, switch};
use crate::i18n::{owner_embed, Lang, Messages};
use std::fmt::Write;

/// The generated module, relative to the crate.
pub const GENERATED_PATH: &str = "js/embed-loader/generated/contract.js";

/// LiveKit's RPC error codes the loader answers with (1500, an application error, is also what
/// the wasm side assumes for a rejection without a code).
pub const RPC_UNSUPPORTED_METHOD: i32 = 1400;
pub const RPC_APPLICATION_ERROR: i32 = 1500;
pub const RPC_RESPONSE_TIMEOUT: i32 = 1502;

/// The `lkw-error` the loader sends when the widget's code does not load (no wasm to ask).
const LOAD_FAILED: [(&str, &str); 2] = [("hop", "widget"), ("code", "load-failed")];

/// The `lkw-error` a widget sends when its code panicked (`embed::crash`); the loader stops
/// asking the wasm anything once it has seen it.
pub const CRASHED: [(&str, &str); 2] = [("hop", "widget"), ("code", "crashed")];

/// The loader's words before the wasm, by the name it uses.
fn loader_words(words: &Messages) -> [(&'static str, &'static str); 8] {
    [
        ("call", words.call()),
        ("ready", words.ready()),
        ("loading", words.loading()),
        ("label", words.widget_label()),
        ("failed", words.widget_load_failed()),
        ("consent", words.consent_default()),
        ("privacy", words.privacy_policy()),
        ("remember", words.consent_remember()),
    ]
}

/// A JS string literal (a JSON string is one).
fn js(text: &str) -> String {
    let mut out = String::new();
    crate::json::write_string(&mut out, text);
    out
}

fn object(pairs: impl IntoIterator<Item = (String, String)>) -> String {
    let fields: Vec<String> = pairs
        .into_iter()
        .map(|(key, value)| format!("{}: {value}", js(&key)))
        .collect();
    format!("{{ {} }}", fields.join(", "))
}

/// The generated module's text.
pub fn loader_contract() -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "// Generated from the Rust catalogs (src/i18n/) and the options table (src/embed/options.rs)\n\
         // by src/embed/contract.rs — do not edit. Rewrite with:\n\
         //   LKW_BLESS=1 cargo test -p lk-voice-widget --lib embed::contract\n"
    );
    let _ = writeln!(
        w,
        "/** The languages the widget speaks (BCP 47 primary tags); the first is the default. */"
    );
    let tags: Vec<String> = Lang::ALL.iter().map(|l| js(l.tag())).collect();
    let _ = writeln!(w, "export const LANGS = [{}];\n", tags.join(", "));
    let _ = writeln!(
        w,
        "/** What the loader's button and status say before the wasm is here, by language. */"
    );
    let _ = writeln!(w, "export const WORDS = {{");
    for lang in Lang::ALL {
        let words = loader_words(lang.messages())
            .into_iter()
            .map(|(k, v)| (k.to_string(), js(v)));
        let _ = writeln!(w, "  {}: {},", js(lang.tag()), object(words));
    }
    let _ = writeln!(w, "}};\n");
    let _ = writeln!(
        w,
        "/** What the site owner reads (English); `{{name}}` blanks are filled by the loader. */"
    );
    let _ = writeln!(w, "export const OWNER = {{");
    for (key, text) in owner_embed::FOR_THE_LOADER {
        let _ = writeln!(w, "  {key}: {},", js(text));
    }
    let _ = writeln!(w, "}};\n");
    let _ = writeln!(
        w,
        "/** The widget's options: attribute, mount() key, kind (config | style | load), whether the\n \
         * iframe page takes it from its query (and iframeSnippet() passes it), and `bare`: what the\n \
         * attribute means when present without a value. */"
    );
    let _ = writeln!(w, "export const OPTIONS = [");
    for option in WidgetOption::ALL {
        let bare = option
            .bare()
            .map(|value| format!(", bare: {}", js(value)))
            .unwrap_or_default();
        let _ = writeln!(
            w,
            "  {{ attribute: {}, key: {}, kind: {}, inFrame: {}{bare} }},",
            js(option.attribute()),
            js(option.key()),
            js(option.kind().key()),
            option.in_frame()
        );
    }
    let _ = writeln!(w, "];\n");
    let list = |words: &[&str]| words.iter().map(|w| js(w)).collect::<Vec<_>>().join(", ");
    let _ = writeln!(
        w,
        "/** Consent before a call: where a remembered consent is kept. */"
    );
    let _ = writeln!(
        w,
        "export const CONSENT = {{ storageKey: {}, storedPrefix: {} }};\n",
        js(consent::STORAGE_KEY),
        js(consent::STORED_PREFIX),
    );
    let _ = writeln!(
        w,
        "/** How `consent`, `consent-remember` and `resume` are switched on and off (any case). */"
    );
    let _ = writeln!(
        w,
        "export const SWITCH = {{ on: [{}], off: [{}] }};\n",
        list(switch::SWITCH_ON),
        list(switch::SWITCH_OFF)
    );
    let _ = writeln!(
        w,
        "/** LiveKit's RPC error codes the loader answers with. */"
    );
    let _ = writeln!(
        w,
        "export const RPC_ERRORS = {{ unsupportedMethod: {RPC_UNSUPPORTED_METHOD}, applicationError: {RPC_APPLICATION_ERROR}, responseTimeout: {RPC_RESPONSE_TIMEOUT} }};\n"
    );
    let _ = writeln!(
        w,
        "/** The `lkw-error` fields of a widget whose code did not load. */"
    );
    let load_failed = LOAD_FAILED.iter().map(|(k, v)| (k.to_string(), js(v)));
    let _ = writeln!(w, "export const LOAD_FAILED = {};\n", object(load_failed));
    let _ = writeln!(
        w,
        "/** The `lkw-error` fields of a widget whose code crashed (the wasm sends it). */"
    );
    let crashed = CRASHED.iter().map(|(k, v)| (k.to_string(), js(v)));
    let _ = writeln!(w, "export const CRASHED = {};", object(crashed));
    let _ = writeln!(
        w,
        "\n/** sessionStorage keys of calls a reload rejoins (option `resume`) start with this. */"
    );
    let _ = writeln!(
        w,
        "export const RESUME_KEY_PREFIX = {};",
        js(crate::call::resume::KEY_PREFIX)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_loaders_contract_is_what_rust_says() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(GENERATED_PATH);
        let want = loader_contract();
        if std::env::var_os("LKW_BLESS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &want).unwrap();
            return;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{} is stale (the catalogs or the options table changed): rewrite it with \
             LKW_BLESS=1 cargo test -p lk-voice-widget --lib embed::contract",
            path.display()
        );
    }

    #[test]
    fn every_language_has_the_loaders_words() {
        for lang in Lang::ALL {
            for (name, text) in loader_words(lang.messages()) {
                assert!(
                    !text.trim().is_empty(),
                    "{lang:?} lacks the loader's {name}"
                );
            }
            assert!(loader_contract().contains(&format!("{}: {{", js(lang.tag()))));
        }
    }
}
