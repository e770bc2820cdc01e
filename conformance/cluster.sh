#!/usr/bin/env bash
# Start a real Redis Cluster on 127.0.0.1, run a command against it, stop it.
#
#   conformance/cluster.sh [--announce hostname|ip|mixed|partial|split|unknown] [--primaries P] [--replicas N]
#                          [--ranges R] [--base-port PORT] -- COMMAND [ARGS...]
#
# Layout (the engine's topology generator uses the same one): the 16384 slots are
# split into P*R chunks, chunk k = [k*16384//(P*R), (k+1)*16384//(P*R) - 1], owned by
# primary k % P (CLUSTER ADDSLOTSRANGE). Primary i listens on base+i; replica j of
# primary i on base + P*(j+1) + i. Announce mode `hostname` sets
# `cluster-announce-hostname localhost` + `cluster-preferred-endpoint-type hostname`
# on every node, so CLUSTER SLOTS names every node `localhost`; `ip` keeps the
# defaults (127.0.0.1); `mixed` prefers hostnames too, but only the nodes at an even
# offset from the base port announce `localhost`, the others announce `127.0.0.1`, so
# one reply names nodes both ways (primaries and replicas, in every shard); `partial`
# is `mixed` with the odd ones announcing no hostname, which Redis gives as `?`;
# `split`: every node announces `localhost`, but only the even ones prefer hostnames, so
# a node's reply names every node `localhost` or every node by IP, as it prefers;
# `unknown` sets `cluster-preferred-endpoint-type unknown-endpoint`: every host is null.
#
# COMMAND runs once the cluster is ready (cluster_state:ok on every node, and every
# node's CLUSTER SLOTS shows the whole layout, every replica, the announced host, and
# agrees with every other node but for the order of a primary's replicas, which is
# each node's own). It sees, besides the variables below, the same
# values suffixed with the announce mode (e.g. SLOTSCOPE_CLUSTER_PORT_HOSTNAME), so
# two invocations can be nested to have both clusters up at once:
#   SLOTSCOPE_CLUSTER_PORT       primary 0's port (the startup port)
#   SLOTSCOPE_CLUSTER_PORTS      every node's port, comma-separated, primaries first
#   SLOTSCOPE_CLUSTER_ANNOUNCE   hostname | ip
#   SLOTSCOPE_CLUSTER_LAYOUT     P,N,R (primaries, replicas per primary, ranges per primary)
#   SLOTSCOPE_REDIS_SERVER       redis-server version, e.g. 7.0.15
# The servers are stopped by PID and the temp dir removed on any exit; the script
# exits with COMMAND's status.
set -euo pipefail

announce=hostname
primaries=3
replicas=1
ranges=2
base_port=""
while [ $# -gt 0 ]; do
  case "$1" in
    --announce) announce=$2; shift 2 ;;
    --primaries) primaries=$2; shift 2 ;;
    --replicas) replicas=$2; shift 2 ;;
    --ranges) ranges=$2; shift 2 ;;
    --base-port) base_port=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "cluster.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "cluster.sh: no command given (... -- COMMAND)" >&2; exit 2; }
case "$announce" in hostname|ip|mixed|partial|split|unknown) ;; *) echo "cluster.sh: --announce hostname|ip|mixed|partial|split|unknown" >&2; exit 2 ;; esac
# One primary's chunks touch, and CLUSTER SLOTS gives touching ranges of a node as one.
if [ "$primaries" -eq 1 ] && [ "$ranges" -gt 1 ]; then
  echo "cluster.sh: one primary owns one range (CLUSTER SLOTS joins touching ranges); use --ranges 1" >&2; exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$here/setup.sh" redis-server

nodes=$((primaries * (replicas + 1)))
workdir=$(mktemp -d "${TMPDIR:-/tmp}/slotscope-cluster-$announce.XXXXXX")
pids=()
ok=0

