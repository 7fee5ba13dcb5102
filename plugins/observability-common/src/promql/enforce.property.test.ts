/**
 * Property tests: random queries from the PromQL grammar, random scopes. The expected output is
 * rendered from the same generated syntax tree with the enforced matchers spliced in by hand, so
 * the test checks both that every selector is scoped and that nothing else changed.
 */
import { InputError } from '@backstage/errors';
import { parser } from '@prometheus-io/lezer-promql';
import fc from 'fast-check';
import { enforceLabelMatchers } from './enforce';
import { analyzeQuery } from './syntax';
import { LabelMatcher, MatchOp } from './types';

const RUNS = 2000;

// ---------------------------------------------------------------------------------------------
// A query is a list of parts: literal text, or a vector selector kept structured so the expected
// scoped text can be rendered from it.

type Style = 'dq' | 'dqx' | 'sq' | 'bt';

interface QueryMatcher extends LabelMatcher {
  quotedName: boolean;
  style: Style;
}

interface Selector {
  metric?: string;
  quotedMetric?: string;
  matchers: QueryMatcher[];
  braces: boolean;
  trailingComma: boolean;
  comment?: string;
}

type Part = string | Selector;
type Doc = Part[];

/** Renders a string literal in one of the PromQL quote styles, independently of the code. */
function literal(value: string, style: Style): string {
  switch (style) {
    case 'sq':
      return `'${value
        .replace(/\\/g, '\\\\')
        .replace(/'/g, "\\'")
        .replace(/\n/g, '\\n')}'`;
    case 'bt':
      return value.includes('`') ? JSON.stringify(value) : `\`${value}\``;
    case 'dqx':
      // Every character as an escape: \x for ASCII, \u or \U beyond.
      return `"${[...value]
        .map(ch => {
          const cp = ch.codePointAt(0)!;
          if (cp < 0x80) return `\\x${cp.toString(16).padStart(2, '0')}`;
          if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
          return `\\U${cp.toString(16).padStart(8, '0')}`;
        })
        .join('')}"`;
    default:
      return JSON.stringify(value);
  }
}

const enforcedText = (m: LabelMatcher) =>
  `${m.name}${m.op}${JSON.stringify(m.value)}`;

function renderSelector(s: Selector, add?: LabelMatcher[]): string {
  const items = [
    ...(s.quotedMetric !== undefined ? [JSON.stringify(s.quotedMetric)] : []),
    ...s.matchers.map(
      m =>
        `${m.quotedName ? JSON.stringify(m.name) : m.name}${m.op}${literal(
          m.value,
          m.style,
        )}`,
    ),
  ];
  const extra =
    add && add.length > 0 ? add.map(enforcedText).join(', ') : undefined;
  let text = s.metric ?? '';
  if (!s.braces) {
    if (extra) text += `{${extra}}`;
  } else if (items.length === 0) {
    text += `{${extra ?? ''}}`;
  } else {
    text += `{${items.join(', ')}${extra ? `, ${extra}` : ''}${
      s.trailingComma ? ',' : ''
    }}`;
  }
  // Comments are dropped from the output; the newline that ended them stays.
  if (s.comment !== undefined) text += add ? ' \n' : ` # ${s.comment}\n`;
  return text;
}

function selectorMatchers(s: Selector): LabelMatcher[] {
  const all: LabelMatcher[] = s.matchers.map(({ name, op, value }) => ({
    name,
    op,
    value,
  }));
  if (s.metric) all.push({ name: '__name__', op: '=', value: s.metric });
  if (s.quotedMetric !== undefined)
    all.push({ name: '__name__', op: '=', value: s.quotedMetric });
  return all;
}

const same = (a: LabelMatcher, b: LabelMatcher) =>
  a.name === b.name && a.op === b.op && a.value === b.value;

function render(doc: Doc, enforced?: LabelMatcher[]): string {
  return doc
    .map(p => {
      if (typeof p === 'string') return p;
      const add = enforced?.filter(
        e => !selectorMatchers(p).some(m => same(m, e)),
      );
      return renderSelector(p, add);
    })
    .join('');
}

const selectorsOf = (doc: Doc) =>
  doc.filter((p): p is Selector => typeof p !== 'string');

// ---------------------------------------------------------------------------------------------
// Generators.

const valueChars = fc.constantFrom(
  ...'abz09-_.*|/ '.split(''),
  '"',
  "'",
  '`',
  '\\',
  '\n',
  '\t',
  'é',
  '😀',
  '{',
  '}',
  '#',
  ',',
  '=',
);
const anyValue = fc.string({ unit: valueChars, maxLength: 8 });
const style = fc.constantFrom<Style>('dq', 'dqx', 'sq', 'bt');
const op = fc.constantFrom<MatchOp>('=', '!=', '=~', '!~');

