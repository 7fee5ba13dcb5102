import { StoredSpan } from './spanStore';

/*
 * The stand-in's answers in Jaeger's own shapes: api_v3's OTLP JSON (`{result: {resourceSpans}}`,
 * hex ids, nanosecond strings, enum numbers) and v1's `{data: [Trace]}` for trace by id.
 */

export function otlpResult(spans: StoredSpan[]) {
  return {
    result: {
      resourceSpans: spans.map(s => ({
        resource: s.resource,
        scopeSpans: [
          {
            scope: s.scope,
            spans: [
              {
                ...s.raw,
                startTimeUnixNano: s.startNs.toString(),
                endTimeUnixNano: s.endNs.toString(),
              },
            ],
          },
        ],
      })),
    },
  };
}

/** OTLP span kinds by their enum number, as Jaeger names them. */
export const KIND_NAMES = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

interface V1Tag {
  key: string;
  type: string;
  value: unknown;
}

/** An OTLP attribute as a v1 typed tag; int64 values beyond 2^53 stay text, as Jaeger sends them. */
function v1Tag(key: string, value: unknown): V1Tag {
  const v = isObject(value) ? value : {};
  if (typeof v.boolValue === 'boolean') {
    return { key, type: 'bool', value: v.boolValue };
  }
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return {
      key,
      type: 'int64',
      value: Number.isSafeInteger(n) ? n : String(v.intValue),
    };
  }
  if (typeof v.doubleValue === 'number') {
    return { key, type: 'float64', value: v.doubleValue };
  }
  if (typeof v.bytesValue === 'string') {
    return { key, type: 'binary', value: v.bytesValue };
  }
  if (typeof v.stringValue === 'string') {
    return { key, type: 'string', value: v.stringValue };
  }
  // Arrays and maps: Jaeger renders them as JSON text.
  return { key, type: 'string', value: JSON.stringify(value ?? null) };
}

function v1Tags(attributes: unknown, skip?: string): V1Tag[] {
  const tags: V1Tag[] = [];
  for (const kv of Array.isArray(attributes) ? attributes : []) {
    if (isObject(kv) && typeof kv.key === 'string' && kv.key !== skip) {
      tags.push(v1Tag(kv.key, kv.value));
    }
  }
  return tags;
}

function v1Logs(events: unknown) {
  const logs: Array<{ timestamp: number; fields: V1Tag[] }> = [];
  for (const e of Array.isArray(events) ? events : []) {
    if (!isObject(e)) continue;
    const ns = Number(e.timeUnixNano);
    logs.push({
      timestamp: Number.isFinite(ns) ? Math.floor(ns / 1000) : 0,
      fields: [
        { key: 'event', type: 'string', value: String(e.name ?? '') },
        ...v1Tags(e.attributes),
      ],
    });
  }
  return logs;
}

/**
 * Jaeger v1's trace by id (`{data: [Trace]}`), as Jaeger converts OTLP: resource attributes are
 * the process's tags, span attributes its tags, plus `otel.scope.name`, `span.kind` and, for
 * status ERROR, `error: true`; span events are its logs.
 */
export function jaegerV1Trace(traceId: string, spans: StoredSpan[]) {
  const processes: Record<string, { serviceName: string; tags: V1Tag[] }> = {};
  const processOf = new Map<string, string>();
  for (const s of spans) {
    if (!processOf.has(s.service)) {
      const id = `p${processOf.size + 1}`;
      processOf.set(s.service, id);
      const resource = isObject(s.resource) ? s.resource : {};
      processes[id] = {
        serviceName: s.service,
        tags: v1Tags(resource.attributes, 'service.name'),
      };
    }
  }
  return {
    data: [
      {
        traceID: traceId,
        spans: spans.map(s => {
          const parent =
            typeof s.raw.parentSpanId === 'string' ? s.raw.parentSpanId : '';
          const scope = isObject(s.scope) ? s.scope : {};
          const tags: V1Tag[] = [];
          if (typeof scope.name === 'string' && scope.name) {
            tags.push({
              key: 'otel.scope.name',
              type: 'string',
              value: scope.name,
            });
          }
          tags.push(...v1Tags(s.raw.attributes));
          tags.push({
            key: 'span.kind',
            type: 'string',
            value: KIND_NAMES[s.kind] ?? 'unspecified',
          });
          if (s.error) {
            tags.push({
              key: 'otel.status_code',
              type: 'string',
              value: 'ERROR',
            });
            tags.push({ key: 'error', type: 'bool', value: true });
          }
          return {
            traceID: traceId,
            spanID: s.spanId,
            operationName: s.name,
            references: parent
              ? [{ refType: 'CHILD_OF', traceID: traceId, spanID: parent }]
              : [],
            startTime: Number(s.startNs / 1000n),
            duration: Number((s.endNs - s.startNs) / 1000n),
            tags,
            logs: v1Logs(s.raw.events),
            processID: processOf.get(s.service),
            warnings: null,
          };
        }),
        processes,
        warnings: null,
      },
    ],
    total: 0,
    limit: 0,
    offset: 0,
    errors: null,
  };
}

/** Jaeger v1's error envelope, e.g. for a trace it does not have. */
export function jaegerV1Error(code: number, msg: string) {
  return {
    data: null,
    total: 0,
    limit: 0,
    offset: 0,
    errors: [{ code, msg }],
  };
}
