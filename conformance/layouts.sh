#!/usr/bin/env bash
# Record what real redis-py does on clusters of other layouts and announcements than
# record.sh's (3 primaries x 1 replica x 2 ranges, all `localhost` or all IPs).
#
#   conformance/layouts.sh [--live] [--out DIR] [--layout "P,N,R ANNOUNCE"]
#
# One cluster per layout below (conformance/cluster.sh), and per release a probe.py run
# of each configuration into DIR/<primaries>-<replicas>-<ranges>-<announce>/, with a
# file COUNT there saying how many fixtures it holds (the replay fails on fewer).
# Default DIR: tests/fixtures/layouts (the committed set: the releases whose fixtures are
# small, one replica object per range). --live adds 5.0.1 and 4.6.0, whose replicas are
# objects per slot (megabytes a fixture); conformance/live.sh records that into a temp
# dir and replays it (tests/conformance.rs, SLOTSCOPE_LAYOUT_FIXTURES). --layout records
# just that one of the list below.
#
# The layouts:
#   2,0,3 hostname   no replicas, three ranges a primary
#   3,2,2 ip         two replicas: each node lists them in its own order, and 8.x asks a
#                    random node at every refresh (the fixtures keep every node's reply)
#   3,2,2 mixed      the same with `localhost` and `127.0.0.1` in one reply
#   4,1,2 mixed      four primaries, `localhost` and `127.0.0.1` in one reply
#   3,1,2 unknown    cluster-preferred-endpoint-type unknown-endpoint: every host null
#   3,1,2 split      every node announces `localhost`, only half prefer hostnames: a
#                    node's reply names all nodes `localhost` or all by IP, and which
#                    one a client reads depends on the node it asks (8.x: at random)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
out=$root/tests/fixtures/layouts
releases=(8.1.0 8.0.1 7.3.1 6.4.0)
layouts=("2,0,3 hostname" "3,2,2 ip" "3,2,2 mixed" "4,1,2 mixed" "3,1,2 unknown" "3,1,2 split")
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --live) releases+=(5.0.1 4.6.0); shift ;;
    --layout)
      known=""
      for layout in "${layouts[@]}"; do [ "$layout" = "$2" ] && known=1; done
      [ -n "$known" ] || { echo "layouts.sh: --layout \"$2\" is not one of the layouts listed at the top of layouts.sh" >&2; exit 2; }
      layouts=("$2"); shift 2 ;;
    *) echo "layouts.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
venvs=${SLOTSCOPE_VENVS:-$root/.tools/venvs}

"$here/setup.sh" redis-server
"$here/setup.sh" venv "${releases[@]}"

# The configurations, for both clients: each-range after 0 and 1 re-inits from both
# startup hosts; traffic after every refresh; read_from_replicas over 300 keys; and,
# where the release has it, address_remap of localhost.
configs=(
  "--startup-hosts localhost,127.0.0.1 --reinits 0,1 --workloads each-range"
  "--startup-hosts localhost --reinits 1 --workloads every-refresh"
  "--startup-hosts localhost --reinits 0 --workloads keys --key-count 300 --read-from-replicas"
  "--startup-hosts localhost --reinits 1 --workloads every-refresh --address-remap"
)

started=$(date +%s)
for layout in "${layouts[@]}"; do
  read -r shape announce <<< "$layout"
  IFS=, read -r primaries replicas ranges <<< "$shape"
  dir="$out/$primaries-$replicas-$ranges-$announce"
  rm -rf "$dir"
  mkdir -p "$dir"
  # Inside the cluster: every release's runs, then the count.
  LAYOUT_DIR=$dir LAYOUT_ANNOUNCE=$announce LAYOUT_RELEASES="${releases[*]}" LAYOUT_VENVS=$venvs \
    LAYOUT_PROBE="$here/probe.py" LAYOUT_CONFIGS="$(printf '%s\n' "${configs[@]}")" \
    "$here/cluster.sh" --announce "$announce" --primaries "$primaries" --replicas "$replicas" \
    --ranges "$ranges" -- bash -c '
      set -euo pipefail
      for v in $LAYOUT_RELEASES; do
        while IFS= read -r config; do
          read -ra options <<< "$config"
          "$LAYOUT_VENVS/redis-$v/bin/python" "$LAYOUT_PROBE" --out "$LAYOUT_DIR" \
            --announce "$LAYOUT_ANNOUNCE" --clients async,sync "${options[@]}" \
            --recorded-with "conformance/layouts.sh (redis-py $v probe: conformance/probe.py)" </dev/null >/dev/null
        done <<< "$LAYOUT_CONFIGS"
      done'
  find "$dir" -name '*.json' | wc -l > "$dir/COUNT"
  echo "layouts.sh: $(cat "$dir/COUNT") fixtures for $primaries primaries x $replicas replicas x $ranges ranges, $announce" >&2
done
echo "layouts.sh: recorded in $(($(date +%s) - started)) s into $out" >&2
