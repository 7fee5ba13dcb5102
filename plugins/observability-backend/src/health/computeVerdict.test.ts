import { computeVerdict, thresholdsFor } from './computeVerdict';
import { defaultThresholds } from '@stagewatch/backstage-plugin-observability-node';

const healthyValues = {
  requestRate: 10,
  errorRatio: 0.001,
  latencyP99: 0.2,
  saturation: 0.1,
  liveness: 1,
};

describe('computeVerdict', () => {
  it('is healthy when every signal is under its thresholds', () => {
    expect(computeVerdict(healthyValues, defaultThresholds)).toEqual({
      verdict: 'healthy',
      reasons: [],
    });
  });

  it('is degraded, then critical, as the error ratio crosses each threshold', () => {
    const degraded = computeVerdict(
      { ...healthyValues, errorRatio: 0.02 },
      defaultThresholds,
    );
    expect(degraded.verdict).toBe('degraded');
    expect(degraded.reasons[0]).toMatchObject({
      signal: 'errorRatio',
      value: 0.02,
      threshold: 0.01,
    });
    expect(degraded.reasons[0].message).toBe(
      'Error ratio 2.00% is at or above 1.00%',
    );
    expect(
      computeVerdict({ ...healthyValues, errorRatio: 0.3 }, defaultThresholds)
        .verdict,
    ).toBe('critical');
  });

  it('takes the worst of several reasons and lists it first', () => {
    const result = computeVerdict(
      { ...healthyValues, errorRatio: 0.02, latencyP99: 3.7 },
      defaultThresholds,
    );
    expect(result.verdict).toBe('critical');
    expect(result.reasons.map(r => r.signal)).toEqual([
      'latencyP99',
      'errorRatio',
    ]);
    expect(result.reasons[0].message).toBe(
      'p99 latency 3.70 s is at or above 1.00 s',
    );
  });

  it('reports targets down', () => {
    expect(
      computeVerdict({ ...healthyValues, liveness: 0.5 }, defaultThresholds)
        .reasons[0].message,
    ).toBe('50.0% of scrape targets are down');
    expect(
      computeVerdict({ ...healthyValues, liveness: 0 }, defaultThresholds)
        .verdict,
    ).toBe('critical');
  });

  it('is unknown when no series match, never healthy', () => {
    const result = computeVerdict(
      {
        requestRate: null,
        errorRatio: null,
        latencyP99: null,
        saturation: null,
        liveness: null,
      },
      defaultThresholds,
    );
    expect(result.verdict).toBe('unknown');
    expect(result.reasons[0].signal).toBe('data');
  });

  it('uses per-entity overrides from config', () => {
    const overrides = new Map([
      [
        'component:default/checkout',
        { latencyP99Seconds: { degraded: 5, critical: 10 } },
      ],
    ]);
    const checkout = thresholdsFor(
      'component:default/checkout',
      defaultThresholds,
      overrides,
    );
    expect(
      computeVerdict({ ...healthyValues, latencyP99: 3.7 }, checkout).verdict,
    ).toBe('healthy');
    const other = thresholdsFor(
      'component:default/payments',
      defaultThresholds,
      overrides,
    );
    expect(
      computeVerdict({ ...healthyValues, latencyP99: 3.7 }, other).verdict,
    ).toBe('critical');
  });
});
