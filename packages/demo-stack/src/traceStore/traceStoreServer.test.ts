import { parseGoDuration, startTraceStoreServer } from './traceStoreServer';

const T0 = 1_800_000_000_000_000_000n; // ns
const otlp = (
  service: string,
  spans: Array<{
    traceId: string;
    spanId: string;
    parentSpanId?: string;
    name: string;
    startMs: number;
    durationMs: number;
    error?: boolean;
    attributes?: Record<string, string>;
  }>,
) => ({
  resourceSpans: [
    {
      resource: {
        attributes: [{ key: 'service.name', value: { stringValue: service } }],
      },
      scopeSpans: [
        {
          scope: { name: 'test' },
          spans: spans.map(s => ({
            traceId: s.traceId,
            spanId: s.spanId,
            ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
            name: s.name,
            kind: 2,
            startTimeUnixNano: String(T0 + BigInt(s.startMs) * 1_000_000n),
            endTimeUnixNano: String(
              T0 + BigInt(s.startMs + s.durationMs) * 1_000_000n,
            ),
            status: { code: s.error ? 2 : 0 },
            attributes: Object.entries(s.attributes ?? {}).map(([key, v]) => ({
              key,
              value: { stringValue: v },
            })),
          })),
        },
      ],
    },
  ],
});

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const iso = (ms: number) =>
  new Date(Number(T0 / 1_000_000n) + ms).toISOString();

