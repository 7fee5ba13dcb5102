import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  createServiceFactory,
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { EntityAlertRulesResponse } from '@stagewatch/backstage-plugin-observability-common';
import { findBinary, freePort } from '@internal/demo-stack';
import request from 'supertest';
import { parse } from 'yaml';
import { observabilityPlugin } from '../plugin';
import { component, selector } from '../__testUtils__/entities';
import { sqliteDatabaseFactory } from '../__testUtils__/sqliteDatabase';

/*
 * The entity rule routes through the whole plugin. The delivery target here is a small local
 * server standing in for Prometheus' /-/reload and /api/v1/rules (in the shapes 2.42 answers);
 * delivery to the real Prometheus is RuleDeliveryReconciler.test.ts.
 */
jest.setTimeout(60_000);

const JANE = mockCredentials.user.header('user:default/jane');
const MALLORY_REF = 'user:default/mallory';
const MALLORY = mockCredentials.user.header(MALLORY_REF);

const entities = [
  component('checkout', selector('checkout'), {
    owner: 'group:default/team-a',
  }),
  component(
    'payments',
    {
      ...selector('payments'),
      'observability/alert-rules': '- template: no-such-template\n',
    },
    { owner: 'group:default/team-a' },
  ),
  component(
    'exported',
    { ...selector('exported'), 'observability/prometheus-instance': 'gitops' },
    { owner: 'group:default/team-b' },
  ),
  component('secret', selector('secret'), { owner: 'group:default/team-a' }),
];

/** Answers as Prometheus 2.42 does: reload 200, checkout's group loaded and evaluated. */
function startFakePrometheus() {
  return http.createServer((req, res) => {
    if (req.url === '/-/reload' && req.method === 'POST') {
      res.writeHead(200).end();
      return;
    }
    if (req.url?.startsWith('/api/v1/rules')) {
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          status: 'success',
          data: {
            groups: [
              {
                name: 'backstage:component:default/checkout',
                file: '/elsewhere/rules/backstage_component_default_checkout.yml',
                rules: [
                  {
                    name: 'HighErrorRatio',
                    type: 'alerting',
                    state: 'firing',
                    health: 'ok',
                    lastEvaluation: '2026-12-03T10:00:00Z',
                  },
                ],
              },
            ],
          },
        }),
      );
      return;
    }
    res.writeHead(404).end();
  });
}

