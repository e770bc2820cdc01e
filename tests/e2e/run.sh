#!/usr/bin/env bash
# End-to-end test of the hosted site (scripts/test.sh runs it as the "e2e" step).
#
#   tests/e2e/run.sh            build, serve under /slotscope/, walk the tour
#   tests/e2e/run.sh --no-build use the last build (target/e2e-site), if any
#
# Builds the release site with `trunk build --release --public-url /slotscope/`
# into a directory of its own (never the shared dist/), then runs
# tests/e2e/e2e.mjs: python3 -m http.server on a free 127.0.0.1 port serves it
# at /slotscope/, headless Chromium (/usr/bin/chromium via playwright-core from
# .tools/npm) walks the guided tour to the leak and checks the screen, the
# requests and the console. Screenshots: artifacts/e2e/ (gitignored). Ends with
# "e2e: N passed, N failed"; exit status 1 if any check failed.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"

BUILD=1
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "e2e: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

# Playwright-core, chromium (idempotent; about a second when warm).
"$ROOT/scripts/setup.sh" --test >/dev/null

# The served root; the site lives in its slotscope/ subfolder. Under target/ (so
# a --no-build rerun can reuse it), one directory per run.
SITE_ROOT="$ROOT/target/e2e-site"
if [[ $BUILD -eq 1 ]]; then
  rm -rf "$SITE_ROOT"
  mkdir -p "$SITE_ROOT"
  echo "e2e: trunk build --release --public-url /slotscope/ --dist $SITE_ROOT/slotscope"
  if ! trunk build --release --public-url /slotscope/ --dist "$SITE_ROOT/slotscope" >"$SITE_ROOT.log" 2>&1; then
    tail -n 40 "$SITE_ROOT.log"
    echo "FAIL - release build under /slotscope/ (log: ${SITE_ROOT#"$ROOT"/}.log)"
    echo "e2e: 0 passed, 1 failed"
    exit 1
  fi
fi
[[ -f "$SITE_ROOT/slotscope/index.html" ]] || { echo "e2e: no build in $SITE_ROOT (run without --no-build)"; echo "e2e: 0 passed, 1 failed"; exit 1; }

exec node tests/e2e/e2e.mjs --root "$SITE_ROOT" --path /slotscope/ --out "$ROOT/artifacts/e2e"
