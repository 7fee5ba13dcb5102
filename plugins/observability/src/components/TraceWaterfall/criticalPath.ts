import type { TraceSpan } from '@stagewatch/backstage-plugin-observability-common';

/**
 * The spans on the trace's critical path: what the root waited for. From the root's end, walk
 * back: the child that ended last before the current point is on the path (it is what the parent
 * was waiting for), then continue from that child's start; within each child, the same walk.
 * Children that end after their parent are clipped to it. This is the walk Jaeger UI's critical
 * path does, at span granularity.
 */
export function criticalPath(spans: readonly TraceSpan[]): Set<string> {
  const byId = new Map<string, TraceSpan>();
  for (const s of spans) if (!byId.has(s.spanId)) byId.set(s.spanId, s);
  const children = new Map<string, TraceSpan[]>();
  for (const s of byId.values()) {
    if (
      s.parentSpanId &&
      s.parentSpanId !== s.spanId &&
      byId.has(s.parentSpanId)
    ) {
      const list = children.get(s.parentSpanId);
      if (list) list.push(s);
      else children.set(s.parentSpanId, [s]);
    }
  }
  const roots = [...byId.values()].filter(
    s => !s.parentSpanId || !byId.has(s.parentSpanId),
  );
  if (roots.length === 0) return new Set();
  // The root that ends last is the one the trace waited for.
  const root = roots.reduce((a, b) =>
    b.startUs + b.durationUs > a.startUs + a.durationUs ? b : a,
  );

  const onPath = new Set<string>();
  // Work items: a span and the time its critical stretch ends at.
  const work: Array<{ span: TraceSpan; until: number }> = [
    { span: root, until: root.startUs + root.durationUs },
  ];
  while (work.length) {
    const { span, until } = work.pop()!;
    if (onPath.has(span.spanId)) continue;
    onPath.add(span.spanId);
    const kids = [...(children.get(span.spanId) ?? [])].sort(
      (a, b) => b.startUs + b.durationUs - (a.startUs + a.durationUs),
    );
    let cursor = until;
    for (const kid of kids) {
      const kidEnd = Math.min(kid.startUs + kid.durationUs, cursor);
      // Only a child that was running before the cursor can be what the parent waited for.
      if (kid.startUs >= cursor || kidEnd <= span.startUs) continue;
      work.push({ span: kid, until: kidEnd });
      cursor = kid.startUs;
      if (cursor <= span.startUs) break;
    }
  }
  return onPath;
}
