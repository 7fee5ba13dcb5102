#!/usr/bin/env bash
# Runs the chart-render benchmark: uPlot (our choice), Recharts 2 (the SVG baseline) and our
# TimeSeriesChart component, 20 series x 2,000 points each, in headless Chromium (Debian's
# /usr/bin/chromium; nothing downloads a browser). Serves on 127.0.0.1 only and stops by itself
# within about two and a half minutes. Usage: bash test/bench/chart-render/run.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/env.sh"
cd "$ROOT"
node --require @backstage/cli/config/nodeTransform.cjs test/bench/chart-render/bench.ts
