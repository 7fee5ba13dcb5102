import { addGroupingLabels } from './addGroupingLabels';

describe('addGroupingLabels', () => {
  it('adds by (...) to aggregations without one', () => {
    expect(addGroupingLabels('sum(rate(x[5m]))', ['job', 'namespace'])).toBe(
      'sum by (job, namespace)(rate(x[5m]))',
    );
  });

  it('extends an existing by list, leaving labels already there', () => {
    expect(addGroupingLabels('sum by (route) (x)', ['job'])).toBe(
      'sum by (route, job) (x)',
    );
    expect(addGroupingLabels('sum by (job) (x)', ['job'])).toBe(
      'sum by (job) (x)',
    );
    expect(addGroupingLabels('sum(x) by (route)', ['job'])).toBe(
      'sum(x) by (route, job)',
    );
    expect(addGroupingLabels('sum by () (x)', ['job'])).toBe(
      'sum by (job) (x)',
    );
  });

  it('groups every aggregation, nested and in binary operations', () => {
    expect(addGroupingLabels('avg(up) / max(sum(x))', ['job'])).toBe(
      'avg by (job)(up) / max by (job)(sum by (job)(x))',
    );
  });

  it('leaves without(...) alone unless it drops a scope label', () => {
    expect(addGroupingLabels('sum without (instance) (x)', ['job'])).toBe(
      'sum without (instance) (x)',
    );
    expect(() => addGroupingLabels('sum without (job) (x)', ['job'])).toThrow(
      'drops job',
    );
  });
});
