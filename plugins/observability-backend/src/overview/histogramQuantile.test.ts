import { histogramQuantile } from './histogramQuantile';

const buckets = (entries: Array<[number, number]>) => new Map(entries);

describe('histogramQuantile', () => {
  it('interpolates linearly inside the bucket, like Prometheus', () => {
    // 100 observations: 50 under 0.1, 90 under 0.5, all under 1.
    const b = buckets([
      [0.1, 50],
      [0.5, 90],
      [1, 100],
      [Infinity, 100],
    ]);
    expect(histogramQuantile(0.5, b)).toBeCloseTo(0.1);
    expect(histogramQuantile(0.7, b)).toBeCloseTo(0.3);
    expect(histogramQuantile(0.99, b)).toBeCloseTo(0.95);
  });

  it('takes 0 as the lower bound of the first bucket', () => {
    // rank 12.5 of 50 observations in [0, 0.1]: a quarter of the way.
    expect(
      histogramQuantile(
        0.25,
        buckets([
          [0.1, 50],
          [Infinity, 50],
        ]),
      ),
    ).toBeCloseTo(0.025);
  });

  it('returns the highest finite bound when the quantile lands in +Inf', () => {
    expect(
      histogramQuantile(
        0.99,
        buckets([
          [0.1, 10],
          [Infinity, 100],
        ]),
      ),
    ).toBe(0.1);
  });

  it('has no value without observations or without a +Inf bucket', () => {
    expect(
      histogramQuantile(
        0.99,
        buckets([
          [0.1, 0],
          [Infinity, 0],
        ]),
      ),
    ).toBeNull();
    expect(
      histogramQuantile(
        0.99,
        buckets([
          [0.1, 5],
          [1, 6],
        ]),
      ),
    ).toBeNull();
  });
});
