import search from './__fixtures__/tempo/search.json';
import traceV2 from './__fixtures__/tempo/trace-v2.json';
import {
  RecordedRequest,
  ReplayAnswer,
  startReplayServer,
} from '../__testUtils__/replayServer';
import { startHangingServer } from '../__testUtils__/slowServer';
import { TempoClient } from './TempoClient';
import { TraceSearch } from './TraceBackend';

/*
 * Tempo cannot run on these machines: these tests run the client against a local server that
 * answers in the shapes of Tempo's HTTP API documentation (__fixtures__/tempo/README.md) and
 * records every request, so the assertions are on exactly what went upstream.
 */

const query: TraceSearch = {
  service: 'shop-backend',
  startUs: 1_684_778_000_000_000,
  endUs: 1_684_779_000_500_000,
  limit: 20,
  attributes: [],
};

async function tempo(routes: Record<string, ReplayAnswer>) {
  const server = await startReplayServer(
    (r: RecordedRequest) => routes[r.path],
  );
  const client = new TempoClient({
    name: 'tempo-eu',
    type: 'tempo',
    baseUrl: server.url,
    headers: { 'X-Scope-OrgID': 'team-a' },
    timeoutMs: 2000,
    links: {},
  });
  return { server, client };
}

describe('TempoClient', () => {
  it('searches with backend-written TraceQL, times in seconds, and the tenant header', async () => {
    const { server, client } = await tempo({ '/api/search': { body: search } });
    try {
      const summaries = await client.search({
        ...query,
        operation: 'update-billing',
        minDurationUs: 250_000,
        errorOnly: true,
        attributes: [{ key: 'http.route', value: '/api/bill' }],
      });
      const sent = server.requests[0];
      expect(sent.path).toBe('/api/search');
      expect(sent.params).toEqual({
        q: '{ resource.service.name = "shop-backend" && name = "update-billing" && duration >= 250000us && status = error && span.http.route = "/api/bill" }',
        start: '1684778000',
        end: '1684779001',
        limit: '20',
        spss: '1',
      });
      expect(sent.headers['x-scope-orgid']).toBe('team-a');
      expect(summaries).toEqual([
        {
          traceId: '7a1c5ab1e2c'.padStart(32, '0'),
          rootService: '',
          rootOperation: '',
          startUs: 1684778400000000,
          durationUs: 0,
          spanCount: 3,
          errorCount: 0,
          services: [],
        },
        {
          traceId: '2f3e0cee77ae5dc9c17ade3689eb2e54',
          rootService: 'shop-backend',
          rootOperation: 'update-billing',
          startUs: 1684778327699392,
          durationUs: 557_000,
          spanCount: 6,
          errorCount: 1,
          services: ['billing', 'shop-backend'],
        },
      ]);
    } finally {
      await server.close();
    }
  });

  it('reads a v2 trace (base64 ids, enum names), and an empty trace or 404 as unknown', async () => {
    const { server, client } = await tempo({
      '/api/v2/traces/2f3e0cee77ae5dc9c17ade3689eb2e54': { body: traceV2 },
      '/api/v2/traces/00000000000000000000000000000001': {
        body: { trace: {} },
      },
    });
    try {
      const spans = await client.trace('2f3e0cee77ae5dc9c17ade3689eb2e54');
      expect(spans).toEqual([
        expect.objectContaining({
          traceId: '2f3e0cee77ae5dc9c17ade3689eb2e54',
          spanId: '563d623c76514f8e',
          service: 'shop-backend',
          kind: 'server',
          status: 'error',
          statusMessage: 'card declined',
          durationUs: 557_000,
        }),
      ]);
      await expect(
        client.trace('00000000000000000000000000000001'),
      ).resolves.toEqual([]);
      await expect(
        client.trace('00000000000000000000000000000002'),
      ).resolves.toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("lists the service's span names from the tag values API, scoped by TraceQL", async () => {
    const { server, client } = await tempo({
      '/api/v2/search/tag/name/values': {
        body: {
          tagValues: [
            { type: 'string', value: 'b' },
            { type: 'string', value: 'a' },
            { type: 'string', value: 'b' },
          ],
        },
      },
    });
    try {
      await expect(client.operations('shop "backend"')).resolves.toEqual([
        'a',
        'b',
      ]);
      expect(server.requests[0].params).toEqual({
        q: '{ resource.service.name = "shop \\"backend\\"" }',
      });
    } finally {
      await server.close();
    }
  });

  it('is up when /ready answers, and down naming the instance otherwise', async () => {
    const { server, client } = await tempo({ '/ready': { body: 'ready' } });
    const down = await tempo({
      '/ready': { status: 503, body: 'Ingester not ready' },
    });
    try {
      await expect(client.api()).resolves.toBe('tempo');
      await expect(down.client.api()).rejects.toThrow(
        "Trace instance 'tempo-eu' is not ready (/ready: HTTP 503)",
      );
    } finally {
      await server.close();
      await down.server.close();
    }
  });

  it("passes Tempo's refusal on as a 502 naming the instance and the route", async () => {
    const { server, client } = await tempo({
      '/api/search': { status: 400, body: 'invalid TraceQL query' },
    });
    try {
      await expect(client.search(query)).rejects.toMatchObject({
        statusCode: 502,
        message: expect.stringContaining(
          "Trace instance 'tempo-eu' answered /api/search with",
        ),
      });
    } finally {
      await server.close();
    }
  });

  it('gives up on a hanging server with a 504', async () => {
    const hanging = await startHangingServer();
    const client = new TempoClient({
      name: 'stuck',
      type: 'tempo',
      baseUrl: hanging.url,
      headers: {},
      timeoutMs: 300,
      links: {},
    });
    try {
      await expect(client.search(query)).rejects.toMatchObject({
        statusCode: 504,
      });
    } finally {
      await hanging.close();
    }
  });
});
