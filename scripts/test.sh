#!/usr/bin/env bash
# Runs every test: build, typecheck, lint, format check, unit and integration suites, e2e.
set -euo pipefail
cd "$(dirname "$0")/.."
export COREPACK_INTEGRITY_KEYS=0
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's chromium for the end-to-end tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium not found at $CHROMIUM_PATH: install Debian's 'chromium' package or set CHROMIUM_PATH" >&2
    exit 1
  fi
fi
bash scripts/setup.sh
pnpm test
