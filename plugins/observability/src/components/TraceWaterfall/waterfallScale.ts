/** Colours that read on light and dark paper alike; a service keeps its colour everywhere. */
const PALETTE = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b',
  '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#3f51b5',
]; // prettier-ignore

export function serviceColor(service: string): string {
  let hash = 0;
  for (let i = 0; i < service.length; i++) {
    hash = (hash * 31 + service.charCodeAt(i)) | 0;
  }
  return PALETTE[Math.abs(hash) % PALETTE.length];
}

/**
 * About `count` evenly spaced ticks over [0, span] µs at a round step (1, 2 or 5 × 10^n), for
 * the time axis of a window that starts `offset` µs into the trace.
 */
export function timeTicks(
  offsetUs: number,
  spanUs: number,
  count = 5,
): number[] {
  if (!(spanUs > 0)) return [offsetUs];
  const raw = spanUs / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map(m => m * magnitude).find(s => s >= raw) ?? raw;
  const first = Math.ceil(offsetUs / step) * step;
  const ticks: number[] = [];
  for (let t = first; t <= offsetUs + spanUs + 1e-9; t += step) ticks.push(t);
  return ticks;
}
