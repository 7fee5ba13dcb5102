import { TestDatabases } from '@backstage/backend-test-utils';
import type { RuleTemplateBody } from '@stagewatch/backstage-plugin-observability-common';
import { RuleTemplateStore } from './RuleTemplateStore';

// Runs on SQLite and on the real PostgreSQL `make test` starts (scripts/test-postgres.sh).
jest.setTimeout(60_000);
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const body = (over: Partial<RuleTemplateBody> = {}): RuleTemplateBody => ({
  title: 'Queue backlog',
  description: 'Jobs wait too long',
  parameters: {
    type: 'object',
    properties: { threshold: { type: 'number', default: 100 } },
  },
  rules: [{ alert: 'QueueBacklog', expr: 'queue_depth > ${threshold}' }],
  ...over,
});

describe.each(databases.eachSupportedId())(
  'RuleTemplateStore on %p',
  databaseId => {
    let knex: Awaited<ReturnType<typeof databases.init>>;
    let store: RuleTemplateStore;
    let clock = Date.parse('2026-12-03T10:00:00Z');

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      store = await RuleTemplateStore.forKnex(knex, {
        now: () => new Date(clock),
      });
    });
    afterEach(async () => {
      await knex('observability_rule_template_versions').delete();
      await knex('observability_rule_templates').delete();
    });
    const tick = () => {
      clock += 60_000;
    };

    it('creates version 1 with its author and time, and lists it', async () => {
      const created = await store.create(
        { id: 'queue-backlog', ...body() },
        'user:default/carol',
      );
      expect(created).toEqual({
        id: 'queue-backlog',
        source: 'custom',
        version: 1,
        deprecated: false,
        createdBy: 'user:default/carol',
        createdAt: '2026-12-03T10:00:00.000Z',
        ...body(),
      });
      expect(await store.get('queue-backlog')).toEqual(created);
      expect(await store.listCurrent()).toEqual([created]);
    });

    it('keeps every version, newest first, each with who made it and when', async () => {
      await store.create({ id: 'queue-backlog', ...body() }, 'user:default/a');
      tick();
      const v2 = await store.update(
        'queue-backlog',
        body({ title: 'Queue backlog (tuned)' }),
        'user:default/b',
      );
      tick();
      const v3 = await store.setDeprecated(
        'queue-backlog',
        true,
        'user:default/c',
      );
      expect(v2).toMatchObject({ version: 2, createdBy: 'user:default/b' });
      expect(v3).toMatchObject({
        version: 3,
        deprecated: true,
        title: 'Queue backlog (tuned)',
        createdBy: 'user:default/c',
        createdAt: new Date(clock).toISOString(),
      });
      const versions = await store.versions('queue-backlog');
      expect(
        versions.map(v => [v.version, v.createdBy, v.title, v.deprecated]),
      ).toEqual([
        [3, 'user:default/c', 'Queue backlog (tuned)', true],
        [2, 'user:default/b', 'Queue backlog (tuned)', false],
        [1, 'user:default/a', 'Queue backlog', false],
      ]);
      expect(await store.listCurrent()).toEqual([v3]);
      // Undeprecating is another version; the flag stays when an edit does not mention it.
      await store.setDeprecated('queue-backlog', false, 'user:default/c');
      const v5 = await store.update(
        'queue-backlog',
        body({ description: 'x' }),
        'user:default/a',
      );
      expect(v5).toMatchObject({ version: 5, deprecated: false });
    });

    it('adds no version for a write that changes nothing (a retry)', async () => {
      const v1 = await store.create(
        { id: 'queue-backlog', ...body() },
        'user:default/a',
      );
      tick();
      expect(
        await store.update('queue-backlog', body(), 'user:default/b'),
      ).toEqual(v1);
      expect(await store.versions('queue-backlog')).toHaveLength(1);
    });

    it('refuses built-in ids, malformed ids and taken ids', async () => {
      await expect(
        store.create({ id: 'error-ratio', ...body() }, 'user:default/a'),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: expect.stringContaining("'error-ratio' is a built-in"),
      });
      await expect(
        store.create({ id: 'Bad Id', ...body() }, 'user:default/a'),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(/^id: /),
      });
      await store.create({ id: 'queue-backlog', ...body() }, 'user:default/a');
      await expect(
        store.create({ id: 'queue-backlog', ...body() }, 'user:default/b'),
      ).rejects.toMatchObject({
        name: 'ConflictError',
        message: "id: a rule template 'queue-backlog' already exists",
      });
      expect(await store.versions('queue-backlog')).toHaveLength(1);
    });

    it('gives one of two concurrent creates of an id a ConflictError', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 4 }, (_, i) =>
          store.create(
            { id: 'queue-backlog', ...body({ title: `T${i}` }) },
            `user:default/u${i}`,
          ),
        ),
      );
      const fulfilled = results.filter(r => r.status === 'fulfilled');
      const rejected = results.filter(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      expect(fulfilled).toHaveLength(1);
      expect(rejected.map(r => r.reason.name)).toEqual([
        'ConflictError',
        'ConflictError',
        'ConflictError',
      ]);
      expect(await store.versions('queue-backlog')).toHaveLength(1);
    });

    it('gives concurrent edits consecutive versions or a ConflictError, never a lost version', async () => {
      await store.create({ id: 'queue-backlog', ...body() }, 'user:default/a');
      const results = await Promise.allSettled(
        Array.from({ length: 4 }, (_, i) =>
          store.update(
            'queue-backlog',
            body({ title: `Edit ${i}` }),
            `user:default/u${i}`,
          ),
        ),
      );
      const ok = results.filter(r => r.status === 'fulfilled');
      const failures = results.flatMap(r =>
        r.status === 'rejected' ? [r.reason.name] : [],
      );
      expect(failures).toEqual(failures.map(() => 'ConflictError'));
      const versions = await store.versions('queue-backlog');
      expect(versions.map(v => v.version)).toEqual(
        Array.from({ length: ok.length + 1 }, (_, i) => ok.length + 1 - i),
      );
      expect((await store.get('queue-backlog'))?.version).toBe(ok.length + 1);
    });

    it('deletes: gone from get, list and versions; 404 after; a new create resumes the history', async () => {
      await store.create({ id: 'queue-backlog', ...body() }, 'user:default/a');
      await store.update(
        'queue-backlog',
        body({ title: 'B' }),
        'user:default/a',
      );
      await store.delete('queue-backlog', 'user:default/carol');
      expect(await store.get('queue-backlog')).toBeUndefined();
      expect(await store.listCurrent()).toEqual([]);
      expect(await store.versions('queue-backlog')).toEqual([]);
      await expect(
        store.delete('queue-backlog', 'user:default/carol'),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(
        store.update('queue-backlog', body(), 'user:default/a'),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      const row = await knex('observability_rule_templates')
        .where({ id: 'queue-backlog' })
        .first();
      expect(row.deleted_by).toBe('user:default/carol');

      const again = await store.create(
        { id: 'queue-backlog', ...body({ title: 'C' }) },
        'user:default/b',
      );
      expect(again).toMatchObject({ version: 3, title: 'C' });
      expect(
        (await store.versions('queue-backlog')).map(v => v.version),
      ).toEqual([3, 2, 1]);
    });
  },
);
