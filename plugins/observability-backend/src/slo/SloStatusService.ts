import {
  EVALUATION_SLOT_SECONDS,
  evaluationTime,
  slotFor,
} from '../prometheus/evaluationTime';
import {
  alertState,
  BURN_RATE_WINDOWS,
  BurnRateWindow,
  budgetRemaining,
  burnRate,
  errorBudget,
  SloSpec,
  SloStatus,
  SlosResponse,
  timeToExhaustion,
  windowSeconds,
} from '@stagewatch/backstage-plugin-observability-common';
import { QueryExecutor } from '../prometheus/QueryExecutor';
import { singleValue, toSeries } from '../prometheus/toSeries';
import {
  ResolvedEntityScope,
  scopeQuery,
  sliCoverageQuery,
  sliErrorRatioQuery,
  sloCoverage,
} from '@stagewatch/backstage-plugin-observability-node';

export interface SloStatusOptions {
  /** The burn-down series costs a range query over the whole window; the summary skips it. */
  burnDown?: boolean;
  /** How much of the window has data, one more query per SLO; by default with the burn-down. */
  coverage?: boolean;
}

/** Points of the burn-down chart over the SLO window. */
const BURN_DOWN_POINTS = 120;

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
    options: SloStatusOptions = {},
  ): Promise<SlosResponse> {
    const withBurnDown = options.burnDown ?? true;
    const withCoverage = options.coverage ?? withBurnDown;
    const time = evaluationTime(
      this.now(),
      slotFor(
        EVALUATION_SLOT_SECONDS.entity,
        this.executor.client(target.instance).scrapeIntervalSeconds,
      ),
    );
    const warnings: string[] = [];
    // Scope every query before any is sent: one the scoping rejects fails the request up front.
    const query = (slo: SloSpec, window: string) =>
      scopeQuery(
        sliErrorRatioQuery(slo, target.profile, window),
        target.matchers,
      );
    const coverageQuery = (slo: SloSpec) =>
      scopeQuery(sliCoverageQuery(slo, target.profile), target.matchers);
    const instant = async (slo: SloSpec, window: string) => {
      const result = await this.executor.execute(target.instance, {
        kind: 'instant',
        query: query(slo, window),
        time,
      });
      warnings.push(...result.warnings);
      return singleValue(result.data);
    };
    // Coverage only qualifies the budget: when its query fails the SLO still answers, without it.
    const coverageOf = async (slo: SloSpec) => {
      if (!withCoverage) return undefined;
      const scoped = coverageQuery(slo);
      try {
        const result = await this.executor.execute(target.instance, {
          kind: 'instant',
          query: scoped,
          time,
        });
        warnings.push(...result.warnings);
        return sloCoverage(singleValue(result.data), slo.window);
      } catch (error) {
        warnings.push(
          `SLO ${slo.name}: coverage query failed: ${(error as Error).message}`,
        );
        return null;
      }
    };
    const burnDownOf = async (slo: SloSpec) => {
      if (!withBurnDown) return [];
      const span = windowSeconds[slo.window];
      const step = Math.max(60, Math.ceil(span / BURN_DOWN_POINTS / 60) * 60);
      const result = await this.executor.execute(target.instance, {
        kind: 'range',
        query: query(slo, slo.window),
        // Ending now (not at a step boundary): the last point is the budget as it stands.
        start: time - span,
        end: time,
        step,
      });
      warnings.push(...result.warnings);
      return toSeries(result.data)[0]?.points ?? [];
    };

    const statuses = await Promise.all(
      slos.map(async (slo): Promise<SloStatus> => {
        const span = windowSeconds[slo.window];
        const [ratios, windowRatio, burnDown, coverage] = await Promise.all([
          Promise.all(BURN_RATE_WINDOWS.map(w => instant(slo, w))),
          instant(slo, slo.window),
          burnDownOf(slo),
          coverageOf(slo),
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
        const budget = errorBudget(slo.objective);
        const hourly = rates['1h'];
        return {
          name: slo.name,
          objectivePercent: slo.objectivePercent,
          window: slo.window,
          sli: slo.sli,
          sliValue: windowRatio === null ? null : 1 - windowRatio,
          budgetRemaining: remaining,
          ...(coverage === undefined ? {} : { coverage }),
          timeToExhaustionSeconds:
            remaining === null || hourly === null || hourly === undefined
              ? null
              : timeToExhaustion(remaining, hourly, span),
          burnRates: rates,
          alert: alertState(rates, slo.window),
          burnDown: burnDown.map(([t, v]): [number, number | null] => [
            t,
            v === null ? null : 1 - v / budget,
          ]),
          query: query(slo, slo.window),
        };
      }),
    );
    return {
      entityRef: target.entityRef,
      time,
      slos: statuses,
      warnings: [...new Set(warnings)],
    };
  }
}
