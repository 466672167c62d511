//! Writing a [`Value`] as JSON text: compact for the wire, indented for people.
//!
//! Strings are escaped exactly as `serde_json` escapes them (`"`, `\`, the short escapes, other
//! control characters as `\u00XX`, everything else as it is), so the request a token endpoint
//! receives and the generated loader contract are byte for byte what they were.

use super::Value;

impl Value {
    /// The value on one line, without spaces: what goes on the wire.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self, None);
        out
    }

    /// The value indented by two spaces per level, `"name": value`: what a person reads.
    pub fn to_json_pretty(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self, Some(0));
        out
    }
}

/// Appends `text` as a quoted, escaped JSON string.
pub fn write_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut run_start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let short = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        // Everything escaped is ASCII, so `at` is a character boundary.
        out.push_str(&text[run_start..at]);
        run_start = at + 1;
        if short.is_empty() {
            out.push_str("\\u00");
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 0xf)] as char);
        } else {
            out.push_str(short);
        }
    }
    out.push_str(&text[run_start..]);
    out.push('"');
}

/// `indent`: `None` for compact output, else the current level for pretty output.
fn write_value(out: &mut String, value: &Value, indent: Option<usize>) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Number(text) => out.push_str(text),
        Value::String(text) => write_string(out, text),
        Value::Array(items) => {
            write_container(out, indent, ('[', ']'), items, |out, item, inner| {
                write_value(out, item, inner)
            })
        }
        Value::Object(members) => write_container(
            out,
            indent,
            ('{', '}'),
            members,
            |out, (name, value), inner| {
                write_string(out, name);
                out.push_str(if inner.is_some() { ": " } else { ":" });
                write_value(out, value, inner);
            },
        ),
    }
}

/// Brackets, commas and (pretty) line breaks around `items`; an empty one stays `[]` / `{}`.
fn write_container<T>(
    out: &mut String,
    indent: Option<usize>,
    (open, close): (char, char),
    items: &[T],
    write_item: impl Fn(&mut String, &T, Option<usize>),
) {
    out.push(open);
    let inner = indent.map(|level| level + 1);
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        new_line(out, inner);
        write_item(out, item, inner);
    }
    if !items.is_empty() {
        new_line(out, indent);
    }
    out.push(close);
}

fn new_line(out: &mut String, indent: Option<usize>) {
    if let Some(level) = indent {
        out.push('\n');
        for _ in 0..level {
            out.push_str("  ");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn quoted(text: &str) -> String {
        let mut out = String::new();
        write_string(&mut out, text);
        out
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut every_control: String = (0u8..0x20).map(char::from).collect();
        every_control.push_str("\u{7f}\"\\/ é € 😀 \u{2028} end");
        for text in [
            "",
            "plain",
            "Ana María",
            "{\"persona\":\"nurse\"}",
            &every_control,
        ] {
            assert_eq!(
                quoted(text),
                serde_json::to_string(text).unwrap(),
                "{text:?}"
            );
        }
        assert_eq!(quoted("a\u{1}\n"), r#""a\u0001\n""#);
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let value = Value::object(vec![
            ("text", Value::from("line\n\"quoted\" \u{0} 😀")),
            ("list", Value::Array(vec![Value::Null, Value::Bool(true)])),
            ("number", Value::Number("-1.5e3".into())),
            ("empty", Value::Object(vec![])),
        ]);
        assert_eq!(parse(&value.to_json()), Ok(value.clone()));
        assert_eq!(parse(&value.to_json_pretty()), Ok(value));
    }

    #[test]
    fn pretty_output_is_laid_out_as_serde_json_lays_it_out() {
        let text = r#"{"a":"x","b":[1,{"c":null}],"d":{},"e":[],"f":{"g":true}}"#;
        let ours = parse(text).unwrap().to_json_pretty();
        let theirs =
            serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(text).unwrap())
                .unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(parse(text).unwrap().to_json(), text);
    }
}
