import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RunningDemoStack, startDemoStack } from './demoStack';
import { freePort } from './freePort';
import { eventually } from './eventually';

// The demo's traces end to end, with the real processes: three OpenTelemetry-instrumented demo
// services send spans to the demo trace store (the stand-in for Jaeger), and Debian's Prometheus,
// with exemplar storage on, scrapes their OpenMetrics exemplars.
jest.setTimeout(90_000);

const serviceOf = (rs: any): string =>
  rs.resource.attributes.find((a: any) => a.key === 'service.name')?.value
    .stringValue;

describe('demo stack traces', () => {
  let runDir: string;
  let stack: RunningDemoStack | undefined;

  beforeAll(async () => {
    runDir = mkdtempSync(path.join(os.tmpdir(), 'demo-stack-traces-'));
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
      // The incident all the time: payments fails 30% of its requests and checkout is slow,
      // which the traces must show.
      serviceEnv: {
        DEMO_RATE_MULTIPLIER: '3',
        DEMO_INCIDENT_PERIOD_SECONDS: '600',
        DEMO_INCIDENT_DURATION_SECONDS: '600',
        DEMO_INCIDENT_OFFSET_SECONDS: '0',
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    rmSync(runDir, { recursive: true, force: true });
  });

  it("finds a checkout trace with spans of checkout, payments and inventory in Jaeger's api_v3", async () => {
    const services = await eventually(async () => {
      const params = new URLSearchParams({
        'query.service_name': 'checkout',
        'query.operation_name': 'POST /api/checkout',
        'query.start_time_min': new Date(Date.now() - 60_000).toISOString(),
        'query.start_time_max': new Date(Date.now() + 1_000).toISOString(),
        'query.num_traces': '5',
      });
      const res = await fetch(
        `${stack!.traceStoreUrl}/api/v3/traces?${params}`,
      );
      if (res.status !== 200) return undefined;
      const body = (await res.json()) as any;
      const byTrace = new Map<string, Set<string>>();
      for (const rs of body.result.resourceSpans) {
        const traceId = rs.scopeSpans[0].spans[0].traceId;
        byTrace.set(
          traceId,
          (byTrace.get(traceId) ?? new Set()).add(serviceOf(rs)),
        );
      }
      return [...byTrace.values()].find(s => s.size === 3);
    }, 30_000);
    expect([...services].sort()).toEqual(['checkout', 'inventory', 'payments']);
  });

  it("shows the incident: payments' failures as error spans in checkout's traces, slow checkouts", async () => {
    const search = async (params: Record<string, string>) => {
      const res = await fetch(
        `${stack!.traceStoreUrl}/api/v3/traces?${new URLSearchParams({
          'query.start_time_min': new Date(Date.now() - 60_000).toISOString(),
          'query.start_time_max': new Date(Date.now() + 1_000).toISOString(),
          'query.num_traces': '20',
          ...params,
        })}`,
      );
      return res.status === 200 ? ((await res.json()) as any) : undefined;
    };
    // Checkout's client span to payments fails with payments' 503: the error is in
    // checkout's part of the trace, next to payments' own failed server span.
    const failed = await eventually(async () => {
      const body = await search({
        'query.service_name': 'checkout',
        'query.attributes': '{"error":"true"}',
      });
      const spans = (body?.result.resourceSpans ?? []).map((rs: any) => ({
        service: serviceOf(rs),
        ...rs.scopeSpans[0].spans[0],
      }));
      const payments = spans.find(
        (s: any) => s.service === 'payments' && s.status?.code === 2,
      );
      return payments ? spans : undefined;
    }, 30_000);
    expect(
      failed.some((s: any) => s.service === 'checkout' && s.status?.code === 2),
    ).toBe(true);

    const slow = await eventually(
      () =>
        search({
          'query.service_name': 'checkout',
          'query.operation_name': 'POST /api/checkout',
          'query.duration_min': '500ms',
        }),
      30_000,
    );
    expect(slow.result.resourceSpans.length).toBeGreaterThan(0);
  });

  it("puts trace ids on the latency histogram's exemplars, and those traces are in the store", async () => {
    const traceId = await eventually(async () => {
      const now = Date.now() / 1000;
      const params = new URLSearchParams({
        query: 'http_request_duration_seconds_bucket{job="checkout"}',
        start: String(now - 60),
        end: String(now),
      });
      const body = (await (
        await fetch(`${stack!.prometheusUrl}/api/v1/query_exemplars?${params}`)
      ).json()) as any;
      const exemplar = body.data
        ?.flatMap((s: any) => s.exemplars)
        .find((e: any) => /^[0-9a-f]{32}$/.test(e.labels.trace_id ?? ''));
      return exemplar?.labels.trace_id as string | undefined;
    }, 30_000);
    const found = await eventually(async () => {
      const res = await fetch(
        `${stack!.traceStoreUrl}/api/v3/traces/${traceId}`,
      );
      return res.status === 200 ? ((await res.json()) as any) : undefined;
    }, 10_000);
    expect(found.result.resourceSpans.map(serviceOf)).toContain('checkout');
  });

  it('logs JSON lines with the trace and span ids of slow and failed requests, whose traces the store has', async () => {
    const line = await eventually(async () => {
      const log = readFileSync(path.join(runDir, 'payments.log'), 'utf8');
      return log
        .split('\n')
        .filter(l => l.startsWith('{'))
        .map(l => JSON.parse(l))
        .find(l => l.level === 'error');
    }, 10_000);
    expect(line).toMatchObject({
      service: 'payments',
      status: 503,
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    const found = await eventually(async () => {
      const res = await fetch(
        `${stack!.traceStoreUrl}/api/v3/traces/${line.trace_id}`,
      );
      return res.status === 200 ? ((await res.json()) as any) : undefined;
    }, 10_000);
    const spanIds = found.result.resourceSpans.map(
      (rs: any) => rs.scopeSpans[0].spans[0].spanId,
    );
    expect(spanIds).toContain(line.span_id);
  });
});
