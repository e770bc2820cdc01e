"""Times redis-py's own NodesManager.initialize() (asyncio client) on the worst-case
CLUSTER SLOTS reply: 16384 single-slot ranges, 16 primaries with 2 replicas each. The
startup node is stubbed to answer INFO and CLUSTER SLOTS from memory, so this is the
registry code alone, as the engine models it. Prints `python <announce> <ms>` lines
(median of N runs). Run it in a venv that has the redis-py version to measure.
"""
import asyncio
import copy
import sys
import time

import redis.asyncio.cluster as cluster

PRIMARIES, REPLICAS, RANGES = 16, 2, 1024
BASE = 7000


def reply(host):
    chunks = PRIMARIES * RANGES
    out = []
    for k in range(chunks):
        p = k % PRIMARIES
        node = lambda port: [host, port, format(port, "040x"), {}]
        entry = [k * 16384 // chunks, (k + 1) * 16384 // chunks - 1, node(BASE + p)]
        entry += [node(BASE + PRIMARIES * (j + 1) + p) for j in range(REPLICAS)]
        out.append(entry)
    return out


async def median_ms(host, runs):
    answer = reply(host)

    fresh = []

    async def execute_command(self, *args, **kwargs):
        if args[0] == "INFO":
            return {"cluster_enabled": 1}
        return fresh.pop()

    cluster.ClusterNode.execute_command = execute_command
    times = []
    for _ in range(runs):
        startup = cluster.ClusterNode("127.0.0.1", BASE)
        manager = cluster.NodesManager([startup], True, {})
        # initialize() rewrites the node lists it is given: a fresh copy per run,
        # made outside the timed part.
        fresh.append(copy.deepcopy(answer))
        start = time.perf_counter()
        await manager.initialize()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2]


async def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    for label, host in (("localhost", "localhost"), ("ip", "127.0.0.1")):
        print(f"python {label} {await median_ms(host, runs):.2f}")


asyncio.run(main())
