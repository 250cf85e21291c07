//! The facts of the machine and build a report ran on: cores, CPU model,
//! memory, rustc version, git commit and date. Each is read best-effort
//! (a missing `/proc` file or `git` gives `unknown`), never failing a run.

use std::process::Command;

use crate::results::Machine;

/// The running machine's facts, dated now.
pub fn facts() -> Machine {
    Machine {
        cores: std::thread::available_parallelism()
            .map(|n| u32::try_from(n.get()).unwrap_or(u32::MAX))
            .unwrap_or(0),
        cpu: std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|text| cpu_model(&text))
            .unwrap_or_else(|| "unknown".to_string()),
        memory_gib: std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|text| memory_gib(&text))
            .unwrap_or(0.0),
        rustc: output("rustc", &["--version"]).unwrap_or_else(|| "unknown".to_string()),
        commit: commit().unwrap_or_else(|| "unknown".to_string()),
        date: now(),
    }
}

/// Now, RFC 3339 UTC to the second (chrono is built without its clock).
fn now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(0))
        .unwrap_or(0);
    chrono::DateTime::from_timestamp(seconds, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// The first `model name` of a `/proc/cpuinfo` text.
fn cpu_model(cpuinfo: &str) -> Option<String> {
    cpuinfo
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim() == "model name")
        .map(|(_, v)| v.trim().to_string())
}

/// `MemTotal` of a `/proc/meminfo` text, in GiB to one decimal.
fn memory_gib(meminfo: &str) -> Option<f64> {
    let kib: f64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some((kib / (1024.0 * 1024.0) * 10.0).round() / 10.0)
}

/// The short commit, with `+dirty` when tracked files have changes.
fn commit() -> Option<String> {
    let head = output("git", &["rev-parse", "--short=12", "HEAD"])?;
    let dirty = output("git", &["status", "--porcelain", "--untracked-files=no"])
        .is_some_and(|s| !s.is_empty());
    Some(if dirty { format!("{head}+dirty") } else { head })
}

/// A command's trimmed stdout when it succeeds.
fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_files_are_read_by_field() {
        let cpuinfo = "processor\t: 0\nvendor_id\t: X\nmodel name\t: Example CPU @ 2.00GHz\n";
        assert_eq!(cpu_model(cpuinfo).as_deref(), Some("Example CPU @ 2.00GHz"));
        assert_eq!(cpu_model("processor: 0\n"), None);
        let meminfo = "MemTotal:       24576000 kB\nMemFree: 1 kB\n";
        assert_eq!(memory_gib(meminfo), Some(23.4));
        assert_eq!(memory_gib("MemFree: 1 kB\n"), None);
    }

    #[test]
    fn facts_are_filled() {
        let m = facts();
        assert!(m.cores >= 1);
        assert!(m.date.ends_with('Z') && m.date.len() == 20, "{}", m.date);
    }
}
