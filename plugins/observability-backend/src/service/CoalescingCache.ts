import { createHash } from 'node:crypto';
import { CacheService } from '@backstage/backend-plugin-api';
import { PluginMetrics } from '../metrics/PluginMetrics';

/**
 * A result cache in front of an upstream (Backstage's CacheService: memory, or Redis when
 * replicas share it) with coalescing: identical requests in flight share one upstream call. The
 * key must hold everything that shapes the upstream request, scope included, so two callers only
 * share a result when they asked for the same thing.
 */
export class CoalescingCache {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly namespace: string,
    private readonly metrics: PluginMetrics,
    private readonly cache?: CacheService,
  ) {}

  async get<T>(
    keyParts: unknown,
    ttlMs: number,
    load: () => Promise<T>,
    /** Whether a result may be kept; default all. */
    keep: (result: T) => boolean = () => true,
  ): Promise<T> {
    const key = `${this.namespace}:${createHash('sha256')
      .update(JSON.stringify(keyParts))
      .digest('hex')}`;
    const { cache, metrics } = this;
    if (cache && ttlMs > 0) {
      const cached = await cache.get<string>(key);
      if (typeof cached === 'string') {
        metrics.cacheRequests.inc({ result: 'hit' });
        return JSON.parse(cached) as T;
      }
      metrics.cacheRequests.inc({ result: 'miss' });
    }
    const pending = this.inFlight.get(key);
    if (pending) {
      metrics.coalescedRequests.inc();
      return pending as Promise<T>;
    }
    const promise = load()
      .then(async result => {
        if (cache && ttlMs > 0 && keep(result)) {
          await cache.set(key, JSON.stringify(result), { ttl: ttlMs });
        }
        return result;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }
}
