//! Charts drawn from a small synthetic run whose figures are chosen so the
//! captions can be worked out by hand.

use super::*;
use crate::results::{Better, Key, metric};

/// One row; min and max 10% either side of the median.
// One argument per key column reads like the CSV row it stands for.
#[allow(clippy::too_many_arguments)]
pub(crate) fn row(
    metric: &str,
    engine: &str,
    query: &str,
    policy: &str,
    nodes: u64,
    rules: u64,
    median: f64,
    unit: &str,
) -> Measurement {
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
        min: median * 0.9,
        max: median * 1.1,
        unit: unit.to_string(),
        better: Better::Lower,
        repetitions: 5,
    }
}

/// Three sizes, two policies besides admin, two queries, and one of every
/// other figure the charts read.
pub(crate) fn synthetic() -> Vec<Measurement> {
    let sizes = [1_000, 10_000, 100_000];
    let mut out = Vec::new();
    for &n in &sizes {
        let scale = n as f64 / 1_000.0;
        for (query, base) in [("label_count", 0.01), ("match_all", 0.2)] {
            for (policy, factor) in [("admin", 1.0), ("labels", 1.5), ("pbac", 3.0)] {
                out.push(row(
                    metric::TIME,
                    "optimized",
                    query,
                    policy,
                    n,
                    0,
                    base * factor * scale,
                    "ms",
                ));
            }
        }
        // labels: 1 and 4 (geometric mean 2) at every size; pbac: 2 and 8
        // (mean 4) at 1k, growing to 4 and 16 (mean 8) at 100k.
        let pbac_growth = match n {
            1_000 => 1.0,
            10_000 => 1.5,
            _ => 2.0,
        };
        for (query, labels, pbac) in [("label_count", 1.0, 2.0), ("match_all", 4.0, 8.0)] {
            out.push(row(
                metric::OVERHEAD,
                "optimized",
                query,
                "admin",
                n,
                0,
                1.0,
                "x",
            ));
            out.push(row(
                metric::OVERHEAD,
                "optimized",
                query,
                "labels",
                n,
                0,
                labels,
                "x",
            ));
            out.push(row(
                metric::OVERHEAD,
                "optimized",
                query,
                "pbac",
                n,
                0,
                pbac * pbac_growth,
                "x",
            ));
            // The reference's own overheads are not the chart's.
            out.push(row(
                metric::OVERHEAD,
                "reference",
                query,
                "labels",
                n,
                0,
                50.0,
                "x",
            ));
        }
        out.push(row(
            metric::VISIBILITY_RATE,
            "optimized",
            "",
            "labels",
            n,
            0,
            8.0e7,
            "elements/s",
        ));
        out.push(row(
            metric::VISIBILITY_RATE,
            "optimized",
            "",
            "pbac",
            n,
            0,
            2.0e7,
            "elements/s",
        ));
        out.push(row(
            metric::STREAM_RATE,
            "optimized",
            "",
            "",
            n,
            0,
            1.0e8,
            "elements/s",
        ));
        out.push(row(
            metric::BYTES_PER_NODE,
            "optimized",
            "",
            "",
            n,
            0,
            24.0,
            "bytes",
        ));
        out.push(row(
            metric::BYTES_PER_REL,
            "optimized",
            "",
            "",
            n,
            0,
            16.0,
            "bytes",
        ));
        out.push(row(
            metric::BYTES_PER_NODE_WITH_PROPS,
            "optimized",
            "",
            "",
            n,
            0,
            96.0,
            "bytes",
        ));
        out.push(row(
            metric::BYTES_PER_REL_WITH_PROPS,
            "optimized",
            "",
            "",
            n,
            0,
            40.0,
            "bytes",
        ));
    }
    out.push(row(
        metric::SLOPE,
        "optimized",
        "label_count",
        "labels",
        100_000,
        0,
        1.02,
        "slope",
    ));
    out.push(row(
        metric::SLOPE,
        "optimized",
        "match_all",
        "labels",
        100_000,
        0,
        0.98,
        "slope",
    ));
    // Speed-ups at 1k and at the reference's cap, 10k: the chart uses 10k.
    for (n, k) in [(1_000, 1.0), (10_000, 1.0)] {
        out.push(row(
            metric::SPEEDUP,
            "",
            "label_count",
            "labels",
            n,
            0,
            12.0 * k,
            "x",
        ));
        out.push(row(
            metric::SPEEDUP,
            "",
            "label_count",
            "pbac",
            n,
            0,
            30.0 * k,
            "x",
        ));
        out.push(row(
            metric::SPEEDUP,
            "",
            "match_all",
            "labels",
            n,
            0,
            3.0 * k,
            "x",
        ));
        out.push(row(
            metric::SPEEDUP,
            "",
            "match_all",
            "pbac",
            n,
            0,
            0.5 * k,
            "x",
        ));
    }
    out.push(row(metric::FUZZ_RATE, "", "", "", 0, 0, 1_234.0, "cases/s"));
    for rules in [10, 100, 1_000] {
        let r = rules as f64;
        out.push(row(
            metric::ABAC_ROLES,
            "optimized",
            "open",
            "",
            0,
            rules,
            40.0,
            "us",
        ));
        out.push(row(
            metric::ABAC_ROLES,
            "optimized",
            "transaction",
            "",
            0,
            rules,
            2.0,
            "us",
        ));
        out.push(row(
            metric::ABAC_ROLES,
            "optimized",
            "roles",
            "",
            0,
            rules,
            0.05 * r,
            "us",
        ));
        out.push(row(
            metric::ABAC_ROLES,
            "reference",
            "roles",
            "",
            0,
            rules,
            0.4 * r,
            "us",
        ));
    }
    for n in [1_000, 10_000] {
        let scale = n as f64 / 1_000.0;
        out.push(row(
            metric::PEER_TIME,
            "optimized",
            "",
            "labels",
            n,
            0,
            0.02 * scale,
            "ms",
        ));
        out.push(row(
            metric::PEER_TIME,
            "cedar",
            "",
            "labels",
            n,
            0,
            12.0 * scale,
            "ms",
        ));
        out.push(row(
            metric::PEER_TIME,
            "casbin",
            "",
            "labels",
            n,
            0,
            45.0 * scale,
            "ms",
        ));
    }
    out.push(row(
        metric::PEER_DECISION,
        "cedar",
        "",
        "labels",
        10_000,
        0,
        12.0,
        "us",
    ));
    out.push(row(
        metric::PEER_DECISION,
        "casbin",
        "",
        "labels",
        10_000,
        0,
        45.0,
        "us",
    ));
    out.push(row(
        metric::PEER_RATIO,
        "cedar",
        "",
        "labels",
        10_000,
        0,
        600.0,
        "x",
    ));
    out.push(row(
        metric::PEER_RATIO,
        "casbin",
        "",
        "labels",
        10_000,
        0,
        2_250.0,
        "x",
    ));
    out
}

