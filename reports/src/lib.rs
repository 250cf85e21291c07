//! Polygraph's performance report (docs/design.md, "Benchmark workloads"):
//! what the security checks cost and how it grows with the graph.
//!
//! - [`workload`]: seeded, deterministic graphs;
//! - [`policies`]: the policies as administration scripts;
//! - [`queries`]: the timed queries;
//! - [`sample`]: timing one operation (warm-up, adaptive repetitions);
//! - [`measure`]: every measurement of a run, per graph size;
//! - [`progress`]: a bar on a terminal, plain lines otherwise;
//! - [`derive`]: overheads, speed-ups, growth slopes and the headline figures;
//! - [`results`]: the rows of `results.csv`;
//! - [`compare`]: a run against a baseline CSV;
//! - [`machine`]: the machine facts every row records;
//! - [`charts`]: the report's charts (SVG and PNG, captions from the rows);
//! - [`page`]: the report's self-contained `index.html`.
//!
//! `cargo xtask report` (xtask/src/report.rs) drives them. The criterion
//! benches in `benches/` use the same pieces on a 10k graph.
//! `cargo run -p reports --example report_page -- DIR` renders the page and
//! charts from invented numbers, to look at the layout.

#![warn(missing_docs)]

pub mod charts;
pub mod compare;
pub mod derive;
pub mod machine;
pub mod measure;
pub mod page;
pub mod peers;
pub mod policies;
pub mod progress;
pub mod queries;
pub mod results;
pub mod sample;
pub mod workload;

#[cfg(test)]
mod tests {
    use crate::measure::{Options, engines, run};
    use crate::progress::Progress;
    use crate::results::metric;
    use crate::sample::Sampling;

    #[test]
    fn a_tiny_run_measures_every_family() {
        let options = Options {
            sizes: vec![200, 400],
            reference_max: 200,
            peer_max: 400,
            sampling: Sampling::once(),
            abac_rules: vec![4, 8],
            seed: 1,
        };
        // The caller's spread work runs at both ends of the run.
        let mut spread_calls = 0;
        let mut spread = |_| {
            spread_calls += 1;
            Ok(())
        };
        let measured = run(&options, &engines, &mut spread, &Progress::hidden()).unwrap();
        assert_eq!(spread_calls, 2);
        assert!(
            !measured.notes.iter().any(|n| n.contains("failed")),
            "{:?}",
            measured.notes
        );
        let mut all = measured.measurements.clone();
        all.extend(crate::derive::derive(&measured.measurements));
        let has = |metric: &str, engine: &str, query: &str, policy: &str, nodes: u64| {
            all.iter().any(|m| {
                m.key.metric == metric
                    && m.key.engine == engine
                    && m.key.query == query
                    && m.key.policy == policy
                    && m.key.nodes == nodes
            })
        };
        // The reference only up to its cap; the optimized engine everywhere.
        assert!(has(metric::TIME, "reference", "label_count", "admin", 200));
        assert!(!has(metric::TIME, "reference", "label_count", "admin", 400));
        assert!(has(metric::TIME, "optimized", "visibility", "abac", 400));
        assert!(has(
            metric::OVERHEAD,
            "optimized",
            "expand_count",
            "pbac",
            400
        ));
        assert!(has(
            metric::SPEEDUP,
            "optimized",
            "match_all",
            "labels",
            200
        ));
        assert!(has(metric::SLOPE, "optimized", "match_all", "labels", 400));
        assert!(has(metric::COMPILE, "optimized", "", "blacklist", 400));
        assert!(
            has(metric::VISIBILITY_FRACTION, "optimized", "", "pbac", 400)
                || has(metric::VISIBILITY_FRACTION, "optimized", "", "labels", 400)
                || all
                    .iter()
                    .any(|m| m.key.metric == metric::VISIBILITY_FRACTION && m.key.nodes == 400)
        );
        assert!(has(metric::FLOOR, "", "match_all", "", 200));
        for m in all.iter().filter(|m| m.key.metric.starts_with("bytes_per")) {
            assert!(m.median.is_finite() && m.median > 0.0, "{m:?}");
        }
        let abac = |engine: &str, step: &str, rules: u64| {
            all.iter().any(|m| {
                m.key.metric == metric::ABAC_ROLES
                    && m.key.engine == engine
                    && m.key.query == step
                    && m.key.rules == rules
            })
        };
        assert!(abac("optimized", "open", 8) && abac("reference", "roles", 4));
        // Both peers agreed with Polygraph (or they would not be timed).
        for peer in ["cedar", "casbin"] {
            for policy in crate::peers::POLICIES {
                assert!(has(metric::PEER_TIME, peer, "visible_nodes", policy, 400));
                assert!(has(metric::PEER_RATIO, peer, "visible_nodes", policy, 400));
                assert!(has(
                    metric::PEER_DECISION,
                    peer,
                    "visible_nodes",
                    policy,
                    200
                ));
            }
        }
        assert!(has(
            metric::PEER_TIME,
            "optimized",
            "visible_nodes",
            "abac",
            400
        ));
        // Every measurement's bounds hold its median.
        for m in &all {
            assert!(m.min <= m.median && m.median <= m.max, "{m:?}");
        }
    }
}
