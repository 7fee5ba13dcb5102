#!/usr/bin/env bash
# Runs the portal (frontend dev server :3000 + backend :7007) in the background, in its own process
# group so `make stop` ends the whole tree.
#   portal.sh start | start-built | stop | wait
# start-built runs the backend alone, serving the production build of the frontend
# (scripts/build-app.sh) at :7007 as a deployed portal does; the end-to-end tests use it, since
# the dev server's unminified bundle costs every fresh browser context 10-20 s to load.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
RUN="$ROOT/.run"
PIDFILE="$RUN/portal.pid"
LOG="$RUN/portal.log"
BACKEND_URL="http://127.0.0.1:7007/.backstage/health/v1/readiness"
MODEFILE="$RUN/portal.mode"
FRONTEND_URL="http://localhost:3000/"
[ "$(cat "$MODEFILE" 2>/dev/null)" = built ] && FRONTEND_URL="http://localhost:7007/"

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

wait_for() { # url seconds what
  local deadline=$((SECONDS + $2))
  until curl -fs -o /dev/null --max-time 5 "$1"; do
    if ! running; then
      echo "error: the portal exited while starting; last lines of $LOG:" >&2
      tail -n 40 "$LOG" >&2
      return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "error: $3 did not answer at $1 within $2 s; see $LOG" >&2
      return 1
    fi
    sleep 2
  done
}

case "${1:-}" in
  start)
    mkdir -p "$RUN"
    if running; then
      echo "portal already running (pid $(cat "$PIDFILE"))"
      exit 0
    fi
    cd "$ROOT"
    : >"$LOG"
    setsid yarn start >>"$LOG" 2>&1 </dev/null &
    echo $! >"$PIDFILE"
    echo dev >"$MODEFILE"
    ;;
  start-built)
    mkdir -p "$RUN"
    if running; then
      echo "portal already running (pid $(cat "$PIDFILE"))"
      exit 0
    fi
    [ -f "$ROOT/packages/app/dist/index.html" ] || {
      echo "error: no frontend build; run scripts/build-app.sh first" >&2
      exit 1
    }
    cd "$ROOT"
    : >"$LOG"
    # The app is served by the backend, so its links and sign-in must name the backend's origin.
    APP_CONFIG_app_baseUrl=http://localhost:7007 setsid yarn workspace backend start >>"$LOG" 2>&1 </dev/null &
    echo $! >"$PIDFILE"
    echo built >"$MODEFILE"
    ;;
  wait)
    wait_for "$BACKEND_URL" 300 "the backend"
    wait_for "$FRONTEND_URL" 300 "the frontend"
    ;;
  stop)
    if running; then
      pid="$(cat "$PIDFILE")"
      kill -TERM -- "-$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL -- "-$pid" 2>/dev/null || true
      echo "stopped: portal"
    fi
    rm -f "$PIDFILE" "$MODEFILE"
    ;;
  *)
    echo "usage: $0 start|start-built|stop|wait" >&2
    exit 2
    ;;
esac
