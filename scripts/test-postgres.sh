#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests: Debian's server binaries, the first free port
# from 5433 (the machine's own cluster on 5432 is never touched; another checkout's test cluster
# may hold 5433).
#
# Where the cluster lives, and as whom it runs:
# - as a normal user: in .run/postgres inside the clone, run as that user;
# - as root: PostgreSQL refuses to run as root, so it runs as the `postgres` system user, and its
#   data lives in a folder that user owns under the system's temporary folder, outside the clone.
#   The clone may sit in a folder only root may enter (root's home is 0700, so is `mktemp -d`);
#   the server's user never needs to enter it, and nobody's folder permissions are loosened.
#   `.run/postgres.datadir` records the folder so that `stop` finds it and removes it.
#
#   test-postgres.sh start   -> prints the connection string
#   test-postgres.sh stop    -> stops the cluster (as root: and removes its data)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/.run"
POINTER="$RUN/postgres.datadir"
PASSWORD=test

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  for p in $(seq "${TEST_POSTGRES_PORT:-5433}" 5499); do
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  echo "error: no free port for the test PostgreSQL between ${TEST_POSTGRES_PORT:-5433} and 5499" >&2
  return 1
}

bindir="$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)")"
[ -x "$bindir/initdb" ] || bindir="$(dirname "$(command -v initdb)")"

is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a server binary as the cluster's owner, from `/`: the owner may not be allowed to enter
# the folder this script was called from.
as_owner() {
  if is_root; then
    su postgres -s /bin/sh -c "cd / && $(printf '%q ' "$@")"
  else
    (cd / && "$@")
  fi
}

# The data folder: recorded by an earlier start, or a new one.
data_dir() {
  if [ -f "$POINTER" ] && [ -d "$(cat "$POINTER")" ]; then
    cat "$POINTER"
  elif is_root; then
    local dir
    dir="$(mktemp -d "${TMPDIR:-/tmp}/observability-test-postgres.XXXXXX")"
    chown postgres "$dir"
    chmod 700 "$dir"
    echo "$dir"
  else
    echo "$RUN/postgres"
  fi
}

case "${1:-}" in
  start)
    mkdir -p "$RUN"
    DATA="$(data_dir)"
    mkdir -p "$DATA"
    echo "$DATA" >"$POINTER"
    if [ ! -f "$DATA/PG_VERSION" ]; then
      pwfile="$(mktemp)"
      echo "$PASSWORD" >"$pwfile"
      is_root && chown postgres "$pwfile"
      if ! as_owner "$bindir/initdb" -D "$DATA" -U postgres --pwfile="$pwfile" -A scram-sha-256 >"$RUN/postgres-initdb.log" 2>&1; then
        rm -f "$pwfile"
        echo "error: initdb of the test PostgreSQL failed in $DATA:" >&2
        tail -n 20 "$RUN/postgres-initdb.log" >&2
        exit 1
      fi
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
    [ -f "$POINTER" ] || exit 0
    DATA="$(cat "$POINTER")"
    if [ -f "$DATA/PG_VERSION" ]; then
      as_owner "$bindir/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
    # Only root's clusters live outside the clone; they are removed so nothing is left behind.
    if is_root && [ "$DATA" != "$RUN/postgres" ]; then
      rm -rf "$DATA"
      rm -f "$POINTER"
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
