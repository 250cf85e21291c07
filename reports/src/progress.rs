//! Progress of long work: an indicatif bar on a terminal (stderr), plain
//! lines otherwise, so a CI log shows where a run is without the bar's
//! control characters.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar on stderr when it is a terminal, hidden otherwise; with
/// no known total, a counter with its rate. Shared with xtask's fuzzer.
pub fn progress(total: Option<u64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match total {
        Some(total) => (
            ProgressBar::new(total),
            "{elapsed:>4} [{bar:30}] {pos}/{len} {msg}",
        ),
        None => (
            ProgressBar::no_length(),
            "{elapsed:>4} {pos} {per_sec} {msg}",
        ),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// A run's progress: steps counted on a bar, and phases (a new graph size,
/// the ABAC sweep) as plain `[done/total] what` lines on stderr when there
/// is no terminal to draw the bar on.
pub struct Progress {
    bar: ProgressBar,
    plain: bool,
    total: u64,
}

impl Progress {
    /// Progress over `total` steps; `quiet` prints nothing at all.
    pub fn new(total: u64, quiet: bool) -> Self {
        let bar = if quiet {
            ProgressBar::hidden()
        } else {
            progress(Some(total))
        };
        Progress {
            plain: !quiet && bar.is_hidden(),
            bar,
            total,
        }
    }

    /// Silent progress (tests).
    pub fn hidden() -> Self {
        Progress::new(0, true)
    }

    /// What is being done now (shown on the bar only).
    pub fn step(&self, what: &str) {
        self.bar.set_message(what.to_string());
    }

    /// A new phase: on the bar, or as a plain line.
    pub fn phase(&self, what: &str) {
        if self.plain {
            eprintln!("[{}/{}] {what}", self.bar.position(), self.total);
        }
        self.bar.set_message(what.to_string());
    }

    /// One step done.
    pub fn inc(&self) {
        self.bar.inc(1);
    }

    /// Clears the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
