/** A duration in microseconds as people read it: 850 µs, 12.3 ms, 1.24 s. */
export function formatDurationUs(us: number): string {
  if (!Number.isFinite(us) || us < 0) return '–';
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}

/** A span start as a local time of day, with milliseconds. */
export function formatStartUs(us: number): string {
  const date = new Date(us / 1000);
  return `${date.toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}
