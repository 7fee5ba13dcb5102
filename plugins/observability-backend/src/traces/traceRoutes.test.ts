import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { freePort } from '@internal/demo-stack';
import request from 'supertest';
import findTraceSummaries from './__fixtures__/jaeger/v3-snapshot.FindTraceSummaries.json';
import otlpIn from './__fixtures__/jaeger/otlp-json.resourceSpans.otlp2jaeger-in.json';
import { observabilityPlugin } from '../plugin';
import { component, selector } from '../__testUtils__/entities';
import { sqliteDatabaseFactory } from '../__testUtils__/sqliteDatabase';
import { startHangingServer } from '../__testUtils__/slowServer';
import { startReplayServer } from '../__testUtils__/replayServer';

/*
 * The trace routes through the real backend plugin. Jaeger cannot run here: the upstream is a
 * local server replaying responses recorded in Jaeger's repository (__fixtures__/jaeger), which
 * records every request so the tests see exactly what went upstream. The fixture's trace
 * 83a9efd1… has spans of one service, `telemetrygen`.
 */
jest.setTimeout(60_000);

const TRACE = '83a9efd15c1c98a977e0711cc93ee28b';
const LATE = '1234567890abcdef1234567890abcdef';
let lateAsked = 0;
const traced = (name: string, service: string, instance?: string) =>
  component(name, {
    ...selector(name),
    'observability/trace-service': service,
    ...(instance ? { 'observability/trace-instance': instance } : {}),
  });

const entities = [
  traced('telemetrygen', 'telemetrygen'),
  traced('other-team', 'payments'),
  traced('on-down', 'telemetrygen', 'down'),
  traced('on-hanging', 'telemetrygen', 'hanging'),
  traced('on-unknown', 'telemetrygen', 'nowhere'),
  component('untraced', selector('untraced')),
];

