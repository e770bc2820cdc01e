#!/usr/bin/env bash
# Performance benchmark of Slotscope: measures, prints, and judges the budgets of
# issue 11. It reports; it never fails because a budget is missed (exit 0 unless
# a measurement itself could not be made).
#
#   ./scripts/bench.sh              build (into a temp dir), measure everything
#   ./scripts/bench.sh --readme     ... and write the results into README.md
#                                   (between the bench:begin / bench:end markers)
#   ./scripts/bench.sh --no-build   measure the existing dist/ instead of a fresh
#                                   release build (the floors are still built)
#   --loads N  --samples N          cold loads (5), step positions (40)
#
# Measures: release .wasm/.js raw and gzip -9, the same for bench/floor (a Yew
# counter built with the same [profile.release] and wasm-opt) and for
# bench/engine-floor (that counter plus the engine and app model: how the bytes
# split between Yew, the engine and the views), time to content and to
# interactive in headless Chromium (medians of N cold loads of the pre-rendered /
# from python3 -m http.server on 127.0.0.1), step re-render time on the #3163
# preset and the long tasks of a cold load at 4x CPU slowdown (bench/browser.mjs),
# Lighthouse mobile and desktop (bench/lighthouse.sh),
# and bench/engine.sh (runnable alone): the engine's initialize per model
# (examples/engine_time.rs, traced and counted) against redis-py 5.0.1's own
# initialize on the same reply (benches/redis_py_initialize.py, in
# .tools/venvs/redis-5.0.1), and the time and peak memory of
# `slotscope simulate --json` at 1, 10, 100, 1000 re-initializes.
# Full output is also kept in artifacts/bench/.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

# ---- the JSON reader measurement: ./scripts/bench.sh --json [--runs N] -------------
# engine::json against serde_json and JSON.parse + serde-wasm-bindgen, size and
# speed (bench/json.sh says how); prints its table and nothing else.
if [[ ${1:-} == --json ]]; then
  shift
  exec "$ROOT/bench/json.sh" "$@"
fi
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

BUILD=1 README=0 LOADS=5 SAMPLES=40 ENGINE_RUNS=7 PY_RUNS=5
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --readme) README=1 ;;
    --loads) LOADS=$2; shift ;;
    --samples) SAMPLES=$2; shift ;;
    -h | --help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

# ---- budgets (issue 11) ------------------------------------------------------
BUDGET_GZ_BYTES=200000      # total gzip -9 of .wasm + .js: <= 200 KB (200,000 bytes)
BEFORE_I18N_GZ=233957       # the same total on 53b88f6, before the page had two languages
BUDGET_I18N_GZ=$((BEFORE_I18N_GZ + 3000))  # issue 12: the English page within 3 KB of that
BUDGET_CONTENT_MS=100       # median time to content (pre-rendered panes + narration painted)
BUDGET_INTERACTIVE_MS=300   # median time to interactive (a click on step-next works)
BUDGET_ENGINE_X=100         # redis-py 5.0.1 initialize / engine async-5.0.1 initialize
BUDGET_STEP_MS=16           # slowest measured step re-render
BUDGET_LONG_TASK_MS=50      # longest main-thread task of a cold load at 4x CPU slowdown (median)
BUDGET_LH_MOBILE=95         # Lighthouse performance, mobile preset (desktop: 100;
                            # accessibility, best practices, SEO: 100; CLS: 0)

OUT_DIR="$ROOT/artifacts/bench"
mkdir -p "$OUT_DIR"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench.sh: ERROR: %s\n' "$*" >&2; exit 1; }

DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
git diff --quiet HEAD -- 2>/dev/null || COMMIT="$COMMIT+dirty"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- tools ---------------------------------------------------------------------
"$ROOT/scripts/setup.sh" --test >&2
"$ROOT/conformance/setup.sh" venv 5.0.1

