/*
 * Trace API benchmark, side by side in one run: the demo trace store (the stand-in for Jaeger)
 * asked directly, and our API in front of it with the result cache off (cold: every request goes
 * upstream) and on (warm). Two routes: the trace list (search) and trace by id. Closed-loop load
 * from this process, 16 concurrent clients for 5 s per arm and route; prints p50, p99 and req/s
 * and the ratios to the store. The floor, an authenticated route of the same backend that does
 * nothing, is measured in the same run: it is what any route of a Backstage backend costs here
 * (token check, routing), so the warm arm is also given as a ratio to it. Measured and printed,
 * never asserted. Started by run.sh.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const STORE = process.env.BENCH_STORE_URL!;
const NO_CACHE = process.env.BENCH_BACKEND_NO_CACHE_URL!;
const CACHE = process.env.BENCH_BACKEND_CACHE_URL!;
const TRACE_ID = process.env.BENCH_TRACE_ID!;
const CONCURRENCY = 16;
const SECONDS = 5;

async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}

async function load(url: string, headers: Record<string, string>) {
  const latencies: number[] = [];
  let failures = 0;
  const end = Date.now() + SECONDS * 1000;
  const worker = async () => {
    while (Date.now() < end) {
      const t0 = performance.now();
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      if (res.ok) latencies.push(performance.now() - t0);
      else failures++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const pick = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ??
    NaN;
  return {
    p50: Math.round(pick(0.5) * 100) / 100,
    p99: Math.round(pick(0.99) * 100) / 100,
    rps: Math.round(latencies.length / elapsed),
    failures,
  };
}

async function main() {
  const [noCacheToken, cacheToken] = await Promise.all([
    guestToken(NO_CACHE),
    guestToken(CACHE),
  ]);
  const now = Date.now();
  const from = Math.floor(now / 1000) - 900;
  const to = Math.floor(now / 1000);
  const storeSearch = `${STORE}/api/v3/traces?${new URLSearchParams({
    'query.service_name': 'bench',
    'query.start_time_min': new Date(from * 1000).toISOString(),
    'query.start_time_max': new Date(to * 1000).toISOString(),
    'query.num_traces': '20',
  })}`;
  const entity = '/api/observability/entities/component/default/bench';
  const routes = [
    {
      name: 'trace list',
      store: storeSearch,
      api: `${entity}/traces?from=${from}&to=${to}&limit=20`,
    },
    {
      name: 'trace by id',
      store: `${STORE}/api/v3/traces/${TRACE_ID}`,
      api: `${entity}/traces/${TRACE_ID}`,
    },
  ];
  const results: Array<Record<string, unknown>> = [];
  for (const route of routes) {
    // A check that each arm answers the same trace(s) before timing it.
    const check = await fetch(`${CACHE}${route.api}`, {
      headers: { Authorization: `Bearer ${cacheToken}` },
    });
    if (!check.ok)
      throw new Error(`${route.name}: ${check.status} ${await check.text()}`);
    const arms = [
      { arm: 'store directly', ...(await load(route.store, {})) },
      {
        arm: 'our API, cache off (cold)',
        ...(await load(`${NO_CACHE}${route.api}`, {
          Authorization: `Bearer ${noCacheToken}`,
        })),
      },
      {
        arm: 'our API, cache on (warm)',
        ...(await load(`${CACHE}${route.api}`, {
          Authorization: `Bearer ${cacheToken}`,
        })),
      },
    ];
    for (const a of arms) results.push({ route: route.name, ...a });
  }
  const floor = await load(`${CACHE}/api/bench-floor/noop`, {
    Authorization: `Bearer ${cacheToken}`,
  });
  console.log(
    `\nTrace API, ${CONCURRENCY} concurrent clients, ${SECONDS} s per arm\n`,
  );
  console.log(
    'route         arm                          p50 ms   p99 ms    req/s  failed   p50 / store  req/s / store',
  );
  for (const route of routes) {
    const rows = results.filter(r => r.route === route.name) as any[];
    const store = rows[0];
    for (const r of rows) {
      console.log(
        `${route.name.padEnd(13)} ${String(r.arm).padEnd(27)} ${String(
          r.p50,
        ).padStart(7)} ${String(r.p99).padStart(8)} ${String(r.rps).padStart(
          8,
        )} ${String(r.failures).padStart(7)}   ${(r.p50 / store.p50)
          .toFixed(2)
          .padStart(10)}  ${(r.rps / store.rps).toFixed(2).padStart(13)}`,
      );
    }
  }
  console.log(
    `\nfloor (authenticated no-op): p50 ${floor.p50} ms, p99 ${floor.p99} ms, ${floor.rps} req/s`,
  );
  for (const route of routes) {
    const warm = results.find(
      r => r.route === route.name && String(r.arm).includes('warm'),
    ) as { p50: number; rps: number };
    console.log(
      `  ${route.name}, warm / floor: p50 ${(warm.p50 / floor.p50).toFixed(
        2,
      )}, req/s ${(warm.rps / floor.rps).toFixed(2)}`,
    );
  }
  const dir = path.resolve(__dirname, '../results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(
    dir,
    `trace-api-${new Date().toISOString().slice(0, 10)}.json`,
  );
  writeFileSync(
    file,
    `${JSON.stringify(
      { date: new Date().toISOString(), results, floor },
      null,
      2,
    )}\n`,
  );
  console.log(`\nresults: ${path.relative(process.cwd(), file)}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
