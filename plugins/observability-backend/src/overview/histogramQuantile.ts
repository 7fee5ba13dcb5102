/**
 * Prometheus's histogram_quantile, for buckets summed in the backend: linear interpolation inside
 * the bucket where the quantile falls, the lower bound of the first bucket taken as 0, and the
 * highest finite bound returned when the quantile falls in +Inf.
 */
export function histogramQuantile(
  q: number,
  buckets: Map<number, number>,
): number | null {
  const sorted = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  if (sorted.length < 2 || sorted[sorted.length - 1][0] !== Infinity)
    return null;
  const total = sorted[sorted.length - 1][1];
  if (!(total > 0)) return null;
  const rank = q * total;
  let previousBound = 0;
  let previousCount = 0;
  for (const [bound, count] of sorted) {
    if (count >= rank) {
      if (bound === Infinity) return sorted[sorted.length - 2][0];
      if (count === previousCount) return bound;
      return (
        previousBound +
        ((bound - previousBound) * (rank - previousCount)) /
          (count - previousCount)
      );
    }
    previousBound = bound;
    previousCount = count;
  }
  return null;
}
