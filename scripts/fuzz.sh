#!/usr/bin/env bash
# Fuzzing of the CLUSTER SLOTS parsers, the JSON reader, the URL decoder and the engine.
#
#   ./scripts/fuzz.sh [CASES_PER_TARGET]        proptest (tests/fuzz.rs), default 20000
#       cases per target, and the hydration path (tests/ssr.rs: the first render of
#       random links) with a tenth of them, split between one process per core;
#       each target (each process) prints its cases per second.
#       The test command runs the same targets as a smoke run (256 cases; 24 for
#       the hydration path).
#   ./scripts/fuzz.sh --coverage-guided SECONDS [TARGET...]
#       libFuzzer through cargo-fuzz on the nightly toolchain (fuzz/: parse, json, url,
#       state; all by default), SECONDS per target, starting from the committed seeds
#       (fuzz/seeds/TARGET, real replies and links; python3 fuzz/make_seeds.py) and the
#       corpus earlier runs grew (target/fuzz/corpus/TARGET). Prints per target the
#       inputs run, exec/s, libFuzzer's cov (edges) and ft (features) and the corpus
#       size, then the line and region coverage of the sources each target aims at
#       (cargo fuzz coverage + llvm-cov, from the nightly's llvm-tools). A crash is
#       kept in artifacts/fuzz/TARGET/ and the script exits 1 after the other targets.
#       SECONDS 0: no fuzzing, only the coverage of the corpus grown so far.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

