import {
  SpanKind,
  TraceAttributes,
  TraceSpan,
} from '@stagewatch/backstage-plugin-observability-common';
import { isObject, Json, list, text } from './untrustedJson';

/*
 * Jaeger's v1 JSON (`{data: [Trace]}` from `/api/traces` and `/api/traces/{id}`) into the
 * plugin's span model. Untrusted like every upstream answer: malformed parts are skipped, never
 * thrown on. v1 ids may be 64-bit (16 hex digits); they are padded to OTLP's 32 so that ids
 * from v1, api_v3 and exemplars compare equal.
 */

const HEX_ID = /^[0-9a-f]{1,32}$/;
const KINDS: Record<string, SpanKind> = {
  internal: 'internal',
  server: 'server',
  client: 'client',
  producer: 'producer',
  consumer: 'consumer',
};

const count = (v: unknown): number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.trunc(v) : 0;

function id(v: unknown, length: 16 | 32): string | undefined {
  const s = text(v).toLowerCase();
  return HEX_ID.test(s) && s.length <= length
    ? s.padStart(length, '0')
    : undefined;
}

/** Typed tags (string, bool, int64 — a string above 2^53 —, float64, binary) as text. */
function tags(v: unknown): TraceAttributes {
  const out: TraceAttributes = {};
  for (const tag of list(v)) {
    if (!isObject(tag) || typeof tag.key !== 'string') continue;
    const value = tag.value;
    out[tag.key] =
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
        ? String(value)
        : '';
  }
  return out;
}

function normalizeSpan(span: unknown, processes: Json): TraceSpan | undefined {
  if (!isObject(span)) return undefined;
  const traceId = id(span.traceID, 32);
  const spanId = id(span.spanID, 16);
  if (!traceId || !spanId) return undefined;
  const byId = processes[text(span.processID)];
  // The trace's processes map, or (in some v1 payloads) the span's own process.
  let process: Json = {};
  if (isObject(byId)) process = byId;
  else if (isObject(span.process)) process = span.process;
  const service = text(process.serviceName);
  const attributes = tags(span.tags);
  const references = list(span.references)
    .filter(isObject)
    .map(r => ({
      type: text(r.refType),
      traceId: id(r.traceID, 32),
      spanId: id(r.spanID, 16),
    }))
    .filter(
      (r): r is { type: string; traceId: string; spanId: string } =>
        !!r.traceId && !!r.spanId,
    );
  // The parent: the first CHILD_OF within the trace; every other reference is a link.
  const parent = references.find(
    r => r.type === 'CHILD_OF' && r.traceId === traceId,
  );
  const error =
    attributes.error === 'true' || attributes['otel.status_code'] === 'ERROR';
  let status: TraceSpan['status'] = 'unset';
  if (error) status = 'error';
  else if (attributes['otel.status_code'] === 'OK') status = 'ok';
  const startUs = count(span.startTime);
  return {
    traceId,
    spanId,
    ...(parent ? { parentSpanId: parent.spanId } : {}),
    service,
    name: text(span.operationName),
    kind: KINDS[attributes['span.kind'] ?? ''] ?? 'unspecified',
    startUs,
    durationUs: count(span.duration),
    status,
    ...(attributes['otel.status_description']
      ? { statusMessage: attributes['otel.status_description'] }
      : {}),
    attributes,
    resource: { ...tags(process.tags), 'service.name': service },
    events: list(span.logs)
      .filter(isObject)
      .map(log => {
        const fields = tags(log.fields);
        return {
          timeUs: count(log.timestamp) || startUs,
          name: fields.event ?? '',
          attributes: fields,
        };
      }),
    links: references
      .filter(r => r !== parent)
      .map(r => ({ traceId: r.traceId, spanId: r.spanId })),
  };
}

/** Every well-formed span of one v1 trace object (`data[i]`). */
export function normalizeJaegerV1Trace(trace: unknown): TraceSpan[] {
  if (!isObject(trace)) return [];
  const processes = isObject(trace.processes) ? trace.processes : {};
  return list(trace.spans)
    .map(span => normalizeSpan(span, processes))
    .filter((s): s is TraceSpan => s !== undefined);
}

/** Every span of a v1 response `{data: [Trace]}`. */
export function normalizeJaegerV1Response(body: unknown): TraceSpan[] {
  return isObject(body) ? list(body.data).flatMap(normalizeJaegerV1Trace) : [];
}
