import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { component } from '../__testUtils__/entities';
import { AlertEntityIndex } from './AlertEntityIndex';
import { AlertReconciler, segments } from './AlertReconciler';
import { AlertStore } from './AlertStore';
import { alertFingerprint } from './alertFingerprint';

describe('segments of an ALERTS series', () => {
  const metric = {
    __name__: 'ALERTS',
    alertname: 'X',
    alertstate: 'firing',
    job: 'a',
  };
  const samples = (times: number[]): [number, string][] =>
    times.map(t => [t, '1']);

  it('splits firing periods at gaps, resolves ended ones one interval after the last sample', () => {
    const out = segments(
      { metric, values: samples([120, 130, 140, 200, 210, 220, 230]) },
      100,
      235,
    );
    expect(out.map(a => [a.status, a.startsAt, a.endsAt])).toEqual([
      ['resolved', new Date(120_000), new Date(150_000)],
      ['firing', new Date(200_000), undefined],
    ]);
    // Labels as Alertmanager sees them: without alertstate and the metric name.
    expect(out[0].labels).toEqual({ alertname: 'X', job: 'a' });
    expect(out[0].fingerprint).toBe(
      alertFingerprint({ alertname: 'X', job: 'a' }),
    );
  });

  it("adds the Prometheus instance's external labels, as Prometheus does when it sends alerts", () => {
    const [a] = segments({ metric, values: samples([120, 130]) }, 100, 135, {
      stack: 'demo',
      job: 'ignored',
    });
    expect(a.labels).toEqual({ alertname: 'X', job: 'a', stack: 'demo' });
  });

  it('skips a period that began before the window: its start is unknown', () => {
    expect(
      segments({ metric, values: samples([100, 110, 120]) }, 100, 200),
    ).toEqual([]);
  });
});

describe('alertFingerprint', () => {
  it("matches Alertmanager's FNV-1a fingerprints (values read off a real Alertmanager)", () => {
    // The end-to-end test compares with the live Alertmanager as well.
    expect(alertFingerprint({})).toBe('cbf29ce484222325');
    expect(alertFingerprint({ a: 'b' })).not.toBe(alertFingerprint({ a: 'c' }));
    expect(alertFingerprint({ a: 'b', c: 'd' })).toBe(
      alertFingerprint({ c: 'd', a: 'b' }),
    );
  });
});

describe('AlertReconciler re-mapping', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('moves firing alerts to the entities whose annotations now claim them', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await AlertStore.forKnex(knex);
    const logger = mockServices.logger.mock();
    const index = (entities: Entity[]) =>
      new AlertEntityIndex(
        catalogServiceMock({ entities }),
        mockServices.auth(),
        logger,
      );
    const labels = { alertname: 'Slow', job: 'checkout', team: 'web' };
    await store.record(
      [
        {
          status: 'firing',
          labels,
          annotations: {},
          startsAt: new Date('2026-11-23T10:00:00Z'),
          fingerprint: 'aa',
          entityRefs: ['component:default/checkout'],
        },
      ],
      { actor: 'webhook' },
    );
    // The checkout team narrows its alert selector; the web frontend now claims team="web".
    const edited = [
      component('checkout', {
        'observability/prometheus-selector': '{job="checkout"}',
        'observability/alert-selector': '{job="checkout", team!="web"}',
      }),
      component('web', {
        'observability/prometheus-selector': '{job="web"}',
        'observability/alert-selector': '{team="web"}',
      }),
    ];
    const result = await new AlertReconciler({
      store,
      index: index(edited),
      logger,
    }).run();
    expect(result.remapped).toBe(1);
    expect((await store.firing())[0].entityRefs).toEqual([
      'component:default/web',
    ]);
    // Nothing changed since: nothing to re-map.
    const again = await new AlertReconciler({
      store,
      index: index(edited),
      logger,
    }).run();
    expect(again.remapped).toBe(0);
  });
});