describe('the demo trace store (a stand-in for Jaeger)', () => {
  let server: Awaited<ReturnType<typeof startTraceStoreServer>>;
  const post = (body: unknown, type = 'application/json') =>
    fetch(`${server.url}/v1/traces`, {
      method: 'POST',
      headers: { 'Content-Type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    const text = await res.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // plain text
    }
    return { status: res.status, body };
  };
  const search = (params: Record<string, string>) =>
    get(
      `/api/v3/traces?${new URLSearchParams({
        'query.start_time_min': iso(-1000),
        'query.start_time_max': iso(60_000),
        ...params,
      })}`,
    );

  beforeAll(async () => {
    server = await startTraceStoreServer({ port: 0, maxSpans: 10 });
    const seeded = await post(
      otlp('checkout', [
        {
          traceId: A,
          spanId: '1'.repeat(16),
          name: 'POST /api/checkout',
          startMs: 0,
          durationMs: 800,
        },
        {
          traceId: B,
          spanId: '3'.repeat(16),
          name: 'GET /api/cart',
          startMs: 5000,
          durationMs: 20,
          attributes: { 'http.route': '/api/cart' },
        },
      ]),
    );
    if (seeded.status !== 200)
      throw new Error(`ingest answered ${seeded.status}`);
    await post(
      otlp('payments', [
        {
          traceId: A,
          spanId: '2'.repeat(16),
          parentSpanId: '1'.repeat(16),
          name: 'POST /api/payments',
          startMs: 10,
          durationMs: 300,
          error: true,
        },
      ]),
    );
  });
  afterAll(() => server.close());

  it('lists services and operations', async () => {
    expect((await get('/api/v3/services')).body).toEqual({
      services: ['checkout', 'payments'],
    });
    expect((await get('/api/v3/operations?service=checkout')).body).toEqual({
      operations: [
        { name: 'GET /api/cart', spanKind: 'server' },
        { name: 'POST /api/checkout', spanKind: 'server' },
      ],
    });
  });

  it('searches like Jaeger: by service, operation, duration, attributes and error, whole traces back', async () => {
    const all = await search({ 'query.service_name': 'checkout' });
    expect(all.status).toBe(200);
    const ids = (r: any) =>
      r.body.result.resourceSpans.map(
        (rs: any) => rs.scopeSpans[0].spans[0].spanId,
      );
    // Newest first, and trace A whole: its payments span too.
    expect(ids(all)).toEqual(['3'.repeat(16), '1'.repeat(16), '2'.repeat(16)]);
    expect(
      ids(
        await search({
          'query.service_name': 'checkout',
          'query.operation_name': 'POST /api/checkout',
        }),
      ),
    ).toEqual(['1'.repeat(16), '2'.repeat(16)]);
    expect(
      ids(
        await search({
          'query.service_name': 'checkout',
          'query.duration_min': '500ms',
        }),
      ),
    ).toEqual(['1'.repeat(16), '2'.repeat(16)]);
    expect(
      ids(
        await search({
          'query.service_name': 'checkout',
          'query.duration_max': '100000us',
        }),
      ),
    ).toEqual(['3'.repeat(16)]);
    expect(
      ids(
        await search({
          'query.service_name': 'checkout',
          'query.attributes': '{"http.route":"/api/cart"}',
        }),
      ),
    ).toEqual(['3'.repeat(16)]);
    expect(
      ids(
        await search({
          'query.service_name': 'payments',
          'query.attributes': '{"error":"true"}',
        }),
      ),
    ).toEqual(['1'.repeat(16), '2'.repeat(16)]);
    expect(
      ids(
        await search({
          'query.service_name': 'checkout',
          'query.num_traces': '1',
        }),
      ),
    ).toEqual(['3'.repeat(16)]);
  });

  it("searches the start-time window, takes Jaeger's camelCase names, and wants both bounds in order", async () => {
    const ids = (r: any) =>
      r.body.result.resourceSpans.map(
        (rs: any) => rs.scopeSpans[0].spans[0].spanId,
      );
    // Only trace B's span starts after 1 s; trace A's checkout span starts at 0.
    expect(
      ids(
        await search({
          'query.service_name': 'checkout',
          'query.start_time_min': iso(1000),
        }),
      ),
    ).toEqual(['3'.repeat(16)]);
    expect(
      ids(
        await get(
          `/api/v3/traces?${new URLSearchParams({
            'query.serviceName': 'checkout',
            'query.operationName': 'GET /api/cart',
            'query.startTimeMin': iso(-1000),
            'query.startTimeMax': iso(60_000),
            'query.durationMin': '0',
          })}`,
        ),
      ),
    ).toEqual(['3'.repeat(16)]);
    expect(
      (
        await search({
          'query.service_name': 'checkout',
          'query.start_time_min': iso(2000),
          'query.start_time_max': iso(1000),
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await get(
          `/api/v3/traces?${new URLSearchParams({
            'query.service_name': 'checkout',
            'query.start_time_min': iso(0),
          })}`,
        )
      ).status,
    ).toBe(400);
  });

  it("answers an empty search with Jaeger's 404 'No traces found'", async () => {
    expect(await search({ 'query.service_name': 'nobody' })).toEqual({
      status: 404,
      body: { error: { httpCode: 404, message: 'No traces found' } },
    });
  });

  it('gets a trace by id on api_v3 and on v1, and 404s an unknown one', async () => {
    const v3 = await get(`/api/v3/traces/${A}`);
    expect(v3.body.result.resourceSpans).toHaveLength(2);
    const v1 = await get(`/api/traces/${A}`);
    expect(
      v1.body.data[0].spans.map((s: any) => [s.operationName, s.references]),
    ).toEqual([
      ['POST /api/checkout', []],
      [
        'POST /api/payments',
        [{ refType: 'CHILD_OF', traceID: A, spanID: '1'.repeat(16) }],
      ],
    ]);
    expect(v1.body.data[0].processes).toEqual({
      p1: { serviceName: 'checkout', tags: [] },
      p2: { serviceName: 'payments', tags: [] },
    });
    expect((await get(`/api/v3/traces/${'c'.repeat(32)}`)).status).toBe(404);
    expect((await get(`/api/traces/${'c'.repeat(32)}`)).status).toBe(404);
  });

  it("renders v1 as Jaeger converts OTLP: typed tags, resource as process tags, events as logs, Jaeger's error envelope", async () => {
    const C = 'c0ffee'.padEnd(32, '0');
    const start = T0 + 20_000_000_000n;
    const accepted = await post({
      resourceSpans: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: 'typed' } },
              {
                key: 'telemetry.sdk.language',
                value: { stringValue: 'nodejs' },
              },
            ],
          },
          scopeSpans: [
            {
              scope: { name: '@opentelemetry/instrumentation-http' },
              spans: [
                {
                  traceId: C,
                  spanId: '4'.repeat(16),
                  name: 'GET',
                  kind: 3,
                  startTimeUnixNano: String(start),
                  endTimeUnixNano: String(start + 2_000_000n),
                  status: { code: 2 },
                  attributes: [
                    { key: 'http.status_code', value: { intValue: 503 } },
                    { key: 'big', value: { intValue: '9223372036854775222' } },
                    { key: 'ratio', value: { doubleValue: 0.5 } },
                    { key: 'retried', value: { boolValue: false } },
                  ],
                  events: [
                    {
                      timeUnixNano: String(start + 1_000_000n),
                      name: 'exception',
                      attributes: [
                        {
                          key: 'exception.message',
                          value: { stringValue: 'boom' },
                        },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(accepted.status).toBe(200);
    const trace = (await get(`/api/traces/${C}`)).body.data[0];
    expect(trace.processes).toEqual({
      p1: {
        serviceName: 'typed',
        tags: [
          { key: 'telemetry.sdk.language', type: 'string', value: 'nodejs' },
        ],
      },
    });
    const [span] = trace.spans;
    expect(span).toMatchObject({
      traceID: C,
      spanID: '4'.repeat(16),
      startTime: Number(start / 1000n),
      duration: 2000,
      processID: 'p1',
    });
    expect(span.tags).toEqual([
      {
        key: 'otel.scope.name',
        type: 'string',
        value: '@opentelemetry/instrumentation-http',
      },
      { key: 'http.status_code', type: 'int64', value: 503 },
      { key: 'big', type: 'int64', value: '9223372036854775222' },
      { key: 'ratio', type: 'float64', value: 0.5 },
      { key: 'retried', type: 'bool', value: false },
      { key: 'span.kind', type: 'string', value: 'client' },
      { key: 'otel.status_code', type: 'string', value: 'ERROR' },
      { key: 'error', type: 'bool', value: true },
    ]);
    expect(span.logs).toEqual([
      {
        timestamp: Number((start + 1_000_000n) / 1000n),
        fields: [
          { key: 'event', type: 'string', value: 'exception' },
          { key: 'exception.message', type: 'string', value: 'boom' },
        ],
      },
    ]);
    expect(await get(`/api/traces/${'d'.repeat(32)}`)).toEqual({
      status: 404,
      body: {
        data: null,
        total: 0,
        limit: 0,
        offset: 0,
        errors: [{ code: 404, msg: 'trace not found' }],
      },
    });
  });

  it('says what it is on /, which answers 200 (the readiness probe)', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('stand-in for Jaeger');
  });

  it('answers routes it lacks (trace-summaries) with a plain 404, as Jaeger does', async () => {
    expect(await get('/api/v3/trace-summaries')).toEqual({
      status: 404,
      body: '404 page not found\n',
    });
  });

  it('refuses malformed input with a 400 and keeps running', async () => {
    expect((await post('{not json')).status).toBe(400);
    expect((await post({ spans: [] })).status).toBe(400);
    expect((await post('x', 'application/x-protobuf')).status).toBe(415);
    expect(
      (
        await search({
          'query.service_name': 'checkout',
          'query.start_time_min': 'yesterday',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await search({
          'query.service_name': 'checkout',
          'query.duration_min': '5 parsecs',
        })
      ).status,
    ).toBe(400);
    expect((await get('/api/v3/services')).status).toBe(200);
  });

  it('keeps the newest spans within its bound', async () => {
    for (let i = 0; i < 12; i++) {
      await post(
        otlp('filler', [
          {
            traceId: i.toString(16).padStart(32, 'f'),
            spanId: 'e'.repeat(16),
            name: 'x',
            startMs: 10_000 + i,
            durationMs: 1,
          },
        ]),
      );
    }
    expect(server.store.size).toBe(10);
    expect((await get(`/api/v3/traces/${A}`)).status).toBe(404);
  });
});

describe('parseGoDuration', () => {
  it('reads Go durations in nanoseconds', () => {
    expect(parseGoDuration('250ms')).toBe(250_000_000n);
    expect(parseGoDuration('1.5s')).toBe(1_500_000_000n);
    expect(parseGoDuration('1m30s')).toBe(90_000_000_000n);
    expect(parseGoDuration('800us')).toBe(800_000n);
    expect(parseGoDuration('0')).toBe(0n);
    expect(parseGoDuration('3μs')).toBe(3_000n);
    expect(() => parseGoDuration('1 s')).toThrow(/invalid duration/);
    expect(() => parseGoDuration('')).toThrow(/invalid duration/);
  });
});
