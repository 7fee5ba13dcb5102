import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { QueryResponse } from '@stagewatch/backstage-plugin-observability-common';
import { ResolvedEntityScope } from '@stagewatch/backstage-plugin-observability-node';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { component, selector } from '../__testUtils__/entities';
import { EntityAccess } from '../entities/EntityAccess';
import { PluginMetrics } from '../metrics/PluginMetrics';
import { addQueryRoute } from './queryRoute';
import { WarmAnswers } from './WarmAnswers';

// The route's reuse of warm answers, with a clock the test moves. The signals service is a
// counting stand-in that answers at once: what is measured here is how often the route asks it
// and the catalog, not Prometheus (router.test.ts runs the route against the real one).
describe('POST /entities/:kind/:namespace/:name/query, warm answers', () => {
  let clock: number;
  let revoked: Set<string>;
  let freshFor: number;
  let catalog: ReturnType<typeof catalogServiceMock>;
  let getEntityByRef: jest.SpyInstance;
  let queryAnswer: jest.Mock;
  let metrics: PluginMetrics;
  let app: express.Express;

  beforeEach(() => {
    clock = 1_800_000_000_000;
    revoked = new Set();
    freshFor = 30_000;
    catalog = catalogServiceMock({
      entities: [
        component('checkout', selector('checkout')),
        component('payments', selector('payments')),
      ],
    });
    const original = catalog.getEntityByRef.bind(catalog);
    // As the catalog with a permission policy answers: nothing for a caller who may not see it.
    getEntityByRef = jest
      .spyOn(catalog, 'getEntityByRef')
      .mockImplementation(async (ref, options) => {
        const { credentials } = options as {
          credentials: { principal: { userEntityRef?: string } };
        };
        const user = credentials.principal.userEntityRef;
        return revoked.has(String(user)) ? undefined : original(ref, options);
      });
    const access = new EntityAccess(catalog, 10_000, 100, () => clock);
    const httpAuth = mockServices.httpAuth();
    let calls = 0;
    queryAnswer = jest.fn(async (target: ResolvedEntityScope) => ({
      body: {
        entityRef: target.entityRef,
        scopedQuery: `answer ${++calls}`,
      } as unknown as QueryResponse,
      freshUntil: freshFor > 0 ? clock + freshFor : 0,
    }));
    metrics = PluginMetrics.create();
    const router = Router();
    router.use(express.json());
    addQueryRoute(router, {
      httpAuth,
      loadEntity: async req => {
        const credentials = await httpAuth.credentials(req);
        const { kind, namespace, name } = req.params;
        const { entity, expiresAt } = await access.access(
          { kind, namespace, name },
          credentials,
        );
        return {
          target: {
            entityRef: `${kind}:${namespace}/${entity.metadata.name}`,
          } as ResolvedEntityScope,
          accessExpiresAt: expiresAt,
        };
      },
      signals: { queryAnswer },
      metrics,
      warmAnswers: new WarmAnswers<QueryResponse>(2000, 4096, () => clock),
    });
    app = express()
      .use(router)
      .use(
        MiddlewareFactory.create({
          config: mockServices.rootConfig(),
          logger: mockServices.logger.mock(),
        }).error(),
      );
  });

  const ask = (
    user: string,
    body: object = { query: 'up', from: 0, to: 60 },
    entity = 'checkout',
  ) =>
    request(app)
      .post(`/entities/component/default/${entity}/query`)
      .set('Authorization', mockCredentials.user.header(`user:default/${user}`))
      .send(body);

  it("answers the same caller's repeated query from memory, without loading or querying again", async () => {
    const first = await ask('alice');
    const second = await ask('alice');
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(queryAnswer).toHaveBeenCalledTimes(1);
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
    const hits = (await metrics.cacheRequests.get()).values.find(
      v => v.labels.result === 'hit',
    );
    expect(hits?.value).toBe(1);
  });

  it('answers If-None-Match with 304 from memory too', async () => {
    const first = await ask('alice');
    const again = await ask('alice').set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
    expect(queryAnswer).toHaveBeenCalledTimes(1);
  });

  it("never gives one caller another's answer: each is loaded with their own credentials", async () => {
    revoked.add('user:default/mallory');
    expect((await ask('alice')).status).toBe(200);
    const mallory = await ask('mallory');
    expect(mallory.status).toBe(404);
    expect(mallory.body.error.message).toContain('component:default/checkout');
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('answers a different body or entity anew', async () => {
    await ask('alice');
    await ask('alice', { query: 'up', from: 0, to: 120 });
    await ask('alice', { query: 'up', from: 0, to: 60 }, 'payments');
    expect(queryAnswer).toHaveBeenCalledTimes(3);
  });

  it("asks the catalog again when the caller's access is due (a revoked permission takes effect within the TTL)", async () => {
    freshFor = 300_000;
    expect((await ask('alice')).status).toBe(200);
    revoked.add('user:default/alice');
    clock += 9_999;
    expect((await ask('alice')).status).toBe(200);
    clock += 1;
    const after = await ask('alice');
    expect(after.status).toBe(404);
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('queries again once the upstream result behind the answer is no longer fresh', async () => {
    freshFor = 5_000;
    const first = await ask('alice');
    clock += 4_999;
    expect((await ask('alice')).body).toEqual(first.body);
    clock += 1;
    const later = await ask('alice');
    expect(later.body.scopedQuery).toBe('answer 2');
    expect(queryAnswer).toHaveBeenCalledTimes(2);
  });

  it('keeps nothing when the result was not cached (the result cache is off)', async () => {
    freshFor = 0;
    await ask('alice');
    await ask('alice');
    expect(queryAnswer).toHaveBeenCalledTimes(2);
  });

  it('keeps nothing for a refused request: the same bad body is refused again, naming the field', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await ask('alice', { query: 'up', extra: true });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('query body');
    }
    expect(queryAnswer).not.toHaveBeenCalled();
  });
});

describe('WarmAnswers', () => {
  it('keeps no answer whose moment has passed and no key beyond the length limit', () => {
    let now = 1000;
    const answers = new WarmAnswers<object>(10, 64, () => now);
    const body = {};
    const key = answers.keyOf('user:default/alice', 'component:default/x', {
      q: 1,
    });
    answers.set(key, body, 1000);
    expect(answers.get(key)).toBeUndefined();
    answers.set(key, body, 1500);
    expect(answers.get(key)).toBe(body);
    now = 1500;
    expect(answers.get(key)).toBeUndefined();
    expect(answers.size).toBe(0);
    expect(
      answers.keyOf('user:default/alice', 'component:default/x', {
        q: 'x'.repeat(64),
      }),
    ).toBeUndefined();
  });

  it('forgets the least recently used answer beyond its size', () => {
    const answers = new WarmAnswers<object>(2, 4096, () => 0);
    const keys = ['a', 'b', 'c'].map(k => answers.keyOf('u', 'e', k));
    keys.forEach(k => answers.set(k, { k }, 1));
    expect(answers.size).toBe(2);
    expect(answers.get(keys[0])).toBeUndefined();
    expect(answers.get(keys[2])).toEqual({ k: keys[2] });
  });
});
