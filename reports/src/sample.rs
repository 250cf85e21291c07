//! Timing one operation: a warm-up run, then as many timed repetitions as
//! [`Sampling`] asks for, kept as median, min and max.
//!
//! Repetitions adapt to the operation: a microsecond query is repeated
//! until the repetitions add up to [`Sampling::target`], so its median is as
//! stable as a slow query's; a slow one stops at [`Sampling::min_reps`].
//! An operation much shorter than [`Sampling::batch_to`] runs several times
//! per timed repetition, which records the average: a single microsecond
//! call is as long as the clock's overhead and the scheduler's jitter, and
//! its medians jumped by half from one run to the next.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// How many repetitions to time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sampling {
    /// At least this many timed repetitions.
    pub min_reps: u32,
    /// At most this many.
    pub max_reps: u32,
    /// Repeat until the timed repetitions add up to this much (or `max_reps`).
    pub target: Duration,
    /// Each timed repetition runs the operation back to back until it lasts
    /// about this long, and records the time per run.
    pub batch_to: Duration,
}

impl Sampling {
    /// `--quick`: 3 to 200 repetitions, 150 ms of timing per measurement.
    pub fn quick() -> Self {
        Sampling {
            min_reps: 3,
            max_reps: 200,
            target: Duration::from_millis(150),
            batch_to: Duration::from_millis(1),
        }
    }

    /// A full run: 5 to 500 repetitions, 400 ms of timing per measurement.
    pub fn full() -> Self {
        Sampling {
            min_reps: 5,
            max_reps: 500,
            target: Duration::from_millis(400),
            batch_to: Duration::from_millis(2),
        }
    }

    /// One repetition, no warm-up beyond the first run: for smoke runs.
    pub fn once() -> Self {
        Sampling {
            min_reps: 1,
            max_reps: 1,
            target: Duration::ZERO,
            batch_to: Duration::ZERO,
        }
    }

    /// `self` with every count multiplied by `factor` (for microsecond
    /// work that needs many more repetitions to be stable).
    pub fn scaled(self, factor: u32) -> Self {
        Sampling {
            min_reps: self.min_reps.saturating_mul(factor),
            max_reps: self.max_reps.saturating_mul(factor),
            ..self
        }
    }

    /// One of `parts` shares of `self`, for timing an operation in several
    /// windows whose repetitions are pooled: the counts and the target
    /// divided (counts rounded up).
    pub fn split(self, parts: u32) -> Self {
        let parts = parts.max(1);
        Sampling {
            min_reps: self.min_reps.div_ceil(parts),
            max_reps: self.max_reps.div_ceil(parts),
            target: self.target / parts,
            ..self
        }
    }
}

/// The repetitions of one operation, in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// The median repetition.
    pub median: Duration,
    /// The fastest.
    pub min: Duration,
    /// The slowest.
    pub max: Duration,
    /// How many were timed.
    pub repetitions: u32,
}

impl Sample {
    /// A sample from repetition times (at least one).
    pub fn of(mut times: Vec<Duration>) -> Self {
        times.sort();
        Sample {
            median: times.get(times.len() / 2).copied().unwrap_or_default(),
            min: times.first().copied().unwrap_or_default(),
            max: times.last().copied().unwrap_or_default(),
            repetitions: u32::try_from(times.len()).unwrap_or(u32::MAX),
        }
    }
}

/// The most runs one timed repetition batches together.
const MAX_BATCH: u32 = 100_000;

/// Times `f` after one warm-up run, as `sampling` says.
pub fn sample<R, E>(sampling: Sampling, f: impl FnMut() -> Result<R, E>) -> Result<Sample, E> {
    sample_times(sampling, f).map(Sample::of)
}

/// [`sample`]'s repetition times, for pooling several runs' repetitions.
pub fn sample_times<R, E>(
    sampling: Sampling,
    mut f: impl FnMut() -> Result<R, E>,
) -> Result<Vec<Duration>, E> {
    let start = Instant::now();
    black_box(f()?);
    let warm_up = start.elapsed();
    let batch = if sampling.batch_to.is_zero() || warm_up >= sampling.batch_to {
        1
    } else {
        // A second run, warm now, says how many make up a repetition (a
        // slow operation is spared it: its cold run is long enough).
        let start = Instant::now();
        black_box(f()?);
        let once = start.elapsed().max(Duration::from_nanos(1));
        let runs = sampling.batch_to.as_nanos().div_ceil(once.as_nanos());
        u32::try_from(runs).unwrap_or(MAX_BATCH).clamp(1, MAX_BATCH)
    };
    let mut times = Vec::new();
    let mut spent = Duration::ZERO;
    let max = sampling.max_reps.max(1) as usize;
    while times.len() < max
        && (times.len() < sampling.min_reps.max(1) as usize || spent < sampling.target)
    {
        let start = Instant::now();
        for _ in 0..batch {
            black_box(f()?);
        }
        let elapsed = start.elapsed();
        spent += elapsed;
        times.push(elapsed / batch);
    }
    Ok(times)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repetitions_stay_within_the_bounds() {
        let unbatched = Sampling {
            batch_to: Duration::ZERO,
            ..Sampling::quick()
        };
        let quick = sample(unbatched, || Ok::<_, ()>(1 + 1)).unwrap();
        // A no-op never reaches 150 ms: it stops at max_reps.
        assert_eq!(quick.repetitions, 200);
        let slow = Sampling {
            min_reps: 2,
            max_reps: 10,
            target: Duration::ZERO,
            batch_to: Duration::from_micros(100),
        };
        let s = sample(slow, || {
            std::thread::sleep(Duration::from_millis(1));
            Ok::<_, ()>(())
        })
        .unwrap();
        assert_eq!(s.repetitions, 2);
        assert!(s.min <= s.median && s.median <= s.max);
        assert!(s.min >= Duration::from_millis(1));
    }

    #[test]
    fn a_short_operation_is_batched_and_timed_per_run() {
        let mut calls = 0u32;
        let sampling = Sampling {
            min_reps: 3,
            max_reps: 3,
            target: Duration::ZERO,
            batch_to: Duration::from_millis(10),
        };
        let s = sample(sampling, || {
            calls += 1;
            let start = Instant::now();
            while start.elapsed() < Duration::from_micros(50) {}
            Ok::<_, ()>(())
        })
        .unwrap();
        assert_eq!(s.repetitions, 3);
        // Warm-up and estimate, then three batches of many runs each.
        assert!(calls > 2 + 3 * 10, "{calls} calls");
        // Each repetition is the time of one run, not of its batch.
        assert!(s.min >= Duration::from_micros(50));
        assert!(s.median < Duration::from_millis(10));
    }

    #[test]
    fn a_failing_operation_stops_sampling() {
        let mut calls = 0;
        let r = sample(Sampling::quick(), || {
            calls += 1;
            if calls > 2 { Err("boom") } else { Ok(()) }
        });
        assert_eq!(r, Err("boom"));
        assert_eq!(calls, 3);
    }

    #[test]
    fn the_median_is_the_middle_repetition() {
        let ms = Duration::from_millis;
        let s = Sample::of(vec![ms(5), ms(1), ms(3)]);
        assert_eq!((s.min, s.median, s.max), (ms(1), ms(3), ms(5)));
    }
}
