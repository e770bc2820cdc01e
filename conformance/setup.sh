#!/usr/bin/env bash
# Idempotent set-up for the conformance harness. A warm run does nothing and takes
# well under a second.
#   conformance/setup.sh redis-server        install redis-server + redis-tools (apt) if missing
#   conformance/setup.sh venv X.Y.Z...       make .tools/venvs/redis-X.Y.Z with redis==X.Y.Z
#   conformance/setup.sh venv-patched [--label L] X.Y.Z PATCH...
#                                             make .tools/venvs/redis-X.Y.Z+L (L defaults to
#                                             naming-fix): redis==X.Y.Z with every PATCH applied
#                                             (`patch -p1`) to the installed package in
#                                             site-packages, in order. The venv is remade when
#                                             a patch's content changes (its sha256 is in the
#                                             marker). Writes the patches' file names, one a
#                                             line, to the venv's slotscope-patches, which
#                                             probe.py records in every fixture.
# `venv` and `venv-patched` print nothing on stdout; the venv's python is
# .tools/venvs/redis-X.Y.Z[+L]/bin/python.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
venvs=${SLOTSCOPE_VENVS:-$here/../.tools/venvs}

# make_venv DIR X.Y.Z: a fresh venv at DIR with redis==X.Y.Z from PyPI.
make_venv() {
  echo "setup.sh: creating $1" >&2
  rm -rf "$1"
  mkdir -p "$venvs"
  python3 -m venv "$1"
  "$1/bin/pip" install -q --disable-pip-version-check "redis==$2" >&2
}

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
      make_venv "$dir" "$version"
      got=$("$dir/bin/python" -c 'import redis; print(redis.__version__)')
      [ "$got" = "$version" ] || { echo "setup.sh: venv has redis $got, wanted $version" >&2; exit 1; }
      echo "$version" > "$dir/.slotscope-ok"
    done
    ;;
  venv-patched)
    shift
    label=naming-fix
    if [ "${1:-}" = --label ]; then label=$2; shift 2; fi
    [ $# -ge 2 ] || { echo "usage: setup.sh venv-patched [--label L] X.Y.Z PATCH..." >&2; exit 2; }
    version=$1; shift
    dir=$venvs/redis-$version+$label
    want="$version+$label"
    for p in "$@"; do
      [ -f "$p" ] || { echo "setup.sh: no patch $p" >&2; exit 1; }
      want="$want $(basename "$p")=$(sha256sum < "$p" | cut -c1-16)"
    done
    [ "$(cat "$dir/.slotscope-ok" 2>/dev/null)" = "$want" ] && exit 0
    if ! command -v patch >/dev/null; then
      echo "setup.sh: installing patch" >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2
      apt-get install -y -qq patch >&2
    fi
    make_venv "$dir" "$version"
    site=$("$dir/bin/python" -c 'import os, redis; print(os.path.dirname(os.path.dirname(redis.__file__)))')
    : > "$dir/slotscope-patches"
    for p in "$@"; do
      patch -p1 --forward --batch --quiet -d "$site" < "$p" >&2 \
        || { echo "setup.sh: $p does not apply to redis $version" >&2; exit 1; }
      basename "$p" >> "$dir/slotscope-patches"
    done
    got=$("$dir/bin/python" -c 'import redis; print(redis.__version__)')
    [ "$got" = "$version" ] || { echo "setup.sh: venv has redis $got, wanted $version" >&2; exit 1; }
    echo "$want" > "$dir/.slotscope-ok"
    ;;
  *)
    echo "usage: setup.sh redis-server | venv X.Y.Z... | venv-patched [--label L] X.Y.Z PATCH..." >&2
    exit 2
    ;;
esac