/** `arb` with probability `weight / (weight + otherwise)`, else undefined. */
function sometimes<T>(arb: fc.Arbitrary<T>, weight: number, otherwise: number) {
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: otherwise },
    { arbitrary: arb, weight },
  );
}

function selectorArb(
  matcherArb: fc.Arbitrary<QueryMatcher>,
): fc.Arbitrary<Doc> {
  return fc
    .record({
      metric: fc.option(
        fc.constantFrom(
          'up',
          'http_requests_total',
          'job:rate5m:sum',
          'x',
          '_private',
          'count_total',
        ),
        { nil: undefined },
      ),
      quotedMetric: sometimes(
        fc.constantFrom('my.metric', 'http.server.duration', 'we"ird'),
        1,
        6,
      ),
      matchers: fc.array(matcherArb, { maxLength: 3 }),
      braces: fc.boolean(),
      trailingComma: fc.boolean(),
      comment: sometimes(
        fc.constantFrom('note', 'up{job="x"} + secret', 'a # b'),
        1,
        10,
      ),
    })
    .map(r => {
      const hasItems = r.matchers.length > 0 || r.quotedMetric !== undefined;
      const s: Selector = {
        metric: r.quotedMetric !== undefined ? undefined : r.metric,
        quotedMetric: r.quotedMetric,
        matchers: r.matchers,
        // A selector needs a metric name or braces; matchers need braces.
        braces:
          r.braces ||
          hasItems ||
          (r.metric === undefined && r.quotedMetric === undefined),
        trailingComma: r.trailingComma && hasItems,
        comment: r.comment,
      };
      return [s];
    });
}

const duration = fc.constantFrom('5m', '30s', '1h30m', '1d', '2w', '90s');
const labelList = fc
  .array(fc.constantFrom('job', 'instance', 'le', 'a_b', '"some.label"'), {
    maxLength: 3,
  })
  .map(ls => `(${ls.join(', ')})`);
const stringArg = fc.constantFrom(
  '"dst"',
  '"$1"',
  "'src'",
  '"(.*)"',
  '`up{job="x"}`',
  '"{a=\\"b\\"}"',
);
const space = fc.constantFrom(' ', '  ', '\n', ' \n  ');

/** An operator with its modifiers and surrounding whitespace, e.g. ` * on (job) group_left () `. */
const binaryOp = fc
  .tuple(
    fc.constantFrom(
      '+',
      '-',
      '*',
      '/',
      '%',
      '^',
      '==',
      '!=',
      '>',
      '<=',
      'and',
      'or',
      'unless',
      'atan2',
    ),
    fc.boolean(),
    fc.option(
      fc.tuple(
        fc.constantFrom('on', 'ignoring'),
        labelList,
        // The label list after group_x is not optional here: `group_left (x)` would be ambiguous.
        fc.option(
          fc.tuple(fc.constantFrom('group_left', 'group_right'), labelList),
        ),
      ),
    ),
    space,
  )
  .map(([o, useBool, matching, sp]) => {
    let mods = ['==', '!=', '>', '<='].includes(o) && useBool ? ' bool' : '';
    if (matching) {
      const [kind, labels, group] = matching;
      mods += ` ${kind} ${labels}`;
      if (group) mods += ` ${group[0]} ${group[1]}`;
    }
    return `${sp}${o}${mods}${sp}`;
  });

const wrap = (d: Doc): Doc => ['(', ...d, ')'];
const binary = (l: Doc, o: string, r: Doc): Doc => [...wrap(l), o, ...wrap(r)];

