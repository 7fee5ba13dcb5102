import type { LabelMatcher } from '@stagewatch/backstage-plugin-observability-common';
import { RowIndex } from './rowIndex';
import { labelsMatch } from './unionScope';

const rows: Array<{ labels: Record<string, string>; value: number }> = [
  { labels: { job: 'checkout', namespace: 'shop', le: '0.1' }, value: 1 },
  { labels: { job: 'checkout', namespace: 'shop', le: '+Inf' }, value: 2 },
  { labels: { job: 'checkout', namespace: 'other' }, value: 3 },
  { labels: { job: 'payments', namespace: 'shop' }, value: 4 },
  { labels: { job: 'inventory' }, value: 5 },
];
const index = new RowIndex(rows, ['job', 'namespace']);
const eq = (name: string, value: string): LabelMatcher => ({
  name,
  op: '=',
  value,
});

describe('RowIndex', () => {
  it('finds the rows of an equality selector by its values, in order', () => {
    expect(
      index.matching([eq('namespace', 'shop'), eq('job', 'checkout')]),
    ).toEqual([rows[0], rows[1]]);
    expect(
      index.matching([eq('job', 'payments'), eq('namespace', 'shop')]),
    ).toEqual([rows[3]]);
    expect(
      index.matching([eq('job', 'nope'), eq('namespace', 'shop')]),
    ).toEqual([]);
  });

  it('treats a missing label as empty, as Prometheus and labelsMatch do', () => {
    expect(
      index.matching([eq('job', 'inventory'), eq('namespace', '')]),
    ).toEqual([rows[4]]);
  });

  it('answers every selector exactly as a filter with labelsMatch would', () => {
    const selectors: LabelMatcher[][] = [
      [eq('job', 'checkout'), eq('namespace', 'shop')],
      [
        { name: 'job', op: '=~', value: 'check.*|pay.*' },
        eq('namespace', 'shop'),
      ],
      [eq('job', 'checkout'), { name: 'namespace', op: '!=', value: 'shop' }],
      [eq('job', 'checkout')],
      [eq('job', 'checkout'), eq('job', 'checkout'), eq('namespace', 'shop')],
      [{ name: 'job', op: '!~', value: 'checkout' }, eq('namespace', 'shop')],
    ];
    for (const matchers of selectors) {
      expect(index.matching(matchers)).toEqual(
        rows.filter(r => labelsMatch(r.labels, matchers)),
      );
    }
  });
});
