import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';

/**
 * The plugin's own metrics, in a registry of its own so they never collide with other plugins'
 * use of prom-client's global registry.
 */
export class PluginMetrics {
  readonly registry = new Registry();

  readonly upstreamDuration = new Histogram({
    name: 'observability_upstream_request_duration_seconds',
    help: 'Duration of requests to upstreams (Prometheus-compatible and trace instances), by instance and outcome',
    labelNames: ['instance', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly cacheRequests = new Counter({
    name: 'observability_cache_requests_total',
    help: 'Result cache lookups, by result (hit, miss)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly coalescedRequests = new Counter({
    name: 'observability_coalesced_requests_total',
    help: 'Requests that joined an identical upstream request already in flight',
    registers: [this.registry],
  });

  readonly upstreamRequests = new Counter({
    name: 'observability_upstream_requests_total',
    help: 'Requests sent to upstreams, by instance and outcome',
    labelNames: ['instance', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly alertNotifications = new Counter({
    name: 'observability_alert_notifications_total',
    help: 'Alertmanager webhook notifications, by outcome (stored, invalid, unavailable)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly alertReconciliations = new Counter({
    name: 'observability_alert_reconciliations_total',
    help: 'Reconciler runs, by outcome (complete, incomplete)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly httpRequestDuration = new Histogram({
    name: 'observability_http_request_duration_seconds',
    help: "Duration of requests to the plugin's routes, by method, route pattern and status code",
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly taskRuns = new Counter({
    name: 'observability_task_runs_total',
    help: 'Scheduled task runs on this replica, by task and outcome (success, failure)',
    labelNames: ['task', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly taskDuration = new Histogram({
    name: 'observability_task_duration_seconds',
    help: 'Duration of scheduled task runs on this replica, by task and outcome',
    labelNames: ['task', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 600],
    registers: [this.registry],
  });

  private readonly cacheSizes = new Map<string, () => number>();

  readonly cacheEntries = new Gauge({
    name: 'observability_cache_entries',
    help: "Entries in this replica's in-process result caches, by cache (the shared CacheService, memory or Redis, is not counted)",
    labelNames: ['cache'] as const,
    registers: [this.registry],
    collect: () => {
      for (const [cache, size] of this.cacheSizes) {
        this.cacheEntries.set({ cache }, size());
      }
    },
  });

  /** Reports a cache's entry count whenever the metrics are scraped. */
  observeCacheSize(cache: string, size: () => number) {
    this.cacheSizes.set(cache, size);
  }

  static create(options: { defaultMetrics?: boolean } = {}): PluginMetrics {
    const metrics = new PluginMetrics();
    if (options.defaultMetrics) {
      collectDefaultMetrics({
        register: metrics.registry,
        prefix: 'observability_backend_',
      });
    }
    return metrics;
  }
}
