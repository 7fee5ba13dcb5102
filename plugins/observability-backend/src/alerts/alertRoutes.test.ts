import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { AlertEntityIndex } from './AlertEntityIndex';
import { AlertStore, StoredAlert } from './AlertStore';
import { addAlertRoutes, AlertRoutesOptions } from './alertRoutes';

const stored: StoredAlert = {
  id: 'a1',
  fingerprint: 'abc',
  alertname: 'HighErrorRatio',
  severity: 'page',
  labels: { alertname: 'HighErrorRatio' },
  annotations: {},
  generatorURL: null,
  status: 'firing',
  startsAt: new Date('2026-11-23T10:00:00Z'),
  endsAt: null,
  entityRefs: ['component:default/payments'],
  events: [],
  acknowledged: null,
  silenced: null,
};

/** The alert routes alone, with a permission service that answers what `verdict` says. */
function setup(over: Partial<AlertRoutesOptions> = {}) {
  let verdict: AuthorizeResult.ALLOW | AuthorizeResult.DENY =
    AuthorizeResult.ALLOW;
  const authorize = jest.fn(async (requests: unknown[]) =>
    requests.map(() => ({ result: verdict })),
  );
  const permissions = {
    authorize,
    authorizeConditional: jest.fn(),
  } as unknown as PermissionsService;
  const loadEntity = jest.fn(async (req: express.Request) => {
    if (req.params.name === 'hidden') throw new NotFoundError('No entity');
    return {
      entityRef: `component:default/${req.params.name}`,
      owner: 'group:default/team-payments',
    };
  });
  const store = {
    listForEntity: jest.fn(async () => ({ alerts: [], total: 0 })),
    getAlert: jest.fn(async () => stored),
    setAcknowledged: jest.fn(async () => stored),
  } as unknown as AlertStore;
  const clock = { seconds: 1_796_000_000 };
  const router = Router();
  const logger = mockServices.logger.mock();
  addAlertRoutes(router, {
    httpAuth: mockServices.httpAuth(),
    permissions,
    logger,
    store,
    index: {} as AlertEntityIndex,
    loadEntity,
    now: () => clock.seconds,
    permissionHintTtlMs: 10_000,
    ...over,
  });
  const app = express()
    .use(express.json())
    .use(router)
    .use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger,
      }).error(),
    );
  const as = (user: string) => mockCredentials.user.header(user);
  const list = (name: string, user = 'user:default/jane') =>
    request(app)
      .get(`/entities/component/default/${name}/alerts`)
      .set('Authorization', as(user));
  const acknowledge = (name: string, user = 'user:default/jane') =>
    request(app)
      .post(`/entities/component/default/${name}/alerts/a1/acknowledge`)
      .set('Authorization', as(user))
      .send({});
  return {
    authorize,
    loadEntity,
    clock,
    list,
    acknowledge,
    deny: () => {
      verdict = AuthorizeResult.DENY;
    },
  };
}

describe('alert routes: the permission hint of the history', () => {
  it('reuses the answer per caller and entity within the TTL, and asks again after it', async () => {
    const { authorize, clock, list } = setup();
    const first = await list('payments');
    expect(first.status).toBe(200);
    expect(first.body.permissions.acknowledge).toEqual({ allowed: true });
    expect((await list('payments')).body.permissions).toEqual(
      first.body.permissions,
    );
    expect(authorize).toHaveBeenCalledTimes(1);

    await list('payments', 'user:default/mallory');
    await list('checkout');
    expect(authorize).toHaveBeenCalledTimes(3);

    clock.seconds += 10;
    await list('payments');
    expect(authorize).toHaveBeenCalledTimes(4);
  });

  it('still loads the entity with the caller’s credentials on every request', async () => {
    const { loadEntity, list } = setup();
    await list('payments');
    await list('payments');
    expect(loadEntity).toHaveBeenCalledTimes(2);
    expect((await list('hidden')).status).toBe(404);
  });

  it('asks the permission service at every write, whatever the history was told', async () => {
    const { authorize, acknowledge, deny, list } = setup();
    expect((await list('payments')).body.permissions.acknowledge.allowed).toBe(
      true,
    );
    expect((await acknowledge('payments')).status).toBe(200);
    expect(authorize).toHaveBeenCalledTimes(2);

    deny();
    // The hint is still the earlier answer; the write is refused all the same.
    expect((await list('payments')).body.permissions.acknowledge.allowed).toBe(
      true,
    );
    const refused = await acknowledge('payments');
    expect(refused.status).toBe(403);
    expect(authorize).toHaveBeenCalledTimes(3);
  });

  it('keeps at most the configured number of answers, dropping the least recently used', async () => {
    const { authorize, list } = setup({ permissionHintEntries: 2 });
    await list('payments');
    await list('checkout');
    await list('payments');
    await list('search');
    expect(authorize).toHaveBeenCalledTimes(3);
    // checkout was the least recently used: asked again; payments was kept.
    await list('payments');
    expect(authorize).toHaveBeenCalledTimes(3);
    await list('checkout');
    expect(authorize).toHaveBeenCalledTimes(4);
  });

  it('asks on every request without a TTL, and does not keep a failed answer', async () => {
    const uncached = setup({ permissionHintTtlMs: 0 });
    await uncached.list('payments');
    await uncached.list('payments');
    expect(uncached.authorize).toHaveBeenCalledTimes(2);

    const { authorize, list } = setup();
    authorize.mockRejectedValueOnce(new Error('permission backend down'));
    expect((await list('payments')).status).toBe(500);
    expect((await list('payments')).status).toBe(200);
    expect(authorize).toHaveBeenCalledTimes(2);
  });
});
