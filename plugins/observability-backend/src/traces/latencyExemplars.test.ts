import { readExemplars } from './latencyExemplars';

// The shape of Prometheus' /api/v1/query_exemplars `data` (prometheus/prometheus
// docs/querying/api.md, observed with Prometheus 2.42): value a string, timestamp float seconds.
const series = (
  exemplars: unknown[],
  labels: Record<string, unknown> = {},
) => ({
  seriesLabels: {
    __name__: 'http_request_duration_seconds_bucket',
    job: 'checkout',
    route: '/api/checkout',
    le: '0.5',
    ...labels,
  },
  exemplars,
});

describe('readExemplars', () => {
  it('reads the trace id from trace_id, traceID or traceId, and the span id when valid', () => {
    const { exemplars, withoutTraceId } = readExemplars([
      series([
        {
          labels: {
            trace_id: '4BF92F3577B34DA6A3CE929D0E0E4736',
            span_id: '00f067aa0ba902b7',
          },
          value: '0.31',
          timestamp: 1796195383.876,
        },
        { labels: { traceID: 'abc' }, value: '0.2', timestamp: 1796195380 },
        {
          labels: { traceId: '1'.repeat(32), span_id: 'not-a-span' },
          value: '1e-3',
          timestamp: 1796195390,
        },
      ]),
    ]);
    expect(withoutTraceId).toBe(0);
    expect(exemplars).toEqual([
      {
        traceId: '00000000000000000000000000000abc',
        time: 1796195380,
        value: 0.2,
        labels: { job: 'checkout', route: '/api/checkout', le: '0.5' },
      },
      {
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        time: 1796195383.876,
        value: 0.31,
        labels: { job: 'checkout', route: '/api/checkout', le: '0.5' },
      },
      {
        traceId: '1'.repeat(32),
        time: 1796195390,
        value: 0.001,
        labels: { job: 'checkout', route: '/api/checkout', le: '0.5' },
      },
    ]);
  });

  it('counts exemplars without a usable trace id and skips junk without throwing', () => {
    const { exemplars, withoutTraceId } = readExemplars([
      series([
        { labels: { user: 'x' }, value: '0.1', timestamp: 1 },
        { labels: { trace_id: '"><script>' }, value: '0.1', timestamp: 1 },
        { labels: { trace_id: '0'.repeat(32) }, value: '0.1', timestamp: 1 },
        { labels: { trace_id: 'ab' }, value: 'NaN-ish', timestamp: 1 },
        null,
        'junk',
      ]),
      { seriesLabels: 5, exemplars: 'nope' },
      42,
    ]);
    expect(exemplars).toEqual([]);
    expect(withoutTraceId).toBe(3);
    expect(readExemplars({ not: 'a list' })).toEqual({
      exemplars: [],
      withoutTraceId: 0,
    });
  });

  it('keeps the newest 500 when there are more', () => {
    const many = Array.from({ length: 700 }, (_, i) => ({
      labels: { trace_id: (i + 1).toString(16) },
      value: '0.1',
      timestamp: 1000 + i,
    }));
    const { exemplars } = readExemplars([series(many)]);
    expect(exemplars).toHaveLength(500);
    expect(exemplars[0].time).toBe(1200);
    expect(exemplars[499].time).toBe(1699);
  });
});
