import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  freePort,
  RunningDemoStack,
  startDemoStack,
} from '@internal/demo-stack';
import request from 'supertest';
import { alertState } from '@stagewatch/backstage-plugin-observability-common';
import { observabilityPlugin } from './plugin';
import { component, selector } from './__testUtils__/entities';
import { sqliteDatabaseFactory } from './__testUtils__/sqliteDatabase';
import { startHangingServer } from './__testUtils__/slowServer';

// Router tests against the real thing: Debian's Prometheus scraping two real demo services
// (checkout and payments) every second. Only the catalog is the test kit's in-memory one.
jest.setTimeout(120_000);

const entities = [
  component(
    'checkout',
    {
      ...selector('checkout'),
      'observability/slos': [
        '- { name: availability, objective: 99.9, sli: availability }',
        '- { name: latency, objective: 99, sli: { type: latency, threshold: 300ms } }',
      ].join('\n'),
    },
    { system: 'shop' },
  ),
  component('payments', selector('payments'), {
    owner: 'group:default/team-b',
    system: 'shop',
  }),
  // Every request counts as bad in this custom SLI: a real burn, from real metrics, on demand.
  component('burning', {
    ...selector('payments'),
    'observability/slos': [
      '- name: all-bad',
      '  objective: 99',
      '  sli:',
      '    bad: sum(rate(http_requests_total[$__rate_interval]))',
      '    total: sum(rate(http_requests_total[$__rate_interval]))',
    ].join('\n'),
  }),
  component('no-data-slo', {
    ...selector('payments'),
    'observability/slos': [
      '- name: nothing',
      '  objective: 99',
      '  sli:',
      '    bad: sum(rate(not_exported_total[$__rate_interval]))',
      '    total: sum(rate(not_exported_total[$__rate_interval]))',
    ].join('\n'),
  }),
  component('bad-slos', {
    ...selector('payments'),
    'observability/slos': '- { name: x, objective: 120, sli: availability }',
  }),
  component('legacy-billing'),
  component('broken-annotation', {
    'observability/prometheus-selector': '{job="checkout, namespace>"shop"}',
  }),
  component('on-down-instance', {
    ...selector('checkout'),
    'observability/prometheus-instance': 'down',
  }),
  component('on-hanging-instance', {
    ...selector('checkout'),
    'observability/prometheus-instance': 'hanging',
  }),
  component('secret', selector('checkout')),
  component('catch-all', {
    'observability/prometheus-selector': '{job=~".+"}',
  }),
];

