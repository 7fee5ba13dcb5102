import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { RuleTemplate } from '@stagewatch/backstage-plugin-observability-common';
import {
  findBinary,
  freePort,
  ManagedProcess,
  startManagedProcess,
  waitForHttp,
} from '@internal/demo-stack';
import { component } from '../__testUtils__/entities';
import { RuleDeliveryReconciler } from './RuleDeliveryReconciler';
import { RuleDeliveryStore } from './RuleDeliveryStore';
import { RuleTemplateCatalog } from './RuleTemplateCatalog';
import { RuleValidator } from './RuleValidator';
import {
  readAlertRulesConfig,
  readObservabilityConfig,
  ruleFileName,
} from '@stagewatch/backstage-plugin-observability-node';

/*
 * Rule delivery against Debian's real Prometheus 2.42 and promtool: Prometheus runs with
 * --web.enable-lifecycle and `rule_files: ['<tmp>/rules/*.yml']`, scraping a small metrics server
 * this test controls. Reloads go through a counting proxy so the test sees each one.
 */
jest.setTimeout(180_000);

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(300);
  }
}

/** Custom templates as the template store would hand them out. */
const custom = (
  id: string,
  annotations: Record<string, string>,
): RuleTemplate => ({
  id,
  title: id,
  description: 'test template',
  source: 'custom',
  version: 1,
  parameters: {
    type: 'object',
    properties: { threshold: { type: 'number', default: 5 } },
  },
  rules: [
    {
      alert: id === 'value-above' ? 'ValueAbove' : 'BadFunction',
      expr: 'rule_test_value > ${threshold}',
      for: '2s',
      labels: { severity: 'page' },
      annotations,
    },
  ],
});
const VALUE_ABOVE = custom('value-above', {
  summary: 'Value {{ $value }} above ${threshold}',
});
// Passes the plugin's own template checks (braces balance, no query function) but names a
// function Go's text/template does not know: only promtool (and Prometheus) refuse it.
const BAD_FUNCTION = custom('bad-function', {
  summary: '{{ $value | nosuchfunction }}',
});

const service = (name: string, annotations: Record<string, string> = {}) =>
  component(name, {
    'observability/prometheus-selector': '{job="svc"}',
    ...annotations,
  });
const tuned = (threshold: number) => ({
  'observability/alert-rules': `- template: value-above\n  params: { threshold: ${threshold} }\n`,
});
const broken = {
  'observability/alert-rules': '- template: bad-function\n',
};

