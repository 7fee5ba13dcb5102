import { trace } from '@opentelemetry/api';
import { startDemoServer, DemoServer } from './demoServer';
import { getDemoService } from './serviceCatalog';

const noIncident = { periodSeconds: 600, durationSeconds: 0, offsetSeconds: 0 };
const alwaysIncident = {
  periodSeconds: 600,
  durationSeconds: 600,
  offsetSeconds: 0,
};

describe('startDemoServer', () => {
  let server: DemoServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const call = (method: string, path: string) =>
    fetch(`http://127.0.0.1:${server!.port}${path}`, { method });

  it('records requests by route template, method and status code', async () => {
    server = await startDemoServer({
      definition: getDemoService('inventory'),
      port: 0,
      schedule: noIncident,
      random: () => 0.5, // no errors: 0.5 is above every error ratio
    });

    expect((await call('GET', '/api/items/42')).status).toBe(200);
    expect((await call('GET', '/api/items/7')).status).toBe(200);
    expect((await call('PUT', '/api/items/7/stock')).status).toBe(200);
    expect((await call('GET', '/nope')).status).toBe(404);

    const metrics = await (await call('GET', '/metrics')).text();
    expect(metrics).toContain(
      'http_requests_total{method="GET",route="/api/items/:id",status_code="200",service="inventory"} 2',
    );
    expect(metrics).toContain(
      'http_requests_total{method="PUT",route="/api/items/:id/stock",status_code="200",service="inventory"} 1',
    );
    expect(metrics).toMatch(
      /http_request_duration_seconds_bucket\{le="0\.3",service="inventory",method="GET",route="\/api\/items\/:id",status_code="200"\} 2/,
    );
    expect(metrics).toContain('# TYPE http_requests_in_flight gauge');
    expect(metrics).toContain('process_cpu_seconds_total');
    // Unknown paths are not recorded: they would only add cardinality.
    expect(metrics).not.toContain('/nope');
  });

  it('answers 503 for a share of payments requests during an incident', async () => {
    let i = 0;
    // Alternate rolls below and above the 30% incident error ratio.
    const rolls = [0.1, 0.9];
    server = await startDemoServer({
      definition: getDemoService('payments'),
      port: 0,
      schedule: alwaysIncident,
      random: () => rolls[i++ % 2],
    });

    const statuses: number[] = [];
    for (let n = 0; n < 6; n += 1) {
      statuses.push((await call('POST', '/api/payments')).status);
    }
    expect(statuses).toContain(503);
    expect(statuses.some(s => s < 500)).toBe(true);
    const metrics = await (await call('GET', '/metrics')).text();
    expect(metrics).toMatch(
      /http_requests_total\{method="POST",route="\/api\/payments",status_code="503",service="payments"\} \d+/,
    );
  });

  it('is slower during a checkout incident', async () => {
    const time = async (schedule: typeof noIncident) => {
      server = await startDemoServer({
        definition: getDemoService('checkout'),
        port: 0,
        schedule,
        random: () => 0.5,
      });
      const started = Date.now();
      await call('GET', '/api/cart');
      const elapsed = Date.now() - started;
      await server.close();
      server = undefined;
      return elapsed;
    };
    const calm = await time(noIncident);
    const spike = await time(alwaysIncident);
    expect(spike).toBeGreaterThan(calm * 3);
  });

  it("calls payments and inventory inside a checkout, leaving checkout's own answer as it was", async () => {
    const peers: DemoServer[] = [];
    try {
      for (const name of ['payments', 'inventory']) {
        peers.push(
          await startDemoServer({
            definition: getDemoService(name),
            port: 0,
            schedule: noIncident,
            random: () => 0.5,
          }),
        );
      }
      server = await startDemoServer({
        definition: getDemoService('checkout'),
        port: 0,
        schedule: noIncident,
        random: () => 0.5,
        peers: {
          payments: `http://127.0.0.1:${peers[0].port}`,
          inventory: `http://127.0.0.1:${peers[1].port}`,
        },
      });
      expect((await call('POST', '/api/checkout')).status).toBe(201);
      // The cart is not a checkout: it calls nobody.
      expect((await call('GET', '/api/cart')).status).toBe(200);
      const text = async (peer: DemoServer) =>
        (await fetch(`http://127.0.0.1:${peer.port}/metrics`)).text();
      expect(await text(peers[0])).toMatch(
        /http_requests_total\{method="POST",route="\/api\/payments",status_code="201",service="payments"\} 1\n/,
      );
      expect(await text(peers[1])).toMatch(
        /http_requests_total\{method="GET",route="\/api\/items\/:id",status_code="200",service="inventory"\} 1\n/,
      );

      // A peer that is down changes nothing in checkout's answer or metrics.
      await peers[0].close();
      peers.shift();
      expect((await call('POST', '/api/checkout')).status).toBe(201);
      const metrics = await (await call('GET', '/metrics')).text();
      expect(metrics).toMatch(
        /http_requests_total\{method="POST",route="\/api\/checkout",status_code="201",service="checkout"\} 2\n/,
      );
    } finally {
      await Promise.all(peers.map(p => p.close()));
    }
  });

  it("serves OpenMetrics with the request span's trace id as an exemplar, names the span by route, marks 5xx as errors and logs them", async () => {
    const span = {
      spanContext: () => ({
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        traceFlags: 1,
      }),
      updateName: jest.fn(),
      setAttribute: jest.fn(),
      setStatus: jest.fn(),
    };
    const spy = jest.spyOn(trace, 'getActiveSpan').mockReturnValue(span as any);
    const lines: string[] = [];
    try {
      server = await startDemoServer({
        definition: getDemoService('payments'),
        port: 0,
        schedule: alwaysIncident,
        random: () => 0.1, // below the incident's 30% error ratio: a 503
        log: line => lines.push(line),
      });
      expect((await call('POST', '/api/payments')).status).toBe(503);
      const res = await fetch(`http://127.0.0.1:${server.port}/metrics`, {
        headers: { Accept: 'application/openmetrics-text; version=1.0.0' },
      });
      expect(res.headers.get('content-type')).toContain(
        'application/openmetrics-text',
      );
      expect(await res.text()).toMatch(
        /http_request_duration_seconds_bucket\{le="[^"]+",service="payments",method="POST",route="\/api\/payments",status_code="503"\} 1 # \{trace_id="0af7651916cd43dd8448eb211c80319c",span_id="b7ad6b7169203331"\} [\d.e-]+ \d+/,
      );
      expect(span.updateName).toHaveBeenCalledWith('POST /api/payments');
      expect(span.setAttribute).toHaveBeenCalledWith(
        'http.route',
        '/api/payments',
      );
      expect(span.setStatus).toHaveBeenCalledWith({
        code: 2,
        message: 'HTTP 503',
      });
      expect(lines.map(l => JSON.parse(l))).toEqual([
        expect.objectContaining({
          level: 'error',
          service: 'payments',
          status: 503,
          trace_id: '0af7651916cd43dd8448eb211c80319c',
          span_id: 'b7ad6b7169203331',
        }),
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});
