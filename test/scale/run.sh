#!/usr/bin/env bash
# The scale test bed (make scale, part of make test): builds the frontend and the backend bundle
# as for production, starts a throw-away PostgreSQL, and runs the suites in test/scale, which
# start Redis, nginx, Prometheus, Alertmanager, the demo services and the backend replicas on
# free ports of 127.0.0.1 and stop them again. SCALE_SKIP_BUILD=1 reuses the last builds.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=/dev/null
source scripts/env.sh
bash scripts/ensure-system-packages.sh
if [ -z "${SCALE_SKIP_BUILD:-}" ]; then
  # The frontend build is shared with the end-to-end tests (built once per change).
  bash scripts/build-app.sh
  echo ">> scale: building the backend bundle (production build)"
  yarn workspace backend build >/dev/null
fi
pg="$(bash scripts/test-postgres.sh start)"
trap 'bash scripts/test-postgres.sh stop' EXIT
echo ">> scale: suites (PostgreSQL at $pg)"
SCALE_POSTGRES_URL="$pg" yarn playwright test -c test/scale/playwright.config.ts "$@"
