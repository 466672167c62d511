//! The JSON the widget reads and writes, without `serde_json`.
//!
//! The widget reads three things (a token endpoint's answer, a token's payload) and writes two (the
//! token request, the diagnostic bundle); a general serialisation framework cost it about 22 KB
//! gzip of wasm for that (issue 15). This is a plain value tree, a strict reader
//! ([`parse`]: RFC 8259, typed errors, a depth limit) and a writer that escapes the way
//! `serde_json` does, so the bytes on the wire did not change. It builds natively and is tested
//! natively, against `serde_json` as the reference.

mod read;
mod write;

pub use read::{parse, ReadError, ReadErrorKind, MAX_DEPTH};
pub use write::write_string;

/// A JSON value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number exactly as written (checked against JSON's grammar): the caller picks the type
    /// it needs, so a token's `exp` is never rounded through a float on the way.
    Number(String),
    String(String),
    Array(Vec<Value>),
    /// Members in the order they arrived, so evidence shows what the endpoint sent. A repeated
    /// name keeps every occurrence; [`Value::get`] finds the last, as `JSON.parse` does.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// An object from `(name, value)` pairs, in that order. A `Vec` of `&str` names rather than
    /// any iterator of any name: one copy of this in the wasm, not one per caller (issue 15).
    pub fn object(members: Vec<(&str, Value)>) -> Self {
        Self::Object(
            members
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect(),
        )
    }

    /// The member `name` of an object (the last, if repeated); `None` for anything else.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.as_object()?
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }

    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Self::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Self::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(flag) => Some(*flag),
            _ => None,
        }
    }

    /// An integer that fits `i64`; a fraction or exponent (`1.5`, `1e3`) is not one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Number(text) => text.parse().ok(),
            _ => None,
        }
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Self::String(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Self::String(text)
    }
}

impl From<&String> for Value {
    fn from(text: &String) -> Self {
        Self::String(text.clone())
    }
}

impl From<bool> for Value {
    fn from(flag: bool) -> Self {
        Self::Bool(flag)
    }
}

/// Nothing to say is `null`, as `serde_json` writes `None`.
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Into::into)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Self {
        Self::Array(items.into_iter().map(Into::into).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_reads_the_last_of_a_repeated_name_and_only_from_objects() {
        let value = parse(r#"{"a": 1, "b": "x", "a": 2}"#).unwrap();
        assert_eq!(value.get("a").and_then(Value::as_i64), Some(2));
        assert_eq!(value.get("b").and_then(Value::as_str), Some("x"));
        assert_eq!(value.get("c"), None);
        assert_eq!(parse(r#"["a"]"#).unwrap().get("a"), None);
    }

    #[test]
    fn as_i64_takes_integers_only() {
        for (text, expected) in [
            ("1800000900", Some(1_800_000_900)),
            ("-0", Some(0)),
            ("-42", Some(-42)),
            ("9223372036854775807", Some(i64::MAX)),
            ("9223372036854775808", None),
            ("1.5", None),
            ("1e3", None),
            ("\"3\"", None),
        ] {
            assert_eq!(parse(text).unwrap().as_i64(), expected, "{text}");
        }
    }

    #[test]
    fn accessors_answer_only_for_their_own_type() {
        let value = parse(r#"{"s": "t", "b": false, "n": null, "l": [1]}"#).unwrap();
        assert_eq!(value.get("b").and_then(Value::as_bool), Some(false));
        assert_eq!(value.get("s").and_then(Value::as_bool), None);
        assert_eq!(value.get("b").and_then(Value::as_str), None);
        assert_eq!(value.get("n"), Some(&Value::Null));
        assert_eq!(
            value.get("l").and_then(Value::as_array).map(<[_]>::len),
            Some(1)
        );
        assert_eq!(value.get("l").and_then(Value::as_object), None);
    }

    #[test]
    fn values_convert_from_rust() {
        let value = Value::object(vec![
            ("some", Value::from(Some("x"))),
            ("none", Value::from(None::<String>)),
            ("list", Value::from(vec!["a".to_string()])),
            ("flag", Value::from(true)),
        ]);
        assert_eq!(
            value.to_json(),
            r#"{"some":"x","none":null,"list":["a"],"flag":true}"#
        );
    }
}
