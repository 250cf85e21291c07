//! When to use more than one core: graphs above [`PARALLEL_ELEMENTS`] split
//! scans into chunks run on rayon's pool, results concatenated in order so
//! that answers do not depend on scheduling.

use rayon::prelude::*;

/// Element counts from which scans run in parallel; below it the cost of
/// splitting outweighs the gain.
pub const PARALLEL_ELEMENTS: usize = 50_000;

/// Items per parallel chunk.
const CHUNK: usize = 4_096;

/// Applies `f` to chunks of `items` and concatenates the outputs in order;
/// in parallel when `items` is long. An error is the first chunk's in
/// order, as a sequential scan would report it: rayon's own collection into
/// a `Result` may return any chunk's error, and two engines must agree on
/// which error a query fails with.
pub fn flat_map_chunks<T, R, E, F>(items: &[T], f: F) -> Result<Vec<R>, E>
where
    T: Sync,
    R: Send,
    E: Send,
    F: Fn(&[T]) -> Result<Vec<R>, E> + Sync,
{
    if items.len() < PARALLEL_ELEMENTS {
        return f(items);
    }
    let parts: Vec<Result<Vec<R>, E>> = items.par_chunks(CHUNK).map(&f).collect();
    let mut out = Vec::new();
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}

/// Maps `f` over `items`, in parallel when `elements` (the graph's size)
/// is large, keeping the order.
pub fn map_when_large<T, R, F>(elements: usize, items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    if elements < PARALLEL_ELEMENTS {
        items.iter().map(f).collect()
    } else {
        items.par_iter().map(&f).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_chunks_keep_the_order_and_report_errors() {
        let items: Vec<u32> = (0..(PARALLEL_ELEMENTS as u32 + 10)).collect();
        let doubled = flat_map_chunks(&items, |c| Ok::<_, ()>(c.iter().map(|x| x * 2).collect()));
        let expected: Vec<u32> = items.iter().map(|x| x * 2).collect();
        assert_eq!(doubled, Ok(expected));
        // Every chunk fails: the first one's error is reported.
        let failed = flat_map_chunks(&items, |c| match c.first() {
            Some(&first) => Err::<Vec<u32>, u32>(first),
            None => Ok(Vec::new()),
        });
        assert_eq!(failed, Err(0));
    }
}
