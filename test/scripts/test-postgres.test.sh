#!/usr/bin/env bash
# Tests scripts/test-postgres.sh itself, from a copy of the repository's scripts in a folder that
# only its owner may enter (mode 0700, like root's home or a `mktemp -d` folder): the cluster
# must start there, answer queries, stop, and (as root) leave no data behind. As root it also
# runs the script as an unprivileged user in that user's own 0700 folder, where the cluster runs
# as that user. Prints "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
passed=0
failed=0
ok() { echo "  ok: $1"; passed=$((passed + 1)); }
fail() { echo "  FAIL: $1" >&2; failed=$((failed + 1)); }
check() { local what="$1"; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
matches() { [[ "$1" =~ $2 ]]; }
outside() { [ -n "$1" ] && [[ "$1" != "$2"* ]]; }

# A private clone: <0700 folder>/clone/scripts/test-postgres.sh
make_private_clone() { # owner
  local top
  top="$(mktemp -d)"
  mkdir -p "$top/clone/scripts"
  cp "$REPO/scripts/test-postgres.sh" "$top/clone/scripts/"
  chown -R "$1" "$top"
  chmod 700 "$top"
  echo "$top"
}

run_as() { # user command...
  if [ "$1" = "$(id -un)" ]; then (shift; "$@"); else local u="$1"; shift; su "$u" -s /bin/bash -c "$(printf '%q ' "$@")"; fi
}

query() { # connection-string -> prints the answer of `select 1`
  PGCONNECT_TIMEOUT=5 psql "$1" -tAc 'select 1' 2>&1
}

scenario() { # user
  local user="$1" top url data
  echo ">> test-postgres.sh as $user from a 0700 folder"
  top="$(make_private_clone "$user")"
  check "the clone's folder is 0700" [ "$(stat -c %a "$top")" = 700 ]
  # Start from inside the private folder, as a developer would.
  url="$(cd / && run_as "$user" bash -c "cd '$top/clone' && bash scripts/test-postgres.sh start")"
  check "start prints a connection string ($url)" matches "$url" '^postgresql://postgres:.+@127\.0\.0\.1:[0-9]+$'
  check "the cluster answers queries" [ "$(query "$url")" = 1 ]
  data="$(cat "$top/clone/.run/postgres.datadir" 2>/dev/null)"
  if [ "$(id -u)" -eq 0 ] && [ "$user" = root ]; then
    check "as root the data lives outside the clone ($data)" outside "$data" "$top"
    check "as root the data folder belongs to postgres" [ "$(stat -c %U "$data")" = postgres ]
  else
    check "as $user the data lives in the clone" [ "$data" = "$top/clone/.run/postgres" ]
  fi
  check "the clone's folder is still 0700 after start" [ "$(stat -c %a "$top")" = 700 ]
  local again
  again="$(cd / && run_as "$user" bash -c "cd '$top/clone' && bash scripts/test-postgres.sh start")"
  check "a second start reuses the running cluster" [ "$again" = "$url" ]
  (cd / && run_as "$user" bash -c "cd '$top/clone' && bash scripts/test-postgres.sh stop")
  check "after stop the cluster no longer answers" [ "$(query "$url")" != 1 ]
  if [ "$user" = root ]; then
    check "as root stop removes the data folder" [ ! -e "$data" ]
  fi
  rm -rf "$top"
}

scenario "$(id -un)"
if [ "$(id -u)" -eq 0 ]; then
  scenario nobody
fi

echo "test-postgres.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
