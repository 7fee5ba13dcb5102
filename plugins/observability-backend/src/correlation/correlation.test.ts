import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  freePort,
  RunningDemoStack,
  startDemoStack,
} from '@internal/demo-stack';
import request from 'supertest';
import { observabilityPlugin } from '../plugin';
import { component, selector } from '../__testUtils__/entities';
import { sqliteDatabaseFactory } from '../__testUtils__/sqliteDatabase';
import { startRecordingProxy } from '../__testUtils__/recordingProxy';
import { startHangingServer } from '../__testUtils__/slowServer';

// A real Prometheus; between it and the backend a pass-through proxy that records the headers
// of each upstream request, which Prometheus itself does not log.
jest.setTimeout(60_000);

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const callerSpan = '00f067aa0ba902b7';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

describe('correlation and request metrics', () => {
  const database = sqliteDatabaseFactory();
  let stack: RunningDemoStack;
  let runDir: string;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  let hanging: Awaited<ReturnType<typeof startHangingServer>>;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const warnings: Array<{ message: string; meta: any }> = [];

  beforeAll(async () => {
    runDir = mkdtempSync(path.join(os.tmpdir(), 'observability-correlation-'));
    stack = await startDemoStack({
      runDir,
      prometheusPort: await freePort(),
      services: [{ name: 'checkout', port: await freePort() }],
      scrapeInterval: '1s',
    });
    proxy = await startRecordingProxy(stack.prometheusUrl);
    hanging = await startHangingServer();
    const logger = mockServices.logger.mock({
      warn: (message: string, meta?: any) => {
        warnings.push({ message, meta });
      },
    });
    logger.child.mockImplementation(() => logger);
    ({ server } = await startTestBackend({
      features: [
        observabilityPlugin,
        await database(),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () =>
            catalogServiceMock({
              entities: [
                component('checkout', selector('checkout')),
                component('stuck', {
                  ...selector('checkout'),
                  'observability/prometheus-instance': 'hanging',
                }),
              ],
            }),
        }),
        logger.factory,
        mockServices.rootConfig.factory({
          data: {
            observability: {
              prometheus: {
                instances: [
                  { name: 'demo', baseUrl: proxy.url, scrapeInterval: '1s' },
                  { name: 'hanging', baseUrl: hanging.url, timeout: '1s' },
                ],
              },
              summaryWindow: '10s',
            },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    await proxy?.close();
    await hanging?.close();
    await stack?.stop();
    rmSync(runDir, { recursive: true, force: true });
  });

  const upstreamTraceparents = (from: number) =>
    proxy.requests
      .slice(from)
      .filter(r => r.url.startsWith('/api/v1/query'))
      .map(r => String(r.headers.traceparent));

  it("sends the caller's trace id upstream on every query of a request, as a child of our span", async () => {
    const before = proxy.requests.length;
    const res = await request(server)
      .get('/api/observability/entities/component/default/checkout/summary')
      .set('traceparent', `00-${traceId}-${callerSpan}-01`);
    expect(res.status).toBe(200);
    const [, answeredTrace, ourSpan] = TRACEPARENT.exec(
      res.headers.traceresponse,
    )!;
    expect(answeredTrace).toBe(traceId);
    expect(ourSpan).not.toBe(callerSpan);
    const sent = upstreamTraceparents(before);
    expect(sent.length).toBeGreaterThan(0);
    for (const header of sent) {
      expect(header).toBe(`00-${traceId}-${ourSpan}-01`);
    }
  });

  it('keeps the trace through the body parser of a request with a body', async () => {
    const before = proxy.requests.length;
    const res = await request(server)
      .post('/api/observability/entities/component/default/checkout/query')
      .set('traceparent', `00-${traceId}-${callerSpan}-01`)
      .send({ query: 'up{job="checkout"}' });
    expect(res.status).toBe(200);
    const sent = upstreamTraceparents(before);
    expect(sent).toHaveLength(1);
    expect(TRACEPARENT.exec(sent[0])![1]).toBe(traceId);
  });

  it('starts a new trace for a request without one, and never reuses it for the next', async () => {
    const before = proxy.requests.length;
    const first = await request(server).get(
      '/api/observability/entities/component/default/checkout/signals?from=1&to=61&step=60',
    );
    const second = await request(server)
      .get(
        '/api/observability/entities/component/default/checkout/signals?from=61&to=121&step=60',
      )
      .set('traceparent', 'not-a-trace');
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const firstTrace = TRACEPARENT.exec(first.headers.traceresponse)![1];
    const secondTrace = TRACEPARENT.exec(second.headers.traceresponse)![1];
    expect(firstTrace).not.toBe(secondTrace);
    const sentTraces = new Set(
      upstreamTraceparents(before).map(h => TRACEPARENT.exec(h)![1]),
    );
    expect(sentTraces).toEqual(new Set([firstTrace, secondTrace]));
  });

  it('logs a request that failed upstream with its trace id, route and duration', async () => {
    const res = await request(server)
      .get('/api/observability/entities/component/default/stuck/summary')
      .set('traceparent', `00-${traceId}-${callerSpan}-01`);
    expect(res.status).toBe(504);
    const line = warnings.find(w => w.meta?.status === 504);
    expect(line).toBeDefined();
    expect(line!.message).toMatch(
      /^GET \/entities\/:kind\/:namespace\/:name\/summary answered 504 in \d+ ms$/,
    );
    expect(line!.meta).toMatchObject({
      traceId,
      route: '/entities/:kind/:namespace/:name/summary',
      durationMs: expect.any(Number),
    });
    expect(line!.meta.durationMs).toBeGreaterThanOrEqual(900);
  });

  it('counts requests by route pattern and status, never by entity name, and the cache size', async () => {
    const res = await request(server).get('/api/observability/metrics');
    expect(res.text).toMatch(
      /^observability_http_request_duration_seconds_count\{method="GET",route="\/entities\/:kind\/:namespace\/:name\/summary",status="200"\} [1-9]/m,
    );
    expect(res.text).toMatch(
      /^observability_http_request_duration_seconds_count\{method="GET",route="\/entities\/:kind\/:namespace\/:name\/summary",status="504"\} 1$/m,
    );
    expect(res.text).not.toMatch(/route="[^"]*checkout/);
    expect(res.text).toMatch(
      /^observability_cache_entries\{cache="prometheus-results"\} [1-9]\d*$/m,
    );
  });
});
