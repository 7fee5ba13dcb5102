/**
 * What the service was created with: the answers given to the "Service with monitoring"
 * template. This module imports nothing, because tracing.ts reads it before anything else may
 * be loaded (see main.ts).
 */

/** The service name: also its Prometheus `job`, its catalog name and its traces' service.name. */
export const SERVICE_NAME = '${{ values.name }}';

export const SERVICE_DESCRIPTION: string = ${{ (values.description or '') | dump }};

/** The port to listen on when `PORT` is not set. */
export const DEFAULT_PORT = ${{ values.port }};

/**
 * Paths that serve probes and scrapes rather than users: `/metrics` and `/health/*`. They are
 * not traced, not counted in the HTTP metrics (a scrape every 15 s and two probes every 10 s
 * would otherwise dilute the request rate, the error ratio and the latency SLO) and their
 * access-log lines are at debug level.
 */
export function isInfrastructurePath(path: string): boolean {
  return path === '/metrics' || path.startsWith('/health/');
}

/** The path of a request target, without its query string. */
export function pathOf(url: string | undefined): string {
  const target = url ?? '/';
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}
