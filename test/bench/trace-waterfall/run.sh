#!/usr/bin/env bash
# Runs the trace-waterfall benchmark: our TraceWaterfall against a draw-every-row baseline and
# the floor, for traces of 1,000 and 10,000 spans, in headless Chromium (Debian's
# /usr/bin/chromium). Serves on 127.0.0.1 only; stops by itself within four minutes.
# Usage: bash test/bench/trace-waterfall/run.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/env.sh"
cd "$ROOT"
node --require @backstage/cli/config/nodeTransform.cjs test/bench/trace-waterfall/bench.ts
