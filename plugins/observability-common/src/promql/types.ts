/** A PromQL label match operator. @public */
export type MatchOp = '=' | '!=' | '=~' | '!~';

/** One PromQL label matcher, e.g. `job="checkout"`; `value` is the unescaped string. @public */
export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
}

/** Every operator, for validating matchers that arrive from untyped JavaScript. */
export const MATCH_OPS: ReadonlyArray<MatchOp> = ['=', '!=', '=~', '!~'];

export function isMatchOp(op: unknown): op is MatchOp {
  return (
    typeof op === 'string' && (MATCH_OPS as ReadonlyArray<string>).includes(op)
  );
}

export function sameMatcher(a: LabelMatcher, b: LabelMatcher): boolean {
  return a.name === b.name && a.op === b.op && a.value === b.value;
}
