use model::scenario::load_str;
use std::path::Path;
use std::time::Instant;

fn best(text: &str) -> (f64, bool) {
    let mut b = f64::MAX;
    let mut ok = false;
    for _ in 0..3 {
        let t = Instant::now();
        let r = load_str(Path::new("s.toml"), text);
        let e = t.elapsed().as_secs_f64();
        ok = r.is_ok();
        if let Err(e) = &r {
            eprintln!("{}", &e.to_string()[..200.min(e.to_string().len())]);
        }
        std::hint::black_box(&r);
        b = b.min(e);
    }
    (b, ok)
}
fn query_file(values: &[String]) -> String {
    let cols: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{v} AS c{i}"))
        .collect();
    format!(
        "name = \"x\"\n[[query]]\ncypher = \"RETURN {}\"\n",
        cols.join(", ")
    )
}
fn pad_flat(target: usize, f: impl Fn(usize) -> String) -> String {
    let mut n = 1;
    while f(n * 2).len() < target {
        n *= 2;
    }
    let mut lo = n;
    let mut hi = n * 2;
    while lo + 1 < hi {
        let m = (lo + hi) / 2;
        if f(m).len() <= target { lo = m } else { hi = m }
    }
    f(lo)
}
#[test]
fn probe() {
    let q = |c: String| format!("name = \"x\"\n[[query]]\ncypher = \"{c}\"\n");
    let gens: Vec<(&str, Box<dyn Fn(usize) -> String>)> = vec![
        (
            "orderby",
            Box::new(move |n| {
                q(format!(
                    "WITH {} RETURN * ORDER BY {}",
                    (0..n)
                        .map(|i| format!("1 AS v{i}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    (0..n)
                        .map(|i| format!("v{i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }),
        ),
        (
            "rels",
            Box::new(move |n| {
                q(format!(
                    "MATCH (n0){} RETURN n0",
                    (1..n)
                        .map(|i| format!("-[r{i}]->(n{i})"))
                        .collect::<String>()
                ))
            }),
        ),
        (
            "matches",
            Box::new(move |n| {
                q(format!(
                    "{} RETURN 1 AS x",
                    (0..n)
                        .map(|i| format!("MATCH (n{i})"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ))
            }),
        ),
        (
            "unwinds",
            Box::new(move |n| {
                q(format!(
                    "{} RETURN 1 AS x",
                    (0..n)
                        .map(|i| format!("UNWIND [1] AS u{i}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ))
            }),
        ),
        (
            "labels",
            Box::new(move |n| {
                q(format!(
                    "MATCH (n{}) RETURN n",
                    (0..n).map(|i| format!(":L{i}")).collect::<String>()
                ))
            }),
        ),
        (
            "mapkeys",
            Box::new(move |n| {
                q(format!(
                    "RETURN {{{}}} AS m",
                    (0..n)
                        .map(|i| format!("k{i}: 1"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }),
        ),
        (
            "case",
            Box::new(move |n| {
                q(format!(
                    "RETURN CASE {} END AS m",
                    (0..n)
                        .map(|i| format!("WHEN {i} = 1 THEN 1"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ))
            }),
        ),
        (
            "args",
            Box::new(move |n| {
                q(format!(
                    "RETURN coalesce({}) AS m",
                    (0..n)
                        .map(|i| format!("{i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }),
        ),
        (
            "props",
            Box::new(move |n| {
                q(format!(
                    "MATCH (n {{{}}}) RETURN n",
                    (0..n)
                        .map(|i| format!("k{i}: 1"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }),
        ),
        (
            "graphprops",
            Box::new(|n| {
                format!(
                    "name = \"x\"\ngraph = \"CREATE (n {{{}}})\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\n",
                    (0..n)
                        .map(|i| format!("k{i}: 1"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }),
        ),
        (
            "graphlabels",
            Box::new(|n| {
                format!(
                    "name = \"x\"\ngraph = \"CREATE (n{})\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\n",
                    (0..n).map(|i| format!(":L{i}")).collect::<String>()
                )
            }),
        ),
        (
            "grants",
            Box::new(|n| {
                let mut s = String::from("name = \"x\"\nsecurity = \"\"\"\nCREATE ROLE r;\n");
                for i in 0..n {
                    s += &format!("GRANT TRAVERSE ON GRAPH * NODES L{i} TO r;\n");
                }
                s += "\"\"\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\n";
                s
            }),
        ),
        (
            "readkeys",
            Box::new(|n| {
                format!(
                    "name = \"x\"\nsecurity = \"CREATE ROLE r; GRANT READ {{{}}} ON GRAPH * TO r\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\n",
                    (0..n)
                        .map(|i| format!("k{i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }),
        ),
        (
            "grantlabels",
            Box::new(|n| {
                format!(
                    "name = \"x\"\nsecurity = \"CREATE ROLE r; GRANT TRAVERSE ON GRAPH * NODES {} TO r\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\n",
                    (0..n)
                        .map(|i| format!("L{i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }),
        ),
        (
            "inlist",
            Box::new(move |n| {
                q(format!(
                    "MATCH (n) WHERE n.k IN [{}] RETURN n",
                    (0..n)
                        .map(|i| format!("{i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }),
        ),
        (
            "strconcat",
            Box::new(move |n| q(format!("RETURN '{}' AS s", "ab".repeat(n)))),
        ),
        (
            "comments",
            Box::new(move |n| q(format!("RETURN 1 AS s {}", "/* c */".repeat(n)))),
        ),
    ];
    for (name, g) in &gens {
        for n in [1000usize, 4000] {
            let text = g(n);
            let flat = pad_flat(text.len(), |k| {
                query_file(&[format!("[{}]", vec!["1"; k].join(", "))])
            });
            let (t, ok) = best(&text);
            let (tf, _) = best(&flat);
            println!(
                "{name} n={n}: {} bytes {:.3} ms flat {:.3} ms ratio {:.2} ok {ok}",
                text.len(),
                t * 1e3,
                tf * 1e3,
                t / tf
            );
        }
    }
}
