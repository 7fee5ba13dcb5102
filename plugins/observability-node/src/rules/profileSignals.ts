import type { RuleSignal } from '@stagewatch/backstage-plugin-observability-common';
import { errorRatioQuery, Profile } from '../profiles/Profile';
import { withWindow } from '../slo/sliQueries';

/** Puts `offset 1w` after every range of a query, so it reads the same window a week earlier. */
function weekAgo(query: string): string {
  return query.replace(/\[([^\]]+)\]/g, '[$1] offset 1w');
}

/**
 * The golden signals of a profile as `${signal:…}` puts them into a rule: the profile's own
 * queries, written without the entity's selector, with their rate interval fixed to `window`
 * (a rule has no dashboard step). Scoping adds the entity's matchers afterwards.
 *
 * @public
 */
export function profileSignals(
  profile: Profile,
  window: string,
): Record<RuleSignal, string> {
  const requestRate = withWindow(profile.requestRate, window);
  const histogramMatchers = profile.latencyMatchers
    ? `{${profile.latencyMatchers}}`
    : '';
  return {
    requestRate,
    requestRateWeekAgo: weekAgo(requestRate),
    errorRate: withWindow(profile.errorRate, window),
    errorRatio: withWindow(errorRatioQuery(profile), window),
    latencyBuckets: `sum by (le) (rate(${profile.latencyHistogram}_bucket${histogramMatchers}[${window}]))`,
    saturation: withWindow(profile.saturation.query, window),
    liveness: withWindow(profile.liveness, window),
  };
}
