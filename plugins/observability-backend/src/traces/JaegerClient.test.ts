import findTraceSummaries from './__fixtures__/jaeger/v3-snapshot.FindTraceSummaries.json';
import findTraces from './__fixtures__/jaeger/v3-snapshot.FindTraces.json';
import getOperations from './__fixtures__/jaeger/v3-snapshot.GetOperations.json';
import getServices from './__fixtures__/jaeger/v3-snapshot.GetServices.json';
import getTrace from './__fixtures__/jaeger/v3-snapshot.GetTrace.json';
import otlpIn from './__fixtures__/jaeger/otlp-json.resourceSpans.otlp2jaeger-in.json';
import v1Traces from './__fixtures__/jaeger/v1-api-response.traces.otlp2jaeger-out.json';
import {
  RecordedRequest,
  ReplayAnswer,
  startReplayServer,
} from '../__testUtils__/replayServer';
import { startHangingServer } from '../__testUtils__/slowServer';
import { JaegerClient } from './JaegerClient';
import { TraceSearch } from './TraceBackend';
import { TraceInstanceConfig } from './traceConfig';

/*
 * Contract tests on responses recorded in Jaeger's own repository (__fixtures__/jaeger, copied
 * with their licence): no Jaeger can run on these machines. A local server replays them by
 * route and records what the client sent, so the assertions are on the exact upstream request.
 */

const NO_TRACES = {
  status: 404,
  body: { error: { httpCode: 404, message: 'No traces found' } },
};

const search: TraceSearch = {
  service: 'checkout',
  startUs: 1_700_000_000_000_000,
  endUs: 1_700_000_360_000_000,
  limit: 20,
  attributes: [],
};

async function jaeger(routes: Record<string, ReplayAnswer>) {
  const server = await startReplayServer(
    (r: RecordedRequest) => routes[r.path],
  );
  const instance: TraceInstanceConfig = {
    name: 'jaeger-eu',
    type: 'jaeger',
    baseUrl: server.url,
    headers: { 'X-Scope-OrgID': 'team-a' },
    timeoutMs: 2000,
    links: {},
  };
  return { server, client: new JaegerClient(instance) };
}

const v3Routes = {
  '/api/v3/services': { body: getServices },
  '/api/v3/trace-summaries': { body: findTraceSummaries },
  '/api/v3/traces': { body: findTraces },
  '/api/v3/operations': { body: getOperations },
  '/api/v3/traces/00000000000000000000000000000001': { body: getTrace },
};

