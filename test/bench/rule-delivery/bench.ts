/*
 * Rule-delivery benchmark: the alert rules of ENTITIES synthetic entities, rendered, validated,
 * written and loaded into Debian's real Prometheus 2.42 (started here with
 * --web.enable-lifecycle), two ways in the same run:
 *   (a) ours      RuleDeliveryReconciler.run(): render every entity, validate with the plugin's
 *                 checks and ONE promtool run for all files, compare content hashes with the
 *                 store (SQLite), write what changed, one POST /-/reload, read /api/v1/rules back;
 *                 then a second run in which nothing changed.
 *   (b) baseline  the straightforward script: per entity render, `promtool check rules` on its
 *                 file, write it; then one reload. Its second run does all of it again (it keeps
 *                 no record of what it delivered).
 * Stages of (a) are also timed alone: render (desiredEntityRules for all), validate
 * (validateRenderedAll), reload (POST /-/reload with every file in place).
 * Ratios are ours/baseline (below 1: ours is faster). Results: test/bench/results/.
 * BENCH_BASELINE_ENTITIES=M runs the baseline on the first M entities only (at 10,000 it takes
 * twenty minutes a run); its times are then scaled by ENTITIES/M before the ratios, and both
 * the measured and the scaled figures are printed.
 * Also measured, at ENTITIES: the alert entity index (AlertEntityIndex: one catalog read
 * turned into every entity's alert route, then the entities of 10,000 alerts' labels), and the
 * process' heap after each part and its peak resident memory.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  findBinary,
  freePort,
  startManagedProcess,
  waitForHttp,
} from '@internal/demo-stack';
import knexFactory from 'knex';
import {
  readObservabilityConfig,
  readAlertRulesConfig,
  builtinTemplates,
  ruleFileName,
  desiredEntityRules,
  promtoolCheckRules,
  ruleFileYaml,
  validateRenderedAll,
} from '@stagewatch/backstage-plugin-observability-node';
import { AlertEntityIndex } from '../../../plugins/observability-backend/src/alerts/AlertEntityIndex';
import { RuleDeliveryReconciler } from '../../../plugins/observability-backend/src/rules/RuleDeliveryReconciler';
import { RuleDeliveryStore } from '../../../plugins/observability-backend/src/rules/RuleDeliveryStore';
import { RuleTemplateCatalog } from '../../../plugins/observability-backend/src/rules/RuleTemplateCatalog';
import { RuleValidator } from '../../../plugins/observability-backend/src/rules/RuleValidator';

const ENTITIES = Number(process.env.BENCH_ENTITIES ?? 1000);
const BASELINE_ENTITIES = Math.min(
  ENTITIES,
  Number(process.env.BENCH_BASELINE_ENTITIES ?? ENTITIES),
);
const heapMb = () => process.memoryUsage().heapUsed / 2 ** 20;
// maxRSS is in kilobytes.
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
const ROOT = path.resolve(__dirname, '../../..');

/** Service N: the defaults, a quarter with two SLOs, a third tuning latency by annotation. */
function entity(i: number): Entity {
  const name = `bench-${String(i).padStart(4, '0')}`;
  const annotations: Record<string, string> = {
    'observability/prometheus-selector': `{job="${name}", namespace="bench"}`,
  };
  if (i % 4 === 0) {
    annotations['observability/slos'] =
      '- name: availability\n  objective: 99.9\n  window: 30d\n  sli: availability\n' +
      '- name: latency\n  objective: 99\n  window: 30d\n  sli: { type: latency, threshold: 300ms }\n';
  }
  if (i % 3 === 0) {
    annotations['observability/alert-rules'] =
      '- template: latency\n  params: { threshold: 300ms, severity: page }\n- template: traffic-drop\n';
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: `team-${i % 20}` },
  };
}

/** Warnings and errors only: the timed runs should not print. */
const logger = {
  info() {},
  debug() {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  child() {
    return logger;
  },
} as unknown as LoggerService;

const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const value = await fn();
  return [value, (performance.now() - start) / 1000];
};

