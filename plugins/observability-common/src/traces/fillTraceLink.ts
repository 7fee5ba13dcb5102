/** The values a trace link template may use. @public */
export interface TraceLinkValues {
  traceId: string;
  spanId?: string;
  service?: string;
  /** Seconds since the epoch. */
  start?: number;
  end?: number;
}

const PLACEHOLDER = /\{(traceId|spanId|service|start|end)\}/g;

/**
 * Fills a configured link template. Each value is URL-encoded (a service name or id from a trace
 * backend is untrusted), and a template that uses a value not given yields `undefined` rather
 * than a link to the wrong place. The caller still checks the result with `safeHttpUrl`.
 * Times are written as milliseconds since the epoch, what Grafana, Kibana and Jaeger UI take.
 *
 * @public
 */
export function fillTraceLink(
  template: string | undefined,
  values: TraceLinkValues,
): string | undefined {
  if (!template) return undefined;
  let missing = false;
  const filled = template.replace(PLACEHOLDER, (_match, key: string) => {
    const value = values[key as keyof TraceLinkValues];
    if (value === undefined || value === '') {
      missing = true;
      return '';
    }
    return encodeURIComponent(
      typeof value === 'number' ? String(Math.round(value * 1000)) : value,
    );
  });
  return missing ? undefined : filled;
}
