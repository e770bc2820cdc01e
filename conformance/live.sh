#!/usr/bin/env bash
# The live conformance check: record every configuration against real Redis Clusters
# into a temp dir (never over the committed fixtures), then replay the recordings
# through the engine with the Rust conformance test.
#
#   conformance/live.sh
#
# Sets up what it needs (redis-server via apt, the redis-py venvs; idempotent), starts
# one cluster per announce mode (stopped by PID on any exit, see cluster.sh), records
# the 48 fixtures and the keyslot vectors (conformance/record.sh), then runs
#   SLOTSCOPE_FIXTURES=<tmp>/conformance SLOTSCOPE_KEYSLOT_VECTORS=<tmp>/keyslot-vectors.json \
#     cargo test --test conformance
# and exits with its status. Without tests/conformance.rs it says so and exits 0
# after recording.
set -euo pipefail

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

"$here/record.sh" --out "$tmp/conformance" --vectors "$tmp/keyslot-vectors.json"
echo "live.sh: recorded in $(($(date +%s) - started)) s" >&2

if [ ! -f "$root/tests/conformance.rs" ]; then
  echo "live.sh: tests/conformance.rs does not exist yet; recorded only, nothing replayed" >&2
  exit 0
fi
cd "$root"
SLOTSCOPE_FIXTURES="$tmp/conformance" SLOTSCOPE_KEYSLOT_VECTORS="$tmp/keyslot-vectors.json" \
  cargo test --test conformance