function queryArb(selector: fc.Arbitrary<Doc>): fc.Arbitrary<Doc> {
  const { expr } = fc.letrec<{ expr: Doc; matrix: Doc }>(tie => {
    const e = tie('expr');
    return {
      matrix: fc.oneof(
        fc.tuple(selector, duration).map(([s, d]) => [...s, `[${d}]`]),
        fc
          .tuple(selector, duration, duration)
          .map(([s, d, o]) => [...s, `[${d}] offset ${o}`]),
        fc.tuple(e, duration).map(([x, d]) => [...wrap(x), `[${d}:1m]`]),
        fc.tuple(selector, duration).map(([s, d]) => [...s, `[${d}:]`]),
      ),
      expr: fc.oneof(
        { depthSize: 'medium', maxDepth: 6, withCrossShrink: true },
        selector,
        selector,
        fc.constantFrom('1', '0.5', '1e3', '0x1f', 'Inf', 'NaN').map(n => [n]),
        fc
          .tuple(
            fc.constantFrom(
              'rate',
              'increase',
              'max_over_time',
              'avg_over_time',
            ),
            tie('matrix'),
          )
          .map(([f, m]) => [`${f}(`, ...m, ')']),
        fc
          .tuple(
            fc.constantFrom(
              'sum',
              'avg',
              'max',
              'min',
              'count',
              'group',
              'stddev',
            ),
            fc.option(
              fc.tuple(
                fc.constantFrom('by', 'without'),
                labelList,
                fc.boolean(),
              ),
            ),
            e,
          )
          .map(([agg, mod, x]): Doc => {
            if (!mod) return [`${agg}(`, ...x, ')'];
            const [kind, labels, before] = mod;
            return before
              ? [`${agg} ${kind} ${labels} (`, ...x, ')']
              : [`${agg}(`, ...x, `) ${kind} ${labels}`];
          }),
        fc
          .tuple(
            fc.constantFrom(
              'topk(3, ',
              'bottomk(1, ',
              'quantile(0.9, ',
              'count_values("v", ',
            ),
            e,
          )
          .map(([head, x]) => [head, ...x, ')']),
        fc
          .tuple(
            fc.constantFrom(
              'abs(',
              'clamp_min(',
              'histogram_quantile(0.99, ',
              'scalar(',
            ),
            e,
          )
          .map(([f, x]) =>
            f === 'clamp_min(' ? [f, ...x, ', 0)'] : [f, ...x, ')'],
          ),
        fc
          .tuple(e, stringArg, stringArg, stringArg, stringArg)
          .map(([x, a, b, c, d]) => [
            'label_replace(',
            ...x,
            `, ${a}, ${b}, ${c}, ${d})`,
          ]),
        fc.constantFrom('time()', 'vector(1)').map(f => [f]),
        fc.tuple(e, binaryOp, e).map(([l, o, r]) => binary(l, o, r)),
        fc.tuple(selector, duration).map(([s, d]) => [...s, ` offset -${d}`]),
        fc
          .tuple(
            selector,
            fc.constantFrom('@ 1609746000', '@ start()', '@ end()', '@ 123.5'),
          )
          .map(([s, at]) => [...s, ` ${at}`]),
        e.map(x => ['-', ...wrap(x)]),
        selector.map(s => ['-', ...s]),
        e.map(wrap),
      ),
    };
  });
  // A chain of expressions at the top, so that queries hold several selectors even though the
  // recursion above is biased towards small trees.
  return fc
    .tuple(expr, fc.array(fc.tuple(binaryOp, expr), { maxLength: 3 }))
    .map(([first, rest]) => rest.reduce((l, [o, r]) => binary(l, o, r), first));
}

// ---------------------------------------------------------------------------------------------
// Checks.

function lezerSelectorCount(query: string): {
  selectors: number;
  errors: number;
} {
  let selectors = 0;
  let errors = 0;
  parser.parse(query).iterate({
    enter(n) {
      if (n.type.isError) errors++;
      if (n.name === 'VectorSelector') selectors++;
    },
  });
  return { selectors, errors };
}

function checkScoped(
  doc: Doc,
  input: string,
  output: string,
  enforced: LabelMatcher[],
) {
  expect(output).toBe(render(doc, enforced));
  const before = lezerSelectorCount(input);
  const after = lezerSelectorCount(output);
  expect(before.errors).toBe(0);
  expect(after.errors).toBe(0);
  expect(after.selectors).toBe(before.selectors);
  expect(after.selectors).toBe(selectorsOf(doc).length);
  for (const selector of analyzeQuery(output).selectors) {
    for (const e of enforced) expect(selector.matchers).toContainEqual(e);
  }
}

// ---------------------------------------------------------------------------------------------

