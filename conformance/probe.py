#!/usr/bin/env python3
"""Record what real redis-py does to its node registry against a real Redis Cluster.

Runs inside a venv with one pinned redis-py (conformance/setup.sh venv X.Y.Z) while
conformance/cluster.sh keeps the cluster(s) up; reads the cluster's ports from the
SLOTSCOPE_CLUSTER_*_<MODE> variables that cluster.sh exports. For each configuration
(client async|sync, startup host, number of extra initialize() calls, announce mode,
workload; read_from_replicas for the whole run) it writes one fixture,
tests/fixtures/conformance/<client>-<version>_announce-<mode>_startup-<host>_reinit-<n>
[_rfr][_workload-<w>].json, `_rfr` with --read-from-replicas and `_workload-<w>` unless
the workload is each-range (format: docs/redis-py-behaviour.md, "Fixture format").
In a venv made by `conformance/setup.sh venv-patched` (a release with patches/ applied)
<version> is what --redis-py says, e.g. 5.0.1+naming-fix, and --model names the engine
model of each client (async=async-fixed); the probe refuses to run a patched venv
without such a label, or to label a plain one.

One configuration:
  1. create the client on (startup host, primary 0's port), with
     read_from_replicas=True if asked, and initialize it;
  2. call nodes_manager.initialize() N more times;
  3. the workload:
     each-range     after the last initialize, one GET per CLUSTER SLOTS entry, in
                    reply order, of the first key `slotscope:<n>` whose slot (redis-py's
                    own key_slot) is in the range;
     every-refresh  the same GETs after EVERY initialize (N + 1 rounds);
     keys           after the last initialize, one GET per key of a list, in order: the
                    first --key-count keys `<--key-prefix><n>` (n = 0, 1, ...) whose slot
                    no earlier key of the list has;
  4. walk the live ClusterNode objects and what the client's NodesManager references;
  5. close the client (aclose()/close()); count this process's ESTABLISHED TCP
     connections to the cluster's ports from /proc;
  6. drop the client (del + gc.collect()) while recording warnings and, for async,
     the event loop's exception handler; count "Unclosed ClusterNode object" and the
     connections still open.

To give ClusterNode objects stable identities the probe wraps, at run time and in this
process only, ClusterNode.__init__ (a sequence number per object, from 0, in creation
order; kept in a side table because the async class has __slots__) and __del__ (to drop
the entry). It also logs which object every command was sent through, and every READONLY that a
connection sends when it connects (read_from_replicas) as a command of its own, just
before the command whose connection sent it. The Python
random module is seeded per configuration (redis-py >= 8 shuffles the startup nodes it
asks for CLUSTER SLOTS; the sync client sends COMMAND to a random node).
"""
import argparse
import asyncio
import gc
import itertools
import json
import os
import random
import re
import subprocess
import sys
import traceback
import warnings
import weakref

import redis
import redis.asyncio.cluster as async_cluster
import redis.asyncio.connection
import redis.client
import redis.cluster as sync_cluster
import redis.connection

try:
    from redis.crc import key_slot
except ImportError:  # very old releases
    from redis.cluster import key_slot  # type: ignore

UNCLOSED = "Unclosed ClusterNode object"


