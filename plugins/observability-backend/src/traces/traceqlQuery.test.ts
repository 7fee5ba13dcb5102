import { buildTraceQL, traceqlString } from './traceqlQuery';

/**
 * A small reader of the TraceQL the builder writes: `{ a = "..." && b >= 1us }`. It returns the
 * conditions with their string literals decoded, so a test can check that a hostile value
 * stayed one literal and did not add, end or change a condition.
 */
function readSpanset(query: string): Array<[string, string, string]> {
  const body = /^\{ (.*) \}$/s.exec(query);
  if (!body) throw new Error(`not one spanset: ${query}`);
  const conditions: Array<[string, string, string]> = [];
  let rest = body[1];
  while (rest.length) {
    const m = /^(\S+) (=|>=|<=) /.exec(rest);
    if (!m) throw new Error(`bad condition at: ${rest}`);
    rest = rest.slice(m[0].length);
    let value: string;
    if (rest.startsWith('"')) {
      // A JSON string literal, which is what the builder writes.
      let end = 1;
      while (rest[end] !== '"') end += rest[end] === '\\' ? 2 : 1;
      value = JSON.parse(rest.slice(0, end + 1));
      rest = rest.slice(end + 1);
    } else {
      const word = /^\S+/.exec(rest)![0];
      value = word;
      rest = rest.slice(word.length);
    }
    conditions.push([m[1], m[2], value]);
    if (rest.startsWith(' && ')) rest = rest.slice(4);
    else if (rest.length) throw new Error(`junk after condition: ${rest}`);
  }
  return conditions;
}

describe('buildTraceQL', () => {
  it('scopes to the service and adds each structured filter', () => {
    expect(
      readSpanset(
        buildTraceQL({
          service: 'checkout',
          operation: 'POST /api/checkout',
          minDurationUs: 1500,
          maxDurationUs: 2_000_000,
          errorOnly: true,
          attributes: [
            { key: 'http.route', value: '/api/checkout' },
            { key: 'x-request/id', value: 'r1' },
          ],
        }),
      ),
    ).toEqual([
      ['resource.service.name', '=', 'checkout'],
      ['name', '=', 'POST /api/checkout'],
      ['duration', '>=', '1500us'],
      ['duration', '<=', '2000000us'],
      ['status', '=', 'error'],
      ['span.http.route', '=', '/api/checkout'],
      ['span."x-request/id"', '=', 'r1'],
    ]);
  });

  const hostile = [
    '" } || { resource.service.name = "payments',
    '"} | select(span.secret) | {"',
    'a\\" && status = error && name = \\"',
    '\\',
    'line\nbreak\ttab\r',
    '{ } && || ( ) >= <= =~ !=',
    '😀 ünïcödé \u2028',
    'x'.repeat(10_000),
    '","service.name":"payments"}',
  ];

  it.each(hostile.map(v => [v.slice(0, 40), v]))(
    'keeps the hostile value %j one literal: the query keeps its conditions',
    (_name, value) => {
      const conditions = readSpanset(
        buildTraceQL({
          service: 'checkout',
          operation: value,
          attributes: [{ key: 'http.route', value }],
        }),
      );
      expect(conditions).toEqual([
        ['resource.service.name', '=', 'checkout'],
        ['name', '=', value],
        ['span.http.route', '=', value],
      ]);
    },
  );

  it('escapes quotes and backslashes the way Go unquotes them', () => {
    expect(traceqlString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
  });
});
