import {
  budgetRemaining,
  burnRate,
  errorBudget,
  timeToExhaustion,
} from './burnRate';

describe('SLO arithmetic', () => {
  it('has the budget of the objective', () => {
    expect(errorBudget(0.999)).toBeCloseTo(0.001, 12);
    expect(() => errorBudget(1)).toThrow('objective must be between 0 and 1');
    expect(() => errorBudget(99.9)).toThrow(
      'objective must be between 0 and 1',
    );
  });

  it('burns at error ratio ÷ budget', () => {
    expect(burnRate(0.0144, 0.999)).toBeCloseTo(14.4, 9);
    expect(burnRate(0.001, 0.999)).toBeCloseTo(1, 9);
    expect(burnRate(0, 0.995)).toBe(0);
  });

  it('leaves 1 - used share of the budget, negative when overspent', () => {
    expect(budgetRemaining(0.00038, 0.999)).toBeCloseTo(0.62, 9);
    expect(budgetRemaining(0.002, 0.999)).toBeCloseTo(-1, 9);
  });

  it('runs out after remaining × window ÷ burn rate', () => {
    const thirtyDays = 30 * 86400;
    // 62% left, burning at 1.69× → about 11 days, as in "62% left, about 11 days".
    expect(timeToExhaustion(0.62, 1.69, thirtyDays)! / 86400).toBeCloseTo(
      11.0,
      1,
    );
    expect(timeToExhaustion(0.5, 0, thirtyDays)).toBeNull();
    expect(timeToExhaustion(-0.1, 3, thirtyDays)).toBe(0);
  });
});
