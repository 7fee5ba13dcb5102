#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests: Debian's server binaries, data in .run/postgres,
# the first free port from 5433 (the machine's own cluster on 5432 is never touched; another
# checkout's test cluster may hold 5433). PostgreSQL refuses to run as root, so as root the
# cluster runs as the `postgres` system user.
#   test-postgres.sh start   -> prints the connection string
#   test-postgres.sh stop
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$ROOT/.run/postgres"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  for p in $(seq "${TEST_POSTGRES_PORT:-5433}" 5499); do
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  echo "error: no free port for the test PostgreSQL between ${TEST_POSTGRES_PORT:-5433} and 5499" >&2
  return 1
}
PASSWORD=test

bindir="$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)")"
[ -x "$bindir/initdb" ] || bindir="$(dirname "$(command -v initdb)")"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

case "${1:-}" in
  start)
    mkdir -p "$DATA"
    [ "$(id -u)" -eq 0 ] && chown postgres "$DATA" && chmod 700 "$DATA"
    if [ ! -f "$DATA/PG_VERSION" ]; then
      pwfile="$(mktemp)"; echo "$PASSWORD" >"$pwfile"; chmod 644 "$pwfile"
      as_owner "$bindir/initdb" -D "$DATA" -U postgres --pwfile="$pwfile" -A scram-sha-256 >/dev/null
      rm -f "$pwfile"
    fi
    if as_owner "$bindir/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      # Already running (an earlier run's): reuse it on the port it listens on.
      PORT="$(sed -n 4p "$DATA/postmaster.pid")"
    else
      PORT="$(free_port)"
      if ! as_owner "$bindir/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
        -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DATA -c max_connections=200 -c fsync=off" \
        start >/dev/null; then
        echo "error: the test PostgreSQL did not start; last lines of $DATA/server.log:" >&2
        tail -n 20 "$DATA/server.log" >&2
        exit 1
      fi
    fi
    echo "postgresql://postgres:$PASSWORD@127.0.0.1:$PORT"
    ;;
  stop)
    if [ -f "$DATA/PG_VERSION" ]; then
      as_owner "$bindir/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
