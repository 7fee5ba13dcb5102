/*
 * Chart-render benchmark: 20 series x 2,000 points in headless Chromium, in one run:
 *   (1) uPlot with the options of our TimeSeriesChart (buildChartOptions)
 *   (2) Recharts 2 <LineChart> (SVG), the baseline the Roadie Prometheus plugin uses
 *   (3) our real TimeSeriesChart component (React + MUI Card + uPlot)
 *   plus the floor: the same timing with nothing rendered (the wait for two frames alone).
 * Each page is bundled with esbuild, served from 127.0.0.1 and timed in the page with
 * performance.now() from before creating the chart to after the first painted frame.
 * Performance is measured and reported, not asserted. Started by run.sh.
 */
import { chromiumLaunchOptions } from '../../chromium';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, Browser } from 'playwright-core';
import { SETTINGS } from './data';

const HERE = __dirname;
const RESULTS = path.resolve(HERE, '../results');
const BUDGET_MS = 50;
/** The whole run stops by itself after this, whatever happens. */
const WATCHDOG_MS = 150_000;

interface Arm {
  key: string;
  label: string;
  /** Entry file under pages/. */
  entry: string;
}

const ARMS: Arm[] = [
  { key: 'uplot', label: 'uPlot (component options)', entry: 'uplotPage.ts' },
  { key: 'recharts', label: 'Recharts 2 (SVG)', entry: 'rechartsPage.tsx' },
  {
    key: 'component',
    label: 'TimeSeriesChart (React+MUI+uPlot)',
    entry: 'componentPage.tsx',
  },
  { key: 'floor', label: 'floor: nothing rendered', entry: 'floorPage.ts' },
];

interface Stats {
  median: number;
  p90: number;
  min: number;
  max: number;
}

interface ArmResult {
  arm: string;
  label: string;
  bundleKiB?: number;
  painted: Stats;
  settled: Stats;
  script: Stats;
  samplesPaintedMs: number[];
  check: Record<string, number | string>;
}

/** Nearest-rank percentile. */
function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    median: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    min: round(sorted[0] ?? NaN),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}

