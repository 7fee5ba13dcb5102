#!/usr/bin/env bash
# Runs the query-proxy benchmark: a Prometheus with 7 days of synthetic history, the benchmark
# backend twice (result cache off and on), then bench.ts. Everything listens on 127.0.0.1 and is
# stopped at the end. Usage: make bench   (or: bash test/bench/query-proxy/run.sh)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/env.sh"
cd "$ROOT"
HERE=test/bench/query-proxy
RUN="$ROOT/.run/bench"
mkdir -p "$RUN"
TRANSFORM=(--require @backstage/cli/config/nodeTransform.cjs)
PROM_PORT=19090; NO_CACHE_PORT=17010; CACHE_PORT=17011
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done; }
trap cleanup EXIT

if [ ! -f "$RUN/prom-data/.complete" ]; then
  echo ">> generating 7 days of synthetic history (about two minutes, once)"
  rm -rf "$RUN/prom-data"
  end=$(date +%s)
  node "${TRANSFORM[@]}" $HERE/generateHistory.ts "$RUN/history.om" "$end"
  promtool tsdb create-blocks-from openmetrics --max-block-duration=24h "$RUN/history.om" "$RUN/prom-data" >/dev/null
  rm -f "$RUN/history.om"
  echo "$end" >"$RUN/prom-data/.complete"
fi
DATA_END=$(cat "$RUN/prom-data/.complete")

cat >"$RUN/prometheus.yml" <<YAML
global: { scrape_interval: 15s }
scrape_configs: []
YAML
setsid prometheus --config.file="$RUN/prometheus.yml" --storage.tsdb.path="$RUN/prom-data" \
  --storage.tsdb.retention.time=3650d --web.listen-address=127.0.0.1:$PROM_PORT >"$RUN/prometheus.log" 2>&1 &
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
proxy:
  endpoints:
    /prometheus: { target: http://127.0.0.1:$PROM_PORT }
observability:
  prometheus:
    instances: [{ name: bench, baseUrl: http://127.0.0.1:$PROM_PORT, scrapeInterval: 5m }]
  cache: { enabled: $2 }
YAML
  # BENCH_CPU_PROF_DIR=<dir>: each backend writes a V8 CPU profile there when it stops.
  local prof=()
  [ -n "${BENCH_CPU_PROF_DIR:-}" ] && prof=(--cpu-prof "--cpu-prof-dir=$BENCH_CPU_PROF_DIR/$1")
  NODE_ENV=production setsid node "${prof[@]}" "${TRANSFORM[@]}" $HERE/benchBackend.ts \
    --config "$RUN/app-config.$1.yaml" >"$RUN/backend-$1.log" 2>&1 &
  pids+=($!)
}
start_backend $NO_CACHE_PORT false
start_backend $CACHE_PORT true

wait_for() {
  for _ in $(seq 1 120); do curl -fs -o /dev/null "$1" && return 0; sleep 1; done
  echo "error: $1 did not come up; see $RUN/*.log" >&2; return 1
}
wait_for http://127.0.0.1:$PROM_PORT/-/ready
wait_for http://127.0.0.1:$NO_CACHE_PORT/.backstage/health/v1/readiness
wait_for http://127.0.0.1:$CACHE_PORT/.backstage/health/v1/readiness
# The catalog reads its file location a moment after start.
for _ in $(seq 1 60); do
  token=$(curl -fs -H 'X-Requested-With: XMLHttpRequest' http://127.0.0.1:$CACHE_PORT/api/auth/guest/refresh | node -p 'JSON.parse(require("fs").readFileSync(0)).backstageIdentity.token')
  n=0
  for port in $NO_CACHE_PORT $CACHE_PORT; do
    curl -fs -o /dev/null -H "Authorization: Bearer $token" http://127.0.0.1:$port/api/catalog/entities/by-name/component/default/bench && n=$((n+1))
  done
  [ $n -eq 2 ] && break
  sleep 1
done

BENCH_PROMETHEUS_URL=http://127.0.0.1:$PROM_PORT \
BENCH_BACKEND_NO_CACHE_URL=http://127.0.0.1:$NO_CACHE_PORT \
BENCH_BACKEND_CACHE_URL=http://127.0.0.1:$CACHE_PORT \
BENCH_DATA_END=$DATA_END \
  node "${TRANSFORM[@]}" $HERE/bench.ts
