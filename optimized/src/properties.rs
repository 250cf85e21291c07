//! Property columns: one column per property key for one kind of element
//! (nodes or relationships), each with a presence bitmap and its values
//! stored typed when every stored value of the key has one type.
//!
//! Values are D2's stored values; a missing key is absent from the presence
//! bitmap, never stored as null.

use std::borrow::Cow;
use std::collections::BTreeMap;

use roaring::RoaringBitmap;

use model::value::Value;

/// The values of one key, indexed by element position.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// No element carries the key.
    Empty,
    /// Every stored value is an integer; absent slots hold 0.
    Integer(Vec<i64>),
    /// Every stored value is a float; absent slots hold 0.0.
    Float(Vec<f64>),
    /// Every stored value is a boolean: the elements holding `true`.
    Boolean(RoaringBitmap),
    /// Mixed or other types; absent slots hold null.
    Values(Vec<Value>),
}

/// One key's column.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyColumn {
    /// The elements that store the key.
    pub presence: RoaringBitmap,
    /// The stored values.
    pub data: ColumnData,
}

impl PropertyColumn {
    /// A column that no element stores.
    pub fn empty() -> Self {
        PropertyColumn {
            presence: RoaringBitmap::new(),
            data: ColumnData::Empty,
        }
    }

    /// Builds a column over `count` elements from `(position, value)` pairs
    /// in ascending position order.
    fn build(count: usize, entries: &[(u32, &Value)]) -> Self {
        let presence = entries.iter().map(|(i, _)| *i).collect();
        let all = |f: fn(&Value) -> bool| entries.iter().all(|(_, v)| f(v));
        let data = if entries.is_empty() {
            ColumnData::Empty
        } else if all(|v| matches!(v, Value::Integer(_))) {
            ColumnData::Integer(dense(count, 0, entries, |v| match v {
                Value::Integer(i) => Some(*i),
                _ => None,
            }))
        } else if all(|v| matches!(v, Value::Float(_))) {
            ColumnData::Float(dense(count, 0.0, entries, |v| match v {
                Value::Float(f) => Some(*f),
                _ => None,
            }))
        } else if all(|v| matches!(v, Value::Boolean(_))) {
            ColumnData::Boolean(
                entries
                    .iter()
                    .filter(|(_, v)| matches!(v, Value::Boolean(true)))
                    .map(|(i, _)| *i)
                    .collect(),
            )
        } else {
            ColumnData::Values(dense(count, Value::Null, entries, |v| Some(v.clone())))
        };
        PropertyColumn { presence, data }
    }

    /// The value stored at element `position`, if any.
    pub fn value(&self, position: u32) -> Option<Cow<'_, Value>> {
        if !self.presence.contains(position) {
            return None;
        }
        self.stored(position)
    }

    /// The value at `position`, which the caller knows to be in
    /// `presence` (as when iterating it): skips the membership test.
    pub fn stored(&self, position: u32) -> Option<Cow<'_, Value>> {
        let slot = usize::try_from(position).ok()?;
        match &self.data {
            ColumnData::Empty => None,
            ColumnData::Integer(v) => v.get(slot).map(|i| Cow::Owned(Value::Integer(*i))),
            ColumnData::Float(v) => v.get(slot).map(|f| Cow::Owned(Value::Float(*f))),
            ColumnData::Boolean(trues) => {
                Some(Cow::Owned(Value::Boolean(trues.contains(position))))
            }
            ColumnData::Values(v) => v.get(slot).map(Cow::Borrowed),
        }
    }
}

/// A dense vector of `count` slots, `fill` where no entry is stored.
fn dense<T: Clone>(
    count: usize,
    fill: T,
    entries: &[(u32, &Value)],
    extract: impl Fn(&Value) -> Option<T>,
) -> Vec<T> {
    let mut out = vec![fill; count];
    for (i, v) in entries {
        if let (Some(slot), Some(x)) = (
            usize::try_from(*i).ok().and_then(|s| out.get_mut(s)),
            extract(v),
        ) {
            *slot = x;
        }
    }
    out
}

/// The columns of every key for one kind of element, indexed by key index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PropertyTable {
    columns: Vec<PropertyColumn>,
}

impl PropertyTable {
    /// Builds the table over `count` elements; `entries[key]` lists the
    /// `(position, value)` pairs of that key in ascending position order.
    pub fn build(count: usize, entries: &BTreeMap<usize, Vec<(u32, &Value)>>, keys: usize) -> Self {
        let columns = (0..keys)
            .map(|k| match entries.get(&k) {
                Some(e) => PropertyColumn::build(count, e),
                None => PropertyColumn::empty(),
            })
            .collect();
        PropertyTable { columns }
    }

    /// The column of key `key`, if the key is known.
    pub fn column(&self, key: usize) -> Option<&PropertyColumn> {
        self.columns.get(key)
    }

    /// Every column with its key index.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &PropertyColumn)> {
        self.columns.iter().enumerate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_columns_and_presence() {
        let one = Value::Integer(1);
        let two = Value::Integer(2);
        let ints = PropertyColumn::build(4, &[(1, &one), (3, &two)]);
        assert!(matches!(ints.data, ColumnData::Integer(_)));
        assert_eq!(ints.value(1).as_deref(), Some(&Value::Integer(1)));
        assert_eq!(ints.value(0), None, "absent, not 0");
        assert_eq!(ints.value(3).as_deref(), Some(&Value::Integer(2)));

        let f = Value::Float(1.0);
        let mixed = PropertyColumn::build(3, &[(0, &one), (2, &f)]);
        assert!(matches!(mixed.data, ColumnData::Values(_)));
        assert_eq!(mixed.value(2).as_deref(), Some(&Value::Float(1.0)));
        assert_eq!(mixed.value(1), None);

        let t = Value::Boolean(true);
        let fl = Value::Boolean(false);
        let bools = PropertyColumn::build(3, &[(0, &fl), (1, &t)]);
        assert_eq!(bools.value(0).as_deref(), Some(&Value::Boolean(false)));
        assert_eq!(bools.value(1).as_deref(), Some(&Value::Boolean(true)));
        assert_eq!(bools.value(2), None);

        assert_eq!(PropertyColumn::build(3, &[]).value(0), None);
    }
}
