#!/usr/bin/env bash
# `slotscope check --url ...` against real nodes on 127.0.0.1: starts a cluster that
# announces localhost, one that announces IPs, and two small ones with null hosts
# (unknown-endpoint) and `?` hosts (conformance/cluster.sh, nested, so all are up at
# once; stopped by PID on any exit) and runs tests/check_live.rs with
# its ignored (live) tests. Those also start redis-servers of their own (password and
# ACL user, TLS with a throwaway CA made by openssl, a standalone node, a node that
# goes down) and read the release from the redis-py 5.0.1 venv.
#
#   conformance/check-live.sh [TESTNAME...]      (names filter the tests, as cargo test does)
#
# Idempotent set-up first: redis-server/redis-cli (apt) and the venv (SLOTSCOPE_VENVS
# moves it).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

"$here/setup.sh" redis-server
"$here/setup.sh" venv 5.0.1
cd "$root"
# Compile before the clusters start, so they do not idle through a build.
cargo test --test check_live --no-run
"$here/cluster.sh" --announce hostname -- \
  "$here/cluster.sh" --announce ip -- \
  "$here/cluster.sh" --announce unknown --primaries 2 --replicas 0 --ranges 1 -- \
  "$here/cluster.sh" --announce partial --primaries 2 --replicas 1 --ranges 1 -- \
  cargo test --test check_live -- --include-ignored "$@"