class Tracker:
    """Stamps ClusterNode objects and logs the commands sent through them."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.next = 0
        self.by_id = {}  # id(node) -> stamp, for the nodes alive now
        self.commands = []
        self.manager = lambda: None  # weak reference to the sync NodesManager in use
        # The command being sent: [node, index of its entry in `commands`, owns(conn)],
        # so that a READONLY sent by the connection it opens is logged before it.
        self.current = None
        self.unattributed = 0  # READONLYs sent outside a logged command (never seen)

    def stamp(self, node):
        return self.by_id.get(id(node), -1)

    def log(self, node, command, owns):
        """Log `command` sent through `node`; returns the previous context, to be
        restored with `done` when the command returns."""
        previous = self.current
        self.commands.append([self.stamp(node), command])
        self.current = [node, len(self.commands) - 1, owns]
        return previous

    def done(self, previous):
        self.current = previous

    def log_readonly(self, connection, command):
        """A connection sends READONLY (on connect, read_from_replicas): log it, as its
        own command through the node whose command opened the connection, just before
        that command (which is what goes over the wire first)."""
        current = self.current
        if current is None or not current[2](connection):
            self.unattributed += 1
            self.commands.append([-1, command])
            return
        node, index, _ = current
        self.commands.insert(index, [self.stamp(node), command])
        current[1] = index + 1

    def install_connection_class(self, cls, is_async):
        """Wrap send_command where the class (or a base) defines it."""
        tracker = self
        owner = next(c for c in cls.__mro__ if "send_command" in c.__dict__)
        orig_send = owner.__dict__["send_command"]
        if is_async:

            async def send_command(conn, *args, **kwargs):
                if args and str(args[0]).upper() == "READONLY":
                    tracker.log_readonly(conn, str(args[0]))
                return await orig_send(conn, *args, **kwargs)

        else:

            def send_command(conn, *args, **kwargs):
                if args and str(args[0]).upper() == "READONLY":
                    tracker.log_readonly(conn, str(args[0]))
                return orig_send(conn, *args, **kwargs)

        owner.send_command = send_command

    def install_node_class(self, cls, log_execute):
        tracker = self
        orig_init = cls.__init__
        orig_del = cls.__dict__.get("__del__")

        def __init__(node, *args, **kwargs):
            tracker.by_id[id(node)] = tracker.next
            tracker.next += 1
            orig_init(node, *args, **kwargs)

        def __del__(node):
            try:
                if orig_del is not None:
                    orig_del(node)
            finally:
                tracker.by_id.pop(id(node), None)

        cls.__init__ = __init__
        cls.__del__ = __del__

        if log_execute:  # async: every command goes through ClusterNode.execute_command
            orig_execute = cls.execute_command

            async def execute_command(node, *args, **kwargs):
                previous = tracker.log(node, str(args[0]), lambda c: owns_async(node, c))
                try:
                    return await orig_execute(node, *args, **kwargs)
                finally:
                    tracker.done(previous)

            cls.execute_command = execute_command

    def install_sync_logging(self):
        tracker = self
        orig_manager_init = sync_cluster.NodesManager.__init__

        def manager_init(manager, *args, **kwargs):
            tracker.manager = weakref.ref(manager)  # must not keep the client alive
            orig_manager_init(manager, *args, **kwargs)

        sync_cluster.NodesManager.__init__ = manager_init

        # Commands routed by the cluster client (COMMAND, GET, ...).
        orig_execute = sync_cluster.RedisCluster._execute_command

        def _execute_command(rc, target_node, *args, **kwargs):
            previous = tracker.log(
                target_node, str(args[0]), lambda c: owns_sync(target_node.redis_connection, c)
            )
            try:
                return orig_execute(rc, target_node, *args, **kwargs)
            finally:
                tracker.done(previous)

        sync_cluster.RedisCluster._execute_command = _execute_command

        # Commands initialize() sends straight through a startup node's Redis client
        # (INFO, CLUSTER SLOTS).
        orig_redis_execute = redis.client.Redis.execute_command

        def redis_execute(r, *args, **kwargs):
            manager = tracker.manager()
            previous = tracker.current
            if manager is not None and args:
                for node in list(manager.startup_nodes.values()):
                    if node.redis_connection is r:
                        previous = tracker.log(node, str(args[0]), lambda c: owns_sync(r, c))
                        break
            try:
                return orig_redis_execute(r, *args, **kwargs)
            finally:
                tracker.done(previous)

        redis.client.Redis.execute_command = redis_execute


def owns_async(node, connection):
    """Is `connection` one of the async ClusterNode's connections?"""
    return any(c is connection for c in node._connections)


