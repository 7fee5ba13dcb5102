import { InputError } from '@backstage/errors';
import type { ResolvedRange } from '@stagewatch/backstage-plugin-observability-common';

/** Prometheus refuses range queries with more points than this per series. */
export const PROMETHEUS_MAX_POINTS = 11_000;

/** Steps a person would pick; a raised step snaps up to the next one so cached ranges line up. */
const niceSteps = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600,
  43200, 86400,
];

export interface RangeRequest {
  from: number;
  to: number;
  step?: number;
}

/**
 * Aligns a range to its step (so the same view asked twice hits the same cache entry and the
 * points fall on round times) and raises the step when the range would need more points than
 * `maxPoints`, saying so in the result.
 */
export function resolveRange(
  request: RangeRequest,
  options: { maxPoints: number },
): ResolvedRange {
  const { from, to } = request;
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    throw new InputError('from and to must be Unix times in seconds');
  }
  if (to <= from) {
    throw new InputError(
      `The range is empty: from (${from}) must be before to (${to})`,
    );
  }
  const maxPoints = Math.min(
    Math.max(2, options.maxPoints),
    PROMETHEUS_MAX_POINTS,
  );
  const span = to - from;
  const requested =
    request.step ?? niceSteps.find(s => span / s <= 300) ?? 86400;
  if (!Number.isFinite(requested) || requested <= 0) {
    throw new InputError(
      `step must be a positive number of seconds, got ${request.step}`,
    );
  }

  let step = requested;
  if (span / step + 1 > maxPoints) {
    const minimum = span / (maxPoints - 1);
    step = niceSteps.find(s => s >= minimum) ?? Math.ceil(minimum);
  }
  const alignedFrom = Math.floor(from / step) * step;
  const alignedTo = Math.ceil(to / step) * step;
  const range: ResolvedRange = { from: alignedFrom, to: alignedTo, step };
  if (request.step !== undefined && step !== request.step) {
    range.requestedStep = request.step;
    range.note = `Step raised from ${request.step}s to ${step}s to keep at most ${maxPoints} points per series`;
  }
  return range;
}