stop_cluster() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 50); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  if [ "$ok" != 1 ]; then
    echo "cluster.sh: cluster ($announce) did not come up; last log lines:" >&2
    tail -n 5 "$workdir"/*/redis.log >&2 2>/dev/null || true
  fi
  rm -rf "$workdir"
}
child=""
on_signal() {
  [ -z "$child" ] || kill -TERM "$child" 2>/dev/null || true
  exit "$1"
}
trap stop_cluster EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

# Pick a base port whose node ports and cluster-bus ports (+10000) are all free.
if [ -z "$base_port" ]; then
  base_port=$(python3 - "$nodes" <<'EOF'
import random, socket, sys
n = int(sys.argv[1])
def free(p):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p))
        return True
    except OSError:
        return False
    finally:
        s.close()
rng = random.SystemRandom()
for _ in range(200):
    base = rng.randrange(20000, 30000 - n)
    if all(free(base + i) and free(base + 10000 + i) for i in range(n)):
        print(base)
        break
else:
    sys.exit("no free port range")
EOF
)
fi

ports=()
for i in $(seq 0 $((nodes - 1))); do ports+=($((base_port + i))); done

# even PORT: whether the node on PORT is at an even offset from the base port (the
# half of the nodes that `mixed`, `partial` and `split` set apart).
even() { ((($1 - base_port) % 2 == 0)); }

# announced_host PORT: the name CLUSTER SLOTS gives the node on PORT (`split`: in the
# replies of the nodes that prefer hostnames).
announced_host() {
  case "$announce" in
    hostname | split) echo localhost ;;
    ip) echo 127.0.0.1 ;;
    mixed) if even "$1"; then echo localhost; else echo 127.0.0.1; fi ;;
    partial) if even "$1"; then echo localhost; else echo '?'; fi ;;
    unknown) echo null ;;
  esac
}

cli() { local port=$1; shift; redis-cli -h 127.0.0.1 -p "$port" "$@"; }

for port in "${ports[@]}"; do
  mkdir -p "$workdir/$port"
  {
    echo "port $port"
    echo "bind 127.0.0.1"
    echo "dir $workdir/$port"
    echo "logfile $workdir/$port/redis.log"
    echo "daemonize no"
    echo "save \"\""
    echo "appendonly no"
    echo "cluster-enabled yes"
    echo "cluster-config-file nodes.conf"
    echo "cluster-node-timeout 5000"
    # A replica shows in CLUSTER SLOTS only once its replication offset is non-zero;
    # with no writes that takes a master PING (every repl-ping-replica-period s).
    echo "repl-diskless-sync-delay 0"
    echo "repl-ping-replica-period 1"
    case "$announce" in
      hostname | mixed | partial)
        if [ "$(announced_host "$port")" != '?' ]; then echo "cluster-announce-hostname $(announced_host "$port")"; fi
        echo "cluster-preferred-endpoint-type hostname" ;;
      split)
        echo "cluster-announce-hostname localhost"
        if even "$port"; then echo "cluster-preferred-endpoint-type hostname"; fi ;;
      unknown) echo "cluster-preferred-endpoint-type unknown-endpoint" ;;
    esac
  } > "$workdir/$port/redis.conf"
  redis-server "$workdir/$port/redis.conf" &
  pids+=($!)
done

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then echo "cluster.sh: timed out waiting for $what" >&2; return 1; fi
    sleep 0.1
  done
}

for port in "${ports[@]}"; do wait_for 20 "redis-server on $port" cli "$port" ping; done
for port in "${ports[@]:1}"; do cli "$port" cluster meet 127.0.0.1 "$base_port" >/dev/null; done

chunks=$((primaries * ranges))
for i in $(seq 0 $((primaries - 1))); do
  args=()
  for k in $(seq "$i" "$primaries" $((chunks - 1))); do
    args+=($((k * 16384 / chunks)) $(((k + 1) * 16384 / chunks - 1)))
  done
  [ "$(cli "${ports[$i]}" cluster addslotsrange "${args[@]}")" = OK ]
done

knows_all() { cli "$1" cluster info | grep -q "^cluster_known_nodes:$nodes"; }
for port in "${ports[@]}"; do wait_for 30 "node $port to know all $nodes nodes" knows_all "$port"; done

replicate() { [ "$(cli "$1" cluster replicate "$2")" = OK ]; }
for j in $(seq 1 "$replicas"); do
  for i in $(seq 0 $((primaries - 1))); do
    id=$(cli "${ports[$i]}" cluster myid)
    wait_for 30 "replica $((base_port + primaries * j + i)) to follow ${ports[$i]}" \
      replicate $((base_port + primaries * j + i)) "$id"
  done
done

hosts=()
for port in "${ports[@]}"; do hosts+=("$port=$(announced_host "$port")"); done
ready() {
  local port
  for port in "${ports[@]}"; do
    cli "$port" cluster info | grep -q '^cluster_state:ok' || return 1
    cli "$port" --json cluster slots > "$workdir/slots.$port.json" || return 1
  done
  python3 - "$workdir" "$announce" "$base_port" "$primaries" "$replicas" "$ranges" "${hosts[@]}" <<'EOF'
import json, sys
workdir, announce, (base, P, N, R) = sys.argv[1], sys.argv[2], map(int, sys.argv[3:7])
host = {p: (None if h == "null" else h) for p, h in (a.split("=") for a in sys.argv[7:])}
ports = list(host)
replies = [json.load(open(f"{workdir}/slots.{p}.json")) for p in ports]
chunks = P * R
want = [[k * 16384 // chunks, (k + 1) * 16384 // chunks - 1, base + k % P,
         [base + P * (j + 1) + k % P for j in range(N)]] for k in range(chunks)]
# Each node lists a primary's replicas in the order it learned of them, so with two
# replicas or more the nodes' replies may differ in that order (and, `split`, in hosts).
same = lambda r: [[e[0], e[1], e[2][1:3]] + sorted(n[1:3] for n in e[3:]) for e in r]
for answering, reply in zip(ports, replies):
    got = [[e[0], e[1], e[2][1], sorted(n[1] for n in e[3:])] for e in reply]
    assert got == want, (got, want)
    if announce == "split" and (int(answering) - base) % 2:
        assert all(n[0] == "127.0.0.1" for e in reply for n in e[2:]), reply
    else:
        assert all(n[0] == host[str(n[1])] for e in reply for n in e[2:]), reply
    assert same(reply) == same(replies[0])
EOF
}
wait_for 60 "cluster ($announce) to be ready" ready
ok=1

version=$(redis-server --version | sed -n 's/.* v=\([^ ]*\).*/\1/p')
suffix=$(echo "$announce" | tr a-z A-Z)
port_list=$(IFS=,; echo "${ports[*]}")
export SLOTSCOPE_CLUSTER_PORT=$base_port SLOTSCOPE_CLUSTER_PORTS=$port_list
export SLOTSCOPE_CLUSTER_ANNOUNCE=$announce SLOTSCOPE_CLUSTER_LAYOUT="$primaries,$replicas,$ranges"
export SLOTSCOPE_REDIS_SERVER=$version
export "SLOTSCOPE_CLUSTER_PORT_$suffix=$base_port" "SLOTSCOPE_CLUSTER_PORTS_$suffix=$port_list"
export "SLOTSCOPE_CLUSTER_LAYOUT_$suffix=$primaries,$replicas,$ranges"
echo "cluster.sh: $announce cluster ready on ports $port_list (redis-server $version)" >&2

# In the background so that a signal to this script is handled at once (bash runs a
# trap only after the foreground command ends) and passed on to the command.
"$@" &
child=$!
status=0
wait "$child" || status=$?
exit "$status"
