//! Small fixed-width bitsets over token indexes (labels, relationship types,
//! property keys): the masks the policy is folded into, and the label set of
//! one node. Token counts are small (tens), so a few `u64` words suffice and
//! a test is a handful of AND instructions.

/// A set of token indexes as bits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenSet {
    words: Vec<u64>,
}

/// Bits per word.
const WORD: usize = 64;

impl TokenSet {
    /// The empty set.
    pub fn new() -> Self {
        TokenSet::default()
    }

    /// Adds token `index`.
    pub fn insert(&mut self, index: usize) {
        let word = index / WORD;
        if self.words.len() <= word {
            self.words.resize(word + 1, 0);
        }
        if let Some(w) = self.words.get_mut(word) {
            *w |= 1 << (index % WORD);
        }
    }

    /// Whether token `index` is in the set.
    pub fn contains(&self, index: usize) -> bool {
        self.words
            .get(index / WORD)
            .is_some_and(|w| w & (1 << (index % WORD)) != 0)
    }

    /// Adds every token of `other`.
    pub fn union_with(&mut self, other: &TokenSet) {
        if self.words.len() < other.words.len() {
            self.words.resize(other.words.len(), 0);
        }
        for (mine, theirs) in self.words.iter_mut().zip(&other.words) {
            *mine |= theirs;
        }
    }

    /// Whether the set shares a token with the label words of one element
    /// (as [`crate::columns::Columns::node_label_words`] gives them).
    pub fn intersects_words(&self, words: &[u64]) -> bool {
        self.words.iter().zip(words).any(|(a, b)| a & b != 0)
    }

    /// The set as one word when every token index is below 64.
    pub fn as_word(&self) -> Option<u64> {
        match self.words.as_slice() {
            [] => Some(0),
            [word, rest @ ..] if rest.iter().all(|w| *w == 0) => Some(*word),
            _ => None,
        }
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    /// The token indexes in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(i, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                Some(i * WORD + bit)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_contains_iterate_across_words() {
        let mut set = TokenSet::new();
        assert!(set.is_empty());
        for i in [0, 5, 63, 64, 130] {
            set.insert(i);
        }
        assert!(set.contains(63) && set.contains(64) && set.contains(130));
        assert!(!set.contains(1) && !set.contains(65) && !set.contains(1000));
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![0, 5, 63, 64, 130]);
        assert!(!set.is_empty());
    }

    #[test]
    fn union_and_intersection_with_words() {
        let mut a = TokenSet::new();
        a.insert(2);
        let mut b = TokenSet::new();
        b.insert(70);
        a.union_with(&b);
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![2, 70]);
        assert!(a.intersects_words(&[0, 1 << 6]));
        assert!(!a.intersects_words(&[1 << 3, 0]));
        // Fewer words than the set: the missing words hold no tokens.
        assert!(!a.intersects_words(&[0]));
        assert_eq!(a.as_word(), None, "70 needs a second word");
        assert_eq!(b.as_word(), None);
        let mut c = TokenSet::new();
        assert_eq!(c.as_word(), Some(0));
        c.insert(3);
        c.insert(63);
        assert_eq!(c.as_word(), Some((1 << 3) | (1 << 63)));
    }
}
