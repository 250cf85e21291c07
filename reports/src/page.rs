//! The report's `index.html`: one self-contained HTML5 page (charts inlined
//! as `data:` SVG, no external URL, no script library) with the headline
//! figures, each chart with its caption and the numbers behind it, the
//! machine facts and the run's notes.
//!
//! Every text that came from a run (names, notes, the command line) is
//! escaped. A small inline script records on `<body>` how many images
//! decoded (`data-charts-loaded` of `data-charts-total`) and how many tables
//! the page has (`data-tables`), so a headless browser's `--dump-dom` can
//! check that every chart really displays.

use std::fmt::Write;

use base64::Engine as _;

use crate::charts::{self, Chart, axis};
use crate::measure::Figure;
use crate::results::{Machine, Measurement};

/// What the page shows.
pub struct Page<'a> {
    /// The page title (and its `<h1>`).
    pub title: String,
    /// The command line that produced the report.
    pub command: String,
    /// The machine and build measured on.
    pub machine: &'a Machine,
    /// The headline figures, in order.
    pub headlines: &'a [Figure],
    /// Every measurement of the run (the per-chart tables pick theirs).
    pub measurements: &'a [Measurement],
    /// The drawn charts, in order.
    pub charts: &'a [Chart],
    /// Remarks for the reader (caps, failures, gaps).
    pub notes: &'a [String],
}

