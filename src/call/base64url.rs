//! base64url without padding, decode only: how a JWT's payload is written (RFC 7515 §2).
//!
//! The widget decodes one thing in base64 (a token's payload, [`super::TokenClaims::decode`]);
//! the `base64` crate's general engine cost 0.7 KB gzip of wasm for it (issue 15). Strict
//! like that engine's `URL_SAFE_NO_PAD`: any other character, an impossible length (one
//! character past a multiple of four) or non-zero leftover bits is an error, so a token is
//! read exactly as before.

/// The bytes `text` encodes; `None` when it is not canonical unpadded base64url.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut bits, mut count) = (0u32, 0u32);
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        bits = bits << 6 | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    // Six leftover bits are a lone last character (no byte); 2 or 4 must all be zero.
    (count < 6 && bits == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn decodes_every_length_and_both_url_characters() {
        assert_eq!(decode(""), Some(vec![]));
        assert_eq!(decode("Zg"), Some(b"f".to_vec()));
        assert_eq!(decode("Zm8"), Some(b"fo".to_vec()));
        assert_eq!(decode("Zm9v"), Some(b"foo".to_vec()));
        assert_eq!(decode("Zm9vYg"), Some(b"foob".to_vec()));
        assert_eq!(decode("-_-_"), Some(vec![0xfb, 0xff, 0xbf]));
        assert_eq!(
            decode("eyJzdWIiOiJhbGljZSJ9"),
            Some(br#"{"sub":"alice"}"#.to_vec())
        );
    }

    #[test]
    fn refuses_what_the_strict_engine_refuses() {
        // Standard-alphabet characters, padding, whitespace.
        assert_eq!(decode("+/+/"), None);
        assert_eq!(decode("Zg=="), None);
        assert_eq!(decode("Zm9 v"), None);
        // A lone last character encodes no byte.
        assert_eq!(decode("Zm9vY"), None);
        // Leftover bits that are not zero: "Zh" would be "f" with a stray bit.
        assert_eq!(decode("Zh"), None);
        assert_eq!(decode("Zm9"), None);
        assert_eq!(decode("é"), None);
    }

    /// Every string of up to five characters over an alphabet with both URL characters, the
    /// standard ones, padding and a space: the same answer as the crate it replaced.
    #[test]
    fn agrees_with_the_base64_crate() {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine;
        let alphabet = [
            'A', 'Q', 'g', 'w', 'z', '0', '9', '-', '_', '+', '/', '=', ' ',
        ];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = texts
                .iter()
                .filter(|t| t.len() == texts.last().unwrap().len())
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        for text in &texts {
            assert_eq!(decode(text), URL_SAFE_NO_PAD.decode(text).ok(), "{text:?}");
        }
    }
}
