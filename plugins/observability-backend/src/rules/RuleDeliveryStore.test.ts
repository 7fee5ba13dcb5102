import { TestDatabases } from '@backstage/backend-test-utils';
import { RuleDeliveryRecord, RuleDeliveryStore } from './RuleDeliveryStore';

jest.setTimeout(60_000);

describe('RuleDeliveryStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'keeps deliveries and live state on %p',
    async id => {
      const store = await RuleDeliveryStore.forKnex(await databases.init(id));
      const at = new Date('2026-12-03T10:00:00.000Z');
      const delivered: RuleDeliveryRecord = {
        entityRef: 'component:default/checkout',
        instance: 'default',
        method: 'files',
        location: '/rules/backstage_component_default_checkout.yml',
        contentHash: 'a'.repeat(64),
        deliveredYaml: 'groups: []\n',
        deliveredAt: at,
        attemptedAt: at,
        status: 'delivered',
        live: [
          {
            name: 'HighErrorRatio',
            type: 'alerting',
            health: 'ok',
            state: 'firing',
            lastEvaluation: at.toISOString(),
          },
        ],
        liveCheckedAt: at,
      };
      const pending: RuleDeliveryRecord = {
        entityRef: 'component:default/payments',
        instance: 'mimir',
        method: 'ruler',
        location: 'backstage_component_default_payments',
        status: 'not-delivered',
        error: 'POST … answered 400',
        attemptedAt: at,
      };
      await store.save([delivered, pending]);
      expect(await store.list()).toEqual([delivered, pending]);

      // A failed attempt keeps the last good hash and YAML; the record is replaced as a whole.
      const failed = {
        ...delivered,
        status: 'not-delivered' as const,
        error: 'reload failed',
        attemptedAt: new Date(at.getTime() + 60_000),
      };
      await store.save([failed]);
      expect(await store.forEntity('component:default/checkout')).toEqual([
        failed,
      ]);
      // Many at once, in batches.
      const many = Array.from({ length: 120 }, (_, i) => ({
        ...pending,
        entityRef: `component:default/s${i}`,
      }));
      await store.save(many);
      expect(await store.list()).toHaveLength(122);
      await store.remove(many);
      await store.remove([{ entityRef: pending.entityRef, instance: 'mimir' }]);
      expect((await store.list()).map(r => r.entityRef)).toEqual([
        'component:default/checkout',
      ]);
    },
  );
});
