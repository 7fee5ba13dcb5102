import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  alertConditions,
  alertState,
  burnRates,
  SloWindow,
} from './alertWindows';

const fixture = (name: string) =>
  readFileSync(path.join(__dirname, '__fixtures__', 'sloth', name), 'utf8');

describe('multi-window multi-burn-rate alerts', () => {
  it('uses the SRE workbook factors for a 30-day SLO: 14.4, 6, 3, 1', () => {
    expect(
      alertConditions('30d').map(c => [
        c.severity,
        c.longWindow,
        c.shortWindow,
        +c.factor.toFixed(4),
      ]),
    ).toEqual([
      ['page', '1h', '5m', 14.4],
      ['page', '6h', '30m', 6],
      ['ticket', '1d', '2h', 3],
      ['ticket', '3d', '6h', 1],
    ]);
  });

  it.each([
    ['sloth-windows-google-30d.yaml', '30d'],
    ['sloth-windows-google-28d.yaml', '28d'],
  ] as const)(
    'matches the windows and budget shares of Sloth’s %s',
    (file, window) => {
      const spec = parse(fixture(file)).spec;
      const sloth = [
        ['page', spec.page.quick],
        ['page', spec.page.slow],
        ['ticket', spec.ticket.quick],
        ['ticket', spec.ticket.slow],
      ].map(([severity, w]: any) => ({
        severity,
        longWindow: w.longWindow,
        shortWindow: w.shortWindow,
        budgetFraction: w.errorBudgetPercent / 100,
      }));
      expect(spec.sloPeriod).toBe(window);
      expect(
        alertConditions(window as SloWindow).map(({ factor, ...c }) => c),
      ).toEqual(sloth);
    },
  );

  it('scales for 28-day and 7-day SLOs as Sloth does (budget share × window ÷ long window)', () => {
    expect(alertConditions('28d').map(c => +c.factor.toFixed(4))).toEqual([
      13.44, 5.6, 2.8, 0.9333,
    ]);
    expect(alertConditions('7d').map(c => +c.factor.toFixed(4))).toEqual([
      3.36, 1.4, 0.7, 0.2333,
    ]);
  });

  it('uses the same factor and window pairs as the alerts Sloth generates for a 30-day SLO', () => {
    // Sloth writes each condition as `ratio_rate<window>{…} > (<factor> * <budget>)`.
    const pairs = [
      ...fixture('sloth-out-base.rendered.yaml').matchAll(
        /ratio_rate(\w+)\{[^}]*\} > \(([\d.]+) \*/g,
      ),
    ].map(m => [m[1], Number(m[2])]);
    const ours = alertConditions('30d').flatMap(c => [
      [c.shortWindow, +c.factor.toFixed(4)],
      [c.longWindow, +c.factor.toFixed(4)],
    ]);
    expect(pairs.length).toBeGreaterThanOrEqual(8);
    for (const pair of ours) {
      expect(pairs).toContainEqual(pair);
    }
  });
});

describe('alertState', () => {
  const objective = 0.999;
  it('pages when the 1h and 5m burn rates both exceed 14.4', () => {
    const state = alertState(
      burnRates(
        { '5m': 0.02, '1h': 0.015, '30m': 0.001, '6h': 0.001 },
        objective,
      ),
      '30d',
    );
    expect(state.state).toBe('page');
    expect(state.tripped.map(c => c.longWindow)).toEqual(['1h']);
  });

  it('does not page on a short spike the long window does not confirm', () => {
    expect(
      alertState(burnRates({ '5m': 0.05, '1h': 0.005 }, objective), '30d')
        .state,
    ).toBe('none');
  });

  it('opens a ticket on a slow burn: 3d and 6h above 1, nothing faster', () => {
    const state = alertState(
      burnRates(
        {
          '5m': 0.0012,
          '30m': 0.0012,
          '1h': 0.0012,
          '2h': 0.0012,
          '6h': 0.0012,
          '1d': 0.0012,
          '3d': 0.0012,
        },
        objective,
      ),
      '30d',
    );
    expect(state.state).toBe('ticket');
    expect(state.tripped.map(c => c.longWindow)).toEqual(['3d']);
  });

  it('never trips on a window without data', () => {
    expect(alertState({ '5m': null, '1h': 100 }, '30d').state).toBe('none');
  });
});
