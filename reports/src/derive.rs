//! Figures computed from measurements: overheads, speed-ups, growth
//! slopes, the visibility build against the streaming bound, and the
//! headline figures printed as `figure` lines.
//!
//! A ratio's median is the ratio of the medians; its min and max are the
//! ratios of the fastest repetitions and of the slowest, so that
//! `--compare` sees how noisy the two measurements behind it were.

use std::collections::BTreeMap;

use crate::measure::{Figure, OPTIMIZED, REFERENCE};
use crate::results::{Better, Key, Measurement, metric};

/// `a ÷ b` as a derived measurement under `key`: the ratio of the
/// medians, of the fastest repetitions and of the slowest.
pub fn ratio(key: Key, a: &Measurement, b: &Measurement, better: Better) -> Measurement {
    let div = |x: f64, y: f64| x / y.max(f64::MIN_POSITIVE);
    let (low, high) = (div(a.min, b.min), div(a.max, b.max));
    let median = div(a.median, b.median);
    Measurement {
        key,
        median,
        // The bounds hold the median even when the fastest runs of the
        // two sides were not in proportion.
        min: low.min(high).min(median),
        max: low.max(high).max(median),
        unit: "x".to_string(),
        better,
        repetitions: 0,
    }
}

/// The measurements of one metric, by key.
fn by_key<'a>(ms: &'a [Measurement], metric: &str) -> BTreeMap<&'a Key, &'a Measurement> {
    ms.iter()
        .filter(|m| m.key.metric == metric)
        .map(|m| (&m.key, m))
        .collect()
}

/// `overhead` (a policy over `admin`, same engine, query and size),
/// `speedup` (reference over optimized, same query, policy and size),
/// `slope` (log-log growth of time with nodes, per engine, query and
/// policy, over at least two sizes) and `visibility_fraction` (the slowest
/// restricted policy's visibility rate over the streaming rate, per size).
pub fn derive(ms: &[Measurement]) -> Vec<Measurement> {
    let times = by_key(ms, metric::TIME);
    let mut out = Vec::new();
    for (k, t) in &times {
        if k.policy == "admin" {
            continue;
        }
        let admin = Key {
            policy: "admin".to_string(),
            ..(*k).clone()
        };
        if let Some(a) = times.get(&admin) {
            let key = Key {
                metric: metric::OVERHEAD.to_string(),
                ..(*k).clone()
            };
            out.push(ratio(key, t, a, Better::Lower));
        }
    }
    for (k, t) in &times {
        if k.engine != OPTIMIZED {
            continue;
        }
        let reference = Key {
            engine: REFERENCE.to_string(),
            ..(*k).clone()
        };
        if let Some(r) = times.get(&reference) {
            let key = Key {
                metric: metric::SPEEDUP.to_string(),
                ..(*k).clone()
            };
            out.push(ratio(key, r, t, Better::Higher));
        }
    }
    out.extend(slopes(&times));
    out.extend(visibility_fractions(ms));
    out
}

