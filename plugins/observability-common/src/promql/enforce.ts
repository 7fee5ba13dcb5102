import { InputError } from '@backstage/errors';
import { isCompatible } from './matcherCompatibility';
import { hasLoneSurrogate } from './promString';
import { compilePromRegex, RegexNotSupportedError } from './regex';
import { formatMatcher } from './selector';
import { analyzeQuery, AnalyzedQuery, QuerySelector } from './syntax';
import { isMatchOp, LabelMatcher, sameMatcher } from './types';

/** A text splice: replace `[from, to)` of the original query with `text`. */
interface Edit {
  from: number;
  to: number;
  text: string;
}

const MAX_SELECTOR_IN_MESSAGE = 200;

function describeSelector(query: string, selector: QuerySelector): string {
  const text = query.slice(selector.from, selector.to).replace(/\s+/g, ' ');
  return text.length > MAX_SELECTOR_IN_MESSAGE
    ? `${text.slice(0, MAX_SELECTOR_IN_MESSAGE)}…`
    : text;
}

/** Rejects enforced matchers that are malformed; they come from config or untyped callers. */
function validateEnforced(
  matchers: ReadonlyArray<LabelMatcher>,
): LabelMatcher[] {
  if (!Array.isArray(matchers) || matchers.length === 0) {
    // An empty scope would pass the query through unscoped; that is never what a caller means.
    throw new InputError(
      'No label matchers to enforce: refusing to run an unscoped query',
    );
  }
  return matchers.map(m => {
    if (typeof m?.name !== 'string' || !m.name || hasLoneSurrogate(m.name)) {
      throw new InputError(
        `Invalid enforced label name ${JSON.stringify(m?.name)}`,
      );
    }
    if (!isMatchOp(m.op)) {
      throw new InputError(
        `Invalid match operator ${JSON.stringify(m.op)} for label "${m.name}"`,
      );
    }
    if (typeof m.value !== 'string' || hasLoneSurrogate(m.value)) {
      throw new InputError(`Invalid value for enforced label "${m.name}"`);
    }
    if (m.op === '=~' || m.op === '!~') {
      try {
        compilePromRegex(m.value);
      } catch (e) {
        if (e instanceof RegexNotSupportedError) {
          throw new InputError(
            `Invalid enforced regex ${formatMatcher(m)}: ${e.reason}`,
          );
        }
        throw e;
      }
    }
    return { name: m.name, op: m.op, value: m.value };
  });
}

/** The enforced matchers `selector` lacks; throws InputError if one conflicts with the query. */
function missingMatchers(
  query: string,
  selector: QuerySelector,
  enforced: LabelMatcher[],
): LabelMatcher[] {
  const missing: LabelMatcher[] = [];
  for (const scope of enforced) {
    for (const existing of selector.matchers) {
      let compatible: boolean;
      try {
        compatible = isCompatible(existing, scope);
      } catch (e) {
        if (!(e instanceof RegexNotSupportedError)) throw e;
        throw new InputError(
          `Query selects ${formatMatcher(existing)} in ${describeSelector(
            query,
            selector,
          )}, ` +
            `which cannot be checked against the entity's scope ${formatMatcher(
              scope,
            )}: ` +
            `the regex ${e.reason}`,
        );
      }
      if (!compatible) {
        throw new InputError(
          `Query selects ${formatMatcher(existing)} in ${describeSelector(
            query,
            selector,
          )}, ` +
            `which conflicts with the entity's scope ${formatMatcher(scope)}`,
        );
      }
    }
    if (!selector.matchers.some(m => sameMatcher(m, scope)))
      missing.push(scope);
  }
  return missing;
}

function insertion(selector: QuerySelector, add: LabelMatcher[]): Edit {
  const text = add.map(formatMatcher).join(', ');
  const wrapped = {
    braces: `{${text}}`,
    first: text,
    after: `, ${text}`, // a trailing comma after it, if the query had one, is still valid
  }[selector.insertKind];
  return { from: selector.insertAt, to: selector.insertAt, text: wrapped };
}

function applyEdits(query: string, edits: Edit[]): string {
  // Insertions sort before a deletion starting at the same place, so that a comment right after
  // a metric name (`up# c`) is removed without taking the inserted braces with it.
  const sorted = [...edits].sort(
    (a, b) => a.from - b.from || a.to - a.from - (b.to - b.from),
  );
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.from < cursor)
      throw new Error('Internal error: overlapping query edits');
    out += query.slice(cursor, edit.from) + edit.text;
    cursor = edit.to;
  }
  return out + query.slice(cursor);
}

/** The safety net: the output must parse, and every selector must hold every enforced matcher. */
function verify(
  output: string,
  enforced: LabelMatcher[],
  selectorCount: number,
): void {
  let analyzed: AnalyzedQuery;
  try {
    analyzed = analyzeQuery(output);
  } catch (e) {
    // A plain Error, not InputError: this is our bug, not the user's query.
    throw new Error(
      `Internal error: scoped query does not parse: ${(e as Error).message}`,
    );
  }
  if (
    analyzed.selectors.length !== selectorCount ||
    analyzed.comments.length > 0
  ) {
    throw new Error('Internal error: scoped query changed shape');
  }
  for (const selector of analyzed.selectors) {
    for (const scope of enforced) {
      if (!selector.matchers.some(m => sameMatcher(m, scope))) {
        throw new Error(
          `Internal error: scoped query lacks ${formatMatcher(scope)}`,
        );
      }
    }
  }
}

/**
 * Analyses of queries as given, by text. The same expression is scoped for many entities (rule
 * templates render one query per entity, dashboards ask the same panels), and the analysis is a
 * pure function of the text; only the scoping differs. The output is still parsed and verified
 * every time. Failures are not remembered: they throw again.
 */
const analyzedInputs = new Map<string, AnalyzedQuery>();
const ANALYZED_INPUTS_MAX = 2000;

function analyzeInput(query: string): AnalyzedQuery {
  const known = analyzedInputs.get(query);
  if (known) return known;
  const analyzed = analyzeQuery(query);
  if (query.length <= 16 * 1024) {
    if (analyzedInputs.size >= ANALYZED_INPUTS_MAX) {
      const oldest = analyzedInputs.keys().next().value;
      if (oldest !== undefined) analyzedInputs.delete(oldest);
    }
    analyzedInputs.set(query, analyzed);
  }
  return analyzed;
}

/**
 * Adds every enforced matcher to every vector selector of `query`, by splicing text into the
 * original so that everything else stays byte-identical. Comments are removed: the Go lexer
 * ends a comment at `\r` but the lezer grammar only at `\n`, so text after a `\r` in a comment
 * would be a query Prometheus runs and we never saw.
 * Throws InputError when the query does not parse or asks for something outside the scope.
 * @public
 */
export function enforceLabelMatchers(
  query: string,
  matchers: ReadonlyArray<LabelMatcher>,
): string {
  const enforced = validateEnforced(matchers);
  if (typeof query !== 'string') throw new InputError('Query must be a string');
  const analyzed = analyzeInput(query);

  const edits: Edit[] = analyzed.comments.map(c => ({ ...c, text: '' }));
  for (const selector of analyzed.selectors) {
    const add = missingMatchers(query, selector, enforced);
    if (add.length > 0) edits.push(insertion(selector, add));
  }
  const output = applyEdits(query, edits);
  verify(output, enforced, analyzed.selectors.length);
  return output;
}
