#!/usr/bin/env bash
# Installs whatever Slotscope's web build and tests need and is missing.
# Idempotent: every tool's version is checked first, so a warm run takes
# seconds. Called by scripts/dev.sh, scripts/test.sh and scripts/bench.sh.
#
#   scripts/setup.sh          web toolchain: rustup target wasm32-unknown-unknown,
#                             trunk ~0.21, wasm-bindgen-cli 0.2.130,
#                             binaryen 132 and terser 5.51.4 (npm, into .tools/npm)
#   scripts/setup.sh --test   also Debian chromium + chromium-driver (headless
#                             browser tests), redis-server + redis-tools, and
#                             playwright-core and axe-core (npm, into .tools/npm; playwright drives
#                             /usr/bin/chromium for tests/e2e and bench; it never
#                             downloads a browser)
#
# Tools land in ~/.cargo/bin and .tools/npm/node_modules/.bin; scripts/env.sh
# puts both on PATH for every other script (and PATH below does here).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# ---- pinned versions (keep in sync with Cargo.toml and Trunk.toml) ----------
TRUNK_SERIES="0.21"           # trunk 0.22 needs rustc >= 1.96.1
WASM_BINDGEN_VERSION="0.2.130" # == Cargo.toml `wasm-bindgen = "=0.2.130"`
TERSER_VERSION="5.51.4"        # minifies the release page's scripts (prerender hook)
BINARYEN_VERSION="132"        # Debian's binaryen (108) can't read rustc 1.95 output
PLAYWRIGHT_CORE_VERSION="1.65.1" # --test: drives Debian's chromium (tests/e2e, scripts/bench.sh)
AXE_CORE_VERSION="4.14.1"     # --test: the accessibility audit of tests/e2e
NPM_PREFIX="$ROOT/.tools/npm"
APT_TEST_PACKAGES=(chromium chromium-driver redis-server redis-tools fonts-wqy-microhei)

export PATH="$NPM_PREFIX/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

WANT_TEST=0
for arg in "$@"; do
  case "$arg" in
    --test) WANT_TEST=1 ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

now_ms() { date +%s%3N; }
START_MS=$(now_ms)
say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

# ---- config consistency: one wrong pin means trunk tries to download -------
grep -Eq "^wasm-bindgen = \"=${WASM_BINDGEN_VERSION//./\\.}\"" Cargo.toml \
  || die "Cargo.toml must pin wasm-bindgen = \"=$WASM_BINDGEN_VERSION\""
grep -Eq "^wasm_bindgen = \"${WASM_BINDGEN_VERSION//./\\.}\"" Trunk.toml \
  || die "Trunk.toml [tools] must say wasm_bindgen = \"$WASM_BINDGEN_VERSION\""
grep -Eq "^wasm_opt = \"version_${BINARYEN_VERSION}\"" Trunk.toml \
  || die "Trunk.toml [tools] must say wasm_opt = \"version_$BINARYEN_VERSION\""
if [[ -f Cargo.lock ]] && grep -A1 -x 'name = "wasm-bindgen"' Cargo.lock | grep -q '^version' \
  && ! grep -A1 -x 'name = "wasm-bindgen"' Cargo.lock | grep -qx "version = \"$WASM_BINDGEN_VERSION\""; then
  die "Cargo.lock locks another wasm-bindgen than $WASM_BINDGEN_VERSION: run 'cargo update -p wasm-bindgen --precise $WASM_BINDGEN_VERSION'"
fi

# ---- Debian packages (only when something is missing) ---------------------
as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root (or sudo) to run: $*"; fi
}
apt_install() {
  say "apt: installing $*"
  export DEBIAN_FRONTEND=noninteractive
  # Wait for another apt/dpkg run (e.g. one started by hand) instead of failing.
  as_root apt-get -o DPkg::Lock::Timeout=900 update -qq
  as_root apt-get -o DPkg::Lock::Timeout=900 install -y -qq "$@" </dev/null
}

apt_missing=()
command -v cargo >/dev/null && command -v rustup >/dev/null \
  || die "cargo/rustup not found: this project needs the machine's Rust toolchain (rustup)"
