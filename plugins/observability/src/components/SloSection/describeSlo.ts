import type {
  AlertCondition,
  SloCoverage,
  SloIndicator,
  SloStatus,
} from '@stagewatch/backstage-plugin-observability-common';
import { alertConditions } from '@stagewatch/backstage-plugin-observability-common';

/** 90 s → "2 minutes", 5 h → "5 hours", 11.4 days → "11 days". */
export function formatDuration(seconds: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds < 3600)
    return unit(Math.max(1, Math.round(seconds / 60)), 'minute');
  if (seconds < 2 * 86400) return unit(Math.round(seconds / 3600), 'hour');
  return unit(Math.round(seconds / 86400), 'day');
}

/**
 * How long data has been there, never more than there is: 40 s → "less than a minute",
 * 5.9 minutes → "5 minutes", 30 hours → "30 hours", 3.5 days → "3 days".
 */
export function formatCoveredDuration(seconds: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return 'less than a minute';
  if (seconds < 3600) return unit(Math.floor(seconds / 60), 'minute');
  if (seconds < 2 * 86400) return unit(Math.floor(seconds / 3600), 'hour');
  return unit(Math.floor(seconds / 86400), 'day');
}

/** Below this share of the window with data, the budget is shown as barely meaningful. */
export const SHORT_COVERAGE = 0.1;

/**
 * What the budget is computed from, when that is less than the whole window: "based on
 * 5 minutes of the 30-day window", and whether that is so little it deserves a warning.
 * Undefined when the whole window has data or coverage is unknown.
 */
export function describeCoverage(
  coverage: SloCoverage | null | undefined,
): { text: string; short: boolean } | undefined {
  if (!coverage || coverage.ratio >= 1) return undefined;
  const days = Math.round(coverage.windowSeconds / 86400);
  return {
    text: `based on ${formatCoveredDuration(
      coverage.seconds,
    )} of the ${days}-day window`,
    short: coverage.ratio < SHORT_COVERAGE,
  };
}

/** Budget left in words: "62% left, about 11 days at the current burn". */
export function describeBudget(slo: SloStatus): string {
  const { budgetRemaining: left, timeToExhaustionSeconds: ttl } = slo;
  if (left === null) return 'No data over the window yet';
  const percent = `${Math.round(left * 100)}%`;
  if (left <= 0) return `Budget spent (${percent} left over ${slo.window})`;
  if (ttl === null) return `${percent} left, not being spent right now`;
  // Gone later than the window ends: the budget outlasts the window at this pace.
  const windowSeconds = { '7d': 7, '28d': 28, '30d': 30 }[slo.window] * 86400;
  if (ttl >= windowSeconds)
    return `${percent} left, lasts the window at the current burn`;
  return `${percent} left, about ${formatDuration(ttl)} at the current burn`;
}

/** What counts as good, in words. */
export function describeSli(sli: SloIndicator): string {
  switch (sli.type) {
    case 'availability':
      return 'Requests that do not fail (no 5xx)';
    case 'latency': {
      const ms = sli.thresholdSeconds * 1000;
      return `Requests faster than ${
        ms < 1000 ? `${Math.round(ms)} ms` : `${sli.thresholdSeconds} s`
      }`;
    }
    default:
      return sli.good !== undefined
        ? `Custom: ${sli.good} ÷ ${sli.total}`
        : `Custom: 1 − ${sli.bad} ÷ ${sli.total}`;
  }
}

/** "99.9% over 30 days". */
export function describeObjective(
  slo: Pick<SloStatus, 'objectivePercent' | 'window'>,
) {
  return `${slo.objectivePercent}% over ${slo.window.replace('d', ' days')}`;
}

/** A burn rate as shown in the table: "14.4×", "0.03×", "—". */
export function formatBurn(rate: number | null | undefined): string {
  if (typeof rate !== 'number' || !Number.isFinite(rate)) return '—';
  if (rate >= 100) return `${Math.round(rate)}×`;
  if (rate >= 10) return `${rate.toFixed(1)}×`;
  return `${Number(rate.toPrecision(2))}×`;
}

export interface ConditionRow {
  condition: AlertCondition;
  long: number | null;
  short: number | null;
  trips: boolean;
}

/** The four multi-window conditions with this SLO's burn rates, worst first. */
export function conditionRows(slo: SloStatus): ConditionRow[] {
  const tripped = new Set(
    slo.alert.tripped.map(c => `${c.longWindow}/${c.shortWindow}`),
  );
  return alertConditions(slo.window).map(condition => ({
    condition,
    long: slo.burnRates[condition.longWindow] ?? null,
    short: slo.burnRates[condition.shortWindow] ?? null,
    trips: tripped.has(`${condition.longWindow}/${condition.shortWindow}`),
  }));
}

export const SLO_SNIPPET = `metadata:
  annotations:
    observability/slos: |
      - name: availability
        objective: 99.9
        sli: availability
      - name: latency
        objective: 99
        window: 30d
        # a bucket boundary of your latency histogram
        sli: { type: latency, threshold: 300ms }
`;
