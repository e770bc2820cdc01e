#!/usr/bin/env bash
# redis-py's own cluster-client tests, from the release's sdist, on the release as
# published and with the naming fix (patches/) applied; prints pass/fail/error/skip
# counts before and after, and every test whose outcome the patch changes.
#
#   conformance/patch-tests.sh [--modes unit,ip,hostname] [--logs DIR] [TARGET...]
#
# TARGETs (default: all three):
#   5.0.1-async   tests/test_asyncio/test_cluster.py   patches/redis-5.0.1-async-naming.patch
#   5.0.1-sync    tests/test_cluster.py                patches/redis-5.0.1-sync-naming.patch
#   8.1.0-sync    tests/test_cluster.py                patches/redis-8.1.0-sync-naming.patch
# Modes (default: all three), each run once on the unpatched and once on the patched
# source:
#   unit      no server: --redis-url names a closed 127.0.0.1 port, and the tests that
#             ask for a client fixture (r, create_redis, ...) are deselected
#             (conformance/pytest_no_server.py); what is left mostly mocks
#             execute_command.
#   ip        the whole file against a fresh cluster (conformance/cluster.sh: 3
#             primaries + 3 replicas, 2 slot ranges each) on ports 16379-16384, the
#             ports redis-py's own test cluster uses, announcing IPs.
#   hostname  the same cluster announcing `localhost` (the #3163 configuration).
# In every mode the `ssl` tests are deselected (they need an stunnel in front of the
# cluster; their certificate files are placeholders here, for the module to import),
# and conformance/loopback_only.py refuses any connection or name look-up that is not
# 127.0.0.0/8, ::1 or localhost (the count is in each log; always 0 so far).
#
# Needs, and fetches on first use: the sdist (pip download --no-binary :all: --no-deps
# redis==X.Y.Z, into .tools/sdists) and a test venv per release
# (.tools/venvs/pytest-redis-X.Y.Z: the test runner pins below, redis-py itself is
# imported from the sdist directory, patched or not). ~10 minutes for everything.
# Exits non-zero if a run could not be made; a test that fails is only counted.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
venvs=${SLOTSCOPE_VENVS:-$root/.tools/venvs}
sdists=$root/.tools/sdists
base_port=16379

# TARGET -> "patch test-file"
declare -A patch_of=(
  [5.0.1-async]=redis-5.0.1-async-naming.patch
  [5.0.1-sync]=redis-5.0.1-sync-naming.patch
  [8.1.0-sync]=redis-8.1.0-sync-naming.patch
)
declare -A tests_of=(
  [5.0.1-async]=tests/test_asyncio/test_cluster.py
  [5.0.1-sync]=tests/test_cluster.py
  [8.1.0-sync]=tests/test_cluster.py
)
# The test runner per release: 5.0.1's dev_requirements.txt pins (pytest-asyncio 0.21,
# the last with the event_loop fixture its async tests use); 8.1.0's PyPy pins, the one
# fully pinned set its dev_requirements.txt names (coverage: its pytest config names a
# coverage warning class).
declare -A runner_of=(
  [5.0.1]="pytest==7.2.0 pytest-asyncio==0.21.1 pytest-timeout==2.1.0 mock==4.0.3 packaging==23.2"
  [8.1.0]="pytest==8.3.4 pytest-asyncio==1.1.0 pytest-timeout==2.3.1 coverage==7.6.12 packaging==24.2"
)

