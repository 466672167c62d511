//! Reading JSON text (RFC 8259) into a [`Value`].
//!
//! What arrives is written by someone else's server, so nothing here panics: every malformed
//! input is a [`ReadError`] with the byte offset where reading stopped, and nesting is capped at
//! [`MAX_DEPTH`] so a body of ten thousand `[` cannot exhaust the stack.

use super::Value;

/// How deep arrays and objects may nest (`serde_json`'s limit too). No answer the widget reads
/// comes near it.
pub const MAX_DEPTH: usize = 128;

/// Why a text is not JSON, and where (a byte offset into the text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadError {
    pub kind: ReadErrorKind,
    pub offset: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadErrorKind {
    /// The text ended inside a value (or was empty).
    UnexpectedEnd,
    /// A character that cannot start or continue what came before.
    UnexpectedCharacter,
    /// A number that breaks JSON's grammar (`01`, `1.`, `-`, `1e`).
    InvalidNumber,
    /// A backslash escape JSON does not have, or `\u` without four hex digits.
    InvalidEscape,
    /// A `\uD800`–`\uDFFF` escape that is not half of a surrogate pair: no character to keep.
    LoneSurrogate,
    /// A raw control character (below U+0020) inside a string.
    ControlCharacter,
    /// Arrays and objects nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Something after the value.
    TrailingCharacters,
}

/// Reads `text` as exactly one JSON value, with whitespace around it.
pub fn parse(text: &str) -> Result<Value, ReadError> {
    let mut reader = Reader { text, at: 0 };
    let value = reader.value(0)?;
    reader.skip_whitespace();
    if reader.at < text.len() {
        return Err(reader.error(ReadErrorKind::TrailingCharacters));
    }
    Ok(value)
}

struct Reader<'a> {
    text: &'a str,
    /// A byte offset, always on a character boundary between tokens.
    at: usize,
}

type Read<T> = Result<T, ReadError>;

