import { parseNoQuery, parseTraceId, parseTraceListQuery } from './traceQuery';

describe('parseTraceListQuery', () => {
  it('reads structured filters: operation, durations in any unit, error, attributes, limit', () => {
    expect(
      parseTraceListQuery({
        from: '100',
        to: '200',
        operation: 'POST /api/checkout',
        minDuration: '250ms',
        maxDuration: '1.5s',
        error: 'true',
        attr: ['http.route=/api/checkout', 'http.status_code=502'],
        limit: '50',
      }),
    ).toEqual({
      from: 100,
      to: 200,
      operation: 'POST /api/checkout',
      minDurationUs: 250_000,
      maxDurationUs: 1_500_000,
      errorOnly: true,
      attributes: [
        { key: 'http.route', value: '/api/checkout' },
        { key: 'http.status_code', value: '502' },
      ],
      limit: 50,
    });
    expect(parseTraceListQuery({ minDuration: '800' }).minDurationUs).toBe(
      800_000,
    );
    expect(parseTraceListQuery({ attr: 'a=b=c' }).attributes).toEqual([
      { key: 'a', value: 'b=c' },
    ]);
    expect(parseTraceListQuery({}).limit).toBe(20);
  });

  it('refuses a service parameter: the service is the annotation', () => {
    expect(() => parseTraceListQuery({ service: 'payments' })).toThrow(
      /service: the service is the entity's observability\/trace-service annotation/,
    );
    expect(() => parseNoQuery({ service: 'payments' }, 'trace query')).toThrow(
      /service/,
    );
  });

  it.each([
    ['q', '{ resource.service.name = "payments" }'],
    ['tags', '{"service.name":"payments"}'],
    ['query.service_name', 'payments'],
    ['traceql', 'x'],
  ])(
    'refuses the raw parameter %s, so no query language gets upstream',
    (name, value) => {
      expect(() => parseTraceListQuery({ [name]: value })).toThrow(
        /Invalid traces query: .*Unrecognized key/,
      );
    },
  );

  it.each([
    [{ minDuration: '1h; drop' }, /minDuration: must be a duration/],
    [
      { minDuration: '2s', maxDuration: '1s' },
      /maxDuration: must not be below/,
    ],
    [{ maxDuration: '48h' }, /must be a duration|at most 24h/],
    [{ attr: 'no-equals-sign' }, /attr: .*must be key=value/],
    [{ attr: 'bad key"=x' }, /attr: .*must be key=value/],
    [{ attr: '} || {=x' }, /attr: .*must be key=value/],
    [{ attr: `k=${'x'.repeat(300)}` }, /attr/],
    [{ attr: 'k=line\nbreak' }, /control characters/],
    [{ operation: 'x'.repeat(257) }, /operation is at most 256/],
    [{ error: 'yes' }, /error/],
    [{ limit: '1000' }, /limit/],
    [{ attr: Array.from({ length: 11 }, (_, i) => `k${i}=v`) }, /at most 10/],
  ])('refuses %j with a 400 naming the parameter', (query, message) => {
    expect(() => parseTraceListQuery(query)).toThrow(message);
  });

  it('keeps quotes, braces and TraceQL in values as plain text (escaped by each client)', () => {
    const value = '"} || { resource.service.name = "payments" } && {"';
    expect(
      parseTraceListQuery({ attr: `http.route=${value}` }).attributes,
    ).toEqual([{ key: 'http.route', value }]);
  });
});

describe('parseTraceId', () => {
  it('pads Jaeger 64-bit ids to 32 lowercase hex digits', () => {
    expect(parseTraceId('ABCDEF0123456789')).toBe(
      '0000000000000000abcdef0123456789',
    );
  });

  it.each(['', 'xyz', '0'.repeat(32), 'a'.repeat(33), '../services'])(
    'refuses %j',
    id => {
      expect(() => parseTraceId(id)).toThrow(/Invalid trace id/);
    },
  );
});
