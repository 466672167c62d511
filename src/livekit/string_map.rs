//! A participant's or a stream's string attributes: a map kept as a Vec sorted by key.
//!
//! It replaces `BTreeMap<String, String>`, whose node code (insert with splits, clone of a
//! subtree, drop) is ≈ 3.5 KB of wasm for maps of a handful of entries (issue 15). Same order
//! when iterated (by key), same answers; inserting is a binary search and a shift, which is no
//! cost at a few dozen attributes. Not `Vec::sort`: that brings its own stable sort.

/// String keys to string values, iterated in key order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StringMap(Vec<(String, String)>);

impl StringMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` to `value`; the value it replaced, if any.
    pub fn insert(&mut self, key: String, value: String) -> Option<String> {
        match self.find(&key) {
            Ok(at) => Some(std::mem::replace(&mut self.0[at].1, value)),
            Err(at) => {
                self.0.insert(at, (key, value));
                None
            }
        }
    }

    pub fn get(&self, key: &str) -> Option<&String> {
        self.find(key).ok().map(|at| &self.0[at].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// `(key, value)` pairs in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(key, value)| (key, value))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }
}

/// Inserted one by one, as [`StringMap::insert`] would: a later pair replaces an earlier one.
impl FromIterator<(String, String)> for StringMap {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Self {
        let mut map = Self::new();
        for (key, value) in pairs {
            map.insert(key, value);
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::StringMap;
    use std::collections::BTreeMap;

    #[test]
    fn answers_like_a_btree_map_in_any_insertion_order() {
        let inserts = [
            ("lk.agent.state", "listening"),
            ("b", "1"),
            ("", "empty key"),
            ("a", "2"),
            ("lk.agent.state", "speaking"),
            ("ä", "3"),
            ("b", "4"),
        ];
        let (mut ours, mut reference) = (StringMap::new(), BTreeMap::new());
        for (key, value) in inserts {
            assert_eq!(
                ours.insert(key.into(), value.into()),
                reference.insert(key.to_string(), value.to_string())
            );
        }
        assert_eq!(ours.len(), reference.len());
        assert!(ours.iter().eq(reference.iter()));
        for key in ["", "a", "b", "c", "lk.agent.state", "ä"] {
            assert_eq!(ours.get(key), reference.get(key));
            assert_eq!(ours.contains_key(key), reference.contains_key(key));
        }
        assert!(StringMap::new().is_empty() && !ours.is_empty());
    }
}
