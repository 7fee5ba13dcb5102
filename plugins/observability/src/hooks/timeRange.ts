/** Relative ranges the header offers, in seconds. */
export const relativeRanges = {
  '15m': 15 * 60,
  '1h': 3600,
  '6h': 6 * 3600,
  '24h': 86400,
  '7d': 7 * 86400,
} as const;
export type RelativeRange = keyof typeof relativeRanges;

/** Auto-refresh choices, in seconds (0 = off). */
export const refreshIntervals = {
  off: 0,
  '30s': 30,
  '1m': 60,
  '5m': 300,
} as const;
export type RefreshInterval = keyof typeof refreshIntervals;

/** What the URL says about the view: `?range=1h&refresh=30s` or `?from=…&to=…` (custom). */
export type TimeRangeState =
  | { kind: 'relative'; range: RelativeRange; refresh: RefreshInterval }
  | { kind: 'absolute'; from: number; to: number; refresh: RefreshInterval };

const DEFAULT_RANGE: RelativeRange = '1h';

export const defaultTimeRange: TimeRangeState = {
  kind: 'relative',
  range: DEFAULT_RANGE,
  refresh: 'off',
};

const isRelative = (v: string | null): v is RelativeRange =>
  v !== null && v in relativeRanges;
const isRefresh = (v: string | null): v is RefreshInterval =>
  v !== null && v in refreshIntervals;

/** Reads the view from URL search params; anything unknown falls back to the default. */
export function parseTimeRange(params: URLSearchParams): TimeRangeState {
  const refresh = isRefresh(params.get('refresh'))
    ? (params.get('refresh') as RefreshInterval)
    : 'off';
  const from = Number(params.get('from'));
  const to = Number(params.get('to'));
  if (
    params.has('from') &&
    params.has('to') &&
    Number.isFinite(from) &&
    Number.isFinite(to) &&
    from < to
  ) {
    return {
      kind: 'absolute',
      from: Math.floor(from),
      to: Math.ceil(to),
      refresh,
    };
  }
  const range = params.get('range');
  return {
    kind: 'relative',
    range: isRelative(range) ? range : DEFAULT_RANGE,
    refresh,
  };
}

/** Writes the view into URL search params, keeping unrelated params. */
export function writeTimeRange(
  params: URLSearchParams,
  state: TimeRangeState,
): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('range');
  next.delete('from');
  next.delete('to');
  next.delete('refresh');
  if (state.kind === 'relative') {
    next.set('range', state.range);
  } else {
    next.set('from', String(state.from));
    next.set('to', String(state.to));
  }
  if (state.refresh !== 'off') next.set('refresh', state.refresh);
  return next;
}

/** The concrete range to ask for, now. */
export function resolveTimeRange(
  state: TimeRangeState,
  nowSeconds: number,
): { from: number; to: number } {
  if (state.kind === 'absolute') return { from: state.from, to: state.to };
  const to = Math.floor(nowSeconds);
  return { from: to - relativeRanges[state.range], to };
}

/** A step that gives about 240 points: fine charts that stay cheap to fetch and draw. */
export function stepFor(from: number, to: number): number {
  const steps = [
    15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400,
  ];
  return steps.find(s => (to - from) / s <= 240) ?? 86400;
}
