#!/usr/bin/env bash
# What the Chinese page costs the English one: the Chinese catalogue as a file the
# page fetches only in Chinese (what ships), against the same text compiled into the
# wasm (`--cfg slotscope_zh_compiled`, src/i18n/mod.rs), against the page before it had
# two languages (53b88f6: 233,957 B). Prints gzip -9 of .wasm + .js for both builds and
# of the catalogue file.
#
#   ./bench/i18n.sh
#
# Both are `trunk build --release` (the app's profile and wasm-opt); the compiled
# variant builds into target/i18n-bench/ (its RUSTFLAGS rebuild every crate once).
# The output stays in artifacts/bench/i18n.txt.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
[[ ${1:-} == -h || ${1:-} == --help ]] && { sed -n '2,12p' "$0"; exit 0; }
BEFORE=233957
WORK="$ROOT/target/i18n-bench"
OUT="$ROOT/artifacts/bench"
mkdir -p "$WORK" "$OUT"
"$ROOT/scripts/setup.sh" >&2

gz_total() { # DIR -> gzip -9 bytes of its .wasm and .js
  local t=0 f
  for f in "$1"/*.wasm "$1"/*.js; do t=$((t + $(gzip -9 -c "$f" | wc -c))); done
  echo "$t"
}
echo "i18n: trunk build --release (the catalogue as a file)" >&2
trunk build --release --dist "$WORK/asset" >"$WORK/asset.log" 2>&1 || { tail -n 30 "$WORK/asset.log" >&2; exit 1; }
echo "i18n: trunk build --release with --cfg slotscope_zh_compiled (target/i18n-bench)" >&2
RUSTFLAGS="--cfg slotscope_zh_compiled" CARGO_TARGET_DIR="$WORK/target" \
  trunk build --release --dist "$WORK/compiled" >"$WORK/compiled.log" 2>&1 || { tail -n 30 "$WORK/compiled.log" >&2; exit 1; }

ASSET=$(gz_total "$WORK/asset")
COMPILED=$(gz_total "$WORK/compiled")
FILE=$(ls "$WORK/asset"/catalogue-zh-*.txt)
FILE_GZ=$(gzip -9 -c "$FILE" | wc -c)
{
  echo "== the Chinese text: fetched or compiled in ($(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD)) =="
  printf '  %-62s %8d B\n' "before two languages (53b88f6), .wasm + .js gzip -9" "$BEFORE"
  printf '  %-62s %8d B (%+d B)\n' "English page, Chinese fetched when chosen (ships)" "$ASSET" $((ASSET - BEFORE))
  printf '  %-62s %8d B (%+d B)\n' "English page, Chinese compiled in" "$COMPILED" $((COMPILED - BEFORE))
  printf '  %-62s %8d B\n' "the Chinese catalogue file, gzip -9 (fetched in Chinese only)" "$FILE_GZ"
} | tee "$OUT/i18n.txt"
