import type { TraceSpan } from '@stagewatch/backstage-plugin-observability-common';

/** A span in the waterfall's depth-first order. */
export interface SpanRow {
  span: TraceSpan;
  depth: number;
  /** Spans below it, at any depth: what collapsing it hides. */
  descendants: number;
  hasChildren: boolean;
  /** Its parent is not in the trace (a partial trace): shown as a root. */
  orphan: boolean;
}

export interface SpanTree {
  rows: SpanRow[];
  /** Trace start and end in µs. */
  startUs: number;
  endUs: number;
  orphans: number;
}

/**
 * The spans as a tree in depth-first order, children by start time. Trace data is untrusted:
 * a repeated span id keeps its first span, and a parent cycle cannot loop (each span is placed
 * once; spans only reachable through a cycle become roots).
 */
export function buildSpanTree(spans: readonly TraceSpan[]): SpanTree {
  const byId = new Map<string, TraceSpan>();
  for (const span of spans)
    if (!byId.has(span.spanId)) byId.set(span.spanId, span);
  const unique = [...byId.values()];
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const span of unique) {
    const parent = span.parentSpanId;
    if (parent && parent !== span.spanId && byId.has(parent)) {
      const list = children.get(parent);
      if (list) list.push(span);
      else children.set(parent, [span]);
    } else roots.push(span);
  }
  const byStart = (a: TraceSpan, b: TraceSpan) =>
    a.startUs - b.startUs || a.name.localeCompare(b.name);
  for (const list of children.values()) list.sort(byStart);
  roots.sort(byStart);

  const rows: SpanRow[] = [];
  const placed = new Set<string>();
  let orphans = 0;
  const visit = (root: TraceSpan) => {
    // An explicit stack: a 10,000-span chain must not overflow the call stack.
    const stack: Array<{ span: TraceSpan; depth: number; orphan: boolean }> = [
      {
        span: root,
        depth: 0,
        orphan: Boolean(root.parentSpanId && root.parentSpanId !== root.spanId),
      },
    ];
    while (stack.length) {
      const { span, depth, orphan } = stack.pop()!;
      if (placed.has(span.spanId)) continue;
      placed.add(span.spanId);
      if (orphan) orphans++;
      const kids = (children.get(span.spanId) ?? []).filter(
        k => !placed.has(k.spanId),
      );
      rows.push({
        span,
        depth,
        descendants: 0,
        hasChildren: kids.length > 0,
        orphan,
      });
      for (let i = kids.length - 1; i >= 0; i--) {
        stack.push({ span: kids[i], depth: depth + 1, orphan: false });
      }
    }
  };
  roots.forEach(visit);
  // Spans only reachable through a parent cycle.
  unique
    .filter(s => !placed.has(s.spanId))
    .sort(byStart)
    .forEach(visit);

  // Descendant counts from the order: a row's subtree is the following rows deeper than it.
  const open: number[] = [];
  rows.forEach((row, i) => {
    while (open.length && rows[open[open.length - 1]].depth >= row.depth)
      open.pop();
    for (const j of open) rows[j].descendants++;
    open.push(i);
  });

  let startUs = Infinity;
  let endUs = -Infinity;
  for (const { span } of rows) {
    startUs = Math.min(startUs, span.startUs);
    endUs = Math.max(endUs, span.startUs + span.durationUs);
  }
  if (!Number.isFinite(startUs)) startUs = endUs = 0;
  return { rows, startUs, endUs, orphans };
}

/** The rows shown when the spans in `collapsed` have their subtrees hidden. */
export function visibleRows(
  rows: readonly SpanRow[],
  collapsed: ReadonlySet<string>,
): SpanRow[] {
  if (collapsed.size === 0) return rows as SpanRow[];
  const shown: SpanRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    shown.push(rows[i]);
    if (collapsed.has(rows[i].span.spanId)) i += rows[i].descendants;
  }
  return shown;
}
