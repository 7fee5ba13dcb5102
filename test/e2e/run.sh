#!/usr/bin/env bash
# Runs the end-to-end tests against the portal and demo stack. Uses the ones `make start` is
# running, or starts them and stops them again afterwards.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
cd "$ROOT"

started_stack=false
started_portal=false
cleanup() {
  $started_portal && bash scripts/portal.sh stop || true
  if $started_stack; then
    (cd packages/demo-stack && node --require @backstage/cli/config/nodeTransform.cjs src/cli.ts stop "$ROOT/.run/demo-stack") || true
  fi
}
trap cleanup EXIT

if ! curl -fs -o /dev/null --max-time 3 http://127.0.0.1:9090/-/ready; then
  echo ">> starting the demo stack for the end-to-end tests"
  (cd packages/demo-stack && node --require @backstage/cli/config/nodeTransform.cjs src/cli.ts start "$ROOT/.run/demo-stack")
  started_stack=true
fi
# A portal `make start` is running (dev server on :3000) is used as it is. Otherwise the tests
# run against the production build of the frontend served by the backend alone on :7007, as a
# deployed portal serves it: a fresh browser context loads it in 2-3 s where the dev server's
# bundle takes 10-20 s, which was half the suite's time.
if curl -fs -o /dev/null --max-time 3 http://localhost:3000/; then
  export PLAYWRIGHT_URL="${PLAYWRIGHT_URL:-http://localhost:3000}"
elif curl -fs -o /dev/null --max-time 3 http://127.0.0.1:7007/.backstage/health/v1/readiness; then
  if [ "$(cat .run/portal.mode 2>/dev/null)" = built ]; then
    export PLAYWRIGHT_URL="${PLAYWRIGHT_URL:-http://localhost:7007}"
  else
    echo "error: a backend is running on :7007 without the frontend dev server; stop it (make stop) or start both (make start)" >&2
    exit 1
  fi
else
  bash scripts/build-app.sh
  echo ">> starting the backend with the built frontend for the end-to-end tests"
  bash scripts/portal.sh start-built
  started_portal=true
  bash scripts/portal.sh wait
  export PLAYWRIGHT_URL="${PLAYWRIGHT_URL:-http://localhost:7007}"
fi

echo ">> end-to-end tests in headless Chromium against $PLAYWRIGHT_URL; screenshots in test-results/screenshots/"
yarn playwright test "$@"
