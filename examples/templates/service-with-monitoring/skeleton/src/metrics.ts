import { isSpanContextValid, SpanContext, trace, TraceFlags } from '@opentelemetry/api';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  OpenMetricsContentType,
  Registry,
} from 'prom-client';

/*
 * The service's Prometheus metrics. Their names and labels are exactly what the portal's
 * built-in `prom-client-http` profile reads (the catalog-info.yaml annotation
 * `observability/profile: prom-client-http`):
 *
 *   - request rate and error ratio: http_requests_total{status_code=~"5.."}
 *   - latency quantiles, the latency alert and the latency SLO: http_request_duration_seconds
 *   - saturation (CPU): process_cpu_seconds_total, from collectDefaultMetrics
 *
 * Rename a metric or a label and the service page, the alert rules in rules/ and the Grafana
 * dashboard go blank. Add metrics freely; keep label values bounded (route templates, never raw
 * URLs, user ids or query strings).
 */

/** The latency SLO threshold chosen when the service was created, in seconds. */
export const LATENCY_THRESHOLD_SECONDS: number = ${{ values.latencyThresholdSeconds }};

/** The usual request-duration bounds, 5 ms to 10 s. */
export const STANDARD_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2.5, 5, 10,
];

/**
 * The standard bounds plus the latency threshold, sorted and without duplicates. The threshold
 * must be a bucket bound: the latency SLO counts the requests faster than it from the
 * `le="<threshold>"` bucket, exactly, instead of interpolating between two bounds.
 */
export function durationBuckets(
  thresholdSeconds: number,
  standard: readonly number[] = STANDARD_BUCKETS,
): number[] {
  if (!Number.isFinite(thresholdSeconds) || thresholdSeconds <= 0) {
    throw new RangeError(
      `The latency threshold must be a positive number of seconds, got ${thresholdSeconds}`,
    );
  }
  return [...new Set([...standard, thresholdSeconds])].sort((a, b) => a - b);
}

/** The bounds of http_request_duration_seconds, in seconds. */
export const DURATION_BUCKETS: readonly number[] = durationBuckets(
  LATENCY_THRESHOLD_SECONDS,
);

export type RequestLabels = 'method' | 'route' | 'status_code';

export interface ServiceMetrics {
  registry: Registry<OpenMetricsContentType>;
  requests: Counter<RequestLabels>;
  duration: Histogram<RequestLabels>;
  inFlight: Gauge<'method' | 'route'>;
}

/** A fresh registry with the service's metrics (one per server, so tests do not share counts). */
export function createMetrics(): ServiceMetrics {
  const registry = new Registry<OpenMetricsContentType>();
  // OpenMetrics is the only exposition format that carries exemplars, and prom-client accepts
  // exemplars only on metrics created after the registry has this content type: set it first.
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  // process_cpu_seconds_total, process_resident_memory_bytes, nodejs_eventloop_lag_seconds, …
  collectDefaultMetrics({ register: registry });

  const labelNames = ['method', 'route', 'status_code'] as const;
  return {
    registry,
    requests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests handled, by method, route template and status code',
      labelNames,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by method, route template and status code',
      labelNames,
      buckets: [...DURATION_BUCKETS],
      // Each bucket keeps the trace of its latest request: the dots on the portal's latency
      // chart that open the trace.
      enableExemplars: true,
      registers: [registry],
    }),
    inFlight: new Gauge({
      name: 'http_requests_in_flight',
      help: 'HTTP requests being handled right now, by method and route template',
      labelNames: ['method', 'route'],
      registers: [registry],
    }),
  };
}

/**
 * Counts a finished request and observes its duration. The exemplar is the trace and span id of
 * `span` (by default the active span, the request's server span), and only when that span is
 * sampled: an unsampled trace is in no trace store, so its id would link to nothing.
 */
export function observeRequest(
  metrics: ServiceMetrics,
  labels: Record<RequestLabels, string>,
  seconds: number,
  span: SpanContext | undefined = trace.getActiveSpan()?.spanContext(),
): void {
  metrics.requests.inc(labels);
  const sampled =
    span !== undefined &&
    isSpanContextValid(span) &&
    (span.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
  metrics.duration.observe({
    labels,
    value: seconds,
    // prom-client types exemplar labels as the metric's own label names; they are free-form.
    exemplarLabels: sampled
      ? ({ trace_id: span.traceId, span_id: span.spanId } as unknown as Record<
          RequestLabels,
          string
        >)
      : undefined,
  });
}