describe('entity alert-rule routes', () => {
  const database = sqliteDatabaseFactory();
  const rulesDir = mkdtempSync(path.join(os.tmpdir(), 'obs-rule-routes-'));
  const fake = startFakePrometheus();
  const tasks = new Map<
    string,
    SchedulerServiceTaskScheduleDefinition &
      SchedulerServiceTaskInvocationDefinition
  >();
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  // `secret` exists, but mallory may not see it, as with a catalog permission policy.
  const catalog = catalogServiceMock({ entities });
  const isMallory = (options: unknown) =>
    (options as { credentials?: { principal: { userEntityRef?: string } } })
      ?.credentials?.principal.userEntityRef === MALLORY_REF;
  const getEntityByRef = catalog.getEntityByRef.bind(catalog);
  jest
    .spyOn(catalog, 'getEntityByRef')
    .mockImplementation(async (ref, options) =>
      isMallory(options) &&
      String(typeof ref === 'string' ? ref : ref.name) === 'secret'
        ? undefined
        : getEntityByRef(ref, options),
    );
  const getEntities = catalog.getEntities.bind(catalog);
  jest
    .spyOn(catalog, 'getEntities')
    .mockImplementation(async (req, options) => {
      const response = await getEntities(req, options);
      return isMallory(options)
        ? { items: response.items.filter(e => e.metadata.name !== 'secret') }
        : response;
    });

  beforeAll(async () => {
    const port = await freePort();
    await new Promise<void>(r => fake.listen(port, '127.0.0.1', r));
    ({ server } = await startTestBackend({
      features: [
        observabilityPlugin,
        await database(),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        mockServices.scheduler.mock({
          scheduleTask: async task => {
            tasks.set(task.id, task);
          },
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            observability: {
              prometheus: {
                instances: [
                  { name: 'default', baseUrl: `http://127.0.0.1:${port}` },
                  { name: 'gitops', baseUrl: `http://127.0.0.1:${port}` },
                ],
              },
              alertRules: {
                defaults: [
                  { template: 'error-ratio' },
                  { template: 'target-down' },
                ],
                delivery: [
                  { instance: 'default', type: 'files', directory: rulesDir },
                  { instance: 'gitops', type: 'none' },
                ],
                promtool: findBinary('promtool'),
              },
            },
          },
        }),
      ],
    }));
  });

  afterAll(() => {
    fake.close();
    rmSync(rulesDir, { recursive: true, force: true });
  });

  const rulesOf = async (name: string, auth = JANE) =>
    request(server)
      .get(`/api/observability/entities/component/default/${name}/alert-rules`)
      .set('Authorization', auth);

  it('shows pending before the first delivery run, then where and when it went and the live state', async () => {
    const before = await rulesOf('checkout');
    expect(before.status).toBe(200);
    expect((before.body as EntityAlertRulesResponse).delivery).toMatchObject({
      instance: 'default',
      method: 'files',
      status: 'pending',
    });

    const task = tasks.get('observability-rules-deliver')!;
    expect(task.scope).toBe('global');
    await task.fn(new AbortController().signal);

    const res = await rulesOf('checkout');
    const body = res.body as EntityAlertRulesResponse;
    expect(body.entityRef).toBe('component:default/checkout');
    expect(body.group).toBe('backstage:component:default/checkout');
    expect(body.validation).toMatchObject({ valid: true, promtool: 'passed' });
    expect(body.delivery).toMatchObject({
      instance: 'default',
      method: 'files',
      status: 'delivered',
      location: path.join(rulesDir, 'backstage_component_default_checkout.yml'),
    });
    expect(body.delivery.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(body.delivery.deliveredAt!)).toBeGreaterThan(0);
    const errorRatio = body.rules.find(r => r.name === 'HighErrorRatio')!;
    expect(errorRatio).toMatchObject({
      type: 'alerting',
      template: 'error-ratio',
      templateVersion: 1,
      live: {
        loaded: true,
        health: 'ok',
        state: 'firing',
        lastEvaluation: '2026-12-03T10:00:00Z',
      },
    });
    expect(errorRatio.expr).toContain('job="checkout"');
    expect(errorRatio.params).toHaveProperty('threshold');
    // The read-back does not list target-down: delivered, but not (yet) run.
    const down = body.rules.find(r => r.template === 'target-down')!;
    expect(down.live).toMatchObject({ loaded: false });
  });

  it('says why an entity whose rules fail validation is not delivered', async () => {
    const body = (await rulesOf('payments')).body as EntityAlertRulesResponse;
    expect(body.validation.valid).toBe(false);
    expect(body.validation.problems[0]).toMatchObject({
      template: 'no-such-template',
    });
    expect(body.delivery.status).toBe('not-delivered');
    expect(body.delivery.error).toMatch(/no rule template 'no-such-template'/);
    expect(body.delivery.contentHash).toBeUndefined();
  });

  it('reports export-only for an instance with delivery none', async () => {
    const body = (await rulesOf('exported')).body as EntityAlertRulesResponse;
    expect(body.delivery).toEqual({
      instance: 'gitops',
      method: 'none',
      status: 'export-only',
    });
    expect(body.rules.length).toBeGreaterThan(0);
  });

  it('is 404 for an entity the caller may not see, on both entity routes', async () => {
    expect((await rulesOf('secret')).status).toBe(200);
    expect((await rulesOf('secret', MALLORY)).status).toBe(404);
    const file = await request(server)
      .get(
        '/api/observability/entities/component/default/secret/alert-rules/file',
      )
      .set('Authorization', MALLORY);
    expect(file.status).toBe(404);
    expect((await rulesOf('nobody')).status).toBe(404);
  });

  it("serves an entity's rule file as YAML", async () => {
    const res = await request(server)
      .get(
        '/api/observability/entities/component/default/checkout/alert-rules/file',
      )
      .set('Authorization', JANE);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/yaml/);
    const file = parse(res.text);
    expect(file.groups).toHaveLength(1);
    expect(file.groups[0].name).toBe('backstage:component:default/checkout');
  });

  it('serves one file for the entities the caller sees, leaving out (and naming) those that fail', async () => {
    const res = await request(server)
      .get('/api/observability/alert-rules/file?owner=team-a')
      .set('Authorization', MALLORY);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/yaml/);
    expect(parse(res.text).groups.map((g: { name: string }) => g.name)).toEqual(
      ['backstage:component:default/checkout'],
    );
    expect(res.text).toMatch(
      /^# Left out, their rules fail validation:\n# - component:default\/payments\n# {3}.*no-such-template/,
    );
    expect(res.text).not.toContain('secret');

    const all = await request(server)
      .get('/api/observability/alert-rules/file')
      .set('Authorization', JANE);
    expect(parse(all.text).groups.map((g: { name: string }) => g.name)).toEqual(
      [
        'backstage:component:default/checkout',
        'backstage:component:default/exported',
        'backstage:component:default/secret',
      ],
    );
    const bySystem = await request(server)
      .get('/api/observability/alert-rules/file?system=nowhere')
      .set('Authorization', JANE);
    expect(parse(bySystem.text).groups).toEqual([]);
  });
});