# Internal: one pytest run, inside cluster.sh for the cluster modes.
if [ "${1:-}" = __pytest ]; then
  src=$2 file=$3 xml=$4 mode=$5 python=$6
  url="redis://127.0.0.1:${SLOTSCOPE_CLUSTER_PORT:-}/0"
  extra=()
  if [ "$mode" = unit ]; then
    # A port nothing listens on (bound and released; nothing else binds it here).
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    url="redis://127.0.0.1:$port/0"
    extra=(-p pytest_no_server)
  fi
  cd "$src"
  got=$("$python" -c 'import redis; print(redis.__file__)')
  [ "$got" = "$src/redis/__init__.py" ] || { echo "patch-tests.sh: imports $got, not $src" >&2; exit 1; }
  status=0
  PYTHONPATH=$here "$python" -m pytest -p loopback_only "${extra[@]}" -p no:cacheprovider \
    -q -m "not ssl" "$file" --redis-url="$url" --junitxml="$xml" || status=$?
  # 0 all passed, 1 some failed: both are results; anything else is not.
  [ "$status" -le 1 ] || { echo "patch-tests.sh: pytest exited $status" >&2; exit 1; }
  exit 0
fi

modes=unit,ip,hostname
logs=""
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --modes) modes=$2; shift 2 ;;
    --logs) logs=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "patch-tests.sh: unknown option $1" >&2; exit 2 ;;
    *) [ -n "${patch_of[$1]:-}" ] || { echo "patch-tests.sh: unknown target $1" >&2; exit 2; }
       targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(5.0.1-async 5.0.1-sync 8.1.0-sync)
IFS=, read -ra mode_list <<< "$modes"
for m in "${mode_list[@]}"; do
  case "$m" in unit|ip|hostname) ;; *) echo "patch-tests.sh: unknown mode $m" >&2; exit 2 ;; esac
done

started=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/slotscope-patch-tests.XXXXXX")
trap 'rm -rf "$work"' EXIT
logs=${logs:-$work/logs}
mkdir -p "$logs" "$sdists"
"$here/setup.sh" redis-server
if ! command -v patch >/dev/null; then
  echo "patch-tests.sh: installing patch" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq patch >&2
fi

# sdist VERSION: the path of redis-VERSION.tar.gz, downloaded once.
sdist() {
  local file=$sdists/redis-$1.tar.gz
  if [ ! -s "$file" ]; then
    echo "patch-tests.sh: downloading the redis $1 sdist" >&2
    pip download -q --disable-pip-version-check --no-binary :all: --no-deps "redis==$1" -d "$sdists" >&2
  fi
  [ -s "$file" ] || { echo "patch-tests.sh: no $file" >&2; exit 1; }
  echo "$file"
}

# runner VERSION: the test venv's python (made once; remade if the pins change).
runner() {
  local dir=$venvs/pytest-redis-$1 pins=${runner_of[$1]}
  if [ "$(cat "$dir/.slotscope-ok" 2>/dev/null)" != "$pins" ]; then
    echo "patch-tests.sh: creating $dir" >&2
    rm -rf "$dir"
    python3 -m venv "$dir"
    # shellcheck disable=SC2086
    "$dir/bin/pip" install -q --disable-pip-version-check $pins >&2
    echo "$pins" > "$dir/.slotscope-ok"
  fi
  echo "$dir/bin/python"
}

# source VERSION DIR [PATCH]: the sdist unpacked into DIR, PATCH applied (patch -p1).
source_tree() {
  local version=$1 dir=$2 patch_file=${3:-}
  mkdir -p "$dir"
  tar -xzf "$(sdist "$version")" -C "$dir" --strip-components=1
  if [ -n "$patch_file" ]; then
    patch -p1 --batch --quiet -d "$dir" < "$patch_file" \
      || { echo "patch-tests.sh: $patch_file does not apply to the $version sdist" >&2; exit 1; }
  fi
  # test_asyncio/test_cluster.py reads these at import (for its ssl tests, deselected).
  mkdir -p "$dir/dockers/stunnel/keys"
  touch "$dir/dockers/stunnel/keys/server-cert.pem" "$dir/dockers/stunnel/keys/server-key.pem"
  # The 5.0.1 sdist leaves out the repository's pytest.ini; the same settings.
  if [ ! -f "$dir/pytest.ini" ] && ! grep -q '^\[tool.pytest' "$dir/pyproject.toml" 2>/dev/null; then
    cat > "$dir/pytest.ini" <<'EOF'
[pytest]
addopts = -s
markers =
    redismod: run only the redis module tests
    pipeline: pipeline tests
    onlycluster: marks tests to be run only with cluster mode redis
    onlynoncluster: marks tests to be run only with standalone redis
    ssl: marker for only the ssl tests
    asyncio: marker for async tests
    replica: replica tests
    experimental: run only experimental tests
asyncio_mode = auto
timeout = 30
EOF
  fi
}

