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
    let gens: Vec<(&str, Box<dyn Fn(usize) -> String>)> = vec![
        (
            "queries",
            Box::new(|n| {
                let mut s = String::from("name = \"x\"\n");
                for i in 0..n {
                    s += &format!(
                        "[[query]]\ncypher = \"RETURN {i} AS x\"\nexpect = [{{x = {i}}}]\n"
                    );
                }
                s
            }),
        ),
        (
            "security",
            Box::new(|n| {
                let mut s = String::from("name = \"x\"\nsecurity = '''\n");
                for i in 0..n {
                    s += &format!("CREATE ROLE r{i};\n");
                }
                s += "'''\n[[query]]\ncypher = \"RETURN 1 AS x\"\n";
                s
            }),
        ),
        (
            "graph",
            Box::new(|n| {
                let mut s = String::from("name = \"x\"\ngraph = '''\n");
                for i in 0..n {
                    s += &format!("CREATE (:A {{k: {i}}});\n");
                }
                s += "'''\n[[query]]\ncypher = \"RETURN 1 AS x\"\n";
                s
            }),
        ),
        (
            "graphrel",
            Box::new(|n| {
                let mut s = String::from("name = \"x\"\ngraph = '''\nCREATE (a0:A)");
                for i in 1..n {
                    s += &format!(", (a{i}:A)-[:T]->(a{})", i - 1);
                }
                s += "\n'''\n[[query]]\ncypher = \"RETURN 1 AS x\"\n";
                s
            }),
        ),
        (
            "config",
            Box::new(|n| {
                let mut s = String::from("name = \"x\"\nconfig = '''\n");
                for i in 0..n {
                    s += &format!("dbms.security.procedures.unrestricted=a{i}\n");
                }
                s += "'''\n[[query]]\ncypher = \"RETURN 1 AS x\"\n";
                s
            }),
        ),
        (
            "rows",
            Box::new(|n| {
                let mut s = String::from(
                    "name = \"x\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\nexpect = [\n",
                );
                for i in 0..n {
                    s += &format!("{{x = {i}}},\n");
                }
                s += "]\n";
                s
            }),
        ),
        (
            "dotted",
            Box::new(|n| {
                let mut s =
                    String::from("name = \"x\"\n[[query]]\ncypher = \"RETURN 1 AS x\"\nclaims = {");
                for i in 0..n {
                    s += &format!("k{i} = 1, ");
                }
                s += "z = 1}\n";
                s
            }),
        ),
        (
            "escapes",
            Box::new(|n| {
                format!(
                    "name = \"x\"\n[[query]]\ncypher = \"RETURN '{}' AS x\"\n",
                    "\\u0041\\n".repeat(n)
                )
            }),
        ),
        (
            "unionish",
            Box::new(|n| {
                format!(
                    "name = \"x\"\n[[query]]\ncypher = \"MATCH (n) WHERE {} RETURN n\"\n",
                    vec!["n.k = 1"; n].join(" OR ")
                )
            }),
        ),
        (
            "withchain",
            Box::new(|n| {
                format!(
                    "name = \"x\"\n[[query]]\ncypher = \"MATCH (n) {} RETURN n\"\n",
                    (0..n)
                        .map(|i| format!("WITH n, {i} AS v{i}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            }),
        ),
        (
            "matchchain",
            Box::new(|n| {
                format!(
                    "name = \"x\"\n[[query]]\ncypher = \"MATCH (n0){} RETURN n0\"\n",
                    (1..n).map(|i| format!("-->(n{i})")).collect::<String>()
                )
            }),
        ),
        (
            "vars",
            Box::new(|n| {
                format!(
                    "name = \"x\"\n[[query]]\ncypher = \"WITH {} RETURN *\"\n",
                    (0..n)
                        .map(|i| format!("1 AS v{i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }),
        ),
    ];
    for (name, g) in &gens {
        for n in [500usize, 2000, 8000] {
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