impl Reader<'_> {
    fn error(&self, kind: ReadErrorKind) -> ReadError {
        ReadError {
            kind,
            offset: self.at,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// The next byte, which must exist.
    fn next(&mut self) -> Read<u8> {
        let byte = self
            .peek()
            .ok_or_else(|| self.error(ReadErrorKind::UnexpectedEnd))?;
        self.at += 1;
        Ok(byte)
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Consumes `byte` after optional whitespace.
    fn expect(&mut self, byte: u8) -> Read<()> {
        self.skip_whitespace();
        match self.peek() {
            Some(found) if found == byte => {
                self.at += 1;
                Ok(())
            }
            Some(_) => Err(self.error(ReadErrorKind::UnexpectedCharacter)),
            None => Err(self.error(ReadErrorKind::UnexpectedEnd)),
        }
    }

    fn value(&mut self, depth: usize) -> Read<Value> {
        self.skip_whitespace();
        match self.peek() {
            None => Err(self.error(ReadErrorKind::UnexpectedEnd)),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(_) => Err(self.error(ReadErrorKind::UnexpectedCharacter)),
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Read<Value> {
        for expected in word.bytes() {
            if self.next()? != expected {
                self.at -= 1;
                return Err(self.error(ReadErrorKind::UnexpectedCharacter));
            }
        }
        Ok(value)
    }

    /// Opens a container at `depth` (1 for the outermost); true when it closes at once.
    fn open(&mut self, depth: usize, close: u8) -> Read<bool> {
        if depth > MAX_DEPTH {
            return Err(self.error(ReadErrorKind::TooDeep));
        }
        self.at += 1;
        self.skip_whitespace();
        let empty = self.peek() == Some(close);
        if empty {
            self.at += 1;
        }
        Ok(empty)
    }

    /// After an item: true when `close` ended the container, false after a `,`.
    fn closed(&mut self, close: u8) -> Read<bool> {
        self.skip_whitespace();
        match self.next()? {
            b',' => Ok(false),
            found if found == close => Ok(true),
            _ => {
                self.at -= 1;
                Err(self.error(ReadErrorKind::UnexpectedCharacter))
            }
        }
    }

    fn array(&mut self, depth: usize) -> Read<Value> {
        let mut items = Vec::new();
        if !self.open(depth, b']')? {
            loop {
                items.push(self.value(depth)?);
                if self.closed(b']')? {
                    break;
                }
            }
        }
        Ok(Value::Array(items))
    }

    fn object(&mut self, depth: usize) -> Read<Value> {
        let mut members = Vec::new();
        if !self.open(depth, b'}')? {
            loop {
                self.skip_whitespace();
                if self.peek() != Some(b'"') {
                    let kind = match self.peek() {
                        None => ReadErrorKind::UnexpectedEnd,
                        Some(_) => ReadErrorKind::UnexpectedCharacter,
                    };
                    return Err(self.error(kind));
                }
                let name = self.string()?;
                self.expect(b':')?;
                members.push((name, self.value(depth)?));
                if self.closed(b'}')? {
                    break;
                }
            }
        }
        Ok(Value::Object(members))
    }

    /// A string, from its opening quote.
    fn string(&mut self) -> Read<String> {
        self.at += 1;
        let mut out = String::new();
        let mut run_start = self.at;
        loop {
            match self.peek() {
                None => return Err(self.error(ReadErrorKind::UnexpectedEnd)),
                Some(b'"') => {
                    out.push_str(&self.text[run_start..self.at]);
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run_start..self.at]);
                    self.at += 1;
                    out.push(self.escape()?);
                    run_start = self.at;
                }
                Some(0..=0x1f) => return Err(self.error(ReadErrorKind::ControlCharacter)),
                // Quotes, backslashes and control characters are ASCII, so a run of anything
                // else ends on a character boundary and can be copied as it is.
                Some(_) => self.at += 1,
            }
        }
    }

    /// The character an escape stands for, from just after its backslash.
    fn escape(&mut self) -> Read<char> {
        Ok(match self.next()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(),
            _ => {
                self.at -= 1;
                return Err(self.error(ReadErrorKind::InvalidEscape));
            }
        })
    }

    /// `\uXXXX`, or two of them for a character beyond the Basic Multilingual Plane.
    fn unicode_escape(&mut self) -> Read<char> {
        let start = self.at - 2;
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.text[self.at..].starts_with("\\u") {
                    return Err(self.error(ReadErrorKind::LoneSurrogate));
                }
                self.at += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(ReadError {
                        kind: ReadErrorKind::LoneSurrogate,
                        offset: start,
                    });
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => {
                return Err(ReadError {
                    kind: ReadErrorKind::LoneSurrogate,
                    offset: start,
                })
            }
            other => other,
        };
        char::from_u32(code).ok_or(ReadError {
            kind: ReadErrorKind::LoneSurrogate,
            offset: start,
        })
    }

    fn hex4(&mut self) -> Read<u32> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                None => return Err(self.error(ReadErrorKind::UnexpectedEnd)),
                Some(byte) => (byte as char)
                    .to_digit(16)
                    .ok_or_else(|| self.error(ReadErrorKind::InvalidEscape))?,
            };
            self.at += 1;
            code = code * 16 + digit;
        }
        Ok(code)
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as written.
    fn number(&mut self) -> Read<Value> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.at += 1;
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    return Err(self.error(ReadErrorKind::InvalidNumber));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.number_error()),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.required_digits()?;
        }
        Ok(Value::Number(self.text[start..self.at].to_owned()))
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Read<()> {
        if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
            return Err(self.number_error());
        }
        self.digits();
        Ok(())
    }

    fn number_error(&self) -> ReadError {
        self.error(match self.peek() {
            None => ReadErrorKind::UnexpectedEnd,
            Some(_) => ReadErrorKind::InvalidNumber,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReadErrorKind::*;

    fn kind(text: &str) -> ReadErrorKind {
        parse(text).expect_err(text).kind
    }

    fn string(text: &str) -> String {
        match parse(text) {
            Ok(Value::String(s)) => s,
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn reads_every_kind_of_value() {
        let value =
            parse(" {\"a\" : [1, -2.5e+3, true, false, null, {}, []], \"b\":\"x\"}\n").unwrap();
        assert_eq!(
            value,
            Value::object(vec![
                (
                    "a",
                    Value::Array(vec![
                        Value::Number("1".into()),
                        Value::Number("-2.5e+3".into()),
                        Value::Bool(true),
                        Value::Bool(false),
                        Value::Null,
                        Value::Object(vec![]),
                        Value::Array(vec![]),
                    ])
                ),
                ("b", Value::from("x")),
            ])
        );
    }

    #[test]
    fn reads_every_escape_and_surrogate_pairs() {
        assert_eq!(string(r#""\"\\\/\b\f\n\r\t""#), "\"\\/\u{8}\u{c}\n\r\t");
        assert_eq!(string(r#""\u0041\u00e9\u20AC\u0000""#), "Aé€\0");
        assert_eq!(string(r#""\ud83d\ude00 x""#), "😀 x");
        assert_eq!(string("\"raw é 😀 \u{7f}\""), "raw é 😀 \u{7f}");
    }

    #[test]
    fn lone_surrogates_are_refused_where_they_start() {
        for (text, offset) in [
            (r#""\ud83d""#, 7),
            (r#""\ud83d x""#, 7),
            (r#""ab\ude00""#, 3),
            (r#""\ud83d\u0041""#, 1),
            (r#""\ud83d\ud83d""#, 1),
        ] {
            assert_eq!(
                parse(text).unwrap_err(),
                ReadError {
                    kind: LoneSurrogate,
                    offset
                },
                "{text}"
            );
        }
    }

    #[test]
    fn bad_escapes_and_raw_control_characters_are_refused() {
        assert_eq!(kind(r#""\x""#), InvalidEscape);
        assert_eq!(kind(r#""\u12g4""#), InvalidEscape);
        assert_eq!(kind(r#""\u12"#), UnexpectedEnd);
        assert_eq!(kind("\"a\nb\""), ControlCharacter);
        assert_eq!(kind("\"a\tb\""), ControlCharacter);
    }

    #[test]
    fn numbers_follow_the_grammar() {
        for good in ["0", "-0", "10", "0.5", "1e9", "1E-9", "-1.25e+10"] {
            assert_eq!(parse(good), Ok(Value::Number(good.into())), "{good}");
        }
        for (bad, expected) in [
            ("01", InvalidNumber),
            ("-", UnexpectedEnd),
            ("-a", InvalidNumber),
            ("1.", UnexpectedEnd),
            ("1.e3", InvalidNumber),
            ("1e", UnexpectedEnd),
            ("1e+", UnexpectedEnd),
            (".5", UnexpectedCharacter),
            ("+1", UnexpectedCharacter),
            ("1x", TrailingCharacters),
            ("NaN", UnexpectedCharacter),
        ] {
            assert_eq!(kind(bad), expected, "{bad}");
        }
    }

    #[test]
    fn structure_errors_are_typed_with_their_offset() {
        assert_eq!(
            parse(r#"{"a" 1}"#).unwrap_err(),
            ReadError {
                kind: UnexpectedCharacter,
                offset: 5
            }
        );
        for (bad, expected) in [
            ("", UnexpectedEnd),
            ("   ", UnexpectedEnd),
            ("{", UnexpectedEnd),
            ("[1,", UnexpectedEnd),
            ("[1 2]", UnexpectedCharacter),
            ("[1,]", UnexpectedCharacter),
            ("{\"a\":1,}", UnexpectedCharacter),
            ("{a:1}", UnexpectedCharacter),
            ("{\"a\"", UnexpectedEnd),
            ("\"abc", UnexpectedEnd),
            ("tru", UnexpectedEnd),
            ("trux", UnexpectedCharacter),
            ("nul", UnexpectedEnd),
            ("{} {}", TrailingCharacters),
            ("\u{feff}{}", UnexpectedCharacter),
            ("<!doctype html>", UnexpectedCharacter),
        ] {
            assert_eq!(kind(bad), expected, "{bad:?}");
        }
    }

    #[test]
    fn nesting_is_capped_without_exhausting_the_stack() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(&deep(MAX_DEPTH)).is_ok());
        assert_eq!(
            parse(&deep(MAX_DEPTH + 1)).unwrap_err(),
            ReadError {
                kind: TooDeep,
                offset: MAX_DEPTH
            }
        );
        assert_eq!(kind(&"[{\"a\":".repeat(100_000)), TooDeep);
    }

    /// `serde_json` is the reference: whatever it accepts this reads to the same tree, and what it
    /// refuses this refuses.
    #[test]
    fn agrees_with_serde_json() {
        fn same(ours: &Value, theirs: &serde_json::Value) -> bool {
            use serde_json::Value as J;
            match (ours, theirs) {
                (Value::Null, J::Null) => true,
                (Value::Bool(a), J::Bool(b)) => a == b,
                (Value::Number(a), J::Number(b)) => {
                    a.parse::<f64>().ok() == b.as_f64() || a.parse::<i64>().ok() == b.as_i64()
                }
                (Value::String(a), J::String(b)) => a == b,
                (Value::Array(a), J::Array(b)) => {
                    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
                }
                (Value::Object(_), J::Object(b)) => b
                    .iter()
                    .all(|(name, b)| ours.get(name).is_some_and(|a| same(a, b))),
                _ => false,
            }
        }
        for text in [
            r#"{"server_url":"wss://x","participant_token":"eyJ.a.b","n":[1,2.5,-3e2]}"#,
            r#"{"error":"rate_limited","message":"Wait \u00e9 \ud83d\ude00\n","agent":null}"#,
            r#"[[[{"a":{"b":[true,false,null]}}]]]"#,
            "\"\\u0000\\u001f\u{7f}\"",
            " 0 ",
            r#""\ud800""#,
            r#"{"a":01}"#,
            "[1,]",
            "{\"a\":\"\t\"}",
        ] {
            match (parse(text), serde_json::from_str::<serde_json::Value>(text)) {
                (Ok(ours), Ok(theirs)) => assert!(same(&ours, &theirs), "{text}"),
                (Err(_), Err(_)) => {}
                (ours, theirs) => panic!("{text}: ours {ours:?}, serde_json {theirs:?}"),
            }
        }
    }
}
