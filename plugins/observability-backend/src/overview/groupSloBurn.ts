import {
  alertState,
  BURN_RATE_WINDOWS,
  BurnRateWindow,
  budgetRemaining,
  burnRate,
  OverviewSlo,
  SloSpec,
} from '@stagewatch/backstage-plugin-observability-common';
import { SloBurn } from '../health/sloReasons';
import { addGroupingLabels } from './addGroupingLabels';
import {
  Profile,
  ResolvedEntityScope,
  formatBucketBound,
  sliCoverageQuery,
  sliErrorRatioQuery,
  sloCoverage,
  withWindow,
} from '@stagewatch/backstage-plugin-observability-node';

/** An upstream query of the SLO part of a group, with the rows it returned. */
export interface SloQuery {
  key: string;
  template: string;
  /** Only this member's selector scopes it (a custom SLI); otherwise the group's union. */
  member?: ResolvedEntityScope;
}

export type SloMember = { target: ResolvedEntityScope; slos: SloSpec[] };

type Rows = Array<{ labels: Record<string, string>; value: number | null }>;

const coverageKey = (target: ResolvedEntityScope, slo: SloSpec) => {
  switch (slo.sli.type) {
    case 'availability':
      return `coverage:availability:${slo.window}`;
    case 'latency':
      return `coverage:latency:${formatBucketBound(slo.sli.thresholdSeconds)}:${
        slo.window
      }`;
    default:
      return `coverage:custom:${target.entityRef}:${slo.name}`;
  }
};

/**
 * The SLO part of an overview group, planned so its cost grows with the SLI shapes in use, not
 * with entities: every availability SLO of the group shares one pair of queries per window
 * (failed and all requests, grouped by the scope labels), every latency SLO with the same
 * threshold another pair. Custom SLIs are PromQL of their own and get queries per member.
 */
export class GroupSloPlan {
  readonly queries = new Map<string, SloQuery>();
  /**
   * Each template grouped once: every member's SLO of a shape asks the same template, and
   * grouping parses it (the parse of one per member was 90% of a 10,000-service overview).
   */
  private readonly groupedTemplates = new Map<string, string>();

  constructor(
    private readonly profile: Profile,
    private readonly labelNames: string[],
    private readonly members: SloMember[],
  ) {
    for (const { target, slos } of members) {
      for (const slo of slos) {
        for (const window of [...BURN_RATE_WINDOWS, slo.window]) {
          for (const part of this.parts(target, slo, window)) {
            this.queries.set(part.key, part);
          }
        }
        const coverage = this.coveragePart(target, slo);
        this.queries.set(coverage.key, coverage);
      }
    }
  }

  private parts(
    target: ResolvedEntityScope,
    slo: SloSpec,
    window: string,
  ): SloQuery[] {
    const { profile } = this;
    switch (slo.sli.type) {
      case 'availability':
        return [
          {
            key: `availability:bad:${window}`,
            template: this.grouped(withWindow(profile.errorRate, window)),
          },
          {
            key: `availability:total:${window}`,
            template: this.grouped(withWindow(profile.requestRate, window)),
          },
        ];
      case 'latency': {
        const le = formatBucketBound(slo.sli.thresholdSeconds);
        const extra = profile.latencyMatchers
          ? `${profile.latencyMatchers}, `
          : '';
        const by = this.labelNames.join(', ');
        const hist = profile.latencyHistogram;
        return [
          {
            key: `latency:${le}:good:${window}`,
            template: `sum by (${by}) (rate(${hist}_bucket{${extra}le="${le}"}[${window}]))`,
          },
          {
            key: `latency:${le}:total:${window}`,
            template: `sum by (${by}) (rate(${hist}_count${
              profile.latencyMatchers ? `{${profile.latencyMatchers}}` : ''
            }[${window}]))`,
          },
        ];
      }
      default:
        return [
          {
            key: `custom:${target.entityRef}:${slo.name}:${window}`,
            template: sliErrorRatioQuery(slo, profile, window),
            member: target,
          },
        ];
    }
  }

  private grouped(template: string): string {
    let grouped = this.groupedTemplates.get(template);
    if (grouped === undefined) {
      grouped = addGroupingLabels(template, this.labelNames);
      this.groupedTemplates.set(template, grouped);
    }
    return grouped;
  }

  /**
   * How long ago each row's SLI first had data in the window; shared like the SLI queries: one
   * per SLI shape and window, grouped by the scope labels, or per member for a custom SLI.
   */
  private coveragePart(target: ResolvedEntityScope, slo: SloSpec): SloQuery {
    const key = coverageKey(target, slo);
    const query = sliCoverageQuery(slo, this.profile);
    return slo.sli.type === 'availability' || slo.sli.type === 'latency'
      ? { key, template: this.grouped(query) }
      : { key, template: query, member: target };
  }

  /**
   * Each member's SLOs from the rows of the plan's queries. `rowsOf(key, member)` returns the
   * rows of one query that belong to the member, or undefined when that query failed.
   */
  evaluate(
    rowsOf: (key: string, member: ResolvedEntityScope) => Rows | undefined,
  ): Map<string, Array<{ overview: OverviewSlo; burn: SloBurn }>> {
    const sum = (rows: Rows | undefined) =>
      rows === undefined || rows.length === 0
        ? null
        : rows.reduce((total, r) => total + (r.value ?? 0), 0);
    const result = new Map<
      string,
      Array<{ overview: OverviewSlo; burn: SloBurn }>
    >();
    for (const { target, slos } of this.members) {
      const ratioAt = (slo: SloSpec, window: string): number | null => {
        switch (slo.sli.type) {
          case 'availability': {
            const total = sum(rowsOf(`availability:total:${window}`, target));
            if (!total) return null;
            return (
              (sum(rowsOf(`availability:bad:${window}`, target)) ?? 0) / total
            );
          }
          case 'latency': {
            const le = formatBucketBound(slo.sli.thresholdSeconds);
            const total = sum(rowsOf(`latency:${le}:total:${window}`, target));
            const good = sum(rowsOf(`latency:${le}:good:${window}`, target));
            if (!total || good === null) return null;
            return 1 - good / total;
          }
          default:
            return sum(
              rowsOf(
                `custom:${target.entityRef}:${slo.name}:${window}`,
                target,
              ),
            );
        }
      };
      result.set(
        target.entityRef,
        slos.map(slo => {
          const rates = Object.fromEntries(
            BURN_RATE_WINDOWS.map(w => {
              const ratio = ratioAt(slo, w);
              return [
                w,
                ratio === null ? null : burnRate(ratio, slo.objective),
              ];
            }),
          ) as Partial<Record<BurnRateWindow, number | null>>;
          const windowRatio = ratioAt(slo, slo.window);
          const remaining =
            windowRatio === null
              ? null
              : budgetRemaining(windowRatio, slo.objective);
          const alert = alertState(rates, slo.window);
          // The member's data is as old as its oldest row's (a regex selector has several).
          const ages = rowsOf(coverageKey(target, slo), target)
            ?.map(r => r.value)
            .filter((v): v is number => v !== null);
          return {
            overview: {
              name: slo.name,
              objectivePercent: slo.objectivePercent,
              window: slo.window,
              budgetRemaining: remaining,
              coverage: sloCoverage(
                ages?.length ? Math.max(...ages) : null,
                slo.window,
              ),
              alert: alert.state,
            },
            burn: {
              name: slo.name,
              budgetRemaining: remaining,
              burnRates: rates,
              alert,
            },
          };
        }),
      );
    }
    return result;
  }
}
