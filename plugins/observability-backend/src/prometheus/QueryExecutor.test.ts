import { ConfigReader } from '@backstage/config';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { PluginMetrics } from '../metrics/PluginMetrics';
import {
  PrometheusClient,
  PromRequest,
  PromResponse,
} from './PrometheusClient';
import { QueryExecutor } from './QueryExecutor';
import { ScopedQuery } from '@stagewatch/backstage-plugin-observability-node';

// A hand-made client stands in for Prometheus here because these tests count and time calls;
// the integration tests run the executor against the real Prometheus.
function countingClient(delayMs = 20) {
  const calls: PromRequest[] = [];
  const client = {
    name: 'demo',
    query: async (request: PromRequest): Promise<PromResponse> => {
      calls.push(request);
      await new Promise(resolve => setTimeout(resolve, delayMs));
      return { data: { resultType: 'vector', result: [] }, warnings: [] };
    },
  } as unknown as PrometheusClient;
  return { client, calls };
}

const memoryCache = () =>
  CacheManager.fromConfig(
    new ConfigReader({ backend: { cache: { store: 'memory' } } }),
  ).forPlugin('observability');

const q = (text: string) => text as ScopedQuery;
const now = 1_800_000_000;
/** The last hour at a one-minute step: recent data, cached for half a step. */
const lastHour: PromRequest = {
  kind: 'range',
  query: q('up{job="x"}'),
  start: now - 3600,
  end: now,
  step: 60,
};

describe('QueryExecutor', () => {
  it('sends 100 concurrent identical requests upstream once', async () => {
    const { client, calls } = countingClient();
    const metrics = PluginMetrics.create();
    const executor = new QueryExecutor({
      clients: [client],
      metrics,
      maxTtlSeconds: 300,
      now: () => now,
    });
    const request: PromRequest = {
      kind: 'instant',
      query: q('up{job="checkout"}'),
      time: now,
    };

    const results = await Promise.all(
      Array.from({ length: 100 }, () => executor.execute('demo', request)),
    );

    expect(calls).toHaveLength(1);
    expect(results.every(r => r === results[0])).toBe(true);
    expect((await metrics.coalescedRequests.get()).values[0].value).toBe(99);
  });

  it('does not share results between different queries', async () => {
    const { client, calls } = countingClient();
    const executor = new QueryExecutor({
      clients: [client],
      metrics: PluginMetrics.create(),
      maxTtlSeconds: 300,
    });
    await Promise.all([
      executor.execute('demo', {
        kind: 'instant',
        query: q('up{job="checkout"}'),
        time: now,
      }),
      executor.execute('demo', {
        kind: 'instant',
        query: q('up{job="payments"}'),
        time: now,
      }),
    ]);
    expect(calls).toHaveLength(2);
  });

  it('answers a repeated request from the cache', async () => {
    const { client, calls } = countingClient();
    const metrics = PluginMetrics.create();
    const executor = new QueryExecutor({
      clients: [client],
      cache: memoryCache(),
      metrics,
      maxTtlSeconds: 300,
      now: () => now,
    });
    const request = lastHour;

    await executor.execute('demo', request);
    await executor.execute('demo', request);

    expect(calls).toHaveLength(1);
    const cacheCounts = (await metrics.cacheRequests.get()).values.map(v => [
      v.labels.result,
      v.value,
    ]);
    expect(Object.fromEntries(cacheCounts)).toEqual({ miss: 1, hit: 1 });
  });

  it("says until when a result stays fresh: its cache entry's expiry, or never without a cache", async () => {
    const request = lastHour;
    const cached = new QueryExecutor({
      clients: [countingClient().client],
      cache: memoryCache(),
      metrics: PluginMetrics.create(),
      maxTtlSeconds: 300,
      now: () => now,
    });
    const before = Date.now();
    const result = await cached.execute('demo', request);
    // A range ending now lives half a step: 30 s.
    expect(cached.freshUntil(result)).toBeGreaterThanOrEqual(before + 30_000);
    expect(cached.freshUntil(result)).toBeLessThanOrEqual(Date.now() + 30_000);

    const uncached = new QueryExecutor({
      clients: [countingClient().client],
      metrics: PluginMetrics.create(),
      maxTtlSeconds: 300,
      now: () => now,
    });
    expect(uncached.freshUntil(await uncached.execute('demo', request))).toBe(
      0,
    );
  });

  it('shares results between replicas through the shared cache', async () => {
    const shared = memoryCache();
    const first = countingClient();
    const second = countingClient();
    const replicaA = new QueryExecutor({
      clients: [first.client],
      cache: shared,
      metrics: PluginMetrics.create(),
      maxTtlSeconds: 300,
      now: () => now,
    });
    const replicaB = new QueryExecutor({
      clients: [second.client],
      cache: shared,
      metrics: PluginMetrics.create(),
      maxTtlSeconds: 300,
      now: () => now,
    });
    const request = lastHour;

    const fromA = await replicaA.execute('demo', request);
    const fromB = await replicaB.execute('demo', request);

    expect(first.calls).toHaveLength(1);
    expect(second.calls).toHaveLength(0);
    expect(fromB).toEqual(fromA);
  });

  it('keeps recent data briefly and old ranges long', () => {
    const { client } = countingClient();
    const executor = new QueryExecutor({
      clients: [client],
      metrics: PluginMetrics.create(),
      maxTtlSeconds: 300,
      now: () => now,
    });
    expect(
      executor.ttlSeconds({ kind: 'instant', query: q('x'), time: now }),
    ).toBe(30);
    expect(
      executor.ttlSeconds({
        kind: 'range',
        query: q('x'),
        start: now - 3600,
        end: now,
        step: 15,
      }),
    ).toBe(7.5);
    expect(
      executor.ttlSeconds({
        kind: 'range',
        query: q('x'),
        start: now - 7 * 86400,
        end: now,
        step: 900,
      }),
    ).toBe(30);
    expect(
      executor.ttlSeconds({
        kind: 'range',
        query: q('x'),
        start: now - 8 * 86400,
        end: now - 86400,
        step: 900,
      }),
    ).toBe(300);
  });

  it('fails with a clear error for an unknown instance', async () => {
    const { client } = countingClient();
    const executor = new QueryExecutor({
      clients: [client],
      metrics: PluginMetrics.create(),
      maxTtlSeconds: 300,
    });
    await expect(
      executor.execute('thanos', { kind: 'instant', query: q('x'), time: now }),
    ).rejects.toThrow("No Prometheus instance named 'thanos' is configured");
  });
});