def owns_sync(r, connection):
    """Is `connection` one of the sync Redis client's pool's connections?"""
    if r is None:
        return False
    pool = r.connection_pool
    conns = list(getattr(pool, "_available_connections", [])) + list(
        getattr(pool, "_in_use_connections", [])
    )
    return any(c is connection for c in conns)


TRACKER = Tracker()
TRACKER.install_node_class(async_cluster.ClusterNode, log_execute=True)
TRACKER.install_node_class(sync_cluster.ClusterNode, log_execute=False)
TRACKER.install_sync_logging()
TRACKER.install_connection_class(redis.connection.Connection, is_async=False)
TRACKER.install_connection_class(redis.asyncio.connection.Connection, is_async=True)


def established_connections(ports):
    """This process's ESTABLISHED TCP connections to any of `ports`, from /proc."""
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                lines = f.readlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            if fields[3] == "01" and fields[9] in inodes and remote_port in ports:
                count += 1
    return count


def node_connections(node, client):
    """(connections created, connections currently connected) of one ClusterNode."""
    if client == "async":
        conns = list(node._connections)
        return len(conns), sum(1 for c in conns if c.is_connected)
    r = node.redis_connection
    if r is None:
        return 0, 0
    pool = r.connection_pool
    conns = list(pool._available_connections) + list(pool._in_use_connections)
    return pool._created_connections, sum(
        1 for c in conns if getattr(c, "_sock", None) is not None
    )


def distinct(values):
    return list(dict.fromkeys(values))


def host_text(host):
    """A node's host as JSON text. redis-py 4.3.0-4.3.x sync builds the nodes of a
    re-initialize with bytes hosts (b'127.0.0.1'); those are written as str() of the
    bytes, "b'127.0.0.1'", which is also how redis-py names such a node."""
    return host if isinstance(host, str) or host is None else str(host)


class Snapshot:
    """The node graph the client references, taken before close."""

    def __init__(self, rc, client, node_class, cluster_slots):
        stamp = TRACKER.stamp
        nm = rc.nodes_manager
        self.client = client
        gc.collect()
        in_cache = {id(n) for n in nm.nodes_cache.values()}
        in_startup = {id(n) for n in nm.startup_nodes.values()}
        registry = {}  # id -> node, everything the NodesManager references
        for n in list(nm.nodes_cache.values()) + list(nm.startup_nodes.values()):
            registry[id(n)] = n
        slot_ids = set()
        for nodes in nm.slots_cache.values():
            for n in nodes:
                registry[id(n)] = n
                slot_ids.add(id(n))
        if nm.default_node is not None:
            registry[id(nm.default_node)] = nm.default_node

        self.ranges = []
        for entry in cluster_slots:
            start, end = entry[0], entry[1]
            lists = [nm.slots_cache[i] for i in range(start, end + 1)]
            primaries = distinct(stamp(nodes[0]) for nodes in lists)
            width = max(len(nodes) for nodes in lists)
            replicas = [
                distinct(stamp(nodes[j]) for nodes in lists if len(nodes) > j)
                for j in range(1, width)
            ]
            self.ranges.append(
                {
                    "start": start,
                    "end": end,
                    "primary_object": primaries[0] if len(primaries) == 1 else primaries,
                    "replica_objects": replicas,
                }
            )

        self.nodes = sorted(registry.values(), key=stamp)
        self.created = {id(n): node_connections(n, client)[0] for n in self.nodes}
        self.rows_head = [
            [stamp(n), host_text(n.host), n.port, n.server_type, id(n) in in_cache, id(n) in in_startup]
            for n in self.nodes
        ]
        # Live ClusterNode objects the registry does not reference: the async
        # CommandsParser keeps the node it sent COMMAND to; the sync RedisCluster of
        # newer releases keeps the startup node list it was built with.
        holders = {}
        parser_node = getattr(getattr(rc, "commands_parser", None), "node", None)
        if parser_node is not None:
            holders.setdefault(id(parser_node), "commands_parser.node")
        if isinstance(getattr(rc, "startup_nodes", None), list):
            for n in rc.startup_nodes:
                holders.setdefault(id(n), "RedisCluster.startup_nodes")
        self.others = sorted(
            (o for o in gc.get_objects() if isinstance(o, node_class) and id(o) not in registry),
            key=stamp,
        )
        self.others_held_by = [holders.get(id(o), "unknown") for o in self.others]
        self.observed = {
            "objects_created": TRACKER.next,
            "nodes_cache": {name: stamp(n) for name, n in nm.nodes_cache.items()},
            "startup_nodes": {name: stamp(n) for name, n in nm.startup_nodes.items()},
            "default_node": stamp(nm.default_node) if nm.default_node is not None else None,
            "ranges": self.ranges,
            "distinct_slot_objects": len(slot_ids),
            "orphaned_objects": len(slot_ids - in_cache),
        }

    def finish(self, open_after_close):
        """Observed values after close; drops every reference to the nodes."""
        stamp = TRACKER.stamp
        observed = self.observed
        observed["objects"] = [
            head + [self.created[id(n)], node_connections(n, self.client)[1]]
            for head, n in zip(self.rows_head, self.nodes)
        ]
        observed["other_live_objects"] = [
            [stamp(o), host_text(o.host), o.port, o.server_type, held, *node_connections(o, self.client)]
            for o, held in zip(self.others, self.others_held_by)
        ]
        observed["open_connections_after_close"] = open_after_close
        self.nodes = self.others = None
        return observed


