/**
 * Vectors from prometheus-community/prom-label-proxy (see __fixtures__/prom-label-proxy). Its
 * `errorOnReplace: true` mode is the one matching our policy (reject a query that asks for another
 * scope rather than silently rewrite it); those cases are the main set. Outputs are compared per
 * selector as the set of matchers (metric name included), not byte for byte.
 */
import { InputError } from '@backstage/errors';
import fixtures from './__fixtures__/prom-label-proxy/enforce-cases.json';
import { enforceLabelMatchers } from './enforce';
import { analyzeQuery } from './syntax';
import { LabelMatcher, MatchOp } from './types';

interface Case {
  source: string;
  query?: string;
  label?: string;
  value?: string | string[];
  matchType?: MatchOp;
  matchers?: Array<{ name: string; type: MatchOp; value: string }>;
  regexMatch?: boolean;
  errorOnReplace?: boolean;
  parserOptions?: string;
  expected?: string;
  error?: boolean;
}

const all = fixtures as Case[];
const id = (c: Case) => c.source.replace(/^.*@0664164e86f0:/, '');

/** Where the spec (not prom-label-proxy) decides; each entry says why. */
const KEEPS_BOTH =
  'PLP replaces the query matcher by the enforced one; the spec keeps both (selects the same series)';
const NEGATIVE_SCOPE =
  'enforced !=/!~: the spec accepts only an identical query matcher; PLP accepts any that can still match';
const OVERRIDES: Record<
  string,
  { reason: string; expected: string | InputErrorExpected }
> = {
  'injectproxy/enforce_test.go:417': {
    reason: KEEPS_BOTH,
    expected: 'up{job!="", job="foo"}',
  },
  'injectproxy/enforce_test.go:427': {
    reason: KEEPS_BOTH,
    expected: 'up{job!="bar", job="foo"}',
  },
  'injectproxy/enforce_test.go:432': {
    reason: KEEPS_BOTH,
    expected: 'up{job!="fred", job="foo"}',
  },
  'injectproxy/enforce_test.go:444': {
    reason: KEEPS_BOTH,
    expected: 'up{job=~"foo", job="foo"}',
  },
  'injectproxy/enforce_test.go:459': {
    reason: KEEPS_BOTH,
    expected: 'up{job=~"foo|fred", job="foo"}',
  },
  'injectproxy/enforce_test.go:464': {
    reason: KEEPS_BOTH,
    expected: 'up{job=~"foo|bar", job="foo"}',
  },
  'injectproxy/enforce_test.go:471': {
    reason: KEEPS_BOTH,
    expected: 'up{job!~"", job="foo"}',
  },
  'injectproxy/enforce_test.go:481': {
    reason: KEEPS_BOTH,
    expected: 'up{job!~"bar", job="foo"}',
  },
  'injectproxy/enforce_test.go:486': {
    reason: KEEPS_BOTH,
    expected: 'up{job!~"fred", job="foo"}',
  },
  'injectproxy/enforce_test.go:516': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:526': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:531': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:538': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:548': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:553': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:560': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:571': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:576': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:581': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:586': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:593': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:598': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:603': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:608': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:613': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:618': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:764': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:769': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:774': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:781': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:786': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:791': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:796': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:820': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:825': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:837': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:842': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:847': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:852': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
  'injectproxy/enforce_test.go:857': {
    reason: NEGATIVE_SCOPE,
    expected: 'InputError',
  },
};
type InputErrorExpected = 'InputError';

/** Per selector, in order: the set of matchers, the metric name counted as `__name__=`. */
function selectorSets(query: string): string[][] {
  return analyzeQuery(query).selectors.map(s =>
    [
      ...new Set(
        s.matchers.map(m => `${m.name}${m.op}${JSON.stringify(m.value)}`),
      ),
    ].sort(),
  );
}

function enforcedOf(c: Case): LabelMatcher[] {
  if (c.matchers)
    return c.matchers.map(m => ({ name: m.name, op: m.type, value: m.value }));
  // routes_test.go cases give no matchType: a single value with regexMatch false is `=`.
  const op = c.matchType ?? (c.regexMatch ? '=~' : '=');
  return [{ name: c.label!, op, value: c.value as string }];
}

