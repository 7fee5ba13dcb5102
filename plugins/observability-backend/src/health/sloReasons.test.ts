import { alertState } from '@stagewatch/backstage-plugin-observability-common';
import { sloReasons } from './sloReasons';

const quiet = {
  '5m': 0.5,
  '30m': 0.5,
  '1h': 0.5,
  '2h': 0.5,
  '6h': 0.5,
  '1d': 0.5,
  '3d': 0.5,
};

describe('sloReasons', () => {
  it('adds nothing for an SLO burning slower than any condition, with budget left', () => {
    expect(
      sloReasons([
        {
          name: 'a',
          budgetRemaining: 0.6,
          burnRates: quiet,
          alert: alertState(quiet, '30d'),
        },
      ]),
    ).toEqual([]);
  });

  it('is critical when a page condition trips, naming both windows and the factor', () => {
    const rates = { ...quiet, '1h': 20, '5m': 30 };
    expect(
      sloReasons([
        {
          name: 'availability',
          budgetRemaining: 0.5,
          burnRates: rates,
          alert: alertState(rates, '30d'),
        },
      ]),
    ).toEqual([
      {
        signal: 'slo',
        severity: 'critical',
        value: 20,
        threshold: 14.4,
        message:
          'SLO availability burns its error budget fast: 20.0× over 1h and 30.0× over 5m, both above 14.4× (page)',
      },
    ]);
  });

  it('is degraded when only a ticket condition trips', () => {
    const rates = { ...quiet, '1d': 4, '2h': 5 };
    const [reason] = sloReasons([
      {
        name: 'latency',
        budgetRemaining: 0.5,
        burnRates: rates,
        alert: alertState(rates, '30d'),
      },
    ]);
    expect(reason.severity).toBe('degraded');
    expect(reason.message).toBe(
      'SLO latency burns its error budget steadily: 4.0× over 1d and 5.0× over 2h, both above 3.0× (ticket)',
    );
  });

  it('is degraded when the budget is spent even though nothing burns now', () => {
    expect(
      sloReasons([
        {
          name: 'a',
          budgetRemaining: -0.25,
          burnRates: quiet,
          alert: alertState(quiet, '30d'),
        },
      ]),
    ).toEqual([
      {
        signal: 'slo',
        severity: 'degraded',
        value: -0.25,
        threshold: 0,
        message: 'SLO a has spent its error budget (-25% left)',
      },
    ]);
  });

  it('never trips on windows without data', () => {
    const rates = { '1h': null, '5m': 100 };
    expect(
      sloReasons([
        {
          name: 'a',
          budgetRemaining: null,
          burnRates: rates,
          alert: alertState(rates, '30d'),
        },
      ]),
    ).toEqual([]);
  });
});
