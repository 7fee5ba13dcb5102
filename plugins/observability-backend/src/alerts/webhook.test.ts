import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { observabilityPlugin } from '../plugin';
import { component, selector } from '../__testUtils__/entities';
import { sqliteDatabaseFactory } from '../__testUtils__/sqliteDatabase';

// The webhook receiver and the history route, on the real plugin with its real SQLite store
// (an in-memory SQLite). Credentials are the test kit's mock tokens; the real
// external-access static token is checked end to end against the portal (test/e2e).
jest.setTimeout(60_000);

const entities = [
  component('payments', selector('payments')),
  component('checkout', selector('checkout')),
  component('secret', selector('secret')),
];

const notification = (
  over: Record<string, unknown> = {},
  alert: Record<string, unknown> = {},
) => ({
  version: '4',
  groupKey: '{}:{alertname="HighErrorRatio"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'backstage',
  groupLabels: {},
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  alerts: [
    {
      status: 'firing',
      labels: {
        alertname: 'HighErrorRatio',
        job: 'payments',
        namespace: 'shop',
        severity: 'page',
      },
      annotations: { summary: 'payments answers 30% errors' },
      startsAt: '2026-11-23T10:00:00.000Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph',
      fingerprint: 'c0ffee',
      ...alert,
    },
  ],
  ...over,
});

/** A body sent as written, for JSON that JavaScript would not produce. */
class Raw {
  constructor(readonly text: string) {}
}

