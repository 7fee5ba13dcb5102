/**
 * PromQL string literals, read and written exactly as the Go parser does
 * (prometheus/util/strutil/quote.go and the lexer's lexEscape): a security decision about an
 * existing matcher is only as good as our reading of its value.
 */

/** A string literal we cannot read; `offset` is relative to the literal's first character. */
export class PromStringError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = 'PromStringError';
  }
}

const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const LONE_SURROGATE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Label names that need no quoting (the pre-UTF-8 Prometheus charset). */
export function isLegacyLabelName(name: string): boolean {
  return LEGACY_LABEL_NAME.test(name);
}

/**
 * A JS string that is not valid UTF-16 cannot be sent to Prometheus as UTF-8.
 *
 * @public
 */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/**
 * Writes a double-quoted PromQL string. JSON's escapes (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
 * `\t`, `\u00XX` for other control characters) are a subset of Go's, and JSON never emits a raw
 * newline, so JSON.stringify gives a literal the PromQL lexer reads back to the same value. Lone
 * surrogates are the exception (JSON would emit `\udXXX`, which Go rejects), so refuse them.
 */
export function quotePromString(value: string): string {
  if (hasLoneSurrogate(value)) {
    throw new PromStringError(
      'string contains an unpaired UTF-16 surrogate',
      0,
    );
  }
  return JSON.stringify(value);
}

/** A label name as PromQL accepts it: bare when legacy, quoted (UTF-8 syntax) otherwise. */
export function formatLabelName(name: string): string {
  return isLegacyLabelName(name) ? name : quotePromString(name);
}

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  '\\': 0x5c,
};

function pushUtf8(bytes: number[], cp: number): void {
  if (cp < 0x80) {
    bytes.push(cp);
  } else if (cp < 0x800) {
    bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    bytes.push(
      0xe0 | (cp >> 12),
      0x80 | ((cp >> 6) & 0x3f),
      0x80 | (cp & 0x3f),
    );
  } else {
    bytes.push(
      0xf0 | (cp >> 18),
      0x80 | ((cp >> 12) & 0x3f),
      0x80 | ((cp >> 6) & 0x3f),
      0x80 | (cp & 0x3f),
    );
  }
}

function readDigits(
  body: string,
  start: number,
  count: number,
  radix: number,
  escape: string,
): number {
  const digits = body.slice(start, start + count);
  const valid = radix === 8 ? /^[0-7]+$/ : /^[0-9a-fA-F]+$/;
  if (digits.length !== count || !valid.test(digits)) {
    throw new PromStringError(
      `invalid escape sequence \\${escape}${digits}: expected ${count} ${
        radix === 8 ? 'octal' : 'hex'
      } digits`,
      start,
    );
  }
  return parseInt(digits, radix);
}

/**
 * Reads a PromQL string literal (`"..."`, `'...'` or a backtick raw string) and returns its value.
 * Throws PromStringError for anything the Prometheus lexer would reject: unterminated strings,
 * raw newlines in quoted strings, unknown escapes, bad code points.
 */
export function unquotePromString(literal: string): string {
  const quote = literal[0];
  if (quote !== '"' && quote !== "'" && quote !== '`') {
    throw new PromStringError('expected a quoted string', 0);
  }
  if (literal.length < 2 || literal[literal.length - 1] !== quote) {
    throw new PromStringError('unterminated string', literal.length);
  }
  const body = literal.slice(1, -1);
  if (hasLoneSurrogate(body)) {
    throw new PromStringError('invalid UTF-8 (unpaired surrogate)', 1);
  }
  if (quote === '`') {
    // Raw strings have no escapes; Go's Unquote returns them verbatim.
    if (body.includes('`')) {
      throw new PromStringError('unexpected backtick inside raw string', 1);
    }
    return body;
  }

  // Go strings are bytes: `\xHH` and octal escapes add single bytes that may combine into UTF-8,
  // so collect bytes and decode once at the end.
  const bytes: number[] = [];
  let i = 0;
  while (i < body.length) {
    const cp = body.codePointAt(i)!;
    const at = i + 1; // offset within the literal, for messages
    if (cp === 0x0a) {
      throw new PromStringError(
        'unterminated string (newline inside quotes)',
        at,
      );
    }
    if (String.fromCodePoint(cp) === quote) {
      throw new PromStringError(`unescaped ${quote} inside string`, at);
    }
    if (cp !== 0x5c) {
      pushUtf8(bytes, cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const esc = body[i + 1];
    if (esc === undefined) {
      throw new PromStringError('escape sequence not terminated', at);
    }
    i += 2;
    if (esc in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[esc]);
    } else if (esc === quote) {
      bytes.push(esc.charCodeAt(0));
    } else if (esc >= '0' && esc <= '7') {
      const value = readDigits(body, i - 1, 3, 8, '');
      if (value > 255) {
        throw new PromStringError(
          `octal escape \\${body.slice(i - 1, i + 2)} is above \\377`,
          at,
        );
      }
      bytes.push(value);
      i += 2;
    } else if (esc === 'x') {
      bytes.push(readDigits(body, i, 2, 16, 'x'));
      i += 2;
    } else if (esc === 'u' || esc === 'U') {
      const count = esc === 'u' ? 4 : 8;
      const value = readDigits(body, i, count, 16, esc);
      if (value > 0x10ffff || (value >= 0xd800 && value < 0xe000)) {
        throw new PromStringError(
          `escape sequence \\${esc}${body.slice(
            i,
            i + count,
          )} is not a valid Unicode code point`,
          at,
        );
      }
      pushUtf8(bytes, value);
      i += count;
    } else {
      throw new PromStringError(`unknown escape sequence \\${esc}`, at);
    }
  }
  // Invalid UTF-8 from byte escapes becomes U+FFFD, close enough for comparing matchers.
  return new TextDecoder('utf-8').decode(new Uint8Array(bytes));
}
