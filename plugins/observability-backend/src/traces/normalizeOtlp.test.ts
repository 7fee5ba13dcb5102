import otlpIn from './__fixtures__/jaeger/otlp-json.resourceSpans.otlp2jaeger-in.json';
import getTrace from './__fixtures__/jaeger/v3-snapshot.GetTrace.json';
import { normalizeOtlpSpans } from './normalizeOtlp';

// Responses recorded in Jaeger's own repository (see __fixtures__/jaeger/README.md): no Jaeger
// can run on these machines.
describe('normalizeOtlpSpans', () => {
  it("reads Jaeger's OTLP fixture: ids, service from the resource, kind, times in µs, attributes", () => {
    const spans = normalizeOtlpSpans(otlpIn);
    expect(spans).toHaveLength(2);
    expect(spans[0]).toEqual({
      traceId: '83a9efd15c1c98a977e0711cc93ee28b',
      spanId: 'e127af99e3b3e074',
      parentSpanId: '909541b92cf05311',
      service: 'telemetrygen',
      name: 'okey-dokey-0',
      kind: 'server',
      startUs: 1706678909209712,
      durationUs: 123,
      status: 'unset',
      attributes: {
        'net.peer.ip': '1.2.3.4',
        'peer.service': 'telemetrygen-client',
      },
      resource: { 'service.name': 'telemetrygen' },
      events: [],
      links: [],
    });
  });

  it("reads api_v3's GetTrace snapshot, whose span has no times and an error status", () => {
    expect(normalizeOtlpSpans(getTrace.result)).toEqual([
      expect.objectContaining({
        traceId: '00000000000000000000000000000001',
        spanId: '0000000000000002',
        name: 'foobar',
        kind: 'server',
        status: 'error',
        service: '',
        startUs: 0,
        durationUs: 0,
      }),
    ]);
  });

  // Tempo cannot run here; this is the shape its API documentation gives for /api/v2/traces/{id}
  // (protobuf JSON, ids in base64), not a recorded answer.
  it("reads protobuf JSON's base64 ids, as Tempo's /api/v2/traces/{id} writes them", () => {
    const traceHex = '0af7651916cd43dd8448eb211c80319c';
    const spanHex = 'b7ad6b7169203331';
    const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
    const [span] = normalizeOtlpSpans({
      resourceSpans: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: 'checkout' } },
            ],
          },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: b64(traceHex),
                  spanId: b64(spanHex),
                  parentSpanId: b64('00f067aa0ba902b7'),
                  name: 'GET /cart',
                  startTimeUnixNano: '1700000000000000000',
                  endTimeUnixNano: '1700000000250000000',
                },
              ],
            },
          ],
        },
      ],
    });
    expect(span).toMatchObject({
      traceId: traceHex,
      spanId: spanHex,
      parentSpanId: '00f067aa0ba902b7',
      service: 'checkout',
      durationUs: 250000,
    });
    // Neither hex nor base64 of the right length: not a span.
    expect(
      normalizeOtlpSpans({
        resourceSpans: [
          {
            scopeSpans: [
              { spans: [{ traceId: 'AAAA', spanId: b64(spanHex) }] },
            ],
          },
        ],
      }),
    ).toEqual([]);
  });

  it('skips what is not a span and never throws on a broken payload', () => {
    for (const payload of [
      null,
      'x',
      [],
      { resourceSpans: 'x' },
      { resourceSpans: [null, { scopeSpans: [{ spans: [1, 'a', {}] }] }] },
    ]) {
      expect(normalizeOtlpSpans(payload)).toEqual([]);
    }
    const spans = normalizeOtlpSpans({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { traceId: 'ZZ', spanId: '0000000000000002' },
                {
                  traceId: '00000000000000000000000000000001',
                  spanId: '0000000000000003',
                  parentSpanId: 'not-hex',
                  kind: 99,
                  status: { code: 7 },
                  startTimeUnixNano: '2000',
                  endTimeUnixNano: '1000',
                  links: [{ traceId: 'bad', spanId: 'bad' }],
                  attributes: [
                    { key: 'n', value: { intValue: '9007199254740993' } },
                    {
                      key: 'a',
                      value: { arrayValue: { values: [{ boolValue: true }] } },
                    },
                    { value: { stringValue: 'no key' } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    expect(spans).toEqual([
      expect.objectContaining({
        spanId: '0000000000000003',
        kind: 'unspecified',
        status: 'unset',
        startUs: 2,
        durationUs: 0,
        links: [],
        attributes: { n: '9007199254740993', a: '["true"]' },
      }),
    ]);
    expect(spans[0]).not.toHaveProperty('parentSpanId');
  });
});