describe('alert webhook and history', () => {
  const database = sqliteDatabaseFactory();
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const catalog = catalogServiceMock({ entities });
  const getEntityByRef = catalog.getEntityByRef.bind(catalog);
  jest
    .spyOn(catalog, 'getEntityByRef')
    .mockImplementation(async (ref, options) => {
      const subject = (options as any)?.credentials?.principal?.userEntityRef;
      if (
        String(typeof ref === 'string' ? ref : ref.name) === 'secret' &&
        subject === 'user:default/mallory'
      ) {
        return undefined;
      }
      return getEntityByRef(ref, options);
    });

  beforeAll(async () => {
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
                instances: [{ name: 'demo', baseUrl: 'http://127.0.0.1:1' }],
              },
            },
          },
        }),
      ],
    }));
  });

  const post = (body: unknown) =>
    request(server)
      .post('/api/observability/alerts/webhook')
      .set('Authorization', mockCredentials.service.header())
      .set('Content-Type', 'application/json')
      .send(body instanceof Raw ? body.text : JSON.stringify(body));
  const history = (name: string, query = '') =>
    request(server).get(
      `/api/observability/entities/component/default/${name}/alerts?from=1795000000&to=1796000000${query}`,
    );

  it('stores a notification, maps it to the entity and shows it in its history', async () => {
    const res = await post(notification());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ stored: 1 });
    const list = await history('payments');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.alerts[0]).toMatchObject({
      alertname: 'HighErrorRatio',
      severity: 'page',
      status: 'firing',
      startsAt: Date.parse('2026-11-23T10:00:00Z') / 1000,
      endsAt: null,
      entityRefs: ['component:default/payments'],
      annotations: { summary: 'payments answers 30% errors' },
      events: [{ type: 'fired', actor: 'webhook' }],
    });
    expect((await history('checkout')).body.total).toBe(0);
  });

  it('records one transition for the same payload posted 10 times at once', async () => {
    const body = notification(
      { status: 'resolved' },
      {
        fingerprint: 'beef01',
        status: 'resolved',
        endsAt: '2026-11-23T10:07:00Z',
      },
    );
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => post(body)),
    );
    expect(answers.map(a => a.status)).toEqual(Array(10).fill(200));
    const list = await history('payments');
    const alert = list.body.alerts.find((a: any) => a.fingerprint === 'beef01');
    expect(alert.events.map((e: any) => e.type)).toEqual(['fired', 'resolved']);
    expect(
      list.body.alerts.filter((a: any) => a.fingerprint === 'beef01'),
    ).toHaveLength(1);
  });

  it('is 401 without a token or with a wrong one, and 403 for a user, storing nothing', async () => {
    const body = notification({}, { fingerprint: 'dead01' });
    const none = await request(server)
      .post('/api/observability/alerts/webhook')
      .set('Authorization', mockCredentials.none.header())
      .send(body);
    expect(none.status).toBe(401);
    const wrong = await request(server)
      .post('/api/observability/alerts/webhook')
      .set('Authorization', 'Bearer not-a-valid-token')
      .send(body);
    expect(wrong.status).toBe(401);
    const user = await request(server)
      .post('/api/observability/alerts/webhook')
      .set('Authorization', mockCredentials.user.header())
      .send(body);
    expect(user.status).toBe(403);
    const list = await history('payments');
    expect(list.body.alerts.some((a: any) => a.fingerprint === 'dead01')).toBe(
      false,
    );
  });

  it('answers thousands of malformed and hostile payloads with a 400 and a reason, and stores none', async () => {
    const before = (await history('payments')).body.total;
    // A deterministic generator (xorshift), so a failure names a reproducible case.
    let seed = 42;
    const rand = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return ((seed >>> 0) % 1_000_000) / 1_000_000;
    };
    const junk = (): unknown => {
      const options = [
        () => null,
        () => 42,
        () => 'x'.repeat(Math.floor(rand() * 10)),
        () => [junk()],
        () => ({ [`k${Math.floor(rand() * 5)}`]: junk() }),
        () => true,
      ];
      return options[Math.floor(rand() * options.length)]();
    };
    const good = notification();
    const mutations: Array<() => unknown> = [
      () => junk(),
      () => ({ ...good, version: junk() }),
      () => ({ ...good, status: junk() }),
      () => ({ ...good, alerts: junk() }),
      // Any map of strings is a label set (no alertname needed), so never one here.
      () => notification({}, { labels: [junk()] }),
      () => notification({}, { labels: { alertname: 'X', job: [junk()] } }),
      () => notification({}, { annotations: { summary: [junk()] } }),
      () => notification({}, { startsAt: junk() }),
      () => notification({}, { fingerprint: `${junk()}z` }),
      () => notification({}, { status: 'pending' }),
      // (Long values, many labels, no alertname are what Alertmanager may send: stored, see
      // webhookDelivery.test.ts.)
      () => notification({}, { endsAt: 42 }),
      () => notification({}, { annotations: 'text' }),
      () =>
        new Raw(
          JSON.stringify(notification({}, { labels: 'DEEP' })).replace(
            '"DEEP"',
            `${'{"a":'.repeat(5000)}"x"${'}'.repeat(5000)}`,
          ),
        ),
    ];
    const statuses = new Map<number, number>();
    const unexplained: string[] = [];
    let refusedByValidation = 0;
    const batch = 100;
    for (let round = 0; round < 20; round++) {
      const answers = await Promise.all(
        Array.from({ length: batch }, (_, i) =>
          post(mutations[(round * batch + i) % mutations.length]()),
        ),
      );
      for (const a of answers) {
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        // Our validation names the field; express.json refuses non-object JSON itself.
        const message = String(a.body?.error?.message);
        if (message.startsWith('Not an Alertmanager webhook notification'))
          refusedByValidation += 1;
        if (
          !/^Not an Alertmanager webhook notification: \S|is not valid JSON/.test(
            message,
          )
        )
          unexplained.push(message);
      }
    }
    expect(Object.fromEntries(statuses)).toEqual({ 400: 2000 });
    expect(unexplained).toEqual([]);
    // Operators see refusals in the plugin's own metrics (express.json's refusals come earlier).
    const metrics = await request(server).get('/api/observability/metrics');
    expect(metrics.text).toContain(
      `observability_alert_notifications_total{outcome="invalid"} ${refusedByValidation}`,
    );
    expect(refusedByValidation).toBeGreaterThan(1000);
    // Not JSON at all, and nesting deeper than any parser should follow.
    const text = await request(server)
      .post('/api/observability/alerts/webhook')
      .set('Authorization', mockCredentials.service.header())
      .set('Content-Type', 'application/json')
      .send('{"version": "4", ');
    expect(text.status).toBe(400);
    const nested = await request(server)
      .post('/api/observability/alerts/webhook')
      .set('Authorization', mockCredentials.service.header())
      .set('Content-Type', 'application/json')
      .send(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(nested.status).toBe(400);
    const huge = await request(server)
      .post('/api/observability/alerts/webhook')
      .set('Authorization', mockCredentials.service.header())
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ pad: 'x'.repeat(6 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    // Still up, nothing stored.
    expect((await history('payments')).body.total).toBe(before);
  });

  it("loads the entity with the caller's credentials for its history", async () => {
    const res = await request(server)
      .get('/api/observability/entities/component/default/secret/alerts')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/mallory'),
      );
    expect(res.status).toBe(404);
  });

  it('is 400 for a malformed history query', async () => {
    expect((await history('payments', '&state=open')).status).toBe(400);
    expect(
      (
        await request(server).get(
          '/api/observability/entities/component/default/payments/alerts?from=20&to=10',
        )
      ).status,
    ).toBe(400);
  });
});
