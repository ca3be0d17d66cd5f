#!/usr/bin/env bash
# Shared by demo.sh and test.sh: pnpm through corepack and the locked dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
# corepack's signature check fails against the registry mirror these machines use.
export COREPACK_INTEGRITY_KEYS=0
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$(node -p "require('./package.json').packageManager.split('@')[1]")" ]; then
  corepack enable
  corepack prepare --activate "$(node -p "require('./package.json').packageManager")"
fi
pnpm install --frozen-lockfile
