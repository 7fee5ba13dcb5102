import {
  parseTimeRange,
  resolveTimeRange,
  stepFor,
  writeTimeRange,
} from './timeRange';

describe('time range in the URL', () => {
  it('round-trips a relative range with auto-refresh', () => {
    const params = writeTimeRange(new URLSearchParams('tab=x'), {
      kind: 'relative',
      range: '6h',
      refresh: '30s',
    });
    expect(params.toString()).toBe('tab=x&range=6h&refresh=30s');
    expect(parseTimeRange(params)).toEqual({
      kind: 'relative',
      range: '6h',
      refresh: '30s',
    });
  });

  it('round-trips a custom range and drops the relative one', () => {
    const params = writeTimeRange(new URLSearchParams('range=1h'), {
      kind: 'absolute',
      from: 1000,
      to: 4600,
      refresh: 'off',
    });
    expect(params.toString()).toBe('from=1000&to=4600');
    expect(parseTimeRange(params)).toEqual({
      kind: 'absolute',
      from: 1000,
      to: 4600,
      refresh: 'off',
    });
  });

  it('falls back to the last hour, no refresh, for anything it does not understand', () => {
    expect(parseTimeRange(new URLSearchParams('range=3y&refresh=1s'))).toEqual({
      kind: 'relative',
      range: '1h',
      refresh: 'off',
    });
    expect(parseTimeRange(new URLSearchParams('from=9&to=3'))).toEqual({
      kind: 'relative',
      range: '1h',
      refresh: 'off',
    });
  });

  it('resolves relative ranges against now', () => {
    expect(
      resolveTimeRange(
        { kind: 'relative', range: '15m', refresh: 'off' },
        10_000.7,
      ),
    ).toEqual({ from: 9100, to: 10_000 });
  });

  it('picks a step giving at most 240 points', () => {
    expect(stepFor(0, 3600)).toBe(15);
    expect(stepFor(0, 86400)).toBe(600);
    expect(stepFor(0, 7 * 86400)).toBe(3600);
  });
});