/// Light, print-friendly styling; no web fonts.
const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI','DejaVu Sans',sans-serif;color:#1b1b1b;\
background:#fff;margin:0;line-height:1.45}\
main{max-width:960px;margin:0 auto;padding:24px 20px 48px}\
h1{font-size:1.7em;margin:.2em 0 .4em}h2{margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}\
h3{margin:1.4em 0 .4em}\
p.intro{font-size:1.05em}\
code{background:#f3f3f3;padding:1px 4px;border-radius:3px;font-size:.92em;word-break:break-all}\
figure{margin:0 0 .6em}figure img{display:block;max-width:100%;height:auto;border:1px solid #e4e4e4}\
figcaption{margin-top:.5em;font-size:.97em}\
table{border-collapse:collapse;margin:.4em 0 1em;font-size:.9em}\
th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}\
th{background:#f6f6f6}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
details{margin-bottom:1em}summary{cursor:pointer;color:#225}\
ul.notes li{margin:.2em 0}\
";

/// Counts decoded images and tables once everything has loaded.
const SCRIPT: &str = "\
window.addEventListener('load',function(){\
var images=document.querySelectorAll('img'),loaded=0;\
for(var i=0;i<images.length;i++){if(images[i].complete&&images[i].naturalWidth>0){loaded++;}}\
document.body.dataset.chartsLoaded=String(loaded);\
document.body.dataset.chartsTotal=String(images.length);\
document.body.dataset.tables=String(document.querySelectorAll('table').length);\
});";

/// The page as one HTML document.
pub fn index_html(page: &Page) -> String {
    let mut html = String::new();
    let title = escape(&page.title);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n"
    );
    intro(&mut html, page);
    headlines(&mut html, page.headlines);
    if !page.charts.is_empty() {
        html.push_str("<h2 id=\"charts\">Charts</h2>\n");
        for chart in page.charts {
            chart_section(&mut html, chart, page.measurements);
        }
    }
    machine(&mut html, page.machine);
    if !page.notes.is_empty() {
        html.push_str("<h2 id=\"notes\">Notes</h2>\n<ul class=\"notes\">\n");
        for note in page.notes {
            let _ = writeln!(html, "<li>{}</li>", escape(note));
        }
        html.push_str("</ul>\n");
    }
    let _ = write!(
        html,
        "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    html
}

/// What the page is and how it was made.
fn intro(html: &mut String, page: &Page) {
    html.push_str(
        "<p class=\"intro\">Polygraph implements Neo4j's read security model twice: a \
         reference engine transcribed rule by rule from the specification, and an optimized \
         bitset/columnar engine. This report measures what security costs on the optimized \
         engine, how its time grows with the graph, how much faster it is than the reference, \
         and how it compares with general-purpose authorization engines.</p>\n",
    );
    let mut made = format!("Produced by <code>{}</code>", escape(&page.command));
    if !page.machine.date.is_empty() {
        let _ = write!(made, " on {}", escape(&page.machine.date));
    }
    if !page.machine.commit.is_empty() {
        let _ = write!(
            made,
            " (commit <code>{}</code>)",
            escape(&page.machine.commit)
        );
    }
    let _ = writeln!(
        html,
        "<p>{made}. Times are medians of the repetitions; whiskers on the charts span the \
         fastest to the slowest repetition. Every number is also in <code>results.csv</code> \
         beside this page; {} {} drawn from {} {}.</p>",
        page.charts.len(),
        if page.charts.len() == 1 {
            "chart is"
        } else {
            "charts are"
        },
        page.measurements.len(),
        if page.measurements.len() == 1 {
            "measurement"
        } else {
            "measurements"
        },
    );
}

/// The headline figures table.
fn headlines(html: &mut String, figures: &[Figure]) {
    if figures.is_empty() {
        return;
    }
    html.push_str(
        "<h2 id=\"headlines\">Headline figures</h2>\n<table class=\"headlines\">\n\
         <thead><tr><th>figure</th><th>value</th><th>unit</th></tr></thead>\n<tbody>\n",
    );
    for f in figures {
        let _ = writeln!(
            html,
            "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&f.name),
            escape(&number(f.value)),
            escape(&f.unit)
        );
    }
    html.push_str("</tbody>\n</table>\n");
}

/// One chart: heading, the SVG inline as a data URL, the caption, and the
/// rows it was drawn from.
fn chart_section(html: &mut String, chart: &Chart, measurements: &[Measurement]) {
    let svg = base64::engine::general_purpose::STANDARD.encode(chart.svg.as_bytes());
    let _ = write!(
        html,
        "<section id=\"chart-{id}\">\n<h3>{title}</h3>\n<figure>\n\
         <img src=\"data:image/svg+xml;base64,{svg}\" width=\"{w}\" height=\"{h}\" alt=\"{alt}\">\n\
         <figcaption>{caption}</figcaption>\n</figure>\n",
        id = escape(chart.id),
        title = escape(&chart.title),
        w = charts::plot::WIDTH,
        h = charts::plot::HEIGHT,
        alt = escape(&format!("{}. {}", chart.title, chart.caption)),
        caption = escape(&chart.caption),
    );
    let rows = charts::figures(chart.id, measurements);
    if !rows.is_empty() {
        let _ = write!(
            html,
            "<details>\n<summary>The numbers behind it ({} {})</summary>\n",
            rows.len(),
            if rows.len() == 1 { "row" } else { "rows" }
        );
        measurement_table(html, &rows);
        html.push_str("</details>\n");
    }
    html.push_str("</section>\n");
}

/// Rows as a table, leaving out key columns that are empty on every row.
fn measurement_table(html: &mut String, rows: &[&Measurement]) {
    type Column = (&'static str, fn(&Measurement) -> String);
    let keys: [Column; 6] = [
        ("metric", |m| m.key.metric.clone()),
        ("engine", |m| m.key.engine.clone()),
        ("query", |m| m.key.query.clone()),
        ("policy", |m| m.key.policy.clone()),
        ("nodes", |m| {
            if m.key.nodes > 0 {
                axis::thousands(m.key.nodes)
            } else {
                String::new()
            }
        }),
        ("rules", |m| {
            if m.key.rules > 0 {
                axis::thousands(m.key.rules)
            } else {
                String::new()
            }
        }),
    ];
    let shown: Vec<&Column> = keys
        .iter()
        .filter(|(_, get)| rows.iter().any(|m| !get(m).is_empty()))
        .collect();
    html.push_str("<table class=\"figures\">\n<thead><tr>");
    for (name, _) in &shown {
        let _ = write!(html, "<th>{name}</th>");
    }
    html.push_str(
        "<th>median</th><th>min</th><th>max</th><th>unit</th><th>runs</th></tr></thead>\n<tbody>\n",
    );
    for m in rows {
        html.push_str("<tr>");
        for (name, get) in &shown {
            let class = if matches!(*name, "nodes" | "rules") {
                " class=\"num\""
            } else {
                ""
            };
            let _ = write!(html, "<td{class}>{}</td>", escape(&get(m)));
        }
        let _ = writeln!(
            html,
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            escape(&number(m.median)),
            escape(&number(m.min)),
            escape(&number(m.max)),
            escape(&m.unit),
            if m.repetitions == 0 {
                "derived".to_string()
            } else {
                m.repetitions.to_string()
            },
        );
    }
    html.push_str("</tbody>\n</table>\n");
}

/// The machine facts table.
fn machine(html: &mut String, machine: &Machine) {
    html.push_str("<h2 id=\"machine\">Machine</h2>\n<table class=\"machine\">\n<tbody>\n");
    let memory = if machine.memory_gib > 0.0 {
        format!("{:.1} GiB", machine.memory_gib)
    } else {
        "unknown".to_string()
    };
    for (name, value) in [
        ("logical cores", machine.cores.to_string()),
        ("CPU", machine.cpu.clone()),
        ("memory", memory),
        ("compiler", machine.rustc.clone()),
        ("commit", machine.commit.clone()),
        ("run started (UTC)", machine.date.clone()),
    ] {
        let _ = writeln!(
            html,
            "<tr><th>{}</th><td>{}</td></tr>",
            name,
            escape(&value)
        );
    }
    html.push_str("</tbody>\n</table>\n");
}

/// A value for a table: whole numbers with separators from 1,000 up, else
/// up to four significant digits.
fn number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if v.abs() >= 1000.0 {
        let whole = axis::thousands(v.abs().round() as u64);
        if v < 0.0 { format!("-{whole}") } else { whole }
    } else if v == 0.0 {
        "0".to_string()
    } else {
        let magnitude = v.abs().log10().floor() as i32;
        let decimals = (3 - magnitude).clamp(0, 12) as usize;
        let text = format!("{v:.decimals$}");
        if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            text
        }
    }
}

