#!/usr/bin/env bash
# Long fuzz run of the CLUSTER SLOTS parsers, the URL decoder and the engine
# (tests/fuzz.rs, proptest): ./scripts/fuzz.sh [CASES_PER_TARGET] (default 20000).
# The test command runs the same targets with 256 cases each as a smoke run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cases=${1:-20000}
start=$(date +%s)
SLOTSCOPE_FUZZ_CASES=$cases cargo test --release --test fuzz -- --nocapture --test-threads 2 2>&1 \
  | grep -E '^fuzz\[|^test result|panicked|error'
echo "fuzz.sh: $cases cases per target in $(($(date +%s) - start)) s (each target prints its cases per second above)"
