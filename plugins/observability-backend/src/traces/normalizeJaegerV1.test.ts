import v1Out from './__fixtures__/jaeger/v1-api-response.traces.otlp2jaeger-out.json';
import otlpIn from './__fixtures__/jaeger/otlp-json.resourceSpans.otlp2jaeger-in.json';
import ui01 from './__fixtures__/jaeger/v1-ui-trace.ui_01.json';
import {
  normalizeJaegerV1Response,
  normalizeJaegerV1Trace,
} from './normalizeJaegerV1';
import { normalizeOtlpSpans } from './normalizeOtlp';

// Responses recorded in Jaeger's own repository (see __fixtures__/jaeger/README.md).
describe('normalizeJaegerV1', () => {
  it('reads the v1 UI fixture: processes as services, typed tags, parent from CHILD_OF, other references as links, logs as events', () => {
    const spans = normalizeJaegerV1Trace(ui01);
    expect(spans).toHaveLength(5);
    const tagged = spans[1];
    expect(tagged).toMatchObject({
      traceId: '00000000000000000000000000000001',
      spanId: '0000000000000002',
      service: 'service-x',
      status: 'error',
      startUs: 1485467191639875,
      durationUs: 5,
      attributes: {
        'peer.service': 'service-y',
        'peer.ipv4': '23456',
        error: 'true',
        temperature: '72.5',
        javascript_limit: '9223372036854775222',
        blob: 'AAAwOQ==',
      },
    });
    expect(spans[0].events).toEqual([
      {
        timeUs: 1485467191639875,
        name: 'some-event',
        attributes: { event: 'some-event' },
      },
      { timeUs: 1485467191639875, name: '', attributes: { x: 'y' } },
    ]);
    expect(spans[2]).toMatchObject({
      service: 'service-y',
      parentSpanId: '0000000000000002',
    });
    // A CHILD_OF into another trace is a link; the first CHILD_OF in this trace is the parent.
    expect(spans[3].parentSpanId).toBe('0000000000000002');
    expect(spans[3].links).toEqual([
      {
        traceId: '000000000000000000000000000000ff',
        spanId: '00000000000000ff',
      },
      {
        traceId: '00000000000000000000000000000001',
        spanId: '0000000000000002',
      },
    ]);
  });

  it('gives the same spans from v1 as from api_v3 for the same trace (Jaeger converted one into the other)', () => {
    const fromV1 = normalizeJaegerV1Response(v1Out);
    const fromV3 = normalizeOtlpSpans(otlpIn);
    const core = (s: (typeof fromV1)[number]) => ({
      traceId: s.traceId,
      spanId: s.spanId,
      parentSpanId: s.parentSpanId,
      service: s.service,
      name: s.name,
      kind: s.kind,
      startUs: s.startUs,
      durationUs: s.durationUs,
    });
    expect(fromV1.length).toBe(2);
    expect(fromV1.map(core)).toEqual(fromV3.map(core));
  });

  it('skips what is not a span and never throws on a broken payload', () => {
    for (const body of [
      null,
      'x',
      { data: 'x' },
      { data: [null, { spans: [1, {}] }] },
    ]) {
      expect(normalizeJaegerV1Response(body)).toEqual([]);
    }
    expect(
      normalizeJaegerV1Trace({
        spans: [
          { traceID: 'zz', spanID: '01' },
          { traceID: '1'.repeat(33), spanID: '01' },
          {
            traceID: '01',
            spanID: '02',
            startTime: -5,
            duration: 'x',
            processID: 'nope',
          },
        ],
      }),
    ).toEqual([
      expect.objectContaining({
        traceId: '00000000000000000000000000000001',
        spanId: '0000000000000002',
        service: '',
        startUs: 0,
        durationUs: 0,
      }),
    ]);
  });
});
