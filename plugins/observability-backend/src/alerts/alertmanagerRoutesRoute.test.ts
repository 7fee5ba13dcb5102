import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { parse } from 'yaml';
import { addAlertmanagerRoutesRoute } from './alertmanagerRoutesRoute';

const group = (name: string, receiver?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name,
    namespace: 'default',
    annotations: receiver ? { 'observability/alert-receiver': receiver } : {},
  },
  spec: { type: 'team', children: [] },
});

describe('GET /alertmanager/routes', () => {
  const logger = mockServices.logger.mock();
  const catalog = catalogServiceMock({
    entities: [
      group('team-payments', 'team-payments'),
      group('team-typo', 'team-paymnets'),
      group('team-quiet'),
    ],
  });
  const getEntities = jest.spyOn(catalog, 'getEntities');
  const router = Router();
  addAlertmanagerRoutesRoute(router, {
    // Without a header the caller is unauthenticated, as behind the real http router.
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.none(),
    }),
    auth: mockServices.auth({ pluginId: 'observability' }),
    catalog,
    logger,
    routing: {
      portalReceiver: 'backstage',
      receivers: [
        {
          name: 'team-payments',
          webhook_configs: [{ url: 'https://pager.example/secret-token' }],
        },
      ],
    },
  });
  const app = express()
    .use(router)
    .use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger,
      }).error(),
    );

  it('gives a service the receivers in full, reading groups with the plugin’s own credentials', async () => {
    const res = await request(app)
      .get('/alertmanager/routes')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/yaml');
    const body = parse(res.text);
    expect(body.route.routes).toEqual([
      {
        receiver: 'team-payments',
        matchers: ['owner="group:default/team-payments"'],
        continue: true,
      },
      { receiver: 'backstage', continue: true },
    ]);
    expect(body.receivers[0].webhook_configs[0].url).toBe(
      'https://pager.example/secret-token',
    );
    expect(res.text).toContain(
      '# WARNING: group:default/team-typo is left out',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Alertmanager routes: group:default\/team-typo is left out: .*"team-paymnets"/,
      ),
    );
    expect(getEntities).toHaveBeenCalledWith(expect.anything(), {
      credentials: mockCredentials.service('plugin:observability'),
    });
  });

  it('shows a signed-in user the tree with receiver settings as <secret>', async () => {
    const res = await request(app)
      .get('/alertmanager/routes')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(parse(res.text).receivers).toEqual([
      { name: 'team-payments', webhook_configs: [{ url: '<secret>' }] },
    ]);
    expect(res.text).not.toContain('secret-token');
  });

  it('refuses callers without credentials', async () => {
    const res = await request(app).get('/alertmanager/routes');
    expect(res.status).toBe(401);
  });
});
