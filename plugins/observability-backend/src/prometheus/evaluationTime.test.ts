import { evaluationTime, slotFor } from './evaluationTime';

describe('evaluationTime', () => {
  it('rounds now down to the slot, so every viewer in a slot asks the same queries', () => {
    expect(evaluationTime(1_000_000_009.9, 10)).toBe(1_000_000_000);
    expect(evaluationTime(1_000_000_010, 10)).toBe(1_000_000_010);
    expect(evaluationTime(1_000_000_029, 30)).toBe(1_000_000_020);
    expect(evaluationTime(1_000_000_019, 30)).toBe(999_999_990);
  });

  it('never uses a slot longer than the scrape interval', () => {
    expect(slotFor(30, 15)).toBe(15);
    expect(slotFor(30, 120)).toBe(30);
    expect(slotFor(10, 1)).toBe(1);
    expect(slotFor(10, 0.5)).toBe(1);
  });
});
