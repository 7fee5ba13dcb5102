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

/*
 * The trace routes end to end with real processes: three OpenTelemetry-instrumented demo
 * services, the demo trace store (the stand-in for Jaeger: no Jaeger can run here) and Debian's
 * Prometheus with exemplar storage. The backend detects api_v3, falls back from trace-summaries
 * (the store lacks it, like Jaeger before 2.19) and groups the merged spans itself.
 */
jest.setTimeout(120_000);

const traced = (name: string, service: string) =>
  component(name, {
    ...selector(name),
    'observability/trace-service': service,
  });

describe('trace routes against the demo trace store', () => {
  const database = sqliteDatabaseFactory();
  let runDir: string;
  let stack: RunningDemoStack;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    runDir = mkdtempSync(path.join(os.tmpdir(), 'observability-traces-'));
    stack = await startDemoStack({
      runDir,
      prometheusPort: await freePort(),
      traceStorePort: await freePort(),
      services: [
        { name: 'checkout', port: await freePort() },
        { name: 'payments', port: await freePort() },
        { name: 'inventory', port: await freePort() },
      ],
      scrapeInterval: '1s',
      serviceEnv: {
        DEMO_RATE_MULTIPLIER: '3',
        DEMO_INCIDENT_DURATION_SECONDS: '0',
      },
    });
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
                traced('checkout', 'checkout'),
                traced('payments', 'payments'),
                traced('billing', 'billing'),
              ],
            }),
        }),
        mockServices.rootConfig.factory({
          data: {
            observability: {
              prometheus: {
                instances: [
                  {
                    name: 'demo',
                    baseUrl: stack.prometheusUrl,
                    scrapeInterval: '1s',
                  },
                ],
              },
              traces: {
                instances: [
                  {
                    name: 'demo-store',
                    type: 'jaeger',
                    baseUrl: stack.traceStoreUrl!,
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
    await stack?.stop();
    rmSync(runDir, { recursive: true, force: true });
  });

  const get = (p: string) =>
    request(server).get(`/api/observability/entities/component/default/${p}`);

  async function crossServiceTrace(): Promise<string> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await get(
        'checkout/traces?operation=POST%20/api/checkout&limit=10',
      );
      const found = res.body.traces?.find((t: any) => t.services.length === 3);
      if (found) return found.traceId;
      if (Date.now() > deadline)
        throw new Error(
          `no cross-service trace: ${res.status} ${JSON.stringify(
            res.body,
          ).slice(0, 300)}`,
        );
      await new Promise(r => setTimeout(r, 1000));
    }
  }

  it("lists checkout's traces and opens one whole: spans of checkout, payments and inventory", async () => {
    const traceId = await crossServiceTrace();
    const res = await get(`checkout/traces/${traceId}`);
    expect(res.status).toBe(200);
    const services = new Set(res.body.spans.map((s: any) => s.service));
    expect([...services].sort()).toEqual(['checkout', 'inventory', 'payments']);
    // A span's parent is in the trace: the tree is whole.
    const ids = new Set(res.body.spans.map((s: any) => s.spanId));
    expect(
      res.body.spans.filter(
        (s: any) => s.parentSpanId && !ids.has(s.parentSpanId),
      ),
    ).toEqual([]);
    // payments has a span in it, so it is payments' trace too; billing has none: 404.
    expect((await get(`payments/traces/${traceId}`)).status).toBe(200);
    expect((await get(`billing/traces/${traceId}`)).status).toBe(404);
  });

  it("answers exemplars of checkout's latency histogram whose trace ids open a trace", async () => {
    const deadline = Date.now() + 30_000;
    let exemplar: any;
    while (!exemplar) {
      const res = await get('checkout/exemplars');
      expect(res.status).toBe(200);
      exemplar = res.body.exemplars.at(-1);
      if (!exemplar && Date.now() > deadline)
        throw new Error(JSON.stringify(res.body));
      if (!exemplar) await new Promise(r => setTimeout(r, 1000));
    }
    expect(exemplar.labels.job).toBe('checkout');
    expect(exemplar.value).toBeGreaterThan(0);
    const trace = await get(`checkout/traces/${exemplar.traceId}`);
    expect([200, 404]).toContain(trace.status);
    // The exemplar's request may still be in the exporter's batch: wait for it.
    let status = trace.status;
    for (let i = 0; status !== 200 && i < 10; i++) {
      await new Promise(r => setTimeout(r, 1000));
      status = (await get(`checkout/traces/${exemplar.traceId}`)).status;
    }
    expect(status).toBe(200);
  });

  it('lists operations and reports api_v3 in /health', async () => {
    const ops = await get('checkout/traces/operations');
    expect(ops.body.operations).toContain('POST /api/checkout');
    const health = await request(server).get('/api/observability/health');
    expect(health.body.traceInstances).toEqual([
      {
        name: 'demo-store',
        type: 'jaeger',
        status: 'up',
        api: 'jaeger-api-v3',
      },
    ]);
  });
});