/// Width and height from a PNG's IHDR chunk (bytes 16..24, big-endian),
/// after checking the signature and that IHDR comes first.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.len() > 24, "a PNG has at least a signature and an IHDR");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

fn chart<'a>(charts: &'a [Chart], id: &str) -> &'a Chart {
    charts
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no chart {id}"))
}

#[test]
fn every_chart_is_drawn_as_svg_and_png() {
    let charts = draw_all(&synthetic()).unwrap();
    let ids: Vec<&str> = charts.iter().map(|c| c.id).collect();
    assert_eq!(ids, ids_in_order());
    for c in &charts {
        assert!(
            c.svg.starts_with("<svg") || c.svg.contains("<svg"),
            "{}",
            c.id
        );
        assert!(c.svg.contains(&c.title), "{}: title in the SVG", c.id);
        assert_eq!(png_size(&c.png), (plot::WIDTH, plot::HEIGHT), "{}", c.id);
        assert!(!c.caption.is_empty(), "{}", c.id);
    }
}

fn ids_in_order() -> Vec<&'static str> {
    vec![
        "overhead",
        "growth",
        "speedup",
        "visibility",
        "memory",
        "fuzz",
        "abac",
        "peers",
    ]
}

#[test]
fn legends_name_the_series() {
    let charts = draw_all(&synthetic()).unwrap();
    let expect: [(&str, &[&str]); 8] = [
        ("overhead", &["labels", "pbac", "1× = admin"]),
        (
            "growth",
            &[
                "label_count",
                "match_all",
                "slope 1.02",
                "slope 0.98",
                "1.0 is linear",
            ],
        ),
        (
            "speedup",
            &[
                "label_count",
                "match_all",
                "labels",
                "pbac",
                "1× = same speed",
            ],
        ),
        ("visibility", &["labels", "pbac", "streaming bound"]),
        ("memory", &["node with properties", "relationship"]),
        ("fuzz", &["cases per second"]),
        (
            "abac",
            &[
                "optimized open",
                "optimized transaction",
                "optimized roles",
                "reference roles",
            ],
        ),
        (
            "peers",
            &["optimized labels", "Cedar labels", "Casbin labels"],
        ),
    ];
    for (id, texts) in expect {
        let svg = &chart(&charts, id).svg;
        for text in texts {
            assert!(svg.contains(text), "{id}: {text:?} missing from the SVG");
        }
    }
    // The overhead chart leaves admin out (its overhead is 1 by definition)
    // and reads only the optimized engine.
    let overhead = figures("overhead", synthetic_static());
    assert_eq!(
        overhead.len(),
        2 * 2 * 3,
        "2 policies x 2 queries x 3 sizes"
    );
    assert!(
        overhead
            .iter()
            .all(|m| m.key.engine == "optimized" && m.key.policy != "admin")
    );
}

/// The synthetic set with a 'static lifetime, for `figures`.
fn synthetic_static() -> &'static [Measurement] {
    use std::sync::OnceLock;
    static SET: OnceLock<Vec<Measurement>> = OnceLock::new();
    SET.get_or_init(synthetic)
}

