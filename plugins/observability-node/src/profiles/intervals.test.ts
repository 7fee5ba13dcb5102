import {
  formatDuration,
  rateIntervalSeconds,
  substituteIntervals,
} from './intervals';

describe('interval variables', () => {
  it('rate interval is at least four scrapes and one step plus a scrape, as in Grafana', () => {
    expect(rateIntervalSeconds(15, 15)).toBe(60);
    expect(rateIntervalSeconds(60, 15)).toBe(75);
    expect(rateIntervalSeconds(5, 5)).toBe(20);
  });

  it('formats durations the way PromQL accepts them', () => {
    expect(formatDuration(75)).toBe('75s');
    expect(formatDuration(120)).toBe('2m');
    expect(formatDuration(7200)).toBe('2h');
    expect(formatDuration(0.2)).toBe('1s');
  });

  it('substitutes both variables in both spellings', () => {
    expect(
      substituteIntervals(
        'rate(x[$__rate_interval]) + rate(y[${__rate_interval}]) + z[$__interval] + w[${__interval}]',
        {
          stepSeconds: 60,
          scrapeIntervalSeconds: 15,
        },
      ),
    ).toBe('rate(x[75s]) + rate(y[75s]) + z[1m] + w[1m]');
  });
});
