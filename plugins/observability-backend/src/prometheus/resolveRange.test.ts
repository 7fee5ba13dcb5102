import { resolveRange } from './resolveRange';

describe('resolveRange', () => {
  it('aligns from down and to up to the step', () => {
    expect(
      resolveRange({ from: 1000, to: 1890, step: 60 }, { maxPoints: 1000 }),
    ).toEqual({
      from: 960,
      to: 1920,
      step: 60,
    });
  });

  it('picks a step giving at most ~300 points when none is asked for', () => {
    const range = resolveRange({ from: 0, to: 3600 }, { maxPoints: 1000 });
    expect(range.step).toBe(15);
    expect((range.to - range.from) / range.step).toBeLessThanOrEqual(300);
  });

  it('raises the step to stay under the points cap and says so', () => {
    const week = 7 * 86400;
    const range = resolveRange(
      { from: 0, to: week, step: 15 },
      { maxPoints: 1000 },
    );
    expect(range.step).toBe(900);
    expect((range.to - range.from) / range.step + 1).toBeLessThanOrEqual(1000);
    expect(range.requestedStep).toBe(15);
    expect(range.note).toBe(
      'Step raised from 15s to 900s to keep at most 1000 points per series',
    );
  });

  it("never exceeds Prometheus's own 11,000 points", () => {
    const range = resolveRange(
      { from: 0, to: 86400 * 30, step: 1 },
      { maxPoints: 50_000 },
    );
    expect((range.to - range.from) / range.step + 1).toBeLessThanOrEqual(
      11_000,
    );
  });

  it('rejects empty and nonsensical ranges with a clear message', () => {
    expect(() =>
      resolveRange({ from: 10, to: 10 }, { maxPoints: 100 }),
    ).toThrow('The range is empty');
    expect(() =>
      resolveRange({ from: NaN, to: 10 }, { maxPoints: 100 }),
    ).toThrow('Unix times');
    expect(() =>
      resolveRange({ from: 0, to: 10, step: -1 }, { maxPoints: 100 }),
    ).toThrow('step must be');
  });
});
