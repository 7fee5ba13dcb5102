import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  jaegerV1Error,
  jaegerV1Trace,
  KIND_NAMES,
  otlpResult,
} from './jaegerViews';
import { MalformedOtlpError, SpanStore } from './spanStore';

/*
 * The demo's trace store over HTTP — a STAND-IN FOR JAEGER, demo only (see spanStore.ts).
 *   POST /v1/traces                 OTLP/HTTP JSON from the demo services
 *   GET  /api/v3/services           {services}
 *   GET  /api/v3/operations         ?service&span_kind → {operations: [{name, spanKind}]}
 *   GET  /api/v3/traces             Jaeger's search parameters (snake_case) → {result}, or
 *                                   Jaeger's 404 {"error":{"httpCode":404,"message":"No traces found"}}
 *   GET  /api/v3/traces/{id}        {result}, or the same 404
 *   GET  /api/traces/{id}           Jaeger v1's {data: [Trace]}
 *   GET  /                          a page saying what this is
 * Anything else answers Go's plain "404 page not found", as Jaeger does for routes it lacks
 * (it has no /api/v3/trace-summaries, so the plugin falls back to /api/v3/traces here).
 */

const MAX_BODY = 8 * 1024 * 1024;
const NOT_FOUND = { error: { httpCode: 404, message: 'No traces found' } };

class BadRequest extends Error {}

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n, // U+00B5, micro sign
  μs: 1000n, // U+03BC, Greek mu: Go takes both
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** A Go duration (`250ms`, `1.5s`, `1m30s`, `0`) in nanoseconds. */
export function parseGoDuration(text: string): bigint {
  if (text === '0') return 0n;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/g)];
  if (!parts.length || parts.map(p => p[0]).join('') !== text) {
    throw new BadRequest(`invalid duration '${text}'`);
  }
  return parts.reduce(
    (sum, [, n, unit]) =>
      sum + BigInt(Math.round(Number(n) * Number(UNITS[unit]))),
    0n,
  );
}

function rfc3339Nanos(text: string | null, name: string): bigint {
  const ms = text ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) {
    throw new BadRequest(`${name} must be an RFC 3339 time, got '${text}'`);
  }
  return BigInt(ms) * 1_000_000n;
}

export interface TraceStoreServer {
  url: string;
  store: SpanStore;
  close(): Promise<void>;
}

export async function startTraceStoreServer(options: {
  port: number;
  host?: string;
  maxSpans?: number;
}): Promise<TraceStoreServer> {
  const store = new SpanStore(options.maxSpans);

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const search = (q: URLSearchParams) => {
    const service = q.get('query.service_name') ?? q.get('query.serviceName');
    if (!service) throw new BadRequest('query.service_name is required');
    const min = rfc3339Nanos(
      q.get('query.start_time_min') ?? q.get('query.startTimeMin'),
      'query.start_time_min',
    );
    const max = rfc3339Nanos(
      q.get('query.start_time_max') ?? q.get('query.startTimeMax'),
      'query.start_time_max',
    );
    if (max < min) {
      throw new BadRequest(
        'query.start_time_max must be after query.start_time_min',
      );
    }
    const durMin = q.get('query.duration_min') ?? q.get('query.durationMin');
    const durMax = q.get('query.duration_max') ?? q.get('query.durationMax');
    let attributes: Record<string, string> = {};
    const rawAttributes = q.get('query.attributes');
    if (rawAttributes) {
      try {
        attributes = JSON.parse(rawAttributes);
      } catch {
        throw new BadRequest('query.attributes must be a JSON object');
      }
      if (
        typeof attributes !== 'object' ||
        attributes === null ||
        Array.isArray(attributes)
      ) {
        throw new BadRequest('query.attributes must be a JSON object');
      }
    }
    // Jaeger's default search depth is 100 traces.
    const limit = Number(
      q.get('query.num_traces') ??
        q.get('query.search_depth') ??
        q.get('query.searchDepth') ??
        100,
    );
    return store.find({
      service,
      operation:
        q.get('query.operation_name') ??
        q.get('query.operationName') ??
        undefined,
      startMinNs: min,
      startMaxNs: max,
      durationMinNs: durMin ? parseGoDuration(durMin) : undefined,
      durationMaxNs: durMax ? parseGoDuration(durMax) : undefined,
      attributes,
      limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, 1000) : 100,
    });
  };

  const handle = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (req.method === 'POST' && path === '/v1/traces') {
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        json(res, 415, { error: 'this stand-in takes OTLP/HTTP JSON only' });
        req.resume();
        return;
      }
      let size = 0;
      const chunks: Buffer[] = [];
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > MAX_BODY) throw new BadRequest('body too large');
        chunks.push(chunk as Buffer);
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        throw new BadRequest('body is not JSON');
      }
      store.ingest(body);
      json(res, 200, { partialSuccess: {} });
      return;
    }
    if (req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(
        `Demo trace store: a stand-in for Jaeger in the demo only (Jaeger cannot be installed here).\n` +
          `It holds ${store.size} spans in memory (the newest ${store.maxSpans} at most), takes OTLP/HTTP JSON on\n` +
          `POST /v1/traces and answers Jaeger's api_v3 (/api/v3/services, /api/v3/operations,\n` +
          `/api/v3/traces, /api/v3/traces/{id}) and v1's /api/traces/{id}.\n`,
      );
      return;
    }
    if (path === '/api/v3/services') {
      json(res, 200, { services: store.services() });
      return;
    }
    if (path === '/api/v3/operations') {
      const service = url.searchParams.get('service') ?? '';
      const kindName =
        url.searchParams.get('span_kind') ?? url.searchParams.get('spanKind');
      const kind = kindName ? KIND_NAMES.indexOf(kindName) : undefined;
      json(res, 200, {
        operations: store
          .operations(service, kind === -1 ? undefined : kind)
          .map(o => ({
            name: o.name,
            spanKind: KIND_NAMES[o.kind] ?? 'internal',
          })),
      });
      return;
    }
    if (path === '/api/v3/traces') {
      const traces = search(url.searchParams);
      if (traces.length === 0) json(res, 404, NOT_FOUND);
      else json(res, 200, otlpResult(traces.flat()));
      return;
    }
    const v3 = /^\/api\/v3\/traces\/([0-9a-fA-F]{1,32})$/.exec(path);
    const v1 = /^\/api\/traces\/([0-9a-fA-F]{1,32})$/.exec(path);
    const id = (v3 ?? v1)?.[1].toLowerCase().padStart(32, '0');
    if (id) {
      const spans = store.trace(id);
      if (spans.length === 0) {
        json(res, 404, v3 ? NOT_FOUND : jaegerV1Error(404, 'trace not found'));
      } else json(res, 200, v3 ? otlpResult(spans) : jaegerV1Trace(id, spans));
      return;
    }
    res
      .writeHead(404, { 'Content-Type': 'text/plain' })
      .end('404 page not found\n');
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(error => {
      // Too late for an answer (the body was cut off mid-reply): only close the exchange.
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const bad =
        error instanceof BadRequest || error instanceof MalformedOtlpError;
      json(res, bad ? 400 : 500, {
        error: { httpCode: bad ? 400 : 500, message: (error as Error).message },
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
