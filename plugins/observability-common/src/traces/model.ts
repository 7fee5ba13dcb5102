/**
 * One model for spans from Jaeger (api_v3 and v1) and Tempo, in OTLP's vocabulary. Times are
 * microseconds since the epoch, as both Jaeger APIs and the waterfall use them.
 */

/** @public */
export type SpanKind =
  | 'unspecified'
  | 'internal'
  | 'server'
  | 'client'
  | 'producer'
  | 'consumer';

/** @public */
export type SpanStatus = 'unset' | 'ok' | 'error';

/** An attribute value as text: trace backends are untrusted and only ever shown. @public */
export type TraceAttributes = Record<string, string>;

/** @public */
export interface TraceSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service: string;
  name: string;
  kind: SpanKind;
  startUs: number;
  durationUs: number;
  status: SpanStatus;
  statusMessage?: string;
  attributes: TraceAttributes;
  resource: TraceAttributes;
  events: Array<{ timeUs: number; name: string; attributes: TraceAttributes }>;
  links: Array<{ traceId: string; spanId: string }>;
}

/** A trace in a list: what its spans say about it. @public */
export interface TraceSummary {
  traceId: string;
  /** The root span's service and name; the earliest span's when the root is missing. */
  rootService: string;
  rootOperation: string;
  startUs: number;
  durationUs: number;
  spanCount: number;
  errorCount: number;
  /** Every service with a span in the trace, sorted. */
  services: string[];
}
