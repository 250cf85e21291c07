//! Token dictionaries: names of labels, relationship types or property keys
//! mapped to dense indexes, the bit positions of [`crate::bits::TokenSet`]
//! and the slots of the per-token columns.
//!
//! The registry's tokens (D3) come first, in registry order; names that
//! elements carry without being registered (which the graph builder never
//! produces) are appended so that the columns can still hold them. Only the
//! registered part resolves names in privileges, which is P6.

use std::collections::HashMap;

/// Names ↔ dense indexes.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    names: Vec<String>,
    index: HashMap<String, usize>,
    registered: usize,
}

impl Dictionary {
    /// A dictionary holding the registry's `names` (D3), in order.
    pub fn from_registry(names: &[String]) -> Self {
        let mut dictionary = Dictionary::default();
        for name in names {
            dictionary.intern(name);
        }
        dictionary.registered = dictionary.names.len();
        dictionary
    }

    /// The index of `name`, adding it (after the registered tokens) if new.
    pub fn intern(&mut self, name: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len();
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), i);
        i
    }

    /// The index of `name`, registered or not.
    pub fn get(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The index of `name` only when it is a registered token: how
    /// privileges resolve names when a query starts (P6).
    pub fn resolve(&self, name: &str) -> Option<usize> {
        self.get(name).filter(|&i| i < self.registered)
    }

    /// The name at `index`.
    pub fn name(&self, index: usize) -> Option<&str> {
        self.names.get(index).map(String::as_str)
    }

    /// How many names it holds.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether it holds no name.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_registered_names_resolve() {
        let mut d = Dictionary::from_registry(&["A".to_string(), "B".to_string()]);
        assert_eq!(d.intern("Z"), 2);
        assert_eq!(d.intern("A"), 0);
        assert_eq!(d.get("Z"), Some(2));
        assert_eq!(d.resolve("Z"), None);
        assert_eq!(d.resolve("B"), Some(1));
        assert_eq!(d.resolve("nope"), None);
        assert_eq!(d.name(2), Some("Z"));
        assert_eq!(d.len(), 3);
    }
}
