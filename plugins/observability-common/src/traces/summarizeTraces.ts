import { TraceSpan, TraceSummary } from './model';

/**
 * Spans of many traces (Jaeger's api_v3 search merges every match into one `resourceSpans`
 * array) grouped by trace id, one summary each, newest first.
 *
 * @public
 */
export function summarizeTraces(spans: readonly TraceSpan[]): TraceSummary[] {
  const byTrace = new Map<string, TraceSpan[]>();
  for (const span of spans) {
    const trace = byTrace.get(span.traceId);
    if (trace) trace.push(span);
    else byTrace.set(span.traceId, [span]);
  }
  return [...byTrace.entries()]
    .map(([traceId, trace]) => summarizeTrace(traceId, trace))
    .sort(
      (a, b) => b.startUs - a.startUs || a.traceId.localeCompare(b.traceId),
    );
}

function summarizeTrace(traceId: string, spans: TraceSpan[]): TraceSummary {
  const ids = new Set(spans.map(s => s.spanId));
  const start = Math.min(...spans.map(s => s.startUs));
  const end = Math.max(...spans.map(s => s.startUs + s.durationUs));
  // A root has no parent, or a parent this response does not hold (a partial trace).
  const root =
    spans.find(s => !s.parentSpanId) ??
    [...spans]
      .filter(s => !ids.has(s.parentSpanId!))
      .sort((a, b) => a.startUs - b.startUs)[0] ??
    spans[0];
  return {
    traceId,
    rootService: root.service,
    rootOperation: root.name,
    startUs: start,
    durationUs: end - start,
    spanCount: spans.length,
    errorCount: spans.filter(s => s.status === 'error').length,
    services: [...new Set(spans.map(s => s.service))].sort(),
  };
}
