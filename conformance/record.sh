#!/usr/bin/env bash
# Re-record every conformance fixture against real Redis Clusters.
#
#   conformance/record.sh [--out DIR] [--vectors FILE]
#
# Defaults: DIR = tests/fixtures/conformance (its *.json are replaced as a whole),
# FILE = tests/fixtures/keyslot-vectors.json. Records redis-py 5.0.1 and 8.1.0 x
# async/sync x startup localhost/127.0.0.1 x re-inits 0/1/5 x announce hostname/ip
# (48 fixtures) and the keyslot vectors. Starts one cluster per announce mode
# (conformance/cluster.sh) unless both are already up (SLOTSCOPE_CLUSTER_PORT_HOSTNAME
# and SLOTSCOPE_CLUSTER_PORT_IP set), and one probe process per redis-py version.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
out=$root/tests/fixtures/conformance
vectors=$root/tests/fixtures/keyslot-vectors.json
args=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --vectors) vectors=$2; shift 2 ;;
    *) echo "record.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
versions=(5.0.1 8.1.0)
venvs=${SLOTSCOPE_VENVS:-$root/.tools/venvs}

if [ -z "${SLOTSCOPE_CLUSTER_PORT_HOSTNAME:-}" ] || [ -z "${SLOTSCOPE_CLUSTER_PORT_IP:-}" ]; then
  "$here/setup.sh" redis-server
  "$here/setup.sh" venv "${versions[@]}"
  exec "$here/cluster.sh" --announce hostname -- \
    "$here/cluster.sh" --announce ip -- \
    "$here/record.sh" "${args[@]}"
fi

"$here/setup.sh" venv "${versions[@]}"
staging=$(mktemp -d "${TMPDIR:-/tmp}/slotscope-record.XXXXXX")
trap 'rm -rf "$staging"' EXIT

for version in "${versions[@]}"; do
  "$venvs/redis-$version/bin/python" "$here/probe.py" --out "$staging/conformance" \
    --recorded-with "conformance/record.sh (redis-py $version probe: conformance/probe.py)"
done
"$venvs/redis-${versions[-1]}/bin/python" "$here/keyslot_vectors.py" \
  --port "$SLOTSCOPE_CLUSTER_PORT_IP" --out "$staging/keyslot-vectors.json"

count=$(find "$staging/conformance" -name '*.json' | wc -l)
[ "$count" = 48 ] || { echo "record.sh: expected 48 fixtures, got $count" >&2; exit 1; }
mkdir -p "$out" "$(dirname "$vectors")"
rm -f "$out"/*.json
mv "$staging"/conformance/*.json "$out"/
mv "$staging/keyslot-vectors.json" "$vectors"
echo "record.sh: $count fixtures -> $out; keyslot vectors -> $vectors" >&2