# ---- builds (temp dirs: never the shared dist/) -------------------------------
SITE="$TMP/site"
if [[ $BUILD -eq 1 ]]; then
  say "trunk build --release --dist $SITE"
  trunk build --release --dist "$SITE" >"$OUT_DIR/build-site.log" 2>&1 \
    || { tail -n 30 "$OUT_DIR/build-site.log" >&2; die "release build failed (log: $OUT_DIR/build-site.log)"; }
else
  [[ -f dist/index.html ]] || die "--no-build: no dist/index.html (build first)"
  SITE="$ROOT/dist"
fi

# The floors are built from copies of bench/floor (a Yew counter) and
# bench/engine-floor (that counter plus the engine and app model, no views) that
# take the top-level [profile.release] (all [profile.release*] sections) and the
# wasm-opt attributes of index.html's rust link, so they are built exactly like the
# app even after a tuning change. Their own target dirs keep the app's cache untouched.
release_sections() { awk '/^\[/{keep = ($0 ~ /^\[profile\.release(\.|\])/)} keep' "$1"; }
PROFILE_TEXT="$(release_sections Cargo.toml | grep -Ev '^\s*(#|$)' | grep -v '^\[' | tr -d ' "' | paste -sd ' ')"
WASM_OPT_ATTRS="$(grep -Eo '<link[^>]*data-trunk[^>]*rel="rust"[^>]*>' index.html | grep -Eo 'data-wasm-opt[a-z-]*="[^"]*"' | paste -sd ' ' || true)"
[[ -n $WASM_OPT_ATTRS ]] || WASM_OPT_ATTRS='data-wasm-opt="z"'
build_like_app() { # NAME (bench/NAME) -> $TMP/NAME
  local name=$1 src="$ROOT/target/$1-src"
  rm -rf "$src"; mkdir -p "$src"
  cp -r "bench/$name"/{Cargo.toml,Cargo.lock,Trunk.toml,index.html,src} "$src/"
  {
    awk '/^\[/{skip = ($0 ~ /^\[profile\.release(\.|\])/)} !skip' "bench/$name/Cargo.toml" \
      | sed -E "s|path = \"\.\./\.\.\"|path = \"$ROOT\"|"
    echo
    release_sections Cargo.toml
  } >"$src/Cargo.toml"
  sed -i -E "s|data-wasm-opt=\"[^\"]*\"|$WASM_OPT_ATTRS|" "$src/index.html"
  say "$name: trunk build --release (profile: $PROFILE_TEXT; $WASM_OPT_ATTRS)"
  (cd "$src" && CARGO_TARGET_DIR="$ROOT/target/$name" trunk build --release --dist "$TMP/$name") \
    >"$OUT_DIR/build-$name.log" 2>&1 \
    || { tail -n 30 "$OUT_DIR/build-$name.log" >&2; die "$name build failed (log: $OUT_DIR/build-$name.log)"; }
}
build_like_app floor
build_like_app engine-floor

# ---- sizes ---------------------------------------------------------------------
shopt -s nullglob
size_table() { # DIR LABEL -> prints rows, sets TOTAL_RAW TOTAL_GZ
  local dir=$1 label=$2 f raw gz name
  local files=("$dir"/*.wasm "$dir"/*.js)
  [[ ${#files[@]} -gt 0 ]] || die "no .wasm/.js in $dir"
  TOTAL_RAW=0 TOTAL_GZ=0
  for f in "${files[@]}"; do
    raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
    TOTAL_RAW=$((TOTAL_RAW + raw)); TOTAL_GZ=$((TOTAL_GZ + gz))
    # Strip trunk's content hash so names compare across builds.
    name=$(basename "$f" | sed -E 's/-[0-9a-f]{16}(_bg)?\./\1./')
    printf '  %-8s %-34s %10d %10d\n' "$label" "$name" "$raw" "$gz"
  done
  printf '  %-8s %-34s %10d %10d\n' "$label" total "$TOTAL_RAW" "$TOTAL_GZ"
}
SIZE_ROWS="$(size_table "$SITE" app; echo "APP $TOTAL_RAW $TOTAL_GZ")"
read -r _ APP_RAW APP_GZ <<<"$(tail -n1 <<<"$SIZE_ROWS")"
SIZE_ROWS="$(sed '$d' <<<"$SIZE_ROWS")"
FLOOR_ROWS="$(size_table "$TMP/floor" floor; echo "FLOOR $TOTAL_RAW $TOTAL_GZ")"
read -r _ FLOOR_RAW FLOOR_GZ <<<"$(tail -n1 <<<"$FLOOR_ROWS")"
FLOOR_ROWS="$(sed '$d' <<<"$FLOOR_ROWS")"
EFLOOR_ROWS="$(size_table "$TMP/engine-floor" +engine; echo "EFLOOR $TOTAL_RAW $TOTAL_GZ")"
read -r _ EFLOOR_RAW EFLOOR_GZ <<<"$(tail -n1 <<<"$EFLOOR_ROWS")"
EFLOOR_ROWS="$(sed '$d' <<<"$EFLOOR_ROWS")"
calc() { python3 -c "print($*)"; }
SIZE_X=$(calc "f'{$APP_GZ / $FLOOR_GZ:.2f}'")

# ---- browser: first render and step re-render ---------------------------------
say "browser: time to content and to interactive ($LOADS cold loads of /), step re-render ($SAMPLES positions) on ?preset=3163"
node bench/browser.mjs --site "$SITE" --loads "$LOADS" --samples "$SAMPLES" >"$OUT_DIR/browser.txt" 2>"$OUT_DIR/browser.err" \
  || { cat "$OUT_DIR/browser.err" >&2; die "bench/browser.mjs failed"; }
FR_LOADS="$(awk '$1 == "first-render" && $2 == "load" {print $5 "/" $7}' "$OUT_DIR/browser.txt" | paste -sd ' ')"
read -r _ _ _ TTC_MEDIAN _ TTI_MEDIAN <<<"$(grep '^first-render median ' "$OUT_DIR/browser.txt")"
read -r _ _ _ FR_FETCHED _ FR_INST <<<"$(grep '^first-render phases-median ' "$OUT_DIR/browser.txt")"
# The floor page: our <head>, two lines of body, no wasm: median (per load).
TTC_FLOOR="$(awk '$1 == "first-render" && $2 == "floor" {$1 = $2 = $3 = ""; print substr($0, 4)}' "$OUT_DIR/browser.txt")"
read -r _ _ STEP_N STEP_MEDIAN STEP_P95 STEP_MAX <<<"$(grep '^step summary ' "$OUT_DIR/browser.txt")"
read -r _ _ LONG_MEDIAN <<<"$(grep '^long-tasks median-longest ' "$OUT_DIR/browser.txt")"
# Per load, each task over 50 ms as phase@start:duration.
LONG_LOADS="$(awk '$1 == "long-tasks" && $2 == "load" {$1 = $2 = $3 = ""; print substr($0, 4)}' "$OUT_DIR/browser.txt")"
read -r _ _ DOM_MEDIAN DOM_MAX <<<"$(grep '^step dom-only ' "$OUT_DIR/browser.txt")"
read -r _ _ MOST_POS MOST_OBJ MOST_IN MOST_OUT <<<"$(grep '^step most-objects ' "$OUT_DIR/browser.txt")"
read -r _ _ DOM_ELEMS _ TOTAL_STEPS <<<"$(grep '^step dom-elements ' "$OUT_DIR/browser.txt")"
read -r SLOW_MS SLOW_FROM <<<"$(awk '$1 == "step" && $2 == "sample" {print $4, $3}' "$OUT_DIR/browser.txt" | sort -rn | head -n1)"
[[ -n $TTI_MEDIAN && -n $STEP_MAX && -n $LONG_MEDIAN ]] || die "bench/browser.mjs printed no result (see $OUT_DIR/browser.txt)"

# ---- Lighthouse, mobile and desktop (bench/lighthouse.sh) ------------------------
say "lighthouse: mobile and desktop presets"
bench/lighthouse.sh "$SITE" "$OUT_DIR/lighthouse" >"$OUT_DIR/lighthouse.txt" 2>"$OUT_DIR/lighthouse.err" \
  || { tail -n 20 "$OUT_DIR/lighthouse.err" >&2; die "bench/lighthouse.sh failed"; }
grep -q '^lighthouse desktop ' "$OUT_DIR/lighthouse.txt" || die "bench/lighthouse.sh printed no result"

# ---- engine vs redis-py, same run -----------------------------------------------
bench/engine.sh "$OUT_DIR" "$ENGINE_RUNS" "$PY_RUNS" >"$OUT_DIR/engine-report.txt" || die "bench/engine.sh failed"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- report --------------------------------------------------------------------
pass() { if python3 -c "import sys; sys.exit(0 if ($1) else 1)"; then echo PASS; else echo FAIL; fi; }
# The budget is judged on the counted run: like redis-py's initialize() it builds the
# registry and keeps no trace. The traced run (the page's, which records every step
# for stepping) is printed beside it.
MIN_RATIO="" MIN_TRACED="" ENGINE_MD_ROWS=""
smaller() { [[ -z $2 ]] || python3 -c "import sys; sys.exit(0 if $1 < $2 else 1)"; }
while read -r _ announce py; do
  eng=$(awk -v a="$announce" '$1 == "engine" && $2 == "async-5.0.1" && $3 == a {print $4}' "$OUT_DIR/engine.txt")
  cnt=$(awk -v a="$announce" '$1 == "count" && $2 == "async-5.0.1" && $3 == a {print $4}' "$OUT_DIR/engine.txt")
  [[ -n $eng && -n $cnt ]] || die "no engine/count async-5.0.1 $announce line"
  r=$(calc "f'{$py / $cnt:.1f}'") t=$(calc "f'{$py / $eng:.1f}'")
  if smaller "$r" "$MIN_RATIO"; then MIN_RATIO=$r; fi
  if smaller "$t" "$MIN_TRACED"; then MIN_TRACED=$t; fi
  ENGINE_MD_ROWS+="| initialize, worst-case reply, announce $announce: redis-py 5.0.1 / engine async-5.0.1 counted (traced) | $py ms / $cnt ms = ${r}× ($eng ms = ${t}×) | ≥ ${BUDGET_ENGINE_X}× counted | $(pass "$r >= $BUDGET_ENGINE_X") |"$'\n'
done <"$OUT_DIR/python.txt"

B_SIZE=$(pass "$APP_GZ <= $BUDGET_GZ_BYTES")
B_I18N=$(pass "$APP_GZ <= $BUDGET_I18N_GZ")
# The Chinese catalogue: a file the English page never fetches.
ZH_FILE=$(ls "$SITE"/catalogue-zh-*.txt 2>/dev/null | head -n1)
[[ -n $ZH_FILE ]] || die "no catalogue-zh-*.txt in $SITE (the pre-render writes it)"
ZH_RAW=$(stat -c %s "$ZH_FILE"); ZH_GZ=$(gzip -9 -c "$ZH_FILE" | wc -c)
B_TTC=$(pass "$TTC_MEDIAN <= $BUDGET_CONTENT_MS")
B_TTI=$(pass "$TTI_MEDIAN <= $BUDGET_INTERACTIVE_MS")
B_LONG=$(pass "$LONG_MEDIAN <= $BUDGET_LONG_TASK_MS")
# Lighthouse: "lighthouse PRESET performance N accessibility N best-practices N seo N fcp . lcp . tbt . cls X"
lh_pass() { # PRESET MIN_PERFORMANCE
  awk -v p="$1" -v min="$2" '$1 == "lighthouse" && $2 == p {ok = ($4 >= min && $6 == 100 && $8 == 100 && $10 == 100 && $18 + 0 == 0)}
    END {print (ok ? "PASS" : "FAIL")}' "$OUT_DIR/lighthouse.txt"
}
B_LH_MOBILE=$(lh_pass mobile "$BUDGET_LH_MOBILE")
B_LH_DESKTOP=$(lh_pass desktop 100)
B_ENGINE=$(pass "$MIN_RATIO >= $BUDGET_ENGINE_X")
B_STEP=$(pass "$STEP_MAX <= $BUDGET_STEP_MS")

REPORT="$OUT_DIR/report.txt"
{
  echo "== Slotscope benchmark, $DATE (commit $COMMIT) =="
  echo "machine: $(nproc) cores, load average $LOAD_BEFORE before / $LOAD_AFTER after; $(chromium --version 2>/dev/null | head -n1)"
  echo "release profile: $PROFILE_TEXT; wasm-opt: $WASM_OPT_ATTRS ($(wasm-opt --version))"
  echo
  echo "-- size (trunk build --release; bytes) --"
  printf '  %-8s %-34s %10s %10s\n' build file raw gzip-9
  echo "$SIZE_ROWS"
  echo "$FLOOR_ROWS"
  echo "$EFLOOR_ROWS"
  echo "  app / floor (gzip): ${SIZE_X}x"
  echo "  Chinese catalogue (fetched only when the page is in Chinese): $ZH_RAW B raw, $ZH_GZ B gzip-9"
  echo "  gzip split: floor (Yew) $FLOOR_GZ B; engine + app model (+engine minus floor) $((EFLOOR_GZ - FLOOR_GZ)) B; views, texts and hydration (app minus +engine) $((APP_GZ - EFLOOR_GZ)) B"
  echo
  echo "-- load (headless Chromium, $LOADS cold loads of / from python3 -m http.server on 127.0.0.1) --"
  echo "  content / interactive per load (ms): $FR_LOADS"
  echo "  median: content $TTC_MEDIAN ms (the pre-rendered panes and narration painted), interactive $TTI_MEDIAN ms (a click on step-next changes the step)"
  echo "  floor: time to content of our <head> (inlined style sheet and early script) with two lines of body and no wasm, median (per load): $TTC_FLOOR ms"
  echo "  medians of the phases: .wasm fetched at $FR_FETCHED ms, compiled + instantiated at $FR_INST ms; then the engine runs the session and the page is hydrated"
  awk '$1 == "first-render" && $2 == "mark" {printf "  page mark %s at %s ms (median)\n", $3, $4}' "$OUT_DIR/browser.txt"
  awk '$1 == "first-render" && $2 == "engine" {$1 = $2 = ""; printf "  engine in the browser (slotscope:main -> slotscope:session: both panes run cold, then aligned), median (per load): %s ms\n", substr($0, 3)}' "$OUT_DIR/browser.txt"
  echo
  echo "-- step re-render (?preset=3163, async-5.0.1 | async-fixed, $TOTAL_STEPS steps; click step-next -> counter changed + layout) --"
  echo "  $STEP_N steps measured: median $STEP_MEDIAN ms, p95 $STEP_P95 ms, max $STEP_MAX ms (slowest sample: step $SLOW_FROM -> next, $SLOW_MS ms)"
  echo "  of which before style + layout (Yew's DOM update): median $DOM_MEDIAN ms, max $DOM_MAX ms"
  echo "  step with the most objects: step $MOST_POS ($MOST_OBJ objects): into it $MOST_IN ms, out of it $MOST_OUT ms; $DOM_ELEMS DOM elements at the end"
  echo
  echo "-- long tasks at 4x CPU slowdown (cold loads of /; tasks over 50 ms, phase@start:duration ms; page = HTML, first layout, wasm instantiation; engine = both panes' cold runs; hydrate; later = below the fold) --"
  sed 's/^/  /' <<<"$LONG_LOADS"
  echo "  longest task, median of the loads: $LONG_MEDIAN ms"
  echo
  echo "-- Lighthouse 12.2.3 (Debian Chromium, the release site served gzip-compressed by bench/serve.py) --"
  awk '$1 == "lighthouse" {printf "  %-8s performance %s, accessibility %s, best practices %s, SEO %s; FCP %s ms, LCP %s ms, TBT %s ms, CLS %s\n", $2, $4, $6, $8, $10, $12, $14, $16, $18}' "$OUT_DIR/lighthouse.txt"
  echo
  cat "$OUT_DIR/engine-report.txt"
  echo
  echo "-- budgets --"
  printf '  %-5s total gzip %d B <= %d B\n' "$B_SIZE" "$APP_GZ" "$BUDGET_GZ_BYTES"
  printf '  %-5s English page %d B <= %d B (%d B before the Chinese page, + 3 KB)\n' "$B_I18N" "$APP_GZ" "$BUDGET_I18N_GZ" "$BEFORE_I18N_GZ"
  printf '  %-5s time to content median %s ms <= %d ms\n' "$B_TTC" "$TTC_MEDIAN" "$BUDGET_CONTENT_MS"
  printf '  %-5s time to interactive median %s ms <= %d ms\n' "$B_TTI" "$TTI_MEDIAN" "$BUDGET_INTERACTIVE_MS"
  printf '  %-5s longest task at 4x CPU slowdown (median of the loads) %s ms <= %d ms\n' "$B_LONG" "$LONG_MEDIAN" "$BUDGET_LONG_TASK_MS"
  printf '  %-5s Lighthouse mobile: performance >= %d, the other three 100, CLS 0\n' "$B_LH_MOBILE" "$BUDGET_LH_MOBILE"
  printf '  %-5s Lighthouse desktop: 100 in all four, CLS 0\n' "$B_LH_DESKTOP"
  printf '  %-5s engine (counted) >= %dx faster than redis-py 5.0.1: worst %sx (traced, the page'"'"'s run: worst %sx)\n' "$B_ENGINE" "$BUDGET_ENGINE_X" "$MIN_RATIO" "$MIN_TRACED"
  printf '  %-5s step re-render max %s ms <= %d ms (median %s ms)\n' "$B_STEP" "$STEP_MAX" "$BUDGET_STEP_MS" "$STEP_MEDIAN"
} | tee "$REPORT"

# ---- README ----------------------------------------------------------------------
MD="$OUT_DIR/readme-block.md"
{
  echo "<!-- bench:begin (written by ./scripts/bench.sh --readme) -->"
  echo "Measured $DATE on commit \`$COMMIT\` ($(nproc) cores shared with other work, load average $LOAD_BEFORE before / $LOAD_AFTER after; $(chromium --version 2>/dev/null | head -n1 | cut -d' ' -f1-2)):"
  echo
  echo "| what | measured | budget | |"
  echo "|---|---|---|---|"
  echo "| release \`.wasm\` + \`.js\`, gzip -9 | $APP_GZ B ($APP_RAW B raw) | ≤ 200 KB | $B_SIZE |"
  echo "| the same, against the page before it had two languages (53b88f6: $BEFORE_I18N_GZ B) | $(printf "%+d" $((APP_GZ - BEFORE_I18N_GZ))) B | ≤ +3 KB | $B_I18N |"
  echo "| the Chinese catalogue, fetched only when the page is in Chinese, gzip -9 | $ZH_GZ B ($ZH_RAW B raw) | | |"
  echo "| floor: Yew counter (\`bench/floor\`), same profile and wasm-opt, gzip -9 | $FLOOR_GZ B ($FLOOR_RAW B raw) | | |"
  echo "| floor + engine and app model, no views (\`bench/engine-floor\`), gzip -9 | $EFLOOR_GZ B: the engine adds $((EFLOOR_GZ - FLOOR_GZ)) B, views and texts add $((APP_GZ - EFLOOR_GZ)) B | | |"
  echo "| time to content (pre-rendered panes and narration painted), median of $LOADS cold loads of \`/\` | $TTC_MEDIAN ms | ≤ 100 ms | $B_TTC |"
  echo "| floor: time to content of a page with our \`<head>\` (inlined style sheet and early script), two lines of body and no wasm, same run, median (per load) | $TTC_FLOOR ms | | |"
  echo "| time to interactive (hydrated: a click on step-next changes the step), same loads (content/interactive per load; .wasm fetched / instantiated at) | $TTI_MEDIAN ms ($FR_LOADS; $FR_FETCHED / $FR_INST ms) | ≤ 300 ms | $B_TTI |"
  echo "| step re-render on \`?preset=3163\` ($STEP_N measured over its $TOTAL_STEPS steps, incl. the step with the most objects, $MOST_OBJ) | median $STEP_MEDIAN ms, max $STEP_MAX ms (DOM update alone: median $DOM_MEDIAN, max $DOM_MAX ms) | ≤ 16 ms | $B_STEP |"
  echo "| longest main-thread task of a cold load at 4× CPU slowdown, median of $LOADS loads (the tasks over 50 ms of the median load, phase@start:duration ms) | $LONG_MEDIAN ms ($(sed -n "$(( (LOADS + 1) / 2 ))p" <<<"$LONG_LOADS")) | ≤ 50 ms | $B_LONG |"
  printf '%s' "$ENGINE_MD_ROWS"
  awk '$1 == "browser" && $3 == "async-5.0.1" {t[$2 " " $4] = $5} END {printf "| the same inside headless Chromium (wasm, the page'"'"'s release profile, median of 7 after a warm-up), async-5.0.1 traced / counted | localhost %s / %s ms; ip %s / %s ms | | |\n", t["engine localhost"], t["count localhost"], t["engine ip"], t["count ip"]}' "$OUT_DIR/engine-browser.txt"
  awk '{printf "| `slotscope simulate --model async-5.0.1 --json --reinit %s`, 16 primaries × 1024 ranges × 2 replicas, localhost | %s s, peak RSS %.1f MB | | |\n", $2, $3, $4 / 1024}' "$OUT_DIR/reinit.txt"
  awk -v m="$B_LH_MOBILE" -v d="$B_LH_DESKTOP" -v min="$BUDGET_LH_MOBILE" '$1 == "lighthouse" {printf "| Lighthouse 12.2.3, %s (site served gzip-compressed): performance / accessibility / best practices / SEO; FCP, LCP, TBT, CLS | %s / %s / %s / %s; %s ms, %s ms, %s ms, %s | %s | %s |\n", $2, $4, $6, $8, $10, $12, $14, $16, $18, ($2 == "mobile" ? "≥ " min " / 100 / 100 / 100; CLS 0" : "100 / 100 / 100 / 100; CLS 0"), ($2 == "mobile" ? m : d)}' "$OUT_DIR/lighthouse.txt"
  echo
  echo "Engine, one run on the worst-case reply (16384 single-slot ranges, 16 primaries × 2 replicas), median of $ENGINE_RUNS, ms: traced (\`simulate\`, what the page steps) and counted (\`count\`, what the CLI's verdict runs):"
  echo
  echo "| model | localhost | (counted) | ip | (counted) |"
  echo "|---|---|---|---|---|"
  awk '$1 == "engine" || $1 == "count" {t[$1 " " $2 " " $3] = $4; if (!($2 in seen)) {seen[$2] = 1; order[++n] = $2}}
       END {for (i = 1; i <= n; i++) { m = order[i]; printf "| %s | %s | %s | %s | %s |\n", m, t["engine " m " localhost"], t["count " m " localhost"], t["engine " m " ip"], t["count " m " ip"] }}' "$OUT_DIR/engine.txt"
  echo "<!-- bench:end -->"
} >"$MD"
if [[ $README -eq 1 ]]; then
  if grep -q '<!-- bench:begin' README.md && grep -q '<!-- bench:end -->' README.md; then
    python3 - "$MD" <<'PY'
import re, sys
block = open(sys.argv[1]).read().rstrip("\n")
text = open("README.md").read()
text = re.sub(r"<!-- bench:begin.*?<!-- bench:end -->", lambda _: block, text, count=1, flags=re.S)
open("README.md", "w").write(text)
PY
    say "README.md: Performance numbers updated"
  else
    say "README.md has no bench:begin/bench:end markers; block left in $MD"
  fi
fi
say "report: $REPORT (README block: $MD)"
