#!/usr/bin/env bash
# The proof that a platform team can install the plugins into the portal it already runs:
#   1. pack every plugin package as it would be published (`yarn pack`, which runs prepack; the
#      builds come from `make build-plugins`, which `make fresh-portal` runs first);
#   2. create a new app with the current @backstage/create-app from the registry, in a private
#      temporary folder, plus the legacy template's frontend beside it as packages/app-legacy;
#   3. follow the README's "Add it to your Backstage" steps (read out of README.md by
#      applyReadme.mjs), type-check the result, and point it at a real Prometheus and Alertmanager;
#   4. start it and check in Chromium, for both frontend systems, that the annotated entity has
#      the Observability tab with data and the health card, the overview page lists it, and the
#      backend's /health reports the instance.
# Logs in .run/fresh-portal/; FRESH_PORTAL_KEEP=1 keeps the app folder.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
cd "$ROOT"

HERE="$ROOT/test/fresh-portal"
LOGS="$ROOT/.run/fresh-portal"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/fresh-portal.XXXXXX")"
chmod 700 "$WORK"
PORTAL="$WORK/portal"
rm -rf "$LOGS" && mkdir -p "$LOGS" "$ROOT/test-results/screenshots"
started=()

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
stop_started() {
  for pid in "${started[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 -- "-$pid" 2>/dev/null || true
  done
  started=()
}
cleanup() {
  stop_started
  node --require @backstage/cli/config/nodeTransform.cjs "$HERE/stack.ts" stop "$WORK/stack" >/dev/null 2>&1 || true
  if [ "${FRESH_PORTAL_KEEP:-}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
step() { echo ">> fresh portal: $* ($(date +%T))"; }
# Runs a command with its output in a log, printing the log's end if it fails.
logged() {
  local log="$LOGS/$1.log"; shift
  if ! "$@" >"$log" 2>&1; then tail -60 "$log"; echo "error: '$*' failed, see $log" >&2; return 1; fi
}
# Starts a long-running command in its own process group and remembers it for cleanup.
start_bg() {
  local log="$LOGS/$1.log"; shift
  setsid "$@" >"$log" 2>&1 < /dev/null &
  started+=("$!")
}
wait_http() {
  local url="$1" what="$2" log="$3"
  for _ in $(seq 300); do
    curl -fs -o /dev/null --max-time 2 "$url" && return 0
    sleep 1
  done
  tail -60 "$log"; echo "error: $what did not answer at $url within 300 s" >&2; return 1
}

# Adding a plugin changes the app's lockfile; under CI=true Yarn would refuse that.
export YARN_ENABLE_IMMUTABLE_INSTALLS=false

step "packing the plugins"
mkdir -p "$WORK/tarballs"
for dir in plugins/*/; do
  name="$(basename "$dir")"
  if [ ! -d "$dir/dist" ]; then
    echo "error: $dir has no dist/: build the plugins first (make build-plugins)" >&2; exit 1
  fi
  (cd "$dir" && logged "pack-$name" yarn pack -o "$WORK/tarballs/$name.tgz")
done

step "creating a new app with the current @backstage/create-app"
(cd "$WORK" && BACKSTAGE_APP_NAME=fresh-portal logged create-app npx -y @backstage/create-app@latest --skip-install --path portal)
(cd "$WORK" && BACKSTAGE_APP_NAME=fresh-portal logged create-app-legacy npx -y @backstage/create-app@latest --legacy --skip-install --path legacy)
echo "   Backstage release $(node -p 'require(process.argv[1]).version' "$PORTAL/backstage.json")"
mv "$WORK/legacy/packages/app" "$PORTAL/packages/app-legacy"
node -e '
  const fs = require("fs"), f = process.argv[1], p = JSON.parse(fs.readFileSync(f));
  p.name = "app-legacy"; fs.writeFileSync(f, JSON.stringify(p, null, 2) + "\n");
' "$PORTAL/packages/app-legacy/package.json"

# Two stand-ins for what this machine lacks, neither of them a README step:
# - the packages are not on the registry yet, so `@stagewatch/*` resolves to the packed tarballs
#   (root `resolutions`, which also covers the plugins' dependencies on one another);
# - the registry mirror lacks some platform siblings of optional packages (see scripts/env.sh),
#   so the fresh app gets this repository's pins for them, and this repository's yarn.lock as
#   its lockfile seed (create-app fetches its own seed from GitHub, which is unreachable here).
node -e '
  const fs = require("fs"), [root, portal, tarballs] = process.argv.slice(1);
  const ours = JSON.parse(fs.readFileSync(root + "/package.json"));
  const file = portal + "/package.json", theirs = JSON.parse(fs.readFileSync(file));
  theirs.resolutions = { ...ours.resolutions, ...theirs.resolutions };
  for (const t of fs.readdirSync(tarballs))
    theirs.resolutions["@stagewatch/backstage-plugin-" + t.replace(/\.tgz$/, "")] = "file:" + tarballs + "/" + t;
  fs.writeFileSync(file, JSON.stringify(theirs, null, 2) + "\n");
' "$ROOT" "$PORTAL" "$WORK/tarballs"
cp yarn.lock "$PORTAL/yarn.lock"

step "yarn install (the app as a platform team already has it)"
(cd "$PORTAL" && logged install yarn install)

step "following the README: install and wire the plugins"
# The README's install commands, run as written but for the package source: name@file:<tarball>.
readme_sh() { node "$HERE/applyReadme.mjs" sh "$1" "$WORK/tarballs" "${2:-}"; }
(cd "$PORTAL" && logged add-backend bash -ec "$(readme_sh backend-install)")
(cd "$PORTAL" && logged add-app bash -ec "$(readme_sh app-install)")
(cd "$PORTAL" && logged add-app-legacy bash -ec "$(readme_sh app-install app-legacy)")
node "$HERE/applyReadme.mjs" backend "$PORTAL"
node "$HERE/applyReadme.mjs" config "$PORTAL"
node "$HERE/applyReadme.mjs" catalog "$PORTAL"
node "$HERE/applyReadme.mjs" legacy "$PORTAL/packages/app-legacy"
step "yarn tsc in the new app (the README's snippets must type-check)"
(cd "$PORTAL" && logged portal-tsc yarn tsc)

step "starting Prometheus, Alertmanager and the checkout service"
BACKEND_PORT="$(free_port)"
APP_PORT="$(free_port)"
export OBSERVABILITY_WEBHOOK_TOKEN="fresh-portal-webhook-token"
stack_json="$(FRESH_PORTAL_WEBHOOK_URL="http://127.0.0.1:$BACKEND_PORT/api/observability/alerts/webhook" \
  node --require @backstage/cli/config/nodeTransform.cjs "$HERE/stack.ts" start "$WORK/stack")"
PROMETHEUS_URL="$(node -p 'JSON.parse(process.argv[1]).prometheusUrl' "$stack_json")"
ALERTMANAGER_URL="$(node -p 'JSON.parse(process.argv[1]).alertmanagerUrl' "$stack_json")"
export PROMETHEUS_URL ALERTMANAGER_URL
echo "   Prometheus $PROMETHEUS_URL, Alertmanager $ALERTMANAGER_URL"

# Only where this machine puts things: the ports (app-config.local.yaml, which Backstage loads
# after app-config.yaml). The README's config is in app-config.yaml as written.
cat > "$PORTAL/app-config.local.yaml" <<EOF
app:
  baseUrl: http://localhost:$APP_PORT
backend:
  baseUrl: http://localhost:$BACKEND_PORT
  listen:
    port: $BACKEND_PORT
  cors:
    origin: http://localhost:$APP_PORT
EOF

step "starting the new app's backend"
start_bg backend bash -c "cd '$PORTAL' && exec yarn workspace backend start"
wait_http "http://127.0.0.1:$BACKEND_PORT/.backstage/health/v1/readiness" "the backend" "$LOGS/backend.log"

export FRESH_PORTAL_BACKEND_URL="http://localhost:$BACKEND_PORT"
export FRESH_PORTAL_APP_URL="http://localhost:$APP_PORT"
backend_pid="${started[0]}"
for system in new legacy; do
  app=app; [ "$system" = legacy ] && app=app-legacy
  step "starting packages/$app ($system frontend system) and checking it in Chromium"
  start_bg "frontend-$system" bash -c "cd '$PORTAL' && exec yarn workspace $app start"
  wait_http "$FRESH_PORTAL_APP_URL" "packages/$app" "$LOGS/frontend-$system.log"
  FRESH_PORTAL_SYSTEM="$system" yarn playwright test --config "$HERE/playwright.config.ts"
  kill -- "-${started[1]}" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "${started[1]}" 2>/dev/null || break; sleep 0.2; done
  started=("$backend_pid")
done
step "done: the packed plugins work in a fresh portal on both frontend systems"
