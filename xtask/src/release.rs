//! Re-running the current xtask command from a release build, for the
//! commands whose figures mean nothing in a debug build (`report`) or that
//! need a differently compiled engine (`fuzz --plant`, with the `plant`
//! feature).

use std::process::{Command, ExitCode};

/// Set in the re-run process.
const RERUN_ENV: &str = "POLYGRAPH_XTASK_RERUN";

/// Re-runs this process's arguments as `cargo run --release -p xtask
/// [--features F] -- …`, after printing `why`, and returns its exit code
/// (1 when it could not be read, e.g. killed by a signal).
pub fn rerun_in_release(features: &[&str], why: &str) -> ExitCode {
    // A re-run that would re-run again (a build that still lacks what was
    // asked for) stops here instead of looping.
    if std::env::var_os(RERUN_ENV).is_some() {
        eprintln!("error: the release re-run ({why}) did not give the build it needed");
        return ExitCode::FAILURE;
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let args: Vec<String> = std::env::args().skip(1).collect();
    eprintln!("note: {why}");
    let mut command = Command::new(cargo);
    command.env(RERUN_ENV, "1");
    command.args(["run", "--release", "--quiet", "--package", "xtask"]);
    if !features.is_empty() {
        command.args(["--features", &features.join(",")]);
    }
    match command.arg("--").args(&args).status() {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(s) => s
            .code()
            .and_then(|c| u8::try_from(c).ok())
            .map_or(ExitCode::FAILURE, ExitCode::from),
        Err(e) => {
            eprintln!("error: could not run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}
