import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import authPlugin from '@backstage/plugin-auth-backend';
import { JsonObject } from '@backstage/types';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { authModuleDemoProvider } from './demoSignInModule';
import { DEMO_USER_HEADER } from './demoPeople';

// The people and groups of examples/org.yaml that matter here, held by an in-memory catalog.
const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default' },
    spec: { memberOf: ['team-checkout'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/team-checkout' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'mallory', namespace: 'default' },
    spec: { memberOf: ['team-checkout'] },
  },
];

const people = [
  { user: 'alice', description: 'team-checkout: owns checkout' },
  { user: 'bob', description: 'team-payments: owns payments' },
];

// The auth backend keeps its keys and sessions in a database. startTestBackend's default
// in-memory SQLite is never destroyed when the backend stops, and its knex pool's reaping timer
// then keeps the Jest worker alive; TestDatabases destroys the clients it made in afterAll.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function startBackend(auth: JsonObject) {
  return startTestBackend({
    features: [
      authPlugin,
      mockServices.database.factory({ knex: await databases.init('SQLITE_3') }),
      authModuleDemoProvider,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          backend: { baseUrl: 'http://localhost:7007' },
          auth,
        },
      }),
    ],
  });
}

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

describe('demo sign-in provider', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  describe('in development', () => {
    let server: Awaited<ReturnType<typeof startBackend>>;
    beforeAll(async () => {
      process.env.NODE_ENV = 'development';
      server = await startBackend({
        environment: 'development',
        providers: { demo: { people } },
      });
    });
    afterAll(() => server?.stop());

    it('signs a listed person in as their catalog user with their groups as ownership', async () => {
      const res = await request(server.server)
        .get('/api/auth/demo/refresh')
        .set('X-Requested-With', 'XMLHttpRequest')
        .set(DEMO_USER_HEADER, 'alice');
      expect(res.status).toBe(200);
      expect(res.body.backstageIdentity.identity).toEqual({
        type: 'user',
        userEntityRef: 'user:default/alice',
        ownershipEntityRefs: expect.arrayContaining([
          'user:default/alice',
          'group:default/team-checkout',
        ]),
      });
      expect(claims(res.body.backstageIdentity.token).sub).toBe(
        'user:default/alice',
      );
    });

    it('refuses a user who is in the catalog but not among the demo people', async () => {
      const res = await request(server.server)
        .get('/api/auth/demo/refresh')
        .set('X-Requested-With', 'XMLHttpRequest')
        .set(DEMO_USER_HEADER, 'mallory');
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(
        "'mallory' is not one of the demo people",
      );
    });

    it('refuses a request that names nobody', async () => {
      const res = await request(server.server)
        .get('/api/auth/demo/refresh')
        .set('X-Requested-With', 'XMLHttpRequest');
      expect(res.status).toBe(401);
      expect(res.body.error.message).toContain(DEMO_USER_HEADER);
    });

    it('fails clearly for a listed person missing from the catalog', async () => {
      const res = await request(server.server)
        .get('/api/auth/demo/refresh')
        .set('X-Requested-With', 'XMLHttpRequest')
        .set(DEMO_USER_HEADER, 'bob');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.body.backstageIdentity).toBeUndefined();
    });
  });

  it.each([
    ['auth.environment is production', 'development', 'production'],
    ['NODE_ENV is production', 'production', 'development'],
  ])(
    'is not registered when %s, even with auth.providers.demo configured',
    async (_why, env, authEnvironment) => {
      process.env.NODE_ENV = env;
      const server = await startBackend({
        environment: authEnvironment,
        providers: { demo: { people } },
      });
      try {
        const res = await request(server.server)
          .get('/api/auth/demo/refresh')
          .set('X-Requested-With', 'XMLHttpRequest')
          .set(DEMO_USER_HEADER, 'alice');
        expect(res.status).toBe(404);
        expect(res.body.backstageIdentity).toBeUndefined();
      } finally {
        await server.stop();
      }
    },
  );

  it("is not registered with the repository's app-config.yaml and app-config.production.yaml, even under NODE_ENV=development", async () => {
    process.env.NODE_ENV = 'development';
    const read = (file: string) =>
      parse(readFileSync(resolve(__dirname, '../../../..', file), 'utf8'));
    const base = read('app-config.yaml');
    const production = read('app-config.production.yaml');
    // The base file does configure the demo people; production only flips the environment.
    expect(base.auth.providers.demo.people.length).toBeGreaterThan(0);
    expect(production.auth.environment).toBe('production');
    const server = await startBackend({ ...base.auth, ...production.auth });
    try {
      const res = await request(server.server)
        .get('/api/auth/demo/refresh')
        .set('X-Requested-With', 'XMLHttpRequest')
        .set(DEMO_USER_HEADER, 'alice');
      expect(res.status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
