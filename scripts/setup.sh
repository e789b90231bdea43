#!/usr/bin/env bash
# Installs whatever is missing for building and testing groupscope. Idempotent: every tool's
# version is checked first and nothing is reinstalled when it already matches.
set -euo pipefail
cd "$(dirname "$0")/.."
# Note: no `grep -q` on a pipe here: it exits at the first match, the writer gets SIGPIPE and
# pipefail would report the pipe as failed (a tool present would look missing).

TRUNK_VERSION=0.21.14
say() { printf '[setup] %s\n' "$*"; }

# 1. The wasm32 target.
if ! rustup target list --installed | grep -x wasm32-unknown-unknown >/dev/null; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli at exactly the version in Cargo.lock (trunk and the test runner need it).
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$WB_VERSION" ]; then echo "[setup] cannot read the wasm-bindgen version from Cargo.lock" >&2; exit 1; fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  say "installing wasm-bindgen-cli $WB_VERSION (about 6 minutes)"
  # Without --locked: the locked build fails on this toolchain.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

# 3. trunk (0.22 needs a newer rustc).
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (10-14 minutes)"
  cargo install --locked trunk --version "$TRUNK_VERSION" --force
fi

# 4. npm dev dependencies: binaryen 132 (wasm-opt) and @playwright/test, from the lock file.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/playwright ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dev dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

# 5. Debian's chromium and chromedriver (Playwright's own browser download is blocked), and a
#    Korean font so Hangul renders in headless screenshots.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
fc-list 2>/dev/null | grep -i nanum >/dev/null || missing+=(fonts-nanum)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  # Wait for another apt (an unattended upgrade, another setup) instead of failing on its lock.
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}"
fi

# 6. Crates, so trunk can run offline.
cargo fetch --quiet
say "ready: wasm-bindgen $WB_VERSION, trunk $TRUNK_VERSION, $(node_modules/.bin/wasm-opt --version), $(chromium --version 2>/dev/null)"
