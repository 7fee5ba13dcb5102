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
if ! curl -fs -o /dev/null --max-time 3 http://127.0.0.1:7007/.backstage/health/v1/readiness; then
  echo ">> starting the portal for the end-to-end tests (compiling the frontend takes a minute)"
  bash scripts/portal.sh start
  started_portal=true
  bash scripts/portal.sh wait
fi

echo ">> end-to-end tests in headless Chromium; screenshots in test-results/screenshots/"
yarn playwright test
