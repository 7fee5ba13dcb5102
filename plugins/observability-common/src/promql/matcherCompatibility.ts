/**
 * Whether a matcher already in a query may stay next to an enforced one.
 *
 * This is not what keeps data in scope: the enforced matcher is always added, and two matchers on
 * one label are ANDed, so the result can only shrink. The check exists so that a query asking
 * for another scope (`job="payments"` under `job="checkout"`) fails loudly instead of quietly
 * returning nothing.
 */
import { compilePromRegex, literalAlternatives } from './regex';
import { LabelMatcher, sameMatcher } from './types';

/** Whether the single label value `value` passes `matcher` (regexes fully anchored). */
function satisfies(matcher: LabelMatcher, value: string): boolean {
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return compilePromRegex(matcher.value).test(value);
    case '!~':
      return !compilePromRegex(matcher.value).test(value);
    default:
      return false;
  }
}

/**
 * Whether `existing` (from the query) is compatible with `enforced` (the entity's scope), for
 * matchers on the same label; matchers on other labels are always compatible.
 * Throws RegexNotSupportedError when a regex involved cannot be evaluated.
 */
export function isCompatible(
  existing: LabelMatcher,
  enforced: LabelMatcher,
): boolean {
  if (existing.name !== enforced.name) return true;
  // The query already states the scope itself. Besides being obviously safe, this keeps
  // enforcement idempotent: enforcing twice must not reject the first pass's own output.
  if (sameMatcher(existing, enforced)) return true;

  switch (enforced.op) {
    case '=':
      // The scope is one value; the query is fine if that value passes its matcher.
      return satisfies(existing, enforced.value);
    case '=~': {
      // `prod|staging` is a finite set of values: fine if any of them passes the query's matcher.
      const values = literalAlternatives(enforced.value);
      if (values) return values.some(v => satisfies(existing, v));
      // A real regex is an unbounded set we cannot intersect with another regex, so only accept
      // what is decidable: one value inside the scope, or "label is set" when the scope requires
      // a non-empty value anyway.
      const scope = compilePromRegex(enforced.value);
      if (existing.op === '=') return scope.test(existing.value);
      if (
        (existing.op === '!=' || existing.op === '!~') &&
        existing.value === ''
      ) {
        return !scope.test('');
      }
      return false;
    }
    default:
      // A negative scope (`!=`, `!~`) says what is out of scope, not what is in it. Deciding
      // whether an arbitrary query matcher stays clear of it needs regex intersection, so we keep
      // it simple and strict: only a matcher identical to the scope's (handled above) is accepted.
      return false;
  }
}
