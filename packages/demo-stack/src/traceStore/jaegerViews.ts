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

const KIND_NAMES = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

export function jaegerV1Trace(traceId: string, spans: StoredSpan[]) {
  const processes: Record<string, { serviceName: string; tags: unknown[] }> =
    {};
  const processOf = new Map<string, string>();
  for (const s of spans) {
    if (!processOf.has(s.service)) {
      const id = `p${processOf.size + 1}`;
      processOf.set(s.service, id);
      processes[id] = { serviceName: s.service, tags: [] };
    }
  }
  return {
    data: [
      {
        traceID: traceId,
        spans: spans.map(s => {
          const parent =
            typeof s.raw.parentSpanId === 'string' ? s.raw.parentSpanId : '';
          const tags = [...s.tags.entries()]
            .filter(([k]) => k !== 'service.name')
            .map(([key, value]) => ({ key, type: 'string', value }));
          tags.push({
            key: 'span.kind',
            type: 'string',
            value: KIND_NAMES[s.kind] ?? 'unspecified',
          });
          if (s.error) tags.push({ key: 'error', type: 'bool', value: 'true' });
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
            logs: [],
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
