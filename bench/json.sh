#!/usr/bin/env bash
# Is the hand-written JSON reader (src/engine/json.rs) worth its code? Measures it
# against serde_json and against the browser's JSON.parse read through
# serde-wasm-bindgen, for size and for speed, and prints one table.
#
#   ./bench/json.sh [--runs N]      (or ./scripts/bench.sh --json)
#
# Size: bench/engine-floor (a Yew counter plus the engine and app model, whose one
# JSON use is the paste parser) built exactly like the app ([profile.release] of
# Cargo.toml, index.html's wasm-opt level), four times, against copies of the
# crate whose engine::json::parse is the hand-written reader, serde_json
# (bench/json/swap_serde_json.rs), JSON.parse (bench/json/swap_js.rs) or no reader
# at all (what the hand-written one costs): gzip -9 of .wasm + .js. Speed: the three readers, giving the same `Json` value, on the
# largest conformance recording (tests/fixtures/conformance, ~1.2 MB of real JSON)
# and on the worst-case reply (16384 ranges x (primary + 2 replicas), ~3 MB):
# natively at opt-level 3 (hand and serde_json) and in headless Chromium in a wasm
# built with the app's profile and wasm-opt (all three, from the JavaScript string
# the page would hold), median of N runs (15) after one warm-up.
# Builds go to target/json-bench/; the full output stays in artifacts/bench/json/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
RUNS=15
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS=$2; shift ;;
    -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "json.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

say() { printf 'json: %s\n' "$*" >&2; }
die() { printf 'json.sh: ERROR: %s\n' "$*" >&2; exit 1; }
"$ROOT/scripts/setup.sh" --test >&2
WORK="$ROOT/target/json-bench"
OUT="$ROOT/artifacts/bench/json"
SITE="$WORK/site"
rm -rf "$SITE" && mkdir -p "$SITE" "$OUT"
cp bench/json/index.html "$SITE/"

