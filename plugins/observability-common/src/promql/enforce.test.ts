import { InputError } from '@backstage/errors';
import { enforceLabelMatchers } from './enforce';
import { analyzeQuery } from './syntax';
import { LabelMatcher } from './types';

const job: LabelMatcher = { name: 'job', op: '=', value: 'checkout' };
const ns: LabelMatcher = { name: 'namespace', op: '=', value: 'shop' };
const scope = [job, ns];

function enforce(query: string, matchers: ReadonlyArray<LabelMatcher> = [job]) {
  return enforceLabelMatchers(query, matchers);
}

function rejection(
  query: string,
  matchers: ReadonlyArray<LabelMatcher> = [job],
): string {
  try {
    enforceLabelMatchers(query, matchers);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be rejected`);
}

describe('enforceLabelMatchers: every syntactic position', () => {
  it.each([
    ['up', 'up{job="checkout"}'],
    ['up{}', 'up{job="checkout"}'],
    ['{__name__="up"}', '{__name__="up", job="checkout"}'],
    ['up{a="b"}', 'up{a="b", job="checkout"}'],
    ['up{a="b",}', 'up{a="b", job="checkout",}'],
    ['up{ a = "b" , c!~"d" }', 'up{ a = "b" , c!~"d", job="checkout" }'],
    ['job:rate5m', 'job:rate5m{job="checkout"}'],
    ['sum(up)', 'sum(up{job="checkout"})'],
    ['sum by (job) (up)', 'sum by (job) (up{job="checkout"})'],
    [
      'sum(up) without (instance)',
      'sum(up{job="checkout"}) without (instance)',
    ],
    ['topk(5, up)', 'topk(5, up{job="checkout"})'],
    ['count_values("v", up)', 'count_values("v", up{job="checkout"})'],
    ['rate(x[5m])', 'rate(x{job="checkout"}[5m])'],
    ['rate(x{a="b"}[5m])', 'rate(x{a="b", job="checkout"}[5m])'],
    ['x[5m] offset 1h', 'x{job="checkout"}[5m] offset 1h'],
    ['x offset -5m', 'x{job="checkout"} offset -5m'],
    ['x @ 1609746000', 'x{job="checkout"} @ 1609746000'],
    ['x @ start()', 'x{job="checkout"} @ start()'],
    ['max_over_time(x[30m:1m])', 'max_over_time(x{job="checkout"}[30m:1m])'],
    [
      'max_over_time(rate(x[5m])[1h:])',
      'max_over_time(rate(x{job="checkout"}[5m])[1h:])',
    ],
    ['(x)', '(x{job="checkout"})'],
    ['-x', '-x{job="checkout"}'],
    ['-(a + b)', '-(a{job="checkout"} + b{job="checkout"})'],
    ['a / b', 'a{job="checkout"} / b{job="checkout"}'],
    ['a > bool 1', 'a{job="checkout"} > bool 1'],
    [
      'a and b or c unless d',
      'a{job="checkout"} and b{job="checkout"} or c{job="checkout"} unless d{job="checkout"}',
    ],
    ['a * on (job) b', 'a{job="checkout"} * on (job) b{job="checkout"}'],
    [
      'a * ignoring (x) b',
      'a{job="checkout"} * ignoring (x) b{job="checkout"}',
    ],
    [
      'a * on (x) group_left (y) b',
      'a{job="checkout"} * on (x) group_left (y) b{job="checkout"}',
    ],
    [
      'a * on (x) group_right b',
      'a{job="checkout"} * on (x) group_right b{job="checkout"}',
    ],
    [
      'histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))',
      'histogram_quantile(0.99, sum by (le) (rate(h_bucket{job="checkout"}[5m])))',
    ],
    [
      'label_replace(up, "dst", "$1", "src", "(.*)")',
      'label_replace(up{job="checkout"}, "dst", "$1", "src", "(.*)")',
    ],
    [
      'label_replace(up, "up{job=\\"x\\"}", "", "src", "up")',
      'label_replace(up{job="checkout"}, "up{job=\\"x\\"}", "", "src", "up")',
    ],
    [
      'label_join(up, "d", ",", "a", "b")',
      'label_join(up{job="checkout"}, "d", ",", "a", "b")',
    ],
    [
      'absent(nonexistent{a="b"})',
      'absent(nonexistent{a="b", job="checkout"})',
    ],
    ['vector(1) + scalar(up)', 'vector(1) + scalar(up{job="checkout"})'],
    ['time() - 1', 'time() - 1'],
    ['"just a string"', '"just a string"'],
    [
      'sum(rate(a[5m])) / sum(rate(b[5m])) > 0.1',
      'sum(rate(a{job="checkout"}[5m])) / sum(rate(b{job="checkout"}[5m])) > 0.1',
    ],
    ['sum(sum(sum(x)))', 'sum(sum(sum(x{job="checkout"})))'],
    [
      'rate(x[5m] offset 1d @ 100)',
      'rate(x{job="checkout"}[5m] offset 1d @ 100)',
    ],
    ['x\n  +\n  y', 'x{job="checkout"}\n  +\n  y{job="checkout"}'],
    ['sum', 'sum{job="checkout"}'],
    ['sum(sum)', 'sum(sum{job="checkout"})'],
    ['rate(x[5m * 2])', 'rate(x{job="checkout"}[5m * 2])'],
    ['x anchored', 'x{job="checkout"} anchored'],
    ['a + fill(0) b', 'a{job="checkout"} + fill(0) b{job="checkout"}'],
  ])('%s', (query, expected) => {
    expect(enforce(query)).toBe(expected);
  });

  it('adds several matchers at once, in order', () => {
    expect(enforce('up', scope)).toBe('up{job="checkout", namespace="shop"}');
    expect(enforce('up{a="b"}', scope)).toBe(
      'up{a="b", job="checkout", namespace="shop"}',
    );
    expect(enforce('{a="b"} / on() {c="d"}', scope)).toBe(
      '{a="b", job="checkout", namespace="shop"} / on() {c="d", job="checkout", namespace="shop"}',
    );
  });

  it('scopes the query used by the golden-signal panels', () => {
    expect(
      enforce('sum(rate(http_requests_total{status_code=~"5.."}[5m]))', scope),
    ).toBe(
      'sum(rate(http_requests_total{status_code=~"5..", job="checkout", namespace="shop"}[5m]))',
    );
    expect(
      enforce(
        'sum(rate(http_requests_total{status_code=~"5.."}[1m])) / sum(rate(http_requests_total[1m]))',
        scope,
      ),
    ).toBe(
      'sum(rate(http_requests_total{status_code=~"5..", job="checkout", namespace="shop"}[1m])) / ' +
        'sum(rate(http_requests_total{job="checkout", namespace="shop"}[1m]))',
    );
  });

  it('rejects an unsubstituted Grafana variable: callers substitute $__rate_interval first', () => {
    expect(
      rejection(
        'sum(rate(http_requests_total{status_code=~"5.."}[$__rate_interval]))',
        scope,
      ),
    ).toMatch(/does not parse/);
  });

  it('does not re-add a matcher the selector already has, so enforcement is idempotent', () => {
    expect(enforce('up{job="checkout"}')).toBe('up{job="checkout"}');
    const once = enforce('sum(rate(x{a="b"}[5m])) + up', scope);
    expect(enforce(once, scope)).toBe(once);
    const regexScope: LabelMatcher[] = [
      { name: 'env', op: '=~', value: 'prod-.*' },
    ];
    const r1 = enforce('up', regexScope);
    expect(r1).toBe('up{env=~"prod-.*"}');
    expect(enforce(r1, regexScope)).toBe(r1);
  });
});

describe('enforceLabelMatchers: newer syntax', () => {
  it('handles quoted metric names and UTF-8 label names', () => {
    expect(enforce('{"my.metric", "some.label"="x"}')).toBe(
      '{"my.metric", "some.label"="x", job="checkout"}',
    );
    expect(enforce('{"my.metric"}')).toBe('{"my.metric", job="checkout"}');
    expect(enforce('sum by ("some.label") ({"my.metric"})')).toBe(
      'sum by ("some.label") ({"my.metric", job="checkout"})',
    );
  });

  it('reads a quoted label name that is an enforced one', () => {
    expect(enforce('{"job"="checkout"}')).toBe('{"job"="checkout"}');
    expect(rejection('{"job"="payments"}')).toContain('job="payments"');
  });

  it('emits UTF-8 enforced label names in the quoted syntax', () => {
    expect(
      enforce('up', [{ name: 'service.name', op: '=', value: 'checkout' }]),
    ).toBe('up{"service.name"="checkout"}');
  });
});

describe('enforceLabelMatchers: compatibility with existing matchers', () => {
  const cases: Array<[string, LabelMatcher, 'ok' | 'conflict']> = [
    // Enforced `=`.
    ['up{job="checkout"}', job, 'ok'],
    ['up{job="payments"}', job, 'conflict'],
    ['up{job=""}', job, 'conflict'],
    ['up{job!="payments"}', job, 'ok'],
    ['up{job!="checkout"}', job, 'conflict'],
    ['up{job!=""}', job, 'ok'],
    ['up{job=~"check.*"}', job, 'ok'],
    ['up{job=~"check"}', job, 'conflict'], // anchored: must match the whole value
    ['up{job=~"heckout"}', job, 'conflict'],
    ['up{job=~"checkout|payments"}', job, 'ok'],
    ['up{job=~"(?i)CHECKOUT"}', job, 'ok'],
    ['up{job=~".*"}', job, 'ok'],
    ['up{job!~"pay.*"}', job, 'ok'],
    ['up{job!~"check.*"}', job, 'conflict'],
    ['up{job!~""}', job, 'ok'],
    // Enforced literal alternation.
    ['up{env="prod"}', { name: 'env', op: '=~', value: 'prod|staging' }, 'ok'],
    [
      'up{env="dev"}',
      { name: 'env', op: '=~', value: 'prod|staging' },
      'conflict',
    ],
    ['up{env!="prod"}', { name: 'env', op: '=~', value: 'prod|staging' }, 'ok'],
    [
      'up{env=~"stag.*"}',
      { name: 'env', op: '=~', value: 'prod|staging' },
      'ok',
    ],
    [
      'up{env!~"prod|staging"}',
      { name: 'env', op: '=~', value: 'prod|staging' },
      'conflict',
    ],
    [
      'up{env=~"prod|staging"}',
      { name: 'env', op: '=~', value: 'prod|staging' },
      'ok',
    ],
    ['up{env=~"prod"}', { name: 'env', op: '=~', value: 'prod' }, 'ok'],
    // Enforced real regex.
    ['up{env="prod-eu"}', { name: 'env', op: '=~', value: 'prod-.*' }, 'ok'],
    ['up{env="dev"}', { name: 'env', op: '=~', value: 'prod-.*' }, 'conflict'],
    ['up{env!=""}', { name: 'env', op: '=~', value: 'prod-.*' }, 'ok'],
    ['up{env!~""}', { name: 'env', op: '=~', value: 'prod-.*' }, 'ok'],
    ['up{env!=""}', { name: 'env', op: '=~', value: '.*' }, 'conflict'],
    [
      'up{env=~"prod-eu"}',
      { name: 'env', op: '=~', value: 'prod-.*' },
      'conflict',
    ],
    ['up{env!="dev"}', { name: 'env', op: '=~', value: 'prod-.*' }, 'conflict'],
    ['up{env=~"prod-.*"}', { name: 'env', op: '=~', value: 'prod-.*' }, 'ok'],
    // Enforced negative matchers: only the identical matcher is accepted.
    ['up{env!="dev"}', { name: 'env', op: '!=', value: 'dev' }, 'ok'],
    ['up{env="prod"}', { name: 'env', op: '!=', value: 'dev' }, 'conflict'],
    ['up{env!="qa"}', { name: 'env', op: '!=', value: 'dev' }, 'conflict'],
    ['up{env!~"dev|qa"}', { name: 'env', op: '!~', value: 'dev|qa' }, 'ok'],
    ['up{env=~"prod"}', { name: 'env', op: '!~', value: 'dev|qa' }, 'conflict'],
    // The metric name is a __name__ matcher.
    ['up', { name: '__name__', op: '=', value: 'up' }, 'ok'],
    ['down', { name: '__name__', op: '=', value: 'up' }, 'conflict'],
  ];

  it.each(cases.filter(c => c[2] === 'conflict'))(
    '%s with %j: %s',
    (query, matcher) => {
      expect(rejection(query, [matcher])).toMatch(
        /conflicts with the entity's scope/,
      );
    },
  );

  it.each(cases.filter(c => c[2] === 'ok'))(
    '%s with %j: %s',
    (query, matcher) => {
      const [selector] = analyzeQuery(enforce(query, [matcher])).selectors;
      // Both the query's own matchers and the enforced one are present.
      expect(selector.matchers).toEqual(
        expect.arrayContaining([
          ...analyzeQuery(query).selectors[0].matchers,
          matcher,
        ]),
      );
    },
  );

  it('keeps the existing matcher and adds the enforced one', () => {
    expect(enforce('up{job!="payments"}')).toBe(
      'up{job!="payments", job="checkout"}',
    );
    expect(enforce('up{job=~"check.*"}')).toBe(
      'up{job=~"check.*", job="checkout"}',
    );
  });

  it('names the label, the selector and the scope in the message', () => {
    expect(
      rejection('sum(rate(http_requests_total{job="payments"}[5m]))'),
    ).toBe(
      'Query selects job="payments" in http_requests_total{job="payments"}, ' +
        'which conflicts with the entity\'s scope job="checkout"',
    );
  });

  it.each([
    'sum(rate(a{job="payments"}[5m]))',
    'a + on (job) group_left b{job="payments"}',
    'max_over_time(x{job="payments"}[30m:1m])',
    '-(x{job!~"check.*"})',
    'label_replace(x{job="payments"}, "a", "b", "c", "d")',
    'x{job="payments"} offset 5m @ 100',
    'ok + (ok * count by (a) (topk(3, rate(bad{job="payments"}[1m]))))',
  ])('rejects a conflict in a nested position: %s', query => {
    expect(rejection(query)).toMatch(
      /^Query selects job(="payments"|!~"check\.\*") in .*conflicts with the entity's scope job="checkout"$/,
    );
  });

  it('rejects a conflict on the second enforced label', () => {
    expect(rejection('up{namespace="other"}', scope)).toContain(
      'scope namespace="shop"',
    );
  });

  it('rejects an existing regex it cannot evaluate', () => {
    expect(rejection('up{job=~"(?=x)checkout"}')).toMatch(
      /cannot be checked.*lookaround/,
    );
    expect(rejection('up{job=~"(?P<n>x)"}')).toMatch(
      /cannot be checked.*does not compile/,
    );
  });

  it('does not evaluate regexes on labels it does not enforce', () => {
    expect(enforce('up{other=~"(?P<n>x)"}')).toBe(
      'up{other=~"(?P<n>x)", job="checkout"}',
    );
  });
});

describe('enforceLabelMatchers: string values', () => {
  it('reads existing values in every quote style and escape', () => {
    const ok = (query: string, value: string) =>
      expect(() =>
        enforce(query, [{ name: 'job', op: '=', value }]),
      ).not.toThrow();
    ok('up{job="a\\"b"}', 'a"b');
    ok("up{job='a\\'b'}", "a'b");
    ok("up{job='a\"b'}", 'a"b');
    ok('up{job=`a\\n"b`}', 'a\\n"b');
    ok('up{job="a\\\\b"}', 'a\\b');
    ok('up{job="line\\nbreak"}', 'line\nbreak');
    ok('up{job="\\x41\\102\\u00e9\\U0001F600"}', 'ABé😀');
    ok('up{job="\\xc3\\xa9"}', 'é');
    ok('up{job="tab\\there"}', 'tab\there');
    ok('up{job=`multi\nline`}', 'multi\nline');
    expect(
      rejection('up{job="a\\"b"}', [{ name: 'job', op: '=', value: 'a\\"b' }]),
    ).toMatch(/conflicts/);
  });

  it('escapes enforced values as Go double-quoted strings', () => {
    const tricky = 'a"b\\c\nd\te\u0001f`g\'hé😀';
    const out = enforce('up', [{ name: 'job', op: '=', value: tricky }]);
    expect(out).toBe('up{job="a\\"b\\\\c\\nd\\te\\u0001f`g\'hé😀"}');
    expect(analyzeQuery(out).selectors[0].matchers[1]).toEqual({
      name: 'job',
      op: '=',
      value: tricky,
    });
  });

  it.each([
    ['up{job="a\\qb"}', /unknown escape sequence \\q/],
    ['up{job="a\\x4"}', /hex digits/],
    ['up{job="\\ud800"}', /not a valid Unicode code point/],
    ["up{job='a\\\"b'}", /unknown escape/],
    ['up{job="abc', /does not parse/],
    ['label_replace(up, "a", "b", "c", "unterminated)', /does not parse/],
    ['"abc', /unterminated string/],
    ['up{job="a\nb"}', /does not parse/],
    ['up{job="a\\\nb"}', /unknown escape/],
  ])('rejects the invalid string literal in %j', (query, message) => {
    expect(rejection(query)).toMatch(message);
  });
});