function outcome(query: string, matchers: LabelMatcher[]): string | InputError {
  try {
    return enforceLabelMatchers(query, matchers);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
}

/** What to compare: `InputError`, or the per-selector matcher sets of the output. */
function summary(result: string | InputError): 'InputError' | string[][] {
  return result instanceof InputError ? 'InputError' : selectorSets(result);
}

function actual(c: Case) {
  return summary(outcome(c.query!, enforcedOf(c)));
}

function plpExpected(c: Case) {
  return c.error ? 'InputError' : selectorSets(c.expected!);
}

const singleValue = (c: Case) => typeof c.value === 'string';

// The main set, as the task defines it: errorOnReplace, one label, one value, matchType the op.
const main = all.filter(
  c => c.errorOnReplace === true && singleValue(c) && c.matchType,
);
// Also errorOnReplace with a single value, but several labels (`matchers`) or no matchType
// (routes_test.go, regexMatch false means `=`).
const extra = all.filter(
  c => c.errorOnReplace === true && singleValue(c) && !c.matchType,
);
// errorOnReplace false, where no selector has a matcher on an enforced label: both modes then do
// the same thing, so these vectors (more query shapes, newer syntax) apply too. Cases that expect
// Prometheus's default parser flags to reject experimental syntax are about feature flags, which
// the lezer grammar does not have, so they are left out.
const hasExistingOnEnforced = (c: Case) => {
  const names = new Set(enforcedOf(c).map(m => m.name));
  try {
    return analyzeQuery(c.query!).selectors.some(s =>
      s.matchers.some(m => names.has(m.name)),
    );
  } catch {
    return false; // does not parse: the case expects an error, keep it
  }
};
const featureFlagCases = all.filter(c => c.parserOptions === '(defaults)');
const otherMode = all.filter(
  c =>
    c.errorOnReplace === false &&
    singleValue(c) &&
    c.parserOptions !== '(defaults)' &&
    !hasExistingOnEnforced(c),
);

describe('prom-label-proxy vectors', () => {
  it('accounts for every case in the file', () => {
    const listValue = all.filter(
      c => c.errorOnReplace === true && !singleValue(c),
    );
    const otherModeSkipped = all.filter(
      c =>
        c.errorOnReplace === false &&
        !otherMode.includes(c) &&
        !featureFlagCases.includes(c),
    );
    const matchEndpoint = all.filter(c => c.errorOnReplace === undefined); // match[] of /series etc.
    expect(all).toHaveLength(177);
    expect(main).toHaveLength(99);
    expect(extra).toHaveLength(6);
    expect(otherMode).toHaveLength(20);
    expect(listValue).toHaveLength(1);
    expect(featureFlagCases).toHaveLength(4);
    expect(otherModeSkipped).toHaveLength(30); // silent replacement: the mode we do not implement
    expect(matchEndpoint).toHaveLength(17);
    expect(
      main.length +
        extra.length +
        otherMode.length +
        listValue.length +
        featureFlagCases.length +
        otherModeSkipped.length +
        matchEndpoint.length,
    ).toBe(all.length);
  });

  it('overrides only cases of the main set, 40 of 99, leaving 59 in agreement', () => {
    const mainIds = new Set(main.map(id));
    expect(Object.keys(OVERRIDES).filter(k => !mainIds.has(k))).toEqual([]);
    expect(Object.keys(OVERRIDES)).toHaveLength(40);
    expect(main.filter(c => !(id(c) in OVERRIDES))).toHaveLength(59);
  });

  describe('errorOnReplace cases (main set) where we agree with prom-label-proxy', () => {
    it.each(
      main
        .filter(c => !(id(c) in OVERRIDES))
        .map(c => [
          `${id(c)} ${c.query} ${c.label}${c.matchType}"${c.value}"`,
          c,
        ]),
    )('%s', (_name, c) => {
      expect(actual(c)).toEqual(plpExpected(c));
    });
  });

  describe('errorOnReplace cases (main set) where the spec overrides prom-label-proxy', () => {
    it.each(
      main
        .filter(c => id(c) in OVERRIDES)
        .map(c => [
          `${id(c)} ${c.query} ${c.label}${c.matchType}"${c.value}": ${
            OVERRIDES[id(c)].reason
          }`,
          c,
        ]),
    )('%s', (_name, c) => {
      const { expected } = OVERRIDES[id(c)];
      const result = outcome(c.query!, enforcedOf(c));
      expect(result instanceof InputError ? 'InputError' : result).toBe(
        expected,
      );
      // The override really differs from prom-label-proxy, so the list stays honest.
      expect(
        summary(expected === 'InputError' ? new InputError('') : expected),
      ).not.toEqual(plpExpected(c));
    });
  });

  describe('errorOnReplace cases with several labels or no matchType', () => {
    it.each(extra.map(c => [`${id(c)} ${c.query}`, c]))('%s', (_name, c) => {
      expect(actual(c)).toEqual(plpExpected(c));
    });
  });

  describe('other-mode cases where both modes agree', () => {
    it.each(otherMode.map(c => [`${id(c)} ${c.query}`, c]))(
      '%s',
      (_name, c) => {
        expect(actual(c)).toEqual(plpExpected(c));
      },
    );
  });
});
