import {
  SpanKind,
  SpanStatus,
  TraceAttributes,
  TraceSpan,
} from '@internal/backstage-plugin-observability-common';

/*
 * OTLP/JSON (`{resourceSpans: [...]}`, what Jaeger's api_v3 returns under `result`) into the
 * plugin's span model. The payload is untrusted: anything not of the expected shape is skipped
 * or read as empty, never thrown on, and ids must be lowercase hex of OTLP's lengths.
 */

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const KINDS: SpanKind[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];
const STATUSES: SpanStatus[] = ['unset', 'ok', 'error'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** An OTLP AnyValue as text (arrays and maps as JSON). */
function valueText(value: unknown): string {
  if (!isObject(value)) return '';
  if (typeof value.stringValue === 'string') return value.stringValue;
  if (typeof value.boolValue === 'boolean') return String(value.boolValue);
  // jsonpb writes int64 as a decimal string.
  if (typeof value.intValue === 'string' || typeof value.intValue === 'number')
    return String(value.intValue);
  if (typeof value.doubleValue === 'number') return String(value.doubleValue);
  if (isObject(value.arrayValue))
    return JSON.stringify(list(value.arrayValue.values).map(valueText));
  if (isObject(value.kvlistValue))
    return JSON.stringify(attributes(value.kvlistValue.values));
  if (typeof value.bytesValue === 'string') return value.bytesValue;
  return '';
}

function attributes(v: unknown): TraceAttributes {
  const out: TraceAttributes = {};
  for (const kv of list(v)) {
    if (isObject(kv) && typeof kv.key === 'string')
      out[kv.key] = valueText(kv.value);
  }
  return out;
}

/** Nanoseconds (a decimal string in jsonpb) to microseconds; undefined when not a number. */
function micros(v: unknown): number | undefined {
  const s = typeof v === 'number' ? String(Math.trunc(v)) : text(v);
  if (!/^\d{1,20}$/.test(s)) return undefined;
  return Number(BigInt(s) / 1000n);
}

function normalizeSpan(
  span: unknown,
  resource: TraceAttributes,
): TraceSpan | undefined {
  if (!isObject(span)) return undefined;
  const traceId = text(span.traceId).toLowerCase();
  const spanId = text(span.spanId).toLowerCase();
  if (!TRACE_ID.test(traceId) || !SPAN_ID.test(spanId)) return undefined;
  const parent = text(span.parentSpanId).toLowerCase();
  const start = micros(span.startTimeUnixNano) ?? 0;
  const end = micros(span.endTimeUnixNano) ?? start;
  const status = isObject(span.status) ? span.status : {};
  const kind = typeof span.kind === 'number' ? KINDS[span.kind] : undefined;
  const code =
    typeof status.code === 'number' ? STATUSES[status.code] : undefined;
  return {
    traceId,
    spanId,
    ...(SPAN_ID.test(parent) ? { parentSpanId: parent } : {}),
    service: resource['service.name'] ?? '',
    name: text(span.name),
    kind: kind ?? 'unspecified',
    startUs: start,
    durationUs: Math.max(0, end - start),
    status: code ?? 'unset',
    ...(text(status.message) ? { statusMessage: text(status.message) } : {}),
    attributes: attributes(span.attributes),
    resource,
    events: list(span.events)
      .filter(isObject)
      .map(e => ({
        timeUs: micros(e.timeUnixNano) ?? start,
        name: text(e.name),
        attributes: attributes(e.attributes),
      })),
    links: list(span.links)
      .filter(isObject)
      .map(l => ({
        traceId: text(l.traceId).toLowerCase(),
        spanId: text(l.spanId).toLowerCase(),
      }))
      .filter(l => TRACE_ID.test(l.traceId) && SPAN_ID.test(l.spanId)),
  };
}

/** Every well-formed span of an OTLP/JSON `{resourceSpans}` payload. */
export function normalizeOtlpSpans(payload: unknown): TraceSpan[] {
  if (!isObject(payload)) return [];
  const spans: TraceSpan[] = [];
  for (const rs of list(payload.resourceSpans)) {
    if (!isObject(rs)) continue;
    const resource = attributes(
      isObject(rs.resource) ? rs.resource.attributes : undefined,
    );
    for (const ss of list(rs.scopeSpans)) {
      if (!isObject(ss)) continue;
      for (const span of list(ss.spans)) {
        const normalized = normalizeSpan(span, resource);
        if (normalized) spans.push(normalized);
      }
    }
  }
  return spans;
}
