#!/usr/bin/env bash
# Runs every Slotscope test, installing whatever is missing first.
#
#   1. setup        scripts/setup.sh --test (seconds when warm)
#   2. native       cargo test --features ssr (unit, integration and doc tests,
#                   and the views rendered natively: tests/ssr.rs)
#   3. browser      cargo test --target wasm32-unknown-unknown --test browser
#                   (wasm-bindgen-test-runner driving headless Chromium)
#   4. conformance  conformance/live.sh, when it exists and is executable
#   5. site         trunk build --release  (proves the site builds)
#   6. screenshots  scripts/screenshots.sh (headless shots of dist/ into
#                   artifacts/screenshots/)
#   7. e2e          tests/e2e/run.sh: the release site under /slotscope/ on a
#                   plain static server, walked to the leak in headless Chromium
#                   (playwright-core); screenshots in artifacts/e2e/
#
# Every step runs even if an earlier one failed; the exit status is non-zero
# if any failed. A step still running after STEP_LIMIT seconds (default 1500)
# is stopped and fails. Logs: target/test-logs/. Ends with a summary and the line
# "slotscope: N passed, N failed".
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

LOG_DIR="$ROOT/target/test-logs"
now_ms() { date +%s%3N; }
fmt_ms() { printf '%d.%01ds' $(($1 / 1000)) $((($1 % 1000) / 100)); }
banner() { printf '\n==== %s ====\n' "$*"; }

T0=$(now_ms)

# ---- 1. setup (fatal on failure: nothing else can run without it) ----------
banner "setup: scripts/setup.sh --test"
"$ROOT/scripts/setup.sh" --test
SETUP_MS=$(($(now_ms) - T0))
mkdir -p "$LOG_DIR"

STEPS=()        # "name|status|ms|note"
TOTAL_PASSED=0
TOTAL_FAILED=0
FAILED_STEPS=()

# Sums the "test result: ... N passed; M failed" lines of cargo / the wasm
# runner and any plain "N passed, M failed" line of other runners in a log.
count_results() {
  local log=$1 p=0 f=0 line re='([0-9]+) passed[;,] ([0-9]+) failed'
  while IFS= read -r line; do
    if [[ $line =~ $re ]]; then
      p=$((p + BASH_REMATCH[1])); f=$((f + BASH_REMATCH[2]))
    fi
  done < <(grep -E '^test result: |^([A-Za-z0-9_-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" || true)
  echo "$p $f"
}

# A step that runs past STEP_LIMIT seconds is stopped (with everything it
# started) and fails, so one hung browser cannot hold the whole run until CI's
# limit; the steps after it still run. Warm steps take 1-9 minutes.
STEP_LIMIT=${STEP_LIMIT:-1500}

# step NAME CMD...: runs CMD with its output shown and logged, records status.
step() {
  local name=$1; shift
  local log="$LOG_DIR/$name.log" start rc p f note
  banner "$name: $*"
  start=$(now_ms)
  set +e
  timeout --kill-after=20 "$STEP_LIMIT" "$@" 2>&1 </dev/null | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  read -r p f < <(count_results "$log")
  note="$p passed, $f failed"
  if [[ $rc -eq 124 || $rc -eq 137 ]]; then note="stopped after ${STEP_LIMIT} s; $note"; fi
  if [[ $rc -eq 0 && $f -gt 0 ]]; then rc=1; fi
  if [[ $rc -eq 0 && ${REQUIRE_TESTS:-0} -eq 1 && $p -eq 0 ]]; then
    rc=1; note="ran no test"
  fi
  TOTAL_PASSED=$((TOTAL_PASSED + p))
  if [[ $rc -ne 0 ]]; then
    FAILED_STEPS+=("$name")
    # A failed step counts as at least one failure even if it ran no test.
    TOTAL_FAILED=$((TOTAL_FAILED + (f > 0 ? f : 1)))
    STEPS+=("$name|FAIL (exit $rc)|$(($(now_ms) - start))|$note")
  else
    STEPS+=("$name|ok|$(($(now_ms) - start))|$note")
  fi
}

# ---- 2. native: all tests, including doc tests -----------------------------
REQUIRE_TESTS=1 step native cargo test --features ssr

# ---- 3. browser: wasm-bindgen-test in headless Chromium ---------------------
# Plain #[test]s are skipped silently under this runner, so "0 passed" fails.
REQUIRE_TESTS=1 step browser cargo test --target wasm32-unknown-unknown --test browser

# ---- 4. conformance hook (written by another part of the project) ----------
if [[ -f conformance/live.sh && -x conformance/live.sh ]]; then
  step conformance ./conformance/live.sh
else
  STEPS+=("conformance|skipped|0|conformance/live.sh not present or not executable")
fi

# ---- 5. site: the release build must succeed --------------------------------
step site trunk build --release
if [[ -d dist ]]; then
  wasm_file=$(find dist -maxdepth 1 -name '*.wasm' | head -n1)
  if [[ -n $wasm_file ]]; then
    for i in "${!STEPS[@]}"; do
      [[ ${STEPS[$i]} == site\|ok\|* ]] || continue
      IFS='|' read -r n s ms _ <<<"${STEPS[$i]}"
      STEPS[$i]="$n|$s|$ms|$(basename "$wasm_file") $(stat -c %s "$wasm_file") bytes"
    done
  fi
fi

# ---- 6. screenshots of the built site (dist/, from step 5) -------------------
step screenshots ./scripts/screenshots.sh

# ---- 7. e2e: hosted site under a subpath, walked in headless Chromium -------
# Builds its own copy (--public-url /slotscope/) outside dist/.
REQUIRE_TESTS=1 step e2e ./tests/e2e/run.sh

# ---- summary -----------------------------------------------------------------
banner "summary"
printf '  %-12s %-14s %8s  %s\n' setup ok "$(fmt_ms "$SETUP_MS")" "tools checked/installed"
for s in "${STEPS[@]}"; do
  IFS='|' read -r name status ms note <<<"$s"
  printf '  %-12s %-14s %8s  %s\n' "$name" "$status" "$(fmt_ms "$ms")" "$note"
done
TOTAL_MS=$(($(now_ms) - T0))
if [[ ${#FAILED_STEPS[@]} -eq 0 ]]; then
  echo "test.sh: ALL STEPS PASSED in $(fmt_ms "$TOTAL_MS") (setup $(fmt_ms "$SETUP_MS"))"
  STATUS=0
else
  echo "test.sh: FAILED: ${FAILED_STEPS[*]} (logs in target/test-logs/) after $(fmt_ms "$TOTAL_MS")"
  STATUS=1
fi
echo "slotscope: $TOTAL_PASSED passed, $TOTAL_FAILED failed"
exit "$STATUS"
