#!/usr/bin/env bash
# Builds the portal's frontend for production (packages/app/dist) unless the last build is newer
# than everything that goes into it. The end-to-end tests and the scale bed both serve this build
# from the backend, so `make test` builds it once. FORCE_APP_BUILD=1 builds anyway.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
stamp=packages/app/dist/index.html
if [ -z "${FORCE_APP_BUILD:-}" ] && [ -f "$stamp" ] &&
  [ -z "$(find packages/app plugins/observability plugins/observability-common \
    -path '*/node_modules' -prune -o -path '*/dist' -prune -o -path '*/dist-types' -prune -o \
    -type f -newer "$stamp" -print -quit)" ] &&
  [ ! yarn.lock -nt "$stamp" ]; then
  echo ">> frontend build is up to date ($stamp)"
  exit 0
fi
echo ">> building the frontend for production (packages/app/dist)"
log="$ROOT/.run/app-build.log"
mkdir -p "$ROOT/.run"
if ! yarn workspace app build >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "error: the frontend build failed; see $log" >&2
  exit 1
fi
