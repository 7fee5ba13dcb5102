import {
  TraceApi,
  TraceSpan,
  TraceSummary,
} from '@stagewatch/backstage-plugin-observability-common';

/**
 * Structured search filters. Only the backend turns them into an API's syntax (Jaeger's query
 * parameters, Tempo's TraceQL), escaping every value: nothing the caller writes is sent as
 * query language. Validated by `parseTraceFilters` before they get here.
 */
export interface TraceFilters {
  operation?: string;
  minDurationUs?: number;
  maxDurationUs?: number;
  /** Only traces with a span in error. */
  errorOnly?: boolean;
  /** Span attribute equals value, all of them. */
  attributes: Array<{ key: string; value: string }>;
}

export interface TraceSearch extends TraceFilters {
  /** Always the entity's annotation, never the caller's. */
  service: string;
  /** Microseconds since the epoch. */
  startUs: number;
  endUs: number;
  limit: number;
}

/** One trace backend (a Jaeger or a Tempo), answering in the -common model. */
export interface TraceBackend {
  readonly name: string;
  readonly type: 'jaeger' | 'tempo';
  /** Summaries of matching traces, newest first; an empty search is `[]`, not an error. */
  search(query: TraceSearch): Promise<TraceSummary[]>;
  /** Every span of the trace; `[]` when the backend does not know it. */
  trace(traceId: string): Promise<TraceSpan[]>;
  /** The service's operation (span) names, sorted. */
  operations(service: string): Promise<string[]>;
  /** Which API the instance speaks; throws when it is down. */
  api(): Promise<TraceApi>;
}
