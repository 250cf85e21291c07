//! Dense bitsets over element positions, for the compile passes that judge
//! every element once (N2 over label words, R2 over types and endpoints).
//! A pass over flat words, a bit per element, runs near memory speed where
//! a membership test per element in a compressed bitmap would not; results
//! leave as roaring bitmaps, which the rest of the engine works with.

use rayon::prelude::*;
use roaring::RoaringBitmap;

use crate::parallel::PARALLEL_ELEMENTS;

/// Bits per word.
const WORD: u32 = 64;

/// Words per parallel chunk: 65,536 elements, one roaring container.
const CHUNK_WORDS: usize = 1024;

/// A set of positions `0..len` as one bit each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dense {
    words: Vec<u64>,
    len: u32,
}

impl Dense {
    /// The positions `p` of `0..len` for which `member(p)` holds; in
    /// parallel on large sets.
    pub fn from_fn(len: u32, member: impl Fn(u32) -> bool + Sync) -> Self {
        Dense::from_words(len, |positions| {
            let base = positions.start;
            positions.fold(0u64, |bits, p| bits | (u64::from(member(p)) << (p - base)))
        })
    }

    /// The set whose word covering `positions` (at most 64 of `0..len`,
    /// starting at a multiple of 64) is `word(positions)`: for passes that
    /// read whole runs of columns at once. In parallel on large sets.
    pub fn from_words(len: u32, word: impl Fn(std::ops::Range<u32>) -> u64 + Sync) -> Self {
        let mut words = vec![0u64; len.div_ceil(WORD) as usize];
        let fill = |(chunk_index, chunk): (usize, &mut [u64])| {
            let first_word = chunk_index * CHUNK_WORDS;
            for (i, slot) in chunk.iter_mut().enumerate() {
                let base = u32::try_from(first_word + i).unwrap_or(u32::MAX) * WORD;
                *slot = word(base..base.saturating_add(WORD).min(len));
            }
        };
        if (len as usize) < PARALLEL_ELEMENTS {
            words.chunks_mut(CHUNK_WORDS).enumerate().for_each(fill);
        } else {
            words.par_chunks_mut(CHUNK_WORDS).enumerate().for_each(fill);
        }
        Dense { words, len }
    }

    /// Every position of `0..len`.
    pub fn full(len: u32) -> Self {
        Dense::from_words(len, |positions| match positions.len() {
            64 => u64::MAX,
            n => (1u64 << n) - 1,
        })
    }

    /// No position of `0..len`.
    pub fn empty(len: u32) -> Self {
        Dense {
            words: vec![0; len.div_ceil(WORD) as usize],
            len,
        }
    }

    /// How many positions are in the set.
    pub fn count(&self) -> u64 {
        self.words.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    /// 1 when `position` is in the set, else 0: for branch-free passes.
    pub fn bit(&self, position: u32) -> u64 {
        self.words
            .get((position / WORD) as usize)
            .map_or(0, |w| (w >> (position % WORD)) & 1)
    }

    /// Whether `position` is in the set.
    pub fn contains(&self, position: u32) -> bool {
        self.words
            .get((position / WORD) as usize)
            .is_some_and(|w| w & (1 << (position % WORD)) != 0)
    }

    /// Adds the positions of `candidates` below `len` for which `keep(p)`
    /// holds.
    pub fn insert_where(&mut self, candidates: &RoaringBitmap, keep: impl Fn(u32) -> bool) {
        for p in candidates.range(..self.len).filter(|&p| keep(p)) {
            if let Some(w) = self.words.get_mut((p / WORD) as usize) {
                *w |= 1 << (p % WORD);
            }
        }
    }

    /// Removes the positions of `bitmap`.
    pub fn remove_bitmap(&mut self, bitmap: &RoaringBitmap) {
        for p in bitmap.range(..self.len) {
            if let Some(w) = self.words.get_mut((p / WORD) as usize) {
                *w &= !(1 << (p % WORD));
            }
        }
    }

    /// The same set as a roaring bitmap.
    pub fn to_bitmap(&self) -> RoaringBitmap {
        let mut bytes = Vec::with_capacity(self.words.len() * 8);
        for w in &self.words {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        RoaringBitmap::from_lsb0_bytes(0, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Every operation agrees with the same operation on roaring
        /// bitmaps, at sizes that cross word, chunk and container bounds
        /// (and so produce both container kinds).
        #[test]
        fn agrees_with_roaring(
            len in prop_oneof![0u32..200, 65_000u32..140_000],
            step in 1u32..40,
            offset in 0u32..40,
            others in prop::collection::vec(0u32..140_000, 0..300),
        ) {
            let member = |p: u32| p % step == offset % step;
            let dense = Dense::from_fn(len, member);
            let expected: RoaringBitmap = (0..len).filter(|&p| member(p)).collect();
            prop_assert_eq!(dense.to_bitmap(), expected.clone());
            prop_assert_eq!(dense.count(), expected.len());
            for p in [0, len / 2, len.saturating_sub(1), len, len + 64] {
                prop_assert_eq!(dense.contains(p), expected.contains(p));
                prop_assert_eq!(dense.bit(p), u64::from(expected.contains(p)));
            }
            let extra: RoaringBitmap = others.iter().copied().collect();
            let mut grown = dense.clone();
            grown.insert_where(&extra, |_| true);
            let within: RoaringBitmap = extra.range(..len).collect();
            prop_assert_eq!(grown.to_bitmap(), &expected | &within);
            let mut cut = grown.clone();
            cut.remove_bitmap(&extra);
            prop_assert_eq!(cut.to_bitmap(), &expected - &within);
            let mut picked = Dense::empty(len);
            picked.insert_where(&extra, |p| p % 3 == 0);
            let picked_expected: RoaringBitmap = within.iter().filter(|p| p % 3 == 0).collect();
            prop_assert_eq!(picked.to_bitmap(), picked_expected);
        }
    }

    #[test]
    fn full_and_empty() {
        assert_eq!(Dense::full(70).to_bitmap().len(), 70);
        assert!(Dense::empty(70).to_bitmap().is_empty());
        assert!(!Dense::full(70).contains(70));
    }
}
