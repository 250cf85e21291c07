//! Picking a chart's rows out of a run's measurements: by metric and
//! engine, in the order the run measured them (which is the order a reader
//! expects: admin before labels, 1k before 10k), and the few statistics the
//! captions quote (geometric means, log-log slopes).

use crate::results::Measurement;

use super::plot::Point;

/// Engines in the order a reader meets them: ours, then the peers.
const ENGINES: [&str; 4] = ["optimized", "reference", "cedar", "casbin"];

/// Workload items, then the ABAC sweep's steps, in the order described.
const ITEMS: [&str; 4] = [crate::queries::VISIBILITY, "open", "transaction", "roles"];

/// The rows of `metric`, optionally only those of `engine`, in a reader's
/// order: engine, query, policy as the workload lists them (derived rows
/// come out of the run sorted by name, which puts `abac` before `admin`),
/// then size; names the workload does not know keep the run's order.
pub(crate) fn rows<'a>(
    measurements: &'a [Measurement],
    metric: &str,
    engine: Option<&str>,
) -> Vec<&'a Measurement> {
    let mut out: Vec<&Measurement> = measurements
        .iter()
        .filter(|m| m.key.metric == metric && engine.is_none_or(|e| m.key.engine == e))
        .collect();
    let queries = crate::queries::QUERIES
        .iter()
        .map(|(name, _)| *name)
        .chain(ITEMS);
    let queries: Vec<&str> = queries.collect();
    let rank =
        |list: &[&str], name: &str| list.iter().position(|n| *n == name).unwrap_or(usize::MAX);
    out.sort_by_key(|m| {
        (
            rank(&ENGINES, &m.key.engine),
            rank(&queries, &m.key.query),
            rank(&crate::policies::NAMES, &m.key.policy),
            m.key.nodes,
            m.key.rules,
        )
    });
    out
}

/// The distinct values of `field` over `rows`, in first-appearance order.
pub(crate) fn distinct<T: PartialEq>(
    rows: &[&Measurement],
    field: impl Fn(&Measurement) -> T,
) -> Vec<T> {
    let mut out = Vec::new();
    for m in rows {
        let value = field(m);
        if !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

/// The distinct graph sizes of `rows`, ascending.
pub(crate) fn sizes(rows: &[&Measurement]) -> Vec<u64> {
    let mut out = distinct(rows, |m| m.key.nodes);
    out.sort_unstable();
    out
}

/// A row as a point at `x`: median, with min..max as its whisker (ordered,
/// since a ratio's `min` is its least favourable bound, which for a
/// lower-is-better ratio is the larger one).
pub(crate) fn point(x: f64, m: &Measurement) -> Point {
    Point {
        x,
        y: m.median,
        lo: m.min.min(m.max),
        hi: m.min.max(m.max),
    }
}

/// `rows` as points at `x(row)`, in x order; of two rows at one x, the
/// first is kept (a run measures each key once).
pub(crate) fn points(rows: &[&Measurement], x: impl Fn(&Measurement) -> f64) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::new();
    for m in rows {
        let at = x(m);
        if !out.iter().any(|p| p.x == at) {
            out.push(point(at, m));
        }
    }
    out.sort_by(|a, b| a.x.total_cmp(&b.x));
    out
}

pub(crate) use crate::derive::geomean;

/// The log-log slope between a series' first and last points (how many
/// times faster y grows than x), when both are positive and x differs.
pub(crate) fn end_slope(points: &[Point]) -> Option<f64> {
    let (first, last) = (points.first()?, points.last()?);
    let run = (last.x / first.x).ln();
    let rise = (last.y / first.y).ln();
    (run.is_finite() && rise.is_finite() && run.abs() > 1e-12).then(|| rise / run)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::tests::row;

    #[test]
    fn rows_come_in_the_workload_order() {
        let set = vec![
            row(
                "overhead",
                "optimized",
                "match_all",
                "abac",
                10,
                0,
                1.0,
                "x",
            ),
            row(
                "overhead",
                "optimized",
                "label_count",
                "pbac",
                10,
                0,
                1.0,
                "x",
            ),
            row(
                "overhead",
                "optimized",
                "label_count",
                "admin",
                100,
                0,
                1.0,
                "x",
            ),
            row(
                "overhead",
                "optimized",
                "label_count",
                "admin",
                10,
                0,
                1.0,
                "x",
            ),
            row(
                "time",
                "optimized",
                "label_count",
                "admin",
                10,
                0,
                1.0,
                "ms",
            ),
            row(
                "overhead",
                "reference",
                "label_count",
                "admin",
                10,
                0,
                1.0,
                "x",
            ),
        ];
        let got: Vec<(&str, &str, &str, u64)> = rows(&set, "overhead", None)
            .iter()
            .map(|m| {
                (
                    m.key.engine.as_str(),
                    m.key.query.as_str(),
                    m.key.policy.as_str(),
                    m.key.nodes,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("optimized", "label_count", "admin", 10),
                ("optimized", "label_count", "admin", 100),
                ("optimized", "label_count", "pbac", 10),
                ("optimized", "match_all", "abac", 10),
                ("reference", "label_count", "admin", 10),
            ]
        );
        assert_eq!(rows(&set, "overhead", Some("reference")).len(), 1);
    }

    #[test]
    fn geometric_mean_and_slope_by_hand() {
        // sqrt(1 * 4) = 2; a missing or zero value has no geometric mean.
        assert!((geomean(&[1.0, 4.0]).unwrap() - 2.0).abs() < 1e-12);
        assert_eq!(geomean(&[]), None);
        assert_eq!(geomean(&[1.0, 0.0]), None);
        // y = x^2 from x = 10 to 1000: slope 2.
        let p = |x: f64| Point {
            x,
            y: x * x,
            lo: x * x,
            hi: x * x,
        };
        assert!((end_slope(&[p(10.0), p(1000.0)]).unwrap() - 2.0).abs() < 1e-12);
        assert_eq!(end_slope(&[p(10.0)]), None);
    }
}
