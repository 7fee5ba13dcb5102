#!/usr/bin/env bash
# Runs the trace API benchmark: the demo trace store (a stand-in for Jaeger) seeded with 2,000
# synthetic traces, the benchmark backend twice (result cache off and on, traces pointed at the
# store), then bench.ts. Everything listens on 127.0.0.1 and is stopped at the end.
# Usage: bash test/bench/trace-api/run.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/env.sh"
cd "$ROOT"
HERE=test/bench/trace-api
RUN="$ROOT/.run/bench-traces"
mkdir -p "$RUN"
TRANSFORM=(--require @backstage/cli/config/nodeTransform.cjs)
STORE_PORT=17686; NO_CACHE_PORT=17020; CACHE_PORT=17021
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done; }
trap cleanup EXIT

setsid node "${TRANSFORM[@]}" packages/demo-stack/src/traceStore/main.ts $STORE_PORT >"$RUN/store.log" 2>&1 &
pids+=($!)

start_backend() { # port cacheEnabled
  cat >"$RUN/app-config.$1.yaml" <<YAML
app:
  baseUrl: http://127.0.0.1:$1
backend:
  baseUrl: http://127.0.0.1:$1
  listen: { port: $1, host: 127.0.0.1 }
  database: { client: better-sqlite3, connection: ':memory:' }
auth:
  providers:
    guest: { dangerouslyAllowOutsideDevelopment: true }
catalog:
  rules: [{ allow: [Component] }]
  locations: [{ type: file, target: $ROOT/$HERE/bench-entities.yaml }]
permission: { enabled: true }
observability:
  prometheus:
    instances: [{ name: bench, baseUrl: http://127.0.0.1:1 }]
  traces:
    instances: [{ name: store, type: jaeger, baseUrl: http://127.0.0.1:$STORE_PORT }]
  cache: { enabled: $2 }
YAML
  NODE_ENV=production setsid node "${TRANSFORM[@]}" test/bench/query-proxy/benchBackend.ts \
    --config "$RUN/app-config.$1.yaml" >"$RUN/backend-$1.log" 2>&1 &
  pids+=($!)
}
start_backend $NO_CACHE_PORT false
start_backend $CACHE_PORT true

wait_for() {
  for _ in $(seq 1 120); do curl -fs -o /dev/null "$1" && return 0; sleep 1; done
  echo "error: $1 did not come up; see $RUN/*.log" >&2; return 1
}
wait_for http://127.0.0.1:$STORE_PORT/api/v3/services
TRACE_ID=$(node "${TRANSFORM[@]}" $HERE/seedStore.ts http://127.0.0.1:$STORE_PORT)
wait_for http://127.0.0.1:$NO_CACHE_PORT/.backstage/health/v1/readiness
wait_for http://127.0.0.1:$CACHE_PORT/.backstage/health/v1/readiness
for _ in $(seq 1 60); do
  token=$(curl -fs -H 'X-Requested-With: XMLHttpRequest' http://127.0.0.1:$CACHE_PORT/api/auth/guest/refresh | node -p 'JSON.parse(require("fs").readFileSync(0)).backstageIdentity.token')
  n=0
  for port in $NO_CACHE_PORT $CACHE_PORT; do
    curl -fs -o /dev/null -H "Authorization: Bearer $token" http://127.0.0.1:$port/api/catalog/entities/by-name/component/default/bench && n=$((n+1))
  done
  [ $n -eq 2 ] && break
  sleep 1
done

BENCH_STORE_URL=http://127.0.0.1:$STORE_PORT \
BENCH_BACKEND_NO_CACHE_URL=http://127.0.0.1:$NO_CACHE_PORT \
BENCH_BACKEND_CACHE_URL=http://127.0.0.1:$CACHE_PORT \
BENCH_TRACE_ID=$TRACE_ID \
  node "${TRANSFORM[@]}" $HERE/bench.ts
