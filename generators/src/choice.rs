//! Choices drawn from the fuzzer's bytes. Every helper returns its first,
//! simplest option when the bytes run out or are zero, so any byte string
//! is a world and shrinking bytes towards zero shrinks the world.

use arbitrary::Unstructured;

/// An index in `0..n` (0 when `n` is 0 or the bytes are exhausted).
pub fn pick(u: &mut Unstructured<'_>, n: usize) -> usize {
    match n.checked_sub(1) {
        None | Some(0) => 0,
        Some(last) => u.int_in_range(0..=last).unwrap_or(0),
    }
}

/// An index into `weights`, drawn with those weights; a zero byte gives 0.
pub fn weighted(u: &mut Unstructured<'_>, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let Some(last) = total.checked_sub(1) else {
        return 0;
    };
    let mut draw = if last == 0 {
        0
    } else {
        u.int_in_range(0..=last).unwrap_or(0)
    };
    for (i, w) in weights.iter().enumerate() {
        if draw < *w {
            return i;
        }
        draw -= w;
    }
    0
}

/// True with probability `percent` / 100; false for a zero byte.
pub fn flag(u: &mut Unstructured<'_>, percent: u32) -> bool {
    let draw: u32 = u.int_in_range(0..=99).unwrap_or(0);
    draw >= 100u32.saturating_sub(percent)
}

/// One element of `items` (the first when the bytes are exhausted).
pub fn one<'a, T>(u: &mut Unstructured<'_>, items: &'a [T]) -> Option<&'a T> {
    items.get(pick(u, items.len()))
}

/// The elements of `items` kept by [`flag`] each, in `items`' order
/// rotated by a drawn amount (so written order varies too).
pub fn subset<T: Clone>(u: &mut Unstructured<'_>, items: &[T], percent: u32) -> Vec<T> {
    let rotation = pick(u, items.len());
    let mut kept = Vec::new();
    for i in 0..items.len() {
        if let Some(item) = items.get((i + rotation) % items.len())
            && flag(u, percent)
        {
            kept.push(item.clone());
        }
    }
    kept
}

/// Whether an optional entity is present: its slot's first byte is not
/// zero, so zeroing one byte removes the entity (shrinking does that).
pub fn present(u: &mut Unstructured<'_>) -> bool {
    u.bytes(1)
        .ok()
        .and_then(|b| b.first())
        .is_some_and(|&b| b != 0)
}

/// Reads a slot of `size` bytes (fewer when the input ends: then zeros,
/// the simplest choices) and, when `used`, calls `fill` with it as its own
/// byte source. An unused slot is read too, so that what follows has a
/// fixed place whether or not it is used.
pub fn slot(
    u: &mut Unstructured<'_>,
    size: usize,
    used: bool,
    fill: impl FnOnce(&mut Unstructured<'_>),
) {
    let n = size.min(u.len());
    let bytes = u.bytes(n).unwrap_or(&[]);
    if used {
        fill(&mut Unstructured::new(bytes));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exhausted_bytes_give_the_first_choice() {
        let mut u = Unstructured::new(&[]);
        assert_eq!(pick(&mut u, 5), 0);
        assert_eq!(weighted(&mut u, &[1, 9]), 0);
        assert!(!flag(&mut u, 99));
        assert_eq!(one(&mut u, &["a", "b"]), Some(&"a"));
        assert!(subset(&mut u, &[1, 2, 3], 99).is_empty());
    }

    #[test]
    fn zero_bytes_give_the_first_choice() {
        let zeros = [0u8; 16];
        let mut u = Unstructured::new(&zeros);
        assert_eq!(pick(&mut u, 5), 0);
        assert_eq!(weighted(&mut u, &[1, 9]), 0);
        assert!(!flag(&mut u, 99));
    }

    #[test]
    fn a_zero_or_missing_byte_is_absent() {
        assert!(!present(&mut Unstructured::new(&[])));
        assert!(!present(&mut Unstructured::new(&[0, 5])));
        assert!(present(&mut Unstructured::new(&[1])));
    }

    #[test]
    fn slots_have_fixed_places() {
        let bytes: Vec<u8> = (1..=10).collect();
        let mut u = Unstructured::new(&bytes);
        let mut seen = Vec::new();
        let mut read = |c: &mut Unstructured<'_>| {
            seen.push(c.bytes(3).map(<[u8]>::to_vec).unwrap_or_default())
        };
        slot(&mut u, 3, true, &mut read);
        slot(&mut u, 3, false, &mut read);
        slot(&mut u, 3, true, &mut read);
        // The unused second slot was read too.
        assert_eq!(seen, [vec![1, 2, 3], vec![7, 8, 9]]);
        // Past the end: a short slot, then empty ones.
        let mut lens = Vec::new();
        slot(&mut u, 3, true, |c| lens.push(c.len()));
        slot(&mut u, 3, true, |c| lens.push(c.len()));
        assert_eq!(lens, [1, 0]);
    }

    #[test]
    fn weights_select_buckets() {
        // Draws 0..=9 over weights [1, 9]: 0 is bucket 0, 1..=9 bucket 1.
        let mut u = Unstructured::new(&[1, 9, 10]);
        assert_eq!(weighted(&mut u, &[1, 9]), 1);
        assert_eq!(weighted(&mut u, &[1, 9]), 1);
        // 10 % 10 = 0.
        assert_eq!(weighted(&mut u, &[1, 9]), 0);
        assert_eq!(pick(&mut Unstructured::new(&[7]), 0), 0);
        assert_eq!(pick(&mut Unstructured::new(&[7]), 1), 0);
        assert_eq!(pick(&mut Unstructured::new(&[7]), 3), 1);
        // 99 >= 100 - 1: the only byte that passes a 1% flag.
        assert!(flag(&mut Unstructured::new(&[99]), 1));
        assert!(!flag(&mut Unstructured::new(&[98]), 1));
    }
}
