import { startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { observabilityPlugin } from './plugin';
import { sqliteDatabaseFactory } from './__testUtils__/sqliteDatabase';

describe('observabilityPlugin', () => {
  const database = sqliteDatabaseFactory();

  it('starts and answers its health route without credentials', async () => {
    const { server } = await startTestBackend({
      features: [observabilityPlugin, await database()],
    });

    // No Authorization header: the health route is open for probes on purpose.
    const res = await request(server).get('/api/observability/health');

    // No Prometheus or trace instance configured here, and the test database is up.
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      instances: [],
      traceInstances: [],
      database: { status: 'up' },
    });
  });

  it('keeps every other route behind authentication', async () => {
    const { server } = await startTestBackend({
      features: [observabilityPlugin, await database()],
    });

    const res = await request(server)
      .get('/api/observability/anything-else')
      .set('Authorization', 'Bearer mock-none-token');

    // The default auth policy rejects before routing: 401, not 404.
    expect(res.status).toBe(401);
  });
});
