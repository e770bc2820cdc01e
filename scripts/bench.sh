#!/usr/bin/env bash
# Size benchmark of the shipped web app (grows later).
# Builds the site with `trunk build --release` (skip with --no-build to
# measure the existing dist/) and prints the raw and `gzip -9` sizes of the
# release .wasm and .js files, plus their totals.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export PATH="$ROOT/.tools/npm/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

BUILD=1
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

if [[ $BUILD -eq 1 ]]; then
  "$ROOT/scripts/setup.sh"
  trunk build --release
fi

shopt -s nullglob
files=(dist/*.wasm dist/*.js)
[[ ${#files[@]} -gt 0 ]] || { echo "bench.sh: no .wasm/.js in dist/ (build first)" >&2; exit 1; }

echo
echo "== web app size (trunk build --release) =="
printf '%-44s %12s %12s\n' file raw gzip-9
total_raw=0 total_gz=0
for f in "${files[@]}"; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  # Strip trunk's content hash so names compare across builds.
  name=$(basename "$f" | sed -E 's/-[0-9a-f]{16}(_bg)?\./\1./')
  printf '%-44s %12d %12d\n' "$name" "$raw" "$gz"
done
printf '%-44s %12d %12d\n' total "$total_raw" "$total_gz"
