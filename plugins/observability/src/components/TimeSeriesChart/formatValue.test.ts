import { formatTime, formatValue } from './formatValue';

describe('formatValue', () => {
  it.each([
    [0.0123, '12.3 ms'],
    [1.5, '1.5 s'],
    [12.34, '12.3 s'],
    [0.000045, '45 µs'],
    [0.0000000025, '2.5 ns'],
    [0.25, '250 ms'],
    [0, '0 s'],
  ])('seconds: %p → %p', (value, text) => {
    expect(formatValue(value, 'seconds')).toBe(text);
  });

  it.each([
    [0.025, '2.5%'],
    [1, '100%'],
    [0.0001, '0.01%'],
    [0, '0%'],
  ])('ratio: %p → %p', (value, text) => {
    expect(formatValue(value, 'ratio')).toBe(text);
  });

  it.each([
    [12.34, '12.3 req/s'],
    [0.5, '0.5 req/s'],
    [1234, '1.23k req/s'],
    [2_500_000, '2.5M req/s'],
    [0, '0 req/s'],
  ])('reqps: %p → %p', (value, text) => {
    expect(formatValue(value, 'reqps')).toBe(text);
  });

  it.each([
    [0.25, '0.25 cores'],
    [1, '1 core'],
    [3.5, '3.5 cores'],
  ])('cores: %p → %p', (value, text) => {
    expect(formatValue(value, 'cores')).toBe(text);
  });

  it.each([
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [5 * 1024 ** 2, '5 MiB'],
    [1.25 * 1024 ** 3, '1.25 GiB'],
    [2 * 1024 ** 4, '2 TiB'],
  ])('bytes: %p → %p', (value, text) => {
    expect(formatValue(value, 'bytes')).toBe(text);
  });

  it.each([
    [7, '7'],
    [42.5, '42.5'],
    [15_300, '15.3k'],
  ])('count: %p → %p', (value, text) => {
    expect(formatValue(value, 'count')).toBe(text);
  });

  it('percent keeps its scale', () => {
    expect(formatValue(42.5, 'percent')).toBe('42.5%');
  });

  it('handles negatives', () => {
    expect(formatValue(-0.5, 'ratio')).toBe('-50%');
    expect(formatValue(-2048, 'bytes')).toBe('-2 KiB');
  });

  it.each([null, undefined, NaN, Infinity, -Infinity])(
    'shows %p as a dash',
    value => {
      expect(formatValue(value, 'seconds')).toBe('—');
    },
  );
});

describe('formatTime', () => {
  it('formats unix seconds in local time', () => {
    const t = new Date(2026, 0, 2, 3, 4, 5).getTime() / 1000;
    expect(formatTime(t)).toBe('2026-01-02 03:04:05');
  });

  it('shows a dash for a non-finite time', () => {
    expect(formatTime(NaN)).toBe('—');
  });
});
