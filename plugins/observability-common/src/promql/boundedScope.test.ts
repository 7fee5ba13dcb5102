import { assertBoundedScope } from './boundedScope';
import { parseSelector } from './selector';

describe('assertBoundedScope', () => {
  it.each([
    '{job="checkout"}',
    '{job="checkout", namespace=~"shop|web"}',
    '{job=~"checkout|checkout-canary"}',
  ])('accepts %s', selector => {
    expect(() => assertBoundedScope(parseSelector(selector))).not.toThrow();
  });

  it.each([
    '{job=~".+"}',
    '{namespace=~".*"}',
    '{job=~"check.*"}',
    '{job=~"a|"}',
    '{job=""}',
  ])('rejects %s, which limits nothing or too little', selector => {
    expect(() => assertBoundedScope(parseSelector(selector))).toThrow(
      'does not pin any label to specific values',
    );
  });
});
