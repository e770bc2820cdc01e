#!/usr/bin/env bash
# Where the web app spends its time, by Rust function: builds the release site
# into a temp dir, re-links its wasm with function names kept (wasm-bindgen
# --keep-debug, wasm-opt -Oz -g: same code, plus a name section), and prints the
# top self times of a V8 CPU profile of a cold load and of step-next clicks in
# headless Chromium (bench/profile.mjs). For finding what to cut; the numbers are
# inflated by the sampling, read them as shares.
#
#   bench/profile.sh [--query '?preset=3163'] [--steps 30] [--top 25]
#
# The same work natively, by phase (simulate, timeline, verdict, one pane view per
# position), at the wasm's opt-level: cargo run --release --example view_time [preset]
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
case "${1:-}" in -h | --help) sed -n '2,12p' "$0"; exit 0 ;; esac

"$ROOT/scripts/setup.sh" --test >/dev/null
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
echo "profile: trunk build --release --dist $TMP/site" >&2
trunk build --release --dist "$TMP/site" >"$TMP/build.log" 2>&1 || { tail -n 30 "$TMP/build.log"; exit 1; }

TARGET_DIR="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
WASM="$TARGET_DIR/wasm32-unknown-unknown/release/slotscope-app.wasm"
[[ -f $WASM ]] || { echo "profile: no $WASM" >&2; exit 1; }
wasm-bindgen --target web --keep-debug --out-dir "$TMP/named" "$WASM"
wasm-opt -Oz -g "$TMP/named/slotscope-app_bg.wasm" -o "$TMP/named/opt.wasm"
js=("$TMP"/site/slotscope-app-*.js) wasm=("$TMP"/site/slotscope-app-*_bg.wasm)
cp "$TMP/named/slotscope-app.js" "${js[0]}"
cp "$TMP/named/opt.wasm" "${wasm[0]}"
# The files changed, so their subresource-integrity hashes would not match.
sed -i -E 's/ integrity=("[^"]*"|[^ >]+)//g' "$TMP/site/index.html"
node bench/profile.mjs --site "$TMP/site" "$@"
