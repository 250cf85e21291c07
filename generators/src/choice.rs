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
