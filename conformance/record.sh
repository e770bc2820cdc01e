#!/usr/bin/env bash
# Re-record every conformance fixture against real Redis Clusters.
#
#   conformance/record.sh [--eras] [--out DIR] [--vectors FILE]
#   conformance/record.sh [--eras] --list   print the runs (one probe.py run a line) and the
#                                           count, run nothing
#
# Defaults: DIR = tests/fixtures/conformance (its *.json are replaced as a whole),
# FILE = tests/fixtures/keyslot-vectors.json. Records the configurations below for the
# releases in `versions`, the patched releases in `patched` (patches/, the naming fix),
# the representative releases of the 5.1+ eras (`eras_small`) and the keyslot vectors;
# with --eras (what conformance/live.sh records) also those of the older eras
# (`eras_large`), so that every era of each client (docs/eras.md) is recorded. Starts
# one cluster per announce mode (conformance/cluster.sh)
# unless both are already up (SLOTSCOPE_CLUSTER_PORT_HOSTNAME and
# SLOTSCOPE_CLUSTER_PORT_IP set), and one probe process per run.
set -euo pipefail

# The releases: one per era as the engine first grouped them (4.3-4.6, 5.0.x, 5.1-7.1,
# 7.2-7.4, 8.0-8.1), and 5.0.8 besides 5.0.1 because its warnings differ.
versions=(4.6.0 5.0.1 5.0.8 6.4.0 7.3.1 8.0.1 8.1.0)
# Releases recorded in full: both startup hosts, each-range only (the original 48).
full=(5.0.1 8.1.0)

# The naming fix applied to real redis-py (conformance/setup.sh venv-patched), one
# entry a patched release: "X.Y.Z CLIENT=MODEL[,CLIENT=MODEL] PATCH[,PATCH]"; its
# fixtures say redis_py "X.Y.Z+naming-fix" and the engine model of each client.
patched=(
  "5.0.1 async=async-fixed,sync=sync-fixed redis-5.0.1-async-naming.patch,redis-5.0.1-sync-naming.patch"
  "8.1.0 sync=sync-8.1.0-fixed redis-8.1.0-sync-naming.patch"
)

# The representative release of every era of docs/eras.md (15 async, 12 sync) that
# `versions` does not hold, with the clients whose era it represents ("async", "sync"
# or both); 5.0.1, 5.0.8, 6.4.0 and 8.1.0 represent eras too and are in `versions`.
# Recorded with the configurations of configs_other and configs_all. The 5.1+ ones
# build one replica object per range, so their fixtures are small (96 fixtures, ~1 MB)
# and are always recorded; the older ones build one per slot (~1.1 MB per `hostname`
# fixture, 132 fixtures, ~67 MB) and are recorded only with --eras, by live.sh.
eras_small=(5.2.1:async,sync 5.3.1:sync 6.1.1:async 7.1.1:async,sync 7.4.1:async,sync)
eras_large=(
  4.3.1:async 4.3.3:async,sync 4.3.6:async 4.4.0:async 4.4.1:sync 4.5.4:async,sync
  4.5.5:async 5.0.0:sync 5.0.7:async
)

# The configurations: one probe.py run per line, every dimension spelled out (the
# expected fixture count is computed from these lines). A fixture per element of the
# product of the comma-separated lists of --announce, --clients, --startup-hosts,
# --reinits and --workloads. CLIENTS is replaced by the clients of the release.
each="--announce hostname,ip --clients CLIENTS"
configs_full=(
  "$each --startup-hosts localhost,127.0.0.1 --reinits 0,1,5 --workloads each-range"
)
configs_other=(
  "$each --startup-hosts localhost --reinits 0,1,5 --workloads each-range"
  "$each --startup-hosts localhost --reinits 1,5 --workloads every-refresh"
)
# Every release: read_from_replicas=True, GET 1000 keys in 1000 distinct slots.
configs_all=(
  "$each --startup-hosts localhost --reinits 0 --workloads keys --key-count 1000 --read-from-replicas"
)
# Every release that has address_remap (4.5.5+): the client-side workaround, mapping
# localhost to 127.0.0.1, against the localhost cluster, with traffic after a refresh.
configs_remap=(
  "--announce hostname --clients CLIENTS --startup-hosts localhost --reinits 1 --workloads every-refresh --address-remap"
)
# Every release not recorded with both startup hosts: the client started from 127.0.0.1
# against the localhost cluster (the "workaround" that changes nothing), with traffic
# after a refresh.
configs_startup=(
  "--announce hostname --clients CLIENTS --startup-hosts 127.0.0.1 --reinits 1 --workloads every-refresh"
)
# has_remap X.Y.Z: true when that release has address_remap.
has_remap() { [ "$(printf '%s\n4.5.5\n' "$1" | sort -V | head -n1)" = 4.5.5 ]; }
# Every patched release.
configs_patched=(
  "$each --startup-hosts localhost --reinits 0,1,5 --workloads each-range"
  "$each --startup-hosts localhost --reinits 1 --workloads every-refresh"
  "${configs_all[@]}"
)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
out=$root/tests/fixtures/conformance
vectors=$root/tests/fixtures/keyslot-vectors.json
list=""
with_eras=""
args=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --vectors) vectors=$2; shift 2 ;;
    --list) list=1; shift ;;
    --eras) with_eras=1; shift ;;
    *) echo "record.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
