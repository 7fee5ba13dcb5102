import {
  SloCoverage,
  SloSpec,
  SloWindow,
  windowSeconds,
} from '@stagewatch/backstage-plugin-observability-common';
import { Profile } from '../profiles/Profile';

/**
 * Prometheus prints bucket bounds the shortest way: 0.3, 1, 2.5.
 *
 * @public
 */
export function formatBucketBound(seconds: number): string {
  return String(Number(seconds.toPrecision(12)));
}

/**
 * Puts a fixed window where a profile query has its interval variable.
 *
 * @public
 */
export const withWindow = (template: string, window: string) =>
  template.replace(
    /\$\{__rate_interval\}|\$__rate_interval\b|\$\{__interval\}|\$__interval\b/g,
    window,
  );

/**
 * The SLI as an error ratio over `window` (bad events ÷ all events), written without the entity's
 * selector like every profile query; scoping adds it.
 * - availability: the profile's failed requests over its requests;
 * - latency: requests slower than the threshold, from the histogram: 1 - `bucket{le=threshold}` ÷
 *   count. The threshold must be a bucket boundary of the histogram: Prometheus can only count
 *   requests under a bound it records. With any other threshold the query matches no bucket and
 *   the SLI has no data (the API reports that instead of guessing by interpolation);
 * - custom: the given bad ÷ total, or 1 - good ÷ total.
 *
 * @public
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

/**
 * The SLI's all-events rate over `window` (the denominator of its error ratio), unscoped.
 *
 * @public
 */
export function sliTotalQuery(
  slo: SloSpec,
  profile: Profile,
  window: string,
): string {
  switch (slo.sli.type) {
    case 'availability':
      return withWindow(profile.requestRate, window);
    case 'latency':
      return `sum(rate(${profile.latencyHistogram}_count${
        profile.latencyMatchers ? `{${profile.latencyMatchers}}` : ''
      }[${window}]))`;
    default:
      return withWindow(slo.sli.total, window);
  }
}

/**
 * Coverage looks for data once an hour over the window, and finely over the last hour.
 *
 * @public
 */
export const COVERAGE_COARSE_STEP_SECONDS = 3600;
const COVERAGE_COARSE_STEP = '1h';
const COVERAGE_FINE_STEP = '15s';
/** The SLI's shortest burn-rate window: the resolution the SLO already assumes its data has. */
const COVERAGE_RATE_WINDOW = '5m';

/**
 * How long ago, within the SLO window, the SLI first had data (its total rate had a value), in
 * seconds; unscoped like every SLI query. Inside a subquery `timestamp()` of an aggregation is
 * the evaluation time, so `min_over_time` of it is the first step with data.
 *
 * Why this and not `count_over_time(raw series[window])` × scrape interval: it needs no raw series
 * name (custom SLIs are any PromQL) and no scrape interval, and it is cheap: each step reads only
 * a 5-minute rate, at 720 hourly steps over 30 days plus 240 steps of 15 s over the last hour
 * (hourly alone would miss a service that started minutes ago). The two are labelled apart so
 * `or` keeps both before `min` takes the earlier. Gaps are not subtracted: it is the age of the
 * data, which is what a budget from "5 minutes of a 30-day window" needs to say.
 *
 * @public
 */
export function sliCoverageQuery(slo: SloSpec, profile: Profile): string {
  const firstAt = (range: string, step: string, label: string) =>
    `label_replace(min_over_time(timestamp(${sliTotalQuery(
      slo,
      profile,
      COVERAGE_RATE_WINDOW,
    )})[${range}:${step}]), "coverage_step", "${label}", "", "")`;
  return `time() - min(${firstAt(
    slo.window,
    COVERAGE_COARSE_STEP,
    'coarse',
  )} or ${firstAt(COVERAGE_COARSE_STEP, COVERAGE_FINE_STEP, 'fine')})`;
}

/**
 * The coverage from the age of the first data, clamped to the window. Data in the window's first
 * (coarse) hour counts as the whole window: the hourly search cannot tell it apart.
 *
 * @public
 */
export function sloCoverage(
  firstDataAgeSeconds: number | null,
  window: SloWindow,
): SloCoverage | null {
  if (firstDataAgeSeconds === null || !Number.isFinite(firstDataAgeSeconds))
    return null;
  const span = windowSeconds[window];
  const seconds =
    firstDataAgeSeconds >= span - COVERAGE_COARSE_STEP_SECONDS
      ? span
      : Math.max(0, Math.round(firstDataAgeSeconds));
  return { seconds, windowSeconds: span, ratio: seconds / span };
}
