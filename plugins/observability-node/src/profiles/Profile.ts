import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { SignalUnit } from '@stagewatch/backstage-plugin-observability-common';

/**
 * How one instrumentation convention maps to the golden signals. Every query is written WITHOUT a
 * selector for the entity: scoping adds the entity's matchers to every vector selector. The
 * histogram is named by its base metric so latency quantiles, and later SLO latency SLIs, can be
 * built from the same definition.
 *
 * @public
 */
export interface Profile {
  name: string;
  description: string;
  /** Requests per second. */
  requestRate: string;
  /** Failed requests per second; divided by `requestRate` for the error ratio. */
  errorRate: string;
  /** Histogram base name (without `_bucket`), in seconds. */
  latencyHistogram: string;
  /** Extra matchers for the histogram, e.g. to leave out health checks; may be empty. */
  latencyMatchers?: string;
  saturation: { query: string; unit: SignalUnit; title: string };
  /** Share of scrape targets up, 0..1. */
  liveness: string;
}

const units: SignalUnit[] = [
  'reqps',
  'ratio',
  'seconds',
  'cores',
  'bytes',
  'count',
  'percent',
];

/**
 * A profile from `observability.profiles[]` in app-config.
 *
 * @public
 */
export function profileFromConfig(config: Config): Profile {
  const name = config.getString('name');
  const unit = config.getOptionalString('saturation.unit') ?? 'count';
  if (!units.includes(unit as SignalUnit)) {
    throw new InputError(
      `observability.profiles '${name}': saturation.unit must be one of ${units.join(
        ', ',
      )}`,
    );
  }
  return {
    name,
    description: config.getOptionalString('description') ?? '',
    requestRate: config.getString('requestRate'),
    errorRate: config.getString('errorRate'),
    latencyHistogram: config.getString('latencyHistogram'),
    latencyMatchers: config.getOptionalString('latencyMatchers'),
    saturation: {
      query: config.getString('saturation.query'),
      unit: unit as SignalUnit,
      title: config.getOptionalString('saturation.title') ?? 'Saturation',
    },
    liveness: config.getOptionalString('liveness') ?? 'avg(up)',
  };
}

/**
 * The error ratio. No failed-request series yet means 0 errors (`or vector(0)`); no traffic
 * means no ratio at all (`> 0` drops the division), never NaN.
 *
 * @public
 */
export function errorRatioQuery(profile: Profile): string {
  return `(${profile.errorRate} or vector(0)) / (${profile.requestRate} > 0)`;
}

/**
 * A latency quantile from the profile's histogram.
 *
 * @public
 */
export function latencyQuantileQuery(
  profile: Profile,
  quantile: number,
): string {
  const matchers = profile.latencyMatchers
    ? `{${profile.latencyMatchers}}`
    : '';
  return `histogram_quantile(${quantile}, sum by (le) (rate(${profile.latencyHistogram}_bucket${matchers}[$__rate_interval])))`;
}
