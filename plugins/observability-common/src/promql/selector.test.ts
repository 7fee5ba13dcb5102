import { InputError } from '@backstage/errors';
import { formatSelector, parseSelector } from './selector';
import { LabelMatcher } from './types';

function parseError(text: string): string {
  try {
    parseSelector(text);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseSelector', () => {
  it.each<[string, LabelMatcher[]]>([
    ['{job="checkout"}', [{ name: 'job', op: '=', value: 'checkout' }]],
    ['job="checkout"', [{ name: 'job', op: '=', value: 'checkout' }]],
    [
      '{job="checkout", namespace=~"shop|web"}',
      [
        { name: 'job', op: '=', value: 'checkout' },
        { name: 'namespace', op: '=~', value: 'shop|web' },
      ],
    ],
    [
      '  job = "checkout" ,namespace=~ "shop|web"  ',
      [
        { name: 'job', op: '=', value: 'checkout' },
        { name: 'namespace', op: '=~', value: 'shop|web' },
      ],
    ],
    [
      '\n{\n  job="a",\n  env="b",\n}\n',
      [
        { name: 'job', op: '=', value: 'a' },
        { name: 'env', op: '=', value: 'b' },
      ],
    ],
    ["{job='checkout'}", [{ name: 'job', op: '=', value: 'checkout' }]],
    ['{job=`check\\out`}', [{ name: 'job', op: '=', value: 'check\\out' }]],
    ['{job="a\\"b\\\\c\\nd"}', [{ name: 'job', op: '=', value: 'a"b\\c\nd' }]],
    ["{job='it\\'s'}", [{ name: 'job', op: '=', value: "it's" }]],
    ['{job="\\x41\\u00e9"}', [{ name: 'job', op: '=', value: 'Aé' }]],
    [
      '{_a1="", b=~".+"}',
      [
        { name: '_a1', op: '=', value: '' },
        { name: 'b', op: '=~', value: '.+' },
      ],
    ],
    ['{env=~"(?i)prod"}', [{ name: 'env', op: '=~', value: '(?i)prod' }]],
    ['{job="a,b=c"}', [{ name: 'job', op: '=', value: 'a,b=c' }]],
  ])('parses %j', (text, expected) => {
    expect(parseSelector(text)).toEqual(expected);
  });

  it('explains a missing closing quote, naming the matcher and position', () => {
    expect(parseError('{job="checkout, namespace>"shop"}')).toBe(
      'Invalid selector "{job=\\"checkout, namespace>\\"shop\\"}": expected "," or "}" after ' +
        'matcher 1 (job="checkout, namespace>"), found "s"; the value of matcher 1 is ' +
        '"checkout, namespace>", is a closing quote missing? (at character 28)',
    );
  });

  it.each([
    ['{job!="checkout"}', /matcher 1 \(job\): operator "!=" is not allowed/],
    [
      '{job="a", env!~"dev"}',
      /matcher 2 \(env\): operator "!~" is not allowed.*character 14/,
    ],
    ['{job=="a"}', /use "=" rather than "=="/],
    ['{job>"a"}', /matcher 1 \(job\): expected "=" or "=~".*found ">"/],
    [
      '{job="checkout}',
      /matcher 1 \(job\): unterminated string value \(at character 6\)/,
    ],
    ['{job="checkout', /unterminated string value/],
    ["{job='a\nb'}", /unterminated string value/],
    ['{job=`abc}', /unterminated string value/],
    ['{job=}', /matcher 1 \(job\): expected a quoted value, found "}"/],
    ['{job=checkout}', /expected a quoted value, found "c"/],
    ['{job}', /expected "=" or "=~" after the label name, found "}"/],
    ['{1job="a"}', /matcher 1: expected a label name.*found "1"/],
    ['{job-name="a"}', /expected "=" or "=~".*found "-"/],
    ['{"job"="a"}', /quoted label names are not supported/],
    ['{job="a",,env="b"}', /matcher 2: expected a label name.*found ","/],
    [
      '{job="a" env="b"}',
      /expected "," or "}" after matcher 1 \(job="a"\), found "e"/,
    ],
    ['{job="a"} extra', /unexpected "e" after "}"/],
    ['job="a"}', /expected "," or "}" after matcher 1.*found "}"/],
    ['{job="a"', /missing closing "}"/],
    ['{job="a\\q"}', /matcher 1 \(job\): unknown escape sequence \\q/],
    ['', /the selector is empty/],
    ['   ', /the selector is empty/],
    ['{}', /the selector is empty/],
    ['{ }', /the selector is empty/],
    ['{env=~"("}', /matcher 1 \(env\): invalid regex "\(": does not compile/],
    ['{env=~"a)|(b"}', /invalid regex.*does not compile/],
    ['{env=~"(?=a)a"}', /invalid regex.*lookaround/],
    ['{env=~"(a)\\\\1"}', /invalid regex.*backreference/],
    ['{env=~"\\\\z"}', /invalid regex.*does not compile/],
    ['{env=~"(?P<x>a)"}', /invalid regex.*does not compile/],
  ])('rejects %j', (text, message) => {
    expect(parseError(text)).toMatch(message);
  });
});

describe('formatSelector', () => {
  it('renders matchers with escaping', () => {
    expect(
      formatSelector([
        { name: 'a', op: '=', value: 'b' },
        { name: 'c', op: '=~', value: 'd|e' },
        { name: 'f', op: '!=', value: 'q"u\\o\nte' },
        { name: 'g', op: '!~', value: '' },
      ]),
    ).toBe('{a="b", c=~"d|e", f!="q\\"u\\\\o\\nte", g!~""}');
  });

  it('quotes UTF-8 label names', () => {
    expect(
      formatSelector([{ name: 'service.name', op: '=', value: 'x' }]),
    ).toBe('{"service.name"="x"}');
  });

  it('round-trips through parseSelector', () => {
    const matchers: LabelMatcher[] = [
      { name: 'job', op: '=', value: 'a"b\\c\n\t\u0001é😀`\'' },
      { name: 'env', op: '=~', value: 'prod|stag.*' },
    ];
    expect(parseSelector(formatSelector(matchers))).toEqual(matchers);
  });

  it('rejects what it cannot render', () => {
    expect(() =>
      formatSelector([{ name: 'a', op: '=', value: '\ud800' }]),
    ).toThrow(InputError);
    expect(() =>
      formatSelector([
        { name: 'a', op: '<' as LabelMatcher['op'], value: 'b' },
      ]),
    ).toThrow(InputError);
  });
});

describe('parseSelector for alert selectors', () => {
  it('accepts negative matchers only when asked to, validating their regexes', () => {
    expect(
      parseSelector('{service=~"pay.*", severity!="info", env!~"dev|test"}', {
        allowNegative: true,
      }),
    ).toEqual([
      { name: 'service', op: '=~', value: 'pay.*' },
      { name: 'severity', op: '!=', value: 'info' },
      { name: 'env', op: '!~', value: 'dev|test' },
    ]);
    expect(() => parseSelector('{severity!="info"}')).toThrow(/is not allowed/);
    expect(() =>
      parseSelector('{env!~"(?<=x)"}', { allowNegative: true }),
    ).toThrow(/matcher 1 \(env\): invalid regex/);
  });
});