describe('trace routes', () => {
  const database = sqliteDatabaseFactory();
  let jaeger: Awaited<ReturnType<typeof startReplayServer>>;
  let hanging: Awaited<ReturnType<typeof startHangingServer>>;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    jaeger = await startReplayServer(r => {
      if (r.path === '/api/v3/services') return { body: { services: [] } };
      if (r.path === '/api/v3/trace-summaries') {
        return r.params['query.service_name'] === 'telemetrygen'
          ? { body: findTraceSummaries }
          : {
              status: 404,
              body: { error: { httpCode: 404, message: 'No traces found' } },
            };
      }
      if (r.path === `/api/v3/traces/${TRACE}`) {
        return { body: { result: otlpIn } };
      }
      // A trace still in its exporter's batch: unknown at first, there a moment later.
      if (r.path === `/api/v3/traces/${LATE}`) {
        lateAsked++;
        return lateAsked === 1
          ? {
              status: 404,
              body: { error: { httpCode: 404, message: 'No traces found' } },
            }
          : { body: { result: otlpIn } };
      }
      if (r.path === '/api/v3/operations') {
        return { body: { operations: [{ name: 'okey-dokey-0' }] } };
      }
      return undefined;
    });
    hanging = await startHangingServer();
    const closed = await freePort();
    ({ server } = await startTestBackend({
      features: [
        observabilityPlugin,
        await database(),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalogServiceMock({ entities }),
        }),
        mockServices.rootConfig.factory({
          data: {
            observability: {
              prometheus: {
                instances: [
                  { name: 'demo', baseUrl: `http://127.0.0.1:${closed}` },
                ],
              },
              traces: {
                instances: [
                  {
                    name: 'jaeger',
                    type: 'jaeger',
                    baseUrl: jaeger.url,
                    headers: { 'X-Scope-OrgID': 'team-a' },
                    links: { trace: 'http://jaeger.example/trace/{traceId}' },
                  },
                  {
                    name: 'down',
                    type: 'jaeger',
                    baseUrl: `http://127.0.0.1:${closed}`,
                  },
                  {
                    name: 'hanging',
                    type: 'jaeger',
                    baseUrl: hanging.url,
                    timeout: '1s',
                  },
                ],
              },
            },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    await jaeger?.close();
    await hanging?.close();
  });

  const get = (path: string) =>
    request(server).get(
      `/api/observability/entities/component/default/${path}`,
    );

  it("lists the entity's traces, asking upstream for the annotation's service with the tenant header", async () => {
    const res = await get(
      'telemetrygen/traces?from=1000&to=2000&minDuration=5ms',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      instance: 'jaeger',
      type: 'jaeger',
      service: 'telemetrygen',
      from: 1000,
      to: 2000,
      links: { trace: 'http://jaeger.example/trace/{traceId}' },
      traces: [
        {
          traceId: '00000000000000000000000000000001',
          rootService: 'frontend',
          errorCount: 1,
        },
      ],
    });
    const sent = jaeger.requests.filter(
      r => r.path === '/api/v3/trace-summaries',
    );
    expect(sent.at(-1)!.params).toEqual({
      'query.service_name': 'telemetrygen',
      'query.start_time_min': '1970-01-01T00:16:40.000Z',
      'query.start_time_max': '1970-01-01T00:33:20.000Z',
      'query.num_traces': '20',
      'query.duration_min': '5000us',
    });
    expect(sent.at(-1)!.headers['x-scope-orgid']).toBe('team-a');
  });

  it('answers an empty search (Jaeger\'s 404 "No traces found") with an empty list', async () => {
    const res = await get('other-team/traces');
    expect(res.status).toBe(200);
    expect(res.body.traces).toEqual([]);
  });

  it('refuses a service parameter with a 400 and sends nothing upstream', async () => {
    const before = jaeger.requests.length;
    const res = await get('telemetrygen/traces?service=payments');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /service: the service is the entity's observability\/trace-service annotation/,
    );
    const raw = await get('telemetrygen/traces?q=%7B%7D');
    expect(raw.status).toBe(400);
    expect(jaeger.requests.length).toBe(before);
  });

  it('returns a trace whole when one of its spans is the entity service', async () => {
    const res = await get(`telemetrygen/traces/${TRACE}`);
    expect(res.status).toBe(200);
    expect(res.body.traceId).toBe(TRACE);
    expect(res.body.spans).toHaveLength(2);
    expect(res.body.spans[0]).toMatchObject({ service: 'telemetrygen' });
  });

  it("is 404 for another service's trace and for an unknown one, naming neither's content", async () => {
    const foreign = await get(`other-team/traces/${TRACE}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.message).toBe(
      `Trace ${TRACE} has no span of service 'payments' in trace instance 'jaeger'`,
    );
    expect(JSON.stringify(foreign.body)).not.toContain('okey-dokey');
    const unknown = await get('telemetrygen/traces/abc');
    expect(unknown.status).toBe(404);
    const bad = await get('telemetrygen/traces/not-hex');
    expect(bad.status).toBe(400);
  });

  it('does not remember a trace as unknown: asked again, it is found once it arrived', async () => {
    expect((await get(`telemetrygen/traces/${LATE}`)).status).toBe(404);
    expect((await get(`telemetrygen/traces/${LATE}`)).status).toBe(200);
    expect(lateAsked).toBe(2);
  });

  it('lists operations of the entity service', async () => {
    const res = await get('telemetrygen/traces/operations');
    expect(res.status).toBe(200);
    expect(res.body.operations).toEqual(['okey-dokey-0']);
    expect(
      jaeger.requests.filter(r => r.path === '/api/v3/operations').at(-1)!
        .params,
    ).toEqual({ service: 'telemetrygen' });
  });

  it('is 400 with the empty-state reason when the entity has no trace-service annotation', async () => {
    const res = await get('untraced/traces');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'TracesNotConfiguredError',
      message:
        'component:default/untraced has no observability/trace-service annotation, so it has no traces',
    });
  });

  it('is 400 naming the annotation for an unknown trace instance', async () => {
    const res = await get('on-unknown/traces');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /observability\/trace-instance names 'nowhere', which is not configured; known trace instances: jaeger, down, hanging/,
    );
  });

  it('is 502 naming the instance when it is unreachable, 504 when it hangs', async () => {
    const down = await get('on-down/traces');
    expect(down.status).toBe(502);
    expect(down.body.error.message).toMatch(
      /^Trace instance 'down' is unreachable/,
    );
    const started = Date.now();
    const stuck = await get('on-hanging/traces');
    expect(stuck.status).toBe(504);
    expect(stuck.body.error.message).toBe(
      "Trace instance 'hanging' did not answer within 1s",
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('is 404 for an entity the caller may not see, and 401 without credentials', async () => {
    const missing = await get('nobody/traces');
    expect(missing.status).toBe(404);
    const anonymous = await request(server)
      .get('/api/observability/entities/component/default/telemetrygen/traces')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it('reports each trace instance and its API in /health', async () => {
    const res = await request(server).get('/api/observability/health');
    expect(res.body.traceInstances).toEqual([
      { name: 'jaeger', type: 'jaeger', status: 'up', api: 'jaeger-api-v3' },
      expect.objectContaining({ name: 'down', status: 'down' }),
      expect.objectContaining({ name: 'hanging', status: 'down' }),
    ]);
    expect(res.body.status).toBe('degraded');
  });

  it('caches a search: the same list twice costs one upstream request', async () => {
    const path = 'telemetrygen/traces?from=5000&to=6000';
    const count = () =>
      jaeger.requests.filter(
        r =>
          r.path === '/api/v3/trace-summaries' &&
          r.params['query.start_time_min'] === '1970-01-01T01:23:20.000Z',
      ).length;
    await get(path);
    await get(path);
    expect(count()).toBe(1);
  });
});
