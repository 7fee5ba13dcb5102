#!/usr/bin/env bash
# Runs the alert-ingest benchmark: webhook throughput and per-entity history latency with one
# million stored events, on SQLite and on PostgreSQL, each against its baselines (see bench.ts).
# Starts the throw-away PostgreSQL of scripts/test-postgres.sh and the benchmark backend once
# per database, everything on 127.0.0.1, and stops them at the end. About 6 minutes on 2 idle
# cores; QUICK=1 for a smoke run (about 2.5 minutes, 100,000 events, figures kept in .run/).
# Usage: make bench   (or: bash test/bench/alert-ingest/run.sh, QUICK=1 bash ...)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/env.sh"
cd "$ROOT"
HERE=test/bench/alert-ingest
RUN="$ROOT/.run/bench-alert-ingest"
TRANSFORM=(--require @backstage/cli/config/nodeTransform.cjs)
PORT=17020
TOKEN="bench-alert-ingest-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
backend_pid=""
PG=""
pg_started=""

stop_backend() {
  if [ -n "$backend_pid" ]; then
    kill -TERM -- "-$backend_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$backend_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$backend_pid" 2>/dev/null || true
    backend_pid=""
  fi
}
cleanup() {
  stop_backend
  rm -rf "$RUN/sqlite"
  if [ -n "$PG" ]; then
    BENCH_PG_URL="$PG" node "${TRANSFORM[@]}" $HERE/bench.ts drop-pg || true
  fi
  if [ -n "$pg_started" ]; then bash scripts/test-postgres.sh stop; fi
}
trap cleanup EXIT

rm -rf "$RUN"
mkdir -p "$RUN"
node "${TRANSFORM[@]}" -e "process.stdout.write(require('./$HERE/workload.ts').entitiesYaml())" >"$RUN/entities.yaml"

# A cluster already running belongs to another run in this checkout (make unit): use it, and
# leave it running; otherwise start one and stop it at the end.
pg_pid_file="$ROOT/.run/postgres/postmaster.pid"
if ! { [ -f "$pg_pid_file" ] && kill -0 "$(head -1 "$pg_pid_file")" 2>/dev/null; }; then
  pg_started=1
fi
PG="$(bash scripts/test-postgres.sh start)"
PG_PORT="${PG##*:}"
BENCH_PG_URL="$PG" node "${TRANSFORM[@]}" $HERE/bench.ts drop-pg

database_config() {
  if [ "$1" = sqlite ]; then
    cat <<YAML
  database:
    # As the portal's app-config.yaml: one SQLite file per plugin.
    client: better-sqlite3
    connection: { directory: $RUN/sqlite }
YAML
  else
    cat <<YAML
  database:
    client: pg
    prefix: bench_alert_ingest_
    connection: { host: 127.0.0.1, port: $PG_PORT, user: postgres, password: test }
YAML
  fi
}

for db in sqlite postgres; do
  cat >"$RUN/app-config.$db.yaml" <<YAML
app:
  baseUrl: http://127.0.0.1:$PORT
backend:
  baseUrl: http://127.0.0.1:$PORT
  listen: { port: $PORT, host: 127.0.0.1 }
  auth:
    externalAccess:
      - type: static
        options: { token: $TOKEN, subject: alertmanager }
        accessRestrictions: [{ plugin: observability }, { plugin: bench-alerts }]
$(database_config $db)
auth:
  providers:
    guest: { dangerouslyAllowOutsideDevelopment: true }
catalog:
  rules: [{ allow: [Component] }]
  locations: [{ type: file, target: $RUN/entities.yaml }]
permission: { enabled: true }
observability:
  # Nothing listens there: no Prometheus query is measured here.
  prometheus:
    instances: [{ name: bench, baseUrl: 'http://127.0.0.1:1' }]
  # The reconciler runs every minute by default; here not inside the timed arms.
  alerts: { reconcileInterval: 1h }
YAML
  NODE_ENV=production setsid node "${TRANSFORM[@]}" $HERE/benchBackend.ts \
    --config "$RUN/app-config.$db.yaml" >"$RUN/backend-$db.log" 2>&1 &
  backend_pid=$!
  for i in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/.backstage/health/v1/readiness" && break
    if [ "$i" = 120 ] || ! kill -0 "$backend_pid" 2>/dev/null; then
      echo "error: the $db backend did not come up; last lines of $RUN/backend-$db.log:" >&2
      tail -n 30 "$RUN/backend-$db.log" >&2
      exit 1
    fi
    sleep 1
  done
  BENCH_URL="http://127.0.0.1:$PORT" BENCH_TOKEN="$TOKEN" BENCH_RUN_DIR="$RUN" \
    node "${TRANSFORM[@]}" $HERE/bench.ts run $db
  stop_backend
done

BENCH_RUN_DIR="$RUN" node "${TRANSFORM[@]}" $HERE/bench.ts report
