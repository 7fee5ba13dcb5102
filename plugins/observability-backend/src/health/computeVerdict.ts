import type {
  HealthVerdict,
  SignalValues,
  Verdict,
  VerdictReason,
} from '@stagewatch/backstage-plugin-observability-common';
import { Thresholds } from '@stagewatch/backstage-plugin-observability-node';

const rank: Record<Verdict, number> = {
  healthy: 0,
  unknown: 1,
  degraded: 2,
  critical: 3,
};

const percent = (ratio: number) =>
  `${(ratio * 100).toFixed(ratio < 0.1 ? 2 : 1)}%`;
const millis = (seconds: number) =>
  seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(2)} s`;

function against(
  signal: VerdictReason['signal'],
  value: number | null,
  limits: { degraded: number; critical: number },
  describe: (value: number, threshold: number) => string,
): VerdictReason | undefined {
  if (value === null) return undefined;
  if (value >= limits.critical) {
    return {
      signal,
      severity: 'critical',
      value,
      threshold: limits.critical,
      message: describe(value, limits.critical),
    };
  }
  if (value >= limits.degraded) {
    return {
      signal,
      severity: 'degraded',
      value,
      threshold: limits.degraded,
      message: describe(value, limits.degraded),
    };
  }
  return undefined;
}

/**
 * The entity's verdict: the worst of its reasons. No data at all is `unknown` (a selector that
 * matches nothing is a real problem to show, not "healthy"). Extra reasons (SLO burn, firing
 * alerts) come from other features.
 */
export function computeVerdict(
  values: SignalValues,
  thresholds: Thresholds,
  extraReasons: VerdictReason[] = [],
): HealthVerdict {
  const reasons: VerdictReason[] = [];
  const noData =
    values.requestRate === null &&
    values.liveness === null &&
    values.latencyP99 === null;
  if (noData) {
    reasons.push({
      signal: 'data',
      severity: 'unknown',
      message:
        'No series match the selector: is the service scraped, and are the labels right?',
    });
  }
  if (values.liveness !== null && values.liveness < 1) {
    reasons.push({
      signal: 'liveness',
      severity: values.liveness === 0 ? 'critical' : 'degraded',
      value: values.liveness,
      threshold: 1,
      message:
        values.liveness === 0
          ? 'Every scrape target is down'
          : `${percent(1 - values.liveness)} of scrape targets are down`,
    });
  }
  const errorReason = against(
    'errorRatio',
    values.errorRatio,
    thresholds.errorRatio,
    (v, t) => `Error ratio ${percent(v)} is at or above ${percent(t)}`,
  );
  if (errorReason) reasons.push(errorReason);
  const latencyReason = against(
    'latencyP99',
    values.latencyP99,
    thresholds.latencyP99Seconds,
    (v, t) => `p99 latency ${millis(v)} is at or above ${millis(t)}`,
  );
  if (latencyReason) reasons.push(latencyReason);
  reasons.push(...extraReasons);

  const verdict = reasons.reduce<Verdict>(
    (worst, r) => (rank[r.severity] > rank[worst] ? r.severity : worst),
    'healthy',
  );
  reasons.sort((a, b) => rank[b.severity] - rank[a.severity]);
  return { verdict, reasons };
}

/** Thresholds for one entity: its overrides from config, else the defaults. */
export function thresholdsFor(
  entityRef: string,
  defaults: Thresholds,
  overrides: Map<string, Partial<Thresholds>>,
): Thresholds {
  return {
    ...defaults,
    ...overrides.get(entityRef.toLocaleLowerCase('en-US')),
  };
}