async function main() {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'bench-rule-delivery-'));
  const oursDir = path.join(runDir, 'ours');
  const baseDir = path.join(runDir, 'baseline');
  mkdirSync(oursDir);
  mkdirSync(baseDir);
  const promPort = await freePort();
  const promUrl = `http://127.0.0.1:${promPort}`;
  // One Prometheus loads both folders; each arm empties the other's before it runs, so every
  // reload loads exactly one arm's ENTITIES files.
  writeFileSync(
    path.join(runDir, 'prometheus.yml'),
    `global: { evaluation_interval: 1m }\nrule_files: ['${oursDir}/*.yml', '${baseDir}/*.yml']\n`,
  );
  const prometheus = startManagedProcess({
    name: 'prometheus',
    command: findBinary('prometheus'),
    args: [
      `--config.file=${path.join(runDir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(runDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
      '--web.enable-lifecycle',
    ],
    runDir,
  });
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(runDir, 'store.sqlite') },
    useNullAsDefault: true,
  });
  try {
    await waitForHttp(`${promUrl}/-/ready`, { process: prometheus });
    const promtool = findBinary('promtool');
    const entities = Array.from({ length: ENTITIES }, (_, i) => entity(i));
    const root = new ConfigReader({
      observability: {
        prometheus: { instances: [{ name: 'default', baseUrl: promUrl }] },
        alertRules: {
          delivery: [
            { instance: 'default', type: 'files', directory: oursDir },
          ],
          promtool,
        },
      },
    });
    const config = readObservabilityConfig(root);
    const rules = readAlertRulesConfig(
      root,
      new Map(config.instances.map(i => [i.name, i.apiBaseUrl])),
    );
    const templates = new Map(builtinTemplates.map(t => [t.id, t]));
    const reload = async () => {
      const res = await fetch(`${promUrl}/-/reload`, { method: 'POST' });
      if (!res.ok) throw new Error(`reload: ${res.status} ${await res.text()}`);
    };
    const clear = (dir: string) => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
    };

    // Stages of ours, alone.
    const [rendered, renderSeconds] = await time(async () =>
      entities.map(e => desiredEntityRules(e, { config, rules, templates })),
    );
    const ruleCount = rendered.reduce((n, r) => n + r.group.rules.length, 0);
    const problems = rendered.reduce((n, r) => n + r.problems.length, 0);
    const [, validateSeconds] = await time(() =>
      validateRenderedAll(rendered, promtool),
    );

    // (a) ours, full run then a run with nothing changed.
    const store = await RuleDeliveryStore.forKnex(knex);
    const catalog = catalogServiceMock({
      entities,
    }) as unknown as CatalogService;
    const reconciler = new RuleDeliveryReconciler({
      catalog,
      auth: mockServices.auth(),
      logger,
      store,
      templates: new RuleTemplateCatalog(),
      config,
      rules,
      validator: new RuleValidator(promtool),
    });
    clear(baseDir);
    const [fullRun, oursFull] = await time(() => reconciler.run());
    const [, oursReload] = await time(reload);
    const [quietRun, oursQuiet] = await time(() => reconciler.run());
    const heapAfterDelivery = heapMb();
    const loaded = (await (await fetch(`${promUrl}/api/v1/rules`)).json()) as {
      data: { groups: unknown[] };
    };

    // (b) baseline, on the same entities and Prometheus.
    clear(oursDir);
    const baselineEntities = entities.slice(0, BASELINE_ENTITIES);
    const scale = ENTITIES / BASELINE_ENTITIES;
    const baselineRun = async () => {
      for (const e of baselineEntities) {
        const r = desiredEntityRules(e, { config, rules, templates });
        const yaml = ruleFileYaml([r.group]);
        const check = await promtoolCheckRules(yaml, promtool);
        if (check.status === 'failed') continue;
        writeFileSync(path.join(baseDir, ruleFileName(r.entityRef)), yaml);
      }
      await reload();
    };
    const [, baseFull] = await time(baselineRun);
    const [, baseReload] = await time(reload);
    const [, baseQuiet] = await time(baselineRun);

    // The alert entity index over the same entities: its load (one catalog read, every
    // entity's route) and the entities of alerts as a notification brings them, half of them
    // an entity's own job and half a job no entity claims (the scan's worst case).
    const index = new AlertEntityIndex(catalog, mockServices.auth(), logger);
    const [, indexLoadSeconds] = await time(() => index.refresh());
    const alerts = Array.from({ length: 10_000 }, (_, i) => ({
      alertname: 'HighErrorRatio',
      job:
        i % 2 === 0
          ? `bench-${String((i * 7) % ENTITIES).padStart(4, '0')}`
          : `unclaimed-${i}`,
      namespace: 'bench',
    }));
    let mapped = 0;
    const [, lookupSeconds] = await time(async () => {
      for (const labels of alerts) {
        if ((await index.entitiesFor(labels)).length > 0) mapped++;
      }
    });
    const heapAfterIndex = heapMb();

    const results = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`,
      prometheus: '2.42 (Debian)',
      entities: ENTITIES,
      rules: ruleCount,
      renderProblems: problems,
      groupsLoaded: loaded.data.groups.length,
      ours: {
        renderSeconds,
        validateSeconds,
        reloadSeconds: oursReload,
        fullRunSeconds: oursFull,
        fullRun,
        noChangeRunSeconds: oursQuiet,
        noChangeRun: quietRun,
      },
      baseline: {
        entities: BASELINE_ENTITIES,
        reloadSeconds: baseReload,
        fullRunSeconds: baseFull,
        noChangeRunSeconds: baseQuiet,
        scaledTo: ENTITIES,
        scaledFullRunSeconds: baseFull * scale,
        scaledNoChangeRunSeconds: baseQuiet * scale,
      },
      ratios: {
        fullRun: oursFull / (baseFull * scale),
        noChangeRun: oursQuiet / (baseQuiet * scale),
        reload: oursReload / baseReload,
      },
      alertIndex: {
        entities: ENTITIES,
        loadSeconds: indexLoadSeconds,
        alerts: alerts.length,
        mapped,
        lookupMicrosecondsPerAlert: (lookupSeconds / alerts.length) * 1e6,
      },
      memory: {
        heapAfterDeliveryMb: heapAfterDelivery,
        heapAfterIndexMb: heapAfterIndex,
        peakRssMb: peakRssMb(),
      },
    };
    const f = (s: number) => `${s.toFixed(2)} s`;
    console.log(
      `rule delivery, ${ENTITIES} entities, ${ruleCount} rules (${problems} render problems), ${results.groupsLoaded} groups loaded by Prometheus`,
    );
    console.log(
      `  ours      render ${f(renderSeconds)}, validate ${f(
        validateSeconds,
      )}, reload ${f(oursReload)}`,
    );
    console.log(
      `  ours      full run ${f(oursFull)} (${fullRun.written} written, ${
        fullRun.reloads
      } reload), no-change run ${f(oursQuiet)} (${quietRun.written} written, ${
        quietRun.reloads
      } reloads)`,
    );
    const stages = (r: typeof fullRun) =>
      Object.entries(r.stages)
        .map(([k, v]) => `${k} ${f(v)}`)
        .join(', ');
    console.log(`  ours      full-run stages: ${stages(fullRun)}`);
    console.log(`  ours      no-change stages: ${stages(quietRun)}`);
    console.log(
      `  baseline  ${BASELINE_ENTITIES} entities: full run ${f(
        baseFull,
      )}, again ${f(baseQuiet)}, reload ${f(baseReload)}${
        scale === 1
          ? ''
          : `; scaled to ${ENTITIES}: full run ${f(
              baseFull * scale,
            )}, again ${f(baseQuiet * scale)}`
      }`,
    );
    console.log(
      `  ratio ours/baseline: full run ${results.ratios.fullRun.toFixed(
        3,
      )}, no-change run ${results.ratios.noChangeRun.toFixed(
        4,
      )}, reload ${results.ratios.reload.toFixed(2)}`,
    );
    console.log(
      `  alert index: load ${f(
        indexLoadSeconds,
      )} for ${ENTITIES} entities, ${results.alertIndex.lookupMicrosecondsPerAlert.toFixed(
        1,
      )} µs per alert (${mapped} of ${alerts.length} mapped)`,
    );
    console.log(
      `  memory: heap ${heapAfterDelivery.toFixed(
        0,
      )} MB after delivery, ${heapAfterIndex.toFixed(
        0,
      )} MB with the index; peak RSS ${results.memory.peakRssMb.toFixed(0)} MB`,
    );
    if (fullRun.errors.length > 0)
      console.log(`  errors: ${fullRun.errors.join('; ')}`);
    const out = path.join(
      ROOT,
      'test/bench/results',
      `rule-delivery-${results.date.slice(0, 10)}.json`,
    );
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`  results: ${path.relative(ROOT, out)}`);
  } finally {
    await knex.destroy();
    await prometheus.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
