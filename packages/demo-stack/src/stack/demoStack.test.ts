import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RunningDemoStack, startDemoStack } from './demoStack';
import { freePort } from './freePort';
import { eventually } from './eventually';

// Integration test with the real thing: Debian's Prometheus scrapes a real demo service process.
// Both run on free ports in a temporary directory, so a running `make start` is not disturbed.
jest.setTimeout(90_000);

interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

async function instantQuery(
  prometheusUrl: string,
  query: string,
): Promise<VectorSample[]> {
  const url = `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(
    query,
  )}`;
  const body = (await (await fetch(url)).json()) as {
    status: string;
    data: { result: VectorSample[] };
  };
  expect(body.status).toBe('success');
  return body.data.result;
}

describe('demo stack with a real Prometheus', () => {
  let runDir: string;
  let stack: RunningDemoStack | undefined;

  beforeAll(async () => {
    runDir = mkdtempSync(path.join(os.tmpdir(), 'demo-stack-test-'));
    stack = await startDemoStack({
      runDir,
      prometheusPort: await freePort(),
      services: [{ name: 'checkout', port: await freePort() }],
      scrapeInterval: '1s',
      serviceEnv: {
        DEMO_RATE_MULTIPLIER: '3',
        DEMO_INCIDENT_DURATION_SECONDS: '0',
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    rmSync(runDir, { recursive: true, force: true });
  });

  it('scrapes the checkout service: its target is up', async () => {
    const up = await eventually(async () => {
      const result = await instantQuery(
        stack!.prometheusUrl,
        'up{job="checkout"}',
      );
      return result.length === 1 ? result[0] : undefined;
    }, 30_000);
    expect(up.metric).toMatchObject({ job: 'checkout', namespace: 'shop' });
    expect(up.value[1]).toBe('1');
  });

  it('has the request counter with route, method and status code labels', async () => {
    const series = await eventually(async () => {
      const result = await instantQuery(
        stack!.prometheusUrl,
        'http_requests_total{job="checkout"}',
      );
      return result.length >= 3 ? result : undefined;
    }, 30_000);
    const routes = new Set(series.map(s => s.metric.route));
    expect(routes).toEqual(
      new Set(['/api/cart', '/api/cart/items', '/api/checkout']),
    );
    for (const s of series) {
      expect(s.metric).toMatchObject({
        job: 'checkout',
        namespace: 'shop',
        service: 'checkout',
      });
      expect(['GET', 'POST']).toContain(s.metric.method);
      expect(s.metric.status_code).toMatch(/^[2-5]\d\d$/);
      expect(Number(s.value[1])).toBeGreaterThan(0);
    }
  });

  it('has the duration histogram, and a p99 can be computed from it', async () => {
    const buckets = await instantQuery(
      stack!.prometheusUrl,
      'http_request_duration_seconds_bucket{job="checkout", route="/api/cart", method="GET", status_code="200"}',
    );
    const les = buckets.map(b => b.metric.le);
    expect(les).toEqual(expect.arrayContaining(['0.1', '0.3', '1', '+Inf']));

    // rate() needs two scrapes; with a 1s scrape interval that is quick.
    const p99 = await eventually(async () => {
      const result = await instantQuery(
        stack!.prometheusUrl,
        'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="checkout"}[10s])))',
      );
      const value = result[0] ? Number(result[0].value[1]) : NaN;
      return Number.isFinite(value) && value > 0 ? value : undefined;
    }, 30_000);
    expect(p99).toBeGreaterThan(0.005);
    expect(p99).toBeLessThan(10);
  });

  it('has the in-flight gauge and default process metrics', async () => {
    const gauge = await instantQuery(
      stack!.prometheusUrl,
      'http_requests_in_flight{job="checkout"}',
    );
    expect(gauge.length).toBeGreaterThan(0);
    const cpu = await instantQuery(
      stack!.prometheusUrl,
      'process_cpu_seconds_total{job="checkout"}',
    );
    expect(cpu).toHaveLength(1);
  });

  it("loads the portal's rule directory and no rules of its own", async () => {
    const status = (await (
      await fetch(`${stack!.prometheusUrl}/api/v1/status/config`)
    ).json()) as { data: { yaml: string } };
    expect(status.data.yaml).toContain('/rules/portal/*.yml');
    const res = await fetch(`${stack!.prometheusUrl}/api/v1/rules`);
    const body = (await res.json()) as { data: { groups: unknown[] } };
    // Until the portal delivers, the demo Prometheus evaluates nothing.
    expect(body.data.groups).toEqual([]);
  });
});
