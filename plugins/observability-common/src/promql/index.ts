/**
 * PromQL scoping: an entity's label matchers, parsed from its annotation and enforced on every
 * vector selector of a query.
 */
export type { LabelMatcher, MatchOp } from './types';
export { formatSelector, parseSelector } from './selector';
export { enforceLabelMatchers } from './enforce';
export { assertBoundedScope } from './boundedScope';
export { hasLoneSurrogate } from './promString';
