import type { SloSpec } from '@internal/backstage-plugin-observability-common';
import { Profile } from '../profiles/Profile';

/** Prometheus prints bucket bounds the shortest way: 0.3, 1, 2.5. */
export function formatBucketBound(seconds: number): string {
  return String(Number(seconds.toPrecision(12)));
}

/** Puts a fixed window where a profile query has its interval variable. */
export const withWindow = (template: string, window: string) =>
  template.replace(
    /\$\{__rate_interval\}|\$__rate_interval\b|\$\{__interval\}|\$__interval\b/g,
    window,
  );

/**
 * The SLI as an error ratio over `window` (bad events ÷ all events), written without the entity's
 * selector like every profile query; scoping adds it.
 * - availability: the profile's failed requests over its requests;
 * - latency: requests slower than the threshold, from the histogram: 1 - bucket{le=threshold} ÷
 *   count. The threshold must be a bucket boundary of the histogram: Prometheus can only count
 *   requests under a bound it records. With any other threshold the query matches no bucket and
 *   the SLI has no data (the API reports that instead of guessing by interpolation);
 * - custom: the given bad ÷ total, or 1 - good ÷ total.
 */
export function sliErrorRatioQuery(
  slo: SloSpec,
  profile: Profile,
  window: string,
): string {
  switch (slo.sli.type) {
    case 'availability':
      return `(${withWindow(
        profile.errorRate,
        window,
      )} or vector(0)) / ${withWindow(profile.requestRate, window)}`;
    case 'latency': {
      const extra = profile.latencyMatchers
        ? `${profile.latencyMatchers}, `
        : '';
      const le = formatBucketBound(slo.sli.thresholdSeconds);
      const hist = profile.latencyHistogram;
      return `1 - (sum(rate(${hist}_bucket{${extra}le="${le}"}[${window}])) / sum(rate(${hist}_count${
        profile.latencyMatchers ? `{${profile.latencyMatchers}}` : ''
      }[${window}])))`;
    }
    default: {
      const total = withWindow(slo.sli.total, window);
      return slo.sli.bad !== undefined
        ? `(${withWindow(slo.sli.bad, window)}) / (${total})`
        : `1 - ((${withWindow(slo.sli.good!, window)}) / (${total}))`;
    }
  }
}
