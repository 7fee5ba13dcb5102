/*
 * The backend the alert-ingest benchmark measures: the portal's plugins (auth with guest
 * sign-in, catalog, permissions with the portal's own policy, observability), configured by
 * run.sh for SQLite or PostgreSQL, plus a `bench-alerts` plugin that only the benchmark uses. It
 * uses the observability plugin's database (the database service below hands it the same
 * client) and runs, inside this process and on that database:
 *   - the ingest baselines: the same notifications given straight to AlertStore.record (no
 *     HTTP, validation or catalog mapping), and a naive ingest (one INSERT per row, no
 *     transaction, no idempotency);
 *   - the seeding of the long history (bulk multi-row INSERTs, as the migrations made the
 *     tables);
 *   - the history baselines: AlertStore.listForEntity / stats called directly, and the same
 *     questions as raw SQL (a count and a page select; one aggregate for the stats).
 * Its routes take the benchmark's external-access token (service principal) only.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createBackend } from '@backstage/backend-defaults';
import { DatabaseManager } from '@backstage/backend-defaults/database';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { Knex } from 'knex';
import {
  AlertStore,
  IncomingAlert,
} from '../../../plugins/observability-backend/src/alerts/AlertStore';
import {
  NotificationSource,
  SeedChunk,
  seedHistory,
  summarize,
  toIncoming,
} from './workload';

/**
 * The default database service, except that it also hands the observability plugin's
 * DatabaseService to `bench-alerts` (which keeps its own database for everything else).
 */
let observabilityDatabase: (db: DatabaseService) => void;
const observabilityDatabaseReady = new Promise<DatabaseService>(resolve => {
  observabilityDatabase = resolve;
});
const databaseFactory = createServiceFactory({
  service: coreServices.database,
  deps: {
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    logger: coreServices.logger,
    pluginMetadata: coreServices.pluginMetadata,
    rootLifecycle: coreServices.rootLifecycle,
    rootLogger: coreServices.rootLogger,
  },
  async createRootContext({ config, rootLifecycle, rootLogger }) {
    return DatabaseManager.fromConfig(config, { rootLifecycle, rootLogger });
  },
  async factory({ pluginMetadata, lifecycle, logger }, manager) {
    const id = pluginMetadata.getId();
    const database = manager.forPlugin(id, { lifecycle, logger });
    if (id === 'observability') observabilityDatabase(database);
    return database;
  },
});

/** One row per statement, autocommit, a fresh random id per alert: no dedupe, no transaction. */
async function naiveIngest(db: Knex, alerts: IncomingAlert[]) {
  const now = new Date();
  for (const a of alerts) {
    const id = randomBytes(32).toString('hex');
    await db('observability_alerts').insert({
      id,
      fingerprint: a.fingerprint,
      alertname: a.labels.alertname,
      severity: a.labels.severity ?? null,
      labels: JSON.stringify(a.labels),
      annotations: JSON.stringify(a.annotations),
      generator_url: a.generatorURL ?? null,
      status: a.status,
      starts_at: a.startsAt,
      ends_at: a.status === 'resolved' ? a.endsAt ?? now : null,
      updated_at: now,
    });
    for (const entityRef of a.entityRefs) {
      await db('observability_alert_entities').insert({
        alert_id: id,
        entity_ref: entityRef,
        starts_at: a.startsAt,
        ends_at: a.status === 'resolved' ? a.endsAt ?? now : null,
      });
    }
    const fired = {
      alert_id: id,
      type: 'fired',
      at: a.startsAt,
      actor: 'webhook',
      note: null,
      dedupe_key: `${id}:fired`,
    };
    await db('observability_alert_events').insert(fired);
    if (a.status === 'resolved') {
      await db('observability_alert_events').insert({
        ...fired,
        type: 'resolved',
        at: a.endsAt ?? now,
        dedupe_key: `${id}:resolved`,
      });
    }
  }
}

/** SQLite: one multi-row INSERT (at most 32,766 bound parameters per statement). */
async function insertValues(
  db: Knex,
  table: string,
  columns: string[],
  rows: object[],
) {
  const tuple = `(${columns.map(() => '?').join(',')})`;
  const perStatement = Math.floor(32766 / columns.length);
  for (let i = 0; i < rows.length; i += perStatement) {
    const part = rows.slice(i, i + perStatement);
    const bindings: unknown[] = [];
    for (const row of part) {
      for (const c of columns) bindings.push((row as any)[c] ?? null);
    }
    await db.raw(
      `insert into ${table} (${columns.join(',')}) values ${part
        .map(() => tuple)
        .join(',')}`,
      bindings as any[],
    );
  }
}

