import type {
  FiringAlertCount,
  HealthVerdict,
  Verdict,
  VerdictReason,
} from '@stagewatch/backstage-plugin-observability-common';

/** Severity labels that mean "someone must act now". */
const CRITICAL_SEVERITIES = new Set(['critical', 'page', 'error', 'p1']);
const rank: Record<Verdict, number> = {
  healthy: 0,
  unknown: 1,
  degraded: 2,
  critical: 3,
};

/** Firing alerts as a verdict reason: critical with a paging severity, degraded otherwise. */
export function alertReason(
  count: FiringAlertCount,
): VerdictReason | undefined {
  if (count.total === 0) return undefined;
  const critical = Object.keys(count.bySeverity).some(s =>
    CRITICAL_SEVERITIES.has(s.toLocaleLowerCase('en-US')),
  );
  const parts = Object.entries(count.bySeverity)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([severity, n]) =>
      severity === 'none' ? `${n} without severity` : `${n} ${severity}`,
    );
  return {
    signal: 'alerts',
    severity: critical ? 'critical' : 'degraded',
    value: count.total,
    message: `${count.total} alert${
      count.total === 1 ? '' : 's'
    } firing (${parts.join(', ')})`,
  };
}

/** The verdict with the firing alerts counted in. */
export function withAlerts(
  health: HealthVerdict,
  count: FiringAlertCount,
): HealthVerdict {
  const reason = alertReason(count);
  if (!reason) return health;
  const reasons = [...health.reasons, reason].sort(
    (a, b) => rank[b.severity] - rank[a.severity],
  );
  // No data is "unknown", but a firing alert is a fact worth a worse verdict.
  const verdict =
    rank[reason.severity] > rank[health.verdict]
      ? reason.severity
      : health.verdict;
  return { verdict, reasons };
}
