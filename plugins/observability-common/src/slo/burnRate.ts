/**
 * Error-budget arithmetic for one SLO. Objectives are fractions (0.999 for 99.9%), error ratios
 * are fractions of bad events, durations are seconds. Pure functions: the backend feeds them
 * Prometheus results, the frontend formats them.
 */

/**
 * The error budget: the share of events allowed to be bad.
 *
 * @public
 */
export function errorBudget(objective: number): number {
  if (!(objective > 0 && objective < 1)) {
    throw new RangeError(
      `objective must be between 0 and 1 (exclusive), got ${objective}`,
    );
  }
  return 1 - objective;
}

/**
 * How fast the budget is being spent, relative to spending exactly all of it over the SLO
 * window: 1 means "on track to use the whole budget", 14.4 means 14.4 times too fast.
 *
 * @public
 */
export function burnRate(errorRatio: number, objective: number): number {
  return errorRatio / errorBudget(objective);
}

/**
 * Share of the budget left after a window with this error ratio; negative when overspent.
 *
 * @public
 */
export function budgetRemaining(
  windowErrorRatio: number,
  objective: number,
): number {
  return 1 - windowErrorRatio / errorBudget(objective);
}

/**
 * Seconds until the remaining budget is gone at the current burn rate, or null when it is not
 * being spent (burn rate 0) and 0 when it already is gone. Burning at rate b spends b windows'
 * worth of budget per window, so a remaining share r lasts r × window ÷ b.
 *
 * @public
 */
export function timeToExhaustion(
  remaining: number,
  currentBurnRate: number,
  windowSeconds: number,
): number | null {
  if (remaining <= 0) return 0;
  if (!(currentBurnRate > 0)) return null;
  return (remaining * windowSeconds) / currentBurnRate;
}
