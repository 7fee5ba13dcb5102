import { InputError } from '@backstage/errors';
import { literalAlternatives } from './regex';
import { formatSelector } from './selector';
import { LabelMatcher } from './types';

/**
 * An entity's scope must pin at least one label to specific values: `job="checkout"` or
 * `job=~"checkout|checkout-canary"`. A scope like `{job=~".+"}` or `{namespace=~".*"}` is valid
 * PromQL but limits nothing, and since anyone who can edit a catalog-info.yaml sets the
 * annotation, accepting it would hand out every service's metrics.
 * @public
 */
export function assertBoundedScope(
  matchers: ReadonlyArray<LabelMatcher>,
): void {
  const pins = matchers.some(m => {
    if (m.op === '=') return m.value !== '';
    if (m.op === '=~') {
      const values = literalAlternatives(m.value);
      return (
        values !== undefined && values.length > 0 && values.every(v => v !== '')
      );
    }
    return false;
  });
  if (!pins) {
    throw new InputError(
      `The selector ${formatSelector(
        matchers,
      )} does not pin any label to specific values, so it would select other services' series too; use = or a list of literal values (e.g. job="checkout" or job=~"checkout|checkout-canary")`,
    );
  }
}