def count_unclosed(recorded, mark):
    """Unclosed ClusterNode warnings at the drop (after `mark`) and before it."""
    hits = [UNCLOSED in str(w.message) for w in recorded]
    return {
        "unclosed_warnings": sum(hits[mark:]),
        "unclosed_warnings_before_drop": sum(hits[:mark]),
    }


def summarize_warnings(seen):
    """Every warning but "Unclosed ClusterNode object", counted by category and message
    with object reprs reduced to their type (`<socket.socket fd=7, ...>` ->
    `(socket.socket)`); `seen` holds (category name, message) pairs."""
    other = {}
    for category, text in seen:
        if UNCLOSED in text:
            continue
        while True:  # innermost reprs first
            reduced = re.sub(r"<([\w.]+)[^<>]*>", r"(\1)", text)
            if reduced == text:
                break
            text = reduced
        key = f"{category}: {text}"[:120]
        other[key] = other.get(key, 0) + 1
    return other


def workload_keys(cluster_slots):
    """One deterministic key per CLUSTER SLOTS entry, by redis-py's own key_slot."""
    keys = []
    for entry in cluster_slots:
        n = 0
        while not entry[0] <= key_slot(f"slotscope:{n}".encode()) <= entry[1]:
            n += 1
        keys.append(f"slotscope:{n}")
    return keys


def distinct_slot_keys(prefix, count):
    """The first `count` keys `<prefix><n>` (n = 0, 1, ...) whose slot is new."""
    keys, slots, n = [], set(), 0
    while len(keys) < count:
        key = f"{prefix}{n}"
        slot = key_slot(key.encode())
        if slot not in slots:
            slots.add(slot)
            keys.append(key)
        n += 1
    return keys


def rounds_of_gets(cfg):
    """The GET keys after each of the 1 + reinit initializes, per the workload."""
    total = 1 + cfg["reinit"]
    keys = cfg["workload_keys"]
    if cfg["workload"] == "every-refresh":
        return [keys] * total
    return [[]] * (total - 1) + [keys]  # each-range, keys: after the last one only


def localhost_to_ip(address):
    """address_remap: every node announced as localhost is dialled as 127.0.0.1."""
    host, port = address
    return ("127.0.0.1", port) if host == "localhost" else (host, port)


def client_options(cfg):
    """RedisCluster keyword arguments besides host and port: read_from_replicas and
    address_remap only when asked for (so the other configurations construct the
    client as before)."""
    options = {"read_from_replicas": True} if cfg["read_from_replicas"] else {}
    if cfg.get("address_remap"):
        options["address_remap"] = localhost_to_ip
    return options


