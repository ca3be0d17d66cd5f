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

# Run everything, then close with one plain summary line summed from vitest's and Playwright's own.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
pnpm test 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
sed 's/\x1b\[[0-9;]*m//g' "$log" | awk -v status="$status" '
  /^ *Tests  / { if (match($0, /[0-9]+ passed/)) p += substr($0, RSTART, RLENGTH) + 0
                 if (match($0, /[0-9]+ failed/)) f += substr($0, RSTART, RLENGTH) + 0 }
  /^ +[0-9]+ passed \(/ { p += $1 }
  /^ +[0-9]+ (failed|flaky)$/ { f += $1 }
  END { if (status != 0 && f == 0) f = 1; printf "summary: %d passed, %d failed\n", p, f }'
exit "$status"
