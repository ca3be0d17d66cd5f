#!/usr/bin/env bash
# Starts the demo: the Proxmox VE simulator (classroom seed, HTTPS), the API and the web app,
# with seeded users. Prints the URL and the logins. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
export COREPACK_INTEGRITY_KEYS=0
bash scripts/setup.sh
pnpm build
exec node apps/api/dist/demo/main.js "$@"
