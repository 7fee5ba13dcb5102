import { MAX_DOTS, slowestPerSlot } from './useLatencyExemplars';

describe('slowestPerSlot', () => {
  it('keeps the slowest exemplar of each slot, at most MAX_DOTS, in time order', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      time: 1000 + i * 3.6,
      value: (i * 7919) % 13,
    }));
    const kept = slowestPerSlot(many, 1000, 4600);
    expect(kept.length).toBeLessThanOrEqual(MAX_DOTS + 1);
    expect(kept.length).toBeGreaterThan(MAX_DOTS / 2);
    expect(kept.map(e => e.time)).toEqual(
      [...kept.map(e => e.time)].sort((a, b) => a - b),
    );
    // Every kept dot is the slowest of its slot (60 s wide here).
    for (const e of kept) {
      const slot = Math.floor((e.time - 1000) / 60);
      const rivals = many.filter(
        m => Math.floor((m.time - 1000) / 60) === slot,
      );
      expect(e.value).toBe(Math.max(...rivals.map(r => r.value)));
    }
  });

  it('keeps few exemplars as they are', () => {
    const few = [
      { time: 10, value: 1 },
      { time: 500, value: 2 },
    ];
    expect(slowestPerSlot(few, 0, 3600)).toEqual(few);
  });
});
