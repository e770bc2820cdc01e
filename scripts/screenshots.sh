#!/usr/bin/env bash
# Headless-Chromium screenshots of the built web app, kept as test artefacts.
#
#   scripts/screenshots.sh            shoot dist/ (builds it with `trunk build --release` if missing)
#   scripts/screenshots.sh --build    rebuild dist/ first
#   scripts/screenshots.sh --dist D   shoot another build directory
#
# Serves the build with `python3 -m http.server` on a free 127.0.0.1 port and
# writes PNGs into artifacts/screenshots/ (gitignored): the #3163 preset at the
# step where the buggy model orphans its first ClusterNode, in light and dark
# themes, at desktop (1400 px) and phone (390 px) widths, plus the same preset
# right after initialize() commits, and the guided tour at its leak chapter
# (`?tour=orphan`) and at the version matrix. Look at them.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

DIST="$ROOT/dist"
OUT="$ROOT/artifacts/screenshots"
BUILD=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) BUILD=1 ;;
    --dist) DIST="$(cd "$2" && pwd)"; shift ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "screenshots.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

if [[ $BUILD -eq 1 || ! -f "$DIST/index.html" ]]; then
  echo "screenshots: trunk build --release"
  trunk build --release --dist "$DIST"
fi
[[ -f "$DIST/index.html" ]] || { echo "screenshots: no $DIST/index.html" >&2; exit 1; }

CHROME=""
for c in chromium chromium-browser google-chrome; do
  if command -v "$c" >/dev/null; then CHROME="$c"; break; fi
done
[[ -n "$CHROME" ]] || { echo "screenshots: no chromium on PATH (scripts/setup.sh --test installs it)" >&2; exit 1; }

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server --bind 127.0.0.1 --directory "$DIST" "$PORT" >/dev/null 2>&1 &
SERVER=$!
PROFILES=()
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  for p in "${PROFILES[@]}"; do rm -rf "$p"; done
}
trap cleanup EXIT
for _ in $(seq 1 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/', timeout=1)" 2>/dev/null && break
  sleep 0.1
done

mkdir -p "$OUT"
shoot() { # name width height query
  local name="$1" width="$2" height="$3" query="$4" profile
  profile="$(mktemp -d)"
  PROFILES+=("$profile")
  timeout 120 "$CHROME" --headless=new --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$profile" --virtual-time-budget=5000 --window-size="$width,$height" \
    --screenshot="$OUT/$name.png" "http://127.0.0.1:$PORT/$query" >/dev/null 2>&1
  [[ -s "$OUT/$name.png" ]] || { echo "screenshots: $name.png was not written" >&2; return 1; }
  echo "screenshots: $OUT/$name.png"
}

ORPHAN="?preset=3163&step=first-orphan"
COMMIT="?preset=3163&step=commands-1"
shoot 3163-first-orphan-light 1400 1000 "$ORPHAN&theme=light"
shoot 3163-first-orphan-dark 1400 1000 "$ORPHAN&theme=dark"
shoot 3163-first-orphan-light-full 1400 3000 "$ORPHAN&theme=light"
shoot 3163-duplicate-primary-light 1400 1000 "?preset=3163&step=duplicate-primary&theme=light"
shoot 3163-after-commit-dark-full 1400 3000 "$COMMIT&theme=dark"
shoot 3163-first-orphan-phone-light 390 844 "$ORPHAN&theme=light"
shoot 3163-first-orphan-phone-dark-full 390 5200 "$ORPHAN&theme=dark"
shoot refresh-chart-light-full 1400 3000 "?preset=refresh&step=end&theme=light"
shoot tour-orphan-light 1400 1100 "?tour=orphan&theme=light"
shoot tour-orphan-dark-full 1400 3200 "?tour=orphan&theme=dark"
shoot tour-orphan-phone-light 390 1600 "?tour=orphan&theme=light"
shoot tour-versions-light 1400 1300 "?tour=versions&theme=light"
