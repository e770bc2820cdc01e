#!/usr/bin/env bash
# Which redis-py releases leak ClusterNode objects in the #3163 layout?
#
#   conformance/matrix.sh [--out FILE] [--fixtures DIR]
#
# FILE defaults to data/version-matrix.json; with --fixtures, the full per-version
# fixtures (same format as tests/fixtures/conformance) are kept in DIR for inspection.
#
# Runs the #3163 configuration (announce hostname, 3 primaries x 2 ranges, 1 replica
# each, startup host localhost, 1 re-initialize, each-range workload) with the async
# and the sync client of EVERY final redis-py release from $first to $last (below;
# the list comes from `pip index versions redis`, pre- and post-releases skipped),
# one venv each under .tools/venvs, against real clusters. Writes a JSON array, one
# entry per (version, client), in version order:
#   {"version", "client", "objects_created", "orphaned_objects",
#    "open_connections_after_close", "open_connections_after_drop", "unclosed_warnings",
#    "leaks", "error", "other_warnings",
#    "ip_control": {the same counts, leaks and error for a cluster that announces IPs},
#    "redis_server", "python", "recorded_on"}
# `leaks` is true when any of orphaned_objects, open_connections_after_close or
# unclosed_warnings is non-zero; `error` is null or the probe's exception;
# `other_warnings` is the hostname run's other_warnings (see the fixture format). The
# control run (same configuration, `ip` announce mode) tells a localhost leak from one
# that happens whatever the cluster announces.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
out=$root/data/version-matrix.json
keep=""
args=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --fixtures) keep=$2; shift 2 ;;
    *) echo "matrix.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
venvs=${SLOTSCOPE_VENVS:-$root/.tools/venvs}
first=4.3.0  # the releases of the matrix: every final release in [first, last]
last=8.1.0

if [ -z "${SLOTSCOPE_CLUSTER_PORT_HOSTNAME:-}" ] || [ -z "${SLOTSCOPE_CLUSTER_PORT_IP:-}" ]; then
  "$here/setup.sh" redis-server
  "$here/setup.sh" venv 8.1.0  # its pip lists the releases
  available=$("$venvs/redis-8.1.0/bin/pip" index versions redis 2>/dev/null | sed -n 's/^Available versions: //p')
  versions=$(python3 - "$available" "$first" "$last" <<'EOF'
import sys
def parse(v):
    parts = v.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None  # pre-releases, post-releases
    return tuple(map(int, parts))
first, last = parse(sys.argv[2]), parse(sys.argv[3])
releases = sorted({p for p in map(parse, sys.argv[1].split(", ")) if p and first <= p <= last})
print(" ".join(".".join(map(str, p)) for p in releases))
EOF
)
  [ -n "$versions" ] || { echo "matrix.sh: pip index versions redis listed no release" >&2; exit 1; }
  echo "matrix.sh: redis-py releases: $versions" >&2
  # shellcheck disable=SC2086
  "$here/setup.sh" venv $versions
  export SLOTSCOPE_MATRIX_VERSIONS=$versions
  exec "$here/cluster.sh" --announce hostname -- \
    "$here/cluster.sh" --announce ip -- "$here/matrix.sh" "${args[@]}"
fi

staging=$(mktemp -d "${TMPDIR:-/tmp}/slotscope-matrix.XXXXXX")
trap 'rm -rf "$staging"' EXIT
for version in $SLOTSCOPE_MATRIX_VERSIONS; do
  "$venvs/redis-$version/bin/python" "$here/probe.py" --out "$staging/$version" \
    --announce hostname,ip --clients async,sync --startup-hosts localhost --reinits 1 \
    --keep-going --recorded-with "conformance/matrix.sh"
done

if [ -n "$keep" ]; then mkdir -p "$keep" && cp -r "$staging"/. "$keep"/; fi
mkdir -p "$(dirname "$out")"
python3 - "$staging" "$out" $SLOTSCOPE_MATRIX_VERSIONS <<'EOF'
import datetime, glob, json, os, sys
staging, out, versions = sys.argv[1], sys.argv[2], sys.argv[3:]
today = datetime.date.today().isoformat()
COUNTS = ("orphaned_objects", "open_connections_after_close", "unclosed_warnings")
FIELDS = ("objects_created", "orphaned_objects", "open_connections_after_close",
          "open_connections_after_drop", "unclosed_warnings")


def load(version, client, announce):
    [path] = glob.glob(os.path.join(staging, version, f"{client}-*_announce-{announce}_*.json"))
    fixture = json.load(open(path))
    obs = fixture.get("observed", {})
    counts = {k: obs.get(k) for k in FIELDS}
    counts["leaks"] = None if "error" in fixture else any(counts[k] for k in COUNTS)
    counts["error"] = fixture.get("error")
    return fixture, counts


rows = []
for version in versions:
    for client in ("async", "sync"):
        fixture, counts = load(version, client, "hostname")
        _, control = load(version, client, "ip")
        rows.append({
            "version": version,
            "client": client,
            **counts,
            "other_warnings": fixture.get("observed", {}).get("other_warnings"),
            "ip_control": control,
            "redis_server": fixture["config"]["redis_server"],
            "python": fixture["config"]["python"],
            "recorded_on": today,
        })
with open(out, "w") as f:
    f.write("[\n" + ",\n".join(" " + json.dumps(r) for r in rows) + "\n]\n")
for r in rows:
    print(f"matrix: {r['version']:>6} {r['client']:>5} leaks={r['leaks']} created={r['objects_created']} "
          f"orphans={r['orphaned_objects']} open={r['open_connections_after_close']} "
          f"warnings={r['unclosed_warnings']} ip_control.leaks={r['ip_control']['leaks']}"
          + (f" error={r['error']}" if r["error"] else ""),
          file=sys.stderr)
EOF