async def run_async(cfg, cluster, recorded):
    loop = asyncio.get_running_loop()
    handler_messages = []
    loop.set_exception_handler(lambda _l, ctx: handler_messages.append(str(ctx.get("message"))))
    rc = async_cluster.RedisCluster(host=cfg["startup_host"], port=cfg["startup_port"], **client_options(cfg))
    rounds = rounds_of_gets(cfg)
    await rc.initialize()
    for k, gets in enumerate(rounds):
        if k:
            await rc.nodes_manager.initialize()
        for key in gets:
            await rc.get(key)
    snap = Snapshot(rc, "async", async_cluster.ClusterNode, cluster["slots"])
    # redis-py < 5.0.1 has no aclose(); close() is its name there.
    await (rc.aclose() if hasattr(rc, "aclose") else rc.close())
    await asyncio.sleep(0)
    observed = snap.finish(established_connections(cluster["ports"]))
    mark, handler_mark = len(recorded), len(handler_messages)
    del rc, snap
    gc.collect()
    await asyncio.sleep(0)
    observed["open_connections_after_drop"] = established_connections(cluster["ports"])
    observed.update(count_unclosed(recorded, mark))
    observed["unclosed_exception_handler_calls"] = sum(
        UNCLOSED in m for m in handler_messages[handler_mark:]
    )
    return observed


def run_sync(cfg, cluster, recorded):
    rc = sync_cluster.RedisCluster(host=cfg["startup_host"], port=cfg["startup_port"], **client_options(cfg))
    for k, gets in enumerate(rounds_of_gets(cfg)):
        if k:
            rc.nodes_manager.initialize()
        for key in gets:
            rc.get(key)
    snap = Snapshot(rc, "sync", sync_cluster.ClusterNode, cluster["slots"])
    rc.close()
    observed = snap.finish(established_connections(cluster["ports"]))
    mark = len(recorded)
    del rc, snap
    gc.collect()
    observed["open_connections_after_drop"] = established_connections(cluster["ports"])
    observed.update(count_unclosed(recorded, mark))
    observed["unclosed_exception_handler_calls"] = 0
    return observed


def run_config(cfg, cluster):
    """Run one configuration; returns its `observed` object."""
    TRACKER.reset()
    random.seed(cfg["random_seed"])
    gc.collect()
    # Exceptions raised in __del__ (e.g. a leaked async connection collected after its
    # event loop closed) are counted instead of printed.
    unraisable = {}

    def on_unraisable(u):
        where = getattr(u.object, "__qualname__", type(u.object).__name__)
        key = f"{type(u.exc_value).__name__}: {u.exc_value} (in {where})"[:120]
        unraisable[key] = unraisable.get(key, 0) + 1

    previous_hook = sys.unraisablehook
    sys.unraisablehook = on_unraisable
    with warnings.catch_warnings(record=True) as recorded:
        warnings.simplefilter("always")

        def keep(message, _append=recorded.append):
            # A recorded warning would keep its `source` (the ClusterNode that warned,
            # with its connections) alive; a printed one does not.
            message.source = None
            _append(message)

        warnings._showwarnmsg_impl = keep  # what record=True installs; restored on exit
        gc.disable()  # collections happen only where the probe asks for them
        try:
            if cfg["client"] == "async":
                observed = asyncio.run(run_async(cfg, cluster, recorded))
            else:
                observed = run_sync(cfg, cluster, recorded)
            # Let go of whatever the closed event loop still held (the leaked async
            # connections) while warnings and the hook are still being recorded.
            seen = [(w.category.__name__, str(w.message)) for w in recorded]
            recorded.clear()
            gc.collect()
            later = [(w.category.__name__, str(w.message)) for w in recorded]
        finally:
            gc.enable()
            sys.unraisablehook = previous_hook
    observed["other_warnings"] = summarize_warnings(seen)
    # Not redis-py's own doing at the drop: what Python says when the leaked
    # connections themselves are finally collected, after the event loop closed.
    observed["warnings_after_release"] = summarize_warnings(later)
    observed["unraisable_exceptions"] = unraisable
    observed["commands"] = TRACKER.commands
    if TRACKER.unattributed:
        raise RuntimeError(f"{TRACKER.unattributed} READONLY sent outside a logged command")
    TRACKER.reset()
    return observed


