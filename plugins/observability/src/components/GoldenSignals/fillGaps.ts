import type {
  ResolvedRange,
  SeriesPoint,
} from '@stagewatch/backstage-plugin-observability-common';

/**
 * Puts a series on its range's step grid, with `null` where Prometheus had no sample. Prometheus
 * leaves missing steps out; without the nulls a chart would draw a straight line across an
 * outage, which is exactly the moment a person needs to see the gap.
 */
export function fillGaps(
  points: SeriesPoint[],
  range: ResolvedRange,
): SeriesPoint[] {
  const { from, to, step } = range;
  if (!(step > 0) || to < from || (to - from) / step > 20_000) return points;
  const byTime = new Map(points.map(([t, v]) => [Math.round(t), v]));
  const filled: SeriesPoint[] = [];
  for (let t = from; t <= to; t += step) {
    filled.push([t, byTime.get(t) ?? null]);
  }
  return filled;
}
