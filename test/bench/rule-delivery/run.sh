#!/usr/bin/env bash
# Rule-delivery benchmark (see bench.ts): 1,000 synthetic entities' alert rules rendered,
# validated, written and reloaded into Debian's Prometheus, ours against a straightforward
# per-entity script, in one run. BENCH_ENTITIES=N to change the size.
# Usage: bash test/bench/rule-delivery/run.sh   (part of make bench)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/env.sh"
cd "$ROOT"
node --require @backstage/cli/config/nodeTransform.cjs test/bench/rule-delivery/bench.ts
