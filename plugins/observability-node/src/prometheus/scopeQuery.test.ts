import { scopeQuery } from './scopeQuery';

const checkout = [{ name: 'job', op: '=' as const, value: 'checkout' }];

describe('scopeQuery', () => {
  it('adds the scope to every selector', () => {
    expect(scopeQuery('sum(rate(x[5m])) / sum(rate(y[5m]))', checkout)).toBe(
      'sum(rate(x{job="checkout"}[5m])) / sum(rate(y{job="checkout"}[5m]))',
    );
  });

  it('refuses an empty scope instead of sending an unscoped query', () => {
    expect(() => scopeQuery('up', [])).toThrow(
      'Refusing to send a query without an entity scope',
    );
  });

  it('keeps rejecting a conflicting query when asked again (rejections are not remembered)', () => {
    const attempt = () => scopeQuery('up{job="payments"}', checkout);
    expect(attempt).toThrow(/payments/);
    expect(attempt).toThrow(/payments/);
  });

  it('remembers per scope: the same query for another entity gets that entity’s matchers', () => {
    const payments = [{ name: 'job', op: '=' as const, value: 'payments' }];
    expect(scopeQuery('up', checkout)).toBe('up{job="checkout"}');
    expect(scopeQuery('up', payments)).toBe('up{job="payments"}');
    expect(scopeQuery('up', checkout)).toBe('up{job="checkout"}');
  });
});
