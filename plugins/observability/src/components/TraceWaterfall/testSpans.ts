import type { TraceSpan } from '@stagewatch/backstage-plugin-observability-common';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

/** A span for tests: ids from a short name, times in ms from the trace start. */
export function span(
  id: string,
  parent: string | undefined,
  startMs: number,
  durationMs: number,
  over: Partial<TraceSpan> = {},
): TraceSpan {
  return {
    traceId: TRACE,
    spanId: id.padStart(16, '0'),
    ...(parent ? { parentSpanId: parent.padStart(16, '0') } : {}),
    service: 'checkout',
    name: `op-${id}`,
    kind: 'internal',
    startUs: 1_800_000_000_000_000 + startMs * 1000,
    durationUs: durationMs * 1000,
    status: 'unset',
    attributes: {},
    resource: {},
    events: [],
    links: [],
    ...over,
  };
}

export const id = (short: string) => short.padStart(16, '0');
