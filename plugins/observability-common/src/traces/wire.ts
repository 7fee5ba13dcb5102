import type { TraceSpan, TraceSummary } from './model';

/** Which API a trace instance speaks, as detected by the backend. @public */
export type TraceApi = 'jaeger-api-v3' | 'jaeger-v1' | 'tempo';

/**
 * Link templates of a trace instance, as configured (`{traceId}`, `{spanId}`, `{service}`,
 * `{start}`, `{end}`); the frontend fills them with `fillTraceLink` and links only http(s).
 * @public
 */
export interface TraceLinkTemplates {
  /** The trace in the instance's own UI (Jaeger UI, Grafana Explore). */
  trace?: string;
  /** Logs of a trace or of one span (Loki, Kibana, anything with a URL). */
  logs?: string;
}

/** Where an entity's traces come from. @public */
export interface TraceSource {
  instance: string;
  type: 'jaeger' | 'tempo';
  /** The entity's `service.name`, from its annotation. */
  service: string;
  links: TraceLinkTemplates;
}

/** `GET /entities/:kind/:namespace/:name/traces`. @public */
export interface TracesResponse extends TraceSource {
  /** Newest first. */
  traces: TraceSummary[];
  /** The window that was searched, in seconds. */
  from: number;
  to: number;
  warnings: string[];
}

/** `GET /entities/:kind/:namespace/:name/traces/:traceId`: every span of the trace. @public */
export interface TraceResponse extends TraceSource {
  traceId: string;
  spans: TraceSpan[];
}

/** `GET /entities/:kind/:namespace/:name/traces/operations`. @public */
export interface TraceOperationsResponse extends TraceSource {
  operations: string[];
}

/** One exemplar of the latency histogram: a measured request and its trace. @public */
export interface LatencyExemplar {
  traceId: string;
  spanId?: string;
  /** Seconds since the epoch. */
  time: number;
  /** The observed latency in seconds. */
  value: number;
  /** The series' labels (route, status code, ...). */
  labels: Record<string, string>;
}

/** `GET /entities/:kind/:namespace/:name/exemplars`. @public */
export interface ExemplarsResponse {
  exemplars: LatencyExemplar[];
  /** Why there are none, when the backend can tell (no exemplar storage, no trace ids). */
  warnings: string[];
}

/** A trace instance in `/health`. @public */
export interface TraceInstanceStatus {
  name: string;
  type: 'jaeger' | 'tempo';
  status: 'up' | 'down';
  /** The API it answered on; absent while down. */
  api?: TraceApi;
  error?: string;
}
