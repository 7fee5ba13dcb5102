#!/usr/bin/env bash
# Makes sure the real services the demo and the tests use are installed from Debian's packages:
# Prometheus (+ promtool), Alertmanager, PostgreSQL, Chromium, and for the scale test bed
# (test/scale) Redis and nginx. As root on Debian/Ubuntu it
# installs what is missing; otherwise it stops and prints the exact command to run.
set -euo pipefail

# binary -> package
declare -A needed=(
  [prometheus]=prometheus
  [promtool]=prometheus
  [prometheus-alertmanager]=prometheus-alertmanager
  [chromium]=chromium
  [redis-server]=redis-server
  [nginx]=nginx-light
)
missing=()
for bin in "${!needed[@]}"; do
  # nginx lives in /usr/sbin, which a normal user's PATH may not hold.
  command -v "$bin" >/dev/null 2>&1 || [ -x "/usr/sbin/$bin" ] || missing+=("${needed[$bin]}")
done
# PostgreSQL's server binaries are not on PATH on Debian; look for initdb where the package puts it.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
command_line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo ">> installing from Debian's packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends ${missing[*]} >/dev/null
  exit 0
fi
echo "error: missing system packages: ${missing[*]}" >&2
echo "Install them with:" >&2
echo "    sudo apt-get update && sudo $command_line" >&2
exit 1
