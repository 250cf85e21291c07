//! Stored element ids beside positions. Graphs the builder makes number
//! their elements 0, 1, 2, … so the id *is* the position and nothing needs
//! storing; any other numbering keeps the list and a reverse index.

use std::collections::HashMap;

use roaring::{RoaringBitmap, RoaringTreemap};

use model::engine::IdSet;

/// The stored ids of one kind of element, by position.
#[derive(Debug, Clone, Default)]
pub struct Ids {
    /// How many elements.
    count: u32,
    /// `None` when every id equals its position.
    listed: Option<Listed>,
}

/// Ids that are not their positions.
#[derive(Debug, Clone, Default)]
struct Listed {
    ids: Vec<u64>,
    positions: HashMap<u64, u32>,
}

impl Ids {
    /// The ids of elements `0..ids.len()`; `ids.len()` must fit a `u32`
    /// (the caller checks, since it names the graph in its error).
    pub fn new(ids: Vec<u64>) -> Self {
        let count = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        let dense = (0u64..).zip(&ids).all(|(p, &id)| id == p);
        let listed = (!dense).then(|| Listed {
            positions: ids.iter().zip(0u32..).map(|(&id, p)| (id, p)).collect(),
            ids,
        });
        Ids { count, listed }
    }

    /// How many elements.
    pub fn len(&self) -> u32 {
        self.count
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The id of the element at `position`.
    pub fn id(&self, position: u32) -> Option<u64> {
        match &self.listed {
            None => (position < self.count).then_some(u64::from(position)),
            Some(l) => l.ids.get(position as usize).copied(),
        }
    }

    /// The position of the element with id `id`.
    pub fn position(&self, id: u64) -> Option<u32> {
        match &self.listed {
            None => u32::try_from(id).ok().filter(|&p| p < self.count),
            Some(l) => l.positions.get(&id).copied(),
        }
    }

    /// The ids of the elements at `positions`: a copy of the bitmap when ids
    /// are positions, a translation otherwise.
    pub fn set(&self, positions: &RoaringBitmap) -> IdSet {
        match &self.listed {
            None if positions.is_empty() => RoaringTreemap::new(),
            None => RoaringTreemap::from_bitmaps([(0, positions.clone())]),
            Some(_) => positions.iter().filter_map(|p| self.id(p)).collect(),
        }
    }

    /// Heap bytes held (nothing when ids are positions).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.listed.as_ref().map_or(0, |l| {
            l.ids.capacity() * size_of::<u64>()
                + l.positions.capacity() * (size_of::<u64>() + size_of::<u32>())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_as_ids_store_nothing() {
        let ids = Ids::new(vec![0, 1, 2]);
        assert_eq!(ids.heap_bytes(), 0);
        assert_eq!((ids.id(2), ids.id(3)), (Some(2), None));
        assert_eq!((ids.position(1), ids.position(3)), (Some(1), None));
        let set = ids.set(&RoaringBitmap::from_iter([0u32, 2]));
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![0, 2]);
    }

    #[test]
    fn other_ids_are_listed_and_indexed() {
        let ids = Ids::new(vec![7, 3, u64::MAX]);
        assert!(ids.heap_bytes() > 0);
        assert_eq!(
            (ids.id(0), ids.id(2), ids.id(3)),
            (Some(7), Some(u64::MAX), None)
        );
        assert_eq!((ids.position(3), ids.position(0)), (Some(1), None));
        let set = ids.set(&RoaringBitmap::from_iter([0u32, 2]));
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![7, u64::MAX]);
    }

    #[test]
    fn an_empty_selection_is_the_empty_set() {
        assert_eq!(Ids::new(vec![0]).set(&RoaringBitmap::new()), IdSet::new());
    }
}
