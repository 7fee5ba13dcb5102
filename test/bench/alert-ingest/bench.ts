/*
 * Alert-ingest benchmark, driven by run.sh, which starts benchBackend.ts once per database and
 * calls this script:
 *   bench.ts run <sqlite|postgres>   measure one backend (BENCH_URL, BENCH_TOKEN, BENCH_RUN_DIR)
 *   bench.ts report                  print the summary and write test/bench/results/
 *   bench.ts drop-pg                 drop the benchmark's databases (BENCH_PG_URL)
 *
 * Throughput: Alertmanager v4 notifications of 1, 10 and 100 alerts, from SENDERS concurrent
 * senders for a fixed time, three ways on the same backend and database:
 *   (a) ours   POST /api/observability/alerts/webhook over HTTP (static token, JSON, validation,
 *              catalog mapping, one idempotent transaction per notification)
 *   (b) store  the same notifications given to AlertStore.record in the backend process
 *   (c) naive  the same alerts written with one INSERT per row, autocommit, no dedupe
 * History: one million seeded events over ~200 entities and 90 days; GET .../alerts (7 days,
 * limit 50), the same with state=firing, and GET .../alerts/stats for the busiest and the
 * quietest entity, three ways:
 *   (a) ours   the routes over HTTP, as the portal's user (guest) calls them
 *   (b) store  AlertStore.listForEntity / stats called directly in the backend process
 *   (c) raw    the same question as raw SQL in the backend process: a count and a page select
 *              (list), one aggregate statement (stats); no hydration of events
 * Ratios are ours/baseline.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import knexFactory from 'knex';
import {
  BUSY_ENTITY,
  ENTITY_COUNT,
  HISTORY_SHAPE,
  LatencySummary,
  NotificationSource,
  QUIET_ENTITY,
  WORKLOAD_MIX,
  entityName,
  entityRef,
  summarize,
} from './workload';

const QUICK = process.env.QUICK === '1';
const PARAMS = {
  quick: QUICK,
  senders: 4,
  batchSizes: [1, 10, 100],
  durationSeconds: Number(
    process.env.BENCH_DURATION_SECONDS ?? (QUICK ? 2 : 6),
  ),
  warmupSeconds: QUICK ? 1 : 2,
  historyEvents: Number(
    process.env.BENCH_EVENTS ?? (QUICK ? 100_000 : 1_000_000),
  ),
  historyEntities: ENTITY_COUNT,
  historyDays: 90,
  /** Per arm and question: up to historyReps requests, or historyMinReps once past the budget. */
  historyReps: QUICK ? 10 : 50,
  historyMinReps: 10,
  historyBudgetSeconds: QUICK ? 2 : 6,
  historyWarmup: 2,
  historyPageSize: 50,
};

