import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigReader } from '@backstage/config';
import { parse } from 'yaml';
import { component } from '../__testUtils__/entities';
import {
  renderServiceRules,
  serviceGrafanaDashboard,
} from './serviceMonitoring';

/*
 * The rendering the scaffolder writes into a new service's repository, run through Debian's
 * promtool (installed by `make test`): the rule file passes `promtool check rules` and the test
 * file written for it passes `promtool test rules`, and fails when the rules stop alerting.
 */

const run = promisify(execFile);
const config = new ConfigReader({
  app: { baseUrl: 'http://portal.example.com' },
  observability: {
    prometheus: {
      instances: [{ name: 'demo', baseUrl: 'http://127.0.0.1:1' }],
    },
  },
});
const slos = [
  '- name: availability',
  '  objective: 99.9%',
  '  sli: { type: availability }',
  '- name: latency',
  '  objective: 99%',
  '  sli: { type: latency, threshold: 300ms }',
].join('\n');
const orders = component(
  'orders',
  {
    'observability/prometheus-selector':
      '{job="orders", namespace="scaffolded"}',
    'observability/profile': 'prom-client-http',
    'observability/slos': slos,
  },
  { owner: 'group:default/team-checkout' },
);

async function promtoolTest(ruleFile: string, name: string, test: string) {
  const dir = await mkdtemp(join(tmpdir(), 'service-rules-'));
  try {
    await writeFile(join(dir, name), ruleFile);
    await writeFile(join(dir, 'test.yml'), test);
    return await run('promtool', ['test', 'rules', 'test.yml'], { cwd: dir })
      .then(r => ({ ok: true, output: r.stdout + r.stderr }))
      .catch((e: { stdout?: string; stderr?: string }) => ({
        ok: false,
        output: `${e.stdout ?? ''}${e.stderr ?? ''}`,
      }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('renderServiceRules', () => {
  it('renders the group the backend delivers, valid under promtool check rules', async () => {
    const files = await renderServiceRules({ entity: orders, config });
    expect(files.entityRef).toBe('component:default/orders');
    expect(files.ruleFileName).toBe('component-default-orders.rules.yml');
    expect(files.validation).toEqual({
      valid: true,
      problems: [],
      promtool: 'passed',
    });
    const group = parse(files.ruleFile).groups[0];
    expect(group.name).toBe('backstage:component:default/orders');
    const alerts = group.rules.map((r: { alert?: string }) => r.alert);
    expect(alerts).toEqual(
      expect.arrayContaining([
        'HighErrorRatio',
        'HighLatency',
        'TargetDown',
        'SloErrorBudgetBurn',
      ]),
    );
    // Every expression is scoped to the entity (or to its own rule labels).
    for (const rule of group.rules as Array<{ expr: string }>) {
      expect(rule.expr).toMatch(
        /job="orders"|backstage_entity="component:default\/orders"/,
      );
    }
    // error ratio, latency, target down; a page and a ticket alert per SLO
    expect(files.alerts).toBe(7);
    expect(files.recordingRules).toBeGreaterThan(0);
  });

  it('writes a promtool test file that passes on the rules and fails when they stop alerting', async () => {
    const files = await renderServiceRules({ entity: orders, config });
    expect(files.tests).toEqual([
      'healthy traffic: no alert fires',
      'target down: TargetDown fires after 5m',
      'error incident: 50% of requests fail from minute 60',
      'latency incident: every request takes 9s from minute 60',
    ]);
    const passing = await promtoolTest(
      files.ruleFile,
      files.ruleFileName,
      files.testFile!,
    );
    expect(passing.output).toContain('SUCCESS');
    expect(passing.ok).toBe(true);

    // An error-ratio alert that can no longer fire must fail the error incident's test.
    const broken = files.ruleFile.replace(/> 0\.05\b/, '> 0.9');
    expect(broken).not.toBe(files.ruleFile);
    const failing = await promtoolTest(
      broken,
      files.ruleFileName,
      files.testFile!,
    );
    expect(failing.ok).toBe(false);
    expect(failing.output).toContain('HighErrorRatio');

    // So must a latency SLO whose recording rules read the wrong bucket.
    const wrongBucket = files.ruleFile.replace(/le="0\.3"/g, 'le="10"');
    const failingSlo = await promtoolTest(
      wrongBucket,
      files.ruleFileName,
      files.testFile!,
    );
    expect(failingSlo.ok).toBe(false);
    expect(failingSlo.output).toMatch(/slo=\\*"latency\\*"/);
  }, 60_000);

  it('refuses an entity whose annotations the backend would refuse, naming the annotation', async () => {
    const bad = component('orders', {
      'observability/prometheus-selector': '{job="orders"',
    });
    await expect(renderServiceRules({ entity: bad, config })).rejects.toThrow(
      /observability\/prometheus-selector is malformed/,
    );
    const badSlo = component('orders', {
      'observability/prometheus-selector': '{job="orders"}',
      'observability/slos': '- name: x\n  objective: 120%',
    });
    await expect(
      renderServiceRules({ entity: badSlo, config }),
    ).rejects.toThrow(/observability\/slos/);
  });

  it('skips the rule tests, saying why, for a profile it cannot write series for', async () => {
    const otel = component('orders', {
      'observability/prometheus-selector': '{job="orders"}',
      'observability/profile': 'otel-http',
    });
    const files = await renderServiceRules({ entity: otel, config });
    expect(files.testFile).toBeUndefined();
    expect(files.testsSkipped).toMatch(/prom-client-http profile only/);
  });
});

describe('serviceGrafanaDashboard', () => {
  it("is Grafana's JSON model of the entity's golden signals, SLOs and alerts, every query scoped", () => {
    const model = serviceGrafanaDashboard({ entity: orders, config });
    expect(model.uid).toMatch(/^bs-[0-9a-f]{24}$/);
    expect(model.uid).toBe(
      serviceGrafanaDashboard({ entity: orders, config }).uid,
    );
    expect(model.schemaVersion).toBeGreaterThanOrEqual(39);
    expect(model.templating?.list?.[0]).toMatchObject({
      name: 'datasource',
      type: 'datasource',
      query: 'prometheus',
    });
    const panels = (model.panels ?? []) as Array<{
      type: string;
      title?: string;
      targets?: Array<{ expr: string; exemplar?: boolean }>;
    }>;
    const titles = panels.map(p => p.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Golden signals',
        'Traffic',
        'Errors',
        'Latency',
        'CPU',
        'SLOs',
        'availability: error budget left (30d)',
        'latency: burn rate',
      ]),
    );
    const exprs = panels.flatMap(p => (p.targets ?? []).map(t => t.expr));
    expect(exprs.length).toBeGreaterThan(8);
    expect(exprs.some(e => e.includes('[$__rate_interval]'))).toBe(true);
    for (const expr of exprs) {
      expect(expr).not.toContain('86399991s');
      expect(expr).toContain('job="orders"');
      expect(expr).toContain('namespace="scaffolded"');
    }
    const latency = panels.find(p => p.title === 'Latency')!;
    expect(latency.targets!.every(t => t.exemplar)).toBe(true);
    const annotation = model.annotations?.list?.find(
      a => a.name === 'Firing alerts',
    ) as { expr?: string } | undefined;
    expect(annotation?.expr).toBe(
      'ALERTS{alertstate="firing", backstage_entity="component:default/orders"}',
    );
    expect(model.links?.[0]?.url).toBe(
      'http://portal.example.com/catalog/default/component/orders',
    );
  });

  it('links to the portal only when its base URL is http(s)', () => {
    const odd = new ConfigReader({
      // eslint-disable-next-line no-script-url -- the unsafe scheme under test
      app: { baseUrl: 'javascript:alert(1)' },
      observability: (config.getConfig('observability') as ConfigReader).get(),
    });
    const model = serviceGrafanaDashboard({ entity: orders, config: odd });
    expect(model.links ?? []).toEqual([]);
  });
});
