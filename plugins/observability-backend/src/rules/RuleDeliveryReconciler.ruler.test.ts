import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { RuleTemplate } from '@stagewatch/backstage-plugin-observability-common';
import { component } from '../__testUtils__/entities';
import { startRecordedShapeRuler } from '../__testUtils__/recordedShapeRuler';
import { RuleDeliveryReconciler } from './RuleDeliveryReconciler';
import { RuleDeliveryStore } from './RuleDeliveryStore';
import { RuleTemplateCatalog } from './RuleTemplateCatalog';
import { RuleValidator } from './RuleValidator';
import {
  readAlertRulesConfig,
  readObservabilityConfig,
  ruleLocationStem,
} from '@stagewatch/backstage-plugin-observability-node';

/*
 * The reconciler's `ruler` delivery, end to end through the RulerClient. No Mimir, Cortex or
 * Loki can run here (none is packaged for this system): the ruler is the recorded-shape stand-in
 * of src/__testUtils__/recordedShapeRuler.ts, which answers in the documented shapes (202 on
 * store and delete, 404 for a missing namespace, 401 without the tenant header, the
 * Prometheus-compatible /api/v1/rules with the namespace as `file`).
 */
const VALUE_ABOVE: RuleTemplate = {
  id: 'value-above',
  title: 'Value above',
  description: 'test template',
  source: 'custom',
  version: 1,
  parameters: {
    type: 'object',
    properties: { threshold: { type: 'number', default: 5 } },
  },
  rules: [
    {
      alert: 'ValueAbove',
      expr: 'rule_test_value > ${threshold}',
      for: '1m',
      labels: { severity: 'page' },
    },
  ],
};

const service = (name: string, threshold?: number) =>
  component(name, {
    'observability/prometheus-selector': `{job="${name}"}`,
    ...(threshold !== undefined
      ? {
          'observability/alert-rules': `- template: value-above\n  params: { threshold: ${threshold} }\n`,
        }
      : {}),
  });
const ns = (name: string) => ruleLocationStem(`component:default/${name}`);

describe('RuleDeliveryReconciler with a ruler (recorded-shape stand-in)', () => {
  let refused = new Set<string>();
  const ruler = startRecordedShapeRuler({ refuse: n => refused.has(n) });
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let entities: Entity[] = [];
  let store: RuleDeliveryStore;
  let reconciler: RuleDeliveryReconciler;
  const writes = () =>
    ruler.requests.filter(r => r.method === 'POST' || r.method === 'DELETE');
  const record = async (name: string) =>
    (await store.forEntity(`component:default/${name}`))[0];

  beforeAll(async () => {
    await new Promise<void>(r => ruler.server.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${
      (ruler.server.address() as { port: number }).port
    }`;
    const root = new ConfigReader({
      observability: {
        prometheus: {
          instances: [
            {
              name: 'mimir',
              baseUrl,
              pathPrefix: '/prometheus',
              headers: { 'X-Scope-OrgID': 'team-a' },
            },
          ],
        },
        alertRules: {
          defaults: [{ template: 'value-above' }],
          delivery: [
            {
              instance: 'mimir',
              type: 'ruler',
              baseUrl,
              headers: { 'X-Scope-OrgID': 'team-a' },
            },
          ],
          promtool: false,
        },
      },
    });
    const config = readObservabilityConfig(root);
    const rules = readAlertRulesConfig(
      root,
      new Map(config.instances.map(i => [i.name, i.apiBaseUrl])),
    );
    store = await RuleDeliveryStore.forKnex(await databases.init('SQLITE_3'));
    reconciler = new RuleDeliveryReconciler({
      catalog: {
        getEntities: (...args: Parameters<CatalogService['getEntities']>) =>
          catalogServiceMock({ entities }).getEntities(...args),
      } as unknown as CatalogService,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      store,
      templates: new RuleTemplateCatalog({
        listCurrent: async () => [VALUE_ABOVE],
      }),
      config,
      rules,
      validator: new RuleValidator(rules.promtool),
    });
  });
  afterAll(() => ruler.server.close());

  it('stores one namespace per entity with the tenant header, no reload, and reads the rules back', async () => {
    entities = [service('alpha'), service('beta', 50)];
    const result = await reconciler.run();
    expect(result).toMatchObject({
      entities: 2,
      written: 2,
      reloads: 0,
      notDelivered: 0,
      errors: [],
    });
    expect([...ruler.namespaces.keys()].sort()).toEqual([
      ns('alpha'),
      ns('beta'),
    ]);
    // Stores, listing and read-back all carried the instance's tenant.
    expect(ruler.requests.length).toBeGreaterThanOrEqual(4);
    expect(new Set(ruler.requests.map(r => r.tenant))).toEqual(
      new Set(['team-a']),
    );
    expect(ruler.requests.map(r => `${r.method} ${r.url}`)).toContain(
      'GET /prometheus/api/v1/rules',
    );
    const beta = ruler.namespaces
      .get(ns('beta'))!
      .get('backstage:component:default/beta') as {
      rules: Array<{ expr: string; labels: Record<string, string> }>;
    };
    expect(beta.rules[0].expr).toBe('rule_test_value{job="beta"} > 50');
    expect(beta.rules[0].labels).toMatchObject({
      backstage_entity: 'component:default/beta',
      template: 'value-above',
    });
    expect(await record('alpha')).toMatchObject({
      status: 'delivered',
      method: 'ruler',
      location: ns('alpha'),
      live: [
        expect.objectContaining({
          name: 'ValueAbove',
          health: 'ok',
          state: 'inactive',
        }),
      ],
    });
    expect((await record('alpha')).live?.[0].lastError).toBeUndefined();
  });

  it('stores nothing when nothing changed', async () => {
    const before = writes().length;
    const result = await reconciler.run();
    expect(result).toMatchObject({ written: 0, unchanged: 2, reloads: 0 });
    expect(writes()).toHaveLength(before);
  });

  it("records the ruler's refusal on that entity alone and stores the others", async () => {
    refused = new Set([ns('beta')]);
    entities = [service('alpha', 7), service('beta', 60)];
    const result = await reconciler.run();
    expect(result).toMatchObject({ written: 1, notDelivered: 1 });
    expect(await record('alpha')).toMatchObject({ status: 'delivered' });
    const beta = await record('beta');
    expect(beta.status).toBe('not-delivered');
    expect(beta.error).toMatch(/answered 400.*refused by this test/s);
    // The ruler still has beta's last good group.
    const kept = ruler.namespaces
      .get(ns('beta'))!
      .get('backstage:component:default/beta') as {
      rules: Array<{ expr: string }>;
    };
    expect(kept.rules[0].expr).toBe('rule_test_value{job="beta"} > 50');

    refused = new Set();
    const retried = await reconciler.run();
    expect(retried).toMatchObject({ written: 1, notDelivered: 0 });
    expect(await record('beta')).toMatchObject({ status: 'delivered' });
  });

  it("deletes a gone entity's namespace and stray plugin namespaces, never anyone else's", async () => {
    ruler.namespaces.set(
      'team-a-handwritten',
      new Map([['g', { name: 'g', rules: [] }]]),
    );
    ruler.namespaces.set(
      ns('orphan'),
      new Map([['g', { name: 'g', rules: [] }]]),
    );
    entities = [service('alpha', 7)];
    const result = await reconciler.run();
    expect(result).toMatchObject({ removed: 2, errors: [] });
    expect([...ruler.namespaces.keys()].sort()).toEqual(
      [ns('alpha'), 'team-a-handwritten'].sort(),
    );
    expect(await store.forEntity('component:default/beta')).toEqual([]);
  });
});
