import type { TraceSpan } from '@stagewatch/backstage-plugin-observability-common';

/**
 * A synthetic trace shaped like real ones: eight services, a fan-out of up to six calls per span,
 * about ten levels deep, children inside their parent's time, every 50th span in error.
 * Deterministic (a fixed-seed generator), so every arm draws the same trace.
 */
export function syntheticTrace(count: number): TraceSpan[] {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const services = [
    'checkout',
    'payments',
    'inventory',
    'cart',
    'search',
    'users',
    'shipping',
    'email',
  ];
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const spans: TraceSpan[] = [];
  const hex = (n: number) => n.toString(16).padStart(16, '0');
  const make = (
    parent: TraceSpan | undefined,
    startUs: number,
    durationUs: number,
    depth: number,
  ) => {
    const span: TraceSpan = {
      traceId,
      spanId: hex(spans.length + 1),
      ...(parent ? { parentSpanId: parent.spanId } : {}),
      service: services[Math.floor(random() * services.length)]!,
      name: `${['GET', 'POST', 'SELECT', 'publish'][spans.length % 4]} /op/${
        spans.length % 37
      }`,
      kind: 'server',
      startUs,
      durationUs,
      status: spans.length % 50 === 49 ? 'error' : 'unset',
      attributes: {
        'http.route': `/op/${spans.length % 37}`,
        depth: String(depth),
      },
      resource: {},
      events: [],
      links: [],
    };
    spans.push(span);
    return span;
  };
  const root = make(undefined, 1_800_000_000_000_000, 2_000_000, 0);
  const queue: Array<{ span: TraceSpan; depth: number }> = [
    { span: root, depth: 0 },
  ];
  while (spans.length < count && queue.length) {
    const { span, depth } = queue.shift()!;
    const fanout = depth < 10 ? 1 + Math.floor(random() * 6) : 0;
    for (let i = 0; i < fanout && spans.length < count; i++) {
      const offset = random() * span.durationUs * 0.6;
      const duration = Math.max(10, random() * (span.durationUs - offset));
      queue.push({
        span: make(span, span.startUs + offset, duration, depth + 1),
        depth: depth + 1,
      });
    }
    if (!queue.length && spans.length < count)
      queue.push({ span: root, depth: 0 });
  }
  return spans;
}

export const SIZES = [1_000, 10_000];
