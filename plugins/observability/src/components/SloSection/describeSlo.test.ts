import type { SloStatus } from '@stagewatch/backstage-plugin-observability-common';
import { alertState } from '@stagewatch/backstage-plugin-observability-common';
import {
  conditionRows,
  describeBudget,
  describeCoverage,
  describeObjective,
  describeSli,
  formatBurn,
  formatCoveredDuration,
  formatDuration,
} from './describeSlo';

const slo = (over: Partial<SloStatus>): SloStatus => ({
  name: 'availability',
  objectivePercent: 99.9,
  window: '30d',
  sli: { type: 'availability' },
  sliValue: 0.9995,
  budgetRemaining: 0.62,
  timeToExhaustionSeconds: 11 * 86400,
  burnRates: {},
  alert: { state: 'none', tripped: [] },
  burnDown: [],
  query: '',
  ...over,
});

describe('describeBudget', () => {
  it('says how much is left and how long it lasts at the current burn', () => {
    expect(describeBudget(slo({}))).toBe(
      '62% left, about 11 days at the current burn',
    );
    expect(describeBudget(slo({ timeToExhaustionSeconds: 5 * 3600 }))).toBe(
      '62% left, about 5 hours at the current burn',
    );
  });

  it('says when nothing is being spent, when the budget outlasts the window and when it is gone', () => {
    expect(describeBudget(slo({ timeToExhaustionSeconds: null }))).toBe(
      '62% left, not being spent right now',
    );
    expect(describeBudget(slo({ timeToExhaustionSeconds: 40 * 86400 }))).toBe(
      '62% left, lasts the window at the current burn',
    );
    expect(describeBudget(slo({ budgetRemaining: -0.2 }))).toBe(
      'Budget spent (-20% left over 30d)',
    );
    expect(describeBudget(slo({ budgetRemaining: null }))).toBe(
      'No data over the window yet',
    );
  });
});

describe('describeCoverage', () => {
  const window = 30 * 86400;
  const coverage = (seconds: number) => ({
    seconds,
    windowSeconds: window,
    ratio: seconds / window,
  });

  it('says how much of the window the budget is based on, in minutes, hours or days', () => {
    expect(describeCoverage(coverage(300))).toEqual({
      text: 'based on 5 minutes of the 30-day window',
      short: true,
    });
    expect(describeCoverage(coverage(7 * 3600))?.text).toBe(
      'based on 7 hours of the 30-day window',
    );
    expect(describeCoverage(coverage(12 * 86400))).toEqual({
      text: 'based on 12 days of the 30-day window',
      short: false,
    });
    expect(
      describeCoverage({
        seconds: 86400,
        windowSeconds: 7 * 86400,
        ratio: 1 / 7,
      })?.text,
    ).toBe('based on 24 hours of the 7-day window');
  });

  it('is short under a tenth of the window', () => {
    expect(describeCoverage(coverage(2 * 86400))?.short).toBe(true);
    expect(describeCoverage(coverage(3 * 86400))?.short).toBe(false);
  });

  it('says nothing for a full window or an unknown coverage', () => {
    expect(describeCoverage(coverage(window))).toBeUndefined();
    expect(describeCoverage(null)).toBeUndefined();
    expect(describeCoverage(undefined)).toBeUndefined();
  });

  it('never says more data than there is', () => {
    expect(formatCoveredDuration(0)).toBe('less than a minute');
    expect(formatCoveredDuration(59)).toBe('less than a minute');
    expect(formatCoveredDuration(60)).toBe('1 minute');
    expect(formatCoveredDuration(359)).toBe('5 minutes');
    expect(formatCoveredDuration(3599)).toBe('59 minutes');
    expect(formatCoveredDuration(3600)).toBe('1 hour');
    expect(formatCoveredDuration(47.9 * 3600)).toBe('47 hours');
    expect(formatCoveredDuration(2 * 86400)).toBe('2 days');
    expect(formatCoveredDuration(29.9 * 86400)).toBe('29 days');
  });
});

describe('formatting', () => {
  it('formats durations, burn rates, objectives and SLIs for people', () => {
    expect(formatDuration(90)).toBe('2 minutes');
    expect(formatDuration(3600)).toBe('1 hour');
    expect(formatDuration(3 * 86400)).toBe('3 days');
    expect(formatBurn(14.4)).toBe('14.4×');
    expect(formatBurn(0.0312)).toBe('0.031×');
    expect(formatBurn(250.4)).toBe('250×');
    expect(formatBurn(null)).toBe('—');
    expect(describeObjective({ objectivePercent: 99.9, window: '30d' })).toBe(
      '99.9% over 30 days',
    );
    expect(describeSli({ type: 'latency', thresholdSeconds: 0.3 })).toBe(
      'Requests faster than 300 ms',
    );
    expect(describeSli({ type: 'availability' })).toBe(
      'Requests that do not fail (no 5xx)',
    );
  });
});

describe('conditionRows', () => {
  it('lists the four conditions with their burn rates and marks the one that trips', () => {
    const rates = {
      '5m': 30,
      '1h': 20,
      '30m': 1,
      '6h': 1,
      '2h': 1,
      '1d': 1,
      '3d': 1,
    };
    const rows = conditionRows(
      slo({ burnRates: rates, alert: alertState(rates, '30d') }),
    );
    expect(
      rows.map(r => [
        r.condition.severity,
        r.condition.longWindow,
        r.long,
        r.short,
        r.trips,
      ]),
    ).toEqual([
      ['page', '1h', 20, 30, true],
      ['page', '6h', 1, 1, false],
      ['ticket', '1d', 1, 1, false],
      ['ticket', '3d', 1, 1, false],
    ]);
  });
});