describe('observability API against a real Prometheus', () => {
  const database = sqliteDatabaseFactory();
  let stack: RunningDemoStack;
  let runDir: string;
  let hanging: Awaited<ReturnType<typeof startHangingServer>>;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let closedPort: number;

  const catalog = catalogServiceMock({ entities });
  // `secret` exists, but mallory may not see it: the catalog answers as it would with a
  // permission policy, and the API must turn that into a 404.
  const getEntityByRef = catalog.getEntityByRef.bind(catalog);
  jest
    .spyOn(catalog, 'getEntityByRef')
    .mockImplementation(async (ref, options) => {
      const credentials = (
        options as
          | { credentials?: { principal: { userEntityRef?: string } } }
          | undefined
      )?.credentials;
      const principal = credentials?.principal ?? {};
      if (
        String(typeof ref === 'string' ? ref : ref.name) === 'secret' &&
        principal.userEntityRef === 'user:default/mallory'
      ) {
        return undefined;
      }
      return getEntityByRef(ref, options);
    });

  let prometheusStartedAt: number;

  beforeAll(async () => {
    prometheusStartedAt = Date.now();
    runDir = mkdtempSync(path.join(os.tmpdir(), 'observability-router-'));
    stack = await startDemoStack({
      runDir,
      prometheusPort: await freePort(),
      services: [
        { name: 'checkout', port: await freePort() },
        { name: 'payments', port: await freePort() },
      ],
      scrapeInterval: '1s',
      serviceEnv: {
        DEMO_RATE_MULTIPLIER: '3',
        DEMO_INCIDENT_DURATION_SECONDS: '0',
      },
    });
    hanging = await startHangingServer();
    closedPort = await freePort();

    ({ server } = await startTestBackend({
      features: [
        observabilityPlugin,
        await database(),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        mockServices.rootConfig.factory({
          data: {
            observability: {
              prometheus: {
                instances: [
                  {
                    name: 'demo',
                    baseUrl: stack.prometheusUrl,
                    scrapeInterval: '1s',
                    timeout: '5s',
                  },
                  {
                    name: 'down',
                    baseUrl: `http://127.0.0.1:${closedPort}`,
                    timeout: '5s',
                  },
                  { name: 'hanging', baseUrl: hanging.url, timeout: '1s' },
                ],
              },
              summaryWindow: '10s',
            },
          },
        }),
      ],
    }));

    // Wait for 25 scrapes of each service, so rates and a 2-minute range have data to show.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await fetch(
        `${stack.prometheusUrl}/api/v1/query?query=${encodeURIComponent(
          'count_over_time(up{job=~"checkout|payments"}[1m]) >= 25',
        )}`,
      );
      const body = (await res.json()) as { data: { result: unknown[] } };
      if (body.data.result.length === 2) break;
      if (Date.now() > deadline)
        throw new Error('demo services were not scraped in time');
      await new Promise(resolve => setTimeout(resolve, 500));
    }
  });

  afterAll(async () => {
    await stack?.stop();
    await hanging?.close();
    rmSync(runDir, { recursive: true, force: true });
  });

  const upstreamRequestCount = async () => {
    const text = (await request(server).get('/api/observability/metrics')).text;
    return [
      ...text.matchAll(
        /^observability_upstream_requests_total\{[^}]*\} (\d+)$/gm,
      ),
    ].reduce((sum, m) => sum + Number(m[1]), 0);
  };

  /** Queries the routes asked for, answered upstream or from the result cache. */
  const queryLookupCount = async () => {
    const text = (await request(server).get('/api/observability/metrics')).text;
    return [
      ...text.matchAll(/^observability_cache_requests_total\{[^}]*\} (\d+)$/gm),
    ].reduce((sum, m) => sum + Number(m[1]), 0);
  };

  describe('GET /entities/:kind/:namespace/:name/summary', () => {
    it("answers the service's current golden signals and a verdict", async () => {
      const res = await request(server).get(
        '/api/observability/entities/component/default/checkout/summary',
      );
      expect(res.status).toBe(200);
      expect(res.body.entityRef).toBe('component:default/checkout');
      expect(res.body.scope).toEqual({
        selector: '{job="checkout", namespace="shop"}',
        instance: 'demo',
        profile: 'prom-client-http',
      });
      expect(res.body.values.requestRate).toBeGreaterThan(0);
      expect(res.body.values.errorRatio).toBeGreaterThanOrEqual(0);
      expect(res.body.values.errorRatio).toBeLessThan(1);
      expect(res.body.values.latencyP99).toBeGreaterThan(0);
      expect(res.body.values.saturation).toBeGreaterThan(0);
      expect(res.body.values.liveness).toBe(1);
      expect(res.body.saturationUnit).toBe('cores');
      expect(['healthy', 'degraded', 'critical']).toContain(
        res.body.health.verdict,
      );
    });

    it('is critical with the SLO as the reason when an SLO pages', async () => {
      const res = await request(server).get(
        '/api/observability/entities/component/default/burning/summary',
      );
      expect(res.status).toBe(200);
      expect(res.body.health.verdict).toBe('critical');
      const reason = res.body.health.reasons.find(
        (r: any) => r.signal === 'slo',
      );
      expect(reason).toMatchObject({ severity: 'critical', threshold: 14.4 });
      expect(reason.message).toMatch(
        /^SLO all-bad burns its error budget fast: 100\.0× over 1h and 100\.0× over 5m, both above 14\.4× \(page\)$/,
      );
    });

    it('answers with a warning, not an error, when the SLO annotation is malformed', async () => {
      const res = await request(server).get(
        '/api/observability/entities/component/default/bad-slos/summary',
      );
      expect(res.status).toBe(200);
      expect(res.body.values.requestRate).toBeGreaterThan(0);
      expect(res.body.warnings).toContainEqual(
        expect.stringMatching(
          /^SLOs not evaluated: component:default\/bad-slos: observability\/slos: SLO 'x' objective: must be a percentage/,
        ),
      );
      expect(res.body.health.reasons.some((r: any) => r.signal === 'slo')).toBe(
        false,
      );
    });

    it('is 401 without credentials', async () => {
      const res = await request(server)
        .get('/api/observability/entities/component/default/checkout/summary')
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    });

    it('is 404 for an entity that does not exist', async () => {
      const res = await request(server).get(
        '/api/observability/entities/component/default/nope/summary',
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain('component:default/nope');
    });

    it('is 404 for an entity the caller may not see, loaded with their own credentials', async () => {
      const asMallory = () =>
        request(server)
          .get('/api/observability/entities/component/default/secret/summary')
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/mallory'),
          );
      expect((await asMallory()).status).toBe(404);
      const asAlice = await request(server)
        .get('/api/observability/entities/component/default/secret/summary')
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/alice'),
        );
      expect(asAlice.status).toBe(200);
    });

    it('is 400 naming the annotation when it is missing', async () => {
      const res = await request(server).get(
        '/api/observability/entities/component/default/legacy-billing/summary',
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'observability/prometheus-selector',
      );
      expect(res.body.error.message).toContain(
        'component:default/legacy-billing',
      );
    });

    it('is 400 naming the annotation and the problem when it is malformed', async () => {
      const res = await request(server).get(
        '/api/observability/entities/component/default/broken-annotation/summary',
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /annotation observability\/prometheus-selector is malformed: .+/,
      );
    });

    it('is 400 for a selector that pins no label, which would select every service', async () => {
      const res = await request(server).get(
        '/api/observability/entities/component/default/catch-all/summary',
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'does not pin any label to specific values',
      );
    });

    it('is 502 with the instance named when Prometheus is unreachable', async () => {
      const res = await request(server).get(
        '/api/observability/entities/component/default/on-down-instance/summary',
      );
      expect(res.status).toBe(502);
      expect(res.body.error.message).toContain(
        "Prometheus instance 'down' is unreachable",
      );
    });

    it('is 504 within the configured timeout when Prometheus hangs', async () => {
      const started = Date.now();
      const res = await request(server).get(
        '/api/observability/entities/component/default/on-hanging-instance/summary',
      );
      expect(res.status).toBe(504);
      expect(res.body.error.message).toBe(
        "Prometheus instance 'hanging' did not answer within 1s",
      );
      expect(Date.now() - started).toBeLessThan(3_000);
    });
  });

  describe('GET /entities/:kind/:namespace/:name/signals', () => {
    it('answers every golden signal for the range in one response, with units', async () => {
      const to = Math.floor(Date.now() / 1000);
      const res = await request(server)
        .get('/api/observability/entities/component/default/checkout/signals')
        .query({ from: to - 120, to, step: 5 });
      expect(res.status).toBe(200);
      expect(res.body.range).toEqual({
        from: Math.floor((to - 120) / 5) * 5,
        to: Math.ceil(to / 5) * 5,
        step: 5,
      });
      const byName = Object.fromEntries(
        res.body.signals.map((s: any) => [s.name, s]),
      );
      expect(Object.keys(byName)).toEqual([
        'requestRate',
        'errorRatio',
        'latencyP50',
        'latencyP95',
        'latencyP99',
        'saturation',
        'liveness',
      ]);
      expect(byName.requestRate.unit).toBe('reqps');
      expect(byName.latencyP99.unit).toBe('seconds');
      expect(byName.errorRatio.unit).toBe('ratio');
      for (const signal of res.body.signals) {
        expect(signal.query).toContain('job="checkout"');
        expect(signal.query).toContain('namespace="shop"');
      }
      const traffic = byName.requestRate.series[0].points
        .map((p: [number, number | null]) => p[1])
        .filter((v: number | null) => v !== null);
      expect(traffic.length).toBeGreaterThan(3);
      expect(Math.max(...traffic)).toBeGreaterThan(0);
    });

    it('raises the step to respect the points cap and says so', async () => {
      const to = Math.floor(Date.now() / 1000);
      const res = await request(server)
        .get('/api/observability/entities/component/default/checkout/signals')
        .query({ from: to - 7 * 86400, to, step: 1 });
      expect(res.status).toBe(200);
      expect(res.body.range.requestedStep).toBe(1);
      expect(res.body.range.step).toBe(900);
      expect(res.body.warnings).toContain(
        'Step raised from 1s to 900s to keep at most 1000 points per series',
      );
    });

    it('is 400 for a malformed range', async () => {
      const res = await request(server)
        .get('/api/observability/entities/component/default/checkout/signals')
        .query({ from: 'yesterday' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('from');
    });
  });

  describe('POST /entities/:kind/:namespace/:name/query', () => {
    it("runs a person's own PromQL, scoped to the entity", async () => {
      const res = await request(server)
        .post('/api/observability/entities/component/default/checkout/query')
        .send({
          query: 'sum by (job) (rate(http_requests_total[$__rate_interval]))',
        });
      expect(res.status).toBe(200);
      expect(res.body.scopedQuery).toMatch(
        /http_requests_total\{.*job="checkout".*\}/,
      );
      expect(res.body.resultType).toBe('vector');
      expect(res.body.series).toHaveLength(1);
      expect(res.body.series[0].labels).toEqual({ job: 'checkout' });
    });

    it("rejects a query for another service's job before anything leaves", async () => {
      const before = await upstreamRequestCount();
      const res = await request(server)
        .post('/api/observability/entities/component/default/checkout/query')
        .send({ query: 'sum(rate(http_requests_total{job="payments"}[1m]))' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('job');
      expect(res.body.error.message).toContain('payments');
      expect(await upstreamRequestCount()).toBe(before);
    });

    it('rejects a query that does not parse', async () => {
      const res = await request(server)
        .post('/api/observability/entities/component/default/checkout/query')
        .send({ query: 'sum(rate(' });
      expect(res.status).toBe(400);
    });

    it("passes on Prometheus's own message for a query it refuses", async () => {
      const res = await request(server)
        .post('/api/observability/entities/component/default/checkout/query')
        .send({ query: 'rate(http_requests_total)' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        "Prometheus instance 'demo' rejected the query",
      );
      expect(res.body.error.message).toContain('range vector');
    });

    it('runs range queries aligned to the step', async () => {
      const to = Math.floor(Date.now() / 1000);
      const res = await request(server)
        .post('/api/observability/entities/component/default/checkout/query')
        .send({ query: 'up', from: to - 60, to, step: 10 });
      expect(res.status).toBe(200);
      expect(res.body.resultType).toBe('matrix');
      expect(res.body.range.step).toBe(10);
      expect(res.body.range.from % 10).toBe(0);
    });

    it('answers a repeated query from memory, and an instant query at "now" anew each second', async () => {
      const ask = (body: object) =>
        request(server)
          .post('/api/observability/entities/component/default/checkout/query')
          .send(body);
      const to = Math.floor(Date.now() / 1000);
      const range = { query: 'sum(up)', from: to - 60, to, step: 10 };
      const first = await ask(range);
      const before = await upstreamRequestCount();
      const again = await ask(range);
      expect(again.status).toBe(200);
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(await upstreamRequestCount()).toBe(before);

      const atNow = await ask({ query: 'sum(up)' });
      await new Promise(resolve => setTimeout(resolve, 1100));
      const aSecondLater = await ask({ query: 'sum(up)' });
      expect(aSecondLater.body.series[0].points[0][0]).toBeGreaterThan(
        atNow.body.series[0].points[0][0],
      );
    });

    it('is 400 for a body that is not a query', async () => {
      const res = await request(server)
        .post('/api/observability/entities/component/default/checkout/query')
        .send({ query: 'up', extra: true });
      expect(res.status).toBe(400);
    });
  });

  describe('GET /entities/:kind/:namespace/:name/slos', () => {
    it('answers each SLO with its SLI, budget, burn rates, alert state and burn-down, in one batch of queries', async () => {
      const before = await queryLookupCount();
      const res = await request(server).get(
        '/api/observability/entities/component/default/checkout/slos',
      );
      expect(res.status).toBe(200);
      // 7 burn-rate windows + the SLO window + the burn-down range + the window's coverage, for
      // each of two SLOs (some may come from the cache: the summary asked the same in this slot).
      expect((await queryLookupCount()) - before).toBe(20);

      const [slo, latency] = res.body.slos;
      expect(latency).toMatchObject({
        name: 'latency',
        objectivePercent: 99,
        sli: { type: 'latency', thresholdSeconds: 0.3 },
      });
      // The demo's latency model keeps nearly all requests under 300 ms outside incidents.
      expect(latency.sliValue).toBeGreaterThan(0.5);
      expect(latency.query).toContain('le="0.3"');
      expect(latency.query).toContain('job="checkout", namespace="shop"');
      expect(slo).toMatchObject({
        name: 'availability',
        objectivePercent: 99.9,
        window: '30d',
        sli: { type: 'availability' },
      });
      expect(Object.keys(slo.burnRates)).toEqual([
        '5m',
        '30m',
        '1h',
        '2h',
        '6h',
        '1d',
        '3d',
      ]);
      expect(slo.burnRates['5m']).toBeGreaterThanOrEqual(0);
      expect(slo.sliValue).toBeGreaterThan(0.9);
      expect(slo.sliValue).toBeLessThanOrEqual(1);
      expect(slo.budgetRemaining).toBeLessThanOrEqual(1);
      expect(slo.budgetRemaining).toBeCloseTo(
        1 - (1 - slo.sliValue) / 0.001,
        6,
      );
      expect(alertState(slo.burnRates, '30d')).toEqual(slo.alert);
      expect(slo.burnDown.length).toBeGreaterThan(0);
      expect(
        slo.burnDown.every(
          ([, r]: [number, number | null]) => r === null || r <= 1,
        ),
      ).toBe(true);
    });

    it('says how much of the window has data: seconds of a fresh Prometheus, not 30 days', async () => {
      const res = await request(server).get(
        '/api/observability/entities/component/default/checkout/slos',
      );
      expect(res.status).toBe(200);
      // Prometheus started in beforeAll, at least 25 s ago, and this suite runs in minutes.
      const startedAgo = (Date.now() - prometheusStartedAt) / 1000;
      for (const slo of res.body.slos) {
        expect(slo.coverage).toEqual({
          seconds: expect.any(Number),
          windowSeconds: 30 * 86400,
          ratio: expect.any(Number),
        });
        expect(slo.coverage.seconds).toBeGreaterThan(0);
        expect(slo.coverage.seconds).toBeLessThanOrEqual(startedAgo + 1);
        expect(slo.coverage.ratio).toBeCloseTo(
          slo.coverage.seconds / (30 * 86400),
          12,
        );
        expect(slo.coverage.ratio).toBeLessThan(0.001);
      }
    });

    it('answers the SLOs of an entity whose data never arrived with coverage null', async () => {
      // Its custom SLI counts a metric the demo services do not export.
      const res = await request(server).get(
        '/api/observability/entities/component/default/no-data-slo/slos',
      );
      expect(res.status).toBe(200);
      expect(res.body.slos[0]).toMatchObject({
        name: 'nothing',
        budgetRemaining: null,
        coverage: null,
      });
    });

    it('is 400 naming the annotation for an entity without SLOs', async () => {
      const res = await request(server).get(
        '/api/observability/entities/component/default/payments/slos',
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'component:default/payments has no observability/slos annotation',
      );
    });
  });

  describe('GET /entities/:kind/:namespace/:name/slos/rules', () => {
    it("answers the entity's SLO rule file, scoped to it", async () => {
      const res = await request(server).get(
        '/api/observability/entities/component/default/checkout/slos/rules',
      );
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('application/yaml');
      expect(res.text).toContain('record: slo:sli_error:ratio_rate5m');
      expect(res.text).toContain('job="checkout", namespace="shop"');
      expect(res.text).toContain(
        'backstage_entity: component:default/checkout',
      );
    });

    it('is 400 naming the annotation for an entity without SLOs', async () => {
      const res = await request(server).get(
        '/api/observability/entities/component/default/payments/slos/rules',
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'component:default/payments has no observability/slos annotation',
      );
    });
  });

  describe('GET /entities/:kind/:namespace/:name/dashboards/grafana', () => {
    it("answers the entity's Grafana dashboard with every query scoped to it", async () => {
      const res = await request(server).get(
        '/api/observability/entities/component/default/checkout/dashboards/grafana?download',
      );
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toContain(
        'checkout.grafana.json',
      );
      expect(res.body.uid).toMatch(/^bs-/);
      const exprs: string[] = res.body.panels.flatMap(
        (p: { targets?: Array<{ expr: string }> }) =>
          (p.targets ?? []).map(t => t.expr),
      );
      expect(exprs.length).toBeGreaterThan(5);
      for (const expr of exprs) {
        expect(expr).toContain('job="checkout"');
      }
    });

    it('is 404 for an entity the caller may not see', async () => {
      const res = await request(server)
        .get(
          '/api/observability/entities/component/default/secret/dashboards/grafana',
        )
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/mallory'),
        );
      expect(res.status).toBe(404);
    });

    it('is 400 naming the annotation when the selector is malformed', async () => {
      const res = await request(server).get(
        '/api/observability/entities/component/default/legacy-billing/dashboards/grafana',
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'observability/prometheus-selector',
      );
    });
  });

  describe('GET /overview', () => {
    it('answers every annotated entity with one group of upstream queries', async () => {
      const res = await request(server).get('/api/observability/overview');
      expect(res.status).toBe(200);
      const rows = Object.fromEntries(
        res.body.rows.map((r: any) => [r.entityRef, r]),
      );
      expect(rows['component:default/legacy-billing']).toBeUndefined();
      expect(
        rows['component:default/checkout'].values.requestRate,
      ).toBeGreaterThan(0);
      expect(
        rows['component:default/payments'].values.requestRate,
      ).toBeGreaterThan(0);
      expect(
        rows['component:default/checkout'].values.latencyP99,
      ).toBeGreaterThan(0);
      expect(rows['component:default/payments'].owner).toBe(
        'group:default/team-b',
      );
      expect(rows['component:default/broken-annotation'].error).toContain(
        'observability/prometheus-selector',
      );
      // demo (checkout, payments, burning, no-data-slo, bad-slos, secret), down and hanging:
      // three groups of five queries, plus for the demo group a pair (bad, total) per SLI shape
      // at each of eight windows (availability, latency at 300 ms), burning's and no-data-slo's
      // custom SLIs at eight windows each, and one coverage query for each of those four.
      expect(res.body.upstreamQueries).toBe(15 + 2 * 2 * 8 + 2 * 8 + 4);

      const slos = await request(server).get(
        '/api/observability/entities/component/default/checkout/slos',
      );
      const checkout = rows['component:default/checkout'];
      expect(checkout.slos).toHaveLength(2);
      // Budgets move by the second while the demo has minutes of data: check the overview's
      // grouped queries against the tab's per-entity SLI query, asked at the overview's time.
      for (const slo of checkout.slos) {
        const fromTab = slos.body.slos.find((s: any) => s.name === slo.name);
        const direct = await fetch(
          `${stack.prometheusUrl}/api/v1/query?time=${
            res.body.time
          }&query=${encodeURIComponent(fromTab.query)}`,
        );
        const ratio = Number(
          ((await direct.json()) as any).data.result[0].value[1],
        );
        expect(slo.budgetRemaining).toBeCloseTo(
          1 - ratio / (1 - slo.objectivePercent / 100),
          6,
        );
        // The grouped coverage agrees with the tab's within the few seconds between the calls
        // (the fine search steps by 15 s).
        expect(slo.coverage.windowSeconds).toBe(30 * 86400);
        expect(slo.coverage.seconds).toBeGreaterThan(0);
        expect(
          Math.abs(slo.coverage.seconds - fromTab.coverage.seconds),
        ).toBeLessThanOrEqual(30);
      }
      const burning = rows['component:default/burning'];
      expect(burning.slos).toEqual([
        {
          name: 'all-bad',
          objectivePercent: 99,
          window: '30d',
          budgetRemaining: expect.closeTo(-99, 6),
          coverage: {
            seconds: expect.any(Number),
            windowSeconds: 30 * 86400,
            ratio: expect.any(Number),
          },
          alert: 'page',
        },
      ]);
      expect(burning.slos[0].coverage.seconds).toBeGreaterThan(0);
      expect(rows['component:default/no-data-slo'].slos[0]).toMatchObject({
        budgetRemaining: null,
        coverage: null,
      });
      expect(burning.health.verdict).toBe('critical');
      expect(rows['component:default/bad-slos'].sloError).toContain(
        "SLO 'x' objective",
      );
      expect(rows['component:default/payments'].slos).toBeUndefined();
    });

    it('filters by owner', async () => {
      const res = await request(server)
        .get('/api/observability/overview')
        .query({ owner: 'team-b' });
      expect(res.status).toBe(200);
      expect(res.body.rows.map((r: any) => r.entityRef)).toEqual([
        'component:default/payments',
      ]);
    });
  });

  describe('GET /health and /metrics', () => {
    it('reports each instance and the database without credentials', async () => {
      const res = await request(server)
        .get('/api/observability/health')
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(200);
      const byName = Object.fromEntries(
        res.body.instances.map((i: any) => [i.name, i]),
      );
      expect(byName.demo).toMatchObject({
        status: 'up',
        version: expect.stringMatching(/^2\./),
      });
      expect(byName.down.status).toBe('down');
      expect(res.body.database).toEqual({ status: 'up' });
      expect(res.body.status).toBe('degraded');
    });

    it("serves the plugin's own metrics in Prometheus format to a scraper", async () => {
      const res = await request(server)
        .get('/api/observability/metrics')
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(200);
      expect(res.text).toMatch(
        /observability_upstream_request_duration_seconds_bucket\{.*instance="demo".*outcome="success"/,
      );
      expect(res.text).toMatch(
        /observability_upstream_requests_total\{instance="hanging",outcome="timeout"\} \d+/,
      );
      expect(res.text).toContain('observability_cache_requests_total');
    });
  });

  it('answers 502 with a clear message once Prometheus is stopped', async () => {
    await stack.processes.find(p => p.name === 'prometheus')!.stop();
    const res = await request(server)
      .post('/api/observability/entities/component/default/checkout/query')
      .send({ query: 'up', time: 1 });
    expect(res.status).toBe(502);
    expect(res.body.error.message).toContain(
      "Prometheus instance 'demo' is unreachable",
    );
  });
});
