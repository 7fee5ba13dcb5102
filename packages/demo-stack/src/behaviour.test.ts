import {
  defaultIncidentSchedule,
  isIncidentActive,
  loadFactor,
  logNormalJitter,
  pickWeighted,
  requestRate,
} from './behaviour';

describe('isIncidentActive', () => {
  const schedule = {
    periodSeconds: 480,
    durationSeconds: 150,
    offsetSeconds: 180,
  };
  const at = (seconds: number) => seconds * 1000;

  it('is active from the offset for the duration, every period', () => {
    expect(isIncidentActive(at(179), schedule)).toBe(false);
    expect(isIncidentActive(at(180), schedule)).toBe(true);
    expect(isIncidentActive(at(329), schedule)).toBe(true);
    expect(isIncidentActive(at(330), schedule)).toBe(false);
    expect(isIncidentActive(at(480 + 200), schedule)).toBe(true);
    expect(isIncidentActive(at(480 * 1000 + 181), schedule)).toBe(true);
  });

  it('spends duration/period of the time in an incident', () => {
    let active = 0;
    for (let s = 0; s < 4800; s += 1) {
      if (isIncidentActive(at(s), schedule)) active += 1;
    }
    expect(active / 4800).toBeCloseTo(150 / 480, 2);
  });

  it('never fires when the duration is zero', () => {
    const off = { ...defaultIncidentSchedule, durationSeconds: 0 };
    for (let s = 0; s < 1000; s += 7) {
      expect(isIncidentActive(at(s), off)).toBe(false);
    }
  });

  it('recurs every few minutes for a couple of minutes by default', () => {
    expect(defaultIncidentSchedule.periodSeconds).toBeLessThanOrEqual(10 * 60);
    expect(defaultIncidentSchedule.durationSeconds).toBeGreaterThanOrEqual(
      2 * 60,
    );
  });
});

describe('requestRate', () => {
  it('varies around the base rate and never drops below a floor', () => {
    const rates = Array.from({ length: 600 }, (_, s) =>
      requestRate(s * 1000, 10),
    );
    const min = Math.min(...rates);
    const max = Math.max(...rates);
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    expect(min).toBeGreaterThanOrEqual(2);
    expect(max - min).toBeGreaterThan(5);
    expect(mean).toBeGreaterThan(8);
    expect(mean).toBeLessThan(12);
  });
});

describe('loadFactor', () => {
  it('is 1 when idle and grows with concurrency', () => {
    expect(loadFactor(0)).toBe(1);
    expect(loadFactor(1)).toBe(1);
    expect(loadFactor(11)).toBeCloseTo(1.8);
  });
});

describe('logNormalJitter', () => {
  it('has median 1 and a long right tail', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const samples = Array.from({ length: 5000 }, () =>
      logNormalJitter(random),
    ).sort((a, b) => a - b);
    expect(samples[2500]).toBeGreaterThan(0.9);
    expect(samples[2500]).toBeLessThan(1.1);
    expect(samples[4950] / samples[2500]).toBeGreaterThan(1.8);
  });
});

describe('pickWeighted', () => {
  it('picks in proportion to weight', () => {
    const items = [
      { weight: 3, id: 'a' },
      { weight: 1, id: 'b' },
    ];
    expect(pickWeighted(items, () => 0).id).toBe('a');
    expect(pickWeighted(items, () => 0.74).id).toBe('a');
    expect(pickWeighted(items, () => 0.76).id).toBe('b');
    expect(pickWeighted(items, () => 0.9999).id).toBe('b');
  });
});
