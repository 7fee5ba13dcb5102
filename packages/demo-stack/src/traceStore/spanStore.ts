/*
 * The demo's trace store: a STAND-IN FOR JAEGER, for the demo only. No Jaeger, Tempo or Zipkin
 * can be installed on these machines, so the demo services send their OTLP spans here and the
 * portal reads them through Jaeger's api_v3, exactly as it would read a real Jaeger. It keeps
 * recent spans in memory and nothing else: not a trace backend, and the plugin never depends on it.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** One OTLP span as received, with what searches need read out of it. */
export interface StoredSpan {
  traceId: string;
  spanId: string;
  service: string;
  name: string;
  kind: number;
  startNs: bigint;
  endNs: bigint;
  error: boolean;
  /** Span and resource attributes as text, for attribute filters. */
  tags: Map<string, string>;
  resource: unknown;
  scope: unknown;
  /** The span as sent, returned as it came. */
  raw: Json;
}

export interface SpanQuery {
  service: string;
  operation?: string;
  startMinNs: bigint;
  startMaxNs: bigint;
  durationMinNs?: bigint;
  durationMaxNs?: bigint;
  attributes: Record<string, string>;
  limit: number;
}

const HEX_TRACE = /^[0-9a-f]{32}$/;
const HEX_SPAN = /^[0-9a-f]{16}$/;

function anyValueText(v: unknown): string {
  if (!isObject(v)) return '';
  for (const key of ['stringValue', 'intValue', 'doubleValue', 'boolValue']) {
    if (v[key] !== undefined) return String(v[key]);
  }
  return '';
}

function attributeMap(v: unknown): Map<string, string> {
  const map = new Map<string, string>();
  for (const kv of list(v)) {
    if (isObject(kv) && typeof kv.key === 'string') {
      map.set(kv.key, anyValueText(kv.value));
    }
  }
  return map;
}

function nanos(v: unknown): bigint | undefined {
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) {
    return BigInt(Math.round(v));
  }
  return undefined;
}

export class MalformedOtlpError extends Error {}

/** Recent spans in memory, oldest evicted first beyond `maxSpans`. */
export class SpanStore {
  private readonly spans: StoredSpan[] = [];
  private readonly byTrace = new Map<string, StoredSpan[]>();

  constructor(readonly maxSpans = 20_000) {}

  get size(): number {
    return this.spans.length;
  }

  /**
   * Takes an OTLP/HTTP JSON export request (`{resourceSpans: [...]}`); spans without valid ids
   * or times are dropped. A body that is not such a request is refused whole.
   */
  ingest(body: unknown): number {
    if (!isObject(body) || !Array.isArray(body.resourceSpans)) {
      throw new MalformedOtlpError(
        'expected an OTLP JSON export request with resourceSpans',
      );
    }
    let accepted = 0;
    for (const rs of body.resourceSpans) {
      if (!isObject(rs)) continue;
      const resource = isObject(rs.resource) ? rs.resource : {};
      const resourceTags = attributeMap(resource.attributes);
      const service = resourceTags.get('service.name') ?? 'unknown_service';
      for (const ss of list(rs.scopeSpans)) {
        if (!isObject(ss)) continue;
        for (const raw of list(ss.spans)) {
          if (!isObject(raw)) continue;
          const traceId = String(raw.traceId ?? '').toLowerCase();
          const spanId = String(raw.spanId ?? '').toLowerCase();
          const startNs = nanos(raw.startTimeUnixNano);
          const endNs = nanos(raw.endTimeUnixNano);
          if (!HEX_TRACE.test(traceId) || !HEX_SPAN.test(spanId)) continue;
          if (startNs === undefined || endNs === undefined) continue;
          const tags = new Map([
            ...resourceTags,
            ...attributeMap(raw.attributes),
          ]);
          const status = isObject(raw.status) ? raw.status : {};
          this.add({
            traceId,
            spanId,
            service,
            name: typeof raw.name === 'string' ? raw.name : '',
            kind: typeof raw.kind === 'number' ? raw.kind : 0,
            startNs,
            endNs: endNs < startNs ? startNs : endNs,
            error: status.code === 2,
            tags,
            resource,
            scope: ss.scope ?? {},
            raw: { ...raw, traceId, spanId },
          });
          accepted++;
        }
      }
    }
    return accepted;
  }

  private add(span: StoredSpan) {
    this.spans.push(span);
    const trace = this.byTrace.get(span.traceId);
    if (trace) trace.push(span);
    else this.byTrace.set(span.traceId, [span]);
    while (this.spans.length > this.maxSpans) {
      const old = this.spans.shift()!;
      const rest = (this.byTrace.get(old.traceId) ?? []).filter(s => s !== old);
      if (rest.length) this.byTrace.set(old.traceId, rest);
      else this.byTrace.delete(old.traceId);
    }
  }

  services(): string[] {
    return [...new Set(this.spans.map(s => s.service))].sort();
  }

  operations(
    service: string,
    kind?: number,
  ): Array<{ name: string; kind: number }> {
    const seen = new Map<string, number>();
    for (const s of this.spans) {
      if (s.service !== service || (kind !== undefined && s.kind !== kind))
        continue;
      seen.set(`${s.name}\u0000${s.kind}`, s.kind);
    }
    return [...seen.entries()]
      .map(([key, k]) => ({ name: key.split('\u0000')[0], kind: k }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  trace(traceId: string): StoredSpan[] {
    return this.byTrace.get(traceId) ?? [];
  }

  /**
   * Traces with a span of the service matching every filter (as Jaeger's search does), newest
   * first, each returned whole. `error: "true"` matches spans with status ERROR.
   */
  find(query: SpanQuery): StoredSpan[][] {
    const matched = new Map<string, bigint>();
    for (let i = this.spans.length - 1; i >= 0; i--) {
      const s = this.spans[i];
      if (s.service !== query.service) continue;
      if (query.operation && s.name !== query.operation) continue;
      if (s.startNs < query.startMinNs || s.startNs > query.startMaxNs)
        continue;
      const duration = s.endNs - s.startNs;
      if (query.durationMinNs !== undefined && duration < query.durationMinNs)
        continue;
      if (query.durationMaxNs !== undefined && duration > query.durationMaxNs)
        continue;
      const tagsMatch = Object.entries(query.attributes).every(([k, v]) =>
        k === 'error' ? String(s.error) === v : s.tags.get(k) === v,
      );
      if (!tagsMatch) continue;
      const seen = matched.get(s.traceId);
      if (seen === undefined || s.startNs > seen)
        matched.set(s.traceId, s.startNs);
    }
    return [...matched.entries()]
      .sort((a, b) => (b[1] > a[1] ? 1 : -1))
      .slice(0, query.limit)
      .map(([traceId]) => this.trace(traceId));
  }
}
