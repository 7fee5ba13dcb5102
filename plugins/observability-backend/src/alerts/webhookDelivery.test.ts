import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { observabilityPlugin } from '../plugin';
import { component, selector } from '../__testUtils__/entities';
import { AlertStore } from './AlertStore';
import { TRUNCATION_MARKER } from './sanitizeAlertText';

// "The webhook must never drop what Alertmanager legitimately sends": Alertmanager drops a
// notification answered 4xx and retries a 5xx until it gives up. The real plugin, on SQLite and
// on the PostgreSQL `make test` starts, is sent what Alertmanager can send and must store it.
jest.setTimeout(120_000);
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const t0 = Date.parse('2026-11-23T10:00:00Z');
const from = Math.floor(t0 / 1000) - 3600;

const alert = (i: number, over: Record<string, unknown> = {}) => ({
  status: 'firing',
  labels: {
    alertname: 'PodCrashLooping',
    job: 'payments',
    namespace: 'shop',
    pod: `payments-${i}`,
    severity: 'page',
  },
  annotations: { summary: `pod payments-${i} restarts` },
  startsAt: new Date(t0 + (i % 60) * 1000).toISOString(),
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: 'http://prometheus:9090/graph',
  fingerprint: (0x100000 + i).toString(16),
  ...over,
});

const notification = (alerts: unknown[]) => ({
  version: '4',
  groupKey: '{}:{alertname="PodCrashLooping"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'backstage',
  groupLabels: {},
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  alerts,
});