def dump_json(value, indent=0):
    """JSON with objects spread over lines and rows (lists of lists/objects) one per
    line: readable diffs, and ~16k object rows stay ~16k lines."""
    pad = " " * indent
    if isinstance(value, dict) and value and indent < 4:
        items = [
            f'{pad} {json.dumps(k)}: {dump_json(v, indent + 1).lstrip()}' for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and value and all(isinstance(v, (list, dict)) for v in value):
        rows = [pad + " " + json.dumps(v, ensure_ascii=False) for v in value]
        return "[\n" + ",\n".join(rows) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False)


def cluster_slots(port):
    """`redis-cli --json CLUSTER SLOTS` on one node."""
    return json.loads(
        subprocess.run(
            ["redis-cli", "-h", "127.0.0.1", "-p", str(port), "--json", "cluster", "slots"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )


def cluster_from_env(announce):
    mode = announce.upper()
    port = int(os.environ[f"SLOTSCOPE_CLUSTER_PORT_{mode}"])
    ports = [int(p) for p in os.environ[f"SLOTSCOPE_CLUSTER_PORTS_{mode}"].split(",")]
    primaries, replicas, ranges = map(int, os.environ[f"SLOTSCOPE_CLUSTER_LAYOUT_{mode}"].split(","))
    slots = cluster_slots(port)
    # Each node lists a primary's replicas in its own order; a client that asks
    # another node (8.x picks one at random) gets that node's reply.
    by_port = {}
    for other in ports:
        reply = cluster_slots(other) if other != port else slots
        if reply != slots:
            by_port[str(other)] = reply
    return {
        "announce": announce,
        "port": port,
        "ports": set(ports),
        "slots": slots,
        "slots_by_port": by_port,
        "layout": {"primaries": primaries, "replicas": replicas, "ranges_per_primary": ranges},
    }


WORKLOADS = ("each-range", "every-refresh", "keys")


def applied_patches():
    """The patches conformance/setup.sh venv-patched applied to this venv's redis-py
    (file names under patches/, in order), or [] for a plain release."""
    try:
        with open(os.path.join(sys.prefix, "slotscope-patches")) as f:
            return [line.strip() for line in f if line.strip()]
    except FileNotFoundError:
        return []


def fixture_name(cfg):
    return (
        f"{cfg['client']}-{cfg['redis_py']}_announce-{cfg['announce']}"
        f"_startup-{cfg['startup_host']}_reinit-{cfg['reinit']}"
        + ("_rfr" if cfg["read_from_replicas"] else "")
        + ("_remap" if cfg.get("address_remap") else "")
        + ("" if cfg["workload"] == "each-range" else f"_workload-{cfg['workload']}")
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="directory for the fixtures")
    ap.add_argument("--announce", default="hostname,ip")
    ap.add_argument("--clients", default="async,sync")
    ap.add_argument("--startup-hosts", default="localhost,127.0.0.1")
    ap.add_argument("--reinits", default="0,1,5")
    ap.add_argument(
        "--workloads", default="each-range", help="comma-separated: " + ", ".join(WORKLOADS)
    )
    ap.add_argument(
        "--read-from-replicas",
        action="store_true",
        help="construct every client with read_from_replicas=True",
    )
    ap.add_argument("--key-count", type=int, default=1000, help="keys workload: how many keys")
    ap.add_argument("--key-prefix", default="slotscope:rfr:", help="keys workload: key prefix")
    ap.add_argument(
        "--redis-py",
        help="config.redis_py and the fixture names' release (default: redis.__version__); "
        "required, as X.Y.Z+LABEL, in a venv made by setup.sh venv-patched",
    )
    ap.add_argument(
        "--model",
        action="append",
        default=[],
        metavar="CLIENT=NAME",
        help="config.model for one client (default <client>-<redis.__version__>), "
        "e.g. async=async-fixed",
    )
    ap.add_argument(
        "--address-remap",
        action="store_true",
        help="RedisCluster(address_remap=...) mapping localhost to 127.0.0.1 (redis-py >= 4.5.5); "
        'config.address_remap = "localhost=127.0.0.1"',
    )
    ap.add_argument("--recorded-with", default="conformance/probe.py")
    ap.add_argument(
        "--keep-going",
        action="store_true",
        help="write a fixture with an `error` for a failing configuration instead of stopping",
    )
    args = ap.parse_args()
    workloads = args.workloads.split(",")
    unknown = [w for w in workloads if w not in WORKLOADS]
    if unknown:
        ap.error(f"unknown workload(s) {unknown} (known: {', '.join(WORKLOADS)})")
    patches = applied_patches()
    release = args.redis_py or redis.__version__
    if release.split("+")[0] != redis.__version__ or bool(patches) != ("+" in release):
        ap.error(
            f"--redis-py {release!r} does not describe this venv: redis {redis.__version__}"
            + (f" with {', '.join(patches)}" if patches else ", unpatched")
        )
    models = {}
    for item in args.model:
        client, sep, name = item.partition("=")
        if not sep or client not in ("async", "sync"):
            ap.error(f"--model {item!r}: want async=NAME or sync=NAME")
        models[client] = name
    os.makedirs(args.out, exist_ok=True)
    server = os.environ.get("SLOTSCOPE_REDIS_SERVER", "unknown")
    failures = 0
    for announce in args.announce.split(","):
        cluster = cluster_from_env(announce)
        range_keys = workload_keys(cluster["slots"])
        for client, host, reinit, workload in itertools.product(
            args.clients.split(","),
            args.startup_hosts.split(","),
            map(int, args.reinits.split(",")),
            workloads,
        ):
            if workload == "keys":
                keys = distinct_slot_keys(args.key_prefix, args.key_count)
            else:
                keys = range_keys
            cfg = {
                "redis_py": release,
                "client": client,
                "model": models.get(client, f"{client}-{redis.__version__}"),
                **({"patches": patches} if patches else {}),
                "announce": announce,
                "startup_host": host,
                "startup_port": cluster["port"],
                "reinit": reinit,
                "workload": workload,
                "read_from_replicas": args.read_from_replicas,
                **({"address_remap": "localhost=127.0.0.1"} if args.address_remap else {}),
                **cluster["layout"],
                "redis_server": server,
                "python": sys.version.split()[0],
                "workload_keys": keys,
            }
            name = fixture_name(cfg)
            cfg["random_seed"] = name
            fixture = {"config": cfg, "cluster_slots": cluster["slots"]}
            if cluster["slots_by_port"]:
                fixture["cluster_slots_by_port"] = cluster["slots_by_port"]
            try:
                fixture["observed"] = run_config(cfg, cluster)
            except Exception as e:  # noqa: BLE001 - recorded, or re-raised
                failures += 1
                if not args.keep_going:
                    raise
                fixture["error"] = f"{type(e).__name__}: {e}"
                fixture["traceback"] = traceback.format_exc()
            fixture["recorded_with"] = args.recorded_with
            with open(os.path.join(args.out, name + ".json"), "w") as f:
                f.write(dump_json(fixture) + "\n")
            obs = fixture.get("observed", {})
            print(
                f"probe: {name}: created={obs.get('objects_created')} "
                f"orphans={obs.get('orphaned_objects')} "
                f"open_after_close={obs.get('open_connections_after_close')} "
                f"warnings={obs.get('unclosed_warnings')}"
                + (f" ERROR {fixture['error']}" if "error" in fixture else ""),
                file=sys.stderr,
            )
    return 1 if failures and not args.keep_going else 0


if __name__ == "__main__":
    sys.exit(main())