const env = (name: string) => {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set; run test/bench/alert-ingest/run.sh`);
  return value;
};

const out = (line = '') => process.stdout.write(`${line}\n`);
const fmt = (x: number, digits = 1) =>
  Number.isFinite(x) ? x.toFixed(digits) : '-';
const ratio = (a: number, b: number) =>
  b > 0 && Number.isFinite(a) ? Math.round((a / b) * 100) / 100 : null;

function table(headers: string[], rows: (string | number | null)[][]) {
  const cells = rows.map(r => r.map(c => (c === null ? '-' : String(c))));
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...cells.map(r => r[i].length)),
  );
  const line = (r: string[]) =>
    r
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ');
  out(line(headers));
  out(widths.map(w => '-'.repeat(w)).join('  '));
  for (const r of cells) out(line(r));
}

interface ThroughputRow {
  db: string;
  batchSize: number;
  arm: 'ours' | 'store' | 'naive';
  seconds: number;
  notifications: number;
  alerts: number;
  alertsPerSecond: number;
  errors: number;
  firstError?: string;
  latency: LatencySummary;
  /** CPU time of the backend process per alert (HTTP arm: serving; others: the loop). */
  backendCpuMsPerAlert: number;
  stored: { alerts: number; alertEntities: number; events: number };
}

interface HistoryRow {
  db: string;
  entity: string;
  entityRef: string;
  query: 'list' | 'firing' | 'stats';
  arm: 'ours' | 'store' | 'raw';
  latency: LatencySummary;
  /** list: matching alerts; stats: alerts that fired in the range. */
  total: number;
}

interface DbResult {
  db: string;
  server: { client: string; version: string };
  throughput: ThroughputRow[];
  seeding: {
    events: number;
    alerts: number;
    alertEntities: number;
    insertSeconds: number;
    analyzeSeconds: number;
    eventsPerSecond: number;
  };
  history: HistoryRow[];
  disagreements: string[];
  /** 1-minute load average when the phase started and ended: other work on the machine. */
  loadAverage: { start: number; end: number };
}

async function main() {
  const mode = process.argv[2];
  if (mode === 'run') await runDb(process.argv[3]);
  else if (mode === 'report') report();
  else if (mode === 'drop-pg') await dropPostgres();
  else throw new Error('usage: bench.ts run <db> | report | drop-pg');
}

async function runDb(db: string) {
  const base = env('BENCH_URL');
  const serviceAuth = { Authorization: `Bearer ${env('BENCH_TOKEN')}` };
  const runDir = env('BENCH_RUN_DIR');

  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${base}/api/bench-alerts${p}`, {
      method,
      headers: { ...serviceAuth, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok)
      throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };

  const guestRes = await fetch(`${base}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!guestRes.ok) throw new Error(`guest sign-in failed: ${guestRes.status}`);
  const guest = {
    Authorization: `Bearer ${
      ((await guestRes.json()) as any).backstageIdentity.token
    }`,
  };

  // The webhook maps alerts with the catalog's annotations: wait for all components.
  for (let i = 0; ; i++) {
    const res = await fetch(
      `${base}/api/catalog/entities/by-query?filter=kind=component&limit=1`,
      { headers: guest },
    );
    const total = res.ok ? ((await res.json()) as any).totalItems : 0;
    if (total >= ENTITY_COUNT) break;
    if (i > 180)
      throw new Error(`the catalog has ${total} of ${ENTITY_COUNT} components`);
    await new Promise(r => setTimeout(r, 1000));
  }
  const info = await call('GET', '/info');
  const loadAtStart = os.loadavg()[0];
  out(
    `\n== ${db}: ${info.client} ${
      info.version
    } (load average ${loadAtStart.toFixed(2)} on ${os.cpus().length} CPUs)`,
  );

  const webhook = `${base}/api/observability/alerts/webhook`;
  const httpArm = async (batchSize: number, tag: string, seconds: number) => {
    const latencies: number[] = [];
    let alerts = 0;
    let errors = 0;
    let firstError: string | undefined;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: PARAMS.senders }, async (_, sender) => {
        const source = new NotificationSource({ tag, sender, batchSize });
        while (performance.now() < deadline) {
          const payload = source.next(Date.now());
          const body = JSON.stringify(payload);
          const t0 = performance.now();
          try {
            const res = await fetch(webhook, {
              method: 'POST',
              headers: { ...serviceAuth, 'Content-Type': 'application/json' },
              body,
            });
            const text = await res.text();
            if (!res.ok) throw new Error(`${res.status} ${text}`);
            latencies.push(performance.now() - t0);
            alerts += payload.alerts.length;
          } catch (error) {
            errors += 1;
            firstError ??= String(error);
          }
        }
      }),
    );
    return {
      seconds: (performance.now() - started) / 1000,
      notifications: latencies.length,
      alerts,
      errors,
      firstError,
      latency: summarize(latencies),
      stored: (await call('GET', '/info')).counts,
    };
  };
  const inProcessArm = (
    mode: 'store' | 'naive',
    batchSize: number,
    tag: string,
    seconds: number,
  ) =>
    call('POST', '/ingest', {
      mode,
      batchSize,
      senders: PARAMS.senders,
      durationMs: seconds * 1000,
      tag,
    });

  // Warm-up (JIT, connection pools, the webhook's entity index), then every arm from empty tables.
  await call('POST', '/reset');
  await httpArm(10, `${db}-warmup`, PARAMS.warmupSeconds);
  await inProcessArm('store', 10, `${db}-warmup-s`, PARAMS.warmupSeconds);
  await inProcessArm('naive', 10, `${db}-warmup-n`, PARAMS.warmupSeconds);

  const throughput: ThroughputRow[] = [];
  out(
    `throughput: ${PARAMS.senders} senders, ${PARAMS.durationSeconds}s per arm, tables emptied before each arm`,
  );
  for (const batchSize of PARAMS.batchSizes) {
    for (const arm of ['ours', 'store', 'naive'] as const) {
      await call('POST', '/reset');
      const tag = `${db}-${arm}-${batchSize}`;
      const cpuBefore = (await call('GET', '/cpu')).ms;
      const r =
        arm === 'ours'
          ? await httpArm(batchSize, tag, PARAMS.durationSeconds)
          : await inProcessArm(arm, batchSize, tag, PARAMS.durationSeconds);
      const cpuMs = (await call('GET', '/cpu')).ms - cpuBefore;
      const row: ThroughputRow = {
        db,
        batchSize,
        arm,
        ...r,
        alertsPerSecond: Math.round(r.alerts / r.seconds),
        backendCpuMsPerAlert: Math.round((cpuMs / r.alerts) * 1000) / 1000,
      };
      throughput.push(row);
      out(
        `  batch ${String(batchSize).padStart(3)}  ${arm.padEnd(5)}  ${String(
          row.alertsPerSecond,
        ).padStart(6)} alerts/s  p50 ${fmt(r.latency.p50)} ms  p95 ${fmt(
          r.latency.p95,
        )} ms  backend CPU ${fmt(row.backendCpuMsPerAlert, 2)} ms/alert  (${
          r.notifications
        } notifications; stored ${r.stored.alerts} alerts, ${
          r.stored.events
        } events)${
          r.errors ? `  ${r.errors} ERRORS, first: ${r.firstError}` : ''
        }`,
      );
    }
  }

  // History: one million events, then the entity page's three questions.
  await call('POST', '/reset');
  out(
    `seeding ${PARAMS.historyEvents} events over ${PARAMS.historyDays} days...`,
  );
  const seed = await call('POST', '/seed', {
    events: PARAMS.historyEvents,
    days: PARAMS.historyDays,
    seed: 20261124,
  });
  const seeding = {
    ...seed.stored,
    insertSeconds: Math.round(seed.insertSeconds * 10) / 10,
    analyzeSeconds: Math.round(seed.analyzeSeconds * 10) / 10,
    eventsPerSecond: Math.round(seed.stored.events / seed.insertSeconds),
  };
  out(
    `  seeded ${seeding.events} events, ${seeding.alerts} alerts, ${seeding.alertEntities} entity links in ${seeding.insertSeconds}s` +
      (seeding.analyzeSeconds
        ? ` (+ VACUUM ANALYZE ${seeding.analyzeSeconds}s)`
        : ''),
  );

  const history: HistoryRow[] = [];
  const disagreements: string[] = [];
  const routes = {
    list: '',
    firing: '?state=firing',
    stats: '/stats',
  } as const;
  for (const [label, index] of [
    ['busy', BUSY_ENTITY],
    ['quiet', QUIET_ENTITY],
  ] as const) {
    const ref = entityRef(index);
    const alertsUrl = `${base}/api/observability/entities/component/default/${entityName(
      index,
    )}/alerts`;
    const get = async (query: keyof typeof routes, range = '') => {
      const suffix = routes[query];
      const url = suffix.startsWith('?')
        ? `${alertsUrl}${suffix}${range ? `&${range}` : ''}`
        : `${alertsUrl}${suffix}${range ? `?${range}` : ''}`;
      const res = await fetch(url, { headers: guest });
      if (!res.ok)
        throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<any>;
    };
    for (const query of ['list', 'firing', 'stats'] as const) {
      // The arms must agree on one fixed range before their timings mean anything.
      const to = Math.floor(Date.now() / 1000);
      const from = to - 7 * 86400;
      const viaHttp = await get(query, `from=${from}&to=${to}`);
      const totalOf = (r: any) => (query === 'stats' ? r.count : r.total);
      const fixed = { entityRef: ref, query, reps: 0, warmup: 1, from, to };
      const viaStore = await call('POST', '/query', { ...fixed, arm: 'store' });
      const viaRaw = await call('POST', '/query', { ...fixed, arm: 'raw' });
      const keys =
        query === 'stats'
          ? ['count', 'firing', 'resolved', 'acknowledged']
          : ['total'];
      for (const k of keys) {
        const values = [viaHttp[k], viaStore.result[k], viaRaw.result[k]];
        if (new Set(values.map(Number)).size !== 1) {
          disagreements.push(
            `${db} ${label} ${query} ${k}: ours ${values[0]}, store ${values[1]}, raw ${values[2]}`,
          );
        }
      }
      if (query !== 'stats' && !viaHttp.permissions?.acknowledge) {
        disagreements.push(`${db} ${label} ${query}: no permissions in answer`);
      }

      // Timed: the route's default range (the last 7 days), one request at a time.
      for (let i = 0; i < PARAMS.historyWarmup; i++) await get(query);
      const latencies: number[] = [];
      const started = performance.now();
      for (let i = 0; i < PARAMS.historyReps; i++) {
        if (
          i >= PARAMS.historyMinReps &&
          performance.now() - started > PARAMS.historyBudgetSeconds * 1000
        )
          break;
        const t0 = performance.now();
        await get(query);
        latencies.push(performance.now() - t0);
      }
      const timed = {
        entityRef: ref,
        query,
        reps: PARAMS.historyReps,
        minReps: PARAMS.historyMinReps,
        budgetMs: PARAMS.historyBudgetSeconds * 1000,
      };
      const store = await call('POST', '/query', {
        ...timed,
        arm: 'store',
        warmup: PARAMS.historyWarmup,
      });
      const raw = await call('POST', '/query', {
        ...timed,
        arm: 'raw',
        warmup: PARAMS.historyWarmup,
      });
      const rows: HistoryRow[] = [
        {
          db,
          entity: label,
          entityRef: ref,
          query,
          arm: 'ours',
          latency: summarize(latencies),
          total: totalOf(viaHttp),
        },
        {
          db,
          entity: label,
          entityRef: ref,
          query,
          arm: 'store',
          latency: store.latency,
          total: totalOf(viaStore.result),
        },
        {
          db,
          entity: label,
          entityRef: ref,
          query,
          arm: 'raw',
          latency: raw.latency,
          total: totalOf(viaRaw.result),
        },
      ];
      history.push(...rows);
      out(
        `  ${label.padEnd(5)} ${query.padEnd(6)} (${String(
          rows[0].total,
        ).padStart(6)} alerts)  ${rows
          .map(
            r =>
              `${r.arm} p50 ${fmt(r.latency.p50)} / p95 ${fmt(
                r.latency.p95,
              )} ms (n=${r.latency.count})`,
          )
          .join('   ')}`,
      );
    }
  }
  for (const d of disagreements) out(`  DISAGREEMENT: ${d}`);

  const result: DbResult = {
    db,
    server: { client: info.client, version: info.version },
    throughput,
    seeding,
    history,
    disagreements,
    loadAverage: {
      start: Math.round(loadAtStart * 100) / 100,
      end: Math.round(os.loadavg()[0] * 100) / 100,
    },
  };
  writeFileSync(
    path.join(runDir, `result-${db}.json`),
    `${JSON.stringify(result, null, 2)}\n`,
  );
}

function report() {
  const runDir = env('BENCH_RUN_DIR');
  const results: DbResult[] = ['sqlite', 'postgres']
    .map(db => path.join(runDir, `result-${db}.json`))
    .filter(f => existsSync(f))
    .map(f => JSON.parse(readFileSync(f, 'utf8')));
  if (results.length === 0) throw new Error(`no results in ${runDir}`);

  out('\n=== Alert ingest: webhook throughput (ours = HTTP webhook route)');
  out(
    `baselines: store = AlertStore.record in the backend process (no HTTP, validation or catalog mapping);`,
  );
  out(
    `           naive = one INSERT per row, autocommit, no transaction, no dedupe (a redelivery is stored twice)`,
  );
  const throughputRatios: object[] = [];
  const tRows: (string | number | null)[][] = [];
  for (const r of results) {
    for (const batchSize of PARAMS.batchSizes) {
      const get = (arm: string) =>
        r.throughput.find(t => t.batchSize === batchSize && t.arm === arm)!;
      const [ours, store, naive] = [get('ours'), get('store'), get('naive')];
      const entry = {
        db: r.db,
        batchSize,
        oursAlertsPerSecond: ours.alertsPerSecond,
        'ours/store alerts/s': ratio(
          ours.alertsPerSecond,
          store.alertsPerSecond,
        ),
        'ours/naive alerts/s': ratio(
          ours.alertsPerSecond,
          naive.alertsPerSecond,
        ),
        'ours/store p50': ratio(ours.latency.p50, store.latency.p50),
        'ours/naive p50': ratio(ours.latency.p50, naive.latency.p50),
        'ours/store backend CPU per alert': ratio(
          ours.backendCpuMsPerAlert,
          store.backendCpuMsPerAlert,
        ),
        'ours/naive backend CPU per alert': ratio(
          ours.backendCpuMsPerAlert,
          naive.backendCpuMsPerAlert,
        ),
      };
      throughputRatios.push(entry);
      tRows.push([
        r.db,
        String(batchSize),
        `${ours.alertsPerSecond} / ${store.alertsPerSecond} / ${naive.alertsPerSecond}`,
        `${fmt(ours.latency.p50)} / ${fmt(store.latency.p50)} / ${fmt(
          naive.latency.p50,
        )}`,
        `${fmt(ours.latency.p95)} / ${fmt(store.latency.p95)} / ${fmt(
          naive.latency.p95,
        )}`,
        `${fmt(ours.backendCpuMsPerAlert, 2)} / ${fmt(
          store.backendCpuMsPerAlert,
          2,
        )} / ${fmt(naive.backendCpuMsPerAlert, 2)}`,
        entry['ours/store alerts/s'],
        entry['ours/naive alerts/s'],
        ours.errors + store.errors + naive.errors,
      ]);
    }
  }
  table(
    [
      'db',
      'batch',
      'alerts/s ours/store/naive',
      'p50 ms ours/store/naive',
      'p95 ms ours/store/naive',
      'CPU ms/alert ours/store/naive',
      'alerts/s ours/store',
      'ours/naive',
      'errors',
    ],
    tRows,
  );
  out(
    'CPU ms/alert = CPU time of the backend process per alert (PostgreSQL server time not included)',
  );

  out('\n=== Alert history: one request at a time (ours = HTTP as the guest)');
  out(
    `baselines: store = AlertStore.listForEntity/stats in the backend process; raw = the same SQL by hand in the backend process (count + page select; one aggregate for stats)`,
  );
  const historyRatios: object[] = [];
  const hRows: (string | number | null)[][] = [];
  for (const r of results) {
    out(
      `${r.db}: seeded ${r.seeding.events} events (${r.seeding.alerts} alerts, ${r.seeding.alertEntities} entity links) in ${r.seeding.insertSeconds}s = ${r.seeding.eventsPerSecond} events/s`,
    );
    for (const entity of ['busy', 'quiet']) {
      for (const query of ['list', 'firing', 'stats']) {
        const get = (arm: string) =>
          r.history.find(
            h => h.entity === entity && h.query === query && h.arm === arm,
          )!;
        const [ours, store, raw] = [get('ours'), get('store'), get('raw')];
        const entry = {
          db: r.db,
          entity: `${entity} (${ours.entityRef})`,
          query,
          total: ours.total,
          'ours/raw p50': ratio(ours.latency.p50, raw.latency.p50),
          'ours/raw p95': ratio(ours.latency.p95, raw.latency.p95),
          'ours/store p50': ratio(ours.latency.p50, store.latency.p50),
          'store/raw p50': ratio(store.latency.p50, raw.latency.p50),
        };
        historyRatios.push(entry);
        hRows.push([
          r.db,
          `${entity} ${query}`,
          String(ours.total),
          `${ours.latency.count}/${store.latency.count}/${raw.latency.count}`,
          `${fmt(ours.latency.p50)} / ${fmt(store.latency.p50)} / ${fmt(
            raw.latency.p50,
          )}`,
          `${fmt(ours.latency.p95)} / ${fmt(store.latency.p95)} / ${fmt(
            raw.latency.p95,
          )}`,
          entry['ours/raw p50'],
          entry['ours/store p50'],
          entry['store/raw p50'],
        ]);
      }
    }
  }
  table(
    [
      'db',
      'entity query',
      'alerts',
      'n',
      'p50 ms ours/store/raw',
      'p95 ms ours/store/raw',
      'ours/raw p50',
      'ours/store',
      'store/raw',
    ],
    hRows,
  );
  out(
    '\nlist = GET .../alerts (last 7 days, limit 50); firing = the same with state=firing; stats = GET .../alerts/stats (last 7 days)',
  );
  out(
    'alerts = matching alerts in the 7 days (list: the total the route answers; stats: alerts that fired in the range)',
  );
  const disagreements = results.flatMap(r => r.disagreements);
  for (const d of disagreements) out(`DISAGREEMENT: ${d}`);
  const cpus = os.cpus();
  for (const r of results) {
    if (Math.max(r.loadAverage.start, r.loadAverage.end) > 1.5 * cpus.length) {
      out(
        `NOTE: load average ${r.loadAverage.start} -> ${r.loadAverage.end} on ${cpus.length} CPUs during the ${r.db} phase: other work shared the machine; latencies are inflated`,
      );
    }
  }

  const date = new Date().toISOString();
  // A QUICK run is a smoke test: its figures stay out of test/bench/results/.
  const file = QUICK
    ? path.join(runDir, 'alert-ingest-quick.json')
    : path.resolve(
        __dirname,
        '../results',
        `alert-ingest-${date.slice(0, 10)}.json`,
      );
  const summary = {
    benchmark: 'alert-ingest',
    date,
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    parameters: {
      ...PARAMS,
      workload: WORKLOAD_MIX,
      history: HISTORY_SHAPE,
      databases: {
        sqlite:
          'better-sqlite3, one file per plugin (connection.directory), as the portal app-config.yaml: rollback journal, synchronous=FULL',
        postgres:
          'throw-away cluster of scripts/test-postgres.sh: fsync=off, so commits cost less than on a durable server',
      },
      backend:
        'benchBackend.ts, NODE_ENV=production: auth (guest + static external-access token), catalog (200 components), permission backend with the portal policy, observability; alerts.reconcileInterval 1h so the reconciler does not run inside the timed arms',
      arms: {
        throughput: {
          ours: 'POST /api/observability/alerts/webhook over HTTP, static token',
          store: 'AlertStore.record in the backend process, same notifications',
          naive:
            'one INSERT per row, autocommit, no transaction, no dedupe, in the backend process',
        },
        history: {
          ours: 'GET .../alerts and .../alerts/stats over HTTP as the guest user (permissions evaluated)',
          store:
            'AlertStore.listForEntity / stats in the backend process (no HTTP)',
          raw: 'raw SQL in the backend process: a count and a page select (list), one aggregate statement (stats); events not loaded',
        },
      },
    },
    servers: Object.fromEntries(results.map(r => [r.db, r.server])),
    loadAverage: Object.fromEntries(results.map(r => [r.db, r.loadAverage])),
    throughput: results.flatMap(r => r.throughput),
    throughputRatios,
    seeding: Object.fromEntries(results.map(r => [r.db, r.seeding])),
    history: results.flatMap(r => r.history),
    historyRatios,
    disagreements,
  };
  mkdirSync(path.dirname(file), { recursive: true });
  // Formatted as the repository's Prettier check wants it (prettier 2 formats synchronously).
  const prettier = require('prettier') as {
    format(text: string, options: { parser: string }): string;
  };
  writeFileSync(
    file,
    prettier.format(JSON.stringify(summary), { parser: 'json' }),
  );
  out(`\nresults written to ${path.relative(process.cwd(), file)}`);
  if (disagreements.length) process.exitCode = 1;
}

async function dropPostgres() {
  const knex = knexFactory({
    client: 'pg',
    connection: `${env('BENCH_PG_URL')}/postgres`,
  });
  try {
    const { rows } = await knex.raw(
      "select datname from pg_database where datname like 'bench_alert_ingest_%'",
    );
    for (const { datname } of rows) {
      await knex.raw(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = ?',
        [datname],
      );
      await knex.raw(`drop database if exists "${datname}"`);
    }
  } finally {
    await knex.destroy();
  }
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
