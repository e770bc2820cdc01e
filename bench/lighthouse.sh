#!/usr/bin/env bash
# Lighthouse on the release site, mobile and desktop presets, with Debian's Chromium.
#
#   bench/lighthouse.sh SITE_DIR [OUT_DIR]
#
# Installs lighthouse@12.2.3 (npm, pinned: 13.x needs Node 22) into .tools/lighthouse
# when missing, serves SITE_DIR gzip-compressed like a real host (bench/serve.py) on a
# free 127.0.0.1 port, runs both presets and prints one line per preset:
#   lighthouse <preset> performance <n> accessibility <n> best-practices <n> seo <n> fcp <ms> lcp <ms> tbt <ms> cls <x>
# The JSON reports stay in OUT_DIR (default artifacts/bench/lighthouse). Stops the
# server on any exit. Called by scripts/bench.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SITE=${1:?usage: bench/lighthouse.sh SITE_DIR [OUT_DIR]}
OUT=${2:-$ROOT/artifacts/bench/lighthouse}
VERSION=12.2.3
PREFIX="$ROOT/.tools/lighthouse"
mkdir -p "$OUT"

installed() {
  [[ "$(node -p "require('$PREFIX/node_modules/lighthouse/package.json').version" 2>/dev/null)" == "$VERSION" ]]
}
if ! installed; then
  echo "lighthouse.sh: installing lighthouse@$VERSION into .tools/lighthouse" >&2
  mkdir -p "$PREFIX"
  npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error --save-exact "lighthouse@$VERSION" </dev/null >&2
  installed || { echo "lighthouse.sh: lighthouse $VERSION did not install" >&2; exit 1; }
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 "$ROOT/bench/serve.py" "$SITE" "$port" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done

for preset in mobile desktop; do
  args=(--output=json --output-path="$OUT/$preset.json" --quiet --max-wait-for-load=30000
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run")
  # Lighthouse's defaults are the mobile preset; desktop is a config of its own.
  [[ $preset == desktop ]] && args+=(--preset=desktop)
  CHROME_PATH=/usr/bin/chromium node "$PREFIX/node_modules/lighthouse/cli/index.js" \
    "http://127.0.0.1:$port/" "${args[@]}" >&2
  python3 - "$OUT/$preset.json" "$preset" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
cat = {k: round(v["score"] * 100) if v.get("score") is not None else "n/a" for k, v in r["categories"].items()}
a = r["audits"]
num = lambda k: a[k].get("numericValue")
print(f"lighthouse {sys.argv[2]} performance {cat['performance']} accessibility {cat['accessibility']} "
      f"best-practices {cat['best-practices']} seo {cat['seo']} fcp {num('first-contentful-paint'):.0f} "
      f"lcp {num('largest-contentful-paint'):.0f} tbt {num('total-blocking-time'):.0f} "
      f"cls {num('cumulative-layout-shift'):.3f}")
EOF
done
