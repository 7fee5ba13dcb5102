#!/usr/bin/env bash
# The 10,000-service bench (part of make bench; about 10 minutes): a synthetic catalog of 10,000
# annotated components over two Prometheus instances and three profiles, their metrics as TSDB
# blocks (generate.ts, promtool tsdb create-blocks-from openmetrics), PostgreSQL, Redis, nginx
# and three replicas of the production backend bundle (two with the result cache behind nginx,
# one without it). bench.spec.ts measures /overview, the overview page in Chromium, and a load
# of 200 viewers over 50 entities' tabs through nginx. Figures: test/bench/results/scale-10k-*.json.
# BENCH_SERVICES=N for another size; SCALE_SKIP_BUILD=1 reuses the last production builds.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
# shellcheck source=/dev/null
source scripts/env.sh
bash scripts/ensure-system-packages.sh
if [ -z "${SCALE_SKIP_BUILD:-}" ]; then
  echo ">> bench 10k: production builds of the frontend and the backend bundle"
  yarn tsc >/dev/null
  bash scripts/build-app.sh
  yarn workspace backend build >/dev/null
fi
DATA="$ROOT/.run/bench-10k"
SERVICES="${BENCH_SERVICES:-10000}"
# The data reaches two hours past its generation: regenerate when less than an hour is left.
if [ ! -f "$DATA/complete" ] || [ "$(cat "$DATA/complete")" != "$SERVICES" ] ||
  [ $(($(date +%s) - $(stat -c %Y "$DATA/complete"))) -gt 3600 ]; then
  echo ">> bench 10k: generating $SERVICES services' catalog and metrics"
  rm -rf "$DATA"
  mkdir -p "$DATA"
  node --require @backstage/cli/config/nodeTransform.cjs test/bench/scale-10k/generate.ts \
    "$DATA/data" "$(date +%s)" "$SERVICES"
  for instance in bench-a bench-b; do
    promtool tsdb create-blocks-from openmetrics --max-block-duration=2h \
      "$DATA/data/$instance.om" "$DATA/prom-$instance" >/dev/null
    rm -f "$DATA/data/$instance.om"
  done
  echo "$SERVICES" >"$DATA/complete"
fi
pg="$(bash scripts/test-postgres.sh start)"
trap 'bash scripts/test-postgres.sh stop' EXIT
SCALE_POSTGRES_URL="$pg" BENCH_10K_DATA="$DATA" BENCH_SERVICES="$SERVICES" \
  yarn playwright test -c test/bench/scale-10k/playwright.config.ts "$@"