describe('enforceLabelMatchers properties', () => {
  it('scopes every selector and changes nothing else (labels do not collide)', () => {
    const matcher = fc
      .record({
        name: fc.constantFrom(
          'instance',
          'status',
          'le',
          'a_b',
          'some.label',
          'üñí',
        ),
        op,
        value: anyValue,
        style,
        quotedName: fc.boolean(),
      })
      .map(m => ({
        ...m,
        quotedName: m.quotedName || !/^[a-z_]+$/.test(m.name),
      }));
    const enforcedArb = fc.uniqueArray(
      fc.oneof(
        fc.record({
          name: fc.constantFrom('job', 'namespace', 'cluster'),
          op: fc.constantFrom<MatchOp>('=', '!='),
          value: anyValue,
        }),
        fc.record({
          name: fc.constantFrom('job', 'namespace', 'cluster'),
          op: fc.constantFrom<MatchOp>('=~', '!~'),
          value: fc.constantFrom(
            'prod|staging',
            '.+',
            'a\\.b',
            'x"y',
            'back\\\\slash',
            '(?i)prod',
            '[a-z]+',
            'line\nbreak',
          ),
        }),
      ),
      { minLength: 1, maxLength: 3, selector: m => m.name },
    );
    fc.assert(
      fc.property(
        queryArb(selectorArb(matcher)),
        enforcedArb,
        (doc, enforced) => {
          const input = render(doc);
          expect(lezerSelectorCount(input).errors).toBe(0);
          checkScoped(
            doc,
            input,
            enforceLabelMatchers(input, enforced),
            enforced,
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  /** The spec's compatibility rule, written independently of matcherCompatibility.ts. */
  function specCompatible(
    existing: LabelMatcher,
    enforced: LabelMatcher,
  ): boolean {
    if (existing.name !== enforced.name || same(existing, enforced))
      return true;
    const re = (src: string) => {
      const ci = src.startsWith('(?i)');
      return new RegExp(`^(?:${ci ? src.slice(4) : src})$`, ci ? 'si' : 's');
    };
    const passes = (v: string) =>
      ({
        '=': v === existing.value,
        '!=': v !== existing.value,
        '=~': re(existing.value).test(v),
        '!~': !re(existing.value).test(v),
      }[existing.op]);
    if (enforced.op === '=') return passes(enforced.value);
    if (enforced.op !== '=~') return false;
    if (
      /^[^\\^$.|?*+()[\]{}]*(\|[^\\^$.|?*+()[\]{}]*)*$/.test(enforced.value)
    ) {
      return enforced.value.split('|').some(passes);
    }
    if (existing.op === '=') return re(enforced.value).test(existing.value);
    return (existing.op === '!=' || existing.op === '!~') &&
      existing.value === ''
      ? !re(enforced.value).test('')
      : false;
  }

  it('either rejects a conflict or scopes compatibly (labels may collide)', () => {
    const plain = ['checkout', 'payments', 'shop', ''];
    const regexes = [
      'check.*',
      'checkout|payments',
      '.*',
      '',
      'pay.*',
      '(?i)CHECKOUT',
      'shop',
    ];
    const matcher = fc
      .record({
        name: fc.constantFrom('job', 'namespace', 'instance'),
        op,
        plain: fc.constantFrom(...plain),
        regex: fc.constantFrom(...regexes),
        style,
        quotedName: fc.boolean(),
      })
      .map(m => ({
        name: m.name,
        op: m.op,
        value: m.op === '=~' || m.op === '!~' ? m.regex : m.plain,
        style: m.style,
        quotedName: m.quotedName,
      }));
    const enforcedArb = fc.uniqueArray(
      fc.oneof(
        fc.record({
          name: fc.constantFrom('job', 'namespace'),
          op: fc.constant<MatchOp>('='),
          value: fc.constantFrom(...plain),
        }),
        fc.record({
          name: fc.constantFrom('job', 'namespace'),
          op: fc.constant<MatchOp>('=~'),
          value: fc.constantFrom(
            'checkout|payments',
            'check.*',
            'shop',
            '.+',
            'shop|',
          ),
        }),
        fc.record({
          name: fc.constantFrom('job', 'namespace'),
          op: fc.constantFrom<MatchOp>('!=', '!~'),
          value: fc.constantFrom('payments', 'pay.*'),
        }),
      ),
      { minLength: 1, maxLength: 3, selector: m => `${m.name}${m.op}` },
    );
    let rejected = 0;
    let accepted = 0;
    fc.assert(
      fc.property(
        queryArb(selectorArb(matcher)),
        enforcedArb,
        (doc, enforced) => {
          const input = render(doc);
          expect(lezerSelectorCount(input).errors).toBe(0);
          const conflict = selectorsOf(doc).some(s =>
            selectorMatchers(s).some(m =>
              enforced.some(e => !specCompatible(m, e)),
            ),
          );
          let output: string | undefined;
          let error: InputError | undefined;
          try {
            output = enforceLabelMatchers(input, enforced);
          } catch (e) {
            if (!(e instanceof InputError)) throw e;
            error = e;
          }
          expect(error !== undefined).toBe(conflict);
          expect(error?.message ?? "conflicts with the entity's scope").toMatch(
            /conflicts with the entity's scope/,
          );
          if (output === undefined) {
            rejected++;
            return;
          }
          checkScoped(doc, input, output, enforced);
          accepted++;
        },
      ),
      { numRuns: RUNS },
    );
    // Both branches must actually be exercised.
    expect(rejected).toBeGreaterThan(RUNS / 10);
    expect(accepted).toBeGreaterThan(RUNS / 10);
  });
});
