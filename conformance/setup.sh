#!/usr/bin/env bash
# Idempotent set-up for the conformance harness. A warm run does nothing and takes
# well under a second.
#   conformance/setup.sh redis-server        install redis-server + redis-tools (apt) if missing
#   conformance/setup.sh venv X.Y.Z...       make .tools/venvs/redis-X.Y.Z with redis==X.Y.Z
# `venv` prints nothing on stdout; the venv's python is .tools/venvs/redis-X.Y.Z/bin/python.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
venvs=${SLOTSCOPE_VENVS:-$here/../.tools/venvs}

case "${1:-}" in
  redis-server)
    if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
      echo "setup.sh: installing redis-server and redis-tools" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2
      apt-get install -y -qq redis-server redis-tools >&2
    fi
    ;;
  venv)
    shift
    for version in "$@"; do
      dir=$venvs/redis-$version
      [ "$(cat "$dir/.slotscope-ok" 2>/dev/null)" = "$version" ] && continue
      echo "setup.sh: creating $dir" >&2
      rm -rf "$dir"
      mkdir -p "$venvs"
      python3 -m venv "$dir"
      "$dir/bin/pip" install -q --disable-pip-version-check "redis==$version" >&2
      got=$("$dir/bin/python" -c 'import redis; print(redis.__version__)')
      [ "$got" = "$version" ] || { echo "setup.sh: venv has redis $got, wanted $version" >&2; exit 1; }
      echo "$version" > "$dir/.slotscope-ok"
    done
    ;;
  *)
    echo "usage: setup.sh redis-server | venv X.Y.Z..." >&2
    exit 2
    ;;
esac
