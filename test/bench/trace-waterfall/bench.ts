/*
 * Trace-waterfall benchmark in headless Chromium (Debian's), in one run:
 *   (1) our TraceWaterfall (virtualized rows)        (2) the baseline: every row in the DOM
 *   (3) the floor: nothing rendered (two frames' wait alone)
 * each for a trace of 1,000 and of 10,000 spans: time to the first painted frame (median of 10
 * renders after 3 warm-ups) and a scroll through the whole trace, a viewport per frame
 * (frames longer than 25 ms counted as dropped; the run of three with the median count), and the
 * same at a mouse wheel's pace. The floor scrolls an empty box as tall: its dropped frames are
 * the machine's own. Measured and printed, never asserted.
 * Aim (issue 14): 10,000 spans painted in under 200 ms, scrolling without dropped frames.
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../../chromium';
import { SIZES } from './data';
import type {} from './pages/scroll';

const HERE = __dirname;
const RESULTS = path.resolve(HERE, '../results');
const WATCHDOG_MS = 240_000;
const WARMUP = 3;
const MEASURED = 10;
const SCROLL_RUNS = 3;

const ARMS = [
  {
    key: 'waterfall',
    label: 'TraceWaterfall (ours, virtualized)',
    entry: 'waterfallPage.tsx',
  },
  {
    key: 'naive',
    label: 'baseline: every row in the DOM',
    entry: 'naivePage.tsx',
  },
  { key: 'floor', label: 'floor: nothing rendered', entry: 'floorPage.ts' },
];

async function bundle(entry: string) {
  const result = await build({
    entryPoints: [path.join(HERE, 'pages', entry)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    jsx: 'automatic',
    outdir: path.join(HERE, 'out'),
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  return result.outputFiles
    .filter(f => f.path.endsWith('.js'))
    .map(f => f.text)
    .join('\n');
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]! * 10) / 10;
};

type ScrollResult = Awaited<ReturnType<NonNullable<Window['benchScroll']>>>;

async function medianScroll(run: () => Promise<ScrollResult>) {
  const runs: ScrollResult[] = [];
  for (let i = 0; i < SCROLL_RUNS; i++) runs.push(await run());
  runs.sort((a, b) => a.dropped - b.dropped);
  return runs[Math.floor(runs.length / 2)]!;
}

async function main() {
  const watchdog = setTimeout(() => {
    console.error(
      `error: the benchmark did not finish in ${WATCHDOG_MS / 1000} s`,
    );
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  const files = new Map<string, string>();
  for (const arm of ARMS) {
    files.set(`/${arm.key}/bundle.js`, await bundle(arm.entry));
    files.set(
      `/${arm.key}/`,
      `<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:16px;font-family:sans-serif"><script src="bundle.js"></script></body></html>`,
    );
  }
  const server: Server = await new Promise(resolve => {
    const s = createServer((req, res) => {
      const body = files.get((req.url ?? '/').split('?')[0]!);
      if (!body) return void res.writeHead(404).end();
      res.writeHead(200, {
        'content-type': req.url!.includes('.js')
          ? 'text/javascript'
          : 'text/html',
      });
      res.end(body);
    });
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch(chromiumLaunchOptions);
  const rows: Array<Record<string, string | number>> = [];
  try {
    for (const size of SIZES) {
      for (const arm of ARMS) {
        const page = await browser.newPage({
          viewport: { width: 1440, height: 900 },
        });
        const errors: string[] = [];
        page.on('pageerror', e => errors.push(String(e)));
        await page.goto(`${base}/${arm.key}/?spans=${size}`);
        await page.waitForFunction(() => Boolean(window.bench));
        const painted: number[] = [];
        let check: Record<string, unknown> = {};
        for (let i = 0; i < WARMUP + MEASURED; i++) {
          const t = await page.evaluate(() => window.bench!.render());
          if (i === WARMUP + MEASURED - 1)
            check = await page.evaluate(() => window.bench!.check());
          await page.evaluate(() => window.bench!.destroy());
          if (i >= WARMUP) painted.push(t.paintedMs);
        }
        // Each scroll three times, the run with the median dropped frames kept: one stray
        // garbage collection or compositor hiccup on a 2-core machine moves a single run a lot.
        const scroll = await medianScroll(() =>
          page.evaluate(() => window.benchScroll!()),
        );
        // A mouse wheel's pace: 120 px a frame, for 240 frames.
        const wheel = await medianScroll(() =>
          page.evaluate(() => window.benchScroll!(120, 240)),
        );
        if (errors.length) throw new Error(`${arm.key}: ${errors.join('; ')}`);
        rows.push({
          spans: size,
          arm: arm.key,
          label: arm.label,
          paintedMedianMs: median(painted),
          paintedMaxMs: Math.round(Math.max(...painted) * 10) / 10,
          scrollFrames: scroll.frames,
          scrollDropped: scroll.dropped,
          scrollWorstFrameMs: scroll.worstMs,
          scrollTotalMs: scroll.totalMs,
          scrollScriptMedianMs: scroll.frameScriptMedianMs,
          scrollScriptWorstMs: scroll.frameScriptWorstMs,
          wheelFrames: wheel.frames,
          wheelDropped: wheel.dropped,
          wheelWorstFrameMs: wheel.worstMs,
          rowsInDom: Number(check.rowsInDom ?? 0),
        });
        await page.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }

  console.log(
    `\nTrace waterfall in headless Chromium, ${
      os.cpus().length
    } cores (medians of ${MEASURED} renders)\n`,
  );
  console.log(
    'spans   arm        painted ms (max)   rows in DOM   scroll: frames dropped worst ms total ms',
  );
  for (const r of rows) {
    console.log(
      `${String(r.spans).padStart(6)}  ${String(r.arm).padEnd(10)} ${String(
        r.paintedMedianMs,
      ).padStart(8)} (${String(r.paintedMaxMs).padStart(6)})  ${String(
        r.rowsInDom,
      ).padStart(10)}   ${String(r.scrollFrames).padStart(13)} ${String(
        r.scrollDropped,
      ).padStart(7)} ${String(r.scrollWorstFrameMs).padStart(8)} ${String(
        r.scrollTotalMs,
      ).padStart(8)}   ${String(r.wheelFrames).padStart(13)} ${String(
        r.wheelDropped,
      ).padStart(7)} ${String(r.wheelWorstFrameMs).padStart(8)}`,
    );
  }
  console.log('\nratios (ours / baseline, lower is better):');
  for (const size of SIZES) {
    const ours = rows.find(r => r.spans === size && r.arm === 'waterfall')!;
    const naive = rows.find(r => r.spans === size && r.arm === 'naive')!;
    const floor = rows.find(r => r.spans === size && r.arm === 'floor')!;
    console.log(
      `  ${size} spans: first paint ${(
        Number(ours.paintedMedianMs) / Number(naive.paintedMedianMs)
      ).toFixed(2)}, scroll time ${(
        Number(ours.scrollTotalMs) / Number(naive.scrollTotalMs)
      ).toFixed(2)}; ours minus floor ${(
        Number(ours.paintedMedianMs) - Number(floor.paintedMedianMs)
      ).toFixed(1)} ms; dropped frames (fling / wheel) ours ${
        ours.scrollDropped
      } / ${ours.wheelDropped}, baseline ${naive.scrollDropped} / ${
        naive.wheelDropped
      }, floor ${floor.scrollDropped} / ${
        floor.wheelDropped
      }; script a fling frame ours ${ours.scrollScriptMedianMs} ms median, ${
        ours.scrollScriptWorstMs
      } ms worst`,
    );
  }
  console.log(
    '\nThe baseline stands in for trace UIs that draw every row; Jaeger UI itself was not built or run here.',
  );
  mkdirSync(RESULTS, { recursive: true });
  const file = path.join(
    RESULTS,
    `trace-waterfall-${new Date().toISOString().slice(0, 10)}.json`,
  );
  writeFileSync(
    file,
    JSON.stringify({ date: new Date().toISOString(), rows }, null, 2),
  );
  console.log(`results: ${path.relative(process.cwd(), file)}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