describe('JaegerClient on api_v3', () => {
  it('detects api_v3 and searches trace-summaries with snake_case parameters in RFC 3339', async () => {
    const { server, client } = await jaeger(v3Routes);
    try {
      await expect(client.api()).resolves.toBe('jaeger-api-v3');
      const summaries = await client.search({
        ...search,
        operation: 'POST /api/checkout',
        minDurationUs: 250_000,
        maxDurationUs: 2_000_000,
        errorOnly: true,
        attributes: [{ key: 'http.route', value: '/api/checkout' }],
      });
      expect(summaries).toEqual([
        {
          traceId: '00000000000000000000000000000001',
          rootService: 'frontend',
          rootOperation: 'HTTP GET /',
          startUs: 1_000_000_000,
          durationUs: 1_000_000,
          spanCount: 2,
          errorCount: 1,
          services: ['frontend'],
        },
      ]);
      const sent = server.requests.find(
        r => r.path === '/api/v3/trace-summaries',
      )!;
      expect(sent.params).toEqual({
        'query.service_name': 'checkout',
        'query.start_time_min': '2023-11-14T22:13:20.000Z',
        'query.start_time_max': '2023-11-14T22:19:20.000Z',
        'query.num_traces': '20',
        'query.operation_name': 'POST /api/checkout',
        'query.duration_min': '250000us',
        'query.duration_max': '2000000us',
        'query.attributes': '{"http.route":"/api/checkout","error":"true"}',
      });
      expect(sent.headers['x-scope-orgid']).toBe('team-a');
    } finally {
      await server.close();
    }
  });

  it('falls back to /api/v3/traces (before v2.19) and groups the merged spans by trace', async () => {
    const { server, client } = await jaeger({
      ...v3Routes,
      '/api/v3/trace-summaries': { status: 404, body: '404 page not found\n' },
      '/api/v3/traces': { body: { result: otlpIn } },
    });
    try {
      const summaries = await client.search(search);
      expect(summaries).toEqual([
        expect.objectContaining({
          traceId: '83a9efd15c1c98a977e0711cc93ee28b',
          rootService: 'telemetrygen',
          spanCount: 2,
        }),
      ]);
      await client.search(search);
      // The missing route is learnt once.
      expect(
        server.requests.filter(r => r.path === '/api/v3/trace-summaries'),
      ).toHaveLength(1);
      expect(
        server.requests.filter(r => r.path === '/api/v3/traces'),
      ).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('reads the 404 "No traces found" as an empty list, on both search routes', async () => {
    const { server, client } = await jaeger({
      ...v3Routes,
      '/api/v3/trace-summaries': NO_TRACES,
    });
    const older = await jaeger({
      ...v3Routes,
      '/api/v3/trace-summaries': { status: 404, body: '404 page not found\n' },
      '/api/v3/traces': NO_TRACES,
    });
    try {
      await expect(client.search(search)).resolves.toEqual([]);
      await expect(older.client.search(search)).resolves.toEqual([]);
    } finally {
      await server.close();
      await older.server.close();
    }
  });

  it('gets a trace by id, and an unknown id is an empty trace', async () => {
    const { server, client } = await jaeger(v3Routes);
    try {
      const spans = await client.trace('00000000000000000000000000000001');
      expect(spans.map(s => [s.spanId, s.name, s.status])).toEqual([
        ['0000000000000002', 'foobar', 'error'],
      ]);
      await expect(
        client.trace('0000000000000000000000000000000f'),
      ).resolves.toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("lists the service's operations", async () => {
    const { server, client } = await jaeger(v3Routes);
    try {
      await expect(client.operations('checkout')).resolves.toEqual([
        'get_users',
      ]);
      expect(
        server.requests.find(r => r.path === '/api/v3/operations')!.params,
      ).toEqual({ service: 'checkout' });
    } finally {
      await server.close();
    }
  });

  it('keeps hostile filter values inside their JSON and query-parameter strings', async () => {
    const { server, client } = await jaeger(v3Routes);
    const hostile = '"}, "service.name": "payments", "x": "{';
    try {
      await client.search({
        ...search,
        operation: '&query.service_name=payments',
        attributes: [{ key: 'http.route', value: hostile }],
      });
      const sent = server.requests.find(
        r => r.path === '/api/v3/trace-summaries',
      )!;
      expect(sent.params['query.service_name']).toBe('checkout');
      expect(sent.params['query.operation_name']).toBe(
        '&query.service_name=payments',
      );
      expect(JSON.parse(sent.params['query.attributes'])).toEqual({
        'http.route': hostile,
      });
    } finally {
      await server.close();
    }
  });

  it('says which instance answered junk, rather than returning it', async () => {
    const { server, client } = await jaeger({
      ...v3Routes,
      '/api/v3/trace-summaries': { status: 500, body: 'upstream exploded' },
    });
    try {
      await expect(client.search(search)).rejects.toMatchObject({
        statusCode: 502,
        message: expect.stringMatching(
          /Trace instance 'jaeger-eu' answered \/api\/v3\/trace-summaries with a body that is not JSON/,
        ),
      });
    } finally {
      await server.close();
    }
  });
});

describe('JaegerClient on the v1 API (servers without api_v3)', () => {
  const v1Routes = {
    '/api/services': { body: { data: ['checkout'], total: 1 } },
    '/api/traces': { body: v1Traces },
    '/api/services/checkout/operations': {
      body: { data: ['b', 'a', 'a'], total: 3 },
    },
    '/api/traces/83a9efd15c1c98a977e0711cc93ee28b': { body: v1Traces },
  };

  it('detects v1 and searches with microseconds and Go durations', async () => {
    const { server, client } = await jaeger(v1Routes);
    try {
      await expect(client.api()).resolves.toBe('jaeger-v1');
      const summaries = await client.search({
        ...search,
        minDurationUs: 1_500,
        errorOnly: true,
      });
      expect(summaries.map(s => [s.traceId, s.rootService])).toEqual([
        ['83a9efd15c1c98a977e0711cc93ee28b', 'telemetrygen'],
      ]);
      expect(
        server.requests.find(r => r.path === '/api/traces')!.params,
      ).toEqual({
        service: 'checkout',
        start: '1700000000000000',
        end: '1700000360000000',
        limit: '20',
        minDuration: '1500us',
        tags: '{"error":"true"}',
      });
    } finally {
      await server.close();
    }
  });

  it('normalises a trace by id to the same spans as api_v3 gives for it', async () => {
    const { server, client } = await jaeger(v1Routes);
    const v3 = await jaeger({
      ...v3Routes,
      '/api/v3/traces/83a9efd15c1c98a977e0711cc93ee28b': {
        body: { result: otlpIn },
      },
    });
    try {
      const fromV1 = await client.trace('83a9efd15c1c98a977e0711cc93ee28b');
      const fromV3 = await v3.client.trace('83a9efd15c1c98a977e0711cc93ee28b');
      expect(
        fromV1.map(s => [s.spanId, s.name, s.startUs, s.durationUs]),
      ).toEqual(fromV3.map(s => [s.spanId, s.name, s.startUs, s.durationUs]));
      await expect(client.operations('checkout')).resolves.toEqual(['a', 'b']);
      await expect(client.trace('ab')).resolves.toEqual([]);
    } finally {
      await server.close();
      await v3.server.close();
    }
  });

  it('is down, with both routes named, when it speaks neither API', async () => {
    const { server, client } = await jaeger({});
    try {
      await expect(client.api()).rejects.toThrow(
        /jaeger-eu' answers neither Jaeger's api_v3 \(\/api\/v3\/services: HTTP 404\) nor its v1 API/,
      );
    } finally {
      await server.close();
    }
  });

  it('gives up on a hanging server with a 504 naming the instance', async () => {
    const hanging = await startHangingServer();
    const client = new JaegerClient({
      name: 'stuck',
      type: 'jaeger',
      baseUrl: hanging.url,
      headers: {},
      timeoutMs: 300,
      links: {},
    });
    try {
      await expect(client.search(search)).rejects.toMatchObject({
        statusCode: 504,
        message: "Trace instance 'stuck' did not answer within 0.3s",
      });
    } finally {
      await hanging.close();
    }
  });
});
