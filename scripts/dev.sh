#!/usr/bin/env bash
# Installs the web toolchain if missing (scripts/setup.sh), then serves the
# app with `trunk serve` on http://127.0.0.1:8080/ (Trunk.toml [serve]),
# rebuilding on changes. Extra arguments go to trunk serve, e.g.
#   ./scripts/dev.sh --release          # optimised build
#   ./scripts/dev.sh --port 8081        # another port
#   ./scripts/dev.sh --no-autoreload    # no live-reload script in the page
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

"$ROOT/scripts/setup.sh"

echo "dev: trunk serve on http://127.0.0.1:8080/ (Ctrl-C to stop)"
exec trunk serve "$@"
