//! What several integration tests share (`mod common;` in each).
#![allow(dead_code)]

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Runs a fuzz target: SLOTSCOPE_FUZZ_CASES cases (`smoke` when unset, the test
/// command's run; `./scripts/fuzz.sh` sets more), a panic naming the target on a
/// failing case, and a line with the cases per second so a long run can be sized.
pub fn fuzz<S: Strategy>(name: &str, smoke: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let n = std::env::var("SLOTSCOPE_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(smoke);
    let mut runner = TestRunner::new(Config { cases: n, failure_persistence: None, ..Config::default() });
    let started = std::time::Instant::now();
    runner.run(&strategy, test).unwrap_or_else(|e| panic!("fuzz[{name}]: {e}"));
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    println!("fuzz[{name}]: {n} cases, no panic, {:.0} cases/s", f64::from(n) / secs);
}
