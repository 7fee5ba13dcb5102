/*
 * Query-proxy benchmark. One run, same Prometheus, same query mix, same concurrency:
 *   (a) Prometheus directly
 *   (b) Backstage's proxy-backend pointed at Prometheus (what the Roadie plugin uses)
 *   (c) this plugin's entity query API with the result cache off
 *   (d) the same API with the result cache warm
 *   (e) the floor: an authenticated route of the same backend that does nothing
 *   (f) a diagnostic: the floor's route with (d)'s POST body in and as many bytes out
 * plus a fan-in run: 100 concurrent identical viewers, counting the upstream queries sent.
 * Started by run.sh, which provides the processes and these environment variables.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';

const env = (name: string) => {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set; run test/bench/query-proxy/run.sh`);
  return value;
};
const PROMETHEUS = env('BENCH_PROMETHEUS_URL');
const NO_CACHE = env('BENCH_BACKEND_NO_CACHE_URL');
const CACHE = env('BENCH_BACKEND_CACHE_URL');
// Hour-aligned, so every arm asks for exactly the same points (the API aligns ranges to the step).
const END = Math.floor(Number(env('BENCH_DATA_END')) / 3600) * 3600;
const DURATION = Number(process.env.BENCH_DURATION_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const SCOPE = '{job="bench", namespace="shop"}';

interface QuerySpec {
  name: string;
  /** As a person writes it for the entity API: no selector. */
  query: string;
  /** The same query scoped by hand, for the arms that do no scoping. */
  scoped: string;
  from: number;
  to: number;
  step: number;
}

const queries: QuerySpec[] = [
  {
    name: 'light: 1h request rate, 15s step',
    query: 'sum(rate(bench_http_requests_total[15m]))',
    scoped: `sum(rate(bench_http_requests_total${SCOPE}[15m]))`,
    from: END - 3600,
    to: END,
    step: 15,
  },
  {
    name: 'heavy: 7d p99 from a 680-series histogram, 1h step',
    query:
      'histogram_quantile(0.99, sum by (le) (rate(bench_http_request_duration_seconds_bucket[1h])))',
    scoped: `histogram_quantile(0.99, sum by (le) (rate(bench_http_request_duration_seconds_bucket${SCOPE}[1h])))`,
    from: END - 7 * 86400,
    to: END,
    step: 3600,
  },
];

async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(
      `guest sign-in at ${baseUrl} failed: ${res.status} ${await res.text()}`,
    );
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}

async function upstreamRequests(baseUrl: string): Promise<number> {
  const text = await (
    await fetch(`${baseUrl}/api/observability/metrics`)
  ).text();
  return [
    ...text.matchAll(
      /^observability_upstream_requests_total\{[^}]*\} (\d+)$/gm,
    ),
  ].reduce((s, m) => s + Number(m[1]), 0);
}

interface ArmResult {
  arm: string;
  query: string;
  /** autocannon's, in whole milliseconds. */
  p50: number;
  p99: number;
  /** From every 2xx response's own time, in milliseconds to 0.01. */
  p50Exact: number;
  p99Exact: number;
  rps: number;
  requests: number;
  non2xx: number;
  errors: number;
  upstreamRequests?: number;
}

