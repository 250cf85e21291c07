//! The whole report path, end to end: `cargo xtask report --quick --sizes
//! 1k` (a debug smoke run: one repetition each, the figures mean nothing)
//! writes results.csv, the charts and index.html; headless Chromium opens
//! the page, every chart image loads and the tables are there, and a
//! screenshot of it is not blank.
//!
//! Chromium is Debian's `chromium` package, which `.ci/run` installs; this
//! test fails (it does not skip) without it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh folder under the target directory for this test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Runs `cargo xtask report` in this (debug) build with `args`.
fn report(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("report")
        .args(args)
        .env("POLYGRAPH_REPORT_DEBUG", "1")
        .output()
        .expect("xtask runs")
}

/// The value of `data-NAME="..."` on the dumped page's body.
fn body_attribute(dom: &str, name: &str) -> Option<String> {
    let body = &dom[dom.find("<body")?..];
    let body = &body[..body.find('>')?];
    let needle = format!("data-{name}=\"");
    let start = body.find(&needle)? + needle.len();
    let end = body[start..].find('"')? + start;
    Some(body[start..end].to_string())
}

fn chromium() -> Command {
    let mut c = Command::new("chromium");
    // Root in CI containers needs --no-sandbox; the virtual-time budget
    // lets the page's load handler run before the DOM is dumped.
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--virtual-time-budget=10000",
    ]);
    c
}

#[test]
fn the_report_page_loads_every_chart_in_chromium() {
    let out = scratch("report-page");
    let run = report(&[
        "--quick",
        "--sizes",
        "1k",
        "--out",
        out.to_str().expect("utf-8 path"),
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "report failed:\n{stdout}\n{stderr}");
    // Headline figures, one line each.
    for name in ["overhead.labels", "bytes.per_node", "fuzz.cases_per_s"] {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&format!("figure {name} "))),
            "no {name} figure in:\n{stdout}"
        );
    }
    let csv = std::fs::read_to_string(out.join("results.csv")).expect("results.csv");
    assert!(csv.starts_with("metric,engine,query,policy,nodes,rules,median,min,max,unit,"));
    assert!(csv.lines().count() > 100, "{} rows", csv.lines().count());
    let charts: Vec<String> = std::fs::read_dir(&out)
        .expect("out folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".svg"))
        .collect();
    assert!(charts.len() >= 6, "charts: {charts:?}");
    for svg in &charts {
        let png = out.join(svg.replace(".svg", ".png"));
        assert!(png.is_file(), "{} has no PNG twin", svg);
    }

    let page = out.join("index.html");
    let url = format!("file://{}", page.display());
    let dom = match chromium().arg("--dump-dom").arg(&url).output() {
        Ok(o) => o,
        Err(e) => panic!(
            "headless Chromium is needed (Debian package `chromium`; .ci/run installs it): {e}"
        ),
    };
    let dom = String::from_utf8_lossy(&dom.stdout);
    let loaded = body_attribute(&dom, "charts-loaded");
    let total = body_attribute(&dom, "charts-total");
    assert!(
        total.as_deref().is_some_and(|t| t != "0"),
        "the page reports no charts: {total:?}"
    );
    assert_eq!(loaded, total, "not every chart image loaded");
    assert_eq!(total.as_deref(), Some(charts.len().to_string().as_str()));
    let tables: usize = body_attribute(&dom, "tables")
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    assert!(tables >= 3, "{tables} tables");
    assert!(dom.contains("<table") && dom.contains("overhead.labels"));

    let shot = out.join("screenshot.png");
    let status = chromium()
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1280,2000")
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(status.status.success(), "screenshot failed");
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&shot).expect("screenshot written"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).expect("a frame");
    assert_eq!((info.width, info.height), (1280, 2000));
    // A page with charts and tables has many colours; a blank or
    // error page has a handful.
    let step = info.color_type.samples();
    let colours: std::collections::BTreeSet<&[u8]> =
        pixels[..info.buffer_size()].chunks(step).collect();
    assert!(colours.len() > 64, "{} colours", colours.len());
}

#[test]
fn a_bad_baseline_is_refused_by_line_before_any_work() {
    let out = scratch("report-bad-baseline");
    let baseline = out.join("base.csv");
    std::fs::write(
        &baseline,
        "metric,engine,query,policy,nodes,rules,median,min,max,unit,better,repetitions,cores,cpu,memory_gib,rustc,commit,date\n\
         time,optimized,q,p,1000,0,fast,1,1,ms,lower,3,2,c,1,r,c,d\n",
    )
    .expect("baseline");
    let run = report(&[
        "--sizes",
        "1k",
        "--out",
        out.to_str().expect("utf-8"),
        "--compare",
        baseline.to_str().expect("utf-8"),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("base.csv: line 2") && stderr.contains("median"),
        "{stderr}"
    );
    assert!(
        !out.join("results.csv").exists(),
        "a refused run wrote results"
    );
    let bad_sizes = report(&["--sizes", "1k,lots"]);
    assert_eq!(bad_sizes.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_sizes.stderr).contains("`lots` at column 4"));
}

#[test]
fn compare_passes_against_itself_and_fails_on_a_regression() {
    let out = scratch("report-compare");
    let first = report(&[
        "--quick",
        "--sizes",
        "1k",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert!(first.status.success());
    let csv = std::fs::read_to_string(out.join("results.csv")).expect("results.csv");
    // A baseline where every time was a tenth of this run's: everything
    // this run measures is then ten times slower.
    let mut faster = String::new();
    for (i, line) in csv.lines().enumerate() {
        // The first nine columns never hold a comma (the CPU model may).
        let mut fields: Vec<String> = line.splitn(10, ',').map(str::to_string).collect();
        if i > 0 && fields[0] == "time" {
            // median, min and max
            for field in &mut fields[6..9] {
                let v: f64 = field.parse().expect("a number");
                *field = (v / 10.0).to_string();
            }
        }
        faster.push_str(&fields.join(","));
        faster.push('\n');
    }
    let baseline = out.join("faster.csv");
    std::fs::write(&baseline, faster).expect("baseline");
    let second = report(&[
        "--quick",
        "--sizes",
        "1k",
        "--out",
        out.to_str().expect("utf-8"),
        "--compare",
        baseline.to_str().expect("utf-8"),
        "--json",
    ]);
    assert_eq!(second.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&second.stdout);
    // --json: every stdout line is a JSON object.
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        assert!(v.is_object(), "{line}");
    }
    assert!(stdout.contains("\"verdict\":\"worse\""), "{stdout}");
}
