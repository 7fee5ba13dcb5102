import { mockServices, TestDatabases } from '@backstage/backend-test-utils';

/**
 * A database service on a fresh in-memory SQLite per call, destroyed after the file's tests.
 *
 * `startTestBackend`'s default database is an in-memory SQLite too, but Backstage's
 * DatabaseManager does not destroy SQLite clients when the backend stops, so their knex pool's
 * reaping interval keeps the Jest worker alive after the tests ("A worker process has failed to
 * exit gracefully"). `TestDatabases` destroys the clients it made in `afterAll`.
 *
 * Call it at the top of a test file or describe block: it registers that `afterAll`.
 */
export function sqliteDatabaseFactory() {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  return async () =>
    mockServices.database.factory({ knex: await databases.init('SQLITE_3') });
}