# The app's release profile and wasm-opt level, as scripts/bench.sh reads them.
release_sections() { awk '/^\[/{keep = ($0 ~ /^\[profile\.release(\.|\])/)} keep' "$1"; }
WASM_OPT_ATTRS="$(grep -Eo '<link[^>]*data-trunk[^>]*rel="rust"[^>]*>' index.html | grep -Eo 'data-wasm-opt[a-z-]*="[^"]*"' | paste -sd ' ' || true)"
[[ -n $WASM_OPT_ATTRS ]] || WASM_OPT_ATTRS='data-wasm-opt="z"'
WASM_OPT_LEVEL="$(sed -E 's/.*data-wasm-opt="([^"]*)".*/\1/' <<<"$WASM_OPT_ATTRS")"
with_app_profile() { # CARGO_TOML -> stdout: its own profile sections replaced by the app's
  awk '/^\[/{skip = ($0 ~ /^\[profile\.release(\.|\])/)} !skip' "$1"
  echo
  release_sections Cargo.toml
}

# ---- inputs ----------------------------------------------------------------------
FIXTURE="$(ls -S tests/fixtures/conformance/*.json | sed -n 1p)"
cp "$FIXTURE" "$SITE/recording.json"
BENCH="$WORK/bench-src"
rm -rf "$BENCH" && mkdir -p "$BENCH"
cp -r bench/json/{Cargo.lock,swap_serde_json.rs,swap_js.rs,src} "$BENCH/"
with_app_profile bench/json/Cargo.toml | sed -E "s|path = \"\.\./\.\.\"|path = \"$ROOT\"|" >"$BENCH/Cargo.toml"
say "native build (opt-level 3)"
(cd "$BENCH" && CARGO_TARGET_DIR="$WORK/target" CARGO_PROFILE_RELEASE_OPT_LEVEL=3 \
  cargo build --release --bin json-native) >"$OUT/build-native.log" 2>&1 \
  || { tail -n 30 "$OUT/build-native.log" >&2; die "native build failed"; }
NATIVE="$WORK/target/release/json-native"
"$NATIVE" --write-worst "$SITE/worst.json"
INPUTS=(recording.json worst.json)

# ---- speed -----------------------------------------------------------------------
say "native: $RUNS runs per reader and input"
(cd "$SITE" && "$NATIVE" "$RUNS" "${INPUTS[@]}") >"$OUT/native.txt"
say "wasm build (app profile, wasm-opt -O$WASM_OPT_LEVEL)"
(cd "$BENCH" && CARGO_TARGET_DIR="$WORK/target" cargo build --release --lib --target wasm32-unknown-unknown) \
  >"$OUT/build-wasm.log" 2>&1 || { tail -n 30 "$OUT/build-wasm.log" >&2; die "wasm build failed"; }
wasm-bindgen --target web --out-dir "$SITE/pkg" "$WORK/target/wasm32-unknown-unknown/release/slotscope_json_bench.wasm"
wasm-opt "-O$WASM_OPT_LEVEL" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  -o "$SITE/pkg/slotscope_json_bench_bg.wasm" "$SITE/pkg/slotscope_json_bench_bg.wasm"
say "headless Chromium: $RUNS runs per reader and input"
node bench/json/run.mjs --site "$SITE" --runs "$RUNS" "${INPUTS[@]}" >"$OUT/browser.txt"

# ---- size: the engine floor with each reader ----------------------------------------
variant_crate() { # NAME -> $WORK/NAME/slotscope: the crate with engine::json::read swapped
  # (the reader behind parse and the paste path; an error's facts do not matter here)
  local dir="$WORK/$1/slotscope" json
  rm -rf "$dir" && mkdir -p "$dir"
  cp -r Cargo.toml Cargo.lock build.rs i18n src data benches tests "$dir/"
  json="$dir/src/engine/json.rs"
  local fail='map_err(|_| Problem::Json { what: super::problem::JsonFault::UnexpectedEnd, line: 1, column: 1 })'
  case $1 in
    hand) ;;
    none) # no reader at all: what the hand-written one itself costs
      sed -i 's/^pub fn read(input: &str)/fn read_hand(input: \&str)/' "$json"
      echo "pub fn read(input: &str) -> Result<Json, Problem> { Err(input.len().to_string()).$fail }" >>"$json" ;;
    serde_json)
      sed -i 's/^pub fn read(input: &str)/fn read_hand(input: \&str)/' "$json"
      { cat bench/json/swap_serde_json.rs
        echo "pub fn read(input: &str) -> Result<Json, Problem> { parse_serde_json(input).$fail }"; } >>"$json"
      sed -i "/^\[target.'cfg(target_arch = \"wasm32\")'.dependencies\]/a serde_json = \"1\"" "$dir/Cargo.toml" ;;
    browser)
      sed -i 's/^pub fn read(input: &str)/fn read_hand(input: \&str)/' "$json"
      { cat bench/json/swap_js.rs
        echo "pub fn read(input: &str) -> Result<Json, Problem> { parse_browser(&wasm_bindgen::JsValue::from_str(input)).$fail }"; } >>"$json"
      sed -i "/^\[target.'cfg(target_arch = \"wasm32\")'.dependencies\]/a serde-wasm-bindgen = \"0.6\"" "$dir/Cargo.toml" ;;
  esac
  echo "$dir"
}
declare -A GZ RAW
for v in none hand serde_json browser; do
  crate="$(variant_crate "$v")"
  src="$WORK/$v/engine-floor"
  rm -rf "$src" && mkdir -p "$src"
  cp -r bench/engine-floor/{Cargo.lock,Trunk.toml,index.html,src} "$src/"
  with_app_profile bench/engine-floor/Cargo.toml | sed -E "s|path = \"\.\./\.\.\"|path = \"$crate\"|" >"$src/Cargo.toml"
  sed -i -E "s|data-wasm-opt=\"[^\"]*\"|$WASM_OPT_ATTRS|" "$src/index.html"
  say "engine floor with the $v reader: trunk build --release"
  (cd "$src" && CARGO_TARGET_DIR="$WORK/target-floor" trunk build --release --dist "$WORK/$v/dist") \
    >"$OUT/build-floor-$v.log" 2>&1 || { tail -n 30 "$OUT/build-floor-$v.log" >&2; die "$v floor build failed"; }
  RAW[$v]=0 GZ[$v]=0
  for f in "$WORK/$v/dist"/*.wasm "$WORK/$v/dist"/*.js; do
    RAW[$v]=$((RAW[$v] + $(stat -c %s "$f"))); GZ[$v]=$((GZ[$v] + $(gzip -9 -c "$f" | wc -c)))
  done
done

# ---- table -----------------------------------------------------------------------
ms() { awk -v f="$2" -v r="$3" '$1 == f && $2 == r { print $3 }' "$1"; }
{
  echo "JSON readers, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "inputs: recording.json = $(basename "$FIXTURE") ($(stat -c %s "$SITE/recording.json") B), worst.json = 16384-range reply ($(stat -c %s "$SITE/worst.json") B); median of $RUNS ms"
  echo
  echo "| reader | engine floor .wasm + .js gzip -9 | vs hand | native recording / worst | Chromium recording / worst |"
  echo "|---|---|---|---|---|"
  printf '| none (parse refuses everything) | %d B (%d B raw) | %+d B | | |\n' "${GZ[none]}" "${RAW[none]}" $((GZ[none] - GZ[hand]))
  for v in hand serde_json browser; do
    r=${v%_json}
    nat="$(ms "$OUT/native.txt" recording.json "$r") / $(ms "$OUT/native.txt" worst.json "$r")"
    [[ $v == browser ]] && nat="(browser only)"
    printf '| %s | %d B (%d B raw) | %+d B | %s | %s / %s |\n' "$v" "${GZ[$v]}" "${RAW[$v]}" $((GZ[$v] - GZ[hand])) \
      "$nat" "$(ms "$OUT/browser.txt" recording.json "$r")" "$(ms "$OUT/browser.txt" worst.json "$r")"
  done
} | tee "$OUT/table.md"
