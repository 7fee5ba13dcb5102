import { burnRate } from './burnRate';

/**
 * Windows the burn rate is computed over, in the order the UI lists them.
 *
 * @public
 */
export const BURN_RATE_WINDOWS = [
  '5m',
  '30m',
  '1h',
  '2h',
  '6h',
  '1d',
  '3d',
] as const;
/** @public */
export type BurnRateWindow = (typeof BURN_RATE_WINDOWS)[number];

/** @public */
export const windowSeconds: Record<BurnRateWindow | SloWindow, number> = {
  '5m': 300,
  '30m': 1800,
  '1h': 3600,
  '2h': 7200,
  '6h': 21600,
  '1d': 86400,
  '3d': 3 * 86400,
  '7d': 7 * 86400,
  '28d': 28 * 86400,
  '30d': 30 * 86400,
};

/** @public */
export type SloWindow = '7d' | '28d' | '30d';
/** @public */
export type AlertSeverity = 'page' | 'ticket';

/** @public */
export interface AlertCondition {
  severity: AlertSeverity;
  /** Share of the whole budget this condition catches being spent, e.g. 0.02. */
  budgetFraction: number;
  longWindow: BurnRateWindow;
  shortWindow: BurnRateWindow;
  /** Both windows' burn rates must exceed this. */
  factor: number;
}

/**
 * The Google SRE workbook's multi-window, multi-burn-rate conditions ("Alerting on SLOs"): page
 * on 2% of the budget spent in 1h (checked against 5m) or 5% in 6h (30m); ticket on 10% in 1d
 * (2h) or 10% in 3d (6h). The factor is budget fraction × SLO window ÷ long window, as Sloth
 * computes it, so a 30-day SLO gets 14.4, 6, 3 and 1, and other windows scale.
 *
 * @public
 */
export function alertConditions(window: SloWindow): AlertCondition[] {
  const table: Array<Omit<AlertCondition, 'factor'>> = [
    {
      severity: 'page',
      budgetFraction: 0.02,
      longWindow: '1h',
      shortWindow: '5m',
    },
    {
      severity: 'page',
      budgetFraction: 0.05,
      longWindow: '6h',
      shortWindow: '30m',
    },
    {
      severity: 'ticket',
      budgetFraction: 0.1,
      longWindow: '1d',
      shortWindow: '2h',
    },
    {
      severity: 'ticket',
      budgetFraction: 0.1,
      longWindow: '3d',
      shortWindow: '6h',
    },
  ];
  return table.map(c => ({
    ...c,
    factor:
      (c.budgetFraction * windowSeconds[window]) / windowSeconds[c.longWindow],
  }));
}

/** @public */
export interface AlertState {
  state: 'none' | AlertSeverity;
  /** The conditions that trip now, worst first. */
  tripped: AlertCondition[];
}

/**
 * Which conditions trip for these burn rates; a window without data never trips.
 *
 * @public
 */
export function alertState(
  rates: Partial<Record<BurnRateWindow, number | null>>,
  window: SloWindow,
): AlertState {
  const tripped = alertConditions(window).filter(c => {
    const long = rates[c.longWindow];
    const short = rates[c.shortWindow];
    return (
      typeof long === 'number' &&
      typeof short === 'number' &&
      long > c.factor &&
      short > c.factor
    );
  });
  let state: AlertState['state'] = 'none';
  if (tripped.some(c => c.severity === 'page')) state = 'page';
  else if (tripped.length > 0) state = 'ticket';
  return { state, tripped };
}

/**
 * Burn rates for error ratios per window.
 *
 * @public
 */
export function burnRates(
  errorRatios: Partial<Record<BurnRateWindow, number | null>>,
  objective: number,
): Partial<Record<BurnRateWindow, number | null>> {
  return Object.fromEntries(
    Object.entries(errorRatios).map(([w, ratio]) => [
      w,
      typeof ratio === 'number' ? burnRate(ratio, objective) : null,
    ]),
  );
}