describe('enforceLabelMatchers: rejections', () => {
  it.each([
    ['', /empty/],
    ['   \n\t', /empty/],
    ['# only a comment', /does not parse/],
    ['sum(', /does not parse: syntax error at line 1/],
    ['up{job="a"', /does not parse/],
    ['up{job~"a"}', /does not parse/],
    ['rate(x[5m]', /does not parse/],
    ['up +', /does not parse/],
    ['up )', /does not parse/],
    ['foo(bar)', /does not parse/],
    ['on', /does not parse/],
    ['up{job="a"} up', /does not parse/],
    ['x\n+ \n)', /does not parse: syntax error at line 3, column 1/],
    ['up \ud800', /surrogate/],
  ])('%j', (query, message) => {
    expect(rejection(query)).toMatch(message);
  });

  it('rejects invalid enforced matchers', () => {
    expect(rejection('up', [])).toMatch(/No label matchers/);
    expect(rejection('up', [{ name: '', op: '=', value: 'x' }])).toMatch(
      /label name/,
    );
    expect(
      rejection('up', [
        { name: 'job', op: '==' as LabelMatcher['op'], value: 'x' },
      ]),
    ).toMatch(/operator/);
    expect(rejection('up', [{ name: 'job', op: '=~', value: '(' }])).toMatch(
      /Invalid enforced regex/,
    );
  });
});

describe('enforceLabelMatchers: comments', () => {
  it('drops comments', () => {
    expect(enforce('up # the metric\n+ down')).toBe(
      'up{job="checkout"} \n+ down{job="checkout"}',
    );
    expect(enforce('up{a="b" # note\n}')).toBe('up{a="b", job="checkout" \n}');
    expect(enforce('up# c\n')).toBe('up{job="checkout"}\n');
    expect(enforce('up{# c\n}')).toBe('up{job="checkout"\n}');
    expect(enforce('label_replace(up, "a", "#", "b", "c") # x')).toBe(
      'label_replace(up{job="checkout"}, "a", "#", "b", "c") ',
    );
  });

  it('does not let a carriage return in a comment hide a selector from the scope', () => {
    // Prometheus ends a comment at \r, the lezer grammar only at \n: "+ secret" is live PromQL
    // for Prometheus but a comment for the grammar. Dropping the comment drops the hidden part.
    const out = enforce('sum(up) # c\r + secret');
    expect(out).toBe('sum(up{job="checkout"}) ');
    expect(out).not.toContain('secret');
  });
});