results=$work/results.tsv  # target mode which xml log
: > "$results"
for target in "${targets[@]}"; do
  version=${target%-*}
  python=$(runner "$version")
  for which in unpatched patched; do
    src=$work/src/$target/$which
    if [ "$which" = patched ]; then
      source_tree "$version" "$src" "$root/patches/${patch_of[$target]}"
    else
      source_tree "$version" "$src"
    fi
  done
  for mode in "${mode_list[@]}"; do
    for which in unpatched patched; do
      src=$work/src/$target/$which
      xml=$logs/$target-$mode-$which.xml
      log=$logs/$target-$mode-$which.log
      t0=$(date +%s)
      cmd=("$here/patch-tests.sh" __pytest "$src" "${tests_of[$target]}" "$xml" "$mode" "$python")
      if [ "$mode" = unit ]; then
        "${cmd[@]}" > "$log" 2>&1 || { tail -n 20 "$log" >&2; exit 1; }
      else
        # A fresh cluster per run: some tests change the cluster (CONFIG SET, ACL users).
        "$here/cluster.sh" --announce "$mode" --base-port "$base_port" -- "${cmd[@]}" > "$log" 2>&1 \
          || { tail -n 20 "$log" >&2; exit 1; }
      fi
      echo "patch-tests.sh: $target $mode $which: $(tail -n 1 "$log" | sed 's/^=* *//; s/ *=*$//') ($(($(date +%s) - t0)) s)" >&2
      printf '%s\t%s\t%s\t%s\t%s\n' "$target" "$mode" "$which" "$xml" "$log" >> "$results"
    done
  done
done

python3 - "$results" <<'EOF'
import re, sys, xml.etree.ElementTree as ET

def outcomes(path):
    out = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        name = f"{case.get('classname')}::{case.get('name')}"
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        # a test that failed and then errored in teardown counts as an error
        out[name] = "error" if "error" in kinds else kinds[0] if kinds else "passed"
    return out

def deselected(log):
    text = open(log).read()
    m = re.findall(r"(\d+) deselected", text)
    return int(m[-1]) if m else 0

def refused(log):
    m = re.findall(r"loopback_only: (\d+) refused", open(log).read())
    return int(m[-1]) if m else -1

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
runs = {(t, m, w): (outcomes(x), deselected(l), refused(l)) for t, m, w, x, l in rows}
print()
print(f"{'target':<12} {'mode':<9} {'source':<10} {'passed':>6} {'failed':>6} {'errors':>6} {'skipped':>7} {'deselected':>10} {'refused':>7}")
for t, m, w, _, _ in rows:
    res, desel, ref = runs[(t, m, w)]
    count = lambda k: sum(1 for v in res.values() if v == k)
    print(f"{t:<12} {m:<9} {w:<10} {count('passed'):>6} {count('failure'):>6} {count('error'):>6} {count('skipped'):>7} {desel:>10} {ref:>7}")
print()
for t, m, w, _, _ in rows:
    if w != "patched" or (t, m, "unpatched") not in runs:
        continue
    before, after = runs[(t, m, "unpatched")][0], runs[(t, m, "patched")][0]
    changed = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
    print(f"{t} {m}: {len(changed)} test(s) change outcome with the patch")
    for n in changed:
        print(f"    {n}: {before.get(n, 'absent')} -> {after.get(n, 'absent')}")
EOF
if [ "$logs" = "$work/logs" ]; then
  echo "patch-tests.sh: finished in $(($(date +%s) - started)) s (keep the logs with --logs DIR)" >&2
else
  echo "patch-tests.sh: finished in $(($(date +%s) - started)) s; logs in $logs" >&2
fi
