import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  OpenMetricsContentType,
  collectDefaultMetrics,
} from 'prom-client';

/**
 * The conventional prom-client HTTP metrics, as most Node services expose them (the names and
 * labels express-prom-bundle and the prom-client README use). The observability plugin's built-in
 * `prom-client-http` profile reads exactly these.
 */
export interface HttpMetrics {
  registry: Registry<OpenMetricsContentType>;
  requests: Counter<'method' | 'route' | 'status_code'>;
  duration: Histogram<'method' | 'route' | 'status_code'>;
  inFlight: Gauge<'method' | 'route'>;
}

/** Buckets in seconds; 0.3 is there so a "99% under 300ms" SLO can be computed exactly. */
export const durationBuckets = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2.5, 5, 10,
];

export function createHttpMetrics(serviceName: string): HttpMetrics {
  // OpenMetrics, the only exposition format that carries exemplars; set before any metric is
  // made, or prom-client refuses exemplars.
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  registry.setDefaultLabels({ service: serviceName });
  collectDefaultMetrics({ register: registry });

  const labelNames = ['method', 'route', 'status_code'] as const;
  return {
    registry,
    requests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests handled, by route, method and status code',
      labelNames,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by route, method and status code',
      labelNames,
      buckets: durationBuckets,
      registers: [registry],
      // Each bucket keeps the trace id of its latest request: the portal's latency chart dots.
      enableExemplars: true,
    }),
    inFlight: new Gauge({
      name: 'http_requests_in_flight',
      help: 'HTTP requests being handled right now',
      labelNames: ['method', 'route'],
      registers: [registry],
    }),
  };
}
