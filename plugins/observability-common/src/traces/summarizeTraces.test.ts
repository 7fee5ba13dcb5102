import { TraceSpan } from './model';
import { summarizeTraces } from './summarizeTraces';

const span = (over: Partial<TraceSpan>): TraceSpan => ({
  traceId: 'a'.repeat(32),
  spanId: '1'.repeat(16),
  service: 'checkout',
  name: 'GET /cart',
  kind: 'server',
  startUs: 1_000,
  durationUs: 100,
  status: 'unset',
  attributes: {},
  resource: {},
  events: [],
  links: [],
  ...over,
});

describe('summarizeTraces', () => {
  it('groups merged spans by trace, newest first, with root, duration, counts and services', () => {
    const summaries = summarizeTraces([
      span({ spanId: '1'.repeat(16), startUs: 1_000, durationUs: 500 }),
      span({
        spanId: '2'.repeat(16),
        parentSpanId: '1'.repeat(16),
        service: 'payments',
        name: 'charge',
        startUs: 1_100,
        durationUs: 600,
        status: 'error',
      }),
      span({
        traceId: 'b'.repeat(32),
        spanId: '3'.repeat(16),
        service: 'inventory',
        name: 'reserve',
        startUs: 5_000,
      }),
    ]);
    expect(summaries).toEqual([
      {
        traceId: 'b'.repeat(32),
        rootService: 'inventory',
        rootOperation: 'reserve',
        startUs: 5_000,
        durationUs: 100,
        spanCount: 1,
        errorCount: 0,
        services: ['inventory'],
      },
      {
        traceId: 'a'.repeat(32),
        rootService: 'checkout',
        rootOperation: 'GET /cart',
        startUs: 1_000,
        durationUs: 700,
        spanCount: 2,
        errorCount: 1,
        services: ['checkout', 'payments'],
      },
    ]);
  });

  it('takes the earliest span whose parent is missing as the root of a partial trace', () => {
    const [summary] = summarizeTraces([
      span({
        spanId: '2'.repeat(16),
        parentSpanId: '9'.repeat(16),
        name: 'late',
        startUs: 2_000,
      }),
      span({
        spanId: '3'.repeat(16),
        parentSpanId: '8'.repeat(16),
        name: 'early',
        startUs: 1_500,
      }),
      span({
        spanId: '4'.repeat(16),
        parentSpanId: '3'.repeat(16),
        name: 'child',
        startUs: 1_000,
      }),
    ]);
    expect(summary.rootOperation).toBe('early');
  });
});