/** Bundles each page into one script and one stylesheet, in memory. */
async function bundle(entry: string): Promise<{ js: string; css: string }> {
  const result = await build({
    entryPoints: [path.join(HERE, 'pages', entry)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    jsx: 'automatic',
    outdir: path.join(HERE, 'out'), // names the outputs only; nothing is written
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  let js = '';
  let css = '';
  for (const file of result.outputFiles) {
    if (file.path.endsWith('.js')) js += file.text;
    else if (file.path.endsWith('.css')) css += file.text;
  }
  return { js, css };
}

const html = (title: string, body: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title>
<link rel="stylesheet" href="bundle.css">
<style>body{margin:16px;font-family:sans-serif;background:#fff}</style></head>
<body>${body}</body></html>`;

function serve(
  files: Map<string, { type: string; body: string }>,
): Promise<Server> {
  const server = createServer((req, res) => {
    const file = files.get((req.url ?? '/').split('?')[0] ?? '/');
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': file.type,
      'cache-control': 'no-store',
    });
    res.end(file.body);
  });
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () => resolve(server)),
  );
}

async function measure(
  browser: Browser,
  baseUrl: string,
  arm: Arm,
  bundleKiB: number | undefined,
): Promise<ArmResult> {
  const page = await browser.newPage({
    viewport: { width: 1400, height: 1000 },
    deviceScaleFactor: 1,
  });
  page.setDefaultTimeout(30_000);
  const errors: string[] = [];
  page.on('pageerror', e => errors.push(String(e)));
  try {
    await page.goto(`${baseUrl}/${arm.key}/`);
    await page.bringToFront();
    await page.waitForFunction(() => Boolean(window.bench));
    if (errors.length) throw new Error(`${arm.key}: ${errors.join('; ')}`);
    const painted: number[] = [];
    const settled: number[] = [];
    const script: number[] = [];
    let check: Record<string, number | string> = {};
    const total = SETTINGS.warmupRenders + SETTINGS.measuredRenders;
    for (let i = 0; i < total; i++) {
      const timing = await page.evaluate(() => window.bench!.render());
      // Checked once, on the last render, before it is destroyed.
      if (i === total - 1) {
        check = await page.evaluate(() => window.bench!.check());
        if (process.env.BENCH_SCREENSHOTS) {
          mkdirSync(process.env.BENCH_SCREENSHOTS, { recursive: true });
          await page.screenshot({
            path: path.join(process.env.BENCH_SCREENSHOTS, `${arm.key}.png`),
            fullPage: true,
          });
        }
      }
      await page.evaluate(() => window.bench!.destroy());
      if (i >= SETTINGS.warmupRenders) {
        painted.push(timing.paintedMs);
        settled.push(timing.settledMs);
        script.push(timing.scriptMs);
      }
    }
    if (errors.length) throw new Error(`${arm.key}: ${errors.join('; ')}`);
    return {
      arm: arm.key,
      label: arm.label,
      bundleKiB,
      painted: stats(painted),
      settled: stats(settled),
      script: stats(script),
      samplesPaintedMs: painted.map(n => Math.round(n * 100) / 100),
      check,
    };
  } finally {
    await page.close();
  }
}

const fmt = (n: number) => n.toFixed(1).padStart(7);
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

async function main() {
  const watchdog = setTimeout(() => {
    console.error(
      `error: the benchmark did not finish in ${WATCHDOG_MS / 1000} s`,
    );
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  const loadBefore = os.loadavg()[0]!;
  if (loadBefore > 1) {
    process.stdout.write(
      `warning: 1-minute load average is ${loadBefore.toFixed(1)} on ${
        os.cpus().length
      } cores; ` +
        'other work on this machine will inflate and spread the figures\n',
    );
  }
  process.stdout.write('>> bundling the pages with esbuild\n');
  const files = new Map<string, { type: string; body: string }>();
  const sizes: Record<string, number> = {};
  for (const arm of ARMS) {
    const { js, css } = await bundle(arm.entry);
    files.set(`/${arm.key}/`, {
      type: 'text/html',
      body: html(arm.label, '<script src="bundle.js"></script>'),
    });
    files.set(`/${arm.key}/bundle.js`, { type: 'text/javascript', body: js });
    files.set(`/${arm.key}/bundle.css`, { type: 'text/css', body: css });
    sizes[arm.key] = Math.round(Buffer.byteLength(js) / 1024);
  }

  const server = await serve(files);
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch(chromiumLaunchOptions);
  const results: ArmResult[] = [];
  const chromiumVersion = browser.version();
  try {
    process.stdout.write(
      `>> Chromium ${chromiumVersion}, ${SETTINGS.series} series x ${SETTINGS.points} points, ` +
        `${SETTINGS.width}x${SETTINGS.height}, ${SETTINGS.warmupRenders} warm-up + ` +
        `${SETTINGS.measuredRenders} measured renders each\n`,
    );
    for (const arm of ARMS) {
      results.push(await measure(browser, baseUrl, arm, sizes[arm.key]));
      const r = results[results.length - 1]!;
      process.stdout.write(
        `   ${arm.key.padEnd(10)} done: ${JSON.stringify(r.check)}\n`,
      );
    }
  } finally {
    await browser.close();
    server.close();
  }

  const by = (key: string) => results.find(r => r.arm === key)!;
  const uplot = by('uplot');
  const recharts = by('recharts');
  const component = by('component');
  const floor = by('floor');
  const ratios = {
    rechartsOverUplot: {
      paintedMedian: ratio(recharts.painted.median, uplot.painted.median),
      paintedP90: ratio(recharts.painted.p90, uplot.painted.p90),
      settledMedian: ratio(recharts.settled.median, uplot.settled.median),
      settledP90: ratio(recharts.settled.p90, uplot.settled.p90),
      scriptMedian: ratio(recharts.script.median, uplot.script.median),
    },
    componentOverUplot: {
      paintedMedian: ratio(component.painted.median, uplot.painted.median),
      settledMedian: ratio(component.settled.median, uplot.settled.median),
    },
    rechartsOverComponent: {
      paintedMedian: ratio(recharts.painted.median, component.painted.median),
      settledMedian: ratio(recharts.settled.median, component.settled.median),
    },
  };
  const met = (r: ArmResult) => ({
    paintedMedian: r.painted.median < BUDGET_MS,
    paintedP90: r.painted.p90 < BUDGET_MS,
  });
  const budget = {
    budgetMs: BUDGET_MS,
    metric:
      'painted (performance.now() to after two requestAnimationFrame callbacks)',
    uplot: met(uplot),
    component: met(component),
    recharts: met(recharts),
  };
  const verdict = (r: ArmResult) => {
    const m = met(r);
    if (m.paintedP90) return 'met (median and p90)';
    return m.paintedMedian ? 'met at the median, not at p90' : 'NOT met';
  };

  const header = [
    'arm',
    'painted med',
    'p90',
    'settled med',
    'p90',
    'script med',
    'p90',
    'bundle',
  ];
  const widths = [36, 12, 7, 12, 7, 11, 7, 9];
  const row = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join(' ');
  const lines = [
    '',
    row(header),
    ...results.map(r =>
      row([
        r.label,
        fmt(r.painted.median),
        fmt(r.painted.p90),
        fmt(r.settled.median),
        fmt(r.settled.p90),
        fmt(r.script.median),
        fmt(r.script.p90),
        r.arm === 'floor' ? '' : `${r.bundleKiB} KiB`,
      ]),
    ),
    '(milliseconds; median and p90 of the measured renders)',
    '',
    `Recharts / uPlot: painted median ${ratios.rechartsOverUplot.paintedMedian}x, p90 ${ratios.rechartsOverUplot.paintedP90}x;` +
      ` settled median ${ratios.rechartsOverUplot.settledMedian}x, p90 ${ratios.rechartsOverUplot.settledP90}x;` +
      ` script median ${ratios.rechartsOverUplot.scriptMedian}x`,
    `TimeSeriesChart / uPlot: painted median ${ratios.componentOverUplot.paintedMedian}x, settled ${ratios.componentOverUplot.settledMedian}x;` +
      ` Recharts / TimeSeriesChart: painted ${ratios.rechartsOverComponent.paintedMedian}x, settled ${ratios.rechartsOverComponent.settledMedian}x`,
    `Budget ${BUDGET_MS} ms (painted): uPlot ${verdict(
      uplot,
    )}; TimeSeriesChart ${verdict(component)}; Recharts ${verdict(recharts)}`,
    `painted: to after 2 rAFs. It moves in frames (~16.7 ms): the floor (${floor.painted.median} ms, nothing rendered)`,
    'is the earliest possible, and a chart at the floor was on screen in the first frame it could be.',
    'settled: until frames come at their normal interval again (catches off-main-thread raster and GC).',
    'script: synchronous work plus queued microtasks only. With --disable-gpu a canvas is rasterised on the',
    'main thread inside "painted", while SVG tiles are rasterised on worker threads and can land after it.',
    'TimeSeriesChart was measured as the real component (bundled with React, MUI v4, @backstage/theme, uPlot).',
    '',
  ];
  process.stdout.write(lines.join('\n'));

  const date = new Date();
  const out = {
    benchmark: 'chart-render',
    date: date.toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      chromium: chromiumVersion,
      chromiumFlags: '--disable-gpu (software raster), headless',
      loadAverage1mBefore: Math.round(loadBefore * 100) / 100,
      loadAverage1mAfter: Math.round(os.loadavg()[0]! * 100) / 100,
    },
    settings: {
      ...SETTINGS,
      metrics: {
        painted:
          'performance.now() from before creating the chart until after two requestAnimationFrame callbacks',
        settled:
          'until the first rAF (from the 2nd on) followed by another within 25 ms, i.e. frames at their normal interval again',
        script: 'until the synchronous work and its queued microtasks are done',
      },
      componentMeasured: 'real TimeSeriesChart component',
    },
    results,
    ratios,
    budget,
  };
  mkdirSync(RESULTS, { recursive: true });
  const file = path.join(
    RESULTS,
    `chart-render-${date.toISOString().slice(0, 10)}.json`,
  );
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  clearTimeout(watchdog);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
