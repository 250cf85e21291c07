//! `cargo xtask fuzz --plant NAME`: the same fuzzing with one deliberate bug
//! switched on in the optimized engine (`optimized::plant`), to measure how
//! quickly the fuzzer finds it.
//!
//! The planted code exists only in builds with xtask's `plant` feature; a
//! build without it re-runs the command in release with the feature
//! (`cargo run --release -p xtask --features plant -- fuzz …`), as `bench`
//! re-runs itself in release. `--plant list` prints the names and an unknown
//! name is an error naming the valid ones (exit 2), both before any build.
//!
//! Decision: a planted run writes its regression under a temporary folder
//! (`<tmp>/polygraph-plants/<name>/`) unless `--out` is given, so planted
//! bugs never land in `corpora/regressions`, which holds real ones.

use std::path::PathBuf;
use std::process::ExitCode;

use optimized::plant::Plant;

use crate::release::rerun_in_release;

/// What `--plant` asks for.
pub enum Plan {
    /// No `--plant`: an ordinary run.
    Normal,
    /// Fuzz with this plant switched on (this build has the feature).
    Run(Plant),
    /// Already handled (listed, refused, or re-run in another build).
    Done(ExitCode),
}

/// The option's value that lists the plants.
const LIST: &str = "list";

/// Decides what `--plant` (if given) means in this build.
pub fn plan(arg: Option<&str>) -> Plan {
    let Some(arg) = arg else {
        return Plan::Normal;
    };
    if arg == LIST {
        for p in Plant::ALL {
            println!("{:<28}{}", p.name(), p.summary());
        }
        return Plan::Done(ExitCode::SUCCESS);
    }
    let plant = match arg.parse::<Plant>() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: --plant: {e} (or `{LIST}`)");
            return Plan::Done(ExitCode::from(2));
        }
    };
    if cfg!(feature = "plant") {
        Plan::Run(plant)
    } else {
        Plan::Done(rerun_in_release(
            &["plant"],
            "building xtask in release with the planted bugs (feature `plant`)",
        ))
    }
}

/// Where a planted run writes without `--out`.
pub fn default_out(plant: Plant) -> PathBuf {
    std::env::temp_dir()
        .join("polygraph-plants")
        .join(plant.name())
}

/// Switches `plant` on in the optimized engine for this process.
#[cfg(feature = "plant")]
pub fn switch_on(plant: Plant) {
    optimized::plant::set(Some(plant));
}

/// Without the feature [`plan`] never returns [`Plan::Run`]: nothing to do.
#[cfg(not(feature = "plant"))]
pub fn switch_on(_plant: Plant) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_plants_exit_2_and_list_exits_0() {
        assert!(matches!(plan(Some("no-such-bug")), Plan::Done(c) if c == ExitCode::from(2)));
        assert!(matches!(plan(Some("list")), Plan::Done(c) if c == ExitCode::SUCCESS));
        assert!(matches!(plan(None), Plan::Normal));
    }

    #[test]
    fn planted_runs_write_outside_the_corpus() {
        let out = default_out(Plant::RelStartOnly);
        assert!(out.starts_with(std::env::temp_dir()));
        assert!(out.ends_with("rel-start-only"));
    }
}
