"""Runs redis-py's cluster client the way the scenario says and reports what leaked."""
import asyncio
import gc
import os
import sys
import warnings

import redis
from redis.crc import key_slot

VERSION, CLIENT, HOST = os.environ["REDIS_PY_VERSION"], os.environ["CLIENT"], os.environ["STARTUP_HOST"]
REINIT, BASE = int(os.environ["REINIT"]), int(os.environ["BASE"])
PORTS = {int(p) for p in os.environ["CLUSTER_PORTS"].split(",")}
CHUNKS = int(os.environ["PRIMARIES"]) * int(os.environ["RANGES"])
PREDICTED = tuple(int(os.environ[k]) for k in ("PREDICTED_ORPHANS", "PREDICTED_OPEN_AFTER_CLOSE", "PREDICTED_WARNINGS"))
assert redis.__version__ == VERSION, f"redis-py {redis.__version__} is installed, not {VERSION}"


def range_keys():
    """One key per slot range, in range order: what each GET is sent to."""
    keys = []
    for k in range(CHUNKS):
        lo, hi = k * 16384 // CHUNKS, (k + 1) * 16384 // CHUNKS - 1
        n = 0
        while not lo <= key_slot(f"repro:{n}".encode()) <= hi:
            n += 1
        keys.append(f"repro:{n}")
    return keys


def orphans(manager):
    """Objects slots_cache uses that nodes_cache does not hold (by identity)."""
    cached = {id(node) for node in manager.nodes_cache.values()}
    used = {id(node): node for nodes in manager.slots_cache.values() for node in nodes}
    return sum(1 for key in used if key not in cached)


def open_sockets():
    """This process's ESTABLISHED TCP connections to the cluster, from /proc."""
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            if fields[3] == "01" and remote_port in PORTS and fields[9] in inodes:
                count += 1
    return count


def unclosed(caught):
    return sum(1 for w in caught if str(w.message).startswith("Unclosed ClusterNode object"))


async def run_async():
    from redis.asyncio.cluster import RedisCluster

    rc = RedisCluster(host=HOST, port=BASE)
    await rc.initialize()
    for _ in range(REINIT):
        await rc.nodes_manager.initialize()
    for key in range_keys():
        await rc.get(key)
    leaked = orphans(rc.nodes_manager)
    await (rc.aclose() if hasattr(rc, "aclose") else rc.close())
    still_open = open_sockets()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del rc
        gc.collect()
        await asyncio.sleep(0)
    return leaked, still_open, unclosed(caught)


def run_sync():
    from redis.cluster import RedisCluster

    rc = RedisCluster(host=HOST, port=BASE)
    for _ in range(REINIT):
        rc.nodes_manager.initialize()
    for key in range_keys():
        rc.get(key)
    leaked = orphans(rc.nodes_manager)
    rc.close()
    still_open = open_sockets()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del rc
        gc.collect()
    return leaked, still_open, unclosed(caught)


# The asyncio loop reports the same warning through its exception handler: keep
# the output to the counts.
def quiet_handler(loop, context):
    pass


if CLIENT == "async":
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(quiet_handler)
    observed = loop.run_until_complete(run_async())
    loop.close()
else:
    observed = run_sync()

print(f"redis-py {VERSION}, {CLIENT} client, RedisCluster(host={HOST!r}, port={BASE}), {REINIT} extra initialize(s)")
print(f"orphaned ClusterNode objects (in slots_cache, not in nodes_cache): {observed[0]}")
print(f"connections still open after close: {observed[1]}")
print(f'"Unclosed ClusterNode object" warnings once the client is collected: {observed[2]}')
print(f"Slotscope predicted: {PREDICTED[0]} orphaned, {PREDICTED[1]} open after close, {PREDICTED[2]} warnings")
if tuple(observed) == PREDICTED:
    print("repro: matches Slotscope's prediction")
else:
    print("repro: DIFFERS from Slotscope's prediction")
    sys.exit(1)
