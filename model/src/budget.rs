//! The fuzz budget: how many generated cases the property tests run.
//!
//! Each property test names its own default; `POLYGRAPH_FUZZ_CASES`
//! overrides all of them, so CI (`.ci/run`) and developers can trade time
//! for depth without editing tests.

/// The environment variable that overrides every property test's case count.
pub const FUZZ_CASES_VAR: &str = "POLYGRAPH_FUZZ_CASES";

/// `default`, unless `POLYGRAPH_FUZZ_CASES` holds a positive whole number.
pub fn fuzz_cases(default: u32) -> u32 {
    std::env::var(FUZZ_CASES_VAR)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|&n: &u32| n > 0)
        .unwrap_or(default)
}
