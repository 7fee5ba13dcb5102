import type {
  AlertState,
  BurnRateWindow,
  VerdictReason,
} from '@stagewatch/backstage-plugin-observability-common';

export interface SloBurn {
  name: string;
  budgetRemaining: number | null;
  burnRates: Partial<Record<BurnRateWindow, number | null>>;
  alert: AlertState;
}

const times = (rate: number | null | undefined) =>
  typeof rate === 'number' ? `${rate.toFixed(1)}×` : 'no data';

/**
 * What the SLOs add to the health verdict. A page condition (fast burn) is critical, a ticket
 * condition (slow burn) and a spent budget are degraded: the same split an on-call rotation makes
 * between waking someone and filing a ticket. A window without data never trips anything.
 */
export function sloReasons(slos: SloBurn[]): VerdictReason[] {
  const reasons: VerdictReason[] = [];
  for (const slo of slos) {
    const worst = slo.alert.tripped[0];
    if (worst) {
      const long = slo.burnRates[worst.longWindow];
      reasons.push({
        signal: 'slo',
        severity: worst.severity === 'page' ? 'critical' : 'degraded',
        value: typeof long === 'number' ? long : undefined,
        threshold: worst.factor,
        message: `SLO ${slo.name} burns its error budget ${
          worst.severity === 'page' ? 'fast' : 'steadily'
        }: ${times(long)} over ${worst.longWindow} and ${times(
          slo.burnRates[worst.shortWindow],
        )} over ${worst.shortWindow}, both above ${worst.factor.toFixed(1)}× (${
          worst.severity
        })`,
      });
    } else if (slo.budgetRemaining !== null && slo.budgetRemaining <= 0) {
      reasons.push({
        signal: 'slo',
        severity: 'degraded',
        value: slo.budgetRemaining,
        threshold: 0,
        message: `SLO ${slo.name} has spent its error budget (${Math.round(
          slo.budgetRemaining * 100,
        )}% left)`,
      });
    }
  }
  return reasons;
}
