#!/usr/bin/env bash
# The live conformance check: record every configuration against real Redis Clusters
# into a temp dir (never over the committed fixtures), then replay the recordings
# through the engine with the Rust conformance test.
#
#   conformance/live.sh [--committed]
#
# Sets up what it needs (redis-server via apt, the redis-py venvs, plain and patched;
# idempotent), starts one cluster per announce mode (stopped by PID on any exit, see
# cluster.sh), records every fixture of record.sh's configuration list with --eras (the
# committed set, patched releases included, plus the representative release of every
# older era: every era of both clients, docs/eras.md) and the keyslot vectors
# (conformance/record.sh), and the other layouts and mixed announcements
# (conformance/layouts.sh --live), then runs
#   SLOTSCOPE_FIXTURES=<tmp>/conformance SLOTSCOPE_KEYSLOT_VECTORS=<tmp>/keyslot-vectors.json \
#     SLOTSCOPE_LAYOUT_FIXTURES=<tmp>/layouts cargo test --test conformance
# then runs the exported #3163 reproduction script (cargo test --test repro
# -- --include-ignored), and exits with the first failure. --committed records only
# what record.sh and layouts.sh record by default (the committed sets, without the
# older eras and releases).
set -euo pipefail

eras=--eras layouts=--live
case "${1:-}" in
  "") ;;
  --committed) eras="" layouts="" ;;
  *) echo "usage: live.sh [--committed]" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
started=$(date +%s)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/slotscope-live.XXXXXX")
finish() {
  local status=$?
  rm -rf "$tmp"
  echo "live.sh: finished in $(($(date +%s) - started)) s (exit $status)" >&2
}
trap finish EXIT

"$here/record.sh" $eras --out "$tmp/conformance" --vectors "$tmp/keyslot-vectors.json"
echo "live.sh: recorded $(find "$tmp/conformance" -name '*.json' | wc -l) fixtures in $(($(date +%s) - started)) s" >&2
# Clusters of other layouts and mixed announcements, with 5.0.1 and 4.6.0 too.
"$here/layouts.sh" $layouts --out "$tmp/layouts"

cd "$root"
SLOTSCOPE_FIXTURES="$tmp/conformance" SLOTSCOPE_KEYSLOT_VECTORS="$tmp/keyslot-vectors.json" \
  SLOTSCOPE_LAYOUT_FIXTURES="$tmp/layouts" cargo test --test conformance

# The exported #3163 reproduction, run for real and checked against the engine.
"$here/setup.sh" venv 5.0.1
SLOTSCOPE_REPRO_PYTHON="${SLOTSCOPE_VENVS:-$root/.tools/venvs}/redis-5.0.1/bin/python" \
  cargo test --test repro -- --include-ignored

# `slotscope check` against live nodes: both clusters, a password, an ACL user, TLS,
# and a node that is down (conformance/check-live.sh starts its own).
"$here/check-live.sh"