/// The least-squares slope of `ln y` against `ln x`, or `None` with fewer
/// than two distinct positive points.
pub fn log_log_slope(points: &[(f64, f64)]) -> Option<f64> {
    let logs: Vec<(f64, f64)> = points
        .iter()
        .filter(|(x, y)| *x > 0.0 && *y > 0.0)
        .map(|(x, y)| (x.ln(), y.ln()))
        .collect();
    let n = logs.len() as f64;
    if logs.len() < 2 {
        return None;
    }
    let mx = logs.iter().map(|p| p.0).sum::<f64>() / n;
    let my = logs.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = logs.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = logs.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

/// One `slope` per (engine, query, policy) timed at two sizes or more.
fn slopes(times: &BTreeMap<&Key, &Measurement>) -> Vec<Measurement> {
    let mut series: BTreeMap<(String, String, String), Vec<&Measurement>> = BTreeMap::new();
    for (k, m) in times {
        series
            .entry((k.engine.clone(), k.query.clone(), k.policy.clone()))
            .or_default()
            .push(m);
    }
    let mut out = Vec::new();
    for ((engine, query, policy), ms) in series {
        let pick = |f: fn(&Measurement) -> f64| -> Vec<(f64, f64)> {
            ms.iter().map(|m| (m.key.nodes as f64, f(m))).collect()
        };
        let (Some(median), Some(low), Some(high)) = (
            log_log_slope(&pick(|m| m.median)),
            log_log_slope(&pick(|m| m.min)),
            log_log_slope(&pick(|m| m.max)),
        ) else {
            continue;
        };
        let largest = ms.iter().map(|m| m.key.nodes).max().unwrap_or(0);
        out.push(Measurement {
            key: Key {
                metric: metric::SLOPE.to_string(),
                engine,
                query,
                policy,
                nodes: largest,
                rules: 0,
            },
            median,
            min: low.min(high).min(median),
            max: low.max(high).max(median),
            unit: "slope".to_string(),
            better: Better::Lower,
            repetitions: 0,
        });
    }
    out
}

/// Per size: the slowest restricted policy's visibility rate over the
/// streaming pass's rate.
fn visibility_fractions(ms: &[Measurement]) -> Vec<Measurement> {
    let mut out = Vec::new();
    for stream in ms.iter().filter(|m| m.key.metric == metric::STREAM_RATE) {
        let slowest = ms
            .iter()
            .filter(|m| m.key.metric == metric::VISIBILITY_RATE && m.key.nodes == stream.key.nodes)
            .min_by(|a, b| a.median.total_cmp(&b.median));
        if let Some(v) = slowest {
            let key = Key {
                metric: metric::VISIBILITY_FRACTION.to_string(),
                policy: v.key.policy.clone(),
                ..stream.key.clone()
            };
            out.push(ratio(key, v, stream, Better::Higher));
        }
    }
    out
}

/// The geometric mean of `values`, if all are positive and finite and there
/// is at least one (also the charts').
pub fn geomean(values: &[f64]) -> Option<f64> {
    if values.is_empty() || values.iter().any(|v| !(v.is_finite() && *v > 0.0)) {
        return None;
    }
    Some((values.iter().map(|v| v.ln()).sum::<f64>() / values.len() as f64).exp())
}

/// The largest `nodes` among measurements of `metric` that pass `keep`.
fn largest(ms: &[Measurement], metric: &str, keep: impl Fn(&Key) -> bool) -> Option<u64> {
    ms.iter()
        .filter(|m| m.key.metric == metric && keep(&m.key))
        .map(|m| m.key.nodes)
        .max()
}

/// The headline figures: `overhead.<policy>` (geometric mean over the
/// workload items at the largest size, optimized engine), `slope.<query>`
/// (optimized, `labels`), `speedup.<query>` (geometric mean over policies
/// at the largest size both engines ran), `visibility.fraction_of_stream`,
/// `bytes.per_node`, `bytes.per_rel` (largest size), `fuzz.cases_per_s`,
/// `abac.open_us` and `speedup.abac` (at the most rules measured up to
/// the benchmark policy's 100), and `peers.<peer>.<policy>` (a peer's
/// visible-node-set time over the optimized engine's, largest size).
pub fn headlines(ms: &[Measurement]) -> Vec<Figure> {
    let mut out = Vec::new();
    let find = |metric: &str, keep: &dyn Fn(&Key) -> bool| -> Vec<&Measurement> {
        ms.iter()
            .filter(|m| m.key.metric == metric && keep(&m.key))
            .collect()
    };
    // Per-policy overhead at the largest size.
    if let Some(n) = largest(ms, metric::OVERHEAD, |k| k.engine == OPTIMIZED) {
        let mut by_policy: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        for m in find(metric::OVERHEAD, &|k| k.engine == OPTIMIZED && k.nodes == n) {
            by_policy.entry(&m.key.policy).or_default().push(m.median);
        }
        for (policy, values) in by_policy {
            if let Some(g) = geomean(&values) {
                out.push(Figure::new(format!("overhead.{policy}"), g, "x"));
            }
        }
    }
    for m in find(metric::SLOPE, &|k| {
        k.engine == OPTIMIZED && k.policy == "labels"
    }) {
        out.push(Figure::new(
            format!("slope.{}", m.key.query),
            m.median,
            "slope",
        ));
    }
    if let Some(n) = largest(ms, metric::SPEEDUP, |_| true) {
        let mut by_query: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        for m in find(metric::SPEEDUP, &|k| k.nodes == n) {
            by_query.entry(&m.key.query).or_default().push(m.median);
        }
        for (query, values) in by_query {
            if let Some(g) = geomean(&values) {
                out.push(Figure::new(format!("speedup.{query}"), g, "x"));
            }
        }
    }
    for (metric, name, unit) in [
        (
            metric::VISIBILITY_FRACTION,
            "visibility.fraction_of_stream",
            "x",
        ),
        (metric::BYTES_PER_NODE, "bytes.per_node", "bytes"),
        (metric::BYTES_PER_REL, "bytes.per_rel", "bytes"),
    ] {
        if let Some(n) = largest(ms, metric, |_| true)
            && let Some(m) = find(metric, &|k| k.nodes == n).first()
        {
            out.push(Figure::new(name, m.median, unit));
        }
    }
    if let Some(m) = find(metric::FUZZ_RATE, &|_| true).first() {
        out.push(Figure::new("fuzz.cases_per_s", m.median, "cases/s"));
    }
    abac_headlines(ms, &mut out);
    if let Some(n) = largest(ms, metric::PEER_RATIO, |_| true) {
        for m in find(metric::PEER_RATIO, &|k| k.nodes == n) {
            let name = format!("peers.{}.{}", m.key.engine, m.key.policy);
            out.push(Figure::new(name, m.median, "x"));
        }
    }
    out
}

/// `abac.open_us` and `speedup.abac` (the reference's resolution over the
/// optimized engine's whole first transaction) at the largest rule count
/// measured up to the benchmark policy's.
fn abac_headlines(ms: &[Measurement], out: &mut Vec<Figure>) {
    let rules = ms
        .iter()
        .filter(|m| m.key.metric == metric::ABAC_ROLES)
        .map(|m| m.key.rules)
        .filter(|r| *r <= crate::policies::ABAC_RULES as u64)
        .max();
    let Some(rules) = rules else {
        return;
    };
    let get = |engine: &str, step: &str| {
        ms.iter().find(|m| {
            m.key.metric == metric::ABAC_ROLES
                && m.key.rules == rules
                && m.key.engine == engine
                && m.key.query == step
        })
    };
    if let Some(open) = get(OPTIMIZED, "open") {
        out.push(Figure::new("abac.open_us", open.median, "us"));
        if let Some(reference) = get(REFERENCE, "roles") {
            let speedup = reference.median / open.median.max(f64::MIN_POSITIVE);
            out.push(Figure::new("speedup.abac", speedup, "x"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::key;

    fn m(
        metric: &str,
        engine: &str,
        query: &str,
        policy: &str,
        nodes: usize,
        v: f64,
    ) -> Measurement {
        Measurement {
            key: key(metric, engine, query, policy, nodes),
            median: v,
            min: v * 0.9,
            max: v * 1.2,
            unit: "ms".to_string(),
            better: Better::Lower,
            repetitions: 5,
        }
    }

    #[test]
    fn slopes_recover_a_power_law() {
        let pts: Vec<(f64, f64)> = [1e3, 1e4, 1e5]
            .iter()
            .map(|&x: &f64| (x, 3.0 * x.powf(1.5)))
            .collect();
        let s = log_log_slope(&pts).unwrap();
        assert!((s - 1.5).abs() < 1e-9, "{s}");
        assert_eq!(log_log_slope(&pts[..1]), None);
        assert_eq!(log_log_slope(&[(1e3, 1.0), (1e3, 2.0)]), None);
    }

    #[test]
    fn overheads_speedups_and_slopes_come_from_matching_times() {
        let ms = vec![
            m("time", OPTIMIZED, "q", "admin", 1000, 2.0),
            m("time", OPTIMIZED, "q", "labels", 1000, 3.0),
            m("time", OPTIMIZED, "q", "admin", 10000, 20.0),
            m("time", OPTIMIZED, "q", "labels", 10000, 33.0),
            m("time", REFERENCE, "q", "labels", 1000, 30.0),
        ];
        let d = derive(&ms);
        let get = |metric: &str, engine: &str, policy: &str, nodes: u64| {
            d.iter()
                .find(|x| {
                    x.key.metric == metric
                        && x.key.engine == engine
                        && x.key.policy == policy
                        && x.key.nodes == nodes
                })
                .unwrap_or_else(|| panic!("{metric} {engine} {policy} {nodes} missing: {d:?}"))
        };
        assert_eq!(get("overhead", OPTIMIZED, "labels", 1000).median, 1.5);
        assert_eq!(get("overhead", OPTIMIZED, "labels", 10000).median, 1.65);
        // Fastest over fastest, slowest over slowest.
        let o = get("overhead", OPTIMIZED, "labels", 1000);
        assert!((o.min - 1.5).abs() < 1e-12 && (o.max - 1.5).abs() < 1e-12);
        assert_eq!(get("speedup", OPTIMIZED, "labels", 1000).median, 10.0);
        assert_eq!(
            get("speedup", OPTIMIZED, "labels", 1000).better,
            Better::Higher
        );
        // admin grows 10x over 10x nodes: slope 1.
        let s = get("slope", OPTIMIZED, "admin", 10000);
        assert!((s.median - 1.0).abs() < 1e-9, "{s:?}");
        // No overhead for admin, no speed-up without a reference time.
        assert!(
            !d.iter()
                .any(|x| x.key.metric == "overhead" && x.key.policy == "admin")
        );
        assert!(
            !d.iter()
                .any(|x| x.key.metric == "speedup" && x.key.nodes == 10000)
        );
        let h = headlines(&[ms.clone(), d].concat());
        let names: Vec<&str> = h.iter().map(|f| f.name.as_str()).collect();
        assert!(names.contains(&"overhead.labels"), "{names:?}");
        assert!(names.contains(&"slope.q"), "{names:?}");
        assert!(names.contains(&"speedup.q"), "{names:?}");
        let overhead = h.iter().find(|f| f.name == "overhead.labels").unwrap();
        assert_eq!(overhead.value, 1.65);
    }

    #[test]
    fn the_visibility_fraction_takes_the_slowest_policy() {
        let rate = |policy: &str, v: f64| {
            let mut x = m(metric::VISIBILITY_RATE, OPTIMIZED, "", policy, 10, v);
            x.better = Better::Higher;
            x
        };
        let ms = vec![
            rate("labels", 4e8),
            rate("pbac", 1e8),
            m(metric::STREAM_RATE, OPTIMIZED, "", "", 10, 2e9),
        ];
        let f = visibility_fractions(&ms);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].key.policy, "pbac");
        assert_eq!(f[0].median, 0.05);
    }
}
