import {
  alertState,
  BURN_RATE_WINDOWS,
  BurnRateWindow,
  budgetRemaining,
  burnRate,
  errorBudget,
  SloSpec,
  timeToExhaustion,
  windowSeconds,
} from '@internal/backstage-plugin-observability-common';
import { ResolvedEntityScope } from '../entities/resolveEntityScope';
import { QueryExecutor } from '../prometheus/QueryExecutor';
import { scopeQuery } from '../prometheus/scopeQuery';
import { singleValue, toSeries } from '../prometheus/toSeries';
import { sliErrorRatioQuery } from './sliQueries';

export interface SloStatus {
  name: string;
  objectivePercent: number;
  window: string;
  sli: SloSpec['sli'];
  /** Share of good events over the SLO window (0..1), null without data. */
  sliValue: number | null;
  /** Share of the error budget left over the window; negative when overspent. */
  budgetRemaining: number | null;
  /** At the 1h burn rate; null when the budget is not being spent. */
  timeToExhaustionSeconds: number | null;
  burnRates: Partial<Record<BurnRateWindow, number | null>>;
  alert: ReturnType<typeof alertState>;
  /** Budget remaining over a rolling SLO window, for a burn-down chart. */
  burnDown: Array<[number, number | null]>;
}

export interface SlosResponse {
  entityRef: string;
  slos: SloStatus[];
  warnings: string[];
}

/**
 * The SLO section of the tab: for each SLO the SLI over its window, the burn rate at every
 * alerting window, the multi-window alert state and a burn-down series. All upstream queries of a
 * request go out as one parallel batch.
 */
export class SloStatusService {
  constructor(
    private readonly executor: QueryExecutor,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  async status(
    target: ResolvedEntityScope,
    slos: SloSpec[],
  ): Promise<SlosResponse> {
    const time = Math.floor(this.now());
    const warnings: string[] = [];
    const query = (slo: SloSpec, window: string) =>
      scopeQuery(
        sliErrorRatioQuery(slo, target.profile, window),
        target.matchers,
      );
    const instant = async (slo: SloSpec, window: string) => {
      const result = await this.executor.execute(target.instance, {
        kind: 'instant',
        query: query(slo, window),
        time,
      });
      warnings.push(...result.warnings);
      return singleValue(result.data);
    };

    const statuses = await Promise.all(
      slos.map(async slo => {
        const span = windowSeconds[slo.window];
        const step = Math.max(60, Math.ceil(span / 120 / 60) * 60);
        const [ratios, windowRatio, burnDownResult] = await Promise.all([
          Promise.all(BURN_RATE_WINDOWS.map(w => instant(slo, w))),
          instant(slo, slo.window),
          this.executor.execute(target.instance, {
            kind: 'range',
            query: query(slo, slo.window),
            // Ending now (not at a step boundary): the last point is the budget as it stands.
            start: time - span,
            end: time,
            step,
          }),
        ]);
        const rates = Object.fromEntries(
          BURN_RATE_WINDOWS.map((w, i) => [
            w,
            ratios[i] === null ? null : burnRate(ratios[i]!, slo.objective),
          ]),
        ) as Partial<Record<BurnRateWindow, number | null>>;
        const remaining =
          windowRatio === null
            ? null
            : budgetRemaining(windowRatio, slo.objective);
        const points = toSeries(burnDownResult.data)[0]?.points ?? [];
        const budget = errorBudget(slo.objective);
        return {
          name: slo.name,
          objectivePercent: slo.objectivePercent,
          window: slo.window,
          sli: slo.sli,
          sliValue: windowRatio === null ? null : 1 - windowRatio,
          budgetRemaining: remaining,
          timeToExhaustionSeconds:
            remaining === null ||
            rates['1h'] === null ||
            rates['1h'] === undefined
              ? null
              : timeToExhaustion(remaining, rates['1h'], span),
          burnRates: rates,
          alert: alertState(rates, slo.window),
          burnDown: points.map(([t, v]): [number, number | null] => [
            t,
            v === null ? null : 1 - v / budget,
          ]),
        };
      }),
    );
    return {
      entityRef: target.entityRef,
      slos: statuses,
      warnings: [...new Set(warnings)],
    };
  }
}
