import { Profile } from './Profile';

/**
 * prom-client's conventional HTTP metrics, as the demo services, express-prom-bundle and the
 * prom-client README name them.
 *
 * @public
 */
export const promClientHttpProfile: Profile = {
  name: 'prom-client-http',
  description:
    'prom-client HTTP metrics: http_requests_total{status_code}, http_request_duration_seconds, process CPU',
  requestRate: 'sum(rate(http_requests_total[$__rate_interval]))',
  errorRate:
    'sum(rate(http_requests_total{status_code=~"5.."}[$__rate_interval]))',
  latencyHistogram: 'http_request_duration_seconds',
  saturation: {
    query: 'sum(rate(process_cpu_seconds_total[$__rate_interval]))',
    unit: 'cores',
    title: 'CPU',
  },
  liveness: 'avg(up)',
};

/**
 * OpenTelemetry HTTP semantic conventions (http.server.request.duration, seconds) as the
 * Prometheus exporter and the collector's prometheus exporter translate them: dots become
 * underscores and the unit is appended.
 *
 * @public
 */
export const otelHttpProfile: Profile = {
  name: 'otel-http',
  description:
    'OpenTelemetry HTTP server semantic conventions: http_server_request_duration_seconds{http_response_status_code}',
  requestRate:
    'sum(rate(http_server_request_duration_seconds_count[$__rate_interval]))',
  errorRate:
    'sum(rate(http_server_request_duration_seconds_count{http_response_status_code=~"5.."}[$__rate_interval]))',
  latencyHistogram: 'http_server_request_duration_seconds',
  saturation: {
    query: 'sum(http_server_active_requests)',
    unit: 'count',
    title: 'Active requests',
  },
  liveness: 'avg(up)',
};

/** @public */
export const builtinProfiles: Profile[] = [
  promClientHttpProfile,
  otelHttpProfile,
];
