//! Kleene three-valued logic for `AND`, `OR`, `XOR` and `NOT` (Q3): null
//! means "unknown", so a result is known only when every possible value of
//! the unknown operand would give the same answer.

use super::Truth;

/// `a AND b` in three-valued logic: false wins over null.
pub fn and3(a: Truth, b: Truth) -> Truth {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

/// `a OR b` in three-valued logic: true wins over null.
pub fn or3(a: Truth, b: Truth) -> Truth {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

/// `a XOR b` in three-valued logic: any null makes the result null.
pub fn xor3(a: Truth, b: Truth) -> Truth {
    match (a, b) {
        (Some(x), Some(y)) => Some(x != y),
        _ => None,
    }
}

/// `NOT a` in three-valued logic.
pub fn not3(a: Truth) -> Truth {
    a.map(|b| !b)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Truth = Some(true);
    const F: Truth = Some(false);
    const N: Truth = None;

    // Each table lists (a, b, expected) for all nine combinations, taken
    // from the openCypher / Neo4j manual truth table for boolean operators.
    #[test]
    fn and_truth_table() {
        let table = [
            (F, F, F),
            (F, N, F),
            (F, T, F),
            (N, F, F),
            (N, N, N),
            (N, T, N),
            (T, F, F),
            (T, N, N),
            (T, T, T),
        ];
        for (a, b, want) in table {
            assert_eq!(and3(a, b), want, "{a:?} AND {b:?}");
        }
    }

    #[test]
    fn or_truth_table() {
        let table = [
            (F, F, F),
            (F, N, N),
            (F, T, T),
            (N, F, N),
            (N, N, N),
            (N, T, T),
            (T, F, T),
            (T, N, T),
            (T, T, T),
        ];
        for (a, b, want) in table {
            assert_eq!(or3(a, b), want, "{a:?} OR {b:?}");
        }
    }

    #[test]
    fn xor_truth_table() {
        let table = [
            (F, F, F),
            (F, N, N),
            (F, T, T),
            (N, F, N),
            (N, N, N),
            (N, T, N),
            (T, F, T),
            (T, N, N),
            (T, T, F),
        ];
        for (a, b, want) in table {
            assert_eq!(xor3(a, b), want, "{a:?} XOR {b:?}");
        }
    }

    #[test]
    fn not_truth_table() {
        assert_eq!(not3(F), T);
        assert_eq!(not3(N), N);
        assert_eq!(not3(T), F);
    }
}
