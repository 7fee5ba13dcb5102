import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SERVICE_NAME } from './config';
import { createLogger } from './logger';
import { LATENCY_THRESHOLD_SECONDS } from './metrics';
import {
  createServer,
  MAX_NAME_LENGTH,
  ServerOptions,
  simulatedWorkMs,
  UNMATCHED_ROUTE,
} from './server';
import {
  listen,
  parseExposition,
  request,
  samplesOf,
  until,
} from './testSupport';

/** A server on a free port with its log lines captured; stopped after the test. */
async function started(
  t: { after(fn: () => Promise<unknown>): void },
  options: ServerOptions = {},
) {
  const lines: Array<Record<string, unknown>> = [];
  const service = createServer({
    logger: createLogger({
      level: 'debug',
      write: line => lines.push(JSON.parse(line)),
    }),
    ...options,
  });
  const url = await listen(service.server);
  t.after(() => service.shutdown());
  return { service, url, lines };
}

const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

describe('routes', () => {
  it('GET / describes the service and links its endpoints', async t => {
    const { url } = await started(t);
    const res = await request(`${url}/`);
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = json(res.body);
    assert.equal(body.name, SERVICE_NAME);
    assert.equal(typeof body.description, 'string');
    assert.deepEqual(Object.values(body.links as object).sort(), [
      '/api/hello?name=you',
      '/api/work',
      '/health/live',
      '/health/ready',
      '/metrics',
    ]);
  });

  it('GET /api/hello greets by name, the world by default', async t => {
    const { url } = await started(t);
    const named = await request(`${url}/api/hello?name=Ada`);
    assert.equal(named.status, 200);
    assert.deepEqual(json(named.body), { message: 'Hello, Ada!' });
    const unnamed = await request(`${url}/api/hello`);
    assert.deepEqual(json(unnamed.body), { message: 'Hello, world!' });
  });

  it(`GET /api/hello answers 400 with a JSON error for a name over ${MAX_NAME_LENGTH} characters`, async t => {
    const { url } = await started(t);
    const longest = await request(
      `${url}/api/hello?name=${'a'.repeat(MAX_NAME_LENGTH)}`,
    );
    assert.equal(longest.status, 200);
    const tooLong = await request(
      `${url}/api/hello?name=${'a'.repeat(MAX_NAME_LENGTH + 1)}`,
    );
    assert.equal(tooLong.status, 400);
    assert.match(String(tooLong.headers['content-type']), /^application\/json/);
    assert.match(String(json(tooLong.body).error), /at most 100 characters/);
  });

  it('answers 404 with a JSON error for an unknown path, 405 for a wrong method', async t => {
    const { url } = await started(t);
    const missing = await request(`${url}/no/such/path`);
    assert.equal(missing.status, 404);
    assert.deepEqual(json(missing.body), { error: 'not found' });
    const wrongMethod = await request(`${url}/api/hello`, { method: 'POST' });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.allow, 'GET, HEAD');
    assert.deepEqual(json(wrongMethod.body), { error: 'method not allowed' });
  });

  it('GET /api/work takes the time its work takes', async t => {
    const { url } = await started(t, { workMs: () => 60 });
    const start = Date.now();
    const res = await request(`${url}/api/work`);
    assert.equal(res.status, 200);
    assert.deepEqual(json(res.body), { worked_ms: 60 });
    assert.ok(Date.now() - start >= 55, 'answered before the work was done');
  });

  it('the example work takes 10 to 400 ms, mostly short with a tail', () => {
    const samples = Array.from({ length: 5000 }, () => simulatedWorkMs()).sort(
      (a, b) => a - b,
    );
    assert.ok(samples[0] >= 10 && samples[samples.length - 1] <= 400);
    const median = samples[2500];
    const p99 = samples[4950];
    assert.ok(median > 25 && median < 60, `median ${median}`);
    assert.ok(p99 > 150 && p99 < 400, `p99 ${p99}`);
  });
});

