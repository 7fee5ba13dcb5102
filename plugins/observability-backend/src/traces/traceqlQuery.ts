import { TraceSearch } from './TraceBackend';

/*
 * TraceQL written by the backend from structured filters; the caller never writes any. Values
 * become TraceQL string literals, which Tempo reads with Go's unquoting: JSON's string escaping
 * (\" \\ \n \uXXXX) is a subset of it, so JSON.stringify gives a literal that cannot end early.
 */

/** A TraceQL string literal holding exactly `value`. */
export function traceqlString(value: string): string {
  return JSON.stringify(value);
}

const PLAIN_ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/**
 * A span attribute reference. Names of letters, digits, `_` and `.` are written as they are;
 * others (`-`, `/`, already limited by the route's validation) in TraceQL's quoted form.
 */
export function traceqlSpanAttribute(key: string): string {
  return PLAIN_ATTRIBUTE.test(key)
    ? `span.${key}`
    : `span.${traceqlString(key)}`;
}

/**
 * One spanset filter: a span of the entity's service that meets every filter, which is what
 * Jaeger's search means by the same fields. Durations are the span's, in whole microseconds.
 */
export function buildTraceQL(
  search: Omit<TraceSearch, 'startUs' | 'endUs' | 'limit'>,
): string {
  const conditions = [
    `resource.service.name = ${traceqlString(search.service)}`,
  ];
  if (search.operation)
    conditions.push(`name = ${traceqlString(search.operation)}`);
  if (search.minDurationUs !== undefined) {
    conditions.push(`duration >= ${Math.round(search.minDurationUs)}us`);
  }
  if (search.maxDurationUs !== undefined) {
    conditions.push(`duration <= ${Math.round(search.maxDurationUs)}us`);
  }
  if (search.errorOnly) conditions.push('status = error');
  for (const { key, value } of search.attributes) {
    conditions.push(`${traceqlSpanAttribute(key)} = ${traceqlString(value)}`);
  }
  return `{ ${conditions.join(' && ')} }`;
}