/// `text` safe in HTML element content and in double- or single-quoted
/// attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::tests::synthetic;

    fn machine() -> Machine {
        Machine {
            cores: 2,
            cpu: "Some CPU <fast> & cheap".to_string(),
            memory_gib: 23.5,
            rustc: "rustc 1.95.0".to_string(),
            commit: "abc1234".to_string(),
            date: "2026-12-03T16:00:00Z".to_string(),
        }
    }

    fn render(notes: &[String], measurements: &[Measurement], charts: &[Chart]) -> String {
        let headlines = [Figure {
            name: "overhead.labels".to_string(),
            value: 1.0834,
            unit: "x".to_string(),
        }];
        index_html(&Page {
            title: "Polygraph report: A & B <i>".to_string(),
            command: "cargo xtask report --nodes 1000 --out \"a b\"".to_string(),
            machine: &machine(),
            headlines: &headlines,
            measurements,
            charts,
            notes,
        })
    }

    #[test]
    fn one_inline_svg_per_chart_and_a_table_behind_each() {
        let measurements = synthetic();
        let charts = charts::draw_all(&measurements).unwrap();
        let html = render(&[], &measurements, &charts);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert_eq!(html.matches("<img ").count(), charts.len());
        assert_eq!(html.matches("<figcaption>").count(), charts.len());
        for chart in &charts {
            let encoded = base64::engine::general_purpose::STANDARD.encode(chart.svg.as_bytes());
            assert!(
                html.contains(&format!("src=\"data:image/svg+xml;base64,{encoded}\"")),
                "{}: its SVG inline",
                chart.id
            );
            assert!(html.contains(&format!("<section id=\"chart-{}\">", chart.id)));
        }
        // The headline table, one table of numbers per chart, the machine.
        assert_eq!(html.matches("<table").count(), 1 + charts.len() + 1);
        // Self-contained: nothing fetched from anywhere.
        assert!(!html.contains("http:") && !html.contains("https:"));
        assert!(html.contains("1.083"), "headline value");
        // The overhead table lists the 12 rows it was drawn from (2
        // policies x 2 queries x 3 sizes), admin's and the reference's not.
        assert!(html.contains("The numbers behind it (12 rows)"));
        // The script that lets a headless browser count what displayed.
        assert!(html.contains("dataset.chartsLoaded") && html.contains("dataset.tables"));
    }

    #[test]
    fn text_from_the_run_is_escaped() {
        let notes = ["a note <script>alert(1)</script> & more".to_string()];
        let html = render(&notes, &[], &[]);
        assert!(html.contains("<li>a note &lt;script&gt;alert(1)&lt;/script&gt; &amp; more</li>"));
        assert_eq!(
            html.matches("<script>").count(),
            1,
            "only the page's own script"
        );
        assert!(html.contains("<h1>Polygraph report: A &amp; B &lt;i&gt;</h1>"));
        assert!(html.contains("--out &quot;a b&quot;"));
        assert!(html.contains("Some CPU &lt;fast&gt; &amp; cheap"));
        assert!(!html.contains("<i>"));
    }

    #[test]
    fn a_run_without_charts_still_has_its_tables() {
        let html = render(&[], &[], &[]);
        assert_eq!(html.matches("<img ").count(), 0);
        assert!(!html.contains("id=\"charts\""));
        // Headlines and machine.
        assert_eq!(html.matches("<table").count(), 2);
        assert!(!html.contains("id=\"notes\""));
        assert!(html.contains("on 2026-12-03T16:00:00Z (commit <code>abc1234</code>)"));
    }

    #[test]
    fn unknown_machine_facts_leave_no_empty_phrases() {
        let machine = Machine::default();
        let html = index_html(&Page {
            title: "t".to_string(),
            command: "c".to_string(),
            machine: &machine,
            headlines: &[],
            measurements: &[],
            charts: &[],
            notes: &[],
        });
        assert!(html.contains("Produced by <code>c</code>. Times"), "{html}");
        assert!(!html.contains("commit <code></code>"));
    }

    #[test]
    fn table_numbers_read_well() {
        assert_eq!(number(1_234_567.8), "1,234,568");
        assert_eq!(number(1.0834), "1.083");
        assert_eq!(number(0.000_123_46), "0.0001235");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(-2_500.0), "-2,500");
    }
}