async function load(
  arm: string,
  query: string,
  options: autocannon.Options,
  /** The backend whose upstream requests during the measured load are counted. */
  countUpstreamOf?: string,
): Promise<ArmResult> {
  // Every arm is measured warm: the same load for WARMUP seconds first, not recorded. Without
  // it the first arm on a freshly started backend was measured while V8 was still optimising its
  // path and sizing its heap (a third slower over the first 8 s), which favoured whichever arm
  // ran later on the same backend. main() also loads both backends once before the first arm.
  if (WARMUP > 0) {
    await autocannon({
      connections: CONNECTIONS,
      duration: WARMUP,
      ...options,
    });
  }
  const before = countUpstreamOf
    ? await upstreamRequests(countUpstreamOf)
    : undefined;
  // autocannon's percentiles are whole milliseconds (its histogram keeps integers), too coarse
  // for arms that answer in 3 to 5 ms: every 2xx response's own time is kept here as well.
  const latencies: number[] = [];
  const result = await autocannon({
    connections: CONNECTIONS,
    duration: DURATION,
    ...options,
    setupClient: client => {
      client.on('response', (status: number, _bytes: number, ms: number) => {
        if (status >= 200 && status < 300) latencies.push(ms);
      });
    },
  });
  latencies.sort((x, y) => x - y);
  const exact = (p: number) =>
    +(
      latencies[
        Math.min(latencies.length - 1, Math.floor(p * latencies.length))
      ] ?? 0
    ).toFixed(2);
  const row: ArmResult = {
    arm,
    query,
    p50: result.latency.p50,
    p99: result.latency.p99,
    p50Exact: exact(0.5),
    p99Exact: exact(0.99),
    rps: Math.round(result.requests.average),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
  if (countUpstreamOf && before !== undefined) {
    row.upstreamRequests = (await upstreamRequests(countUpstreamOf)) - before;
  }
  process.stdout.write(
    `${arm.padEnd(28)} ${query.slice(0, 6).padEnd(7)} p50 ${String(
      row.p50,
    ).padStart(6)} ms (${row.p50Exact.toFixed(2)})  p99 ${String(
      row.p99,
    ).padStart(6)} ms (${row.p99Exact.toFixed(2)})  ${String(row.rps).padStart(
      6,
    )} req/s${
      row.non2xx || row.errors
        ? `  (${row.non2xx} non-2xx, ${row.errors} errors)`
        : ''
    }\n`,
  );
  return row;
}

async function main() {
  const tokens = {
    noCache: await guestToken(NO_CACHE),
    cache: await guestToken(CACHE),
  };
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const entityQueryUrl = (base: string) =>
    `${base}/api/observability/entities/component/default/bench/query`;
  const rows: ArmResult[] = [];

  // Both backends start the run warm, as a replica that has served for a while is: 10 s of their
  // arms' requests each, not recorded, before anything is measured.
  await Promise.all([
    autocannon({
      connections: CONNECTIONS,
      duration: 10,
      url: entityQueryUrl(CACHE),
      method: 'POST',
      headers: { ...auth(tokens.cache), 'Content-Type': 'application/json' },
      body: JSON.stringify({
        query: queries[0].query,
        from: queries[0].from,
        to: queries[0].to,
        step: queries[0].step,
      }),
    }),
    autocannon({
      connections: CONNECTIONS,
      duration: 10,
      url: `${NO_CACHE}/api/bench-floor/noop`,
      headers: auth(tokens.noCache),
    }),
  ]);

  for (const q of queries) {
    const params = new URLSearchParams({
      query: q.scoped,
      start: String(q.from),
      end: String(q.to),
      step: String(q.step),
    });
    const body = JSON.stringify({
      query: q.query,
      from: q.from,
      to: q.to,
      step: q.step,
    });

    // Correctness first: every arm must answer 200 with the same data, or the timings mean nothing.
    const direct = await (
      await fetch(`${PROMETHEUS}/api/v1/query_range?${params}`)
    ).json();
    const viaApi = await (
      await fetch(entityQueryUrl(CACHE), {
        method: 'POST',
        headers: { ...auth(tokens.cache), 'Content-Type': 'application/json' },
        body,
      })
    ).json();
    const directPoints = direct.data?.result[0]?.values.length;
    const apiPoints = viaApi.series?.[0]?.points.filter(
      (p: [number, number | null]) => p[1] !== null,
    ).length;
    if (
      direct.status !== 'success' ||
      !directPoints ||
      apiPoints !== directPoints
    ) {
      throw new Error(
        `arms disagree for ${q.name}: direct ${directPoints} points, API ${apiPoints} points`,
      );
    }

    rows.push(
      await load('(a) prometheus direct', q.name, {
        url: `${PROMETHEUS}/api/v1/query_range?${params}`,
      }),
    );
    rows.push(
      await load('(b) proxy-backend', q.name, {
        url: `${NO_CACHE}/api/proxy/prometheus/api/v1/query_range?${params}`,
        headers: auth(tokens.noCache),
      }),
    );
    rows.push(
      await load(
        '(c) entity API, cache off',
        q.name,
        {
          url: entityQueryUrl(NO_CACHE),
          method: 'POST',
          headers: {
            ...auth(tokens.noCache),
            'Content-Type': 'application/json',
          },
          body,
        },
        NO_CACHE,
      ),
    );
    rows.push(
      await load(
        '(d) entity API, cache warm',
        q.name,
        {
          url: entityQueryUrl(CACHE),
          method: 'POST',
          headers: {
            ...auth(tokens.cache),
            'Content-Type': 'application/json',
          },
          body,
        },
        CACHE,
      ),
    );
    // Diagnostic: the floor's work with (d)'s payload, on (d)'s backend.
    const answerBytes = (
      await (
        await fetch(entityQueryUrl(CACHE), {
          method: 'POST',
          headers: {
            ...auth(tokens.cache),
            'Content-Type': 'application/json',
          },
          body,
        })
      ).arrayBuffer()
    ).byteLength;
    rows.push(
      await load('(f) floor with the payload', q.name, {
        url: `${CACHE}/api/bench-floor/echo?bytes=${answerBytes}`,
        method: 'POST',
        headers: { ...auth(tokens.cache), 'Content-Type': 'application/json' },
        body,
      }),
    );
    // The floor is measured with each query, right after (d) and (f), so each d/e ratio compares
    // arms run a few seconds apart: measured once at the end of the run, the floor alone drifted
    // from 2,142 to 2,556 req/s between runs.
    rows.push(
      await load('(e) floor: authenticated no-op', q.name, {
        url: `${NO_CACHE}/api/bench-floor/noop`,
        headers: auth(tokens.noCache),
      }),
    );
  }

  // Fan-in: 100 viewers open the same view at once, on a range nobody has asked for yet.
  const viewers = 100;
  const fanInRun = async (base: string, token: string) => {
    const fresh = END - 3 * 86400 + Math.floor(Math.random() * 1000) * 60;
    const body = JSON.stringify({
      query: queries[1].query,
      from: fresh - 86400,
      to: fresh,
      step: 600,
    });
    const before = await upstreamRequests(base);
    const statuses = await Promise.all(
      Array.from({ length: viewers }, () =>
        fetch(entityQueryUrl(base), {
          method: 'POST',
          headers: { ...auth(token), 'Content-Type': 'application/json' },
          body,
        }).then(r => r.status),
      ),
    );
    return {
      upstreamQueries: (await upstreamRequests(base)) - before,
      allOk: statuses.every(s => s === 200),
    };
  };
  const fanInCache = await fanInRun(CACHE, tokens.cache);
  const fanInNoCache = await fanInRun(NO_CACHE, tokens.noCache);
  const fanIn = {
    viewers,
    distinctQueries: 1,
    cacheOn: fanInCache,
    cacheOff: fanInNoCache,
  };
  process.stdout.write(
    `fan-in: ${viewers} identical viewers, 1 distinct query -> ${fanInCache.upstreamQueries} upstream query(ies) with the cache on, ` +
      `${fanInNoCache.upstreamQueries} with it off (coalescing only joins requests still in flight)\n`,
  );

  const get = (arm: string, query: string) =>
    rows.find(r => r.arm.startsWith(arm) && r.query === query)!;
  const ratios = queries.map(q => {
    const floor = get('(e)', q.name);
    return {
      query: q.name,
      'c/b p50': +(get('(c)', q.name).p50 / get('(b)', q.name).p50).toFixed(2),
      'c/b req/s': +(get('(c)', q.name).rps / get('(b)', q.name).rps).toFixed(
        2,
      ),
      'd/e p50': +(get('(d)', q.name).p50 / floor.p50).toFixed(2),
      'd/e req/s': +(get('(d)', q.name).rps / floor.rps).toFixed(2),
      'd/e p50 exact': +(get('(d)', q.name).p50Exact / floor.p50Exact).toFixed(
        2,
      ),
      'd/f p50': +(get('(d)', q.name).p50 / get('(f)', q.name).p50).toFixed(2),
      'd/f req/s': +(get('(d)', q.name).rps / get('(f)', q.name).rps).toFixed(
        2,
      ),
      'd/a p50': +(get('(d)', q.name).p50 / get('(a)', q.name).p50).toFixed(2),
      'd/a req/s': +(get('(d)', q.name).rps / get('(a)', q.name).rps).toFixed(
        2,
      ),
    };
  });
  process.stdout.write(
    '\nratios (lower p50 / higher req/s is better for the first arm):\n',
  );
  for (const r of ratios) process.stdout.write(`${JSON.stringify(r)}\n`);

  const out = {
    benchmark: 'query-proxy',
    date: new Date().toISOString(),
    machine: { cpus: require('node:os').cpus().length, node: process.version },
    settings: {
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      warmupSeconds: WARMUP,
    },
    rows,
    ratios,
    fanIn,
  };
  const dir = path.resolve(__dirname, '../results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `query-proxy-${out.date.slice(0, 10)}.json`);
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(
    `\nresults written to ${path.relative(process.cwd(), file)}\n`,
  );
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
