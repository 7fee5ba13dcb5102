/**
 * Pure functions that decide how a demo service behaves at a given time. Kept free of I/O so the
 * traffic shape and the incident schedule can be unit-tested without waiting for a clock.
 */

export interface IncidentSchedule {
  /** Time between the starts of two incidents. */
  periodSeconds: number;
  /** How long an incident lasts. */
  durationSeconds: number;
  /** Seconds into each period at which the incident starts. */
  offsetSeconds: number;
}

export const defaultIncidentSchedule: IncidentSchedule = {
  periodSeconds: 8 * 60,
  durationSeconds: 2 * 60 + 30,
  offsetSeconds: 3 * 60,
};

/** Whether an incident is under way at `nowMs` (epoch milliseconds). */
export function isIncidentActive(
  nowMs: number,
  schedule: IncidentSchedule,
): boolean {
  if (schedule.durationSeconds <= 0) {
    return false;
  }
  const period = schedule.periodSeconds * 1000;
  const intoPeriod =
    (((nowMs - schedule.offsetSeconds * 1000) % period) + period) % period;
  return intoPeriod < schedule.durationSeconds * 1000;
}

/**
 * Requests per second at `nowMs`: a slow daily-like wave (10 min period so it shows on a 1h
 * chart), a faster ripple and a floor so the service is never idle.
 */
export function requestRate(nowMs: number, baseRps: number): number {
  const t = nowMs / 1000;
  const slow = Math.sin((2 * Math.PI * t) / 600);
  const ripple = Math.sin((2 * Math.PI * t) / 97);
  return Math.max(baseRps * 0.2, baseRps * (1 + 0.45 * slow + 0.15 * ripple));
}

/**
 * Latency grows with concurrency, as it does when a service queues on a pool: 8% per request
 * already in flight.
 */
export function loadFactor(inFlight: number): number {
  return 1 + 0.08 * Math.max(0, inFlight - 1);
}

/** A log-normal sample with median 1, so latencies have a realistic long tail. */
export function logNormalJitter(random: () => number, sigma = 0.35): number {
  const u1 = Math.max(random(), Number.EPSILON);
  const u2 = random();
  const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.exp(sigma * normal);
}

/** Picks an index with probability proportional to its weight. */
export function pickWeighted<T extends { weight: number }>(
  items: T[],
  random: () => number,
): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let remaining = random() * total;
  for (const item of items) {
    remaining -= item.weight;
    if (remaining < 0) {
      return item;
    }
  }
  return items[items.length - 1];
}