/** PostgreSQL: one INSERT ... SELECT FROM unnest(one array per column). */
async function insertUnnest(
  db: Knex,
  table: string,
  columns: Array<[name: string, type: string]>,
  rows: object[],
) {
  await db.raw(
    `insert into ${table} (${columns
      .map(([c]) => c)
      .join(',')}) select * from unnest(${columns
      .map(([, t]) => `?::${t}[]`)
      .join(',')})`,
    columns.map(([c]) => rows.map(r => (r as any)[c] ?? null)) as any[],
  );
}

const COLUMNS: Record<string, Array<[string, string]>> = {
  observability_alerts: [
    ['id', 'text'],
    ['fingerprint', 'text'],
    ['alertname', 'text'],
    ['severity', 'text'],
    ['labels', 'text'],
    ['annotations', 'text'],
    ['generator_url', 'text'],
    ['status', 'text'],
    ['starts_at', 'timestamptz'],
    ['ends_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
  ],
  observability_alert_entities: [
    ['alert_id', 'text'],
    ['entity_ref', 'text'],
    ['starts_at', 'timestamptz'],
    ['ends_at', 'timestamptz'],
    ['acknowledged_at', 'timestamptz'],
  ],
  observability_alert_events: [
    ['alert_id', 'text'],
    ['type', 'text'],
    ['at', 'timestamptz'],
    ['actor', 'text'],
    ['note', 'text'],
    ['dedupe_key', 'text'],
    ['silence_id', 'text'],
    ['silence_ends_at', 'timestamptz'],
  ],
};

async function insertChunk(db: Knex, chunk: SeedChunk) {
  await db.transaction(async tx => {
    for (const [table, rows] of [
      ['observability_alerts', chunk.alerts],
      ['observability_alert_entities', chunk.entities],
      ['observability_alert_events', chunk.events],
    ] as const) {
      if (isPostgres(db)) await insertUnnest(tx, table, COLUMNS[table], rows);
      else
        await insertValues(
          tx,
          table,
          COLUMNS[table].map(([c]) => c),
          rows,
        );
    }
  });
}

/**
 * SQLite, for the bulk load only: a large page cache, no fsync, the rollback journal in memory
 * (about four times faster); the settings are put back afterwards. The pool has one connection.
 */
async function withFastSqliteLoad<T>(db: Knex, load: () => Promise<T>) {
  if (isPostgres(db)) return load();
  const pragmas = ['cache_size', 'synchronous', 'journal_mode'];
  const before: Record<string, unknown> = {};
  for (const p of pragmas) {
    before[p] = Object.values((await db.raw(`pragma ${p}`))[0])[0];
  }
  await db.raw('pragma cache_size = -524288');
  await db.raw('pragma synchronous = off');
  await db.raw('pragma journal_mode = memory');
  try {
    return await load();
  } finally {
    for (const p of pragmas) await db.raw(`pragma ${p} = ${before[p]}`);
  }
}

const isPostgres = (db: Knex) => String(db.client.config.client).includes('pg');

/** Seconds between two timestamp columns, as each database stores timestamps. */
const secondsBetween = (db: Knex, later: string, earlier: string) =>
  isPostgres(db)
    ? `extract(epoch from (${later} - ${earlier}))`
    : `((${later} - ${earlier}) / 1000.0)`;

/** The history route's total and page, by hand: one count and one page select. */
async function rawList(
  db: Knex,
  entityRef: string,
  range: { from: Date; to: Date },
  state?: string,
) {
  const where = `from observability_alerts a
       join observability_alert_entities e on e.alert_id = a.id
      where e.entity_ref = ? and a.starts_at <= ?
        and (a.ends_at is null or a.ends_at >= ?)${
          state ? ' and a.status = ?' : ''
        }`;
  const bindings = [entityRef, range.to, range.from, ...(state ? [state] : [])];
  const rows = (r: any): any[] => (isPostgres(db) ? r.rows : r);
  const [{ total }] = rows(
    await db.raw(`select count(*) as total ${where}`, bindings),
  );
  const page = rows(
    await db.raw(
      `select a.* ${where} order by a.starts_at desc, a.id asc limit 50`,
      bindings,
    ),
  );
  return { total: Number(total), page: page.length };
}

/** The stats route's figures, as a single aggregate statement. */
async function rawStats(
  db: Knex,
  entityRef: string,
  range: { from: Date; to: Date },
) {
  const rows = await db.raw(
    `select count(*) as count,
            sum(case when t.status = 'firing' then 1 else 0 end) as firing,
            sum(case when t.status = 'resolved' and t.ends_at is not null then 1 else 0 end) as resolved,
            avg(case when t.status = 'resolved' and t.ends_at is not null
                     then ${secondsBetween(
                       db,
                       't.ends_at',
                       't.starts_at',
                     )} end) as mttr,
            count(t.first_ack) as acknowledged,
            avg(${secondsBetween(db, 't.first_ack', 't.starts_at')}) as mtta
       from (select a.id, a.status, a.starts_at, a.ends_at,
                    (select min(x.at) from observability_alert_events x
                      where x.alert_id = a.id and x.type = 'acknowledged') as first_ack
               from observability_alerts a
               join observability_alert_entities e on e.alert_id = a.id
              where e.entity_ref = ? and a.starts_at between ? and ?) t`,
    [entityRef, range.from, range.to],
  );
  const r = (isPostgres(db) ? rows.rows : rows)[0];
  const num = (v: unknown) => (v === null ? null : Number(v));
  return {
    count: Number(r.count),
    firing: Number(r.firing ?? 0),
    acknowledged: Number(r.acknowledged),
    resolved: Number(r.resolved ?? 0),
    mttaSeconds: num(r.mtta),
    mttrSeconds: num(r.mttr),
  };
}

async function counts(db: Knex) {
  const count = async (table: string) =>
    Number((await db(table).count({ n: '*' }))[0].n);
  return {
    alerts: await count('observability_alerts'),
    alertEntities: await count('observability_alert_entities'),
    events: await count('observability_alert_events'),
  };
}

const benchPlugin = createBackendPlugin({
  pluginId: 'bench-alerts',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        logger: coreServices.logger,
      },
      async init({ httpRouter, httpAuth, logger }) {
        let storePromise: Promise<AlertStore> | undefined;
        const db = async () => (await observabilityDatabaseReady).getClient();
        // Created on first use, once the observability plugin has migrated the tables.
        const store = () => (storePromise ??= db().then(AlertStore.forKnex));
        const router = Router();
        router.use(express.json({ limit: '1mb' }));
        router.use(async (req, _res, next) => {
          await httpAuth.credentials(req, { allow: ['service'] });
          next();
        });

        router.get('/info', async (_req, res) => {
          const knex = await db();
          let version: string;
          if (isPostgres(knex)) {
            version = (await knex.raw('show server_version')).rows[0]
              .server_version;
          } else {
            version = (await knex.raw('select sqlite_version() as v'))[0].v;
          }
          res.json({
            client: knex.client.config.client,
            version,
            counts: await counts(knex),
          });
        });

        // CPU time of this process, for the cost per alert whatever else runs on the machine.
        router.get('/cpu', async (_req, res) => {
          const { user, system } = process.cpuUsage();
          res.json({ ms: (user + system) / 1000 });
        });

        router.post('/reset', async (_req, res) => {
          const knex = await db();
          if (isPostgres(knex)) {
            await knex.raw(
              'truncate table observability_alert_events, observability_alert_entities, observability_alerts',
            );
          } else {
            await knex('observability_alert_events').delete();
            await knex('observability_alert_entities').delete();
            await knex('observability_alerts').delete();
          }
          res.json(await counts(knex));
        });

        // The in-process ingest baselines, with the same concurrency as the HTTP senders.
        router.post('/ingest', async (req, res) => {
          const { mode, batchSize, senders, durationMs, tag } = req.body as {
            mode: 'store' | 'naive';
            batchSize: number;
            senders: number;
            durationMs: number;
            tag: string;
          };
          const knex = await db();
          const alertStore = await store();
          const latencies: number[] = [];
          let alerts = 0;
          let errors = 0;
          let firstError: string | undefined;
          const started = performance.now();
          const deadline = started + durationMs;
          await Promise.all(
            Array.from({ length: senders }, async (_, sender) => {
              const source = new NotificationSource({ tag, sender, batchSize });
              while (performance.now() < deadline) {
                const incoming = toIncoming(source.next(Date.now()));
                const t0 = performance.now();
                try {
                  if (mode === 'store') {
                    await alertStore.record(incoming, { actor: 'webhook' });
                  } else {
                    await naiveIngest(knex, incoming);
                  }
                  latencies.push(performance.now() - t0);
                  alerts += incoming.length;
                } catch (error) {
                  errors += 1;
                  firstError ??= String(error);
                }
              }
            }),
          );
          const seconds = (performance.now() - started) / 1000;
          res.json({
            seconds,
            notifications: latencies.length,
            alerts,
            errors,
            firstError,
            latency: summarize(latencies),
            stored: await counts(knex),
          });
        });

        router.post('/seed', async (req, res) => {
          const { events, days, seed } = req.body as {
            events: number;
            days: number;
            seed: number;
          };
          const knex = await db();
          const nowMs = Date.now();
          const started = performance.now();
          await withFastSqliteLoad(knex, async () => {
            for (const chunk of seedHistory({
              events,
              days,
              nowMs,
              seed,
              chunkAlerts: 2000,
              alertId: AlertStore.alertId,
            })) {
              await insertChunk(knex, chunk);
            }
          });
          const insertSeconds = (performance.now() - started) / 1000;
          // What autovacuum does by itself minutes after a bulk load (PostgreSQL 13 and later
          // vacuum insert-only tables too); done now so the planner has statistics and the
          // visibility map lets the stats read their index alone before the first timed query.
          // SQLite gets none (Backstage runs none).
          let analyzeSeconds = 0;
          if (isPostgres(knex)) {
            const t = performance.now();
            await knex.raw(
              'vacuum analyze observability_alerts, observability_alert_entities, observability_alert_events',
            );
            analyzeSeconds = (performance.now() - t) / 1000;
          }
          const stored = await counts(knex);
          logger.info(
            `Seeded ${stored.events} events in ${insertSeconds.toFixed(1)}s`,
          );
          res.json({ nowMs, insertSeconds, analyzeSeconds, stored });
        });

        // The history baselines, timed here (no HTTP).
        router.post('/query', async (req, res) => {
          const { arm, query, entityRef, reps, minReps, budgetMs, warmup } =
            req.body as {
              arm: 'store' | 'raw';
              query: 'list' | 'firing' | 'stats';
              entityRef: string;
              /** At most `reps`; past `budgetMs`, stop once `minReps` are done. */
              reps: number;
              minReps?: number;
              budgetMs?: number;
              warmup: number;
              /** Unix seconds; default the route's: the last 7 days. */
              from?: number;
              to?: number;
            };
          const { from, to } = req.body as { from?: number; to?: number };
          const knex = await db();
          const alertStore = await store();
          const run = async () => {
            const toS = to ?? Date.now() / 1000;
            const range = {
              from: new Date((from ?? toS - 7 * 86400) * 1000),
              to: new Date(toS * 1000),
            };
            const state = query === 'firing' ? 'firing' : undefined;
            if (query === 'stats') {
              return arm === 'store'
                ? alertStore.stats(entityRef, range)
                : rawStats(knex, entityRef, range);
            }
            if (arm === 'store') {
              const { alerts, total } = await alertStore.listForEntity(
                entityRef,
                { ...range, state, limit: 50, offset: 0 },
              );
              return { total, page: alerts.length };
            }
            return rawList(knex, entityRef, range, state);
          };
          let result: unknown;
          for (let i = 0; i < warmup; i++) result = await run();
          const latencies: number[] = [];
          const started = performance.now();
          for (let i = 0; i < reps; i++) {
            if (
              i >= (minReps ?? reps) &&
              performance.now() - started > (budgetMs ?? Infinity)
            )
              break;
            const t0 = performance.now();
            result = await run();
            latencies.push(performance.now() - t0);
          }
          res.json({ latency: summarize(latencies), result });
        });

        httpRouter.use(router);
      },
    });
  },
});

const backend = createBackend();
backend.add(databaseFactory);
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
// The portal's own policy: everything allowed, acting on alerts for the owning group only.
backend.add(
  import('../../../packages/backend/src/observabilityPermissionPolicy'),
);
backend.add(import('@stagewatch/backstage-plugin-observability-backend'));
backend.add(benchPlugin);
backend.start();
