import { resolvePackagePath } from '@backstage/backend-plugin-api';
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

  it('updates stored alerts in batches: new annotations, time last seen, resolutions with their own ends', async () => {
    const many = Array.from({ length: 1200 }, (_, i) =>
      alert({ fingerprint: `f${i}` }),
    );
    await store.record(many, { actor: 'webhook', now: minutes(1) });
    await store.record(
      many.map((a, i) =>
        i % 2
          ? { ...a, annotations: { summary: `still ${i}` } }
          : {
              ...a,
              status: 'resolved' as const,
              endsAt: minutes(i % 4 ? 7 : 9),
            },
      ),
      { actor: 'webhook', now: minutes(2) },
    );
    const rows = await knex('observability_alerts').select(
      'fingerprint',
      'status',
      'annotations',
      'ends_at',
      'updated_at',
    );
    expect(rows).toHaveLength(1200);
    const byFp = new Map(rows.map(r => [r.fingerprint, r]));
    const firing = byFp.get('f7')!;
    expect(firing.status).toBe('firing');
    expect(JSON.parse(firing.annotations)).toEqual({ summary: 'still 7' });
    expect(new Date(firing.updated_at)).toEqual(minutes(2));
    expect(byFp.get('f2')!.status).toBe('resolved');
    expect(new Date(byFp.get('f2')!.ends_at)).toEqual(minutes(7));
    expect(new Date(byFp.get('f4')!.ends_at)).toEqual(minutes(9));
    const { total } = await store.listForEntity('component:default/payments', {
      ...range,
      state: 'firing',
    });
    expect(total).toBe(600);
    const [{ count }] = await knex('observability_alert_events')
      .where({ type: 'resolved' })
      .count({ count: '*' });
    expect(Number(count)).toBe(600);
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

  it('counts what it lists: alerts from before the range that fire still or ended within it, per state', async () => {
    await store.record(
      [
        // Started before the range: ended before it (out), within it (in), still firing (in).
        alert({
          fingerprint: 'c1',
          startsAt: minutes(-200),
          status: 'resolved',
          endsAt: minutes(-100),
        }),
        alert({
          fingerprint: 'c2',
          startsAt: minutes(-200),
          status: 'resolved',
          endsAt: minutes(-30),
        }),
        alert({ fingerprint: 'c3', startsAt: minutes(-300) }),
        // Within the range: resolved and firing.
        alert({
          fingerprint: 'c4',
          startsAt: minutes(-20),
          status: 'resolved',
          endsAt: minutes(-10),
        }),
        alert({ fingerprint: 'c5', startsAt: minutes(-5) }),
        // After the range: out.
        alert({ fingerprint: 'c6', startsAt: minutes(90) }),
      ],
      { actor: 'webhook' },
    );
    const list = (state?: 'firing' | 'resolved') =>
      store.listForEntity('component:default/payments', { ...range, state });
    const all = await list();
    expect(all.alerts.map(a => a.fingerprint)).toEqual([
      'c5',
      'c4',
      'c2',
      'c3',
    ]);
    expect(all.total).toBe(4);
    const firing = await list('firing');
    expect(firing.alerts.map(a => a.fingerprint)).toEqual(['c5', 'c3']);
    expect(firing.total).toBe(2);
    const resolved = await list('resolved');
    expect(resolved.alerts.map(a => a.fingerprint)).toEqual(['c4', 'c2']);
    expect(resolved.total).toBe(2);
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

  it('keeps acknowledgement and silence state from the events, and ends lapsed silences', async () => {
    await store.record([alert()], { actor: 'webhook' });
    const id = AlertStore.alertId('abc123', t0);
    const acked = await store.setAcknowledged(id, true, {
      actor: 'user:default/jane',
      note: 'on it',
      now: minutes(2),
    });
    expect(acked.acknowledged).toMatchObject({
      actor: 'user:default/jane',
      note: 'on it',
    });
    // Acknowledging again is no new event; unacknowledging clears the state.
    await store.setAcknowledged(id, true, { actor: 'user:default/bob' });
    const un = await store.setAcknowledged(id, false, {
      actor: 'user:default/bob',
      now: minutes(3),
    });
    expect(un.acknowledged).toBeNull();
    const silenced = await store.recordSilence(id, {
      actor: 'user:default/jane',
      silenceId: 's-1',
      endsAt: minutes(10),
      now: minutes(4),
    });
    expect(silenced.silenced).toMatchObject({ silenceId: 's-1' });
    expect(await store.recordLapsedSilences(minutes(9))).toBe(0);
    expect(await store.recordLapsedSilences(minutes(11))).toBe(1);
    expect(await store.recordLapsedSilences(minutes(12))).toBe(0);
    const after = (await store.getAlert(id, minutes(12)))!;
    expect(after.silenced).toBeNull();
    expect(after.events.map(e => [e.type, e.actor])).toEqual([
      ['fired', 'webhook'],
      ['acknowledged', 'user:default/jane'],
      ['unacknowledged', 'user:default/bob'],
      ['silenced', 'user:default/jane'],
      ['silence_expired', 'alertmanager'],
    ]);
    expect(after.events.at(-1)!.at).toEqual(minutes(10));
  });

  it('computes MTTA over acknowledged and MTTR over resolved alerts of the range', async () => {
    await store.record(
      [
        alert({ fingerprint: 'f1', startsAt: minutes(0) }),
        alert({
          fingerprint: 'f2',
          startsAt: minutes(10),
          status: 'resolved',
          endsAt: minutes(40),
        }),
        alert({
          fingerprint: 'f3',
          startsAt: minutes(20),
          status: 'resolved',
          endsAt: minutes(30),
        }),
        // Outside the range: not counted.
        alert({ fingerprint: 'f4', startsAt: minutes(-600) }),
      ],
      { actor: 'webhook' },
    );
    await store.setAcknowledged(AlertStore.alertId('f1', minutes(0)), true, {
      actor: 'user:default/jane',
      now: minutes(4),
    });
    await store.setAcknowledged(AlertStore.alertId('f2', minutes(10)), true, {
      actor: 'user:default/jane',
      now: minutes(12),
    });
    const stats = await store.stats('component:default/payments', {
      from: minutes(-60),
      to: minutes(60),
    });
    expect(stats).toEqual({
      count: 3,
      firing: 1,
      acknowledged: 2,
      resolved: 2,
      mttaSeconds: 180, // (4 min + 2 min) / 2
      mttrSeconds: 1200, // (30 min + 10 min) / 2
    });
    const empty = await store.stats('component:default/other', range);
    expect(empty).toMatchObject({
      count: 0,
      mttaSeconds: null,
      mttrSeconds: null,
    });
  });

  it('aggregates stats over alerts that started in the range: boundaries, re-acknowledged, early times, two entities', async () => {
    const at = (min: number, ms = 0) => new Date(minutes(min).getTime() + ms);
    await store.record(
      [
        // Firing in the range but started before it: not counted.
        alert({ fingerprint: 's1', startsAt: at(-10) }),
        // Started at the range's first and last instant: counted.
        alert({
          fingerprint: 's2',
          startsAt: at(0),
          status: 'resolved',
          endsAt: at(0, 1500),
        }),
        alert({ fingerprint: 's3', startsAt: at(60) }),
        alert({
          fingerprint: 's4',
          startsAt: at(10),
          status: 'resolved',
          endsAt: at(20),
        }),
        alert({ fingerprint: 's5', startsAt: at(30) }),
        // Ends before it starts (as sent): resolved, adds no time.
        alert({
          fingerprint: 's6',
          startsAt: at(40),
          status: 'resolved',
          endsAt: at(39),
        }),
        alert({ fingerprint: 's7', startsAt: at(60, 1) }),
        alert({
          fingerprint: 's8',
          startsAt: at(5),
          entityRefs: ['component:default/checkout'],
        }),
        alert({
          fingerprint: 's9',
          startsAt: at(45),
          status: 'resolved',
          endsAt: at(50),
          entityRefs: [
            'component:default/payments',
            'component:default/checkout',
          ],
        }),
      ],
      { actor: 'webhook' },
    );
    const id = (fingerprint: string, start: Date) =>
      AlertStore.alertId(fingerprint, start);
    const ack = (alertId: string, acknowledged: boolean, now: Date) =>
      store.setAcknowledged(alertId, acknowledged, {
        actor: 'user:default/jane',
        now,
      });
    // The first acknowledgement counts, even when withdrawn and given again.
    await ack(id('s4', at(10)), true, at(11, 250));
    await ack(id('s4', at(10)), false, at(12));
    await ack(id('s4', at(10)), true, at(15));
    // Acknowledged before it started: acknowledged, adds no time.
    await ack(id('s5', at(30)), true, at(29));
    // Outside the range: neither counted nor acknowledged.
    await ack(id('s1', at(-10)), true, at(1));

    const stats = await store.stats('component:default/payments', {
      from: at(0),
      to: at(60),
    });
    expect(stats).toEqual({
      count: 6, // s2 s3 s4 s5 s6 s9
      firing: 2, // s3 s5
      acknowledged: 2, // s4 s5
      resolved: 4, // s2 s4 s6 s9
      mttaSeconds: 30.125, // (60.25 s + 0) / 2
      mttrSeconds: 225.375, // (1.5 s + 600 s + 0 + 300 s) / 4
    });
    expect(
      await store.stats('component:default/checkout', {
        from: at(0),
        to: at(60),
      }),
    ).toEqual({
      count: 2,
      firing: 1,
      acknowledged: 0,
      resolved: 1,
      mttaSeconds: null,
      mttrSeconds: 300,
    });
  });

  it('answers the stats the listed alerts give, for a mixed history', async () => {
    // Pseudo-random but fixed: starts, ends and acknowledgements around the range's edges.
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const incoming: IncomingAlert[] = [];
    for (let i = 0; i < 60; i++) {
      const startsAt = new Date(
        minutes(-90).getTime() + Math.floor(rand() * 180 * 60_000),
      );
      const resolved = rand() < 0.7;
      incoming.push(
        alert({
          fingerprint: `m${i}`,
          startsAt,
          ...(resolved
            ? {
                status: 'resolved',
                endsAt: new Date(
                  startsAt.getTime() + Math.floor(rand() * 40 * 60_000),
                ),
              }
            : {}),
        }),
      );
    }
    await store.record(incoming, { actor: 'webhook' });
    for (const a of incoming) {
      if (rand() < 0.5) {
        const alertId = AlertStore.alertId(a.fingerprint, a.startsAt);
        const first = new Date(
          a.startsAt.getTime() + Math.floor((rand() - 0.1) * 20 * 60_000),
        );
        await store.setAcknowledged(alertId, true, {
          actor: 'user:default/jane',
          now: first,
        });
        if (rand() < 0.3) {
          await store.setAcknowledged(alertId, false, {
            actor: 'user:default/jane',
            now: new Date(first.getTime() + 60_000),
          });
        }
      }
    }
    const window = { from: minutes(-30), to: minutes(30) };
    const { alerts } = await store.listForEntity('component:default/payments', {
      from: minutes(-1000),
      to: minutes(1000),
      limit: 500,
      offset: 0,
    });
    const started = alerts.filter(
      a => a.startsAt >= window.from && a.startsAt <= window.to,
    );
    const firstAcks = started.flatMap(a => {
      const e = a.events.find(x => x.type === 'acknowledged');
      return e ? [Math.max(0, e.at.getTime() - a.startsAt.getTime())] : [];
    });
    const ends = started
      .filter(a => a.status === 'resolved' && a.endsAt)
      .map(a => Math.max(0, a.endsAt!.getTime() - a.startsAt.getTime()));
    const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
    expect(started.length).toBeGreaterThan(10);
    expect(firstAcks.length).toBeGreaterThan(3);
    expect(await store.stats('component:default/payments', window)).toEqual({
      count: started.length,
      firing: started.filter(a => a.status === 'firing').length,
      acknowledged: firstAcks.length,
      resolved: ends.length,
      mttaSeconds: sum(firstAcks) / firstAcks.length / 1000,
      mttrSeconds: sum(ends) / ends.length / 1000,
    });
  });

  it('counts alerts that ended at the first instant of the range or started at its last', async () => {
    const from = minutes(-60);
    const to = minutes(60);
    await store.record(
      [
        alert({
          fingerprint: 'e1',
          startsAt: minutes(-90),
          status: 'resolved',
          endsAt: from,
        }),
        alert({
          fingerprint: 'e2',
          startsAt: minutes(-90),
          status: 'resolved',
          endsAt: new Date(from.getTime() - 1),
        }),
        alert({ fingerprint: 'e3', startsAt: to }),
        alert({ fingerprint: 'e4', startsAt: new Date(to.getTime() + 1) }),
      ],
      { actor: 'webhook' },
    );
    const list = (state?: 'firing' | 'resolved') =>
      store.listForEntity('component:default/payments', {
        ...range,
        state,
      });
    const all = await list();
    expect(all.alerts.map(a => a.fingerprint)).toEqual(['e3', 'e1']);
    expect(all.total).toBe(2);
    expect((await list('firing')).total).toBe(1);
    expect((await list('resolved')).total).toBe(1);
  });

  it('counts firing alerts per entity and severity, and re-maps their entities', async () => {
    await store.record(
      [
        alert({ fingerprint: 'c1' }),
        alert({
          fingerprint: 'c2',
          labels: { alertname: 'Slow', severity: 'warning' },
        }),
        alert({ fingerprint: 'c3', labels: { alertname: 'NoSeverity' } }),
        alert({ fingerprint: 'c4', status: 'resolved', endsAt: minutes(1) }),
      ],
      { actor: 'webhook' },
    );
    const counts = await store.firingCounts([
      'component:default/payments',
      'component:default/quiet',
    ]);
    expect(counts.get('component:default/payments')).toEqual({
      total: 3,
      bySeverity: { page: 1, warning: 1, none: 1 },
    });
    expect(counts.get('component:default/quiet')).toEqual({
      total: 0,
      bySeverity: {},
    });
    const c1 = AlertStore.alertId('c1', t0);
    await store.setEntities(c1, ['component:default/quiet']);
    const firing = await store.firing();
    expect(firing.find(a => a.id === c1)!.entityRefs).toEqual([
      'component:default/quiet',
    ]);
  });

  it('deletes resolved alerts past retention with their events, and keeps firing ones', async () => {
    await store.record(
      [
        alert({
          fingerprint: 'old',
          startsAt: minutes(-200 * 24 * 60),
          status: 'resolved',
          endsAt: minutes(-100 * 24 * 60),
        }),
        alert({ fingerprint: 'oldfiring', startsAt: minutes(-200 * 24 * 60) }),
        alert({
          fingerprint: 'recent',
          status: 'resolved',
          endsAt: minutes(5),
        }),
      ],
      { actor: 'webhook' },
    );
    const deleted = await store.deleteResolvedBefore(minutes(-90 * 24 * 60));
    expect(deleted).toBe(1);
    const left = await knex('observability_alerts').select('fingerprint');
    expect(left.map(r => r.fingerprint).sort()).toEqual([
      'oldfiring',
      'recent',
    ]);
    const orphans = await knex('observability_alert_events')
      .whereNotIn('alert_id', knex('observability_alerts').select('id'))
      .count({ n: '*' });
    expect(Number(orphans[0].n)).toBe(0);
  });

  it('resolves a firing alert once, however often the reconciler says so', async () => {
    await store.record([alert()], { actor: 'webhook' });
    const id = AlertStore.alertId('abc123', t0);
    await store.resolve(id, { actor: 'reconciler', at: minutes(7) });
    await store.resolve(id, { actor: 'reconciler', at: minutes(8) });
    // A late webhook "resolved" adds nothing either.
    await store.record([alert({ status: 'resolved', endsAt: minutes(9) })], {
      actor: 'webhook',
    });
    const a = (await store.getAlert(id))!;
    expect(a.status).toBe('resolved');
    expect(a.endsAt).toEqual(minutes(7));
    expect(a.events.map(e => [e.type, e.actor])).toEqual([
      ['fired', 'webhook'],
      ['resolved', 'reconciler'],
    ]);
  });

  it('backfills the start and end of existing entity links when it migrates', async () => {
    const fresh = await databases.init(databaseId);
    const directory = resolvePackagePath(
      '@stagewatch/backstage-plugin-observability-backend',
      'migrations',
    );
    // The schema as it was before the links carried times, with one resolved alert in it.
    await fresh.migrate.up({ directory }); // alerts
    await fresh.migrate.up({ directory }); // silences
    await fresh('observability_alerts').insert({
      id: 'x1',
      fingerprint: 'f',
      alertname: 'Old',
      labels: '{}',
      annotations: '{}',
      status: 'resolved',
      starts_at: minutes(0),
      ends_at: minutes(5),
      updated_at: minutes(5),
    });
    await fresh('observability_alert_entities').insert({
      alert_id: 'x1',
      entity_ref: 'component:default/payments',
    });
    const migrated = await AlertStore.forKnex(fresh);
    const { alerts } = await migrated.listForEntity(
      'component:default/payments',
      { ...range, state: 'resolved' },
    );
    expect(alerts.map(a => [a.id, a.startsAt, a.endsAt])).toEqual([
      ['x1', minutes(0), minutes(5)],
    ]);
    await fresh.destroy();
  });

  it('keeps the first acknowledgement in the stats when an alert moves to other entities', async () => {
    await store.record([alert({ fingerprint: 'm1' })], { actor: 'webhook' });
    const m1 = AlertStore.alertId('m1', t0);
    await store.setAcknowledged(m1, true, {
      actor: 'user:default/ann',
      now: minutes(4),
    });
    await store.setAcknowledged(m1, false, {
      actor: 'user:default/ann',
      now: minutes(5),
    });
    await store.setAcknowledged(m1, true, {
      actor: 'user:default/bob',
      now: minutes(9),
    });
    await store.setEntities(m1, [
      'component:default/quiet',
      'component:default/other',
    ]);
    for (const ref of ['component:default/quiet', 'component:default/other']) {
      expect(await store.stats(ref, range)).toEqual({
        count: 1,
        firing: 1,
        acknowledged: 1,
        resolved: 0,
        mttaSeconds: 240,
        mttrSeconds: null,
      });
    }
    expect(await store.stats('component:default/payments', range)).toEqual(
      expect.objectContaining({ count: 0, acknowledged: 0 }),
    );
  });

  it('backfills the first acknowledgement of existing entity links when it migrates', async () => {
    const fresh = await databases.init(databaseId);
    const directory = resolvePackagePath(
      '@stagewatch/backstage-plugin-observability-backend',
      'migrations',
    );
    // The schema as it was before the links carried acknowledgements: alerts, silences, link
    // times, rule templates, rule deliveries.
    for (let i = 0; i < 5; i++) await fresh.migrate.up({ directory });
    const old = (id: string, status: string, endsAt: Date | null) => ({
      id,
      fingerprint: id,
      alertname: 'Old',
      labels: '{}',
      annotations: '{}',
      status,
      starts_at: minutes(0),
      ends_at: endsAt,
      updated_at: minutes(5),
    });
    await fresh('observability_alerts').insert([
      old('acked', 'resolved', minutes(10)),
      old('never', 'firing', null),
    ]);
    await fresh('observability_alert_entities').insert([
      {
        alert_id: 'acked',
        entity_ref: 'component:default/payments',
        starts_at: minutes(0),
        ends_at: minutes(10),
      },
      {
        alert_id: 'never',
        entity_ref: 'component:default/payments',
        starts_at: minutes(0),
        ends_at: null,
      },
    ]);
    const event = (type: string, at: Date) => ({
      alert_id: 'acked',
      type,
      at,
      actor: 'user:default/ann',
      dedupe_key: `acked:${type}:${at.getTime()}`,
    });
    await fresh('observability_alert_events').insert([
      event('acknowledged', minutes(3)),
      event('unacknowledged', minutes(4)),
      event('acknowledged', minutes(6)),
    ]);
    const migrated = await AlertStore.forKnex(fresh);
    expect(await migrated.stats('component:default/payments', range)).toEqual({
      count: 2,
      firing: 1,
      acknowledged: 1,
      resolved: 1,
      mttaSeconds: 180,
      mttrSeconds: 600,
    });
    await fresh.destroy();
  });

  it('lists as firing only alerts that started by the end of the range', async () => {
    await store.record(
      [
        alert({ fingerprint: 'early', startsAt: minutes(10) }),
        alert({ fingerprint: 'later', startsAt: minutes(120) }),
      ],
      { actor: 'webhook' },
    );
    const firing = await store.listForEntity('component:default/payments', {
      ...range,
      state: 'firing',
    });
    expect(firing.alerts.map(a => a.fingerprint)).toEqual(['early']);
    expect(firing.total).toBe(1);
  });
});
