import {
  EXPR_PARAMETER_KINDS,
  ParameterKind,
  ParameterValue,
  parsePromDuration,
} from './templateParameters';
import { RULE_SIGNALS, RuleSignal } from './ruleTemplate';

/**
 * An error in template text, with where it is (1-based line and column in that text).
 *
 * @public
 */
export class TemplateTextError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(
      `${field}${
        line !== undefined ? ` (line ${line}, column ${column})` : ''
      }: ${message}`,
    );
    this.name = 'TemplateTextError';
  }
}

function position(text: string, index: number) {
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const PLACEHOLDER =
  /\$\{([a-zA-Z_][a-zA-Z0-9_]*)(?::([a-zA-Z_][a-zA-Z0-9_]*))?\}/g;

/** @public */
export interface FillContext {
  field: string;
  /** `expr`: PromQL, only numbers, durations and signals; `text`: labels, annotations, `for`. */
  target: 'expr' | 'text';
  params: Record<string, ParameterValue>;
  kinds: Map<string, ParameterKind>;
  /** The entity's profile signals; only in `expr`. */
  signals?: Record<RuleSignal, string>;
  /** The entity's ref for `${entity}`; only in `text` (Prometheus' `$labels` in annotations are
   * the expression's labels, which aggregations drop, so a summary cannot name it otherwise). */
  entityRef?: string;
}

/**
 * Numbers as PromQL reads them and people write them: 0.02, not 0.020000000000000004.
 *
 * @public
 */
export function formatNumber(n: number): string {
  return String(Number(n.toPrecision(12)));
}

/**
 * Puts parameter values and profile signals where a template names them: `${name}`,
 * `${name:seconds}` (a duration as a number of seconds), `${signal:requestRate}`. Everything else
 * (Prometheus' `{{ … }}`, Grafana's `$__rate_interval`) is left alone. In an expression only
 * numbers and durations may be placed, rendered from their checked values, so no parameter can
 * add PromQL syntax.
 *
 * @public
 */
export function fillTemplateText(text: string, ctx: FillContext): string {
  return text.replace(
    PLACEHOLDER,
    (whole, name: string, modifier: string | undefined, offset: number) => {
      const at = position(text, offset);
      const fail = (message: string): never => {
        throw new TemplateTextError(ctx.field, message, at.line, at.column);
      };
      if (name === 'entity') {
        if (modifier !== undefined || ctx.target !== 'text' || !ctx.entityRef) {
          return fail(
            `${whole}: \${entity} names the entity in labels and annotations only`,
          );
        }
        return ctx.entityRef;
      }
      if (name === 'signal') {
        if (ctx.target !== 'expr' || !ctx.signals) {
          return fail(`${whole}: signals can only be used in expr`);
        }
        if (
          !modifier ||
          !(RULE_SIGNALS as readonly string[]).includes(modifier)
        ) {
          return fail(
            `${whole}: unknown signal; signals are ${RULE_SIGNALS.join(', ')}`,
          );
        }
        return `(${ctx.signals[modifier as RuleSignal]})`;
      }
      const kind = ctx.kinds.get(name);
      if (kind === undefined) {
        return fail(
          `${whole}: no parameter '${name}' in this template's schema`,
        );
      }
      const value = ctx.params[name];
      if (value === undefined) {
        return fail(
          `${whole}: parameter '${name}' has no value and no default`,
        );
      }
      if (
        modifier !== undefined &&
        modifier !== 'seconds' &&
        modifier !== 'percent'
      ) {
        return fail(
          `${whole}: unknown modifier '${modifier}' (:seconds, :percent)`,
        );
      }
      if (modifier === 'percent') {
        if (ctx.target !== 'text' || typeof value !== 'number') {
          return fail(
            `${whole}: :percent is for number parameters in labels and annotations`,
          );
        }
        return `${formatNumber(value * 100)}%`;
      }
      if (modifier === 'seconds') {
        if (kind !== 'duration')
          return fail(`${whole}: :seconds is for duration parameters`);
        return formatNumber(parsePromDuration(String(value))!);
      }
      if (ctx.target === 'expr' && !EXPR_PARAMETER_KINDS.has(kind)) {
        return fail(
          `${whole}: ${
            /^[aeiou]/.test(kind) ? 'an' : 'a'
          } ${kind} parameter cannot be used in expr (only numbers and durations)`,
        );
      }
      return typeof value === 'number' ? formatNumber(value) : value;
    },
  );
}

/**
 * Checks Prometheus label and annotation template text (Go text/template): balanced `{{ }}`, and
 * no `query` function, which would run PromQL that entity scoping never sees. promtool checks
 * the rest of the template syntax where it is installed.
 *
 * @public
 */
export function checkPromTemplateText(text: string, field: string): void {
  let index = 0;
  while (index < text.length) {
    const open = text.indexOf('{{', index);
    const close = text.indexOf('}}', index);
    if (open === -1) {
      if (close !== -1) {
        const at = position(text, close);
        throw new TemplateTextError(
          field,
          'unexpected }} without {{',
          at.line,
          at.column,
        );
      }
      return;
    }
    if (close !== -1 && close < open) {
      const at = position(text, close);
      throw new TemplateTextError(
        field,
        'unexpected }} without {{',
        at.line,
        at.column,
      );
    }
    const end = text.indexOf('}}', open + 2);
    if (end === -1) {
      const at = position(text, open);
      throw new TemplateTextError(field, 'unclosed {{', at.line, at.column);
    }
    const action = text.slice(open + 2, end);
    if (action.includes('{{')) {
      const at = position(text, open);
      throw new TemplateTextError(field, 'unclosed {{', at.line, at.column);
    }
    // Outside string literals, `query` called as a function (not `$labels.query`).
    const code = action.replace(
      /"(?:[^"\\]|\\.)*"|`[^`]*`/g,
      literal => `"${' '.repeat(literal.length - 2)}"`,
    );
    const call = /(^|[^.$\w])query\b/.exec(code);
    if (call) {
      const at = position(text, open + 2 + call.index + call[1].length);
      throw new TemplateTextError(
        field,
        'the query template function is not allowed: it would run PromQL outside the entity scope',
        at.line,
        at.column,
      );
    }
    index = end + 2;
  }
}
