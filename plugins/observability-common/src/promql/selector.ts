import { InputError } from '@backstage/errors';
import {
  formatLabelName,
  PromStringError,
  quotePromString,
  unquotePromString,
} from './promString';
import { compilePromRegex, RegexNotSupportedError } from './regex';
import { isMatchOp, LabelMatcher, MatchOp } from './types';

/** Renders one matcher as PromQL, e.g. `job="checkout"`. */
export function formatMatcher(matcher: LabelMatcher): string {
  try {
    return `${formatLabelName(matcher.name)}${matcher.op}${quotePromString(
      matcher.value,
    )}`;
  } catch (e) {
    if (e instanceof PromStringError) {
      throw new InputError(
        `Cannot render label matcher on "${matcher.name}": ${e.message}`,
      );
    }
    throw e;
  }
}

/**
 * Renders matchers as `{a="b", c=~"d"}`. Values use Go double-quoted escapes; names outside the
 * classic `[a-zA-Z_][a-zA-Z0-9_]*` charset use the quoted (UTF-8) name syntax.
 * @public
 */
export function formatSelector(matchers: ReadonlyArray<LabelMatcher>): string {
  for (const m of matchers) {
    if (!isMatchOp(m.op)) {
      throw new InputError(
        `Unknown match operator ${JSON.stringify(m.op)} on "${m.name}"`,
      );
    }
  }
  return `{${matchers.map(formatMatcher).join(', ')}}`;
}

const LABEL_NAME_START = /[a-zA-Z_]/;
const LABEL_NAME_CHAR = /[a-zA-Z0-9_]/;
const QUOTES = new Set(['"', "'", '`']);

function describeChar(ch: string | undefined): string {
  if (ch === undefined) return 'the end of the selector';
  return JSON.stringify(ch);
}

/**
 * A small hand-written scanner rather than the PromQL grammar: the annotation is written by people,
 * so errors must say exactly which matcher and which character is wrong.
 */
class SelectorScanner {
  pos = 0;

  constructor(readonly text: string) {}

  fail(message: string, at = this.pos): never {
    throw new InputError(
      `Invalid selector ${JSON.stringify(
        this.text,
      )}: ${message} (at character ${at + 1})`,
    );
  }

  peek(): string | undefined {
    return this.pos < this.text.length ? this.text[this.pos] : undefined;
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]))
      this.pos++;
  }

  labelName(index: number): string {
    const start = this.pos;
    if (!LABEL_NAME_START.test(this.peek() ?? '')) {
      const found = this.peek();
      this.fail(
        found !== undefined && QUOTES.has(found)
          ? `matcher ${index}: quoted label names are not supported, use a plain label name`
          : `matcher ${index}: expected a label name ([a-zA-Z_][a-zA-Z0-9_]*), found ${describeChar(
              found,
            )}`,
      );
    }
    while (LABEL_NAME_CHAR.test(this.peek() ?? '')) this.pos++;
    return this.text.slice(start, this.pos);
  }

  operator(index: number, name: string, allowNegative = false): MatchOp {
    const rest = this.text.slice(this.pos);
    const start = this.pos;
    if (allowNegative && (rest.startsWith('!=') || rest.startsWith('!~'))) {
      this.pos += 2;
      return rest.slice(0, 2) as MatchOp;
    }
    if (rest.startsWith('!=') || rest.startsWith('!~')) {
      this.fail(
        `matcher ${index} (${name}): operator "${rest.slice(
          0,
          2,
        )}" is not allowed; ` + `a scope selector may only use "=" or "=~"`,
        start,
      );
    }
    if (rest.startsWith('==')) {
      this.fail(`matcher ${index} (${name}): use "=" rather than "=="`, start);
    }
    if (rest.startsWith('=~')) {
      this.pos += 2;
      return '=~';
    }
    if (rest.startsWith('=')) {
      this.pos += 1;
      return '=';
    }
    return this.fail(
      `matcher ${index} (${name}): expected "=" or "=~" after the label name, found ${describeChar(
        this.peek(),
      )}`,
    );
  }

  stringLiteral(index: number, name: string): string {
    const start = this.pos;
    const quote = this.peek();
    if (quote === undefined || !QUOTES.has(quote)) {
      return this.fail(
        `matcher ${index} (${name}): expected a quoted value, found ${describeChar(
          quote,
        )}`,
      );
    }
    // Find the literal's extent the way the PromQL lexer does, then let unquote judge the inside.
    let i = start + 1;
    for (; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === quote) break;
      if (quote !== '`' && c === '\n') break;
      if (quote !== '`' && c === '\\') i++;
    }
    if (i >= this.text.length || this.text[i] !== quote) {
      this.fail(`matcher ${index} (${name}): unterminated string value`, start);
    }
    this.pos = i + 1;
    try {
      return unquotePromString(this.text.slice(start, this.pos));
    } catch (e) {
      if (e instanceof PromStringError) {
        return this.fail(
          `matcher ${index} (${name}): ${e.message}`,
          start + e.offset,
        );
      }
      throw e;
    }
  }
}

/**
 * Parses the `observability/prometheus-selector` annotation: `{job="checkout", namespace=~"shop|web"}`,
 * braces optional. Only `=` and `=~` are allowed: a scope must say which series belong to the
 * entity, and a negative matcher would scope it to "everything else".
 * Throws InputError naming the matcher and character position of the first problem.
 * @public
 */
export function parseSelector(
  text: string,
  options: {
    /** Alert selectors (Alertmanager matchers) may say "not this": `severity!="info"`. */
    allowNegative?: boolean;
  } = {},
): LabelMatcher[] {
  const s = new SelectorScanner(text);
  const matchers: LabelMatcher[] = [];
  s.skipSpace();
  const braced = s.peek() === '{';
  if (braced) s.pos++;

  for (;;) {
    s.skipSpace();
    if (s.peek() === undefined) {
      if (braced) s.fail('missing closing "}"');
      break;
    }
    if (braced && s.peek() === '}') {
      s.pos++;
      s.skipSpace();
      if (s.peek() !== undefined)
        s.fail(`unexpected ${describeChar(s.peek())} after "}"`);
      break;
    }

    const index = matchers.length + 1;
    const name = s.labelName(index);
    s.skipSpace();
    const op = s.operator(index, name, options.allowNegative);
    s.skipSpace();
    const valueAt = s.pos;
    const value = s.stringLiteral(index, name);
    const matcher: LabelMatcher = { name, op, value };
    if (op === '=~' || op === '!~') {
      try {
        compilePromRegex(value);
      } catch (e) {
        if (e instanceof RegexNotSupportedError) {
          s.fail(
            `matcher ${index} (${name}): invalid regex ${JSON.stringify(
              value,
            )}: ${e.reason}`,
            valueAt,
          );
        }
        throw e;
      }
    }
    matchers.push(matcher);

    s.skipSpace();
    const next = s.peek();
    if (next === ',') {
      s.pos++;
    } else if (next !== undefined && !(braced && next === '}')) {
      // The classic mistake is a missing closing quote, which swallows the following matchers
      // into this value; point at it.
      const hint = /[,=]/.test(value)
        ? `; the value of matcher ${index} is ${JSON.stringify(
            value,
          )}, is a closing quote missing?`
        : '';
      s.fail(
        `expected "," or "}" after matcher ${index} (${formatMatcher(
          matcher,
        )}), found ${describeChar(next)}${hint}`,
      );
    }
  }

  if (matchers.length === 0)
    s.fail('the selector is empty; it needs at least one matcher', 0);
  return matchers;
}
