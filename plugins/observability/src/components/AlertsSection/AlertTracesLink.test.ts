import { alertTracesSearch } from './AlertTracesLink';

describe('alertTracesSearch', () => {
  it('opens the window around the alert start with the Errors preset, keeping other params', () => {
    const search = alertTracesSearch(
      new URLSearchParams('range=1h&refresh=30s&trace=abc&other=1'),
      { startsAt: 1_800_000_000 },
    );
    const params = new URLSearchParams(search);
    expect(params.get('from')).toBe(String(1_800_000_000 - 300));
    expect(params.get('to')).toBe(String(1_800_000_000 + 900));
    expect(params.get('range')).toBeNull();
    // A fixed window stops auto-refresh, and an open trace is closed.
    expect(params.get('refresh')).toBeNull();
    expect(params.get('trace')).toBeNull();
    expect(params.get('traces')).toBe('errors');
    expect(params.get('other')).toBe('1');
  });
});
