#!/usr/bin/env bash
# The engine against redis-py, and its cost as refreshes grow. Run alone or by
# scripts/bench.sh (which reads the files it writes). Native, `--profile native`.
#
#   bench/engine.sh [OUT_DIR] [ENGINE_RUNS] [PY_RUNS]
#
# Writes into OUT_DIR (default artifacts/bench):
#   engine.txt   `engine|count <model> <announce> <ms>`: one run of the worst-case
#                reply (16384 single-slot ranges, 2 replicas each), median of
#                ENGINE_RUNS (7); `engine` is the traced run the page steps through
#                (simulate), `count` the streamed one the CLI's verdict uses (count)
#   engine-browser.txt  `browser engine|count <model> <announce> <ms>`: the same runs of
#                async-5.0.1 and async-fixed inside headless Chromium, in a wasm
#                built with the page's [profile.release] (benches/engine_browser.rs),
#                median of 7 after one warm-up; `browser-cold ...` the first run,
#                which also pays for compiling the wasm on first call
#   python.txt   `python <announce> <ms>`: redis-py 5.0.1's own initialize() on the
#                same reply (benches/redis_py_initialize.py), median of PY_RUNS (5)
#   reinit.txt   `reinit <N> <seconds> <peak RSS KB>`: `slotscope simulate --model
#                async-5.0.1 --json --reinit N` on that reply with per-slot replicas
#                (16 primaries x 1024 ranges x 2 replicas, announce localhost), for
#                N = 1, 10, 100, 1000, measured by /usr/bin/time -v
# and prints them as a table.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
OUT_DIR="${1:-$ROOT/artifacts/bench}" ENGINE_RUNS="${2:-7}" PY_RUNS="${3:-5}"
mkdir -p "$OUT_DIR"
die() { printf 'bench/engine.sh: ERROR: %s\n' "$*" >&2; exit 1; }
say() { printf 'bench: %s\n' "$*" >&2; }
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
"$ROOT/conformance/setup.sh" venv 5.0.1 >&2
PY501="$ROOT/.tools/venvs/redis-5.0.1/bin/python"

say "cargo build --profile native --example engine_time --bin slotscope"
cargo build --profile native --quiet --example engine_time --bin slotscope >&2
say "engine: engine_time $ENGINE_RUNS"
target/native/examples/engine_time "$ENGINE_RUNS" >"$OUT_DIR/engine.txt"
say "engine in the browser: cargo test --profile release --target wasm32-unknown-unknown --bench engine_browser"
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" cargo test --quiet --profile release --target wasm32-unknown-unknown \
  --bench engine_browser -- --nocapture 2>&1 | grep -E '^browser(-cold)? ' >"$OUT_DIR/engine-browser.txt" \
  || die "benches/engine_browser.rs printed no timing (needs /usr/bin/chromedriver: scripts/setup.sh --test)"
say "redis-py 5.0.1: benches/redis_py_initialize.py $PY_RUNS"
"$PY501" benches/redis_py_initialize.py "$PY_RUNS" >"$OUT_DIR/python.txt"
grep -q '^engine ' "$OUT_DIR/engine.txt" || die "engine_time printed no 'engine' line"
grep -q '^python ' "$OUT_DIR/python.txt" || die "redis_py_initialize.py printed no 'python' line"

TOPO="$OUT_DIR/worst-case-topology.json"
echo '{"primaries": 16, "replicas": 2, "ranges_per_primary": 1024, "announce": "localhost"}' >"$TOPO"
: >"$OUT_DIR/reinit.txt"
for n in 1 10 100 1000; do
  say "slotscope simulate --model async-5.0.1 --json --reinit $n"
  /usr/bin/time -v -o "$OUT_DIR/time-$n.txt" target/native/slotscope simulate --model async-5.0.1 \
    --topology "$TOPO" --reinit "$n" --json >/dev/null
  awk -v n="$n" -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); s = (length(t) == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2]}
       /Maximum resident set size/ {kb = $2} END {printf "reinit %s %.2f %s\n", n, s, kb}' "$OUT_DIR/time-$n.txt" >>"$OUT_DIR/reinit.txt"
done

ratio() { python3 -c "print(f'{$1 / $2:.1f}')"; }
echo "-- engine: one run of the worst-case reply, 16384 single-slot ranges x 2 replicas, median of $ENGINE_RUNS, ms (traced: simulate, what the page steps; counted: count, what the CLI's verdict runs) --"
awk '$1 == "engine" || $1 == "count" {t[$1 " " $2 " " $3] = $4; if (!($2 in seen)) {seen[$2] = 1; order[++n] = $2}}
     END {printf "  %-14s %12s %12s %12s %12s\n", "model", "localhost", "(counted)", "ip", "(counted)";
          for (i = 1; i <= n; i++) { m = order[i]; printf "  %-14s %12s %12s %12s %12s\n", m, t["engine " m " localhost"], t["count " m " localhost"], t["engine " m " ip"], t["count " m " ip"] }}' "$OUT_DIR/engine.txt"
echo
echo "-- the same inside headless Chromium (wasm, the page's [profile.release], no wasm-opt): median of 7 after a warm-up (first run, with the wasm's compile on first call), ms --"
awk '$1 == "browser" || $1 == "browser-cold" {t[$1 " " $2 " " $3 " " $4] = $5; if (!($3 in seen)) {seen[$3] = 1; order[++n] = $3}}
     END {printf "  %-14s %18s %18s %18s %18s\n", "model", "localhost", "(counted)", "ip", "(counted)";
          for (i = 1; i <= n; i++) { m = order[i]; printf "  %-14s", m;
            split("engine localhost,count localhost,engine ip,count ip", cols, ",");
            for (c = 1; c <= 4; c++) { split(cols[c], kv, " "); printf " %18s", t["browser " kv[1] " " m " " kv[2]] " (" t["browser-cold " kv[1] " " m " " kv[2]] ")" }
            printf "\n" }}' "$OUT_DIR/engine-browser.txt"
echo
echo "-- redis-py 5.0.1's own NodesManager.initialize() on the same reply, stubbed node, median of $PY_RUNS, against async-5.0.1 --"
while read -r _ announce py; do
  eng=$(awk -v a="$announce" '$1 == "engine" && $2 == "async-5.0.1" && $3 == a {print $4}' "$OUT_DIR/engine.txt")
  cnt=$(awk -v a="$announce" '$1 == "count" && $2 == "async-5.0.1" && $3 == a {print $4}' "$OUT_DIR/engine.txt")
  printf '  %-10s redis-py %10s ms  traced %8s ms = %7sx  counted %8s ms = %7sx\n' "$announce" "$py" "$eng" "$(ratio "$py" "$eng")" "$cnt" "$(ratio "$py" "$cnt")"
done <"$OUT_DIR/python.txt"
echo
echo "-- refreshes: slotscope simulate --model async-5.0.1 --json --reinit N, 16 primaries x 1024 ranges x 2 replicas (per-slot replica objects), announce localhost --"
awk '{printf "  reinit %5s   %8s s   peak RSS %7.1f MB\n", $2, $3, $4 / 1024}' "$OUT_DIR/reinit.txt"
