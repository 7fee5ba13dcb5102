import {
  Counter,
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
