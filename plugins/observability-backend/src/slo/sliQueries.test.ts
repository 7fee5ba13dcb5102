import { parseSloAnnotation } from '@stagewatch/backstage-plugin-observability-common';
import { addGroupingLabels } from '../overview/addGroupingLabels';
import {
  Profile,
  scopeQuery,
  sliCoverageQuery,
  sliTotalQuery,
  sloCoverage,
} from '@stagewatch/backstage-plugin-observability-node';

const profile = {
  name: 'prom-client',
  requestRate: 'sum(rate(http_requests_total[$__rate_interval]))',
  errorRate: 'sum(rate(http_requests_total{code=~"5.."}[$__rate_interval]))',
  latencyHistogram: 'http_request_duration_seconds',
} as Profile;

const [availability, latency, custom] = parseSloAnnotation(
  [
    '- { name: availability, objective: 99.9, sli: availability }',
    '- { name: latency, objective: 99, window: 7d, sli: { type: latency, threshold: 300ms } }',
    '- name: custom',
    '  objective: 99',
    '  sli:',
    '    good: sum(rate(jobs_ok_total[$__rate_interval]))',
    '    total: sum(rate(jobs_total[$__rate_interval]))',
  ].join('\n'),
);
const matchers = [
  { name: 'job', op: '=' as const, value: 'checkout' },
  { name: 'namespace', op: '=' as const, value: 'shop' },
];

describe('sliTotalQuery', () => {
  it("is the denominator of each SLI's error ratio", () => {
    expect(sliTotalQuery(availability, profile, '5m')).toBe(
      'sum(rate(http_requests_total[5m]))',
    );
    expect(sliTotalQuery(latency, profile, '5m')).toBe(
      'sum(rate(http_request_duration_seconds_count[5m]))',
    );
    expect(sliTotalQuery(custom, profile, '5m')).toBe(
      'sum(rate(jobs_total[5m]))',
    );
  });
});

describe('sliCoverageQuery', () => {
  it('searches the window hourly and the last hour finely, for the first step with data', () => {
    expect(sliCoverageQuery(latency, profile)).toBe(
      'time() - min(' +
        'label_replace(min_over_time(timestamp(sum(rate(http_request_duration_seconds_count[5m])))[7d:1h]), "coverage_step", "coarse", "", "")' +
        ' or ' +
        'label_replace(min_over_time(timestamp(sum(rate(http_request_duration_seconds_count[5m])))[1h:15s]), "coverage_step", "fine", "", ""))',
    );
  });

  it('is scoped to the entity in every selector, and groups by the scope labels for the overview', () => {
    for (const slo of [availability, latency, custom]) {
      const scoped = scopeQuery(sliCoverageQuery(slo, profile), matchers);
      const selectors = scoped.match(/[a-z_]+\{[^}]*\}\[5m\]/g) ?? [];
      expect(selectors).toHaveLength(2);
      for (const selector of selectors) {
        expect(selector).toContain('job="checkout"');
        expect(selector).toContain('namespace="shop"');
      }
    }
    const grouped = addGroupingLabels(sliCoverageQuery(availability, profile), [
      'job',
      'namespace',
    ]);
    expect(grouped).toMatch(/^time\(\) - min by \(job, namespace\)\(/);
    expect(grouped.match(/sum by \(job, namespace\)/g)).toHaveLength(2);
  });
});

describe('sloCoverage', () => {
  it('is the age of the first data against the window, clamped to it', () => {
    expect(sloCoverage(300, '30d')).toEqual({
      seconds: 300,
      windowSeconds: 30 * 86400,
      ratio: 300 / (30 * 86400),
    });
    expect(sloCoverage(-2, '7d')).toEqual({
      seconds: 0,
      windowSeconds: 7 * 86400,
      ratio: 0,
    });
    // Data from the window's first hour on is the whole window: the search is hourly there.
    expect(sloCoverage(30 * 86400 - 1800, '30d')?.ratio).toBe(1);
    expect(sloCoverage(31 * 86400, '30d')?.ratio).toBe(1);
    expect(sloCoverage(3 * 86400, '7d')?.ratio).toBeCloseTo(3 / 7, 12);
  });

  it('is null without data', () => {
    expect(sloCoverage(null, '30d')).toBeNull();
    expect(sloCoverage(Number.NaN, '30d')).toBeNull();
  });
});
