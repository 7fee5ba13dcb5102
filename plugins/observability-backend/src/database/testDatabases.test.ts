import { TestDatabases } from '@backstage/backend-test-utils';

// The plugin's stores are tested on SQLite and on a real PostgreSQL. `make test` starts a
// throw-away PostgreSQL (scripts/test-postgres.sh) and hands it to TestDatabases through
// BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING. TestDatabases silently drops engines it
// cannot reach, so this test makes sure CI really runs on both.
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

// `make test` always sets CI=true; a developer's bare `yarn test` may run without PostgreSQL.
const postgresRequired = Boolean(process.env.CI);

describe('test databases', () => {
  it('include a real PostgreSQL whenever CI is set (make test sets it)', () => {
    expect(databases.supports('POSTGRES_15') || !postgresRequired).toBe(true);
  });

  it('include SQLite', () => {
    expect(databases.supports('SQLITE_3')).toBe(true);
  });

  it.each(databases.eachSupportedId())(
    'round-trips a row on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.schema.createTable('probe', table => {
        table.string('entity_ref').primary();
        table.jsonb('labels').notNullable();
      });
      await knex('probe').insert({
        entity_ref: 'component:default/checkout',
        labels: JSON.stringify({ job: 'checkout' }),
      });
      const rows = await knex('probe').select();
      expect(rows).toHaveLength(1);
      const labels =
        typeof rows[0].labels === 'string'
          ? JSON.parse(rows[0].labels)
          : rows[0].labels;
      expect(labels).toEqual({ job: 'checkout' });
    },
  );
});
