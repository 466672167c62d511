//! The widget's options: one table for every way in. The `<lk-voice-widget>` element's attributes
//! (also on the standalone page), `mount(parent, options)`'s keys, the iframe page's query
//! parameters and `iframeSnippet()` all come from [`WidgetOption::ALL`]; the loader reads its
//! generated copy (see [`super::contract`]).
//!
//! `load` is accepted by the iframe page and passed on by `iframeSnippet()` (until issue 14 the
//! snippet dropped it while the page accepted it): how early the framed widget fetches its code is
//! the framing page's choice, like its layout and theme.

/// What an option does, which decides who reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// Configures the call: passed to the wasm; a change re-creates an idle widget.
    Config,
    /// Read by CSS only (`:host([layout=…])`).
    Style,
    /// When the loader fetches the widget's code (`idle`, `intent`, `eager`).
    Load,
}

impl OptionKind {
    pub fn key(self) -> &'static str {
        match self {
            OptionKind::Config => "config",
            OptionKind::Style => "style",
            OptionKind::Load => "load",
        }
    }
}

/// One option of the widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WidgetOption {
    TokenUrl,
    ServerUrl,
    SdkUrl,
    Agent,
    AgentMetadata,
    Lang,
    ParticipantName,
    ParticipantIdentity,
    ParticipantMetadata,
    Layout,
    Placement,
    Theme,
    Load,
    Resume,
    Consent,
    ConsentPrivacyUrl,
    ConsentRemember,
}

impl WidgetOption {
    pub const ALL: &'static [WidgetOption] = &[
        WidgetOption::TokenUrl,
        WidgetOption::ServerUrl,
        WidgetOption::SdkUrl,
        WidgetOption::Agent,
        WidgetOption::AgentMetadata,
        WidgetOption::Lang,
        WidgetOption::ParticipantName,
        WidgetOption::ParticipantIdentity,
        WidgetOption::ParticipantMetadata,
        WidgetOption::Layout,
        WidgetOption::Placement,
        WidgetOption::Theme,
        WidgetOption::Load,
        WidgetOption::Resume,
        WidgetOption::Consent,
        WidgetOption::ConsentPrivacyUrl,
        WidgetOption::ConsentRemember,
    ];

    /// `(attribute, mount() key, kind, whether the iframe page takes it from its query)`.
    ///
    /// The frame refuses what would let any page that frames it send the call elsewhere (the
    /// server and SDK URLs; the token URL only on its own origin, checked by the frame) or speak
    /// for the visitor (their identity); `placement` is the frame's own.
    fn row(self) -> (&'static str, &'static str, OptionKind, bool) {
        use OptionKind::*;
        match self {
            WidgetOption::TokenUrl => ("token-url", "tokenUrl", Config, true),
            WidgetOption::ServerUrl => ("server-url", "serverUrl", Config, false),
            WidgetOption::SdkUrl => ("sdk-url", "sdkUrl", Config, false),
            WidgetOption::Agent => ("agent", "agent", Config, true),
            WidgetOption::AgentMetadata => ("agent-metadata", "agentMetadata", Config, true),
            WidgetOption::Lang => ("lang", "lang", Config, true),
            WidgetOption::ParticipantName => ("participant-name", "participantName", Config, true),
            WidgetOption::ParticipantIdentity => {
                ("participant-identity", "participantIdentity", Config, false)
            }
            WidgetOption::ParticipantMetadata => {
                ("participant-metadata", "participantMetadata", Config, true)
            }
            WidgetOption::Layout => ("layout", "layout", Style, true),
            WidgetOption::Placement => ("placement", "placement", Style, false),
            WidgetOption::Theme => ("theme", "theme", Style, true),
            WidgetOption::Load => ("load", "load", Load, true),
            WidgetOption::Resume => ("resume", "resume", Config, true),
            // Consent only ever keeps a call from starting; the framing page asks for it.
            WidgetOption::Consent => ("consent", "consent", Config, true),
            WidgetOption::ConsentPrivacyUrl => {
                ("consent-privacy-url", "consentPrivacyUrl", Config, true)
            }
            WidgetOption::ConsentRemember => ("consent-remember", "consentRemember", Config, true),
        }
    }

    /// The element's attribute (and the iframe page's query parameter).
    pub fn attribute(self) -> &'static str {
        self.row().0
    }

    /// The key in `mount()`'s options and in the object the loader passes to the wasm.
    pub fn key(self) -> &'static str {
        self.row().1
    }

    pub fn kind(self) -> OptionKind {
        self.row().2
    }

    /// Whether the iframe page takes it from its query string (and `iframeSnippet()` passes it).
    pub fn in_frame(self) -> bool {
        self.row().3
    }

    /// What the attribute means when present without a value (`<lk-voice-widget consent>`):
    /// a switch written as a bare attribute is on, not silently dropped as empty.
    pub fn bare(self) -> Option<&'static str> {
        matches!(
            self,
            WidgetOption::Consent | WidgetOption::ConsentRemember | WidgetOption::Resume
        )
        .then_some("on")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_and_keys_are_unique_and_spelled_alike() {
        for (i, a) in WidgetOption::ALL.iter().enumerate() {
            for b in &WidgetOption::ALL[i + 1..] {
                assert_ne!(a, b);
                assert_ne!(a.attribute(), b.attribute());
                assert_ne!(a.key(), b.key());
            }
            // `token-url` ↔ `tokenUrl`: the key is the attribute in camelCase.
            let camel: String = a
                .attribute()
                .split('-')
                .enumerate()
                .map(|(i, part)| match i {
                    0 => part.to_string(),
                    _ => part[..1].to_uppercase() + &part[1..],
                })
                .collect();
            assert_eq!(camel, a.key());
        }
    }

    #[test]
    fn the_frame_never_takes_where_the_call_goes_or_who_calls() {
        let framed: Vec<&str> = WidgetOption::ALL
            .iter()
            .filter(|o| o.in_frame())
            .map(|o| o.attribute())
            .collect();
        assert_eq!(
            framed,
            [
                "token-url",
                "agent",
                "agent-metadata",
                "lang",
                "participant-name",
                "participant-metadata",
                "layout",
                "theme",
                "load",
                "resume",
                "consent",
                "consent-privacy-url",
                "consent-remember"
            ]
        );
    }
}
