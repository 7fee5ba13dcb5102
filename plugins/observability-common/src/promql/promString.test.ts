import {
  PromStringError,
  quotePromString,
  unquotePromString,
} from './promString';

describe('unquotePromString', () => {
  it.each([
    ['"abc"', 'abc'],
    ["'abc'", 'abc'],
    ['`abc`', 'abc'],
    ['""', ''],
    ['"a\\"b"', 'a"b'],
    ["'a\\'b'", "a'b"],
    ["'a\"b'", 'a"b'],
    ['"a\'b"', "a'b"],
    ['"\\a\\b\\f\\n\\r\\t\\v\\\\"', '\x07\b\f\n\r\t\v\\'],
    ['"\\x41\\x7a"', 'Az'],
    ['"\\101\\172"', 'Az'],
    ['"\\u00e9\\U0001F600"', 'é😀'],
    ['"\\xc3\\xa9"', 'é'],
    ['"\\303\\251"', 'é'],
    ['"é😀"', 'é😀'],
    ['`a\\n"b\'\nc`', 'a\\n"b\'\nc'],
  ])('%s', (literal, value) => {
    expect(unquotePromString(literal)).toBe(value);
  });

  it.each([
    ['abc', /expected a quoted string/],
    ['"abc', /unterminated/],
    ['"', /unterminated/],
    ['\'abc"', /unterminated/],
    ['"a\nb"', /newline/],
    ['"a"b"', /unescaped "/],
    ['"\\q"', /unknown escape sequence \\q/],
    ['"\\\'"', /unknown escape sequence/],
    ["'\\\"'", /unknown escape sequence/],
    ['"\\x4"', /2 hex digits/],
    ['"\\u12g4"', /4 hex digits/],
    ['"\\400"', /above \\377/],
    ['"\\12"', /3 octal digits/],
    ['"\\ud800"', /not a valid Unicode code point/],
    ['"\\U00110000"', /not a valid Unicode code point/],
    ['"abc\\"', /unterminated|not terminated/],
    ['"\ud800"', /surrogate/],
  ])('rejects %j', (literal, message) => {
    expect(() => unquotePromString(literal)).toThrow(PromStringError);
    expect(() => unquotePromString(literal)).toThrow(message);
  });
});

describe('quotePromString', () => {
  it('round-trips through unquotePromString', () => {
    for (const value of [
      '',
      'plain',
      'a"b',
      'back\\slash',
      'nl\ncr\rtab\t',
      '\u0000\u001f\u007f',
      'é😀\u2028',
    ]) {
      const literal = quotePromString(value);
      expect(literal).not.toMatch(/\n/);
      expect(unquotePromString(literal)).toBe(value);
    }
  });
});
