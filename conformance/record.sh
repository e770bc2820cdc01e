#!/usr/bin/env bash
# Re-record every conformance fixture against real Redis Clusters.
#
#   conformance/record.sh [--out DIR] [--vectors FILE]
#   conformance/record.sh --list     print the configuration lines and the count, run nothing
#
# Defaults: DIR = tests/fixtures/conformance (its *.json are replaced as a whole),
# FILE = tests/fixtures/keyslot-vectors.json. Records the configurations below for one
# redis-py release per era (`versions`) and the keyslot vectors. Starts one cluster per
# announce mode (conformance/cluster.sh) unless both are already up
# (SLOTSCOPE_CLUSTER_PORT_HOSTNAME and SLOTSCOPE_CLUSTER_PORT_IP set), and one probe
# process per (release, line of its configuration list).
set -euo pipefail

# The releases: one per era (4.3-4.6, 5.0.x, 5.1-7.1, 7.2-7.4, 8.0-8.1), and 5.0.8
# besides 5.0.1 because its warnings differ.
versions=(4.6.0 5.0.1 5.0.8 6.4.0 7.3.1 8.0.1 8.1.0)
# Releases recorded in full: both startup hosts, each-range only (the original 48).
full=(5.0.1 8.1.0)

# The configurations: one probe.py run per line, every dimension spelled out (the
# expected fixture count is computed from these lines). A fixture per element of the
# product of the comma-separated lists of --announce, --clients, --startup-hosts,
# --reinits and --workloads.
each=(--announce hostname,ip --clients async,sync)
configs_full=(
  "${each[*]} --startup-hosts localhost,127.0.0.1 --reinits 0,1,5 --workloads each-range"
)
configs_other=(
  "${each[*]} --startup-hosts localhost --reinits 0,1,5 --workloads each-range"
  "${each[*]} --startup-hosts localhost --reinits 1,5 --workloads every-refresh"
)
# Every release: read_from_replicas=True, GET 1000 keys in 1000 distinct slots.
configs_all=(
  "${each[*]} --startup-hosts localhost --reinits 0 --workloads keys --key-count 1000 --read-from-replicas"
)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
out=$root/tests/fixtures/conformance
vectors=$root/tests/fixtures/keyslot-vectors.json
list=""
args=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --vectors) vectors=$2; shift 2 ;;
    --list) list=1; shift ;;
    *) echo "record.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
venvs=${SLOTSCOPE_VENVS:-$root/.tools/venvs}

# configs_for VERSION: the configuration lines of one release, one per line.
configs_for() {
  local v
  for v in "${full[@]}"; do
    if [ "$v" = "$1" ]; then printf '%s\n' "${configs_full[@]}" "${configs_all[@]}"; return; fi
  done
  printf '%s\n' "${configs_other[@]}" "${configs_all[@]}"
}

# count_configs LINE: how many fixtures one configuration line writes.
count_configs() {
  local -a words
  read -ra words <<< "$1"
  local n=1 i items
  for ((i = 0; i < ${#words[@]}; i++)); do
    case "${words[i]}" in
      --announce|--clients|--startup-hosts|--reinits|--workloads)
        IFS=, read -ra items <<< "${words[i + 1]}"
        n=$((n * ${#items[@]})) ;;
    esac
  done
  echo "$n"
}

if [ -n "$list" ]; then
  total=0
  for version in "${versions[@]}"; do
    mapfile -t lines < <(configs_for "$version")
    for line in "${lines[@]}"; do
      n=$(count_configs "$line")
      total=$((total + n))
      printf '%s %3d  %s\n' "$version" "$n" "$line"
    done
  done
  echo "total $total"
  exit 0
fi

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

expected=0
for version in "${versions[@]}"; do
  mapfile -t lines < <(configs_for "$version")
  for line in "${lines[@]}"; do
    expected=$((expected + $(count_configs "$line")))
    read -ra options <<< "$line"
    "$venvs/redis-$version/bin/python" "$here/probe.py" --out "$staging/conformance" "${options[@]}" \
      --recorded-with "conformance/record.sh (redis-py $version probe: conformance/probe.py)"
  done
done
"$venvs/redis-${versions[-1]}/bin/python" "$here/keyslot_vectors.py" \
  --port "$SLOTSCOPE_CLUSTER_PORT_IP" --out "$staging/keyslot-vectors.json"

count=$(find "$staging/conformance" -name '*.json' | wc -l)
[ "$count" = "$expected" ] || { echo "record.sh: expected $expected fixtures, got $count" >&2; exit 1; }
mkdir -p "$out" "$(dirname "$vectors")"
rm -f "$out"/*.json
mv "$staging"/conformance/*.json "$out"/
mv "$staging/keyslot-vectors.json" "$vectors"
echo "record.sh: $count fixtures -> $out; keyslot vectors -> $vectors" >&2
