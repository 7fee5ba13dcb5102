import { TestDatabases } from '@backstage/backend-test-utils';
import { AlertStore, IncomingAlert } from './AlertStore';

// Runs on SQLite and on the real PostgreSQL `make test` starts (scripts/test-postgres.sh).
jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const t0 = new Date('2026-11-23T10:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

const alert = (over: Partial<IncomingAlert> = {}): IncomingAlert => ({
  status: 'firing',
  labels: { alertname: 'HighErrorRatio', job: 'payments', severity: 'page' },
  annotations: { summary: 'payments fails' },
  startsAt: t0,
  fingerprint: 'abc123',
  entityRefs: ['component:default/payments'],
  ...over,
});

describe.each(databases.eachSupportedId())('AlertStore on %p', databaseId => {
  let store: AlertStore;
  let knex: Awaited<ReturnType<typeof databases.init>>;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    store = await AlertStore.forKnex(knex);
  });
  afterEach(async () => {
    await knex('observability_alert_events').delete();
    await knex('observability_alert_entities').delete();
    await knex('observability_alerts').delete();
  });

  const range = { from: minutes(-60), to: minutes(60), limit: 50, offset: 0 };

  it('records a firing alert and its resolution as two transitions, with entity and times', async () => {
    await store.record([alert()], { actor: 'webhook' });
    await store.record([alert({ status: 'resolved', endsAt: minutes(12) })], {
      actor: 'webhook',
    });
    const { alerts, total } = await store.listForEntity(
      'component:default/payments',
      range,
    );
    expect(total).toBe(1);
    expect(alerts[0]).toMatchObject({
      alertname: 'HighErrorRatio',
      severity: 'page',
      status: 'resolved',
      startsAt: t0,
      endsAt: minutes(12),
      entityRefs: ['component:default/payments'],
      labels: { job: 'payments' },
      annotations: { summary: 'payments fails' },
    });
    expect(alerts[0].events.map(e => [e.type, e.at, e.actor])).toEqual([
      ['fired', t0, 'webhook'],
      ['resolved', minutes(12), 'webhook'],
    ]);
  });

  it('is idempotent: the same notification stored twice, or ten times at once, is one transition', async () => {
    await store.record([alert()], { actor: 'webhook' });
    await store.record([alert()], { actor: 'webhook' });
    await Promise.all(
      Array.from({ length: 10 }, () =>
        store.record([alert({ status: 'resolved', endsAt: minutes(5) })], {
          actor: 'webhook',
        }),
      ),
    );
    expect(await knex('observability_alerts').select('id')).toHaveLength(1);
    const events = await knex('observability_alert_events').select('type');
    expect(events.map(e => e.type).sort()).toEqual(['fired', 'resolved']);
  });

  it('never reopens a resolved alert on a late "firing" redelivery', async () => {
    await store.record([alert({ status: 'resolved', endsAt: minutes(5) })], {
      actor: 'webhook',
    });
    await store.record([alert()], { actor: 'webhook' });
    const stored = await store.getAlert(AlertStore.alertId('abc123', t0));
    expect(stored?.status).toBe('resolved');
  });

  it('treats a fingerprint that fires again as a new alert instance', async () => {
    await store.record([alert({ status: 'resolved', endsAt: minutes(5) })], {
      actor: 'webhook',
    });
    await store.record([alert({ startsAt: minutes(30) })], {
      actor: 'webhook',
    });
    const { alerts } = await store.listForEntity(
      'component:default/payments',
      range,
    );
    expect(alerts.map(a => [a.status, a.startsAt])).toEqual([
      ['firing', minutes(30)],
      ['resolved', t0],
    ]);
  });

  it('lists only alerts of the entity that overlap the range, filtered by state and paginated', async () => {
    await store.record(
      [
        alert({
          fingerprint: 'a1',
          startsAt: minutes(-120),
          status: 'resolved',
          endsAt: minutes(-90),
        }),
        alert({
          fingerprint: 'a2',
          startsAt: minutes(-30),
          status: 'resolved',
          endsAt: minutes(-10),
        }),
        alert({ fingerprint: 'a3', startsAt: minutes(-5) }),
        alert({ fingerprint: 'a4', startsAt: minutes(-4) }),
        alert({
          fingerprint: 'b1',
          startsAt: minutes(-3),
          entityRefs: ['component:default/checkout'],
        }),
      ],
      { actor: 'webhook' },
    );
    const all = await store.listForEntity('component:default/payments', range);
    expect(all.alerts.map(a => a.fingerprint)).toEqual(['a4', 'a3', 'a2']);
    const firing = await store.listForEntity('component:default/payments', {
      ...range,
      state: 'firing',
    });
    expect(firing.alerts.map(a => a.fingerprint)).toEqual(['a4', 'a3']);
    const page2 = await store.listForEntity('component:default/payments', {
      ...range,
      limit: 2,
      offset: 2,
    });
    expect(page2).toMatchObject({ total: 3 });
    expect(page2.alerts.map(a => a.fingerprint)).toEqual(['a2']);
  });

  it('stores nothing of a notification when part of it fails', async () => {
    const bad = alert({ fingerprint: 'zz' });
    // Fails inside the transaction after the alert rows are written (entity refs are written
    // next), so the rows already inserted must roll back. (A NOT NULL violation would not do
    // here: knex turns onConflict().ignore() into INSERT OR IGNORE on SQLite, which skips it.)
    (bad as any).entityRefs = null;
    await expect(
      store.record([alert({ fingerprint: 'ok' }), bad], { actor: 'webhook' }),
    ).rejects.toThrow();
    expect(await knex('observability_alerts').select('id')).toEqual([]);
    expect(await knex('observability_alert_events').select('id')).toEqual([]);
  });
});
