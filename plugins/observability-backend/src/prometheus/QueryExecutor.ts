import { createHash } from 'node:crypto';
import { CacheService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { PluginMetrics } from '../metrics/PluginMetrics';
import { timedUpstream } from '../metrics/timedUpstream';
import {
  PrometheusClient,
  PromRequest,
  PromResponse,
} from './PrometheusClient';
import { LruMap } from '@stagewatch/backstage-plugin-observability-node';

export interface QueryExecutorOptions {
  clients: PrometheusClient[];
  cache?: CacheService;
  metrics: PluginMetrics;
  maxTtlSeconds: number;
  now?: () => number;
}

/**
 * Sends scoped queries upstream through a result cache and request coalescing: identical requests
 * in flight share one upstream call, whoever asks. That is safe because a request's key contains
 * the scoped query itself, so two callers only share a result when they asked for exactly the same
 * series.
 */
export class QueryExecutor {
  private readonly clients: Map<string, PrometheusClient>;
  private readonly inFlight = new Map<string, Promise<PromResponse>>();
  /**
   * Recent results kept parsed in this process, in front of the shared CacheService: a hit costs
   * a Map lookup instead of a deserialization. Entries expire with the same TTL.
   */
  private readonly local = new LruMap<
    string,
    { response: PromResponse; expiresAt: number }
  >(1000);
  /** Until when (ms) each result handed out from the cache above stays fresh. */
  private readonly freshness = new WeakMap<PromResponse, number>();
  private readonly now: () => number;

  constructor(private readonly options: QueryExecutorOptions) {
    this.clients = new Map(options.clients.map(c => [c.name, c]));
    this.now = options.now ?? (() => Date.now() / 1000);
  }

  /**
   * Until when (epoch ms) `response` may be answered again without asking: its cache entry's
   * expiry, or 0 for a result that was not cached (cache off, or a TTL of 0).
   */
  freshUntil(response: PromResponse): number {
    return this.freshness.get(response) ?? 0;
  }

  private keep(key: string, response: PromResponse, ttlMs: number) {
    const expiresAt = Date.now() + ttlMs;
    this.local.set(key, { response, expiresAt });
    this.freshness.set(response, expiresAt);
  }

  /** Results kept parsed in this process (for the plugin's cache-size metric). */
  localEntries(): number {
    return this.local.size;
  }

  instanceNames(): string[] {
    return [...this.clients.keys()];
  }

  client(instance: string): PrometheusClient {
    const client = this.clients.get(instance);
    if (!client) {
      throw new NotFoundError(
        `No Prometheus instance named '${instance}' is configured`,
      );
    }
    return client;
  }

  async execute(instance: string, request: PromRequest): Promise<PromResponse> {
    const client = this.client(instance);
    const key = QueryExecutor.keyOf(instance, request);
    const ttlMs = this.ttlSeconds(request) * 1000;
    const { cache, metrics } = this.options;

    if (cache && ttlMs > 0) {
      const local = this.local.get(key);
      if (local && local.expiresAt > Date.now()) {
        metrics.cacheRequests.inc({ result: 'hit' });
        return local.response;
      }
      // The shared cache holds the JSON text: one native parse, whatever the store.
      const cached = await cache.get<string>(key);
      if (typeof cached === 'string') {
        metrics.cacheRequests.inc({ result: 'hit' });
        const response = JSON.parse(cached) as PromResponse;
        this.keep(key, response, ttlMs);
        return response;
      }
      metrics.cacheRequests.inc({ result: 'miss' });
    }

    const pending = this.inFlight.get(key);
    if (pending) {
      metrics.coalescedRequests.inc();
      return pending;
    }
    const promise = this.send(client, request)
      .then(async response => {
        if (cache && ttlMs > 0) {
          this.keep(key, response, ttlMs);
          await cache.set(key, JSON.stringify(response), { ttl: ttlMs });
        }
        return response;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  private send(
    client: PrometheusClient,
    request: PromRequest,
  ): Promise<PromResponse> {
    return timedUpstream(this.options.metrics, client.name, () =>
      client.query(request),
    );
  }

  /**
   * How long a result stays fresh: data near "now" changes every scrape, so it lives for about a
   * step (at most 30 s); a range that ended long ago will not change and may live for maxTtl.
   */
  ttlSeconds(request: PromRequest): number {
    const max = this.options.maxTtlSeconds;
    if (request.kind === 'instant') {
      // A view's "now" is a slot of up to 30 s (evaluationTime): keep its answer for the slot.
      return Math.min(max, this.now() - request.time > 300 ? max : 30);
    }
    const ageOfEnd = this.now() - request.end;
    if (ageOfEnd > 2 * request.step + 300) {
      return max;
    }
    return Math.min(max, 30, Math.max(5, request.step / 2));
  }

  static keyOf(instance: string, request: PromRequest): string {
    const digest = createHash('sha256')
      .update(JSON.stringify([instance, request]))
      .digest('hex');
    return `prom:${digest}`;
  }
}
