# Sourced by every script that runs the project's tools: the repository root, and
# the tools scripts/setup.sh installs (cargo's bin and .tools/npm) first on PATH.
# trunk's update check cannot reach out from here, so it is off.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/.tools/npm/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
cd "$ROOT"