venvs=${SLOTSCOPE_VENVS:-$root/.tools/venvs}

# runs: every probe.py run, one a line: "VENV<TAB>PROBE OPTIONS". VENV is a directory
# name under $venvs (redis-X.Y.Z or redis-X.Y.Z+naming-fix).
runs() {
  local v line entry version clients models patches m
  for v in "${versions[@]}"; do
    local -a lines=("${configs_other[@]}" "${configs_all[@]}")
    if [[ " ${full[*]} " == *" $v "* ]]; then
      lines=("${configs_full[@]}" "${configs_all[@]}")
    else
      lines+=("${configs_startup[@]}")
    fi
    if has_remap "$v"; then lines+=("${configs_remap[@]}"); fi
    for line in "${lines[@]}"; do printf 'redis-%s\t%s\n' "$v" "${line/CLIENTS/async,sync}"; done
  done
  for entry in "${patched[@]}"; do
    read -r version models patches <<< "$entry"
    clients=$(sed 's/=[^,]*//g' <<< "$models")
    local opts="--redis-py $version+naming-fix"
    for m in ${models//,/ }; do opts="$opts --model $m"; done
    for line in "${configs_patched[@]}"; do
      printf 'redis-%s+naming-fix\t%s %s\n' "$version" "${line/CLIENTS/$clients}" "$opts"
    done
  done
  for entry in $(era_entries); do
    version=${entry%%:*} clients=${entry#*:}
    local -a era_lines=("${configs_other[@]}" "${configs_all[@]}" "${configs_startup[@]}")
    if has_remap "$version"; then era_lines+=("${configs_remap[@]}"); fi
    for line in "${era_lines[@]}"; do
      printf 'redis-%s\t%s\n' "$version" "${line/CLIENTS/$clients}"
    done
  done
}

# era_entries: the era representatives this run records, VERSION:CLIENTS.
era_entries() {
  printf '%s\n' "${eras_small[@]}"
  if [ -n "$with_eras" ]; then printf '%s\n' "${eras_large[@]}"; fi
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

# setup_venvs: every venv the runs need (idempotent; seconds when warm).
setup_venvs() {
  local entry version models patches p
  local -a plain=("${versions[@]}") files
  for entry in $(era_entries); do plain+=("${entry%%:*}"); done
  "$here/setup.sh" venv "${plain[@]}"
  for entry in "${patched[@]}"; do
    read -r version models patches <<< "$entry"
    files=()
    for p in ${patches//,/ }; do files+=("$root/patches/$p"); done
    "$here/setup.sh" venv-patched "$version" "${files[@]}"
  done
}

if [ -n "$list" ]; then
  total=0
  while IFS=$'\t' read -r venv line; do
    n=$(count_configs "$line")
    total=$((total + n))
    printf '%-26s %3d  %s\n' "$venv" "$n" "$line"
  done < <(runs)
  echo "total $total"
  exit 0
fi

if [ -z "${SLOTSCOPE_CLUSTER_PORT_HOSTNAME:-}" ] || [ -z "${SLOTSCOPE_CLUSTER_PORT_IP:-}" ]; then
  "$here/setup.sh" redis-server
  setup_venvs
  exec "$here/cluster.sh" --announce hostname -- \
    "$here/cluster.sh" --announce ip -- \
    "$here/record.sh" "${args[@]}"
fi

setup_venvs
staging=$(mktemp -d "${TMPDIR:-/tmp}/slotscope-record.XXXXXX")
trap 'rm -rf "$staging"' EXIT

expected=0
while IFS=$'\t' read -r venv line; do
  expected=$((expected + $(count_configs "$line")))
  read -ra options <<< "$line"
  "$venvs/$venv/bin/python" "$here/probe.py" --out "$staging/conformance" "${options[@]}" \
    --recorded-with "conformance/record.sh (redis-py ${venv#redis-} probe: conformance/probe.py)" </dev/null
done < <(runs)
"$venvs/redis-${versions[-1]}/bin/python" "$here/keyslot_vectors.py" \
  --port "$SLOTSCOPE_CLUSTER_PORT_IP" --out "$staging/keyslot-vectors.json"

count=$(find "$staging/conformance" -name '*.json' | wc -l)
[ "$count" = "$expected" ] || { echo "record.sh: expected $expected fixtures, got $count" >&2; exit 1; }
mkdir -p "$out" "$(dirname "$vectors")"
rm -f "$out"/*.json
mv "$staging"/conformance/*.json "$out"/
mv "$staging/keyslot-vectors.json" "$vectors"
echo "record.sh: $count fixtures -> $out; keyslot vectors -> $vectors" >&2
