//! Renders the report page and its charts from made-up measurements, to see
//! what `cargo xtask report` produces without running the benchmarks:
//!
//! ```text
//! cargo run -p reports --example report_page -- /tmp/polygraph-report
//! chromium --headless --no-sandbox --disable-gpu --screenshot=/tmp/page.png \
//!     --window-size=1200,3000 file:///tmp/polygraph-report/index.html
//! ```
//!
//! The numbers are invented (shaped like a real run's): do not quote them.

use std::path::PathBuf;

use reports::charts;
use reports::measure::Figure;
use reports::page::{self, Page};
use reports::results::{Better, Key, Machine, Measurement, metric};

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "/tmp/polygraph-report".to_string()),
    );
    if let Err(e) = run(&dir) {
        eprintln!("report_page: {e}");
        std::process::exit(1);
    }
}

fn run(dir: &std::path::Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let measurements = invented();
    let charts = charts::draw_all(&measurements)?;
    for chart in &charts {
        for (ext, bytes) in [("svg", chart.svg.as_bytes()), ("png", chart.png.as_slice())] {
            let path = dir.join(format!("{}.{ext}", chart.id));
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    let machine = Machine {
        cores: 2,
        cpu: "Example CPU @ 2.0GHz".to_string(),
        memory_gib: 23.4,
        rustc: "rustc 1.95.0".to_string(),
        commit: "0000000".to_string(),
        date: "2026-12-03T16:00:00Z".to_string(),
    };
    let headlines = vec![
        figure("overhead.labels", 1.08, "x"),
        figure("speedup.expand_count.pbac", 412.0, "x"),
        figure("visibility.elements_per_s", 3.1e7, "elements/s"),
        figure("differential.cases_per_s", 1_850.0, "cases/s"),
    ];
    let notes = vec![
        "These numbers are invented by the example; a real run writes its own.".to_string(),
        "The reference engine is capped at 100,000 nodes; speed-ups compare there.".to_string(),
        "A note with markup stays text: <script>alert(1)</script> & co.".to_string(),
    ];
    let html = page::index_html(&Page {
        title: "Polygraph report (example data)".to_string(),
        command: "cargo run -p reports --example report_page".to_string(),
        machine: &machine,
        headlines: &headlines,
        measurements: &measurements,
        charts: &charts,
        notes: &notes,
    });
    let path = dir.join("index.html");
    std::fs::write(&path, html).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {} and {} charts", path.display(), charts.len());
    Ok(())
}

fn figure(name: &str, value: f64, unit: &str) -> Figure {
    Figure {
        name: name.to_string(),
        value,
        unit: unit.to_string(),
    }
}

/// A row with min and max a few percent either side of the median.
// One argument per key column reads like the CSV row it stands for.
#[allow(clippy::too_many_arguments)]
fn row(
    metric: &str,
    engine: &str,
    query: &str,
    policy: &str,
    nodes: u64,
    rules: u64,
    median: f64,
    unit: &str,
) -> Measurement {
    let derived = matches!(unit, "x" | "slope");
    Measurement {
        key: Key {
            metric: metric.to_string(),
            engine: engine.to_string(),
            query: query.to_string(),
            policy: policy.to_string(),
            nodes,
            rules,
        },
        median,
        min: median * 0.93,
        max: median * 1.12,
        unit: unit.to_string(),
        better: if matches!(unit, "elements/s" | "cases/s") || metric == metric::SPEEDUP {
            Better::Higher
        } else {
            Better::Lower
        },
        repetitions: if derived { 0 } else { 5 },
    }
}

/// A run over 1k..1M nodes, six policies, four queries, peers and ABAC.
fn invented() -> Vec<Measurement> {
    let sizes: [u64; 4] = [1_000, 10_000, 100_000, 1_000_000];
    let queries = [
        ("label_count", 0.004, 0.95),
        ("filtered_projection", 0.02, 1.0),
        ("expand_count", 0.05, 1.04),
        ("match_all", 0.3, 1.0),
    ];
    let policies = [
        ("admin", 1.0),
        ("grant-all", 1.02),
        ("labels", 1.08),
        ("pbac", 1.6),
        ("blacklist", 1.3),
        ("abac", 1.9),
    ];
    let mut out = Vec::new();
    for &n in &sizes {
        let scale = n as f64 / 1_000.0;
        for (query, base, slope) in queries {
            for (policy, cost) in policies {
                // Small graphs pay a fixed per-query cost that hides the policy.
                let cost = 1.0 + (cost - 1.0) * (0.7 + 0.1 * scale.log10());
                let time = base * cost * scale.powf(slope);
                out.push(row(
                    metric::TIME,
                    "optimized",
                    query,
                    policy,
                    n,
                    0,
                    time,
                    "ms",
                ));
                out.push(row(
                    metric::OVERHEAD,
                    "optimized",
                    query,
                    policy,
                    n,
                    0,
                    cost,
                    "x",
                ));
                if n <= 100_000 {
                    let speedup = 40.0 * (1.0 + scale.log10()) / cost.sqrt();
                    out.push(row(
                        metric::SPEEDUP,
                        "",
                        query,
                        policy,
                        n,
                        0,
                        if query == "match_all" {
                            speedup / 8.0
                        } else {
                            speedup
                        },
                        "x",
                    ));
                }
            }
        }
        for (policy, cost) in &policies[1..] {
            out.push(row(
                metric::VISIBILITY_RATE,
                "optimized",
                "",
                policy,
                n,
                0,
                6.0e7 / cost * (0.6 + 0.1 * scale.log10()),
                "elements/s",
            ));
        }
        out.push(row(
            metric::STREAM_RATE,
            "optimized",
            "",
            "",
            n,
            0,
            1.4e8,
            "elements/s",
        ));
        let fixed = 20_000.0 / n as f64;
        out.push(row(
            metric::BYTES_PER_NODE,
            "optimized",
            "",
            "",
            n,
            0,
            22.0 + fixed,
            "bytes",
        ));
        out.push(row(
            metric::BYTES_PER_REL,
            "optimized",
            "",
            "",
            n,
            0,
            17.0 + fixed,
            "bytes",
        ));
        out.push(row(
            metric::BYTES_PER_NODE_WITH_PROPS,
            "optimized",
            "",
            "",
            n,
            0,
            118.0 + fixed,
            "bytes",
        ));
        out.push(row(
            metric::BYTES_PER_REL_WITH_PROPS,
            "optimized",
            "",
            "",
            n,
            0,
            41.0 + fixed,
            "bytes",
        ));
        if n <= 100_000 {
            out.push(row(
                metric::PEER_TIME,
                "optimized",
                "",
                "labels",
                n,
                0,
                0.0009 * scale,
                "ms",
            ));
            out.push(row(
                metric::PEER_TIME,
                "cedar",
                "",
                "labels",
                n,
                0,
                9.5 * scale,
                "ms",
            ));
            out.push(row(
                metric::PEER_TIME,
                "casbin",
                "",
                "labels",
                n,
                0,
                31.0 * scale,
                "ms",
            ));
        }
    }
    for (query, _, slope) in queries {
        out.push(row(
            metric::SLOPE,
            "optimized",
            query,
            "labels",
            1_000_000,
            0,
            slope,
            "slope",
        ));
    }
    out.push(row(
        metric::PEER_DECISION,
        "cedar",
        "",
        "labels",
        100_000,
        0,
        9.5,
        "us",
    ));
    out.push(row(
        metric::PEER_DECISION,
        "casbin",
        "",
        "labels",
        100_000,
        0,
        31.0,
        "us",
    ));
    out.push(row(
        metric::PEER_RATIO,
        "cedar",
        "",
        "labels",
        100_000,
        0,
        10_555.0,
        "x",
    ));
    out.push(row(
        metric::PEER_RATIO,
        "casbin",
        "",
        "labels",
        100_000,
        0,
        34_444.0,
        "x",
    ));
    out.push(row(metric::FUZZ_RATE, "", "", "", 0, 0, 1_850.0, "cases/s"));
    for rules in [10u64, 100, 1_000, 10_000] {
        let r = rules as f64;
        out.push(row(
            metric::ABAC_ROLES,
            "optimized",
            "open",
            "",
            0,
            rules,
            35.0 + 0.01 * r,
            "us",
        ));
        out.push(row(
            metric::ABAC_ROLES,
            "optimized",
            "transaction",
            "",
            0,
            rules,
            1.2,
            "us",
        ));
        out.push(row(
            metric::ABAC_ROLES,
            "optimized",
            "roles",
            "",
            0,
            rules,
            0.3 + 0.04 * r,
            "us",
        ));
        out.push(row(
            metric::ABAC_ROLES,
            "reference",
            "roles",
            "",
            0,
            rules,
            2.0 + 0.5 * r,
            "us",
        ));
    }
    out
}