command -v npm >/dev/null && command -v node >/dev/null || apt_missing+=(nodejs npm)
if [[ $WANT_TEST -eq 1 ]]; then
  command -v chromium >/dev/null || apt_missing+=(chromium)
  command -v chromedriver >/dev/null || apt_missing+=(chromium-driver)
  command -v redis-server >/dev/null || apt_missing+=(redis-server)
  command -v redis-cli >/dev/null || apt_missing+=(redis-tools)
  # A Chinese font: the e2e screenshots of the Chinese page (headless Chromium has none).
  [[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] || apt_missing+=(fonts-wqy-microhei)
fi
if [[ ${#apt_missing[@]} -gt 0 ]]; then
  apt_install "${apt_missing[@]}"
fi

# ---- rustup target ---------------------------------------------------------
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "ok   rustup target wasm32-unknown-unknown"
else
  say "add  rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# ---- cargo-installed tools -------------------------------------------------
# If an identical `cargo install` is already running (e.g. started by hand),
# wait for it rather than compiling the same thing twice on 2 cores.
wait_for_cargo_install() {
  local crate=$1 waited=0
  while pgrep -f "cargo install.* $crate( |\$)" >/dev/null 2>&1; do
    [[ $waited -eq 0 ]] && say "wait for a running 'cargo install $crate' to finish"
    sleep 5; waited=$((waited + 5))
  done
}

trunk_ok() { trunk --version 2>/dev/null | grep -Eq "^trunk ${TRUNK_SERIES//./\\.}\.[0-9]+"; }
if ! trunk_ok; then
  wait_for_cargo_install trunk
fi
if trunk_ok; then
  say "ok   $(trunk --version)"
else
  say "install trunk ~$TRUNK_SERIES (cargo install, several minutes cold)"
  cargo install trunk --version "~$TRUNK_SERIES" --locked
  trunk_ok || die "trunk ~$TRUNK_SERIES still not on PATH after install"
fi

wasm_bindgen_ok() {
  wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION" \
    && wasm-bindgen-test-runner --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"
}
if ! wasm_bindgen_ok; then
  wait_for_cargo_install wasm-bindgen-cli
fi
if wasm_bindgen_ok; then
  say "ok   $(wasm-bindgen --version) (+ wasm-bindgen-test-runner)"
else
  say "install wasm-bindgen-cli $WASM_BINDGEN_VERSION (cargo install, several minutes cold)"
  # No --locked: its lockfile can name crates newer than the registry index here.
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
  wasm_bindgen_ok || die "wasm-bindgen $WASM_BINDGEN_VERSION still not on PATH after install"
fi

# ---- binaryen (wasm-opt) from npm, project-local ---------------------------
# (binaryen's npm wasm-opt is node + wasm: about a second per start, so run it once)
WASM_OPT_VERSION=""
wasm_opt_ok() {
  WASM_OPT_VERSION=$("$NPM_PREFIX/node_modules/.bin/wasm-opt" --version 2>/dev/null || true)
  grep -q "version $BINARYEN_VERSION\b" <<<"$WASM_OPT_VERSION"
}
if wasm_opt_ok; then
  say "ok   $WASM_OPT_VERSION (.tools/npm)"
else
  say "install binaryen@$BINARYEN_VERSION.0.0 (npm, into .tools/npm)"
  mkdir -p "$NPM_PREFIX"
  npm install --prefix "$NPM_PREFIX" --no-audit --no-fund --loglevel=error \
    "binaryen@$BINARYEN_VERSION.0.0" </dev/null
  wasm_opt_ok || die "binaryen $BINARYEN_VERSION's wasm-opt does not run"
fi
[[ "$(command -v wasm-opt)" == "$NPM_PREFIX/node_modules/.bin/wasm-opt" ]] \
  || die "wasm-opt on PATH is $(command -v wasm-opt), not .tools/npm's"

# ---- playwright-core and axe-core from npm, project-local (--test) -------------
# Only the driver library: browsers come from Debian (/usr/bin/chromium), never
# from `playwright install`. axe-core is the accessibility audit tests/e2e injects.
# npm_pinned NAME VERSION: NAME@VERSION in .tools/npm, installed when missing.
npm_pinned() {
  local name=$1 version=$2
  pinned_ok() {
    [[ "$(node -p "require('$NPM_PREFIX/node_modules/$name/package.json').version" 2>/dev/null)" == "$version" ]]
  }
  if pinned_ok; then
    say "ok   $name $version (.tools/npm)"
    return
  fi
  say "install $name@$version (npm, into .tools/npm)"
  mkdir -p "$NPM_PREFIX"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$NPM_PREFIX" --no-audit --no-fund --loglevel=error \
    --save-exact "$name@$version" </dev/null
  pinned_ok || die "$name $version not installed in .tools/npm"
}
# terser minifies the release page's scripts (src/bin/prerender.rs, ui::minify):
# trunk's own minifier leaves wasm-bindgen's module and static/loader.js as they are.
npm_pinned terser "$TERSER_VERSION"
if [[ $WANT_TEST -eq 1 ]]; then
  npm_pinned playwright-core "$PLAYWRIGHT_CORE_VERSION"
  npm_pinned axe-core "$AXE_CORE_VERSION"
fi

if [[ $WANT_TEST -eq 1 ]]; then
  say "ok   $(chromium --version 2>/dev/null | head -n1), $(chromedriver --version | cut -d' ' -f1-2)"
  say "ok   $(redis-server --version | cut -d' ' -f1-3)"
fi

elapsed_ms=$(( $(now_ms) - START_MS ))
say "done in $((elapsed_ms / 1000)).$(printf '%03d' $((elapsed_ms % 1000)))s"