#[test]
fn captions_say_the_numbers() {
    let charts = draw_all(&synthetic()).unwrap();
    let caption = |id| chart(&charts, id).caption.clone();
    // Geometric means worked by hand above: labels sqrt(1*4) = 2, pbac
    // sqrt(4*16) = 8 at 100k and sqrt(2*8) = 4 at 1k.
    let overhead = caption("overhead");
    assert!(overhead.contains("At 100,000 nodes"), "{overhead}");
    assert!(
        overhead.contains("labels policy costs 2× the administrator's time"),
        "{overhead}"
    );
    assert!(overhead.contains("pbac 8×"), "{overhead}");
    assert!(
        overhead.contains("pbac, cost 4× at 1,000 nodes"),
        "{overhead}"
    );
    assert!(overhead.contains("grows with the graph"), "{overhead}");

    let growth = caption("growth");
    assert!(
        growth.contains("from 0.98 (match_all) to 1.02 (label_count)"),
        "{growth}"
    );
    assert!(growth.contains("about linearly"), "{growth}");

    // 10k is the largest size with speed-ups; the four values there.
    let speedup = caption("speedup");
    assert!(speedup.contains("At 10,000 nodes"), "{speedup}");
    assert!(speedup.contains("0.5× (match_all under pbac)"), "{speedup}");
    assert!(
        speedup.contains("30× (label_count under pbac)"),
        "{speedup}"
    );
    // (12 * 30 * 3 * 0.5)^(1/4) = 540^(1/4) = 4.82
    assert!(speedup.contains("geometric mean of 4.82×"), "{speedup}");
    assert!(
        speedup.contains("slower than the reference on match_all under pbac"),
        "{speedup}"
    );

    // pbac at 20M of a 100M bound: 20%.
    let visibility = caption("visibility");
    assert!(
        visibility.contains("pbac, computes visibility at 20M elements/s, 20%"),
        "{visibility}"
    );

    let memory = caption("memory");
    assert!(
        memory.contains("24 bytes per node, 96 bytes per node with properties"),
        "{memory}"
    );
    assert!(memory.contains("linearly"), "{memory}");

    let fuzz = caption("fuzz");
    assert!(
        fuzz.contains("1,234 cases per second (min 1,111, max 1,357)"),
        "{fuzz}"
    );
    assert!(fuzz.contains("74,040 cases in a one-minute run"), "{fuzz}");

    // reference roles: 0.4 µs per rule, 400 µs at 1,000 rules, slope 1.
    let abac = caption("abac");
    assert!(abac.contains("With 1,000 auth rules"), "{abac}");
    assert!(abac.contains("reference roles 400 µs"), "{abac}");
    assert!(abac.contains("slope of 1.00"), "{abac}");

    let peers = caption("peers");
    assert!(peers.contains("At 10,000 nodes"), "{peers}");
    assert!(
        peers.contains("Cedar 120 ms under labels (600× the optimized engine's time)"),
        "{peers}"
    );
    assert!(peers.contains("Cedar took 12 µs per decision"), "{peers}");
    assert!(peers.contains("4-11 µs per request"), "{peers}");
    assert!(
        peers.contains("164 µs per RBAC decision at 1,100 rules"),
        "{peers}"
    );
    assert!(peers.contains("OOPSLA 2024"), "{peers}");
}

#[test]
fn a_chart_without_its_rows_is_left_out() {
    assert!(draw_all(&[]).unwrap().is_empty());
    let without: Vec<Measurement> = synthetic()
        .into_iter()
        .filter(|m| m.key.metric != metric::FUZZ_RATE && m.key.metric != metric::PEER_TIME)
        .collect();
    let ids: Vec<&str> = draw_all(&without).unwrap().iter().map(|c| c.id).collect();
    assert_eq!(
        ids,
        [
            "overhead",
            "growth",
            "speedup",
            "visibility",
            "memory",
            "abac"
        ]
    );
    assert!(figures("fuzz", &without).is_empty());
    assert!(figures("no-such-chart", &without).is_empty());
}

#[test]
fn growth_falls_back_to_the_first_policy_and_measured_slopes() {
    // Only pbac times, no slope rows: the chart uses pbac and the
    // end-to-end slope (x100 nodes, x100 time: 1.00).
    let only: Vec<Measurement> = synthetic()
        .into_iter()
        .filter(|m| m.key.metric == metric::TIME && m.key.policy == "pbac")
        .collect();
    let charts = draw_all(&only).unwrap();
    let growth = chart(&charts, "growth");
    assert!(growth.title.contains("pbac"), "{}", growth.title);
    assert!(growth.svg.contains("end-to-end slope 1.00"));
}

#[test]
fn values_a_log_axis_cannot_show_do_not_break_a_chart() {
    let mut set = synthetic();
    set.push(row(
        metric::TIME,
        "optimized",
        "label_count",
        "labels",
        300_000,
        0,
        0.0,
        "ms",
    ));
    set.push(row(
        metric::TIME,
        "optimized",
        "match_all",
        "labels",
        300_000,
        0,
        f64::NAN,
        "ms",
    ));
    let charts = draw_all(&set).unwrap();
    assert_eq!(
        png_size(&chart(&charts, "growth").png),
        (plot::WIDTH, plot::HEIGHT)
    );
}