describe('health', () => {
  it('GET /health/live and /health/ready answer 200 while serving', async t => {
    const { url } = await started(t);
    const live = await request(`${url}/health/live`);
    assert.equal(live.status, 200);
    assert.deepEqual(json(live.body), { status: 'ok' });
    const ready = await request(`${url}/health/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(json(ready.body), { status: 'ready' });
  });

  it('GET /health/ready answers 503 once shutdown starts, /health/live still 200', async t => {
    const { service, url } = await started(t, { shutdownDelayMs: 500 });
    const stopping = service.shutdown();
    assert.equal(service.isReady(), false);
    const ready = await request(`${url}/health/ready`);
    assert.equal(ready.status, 503);
    assert.deepEqual(json(ready.body), { status: 'shutting down' });
    assert.equal(ready.headers.connection, 'close');
    const live = await request(`${url}/health/live`);
    assert.equal(live.status, 200);
    await stopping;
  });
});

describe('metrics', () => {
  it('GET /metrics serves the prom-client-http metrics in OpenMetrics format', async t => {
    const { url } = await started(t, { workMs: () => 20 });
    await request(`${url}/api/hello?name=Ada`);
    await request(`${url}/api/hello?name=${'a'.repeat(MAX_NAME_LENGTH + 1)}`);
    await request(`${url}/api/work`);
    await request(`${url}/nope`);

    const res = await request(`${url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(
      String(res.headers['content-type']),
      /^application\/openmetrics-text; version=1\.0\.0/,
    );
    assert.ok(res.body.endsWith('# EOF\n'), 'OpenMetrics ends with # EOF');
    assert.match(res.body, /^# TYPE http_requests counter$/m);
    assert.match(res.body, /^# TYPE http_request_duration_seconds histogram$/m);
    assert.match(res.body, /^# TYPE http_requests_in_flight gauge$/m);

    const samples = parseExposition(res.body);
    const requests = samplesOf(samples, 'http_requests_total');
    assert.deepEqual(
      requests.map(s => s.labels).sort((a, b) => a.route.localeCompare(b.route) || a.status_code.localeCompare(b.status_code)),
      [
        { method: 'GET', route: '/api/hello', status_code: '200' },
        { method: 'GET', route: '/api/hello', status_code: '400' },
        { method: 'GET', route: '/api/work', status_code: '200' },
        { method: 'GET', route: UNMATCHED_ROUTE, status_code: '404' },
      ],
    );
    assert.ok(requests.every(s => s.value === 1));

    // The latency threshold is a bucket bound, with the same labels as the counter.
    const threshold = samplesOf(samples, 'http_request_duration_seconds_bucket', {
      le: String(LATENCY_THRESHOLD_SECONDS),
      method: 'GET',
      route: '/api/hello',
      status_code: '200',
    });
    assert.equal(threshold.length, 1, `no le="${LATENCY_THRESHOLD_SECONDS}" bucket`);
    assert.equal(threshold[0].value, 1);
    assert.equal(
      samplesOf(samples, 'http_request_duration_seconds_count', {
        route: '/api/work',
      })[0]?.value,
      1,
    );

    const inFlight = samplesOf(samples, 'http_requests_in_flight');
    assert.ok(inFlight.length > 0);
    for (const s of inFlight) {
      assert.deepEqual(Object.keys(s.labels).sort(), ['method', 'route']);
      assert.equal(s.value, 0);
    }

    // Process metrics for the profile's saturation signal.
    assert.equal(samplesOf(samples, 'process_cpu_seconds_total').length, 1);
    // Probes and scrapes are not traffic.
    assert.equal(samplesOf(samples, 'http_requests_total', { route: '/metrics' }).length, 0);
  });

  it('labels requests by route template, every unknown path as one "unmatched" series', async t => {
    const { url } = await started(t);
    for (let i = 0; i < 20; i += 1) await request(`${url}/random/${i}?q=${i}`);
    await request(`${url}/api/hello?name=x`);
    await request(`${url}/api/hello?name=y`);
    const samples = parseExposition((await request(`${url}/metrics`)).body);
    const routes = samplesOf(samples, 'http_requests_total').map(s => [
      s.labels.route,
      s.value,
    ]);
    assert.deepEqual(routes.sort(), [
      ['/api/hello', 2],
      [UNMATCHED_ROUTE, 20],
    ]);
  });

  it('http_requests_in_flight counts the requests being handled', async t => {
    const { service, url } = await started(t, { workMs: () => 300 });
    const working = request(`${url}/api/work`);
    await until('the request to be in flight', () => service.inFlight() === 1);
    const during = parseExposition((await request(`${url}/metrics`)).body);
    assert.equal(
      samplesOf(during, 'http_requests_in_flight', { method: 'GET', route: '/api/work' })[0]
        ?.value,
      1,
    );
    await working;
    const after = parseExposition((await request(`${url}/metrics`)).body);
    assert.equal(
      samplesOf(after, 'http_requests_in_flight', { method: 'GET', route: '/api/work' })[0]
        ?.value,
      0,
    );
  });
});

describe('access log', () => {
  it('writes one JSON line per request, without trace ids when tracing is off', async t => {
    const { url, lines } = await started(t);
    await request(`${url}/api/hello?name=Ada`);
    await request(`${url}/nope`);
    await until('two access-log lines', () => lines.length >= 2);
    assert.equal(lines.length, 2);
    const [hello, missing] = lines;
    assert.equal(hello.level, 'info');
    assert.equal(hello.msg, 'GET /api/hello 200');
    assert.equal(hello.route, '/api/hello');
    assert.equal(hello.path, '/api/hello');
    assert.equal(hello.status, 200);
    assert.equal(typeof hello.duration_ms, 'number');
    assert.equal(typeof hello.time, 'string');
    assert.ok(!('trace_id' in hello) && !('span_id' in hello));
    assert.equal(missing.route, UNMATCHED_ROUTE);
    assert.equal(missing.status, 404);
  });

  it('logs probes and scrapes at debug level', async t => {
    const { url, lines } = await started(t);
    await request(`${url}/health/live`);
    await request(`${url}/metrics`);
    await until('two access-log lines', () => lines.length >= 2);
    assert.deepEqual(
      lines.map(l => [l.level, l.route]),
      [
        ['debug', '/health/live'],
        ['debug', '/metrics'],
      ],
    );
  });
});

describe('shutdown', () => {
  it('stops accepting connections and lets in-flight requests finish', async t => {
    const { service, url, lines } = await started(t, { workMs: () => 400 });
    const working = request(`${url}/api/work`);
    await until('the request to be in flight', () => service.inFlight() === 1);

    const stopping = service.shutdown();
    await until('the listener to close', () => !service.server.listening);
    await assert.rejects(request(`${url}/health/live`), { code: 'ECONNREFUSED' });

    const res = await working;
    assert.equal(res.status, 200);
    assert.deepEqual(json(res.body), { worked_ms: 400 });
    assert.deepEqual(await stopping, { drained: true, abandoned: 0 });
    assert.equal(service.shutdown(), stopping, 'shutdown runs once');
    const steps = lines.map(l => l.msg).filter(m => String(m).startsWith('shutdown:'));
    assert.deepEqual(steps, [
      'shutdown: readiness answers 503 from now on',
      'shutdown: stopped accepting connections',
      'shutdown: in-flight requests finished',
    ]);
    assert.equal(lines.find(l => l.msg === 'shutdown: stopped accepting connections')?.in_flight, 1);
  });

  it('closes requests still running after the drain timeout', async t => {
    const { service, url } = await started(t, { workMs: () => 5_000, drainTimeoutMs: 100 });
    const working = request(`${url}/api/work`);
    await until('the request to be in flight', () => service.inFlight() === 1);
    const start = Date.now();
    assert.deepEqual(await service.shutdown(), { drained: false, abandoned: 1 });
    assert.ok(Date.now() - start < 2_000, 'waited longer than the drain timeout');
    await assert.rejects(working, { code: 'ECONNRESET' });
  });
});
