import {
  SpanKind,
  SpanStatus,
  TraceAttributes,
  TraceSpan,
} from '@stagewatch/backstage-plugin-observability-common';
import { isObject, list, text } from './untrustedJson';

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

/*
 * Jaeger writes OTLP ids as hex; protobuf's own JSON mapping (Tempo's answers) writes bytes as
 * base64: 24 characters for a trace id, 12 for a span id. The lengths differ from hex, so both
 * are read.
 */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
function otlpId(v: unknown, bytes: 16 | 8): string {
  const s = text(v);
  if (s.length === bytes * 2) return s.toLowerCase();
  if (s.length === Math.ceil(bytes / 3) * 4 && BASE64.test(s)) {
    const decoded = Buffer.from(s, 'base64');
    if (decoded.length === bytes) return decoded.toString('hex');
  }
  return '';
}

/**
 * An OTLP enum: Jaeger writes its number, protobuf's JSON mapping (Tempo) its name, e.g.
 * `SPAN_KIND_SERVER` or `STATUS_CODE_ERROR`.
 */
function enumValue<T extends string>(
  v: unknown,
  values: readonly T[],
  prefix: string,
): T | undefined {
  if (typeof v === 'number') return values[v];
  if (typeof v !== 'string' || !v.startsWith(prefix)) return undefined;
  const name = v.slice(prefix.length).toLowerCase();
  return values.find(value => value === name);
}

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
  const traceId = otlpId(span.traceId, 16);
  const spanId = otlpId(span.spanId, 8);
  if (!TRACE_ID.test(traceId) || !SPAN_ID.test(spanId)) return undefined;
  const parent = otlpId(span.parentSpanId, 8);
  const start = micros(span.startTimeUnixNano) ?? 0;
  const end = micros(span.endTimeUnixNano) ?? start;
  const status = isObject(span.status) ? span.status : {};
  const kind = enumValue(span.kind, KINDS, 'SPAN_KIND_');
  const code = enumValue(status.code, STATUSES, 'STATUS_CODE_');
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
        traceId: otlpId(l.traceId, 16),
        spanId: otlpId(l.spanId, 8),
      }))
      .filter(l => TRACE_ID.test(l.traceId) && SPAN_ID.test(l.spanId)),
  };
}

/**
 * Every well-formed span of an OTLP/JSON `{resourceSpans}` payload: Jaeger's api_v3 `result`,
 * or Tempo's `/api/v2/traces/{id}` `trace` (an unknown id gives an empty trace: no spans).
 */
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