describe.each(databases.eachSupportedId())(
  'alert webhook delivery on %p',
  databaseId => {
    let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
    let knex: Awaited<ReturnType<typeof databases.init>>;
    let store: AlertStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ({ server } = await startTestBackend({
        features: [
          observabilityPlugin,
          mockServices.database.factory({ knex }),
          createServiceFactory({
            service: catalogServiceRef,
            deps: {},
            factory: () =>
              catalogServiceMock({
                entities: [component('payments', selector('payments'))],
              }),
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
      store = await AlertStore.forKnex(knex);
    });
    afterEach(async () => {
      await knex('observability_alert_events').delete();
      await knex('observability_alert_entities').delete();
      await knex('observability_alerts').delete();
    });

    const post = (body: unknown) =>
      request(server)
        .post('/api/observability/alerts/webhook')
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
    const stored = async (fingerprint: string) => {
      const row = await knex('observability_alerts')
        .where({ fingerprint })
        .first('id');
      return row ? store.getAlert(row.id) : undefined;
    };
    /** The process still answers, and with the history it stored. */
    const historyTotal = async () => {
      const res = await request(server).get(
        `/api/observability/entities/component/default/payments/alerts?from=${from}&to=${
          from + 7200
        }&limit=1`,
      );
      expect(res.status).toBe(200);
      return res.body.total as number;
    };

    it('stores a 5,000-alert notification in full, once however often it is redelivered', async () => {
      const body = notification(
        Array.from({ length: 5000 }, (_, i) => alert(i)),
      );
      expect(JSON.stringify(body).length).toBeGreaterThan(1_000_000);
      const first = await post(body);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ stored: 5000 });
      // Redelivered (Alertmanager repeats a group), and by two replicas at once.
      const again = await Promise.all([post(body), post(body)]);
      expect(again.map(a => a.status)).toEqual([200, 200]);
      const [{ count: alerts }] = await knex('observability_alerts').count({
        count: '*',
      });
      const [{ count: events }] = await knex(
        'observability_alert_events',
      ).count({ count: '*' });
      expect(Number(alerts)).toBe(5000);
      expect(Number(events)).toBe(5000);
      expect(await historyTotal()).toBe(5000);
      // And when the storm ends, 5,000 resolutions in one notification.
      const resolved = await post(
        notification(
          Array.from({ length: 5000 }, (_, i) =>
            alert(i, {
              status: 'resolved',
              endsAt: new Date(t0 + 600_000).toISOString(),
            }),
          ),
        ),
      );
      expect(resolved.status).toBe(200);
      const firing = await knex('observability_alerts')
        .where({ status: 'firing' })
        .count({ count: '*' });
      expect(Number(firing[0].count)).toBe(0);
    });

    it('stores an over-long annotation and label value truncated and marked, with the rest of the notification', async () => {
      const longAnnotation = `${'d'.repeat(70 * 1024 - 1)}é`;
      const longLabel = 'p'.repeat(5 * 1024);
      const res = await post(
        notification([
          alert(1),
          alert(2, {
            annotations: { summary: 'fine', description: longAnnotation },
          }),
          alert(3, {
            labels: { ...alert(3).labels, pod: longLabel },
          }),
          alert(4),
        ]),
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ stored: 4 });
      for (const fp of ['100001', '100004']) {
        expect((await stored(fp))?.labels.pod).toMatch(/^payments-\d$/);
      }
      const withAnnotation = (await stored('100002'))!;
      const description = withAnnotation.annotations.description;
      expect(description).toMatch(TRUNCATION_MARKER);
      expect(description.startsWith('d'.repeat(60_000))).toBe(true);
      expect(Buffer.byteLength(description)).toBeLessThanOrEqual(65536);
      expect(description).toContain('truncated by Backstage observability');
      expect(withAnnotation.annotations.summary).toBe('fine');
      const withLabel = (await stored('100003'))!;
      expect(withLabel.labels.pod).toMatch(TRUNCATION_MARKER);
      expect(withLabel.labels.pod.startsWith('p'.repeat(4000))).toBe(true);
      expect(Buffer.byteLength(withLabel.labels.pod)).toBeLessThanOrEqual(4096);
      // Still the alert Alertmanager named, mapped to its entity by its other labels.
      expect(withLabel.entityRefs).toEqual(['component:default/payments']);
      expect(await historyTotal()).toBe(4);
    });

    it('keeps two alerts whose labels truncate alike apart, and one alert one across redeliveries', async () => {
      const prefix = 'q'.repeat(5000);
      const body = notification([
        alert(1, { labels: { ...alert(1).labels, pod: `${prefix}-a` } }),
        alert(2, { labels: { ...alert(1).labels, pod: `${prefix}-b` } }),
      ]);
      expect((await post(body)).status).toBe(200);
      expect((await post(body)).status).toBe(200);
      const rows = await knex('observability_alerts').select('fingerprint');
      expect(rows.map(r => r.fingerprint).sort()).toEqual(['100001', '100002']);
      const a = (await stored('100001'))!;
      const b = (await stored('100002'))!;
      expect(a.labels).toEqual(b.labels);
      expect(a.id).not.toBe(b.id);
      expect(a.events.map(e => e.type)).toEqual(['fired']);
    });

    it('stores NUL bytes and lone surrogates replaced, with a 2xx, the same on every database', async () => {
      const res = await post(
        notification([
          alert(1, {
            labels: {
              alertname: 'Disk\u0000Full',
              job: 'payments',
              namespace: 'shop',
              device: 'sda\u0000',
              severity: 'pa\u0000ge',
            },
            annotations: { summary: 'bytes \u0000 and \ud800 here' },
          }),
          alert(2),
        ]),
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ stored: 2 });
      const a = (await stored('100001'))!;
      expect(a.alertname).toBe('Disk\uFFFDFull');
      expect(a.severity).toBe('pa\uFFFDge');
      expect(a.labels.device).toBe('sda\uFFFD');
      expect(a.annotations.summary).toBe('bytes \uFFFD and \uFFFD here');
      expect(a.entityRefs).toEqual(['component:default/payments']);
      expect((await stored('100002'))?.alertname).toBe('PodCrashLooping');
    });

    it('stores what no column is wide enough for, and alerts without alertname or annotations', async () => {
      const res = await post(
        notification([
          alert(1, {
            labels: {
              alertname: 'A'.repeat(300),
              job: 'payments',
              namespace: 'shop',
              severity: 's'.repeat(100),
              // No catalog ref is this long: it names no entity, the route still maps it.
              backstage_entity: `component:default/${'x'.repeat(300)}`,
            },
            generatorURL: `http://prometheus:9090/graph?g0.expr=${'e'.repeat(
              3000,
            )}`,
          }),
          alert(2, {
            labels: { job: 'payments', namespace: 'shop' },
            annotations: null,
          }),
          alert(3, {
            labels: Object.fromEntries(
              Array.from({ length: 300 }, (_, i) => [`l${i}`, 'v']).concat([
                ['alertname', 'ManyLabels'],
              ]),
            ),
          }),
        ]),
      );
      expect(res.status).toBe(200);
      const a = (await stored('100001'))!;
      expect(a.alertname).toMatch(TRUNCATION_MARKER);
      expect(a.alertname.length).toBeLessThanOrEqual(255);
      expect(a.labels.alertname).toBe('A'.repeat(300));
      expect(a.severity).toMatch(TRUNCATION_MARKER);
      expect(a.severity!.length).toBeLessThanOrEqual(64);
      expect(a.generatorURL).toMatch(TRUNCATION_MARKER);
      expect(a.generatorURL!.length).toBeLessThanOrEqual(2048);
      expect(a.entityRefs).toEqual(['component:default/payments']);
      const b = (await stored('100002'))!;
      expect(b).toMatchObject({ alertname: '', annotations: {} });
      expect(Object.keys((await stored('100003'))!.labels)).toHaveLength(301);
    });

    it('still answers 4xx to a body that is not an Alertmanager notification, storing nothing', async () => {
      const bad = [
        { hello: 'world' },
        { ...notification([alert(1)]), version: '3' },
        notification([alert(1, { labels: { alertname: 'X', job: 7 } })]),
        notification([alert(1, { fingerprint: 'not-hex' })]),
        notification([alert(1, { startsAt: 'yesterday' })]),
        notification([alert(1, { status: 'pending' })]),
        { ...notification([]), alerts: 'many' },
      ];
      for (const body of bad) {
        const res = await post(body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(
          /^Not an Alertmanager webhook notification: /,
        );
      }
      expect(await knex('observability_alerts').select('id')).toEqual([]);
      expect(await historyTotal()).toBe(0);
    });
  },
);
