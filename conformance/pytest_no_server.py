"""pytest plugin: deselect the tests that need a Redis server to even start.

conformance/patch-tests.sh loads it (`-p pytest_no_server`) for its `unit` mode. A
test of redis-py's own suite needs a live server when it asks for one of the fixtures
below: they build a client on --redis-url (and, in cluster mode, ask it for CLUSTER
SLOTS) before the test body runs. Everything else runs: most of it mocks
Redis.execute_command / ClusterNode.execute_command and never connects. A test that
builds a real client inside its body (through `request`) still runs, and fails
without a server; patch-tests.sh reports those like any other failure.
"""

SERVER_FIXTURES = {
    "r",  # sync and async: a client on --redis-url
    "r2",
    "create_redis",  # async: the factory behind `r`
    "master_host",  # asks the server for its address
    "slowlog",
    "cluster_with_otel",  # 8.x: a cluster client with metrics
    "cluster_pipeline_with_otel",
}


def pytest_collection_modifyitems(config, items):
    keep, drop = [], []
    for item in items:
        needs = SERVER_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        (drop if needs else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
