use model::scenario::load_str;
use std::path::Path;
use std::time::Instant;

fn best(text: &str) -> (f64, bool) {
    let mut b = f64::MAX;
    let mut ok = false;
    for _ in 0..5 {
        let t = Instant::now();
        let r = load_str(Path::new("s.toml"), text);
        let e = t.elapsed().as_secs_f64();
        ok = r.is_ok();
        if let Err(e) = &r {
            if !ok {
                eprintln!("{e}");
            }
        }
        std::hint::black_box(&r);
        b = b.min(e);
    }
    (b, ok)
}

fn expect_file(values: &[String]) -> String {
    let cols: Vec<String> = (0..values.len()).map(|i| format!("1 AS c{i}")).collect();
    let row: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("c{i} = {v}"))
        .collect();
    format!(
        "name = \"x\"\n[[query]]\ncypher = \"RETURN {}\"\nexpect = [{{{}}}]\n",
        cols.join(", "),
        row.join(", ")
    )
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
    let shapes: Vec<(&str, String, String)> = vec![
        (
            "tlist",
            format!("{}1{}", "[".repeat(78), "]".repeat(78)),
            String::new(),
        ),
        (
            "tmap",
            format!("{}1{}", "{a = ".repeat(78), "}".repeat(78)),
            String::new(),
        ),
        (
            "tmix",
            format!("{}1{}", "[{a = ".repeat(39), "}]".repeat(39)),
            String::new(),
        ),
        (
            "tmapwide",
            format!(
                "{}1{}",
                "{b = 1, c = [1,2], a = ".repeat(78),
                "}".repeat(78)
            ),
            String::new(),
        ),
        (
            "tlistwide",
            format!("{}1{}", "[1, 'x', [1], ".repeat(78), "]".repeat(78)),
            String::new(),
        ),
    ];
    for (name, v, _) in &shapes {
        for reps in [10usize, 100, 400] {
            let values = vec![v.clone(); reps];
            let nested = expect_file(&values);
            let flat = pad_flat(nested.len(), |n| {
                expect_file(&[format!("[{}]", vec!["1"; n].join(", "))])
            });
            let (tn, okn) = best(&nested);
            let (tf, okf) = best(&flat);
            println!(
                "expect {name} x{reps}: {} vs {} bytes: {:.3} ms vs {:.3} ms ratio {:.2} ok {okn} {okf}",
                nested.len(),
                flat.len(),
                tn * 1e3,
                tf * 1e3,
                tn / tf
            );
        }
    }
    let qshapes: Vec<(&str, String)> = vec![
        ("paren", format!("{}1{}", "(".repeat(99), ")".repeat(99))),
        ("list", format!("{}1{}", "[".repeat(99), "]".repeat(99))),
        ("map", format!("{}1{}", "{a: ".repeat(99), "}".repeat(99))),
        (
            "mix",
            format!("{}1{}", "([{a: ".repeat(33), "}])".repeat(33)),
        ),
        (
            "listwide",
            format!("{}1{}", "[1, 'x', [1], ".repeat(99), "]".repeat(99)),
        ),
        (
            "mapwide",
            format!("{}1{}", "{b: 1, c: [1,2], a: ".repeat(99), "}".repeat(99)),
        ),
        (
            "parenplus",
            format!("{}1{}", "(1 + ".repeat(99), ")".repeat(99)),
        ),
        (
            "listcomp",
            format!("{}1{}", "[x IN ".repeat(49), "| x]".repeat(49)),
        ),
    ];
    for (name, v) in &qshapes {
        for reps in [10usize, 100, 400] {
            let values = vec![v.clone(); reps];
            let nested = query_file(&values);
            let flat = pad_flat(nested.len(), |n| {
                query_file(&[format!("[{}]", vec!["1"; n].join(", "))])
            });
            let (tn, okn) = best(&nested);
            let (tf, okf) = best(&flat);
            println!(
                "query {name} x{reps}: {} vs {} bytes: {:.3} ms vs {:.3} ms ratio {:.2} ok {okn} {okf}",
                nested.len(),
                flat.len(),
                tn * 1e3,
                tf * 1e3,
                tn / tf
            );
        }
    }
}
