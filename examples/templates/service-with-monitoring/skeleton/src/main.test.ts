import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SERVICE_NAME } from './config';
import {
  listen,
  parseExposition,
  request,
  samplesOf,
  until,
} from './testSupport';

/*
 * The service as it runs: `node dist/main.js` in a child process, on a free port.
 */

type Line = Record<string, unknown>;
type After = { after(fn: () => unknown): void };

interface Running {
  child: ChildProcess;
  url: string;
  lines: Line[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  line(what: string, predicate: (line: Line) => boolean): Promise<Line>;
}

function run(t: After, env: Record<string, string>): Running {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')),
  );
  const child = spawn(process.execPath, [join(__dirname, 'main.js')], {
    env: { ...inherited, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  let stderr = '';
  let buffered = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const text of complete) {
      if (text.trim()) lines.push(JSON.parse(text));
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(child, 'close').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const line = (what: string, predicate: (line: Line) => boolean) =>
    until(
      `${what} (stdout so far: ${JSON.stringify(lines)}, stderr: ${stderr})`,
      () => lines.find(predicate),
      10_000,
    );
  return { child, url: '', lines, exited, line };
}

async function started(t: After, env: Record<string, string> = {}): Promise<Running> {
  const running = run(t, env);
  const listening = await running.line('the service to listen', l => l.msg === 'listening');
  return { ...running, url: `http://127.0.0.1:${listening.port}` };
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: { stringValue?: string } }>;
}

/** A stand-in OTLP/HTTP endpoint (JSON) that keeps every span it is sent. */
async function collector(t: After) {
  const spans: Array<{ resource: Record<string, string | undefined>; span: OtlpSpan }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const rs of body.resourceSpans ?? []) {
          const resource = Object.fromEntries(
            (rs.resource?.attributes ?? []).map(
              (a: { key: string; value: { stringValue?: string } }) => [a.key, a.value.stringValue],
            ),
          );
          for (const ss of rs.scopeSpans ?? []) {
            for (const span of ss.spans ?? []) spans.push({ resource, span });
          }
        }
      }
      res.setHeader('Content-Type', 'application/json');
      res.end('{}');
    });
  });
  const url = await listen(server);
  t.after(() => new Promise(resolve => server.close(resolve)));
  return { url, spans };
}

describe('node dist/main.js', () => {
  it('continues the caller\'s W3C trace: the log line, the exemplar and the exported span carry its trace id', async t => {
    const otlp = await collector(t);
    const service = await started(t, {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${otlp.url}/v1/traces`,
    });
    await service.line('tracing on', l => l.msg === 'tracing on');

    const traceId = randomBytes(16).toString('hex');
    const parentSpanId = randomBytes(8).toString('hex');
    const res = await request(`${service.url}/api/hello?name=trace`, {
      headers: { traceparent: `00-${traceId}-${parentSpanId}-01` },
    });
    assert.equal(res.status, 200);
    // Neither is traced.
    assert.equal((await request(`${service.url}/health/ready`)).status, 200);

    const log = await service.line('the access-log line', l => l.msg === 'GET /api/hello 200');
    assert.equal(log.trace_id, traceId);
    assert.match(String(log.span_id), /^[0-9a-f]{16}$/);
    assert.notEqual(log.span_id, parentSpanId);

    const samples = parseExposition((await request(`${service.url}/metrics`)).body);
    const withExemplar = samplesOf(samples, 'http_request_duration_seconds_bucket', {
      route: '/api/hello',
    }).filter(s => s.exemplar);
    assert.ok(withExemplar.length > 0, 'no exemplar on http_request_duration_seconds');
    assert.deepEqual(withExemplar[0].exemplar, { trace_id: traceId, span_id: log.span_id });

    // Shutdown flushes the spans still queued.
    service.child.kill('SIGTERM');
    assert.deepEqual(await service.exited, { code: 0, signal: null });
    assert.equal(otlp.spans.length, 1, `spans: ${JSON.stringify(otlp.spans)}`);
    const [{ resource, span }] = otlp.spans;
    assert.equal(span.traceId, traceId);
    assert.equal(span.parentSpanId, parentSpanId);
    assert.equal(span.spanId, log.span_id);
    assert.equal(span.name, 'GET /api/hello');
    assert.equal(span.kind, 2, 'a server span');
    assert.equal(
      span.attributes.find(a => a.key === 'http.route')?.value.stringValue,
      '/api/hello',
    );
    assert.equal(resource['service.name'], SERVICE_NAME);
  });

  it('on SIGTERM finishes the in-flight /api/work requests, then exits 0', async t => {
    const service = await started(t);
    const total = 20;
    const working = Array.from({ length: total }, () => request(`${service.url}/api/work`));
    // Signal only once every request has reached the server and some are still being worked on.
    await until('the requests to reach the service', async () => {
      const samples = parseExposition((await request(`${service.url}/metrics`)).body);
      const inFlight =
        samplesOf(samples, 'http_requests_in_flight', { route: '/api/work' })[0]?.value ?? 0;
      const done = samplesOf(samples, 'http_requests_total', { route: '/api/work' }).reduce(
        (sum, s) => sum + s.value,
        0,
      );
      return inFlight > 0 && inFlight + done === total ? true : undefined;
    });
    service.child.kill('SIGTERM');

    const responses = await Promise.all(working);
    for (const res of responses) {
      assert.equal(res.status, 200);
      assert.equal(typeof JSON.parse(res.body).worked_ms, 'number');
    }
    assert.deepEqual(await service.exited, { code: 0, signal: null });

    const steps = service.lines.filter(l => String(l.msg).startsWith('shutdown:'));
    assert.deepEqual(
      steps.map(l => l.msg),
      [
        'shutdown: signal received',
        'shutdown: readiness answers 503 from now on',
        'shutdown: stopped accepting connections',
        'shutdown: in-flight requests finished',
        'shutdown: flushing and stopping tracing',
        'shutdown: tracing stopped',
        'shutdown: done, exiting',
      ],
    );
    assert.equal(steps[0].signal, 'SIGTERM');
    assert.ok(Number(steps[2].in_flight) > 0, 'SIGTERM came after the requests were done');
    const finished = service.lines.indexOf(steps[3]);
    const workLines = service.lines.filter(l => l.msg === 'GET /api/work 200');
    assert.equal(workLines.length, total);
    assert.ok(workLines.every(l => service.lines.indexOf(l) < finished));
  });

  it('exits 0 on SIGINT', async t => {
    const service = await started(t);
    service.child.kill('SIGINT');
    assert.deepEqual(await service.exited, { code: 0, signal: null });
    assert.equal(
      service.lines.find(l => l.msg === 'shutdown: signal received')?.signal,
      'SIGINT',
    );
  });

  it('refuses an invalid PORT with exit code 1', async t => {
    const service = run(t, { PORT: 'eighty' });
    assert.deepEqual(await service.exited, { code: 1, signal: null });
    assert.ok(service.lines.some(l => l.msg === 'invalid configuration' && l.level === 'error'));
  });
});
