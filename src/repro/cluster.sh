# ---- a local Redis Cluster with that layout ----------------------------------
# Chunk k of PRIMARIES*RANGES equal slot chunks belongs to primary k % PRIMARIES, so
# each primary owns RANGES separate ranges. Primary i listens on BASE+i, its j-th
# replica on BASE + PRIMARIES*(j+1) + i.
for tool in redis-server redis-cli python3; do
  command -v "$tool" >/dev/null || { echo "repro: $tool is not installed" >&2; exit 2; }
done
nodes=$((PRIMARIES * (REPLICAS + 1)))
workdir=$(mktemp -d "${TMPDIR:-/tmp}/slotscope-repro.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

BASE=$(python3 - "$nodes" <<'PY'
import random, socket, sys
n = int(sys.argv[1])
def free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False
for _ in range(500):
    base = random.randrange(20000, 30000 - n)
    if all(free(base + i) and free(base + 10000 + i) for i in range(n)):
        print(base)
        break
else:
    sys.exit("repro: no free range of ports")
PY
)
cli() { local port=$1; shift; redis-cli -h 127.0.0.1 -p "$port" "$@"; }
until_ok() {  # until_ok SECONDS WHAT COMMAND...: retry COMMAND until it succeeds
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "repro: timed out waiting for $what" >&2; exit 1; }
    sleep 0.1
  done
}
ports=()
for i in $(seq 0 $((nodes - 1))); do
  port=$((BASE + i)); ports+=("$port"); mkdir -p "$workdir/$port"
  conf=(--port "$port" --bind 127.0.0.1 --dir "$workdir/$port" --logfile redis.log --save ""
        --appendonly no --cluster-enabled yes --cluster-config-file nodes.conf
        --cluster-node-timeout 5000 --repl-ping-replica-period 1)
  if [ "$ANNOUNCE" = localhost ]; then
    conf+=(--cluster-announce-hostname localhost --cluster-preferred-endpoint-type hostname)
  fi
  redis-server "${conf[@]}" >/dev/null &
  pids+=($!)
done
for port in "${ports[@]}"; do until_ok 20 "redis-server on $port" cli "$port" ping; done
for port in "${ports[@]:1}"; do cli "$port" cluster meet 127.0.0.1 "$BASE" >/dev/null; done
chunks=$((PRIMARIES * RANGES))
for i in $(seq 0 $((PRIMARIES - 1))); do
  ranges=()
  for k in $(seq "$i" "$PRIMARIES" $((chunks - 1))); do
    ranges+=($((k * 16384 / chunks)) $(((k + 1) * 16384 / chunks - 1)))
  done
  cli "${ports[$i]}" cluster addslotsrange "${ranges[@]}" >/dev/null
done
knows_all() { cli "$1" cluster info | grep -q "^cluster_known_nodes:$nodes"; }
for port in "${ports[@]}"; do until_ok 30 "node $port to meet the others" knows_all "$port"; done
follows() { [ "$(cli "$1" cluster replicate "$2")" = OK ]; }
for j in $(seq 1 "$REPLICAS"); do
  for i in $(seq 0 $((PRIMARIES - 1))); do
    until_ok 30 "a replica for ${ports[$i]}" follows $((BASE + PRIMARIES * j + i)) "$(cli "${ports[$i]}" cluster myid)"
  done
done
# Ready when every node serves all slots and lists every replica in CLUSTER SLOTS.
ready() {
  local port
  for port in "${ports[@]}"; do
    cli "$port" cluster info | grep -q '^cluster_state:ok' || return 1
    cli "$port" --json cluster slots | python3 -c '
import json, sys
reply, want = json.load(sys.stdin), int(sys.argv[1])
sys.exit(0 if len(reply) == int(sys.argv[2]) and all(len(e) - 3 == want for e in reply) else 1)' "$REPLICAS" "$chunks" || return 1
  done
}
until_ok 60 "the cluster to be ready" ready
echo "repro: Redis $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') cluster on 127.0.0.1:$BASE-$((BASE + nodes - 1)), announcing $ANNOUNCE"

# ---- redis-py, pinned -------------------------------------------------------------
python=${SLOTSCOPE_REPRO_PYTHON:-}
if [ -z "$python" ]; then
  venv="${XDG_CACHE_HOME:-$HOME/.cache}/slotscope-repro/redis-$REDIS_PY_VERSION"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import redis, sys; sys.exit(redis.__version__ != '$REDIS_PY_VERSION')" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "redis==$REDIS_PY_VERSION"
  fi
  python="$venv/bin/python"
fi
export REDIS_PY_VERSION CLIENT STARTUP_HOST REINIT BASE PRIMARIES RANGES PREDICTED_ORPHANS PREDICTED_OPEN_AFTER_CLOSE PREDICTED_WARNINGS
export CLUSTER_PORTS=$(IFS=,; echo "${ports[*]}")
