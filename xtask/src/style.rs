//! Terminal styling: colour only when stdout is a terminal.

use std::io::IsTerminal;

/// Wraps `text` in the ANSI colour `code` when stdout is a terminal.
pub fn paint(text: &str, code: &str) -> String {
    if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// `PASS` in green or `FAIL` in red.
pub fn verdict(passed: bool) -> String {
    if passed {
        paint("PASS", "32")
    } else {
        paint("FAIL", "31")
    }
}
