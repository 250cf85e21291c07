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

/// Prints one line to stdout. A reader that hangs up (`xtask check | head`)
/// ends the process quietly with status 141, as SIGPIPE would, instead of
/// the panic `println!` gives; any other write error (a full disk) ends it
/// with status 1 and says so on stderr, since a silent exit looked like a
/// failed check.
pub fn emit(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = writeln!(out, "{line}") {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(141);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

/// `println!` through [`emit`].
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::style::emit(format_args!($($arg)*))
    };
}
pub(crate) use say;
