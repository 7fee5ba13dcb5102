import { InputError } from '@backstage/errors';
import { LruMap } from './LruMap';
import {
  enforceLabelMatchers,
  LabelMatcher,
} from '@stagewatch/backstage-plugin-observability-common';

declare const scoped: unique symbol;

/**
 * PromQL that has been through entity scoping; the only kind PrometheusClient sends.
 *
 * @public
 */
export type ScopedQuery = string & { readonly [scoped]: true };

const scopedQueries = new LruMap<string, ScopedQuery>(5000);

/**
 * The one door to upstream: adds the entity's matchers to every vector selector. A scope without
 * matchers would mean "all of Prometheus", so it is refused rather than passed through.
 *
 * @public
 */
export function scopeQuery(
  query: string,
  matchers: ReadonlyArray<LabelMatcher>,
): ScopedQuery {
  if (matchers.length === 0) {
    throw new InputError('Refusing to send a query without an entity scope');
  }
  // Scoping is a pure function of its inputs, and dashboards ask the same queries over and over:
  // remember results (successes only; a rejection is recomputed and thrown again).
  const key = `${JSON.stringify(matchers)}\n${query}`;
  const known = scopedQueries.get(key);
  if (known !== undefined) {
    return known;
  }
  const result = enforceLabelMatchers(query, matchers) as ScopedQuery;
  scopedQueries.set(key, result);
  return result;
}