describe('RuleDeliveryReconciler with a real Prometheus', () => {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'obs-rule-delivery-'));
  const rulesDir = path.join(runDir, 'rules');
  // A second instance's directory, loaded by the same Prometheus, for an entity that moves.
  const secondDir = path.join(runDir, 'rules-second');
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let value = 0;
  const metrics = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/plain; version=0.0.4');
    res.end(`# TYPE rule_test_value gauge\nrule_test_value ${value}\n`);
  });
  let reloads = 0;
  let promPort = 0;
  let prometheus: ManagedProcess | undefined;
  // Counts the reloads and forwards them to Prometheus (or fails as a stopped one would).
  const reloadProxy = http.createServer(async (req, res) => {
    reloads++;
    try {
      const up = await fetch(`http://127.0.0.1:${promPort}${req.url}`, {
        method: req.method,
      });
      res.writeHead(up.status).end(await up.text());
    } catch {
      req.socket.destroy();
    }
  });
  let promUrl: string;
  let entities: Entity[] = [];
  let store: RuleDeliveryStore;
  let reconciler: RuleDeliveryReconciler;

  const startPrometheus = async () => {
    prometheus = startManagedProcess({
      name: 'prometheus',
      command: findBinary('prometheus'),
      args: [
        `--config.file=${path.join(runDir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(runDir, 'prom-data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--web.enable-lifecycle',
      ],
      runDir,
    });
    await waitForHttp(`${promUrl}/-/ready`, { process: prometheus });
  };

  /** The groups Prometheus runs, by name. */
  const promGroups = async () => {
    const body = (await (await fetch(`${promUrl}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ name: string; file: string; rules: any[] }> };
    };
    return new Map(body.data.groups.map(g => [g.name, g]));
  };
  const record = async (name: string) =>
    (await store.forEntity(`component:default/${name}`))[0];
  const file = (name: string) =>
    path.join(rulesDir, ruleFileName(`component:default/${name}`));

  beforeAll(async () => {
    const [metricsPort, proxyPort] = await Promise.all([
      freePort(),
      freePort(),
    ]);
    promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    await new Promise<void>(r => metrics.listen(metricsPort, '127.0.0.1', r));
    await new Promise<void>(r => reloadProxy.listen(proxyPort, '127.0.0.1', r));
    writeFileSync(
      path.join(runDir, 'prometheus.yml'),
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        `rule_files: ['${rulesDir}/*.yml', '${secondDir}/*.yml']`,
        'scrape_configs:',
        '  - job_name: svc',
        `    static_configs: [{ targets: ['127.0.0.1:${metricsPort}'] }]`,
      ].join('\n'),
    );
    await startPrometheus();

    const root = new ConfigReader({
      observability: {
        prometheus: {
          instances: [
            { name: 'default', baseUrl: promUrl, timeout: '5s' },
            { name: 'second', baseUrl: promUrl, timeout: '5s' },
          ],
        },
        alertRules: {
          defaults: [{ template: 'value-above' }],
          delivery: [
            {
              instance: 'default',
              type: 'files',
              directory: rulesDir,
              reloadUrl: `http://127.0.0.1:${proxyPort}`,
            },
            {
              instance: 'second',
              type: 'files',
              directory: secondDir,
              reloadUrl: `http://127.0.0.1:${proxyPort}`,
            },
          ],
          promtool: findBinary('promtool'),
        },
      },
    });
    const config = readObservabilityConfig(root);
    const rules = readAlertRulesConfig(
      root,
      new Map(config.instances.map(i => [i.name, i.apiBaseUrl])),
    );
    store = await RuleDeliveryStore.forKnex(await databases.init('SQLITE_3'));
    // The catalog as it is at each run: the test adds, changes and removes entities.
    const catalog = {
      getEntities: (...args: Parameters<CatalogService['getEntities']>) =>
        catalogServiceMock({ entities }).getEntities(...args),
    } as unknown as CatalogService;
    reconciler = new RuleDeliveryReconciler({
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      store,
      templates: new RuleTemplateCatalog({
        listCurrent: async () => [VALUE_ABOVE, BAD_FUNCTION],
      }),
      config,
      rules,
      validator: new RuleValidator(rules.promtool),
    });
  });

  afterAll(async () => {
    await prometheus?.stop();
    metrics.close();
    reloadProxy.close();
    rmSync(runDir, { recursive: true, force: true });
  });

  it('delivers every entity in one reload, reads the rules back, and sees them fire', async () => {
    entities = [service('alpha'), service('beta', tuned(50))];
    const result = await reconciler.run();
    expect(result).toMatchObject({
      entities: 2,
      written: 2,
      reloads: 1,
      errors: [],
    });
    expect(reloads).toBe(1);
    expect(readdirSync(rulesDir).sort()).toEqual([
      'backstage_component_default_alpha.yml',
      'backstage_component_default_beta.yml',
    ]);
    expect(statSync(file('alpha')).mode & 0o777).toBe(0o644);
    expect(readFileSync(file('beta'), 'utf8')).toContain(
      'rule_test_value{job="svc"} > 50',
    );
    const alpha = await record('alpha');
    expect(alpha).toMatchObject({
      status: 'delivered',
      method: 'files',
      location: file('alpha'),
      deliveredYaml: readFileSync(file('alpha'), 'utf8'),
    });
    expect(alpha.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(alpha.live).toEqual([
      expect.objectContaining({ name: 'ValueAbove', type: 'alerting' }),
    ]);

    // Evaluated every second: health ok; then the metric crosses alpha's threshold (5), not beta's.
    await waitFor('health ok', async () => {
      await reconciler.run();
      const live = (await record('alpha')).live?.[0];
      return live?.health === 'ok' && live.lastEvaluation ? live : undefined;
    });
    expect((await record('alpha')).live?.[0].state).toBe('inactive');
    value = 10;
    const firing = await waitFor('alpha pending or firing', async () => {
      await reconciler.run();
      const state = (await record('alpha')).live?.[0].state;
      return state === 'pending' || state === 'firing' ? state : undefined;
    });
    expect(['pending', 'firing']).toContain(firing);
    await waitFor('alpha firing', async () => {
      await reconciler.run();
      return (await record('alpha')).live?.[0].state === 'firing'
        ? true
        : undefined;
    });
    expect((await record('beta')).live?.[0].state).toBe('inactive');
    // All those read-back runs changed nothing: no write, no reload.
    expect(reloads).toBe(1);
  });

  it('writes nothing and reloads nothing when nothing changed', async () => {
    const before = statSync(file('alpha')).mtimeMs;
    const reloadsBefore = reloads;
    const result = await reconciler.run();
    expect(result).toMatchObject({
      written: 0,
      removed: 0,
      unchanged: 2,
      reloads: 0,
    });
    expect(reloads).toBe(reloadsBefore);
    expect(statSync(file('alpha')).mtimeMs).toBe(before);
  });

  it('shows that one bad file makes Prometheus refuse the whole reload', async () => {
    // What the validation gate prevents: the file a bad template renders, written by hand.
    const badYaml = [
      'groups:',
      '  - name: bad',
      '    rules:',
      '      - alert: BadFunction',
      '        expr: rule_test_value > 5',
      '        annotations:',
      "          summary: '{{ $value | nosuchfunction }}'",
      '  - name: innocent',
      '    rules:',
      '      - record: innocent:value',
      '        expr: rule_test_value',
    ].join('\n');
    const stray = path.join(rulesDir, 'hand-written.yml');
    writeFileSync(stray, badYaml);
    const res = await fetch(`${promUrl}/-/reload`, { method: 'POST' });
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('one or more errors occurred');
    expect((await promGroups()).has('innocent')).toBe(false);
    rmSync(stray);
    expect(
      (await fetch(`${promUrl}/-/reload`, { method: 'POST' })).status,
    ).toBe(200);
  });

  it('never delivers a bad custom template: the entity keeps its last good rules, the others load', async () => {
    entities = [
      service('alpha', broken), // had good rules
      service('beta', tuned(60)),
      service('gamma', broken), // never had any
    ];
    const alphaBefore = readFileSync(file('alpha'), 'utf8');
    const alphaHash = (await record('alpha')).contentHash;
    const reloadsBefore = reloads;
    const result = await reconciler.run();
    expect(result).toMatchObject({
      written: 1,
      reloads: 1,
      notDelivered: 2,
      errors: [],
    });
    expect(reloads).toBe(reloadsBefore + 1);
    expect(readFileSync(file('alpha'), 'utf8')).toBe(alphaBefore);
    expect(() => statSync(file('gamma'))).toThrow(/ENOENT/);
    const alpha = await record('alpha');
    expect(alpha.status).toBe('not-delivered');
    expect(alpha.contentHash).toBe(alphaHash);
    expect(alpha.error).toMatch(/the last good rules stay/);
    expect(alpha.error).toMatch(/function "nosuchfunction" not defined/);
    expect(await record('gamma')).toMatchObject({ status: 'not-delivered' });
    expect((await record('gamma')).contentHash).toBeUndefined();
    expect((await record('beta')).status).toBe('delivered');
    // Prometheus took the reload: beta's new threshold runs, alpha's last good group still runs.
    const groups = await promGroups();
    expect(
      groups.get('backstage:component:default/beta')?.rules[0].query,
    ).toContain('> 60');
    expect(groups.get('backstage:component:default/alpha')?.rules).toHaveLength(
      1,
    );
    expect(groups.has('backstage:component:default/gamma')).toBe(false);
    const lastReload = await fetch(`${promUrl}/metrics`).then(r => r.text());
    expect(lastReload).toMatch(/^prometheus_config_last_reload_successful 1$/m);
  });

  it('loses nothing while Prometheus is down and delivers on the next run after it is back', async () => {
    entities = [service('alpha'), service('beta', tuned(70))];
    const betaHash = (await record('beta')).contentHash;
    await prometheus!.stop();
    const down = await reconciler.run();
    expect(down.reloads).toBe(1);
    expect(down.errors.join('\n')).toMatch(/written, not loaded/);
    const beta = await record('beta');
    expect(beta.status).toBe('not-delivered');
    expect(beta.error).toMatch(/POST .*\/-\/reload failed/);
    expect(beta.contentHash).toBe(betaHash); // not recorded as delivered
    expect(readFileSync(file('beta'), 'utf8')).toContain('> 70');

    await startPrometheus();
    const up = await reconciler.run();
    // alpha is back to its last good rules, which never left: only beta goes out.
    expect(up).toMatchObject({
      written: 1,
      reloads: 1,
      notDelivered: 0,
      errors: [],
    });
    expect(await record('beta')).toMatchObject({ status: 'delivered' });
    expect((await record('beta')).contentHash).not.toBe(betaHash);
    expect((await record('beta')).live).toEqual([
      expect.objectContaining({ name: 'ValueAbove' }),
    ]);
  });

  it("removes a gone entity's file and rules, and only the plugin's files", async () => {
    const foreign = path.join(rulesDir, 'someone-else.yml');
    writeFileSync(foreign, 'groups: []\n');
    entities = [service('alpha')];
    const reloadsBefore = reloads;
    const result = await reconciler.run();
    expect(result).toMatchObject({ removed: 1, reloads: 1 });
    expect(reloads).toBe(reloadsBefore + 1);
    expect(readdirSync(rulesDir).sort()).toEqual([
      'backstage_component_default_alpha.yml',
      'someone-else.yml',
    ]);
    expect(await store.forEntity('component:default/beta')).toEqual([]);
    expect((await promGroups()).has('backstage:component:default/beta')).toBe(
      false,
    );
  });

  it('puts back a delivered file that was edited by hand or deleted, also while new rules fail', async () => {
    entities = [service('alpha')];
    const good = (await record('alpha')).deliveredYaml!;
    writeFileSync(file('alpha'), 'groups: []\n');
    const edited = await reconciler.run();
    expect(edited).toMatchObject({ written: 1, reloads: 1, errors: [] });
    expect(readFileSync(file('alpha'), 'utf8')).toBe(good);

    // Now its new rules fail validation, and someone deletes its file: the last good one returns.
    entities = [service('alpha', broken)];
    const failing = await reconciler.run();
    expect(failing).toMatchObject({ written: 0, notDelivered: 1, reloads: 0 });
    rmSync(file('alpha'));
    const reloadsBefore = reloads;
    const restored = await reconciler.run();
    expect(restored).toMatchObject({ notDelivered: 1, reloads: 1 });
    expect(reloads).toBe(reloadsBefore + 1);
    expect(readFileSync(file('alpha'), 'utf8')).toBe(good);
    expect(
      (await promGroups()).get('backstage:component:default/alpha')?.rules,
    ).toHaveLength(1);
    expect((await record('alpha')).error).toMatch(/the last good rules stay/);
  });

  it("moves an entity's rules to the instance it moved to, and removes them from the old one", async () => {
    entities = [
      service('alpha', { 'observability/prometheus-instance': 'second' }),
    ];
    const result = await reconciler.run();
    expect(result).toMatchObject({
      written: 1,
      removed: 1,
      reloads: 2,
      errors: [],
    });
    expect(() => statSync(file('alpha'))).toThrow(/ENOENT/);
    const moved = path.join(secondDir, ruleFileName('component:default/alpha'));
    expect(readFileSync(moved, 'utf8')).toContain('rule_test_value{job="svc"}');
    const rows = await store.forEntity('component:default/alpha');
    expect(rows).toEqual([
      expect.objectContaining({
        instance: 'second',
        status: 'delivered',
        location: moved,
      }),
    ]);
    const group = (await promGroups()).get('backstage:component:default/alpha');
    expect(group?.file).toBe(moved);
    expect(rows[0].live).toEqual([
      expect.objectContaining({ name: 'ValueAbove' }),
    ]);
  });
});
