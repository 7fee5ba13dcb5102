/**
 * How far "now" is rounded down for the views that show the current state. Every viewer within
 * the same slot asks Prometheus the same instant queries, so the result cache and request
 * coalescing serve them all from one set of upstream queries (a time in whole seconds made every
 * second a new query: at 10,000 services the overview was recomputed on every request). The
 * data is at most one slot older than the newest scrape, which a view "at a glance" tolerates.
 */
export const EVALUATION_SLOT_SECONDS = {
  /** An entity's summary and SLO status. */
  entity: 10,
  /** The overview of every service: the most expensive view, asked by everyone. */
  overview: 30,
} as const;

export function evaluationTime(
  nowSeconds: number,
  slotSeconds: number,
): number {
  return Math.floor(nowSeconds / slotSeconds) * slotSeconds;
}

/**
 * The slot for an instance: never longer than its scrape interval, since the data cannot change
 * faster than that (a Prometheus scraping every second gets one-second slots).
 */
export function slotFor(
  slotSeconds: number,
  scrapeIntervalSeconds: number,
): number {
  return Math.max(1, Math.min(slotSeconds, scrapeIntervalSeconds));
}