if [[ ${1:-} != --coverage-guided ]]; then
  cases=${1:-20000}
  start=$(date +%s)
  # At opt-level 3 (`--profile native`): the same code as the release build, faster.
  SLOTSCOPE_FUZZ_CASES=$cases cargo test --profile native --test fuzz -- --nocapture --test-threads 2 2>&1 \
    | grep -E '^fuzz\[|^test result|panicked|error'
  # The hydration path: the page's first render (engine + every view, natively) of
  # random links. Each case renders the whole page, so it gets a tenth of the cases
  # (HYDRATION_CASES overrides), split between one process per core (each draws its
  # own random seed).
  hcases=${HYDRATION_CASES:-$((cases / 10 > 0 ? cases / 10 : 1))}
  procs=$(nproc)
  cargo test --quiet --profile native --features ssr --test ssr --no-run
  out="$(mktemp -d)" pids=()
  for ((i = 0; i < procs; i++)); do
    SLOTSCOPE_FUZZ_CASES=$(((hcases + i) / procs)) cargo test --quiet --profile native --features ssr --test ssr fuzz_ \
      -- --nocapture >"$out/$i" 2>&1 &
    pids+=($!)
  done
  failed=0
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
  grep -hE '^fuzz\[|^test result|panicked|error' "$out"/*
  rm -rf "$out"
  [[ $failed -eq 0 ]] || { echo "fuzz.sh: the hydration target failed" >&2; exit 1; }
  echo "fuzz.sh: $cases cases per target in $(($(date +%s) - start)) s (each target prints its cases per second above)"
  exit 0
fi

secs=${2:?usage: ./scripts/fuzz.sh --coverage-guided SECONDS [TARGET...]}
shift 2
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(parse json url state)
CARGO_FUZZ_VERSION=0.13.2
# What each target is for: the sources whose coverage is reported.
declare -A SOURCES=(
  [parse]="src/engine/parse.rs src/engine/json.rs src/engine/reply.rs"
  [json]="src/engine/json.rs"
  [url]="src/app/url.rs"
  [state]="src/app/url.rs src/app/state.rs"
)
# Inputs longer than this are not generated: the seeds are under 5 KB and what the
# parsers do per byte is the same at any length (size limits have their own tests).
MAX_LEN=8192

# ---- tools: nightly (cannot be fetched here), cargo-fuzz and llvm-tools ------------
rustup toolchain list | grep -q '^nightly' \
  || { echo "fuzz.sh: needs a nightly toolchain for libFuzzer (rustup toolchain install nightly)" >&2; exit 2; }
if [[ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]]; then
  echo "fuzz.sh: installing cargo-fuzz $CARGO_FUZZ_VERSION" >&2
  cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION" >&2
fi
LLVM_BIN="$(rustc +nightly --print sysroot)/lib/rustlib/$(rustc +nightly -vV | sed -n 's/^host: //p')/bin"
if [[ ! -x $LLVM_BIN/llvm-cov ]]; then
  rustup component add llvm-tools-preview --toolchain nightly >&2 || echo "fuzz.sh: no llvm-tools: libFuzzer's cov/ft only" >&2
fi

# No sanitizer: the crate has no unsafe code, and ASan would halve the exec rate.
# Release with debug assertions and overflow checks (cargo-fuzz's default).
FUZZ=(cargo +nightly fuzz)
FLAGS=(--sanitizer none --target-dir "$ROOT/target/fuzz")
OUT="$ROOT/artifacts/fuzz"
mkdir -p "$OUT"
echo "fuzz.sh: building ${targets[*]} (cargo-fuzz $CARGO_FUZZ_VERSION, $(rustc +nightly -V))" >&2
(cd fuzz && "${FUZZ[@]}" build "${FLAGS[@]}" "${targets[@]:0:1}" >"$OUT/build.log" 2>&1 && for t in "${targets[@]:1}"; do
  "${FUZZ[@]}" build "${FLAGS[@]}" "$t" >>"$OUT/build.log" 2>&1
done) || { tail -n 30 "$OUT/build.log" >&2; exit 1; }

crashed=0
rows=()
for t in "${targets[@]}"; do
  [[ $secs -gt 0 ]] || break # (libFuzzer reads -max_total_time=0 as "no limit")
  corpus="$ROOT/target/fuzz/corpus/$t"
  mkdir -p "$corpus" "$OUT/$t"
  echo "fuzz.sh: $t for $secs s" >&2
  status=ok
  (cd fuzz && "${FUZZ[@]}" run "${FLAGS[@]}" "$t" "$corpus" "seeds/$t" -- \
    -max_total_time="$secs" -max_len=$MAX_LEN -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$OUT/$t/" -print_final_stats=1 >"$OUT/$t.log" 2>&1) || status=CRASH
  last=$(grep -E '^#[0-9]+' "$OUT/$t.log" | tail -n 1)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/$t.log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$OUT/$t.log")
  cov=$(grep -Eo 'cov: [0-9]+' <<<"$last" | cut -d' ' -f2)
  ft=$(grep -Eo 'ft: [0-9]+' <<<"$last" | cut -d' ' -f2)
  corp=$(grep -Eo 'corp: [0-9]+/[0-9a-zA-Z]+' <<<"$last" | cut -d' ' -f2)
  if [[ $status != ok ]]; then
    crashed=1
    grep -E 'panicked|ERROR|Test unit written|SUMMARY' "$OUT/$t.log" | head -n 5 >&2
  fi
  rows+=("$(printf '%-6s %6s s %10s runs %8s exec/s   cov %5s  ft %6s  corpus %-12s %s' \
    "$t" "$secs" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$status")")
done

if [[ ${#rows[@]} -gt 0 ]]; then
  echo
  echo "coverage-guided fuzzing, $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg):"
  printf '  %s\n' "${rows[@]}"
fi

if [[ -x $LLVM_BIN/llvm-cov ]]; then
  echo
  echo "source coverage of each target's corpus (llvm-cov report: lines and regions executed):"
  for t in "${targets[@]}"; do
    (cd fuzz && "${FUZZ[@]}" coverage --target-dir "$ROOT/target/fuzz-cov" "$t" \
      "$ROOT/target/fuzz/corpus/$t" "seeds/$t" >"$OUT/$t-coverage.log" 2>&1) \
      || { echo "  $t: cargo fuzz coverage failed ($OUT/$t-coverage.log)"; continue; }
    bin=$(find "$ROOT/target/fuzz-cov" -path "*/release/$t" -type f | sed -n 1p)
    # shellcheck disable=SC2086
    "$LLVM_BIN/llvm-cov" report "$bin" -instr-profile="fuzz/coverage/$t/coverage.profdata" ${SOURCES[$t]} \
      | awk -v t="$t" 'NR > 2 && $1 !~ /^-/ {
        n = split($1, path, "/")
        printf "  %-6s %-9s lines %4d of %4d (%7s)   regions %4d of %4d\n", t, path[n], $8 - $9, $8, $10, $2 - $3, $2 }'
  done
fi
exit $crashed
