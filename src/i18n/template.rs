//! Sentences with slots: `{0}` … `{9}` in a template stand for its arguments. Each catalog's
//! sentences with arguments are data ([`super::Templates`]) filled by this one routine, instead
//! of a `format!` per sentence per language: one function for all of them in the wasm, not one
//! per sentence and language (issue 15). A `{` not followed by a digit and `}` is kept as written.

/// `template` with each `{n}` replaced by `args[n]` (an empty text if there is no such argument).
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let slot = match rest.as_bytes() {
            [b'{', digit @ b'0'..=b'9', b'}', ..] => Some(usize::from(digit - b'0')),
            _ => None,
        };
        match slot {
            Some(n) => {
                out.push_str(args.get(n).copied().unwrap_or_default());
                rest = &rest[3..];
            }
            None => {
                out.push('{');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn slots_are_filled_and_other_braces_kept() {
        assert_eq!(fill("{0} at {1}: {0}", &["a", "b"]), "a at b: a");
        assert_eq!(fill("return {\"x\"} {2}{", &["a"]), "return {\"x\"} {");
        assert_eq!(fill("", &[]), "");
        assert_eq!(fill("ä{0}ö", &["ü"]), "äüö");
    }
}
