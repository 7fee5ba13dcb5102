import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EVALUATION_SLOT_SECONDS,
  evaluationTime,
  slotFor,
} from '../prometheus/evaluationTime';
import type {
  OverviewResponse,
  OverviewRow,
  OverviewSlo,
  SignalValues,
} from '@stagewatch/backstage-plugin-observability-common';
import { computeVerdict, thresholdsFor } from '../health/computeVerdict';
import { QueryExecutor } from '../prometheus/QueryExecutor';
import { PromResult } from '../prometheus/PrometheusClient';
import { toNumber } from '../prometheus/toSeries';
import { sloReasons, SloBurn } from '../health/sloReasons';
import { addGroupingLabels } from './addGroupingLabels';
import { GroupSloPlan, SloMember } from './groupSloBurn';
import { histogramQuantile } from './histogramQuantile';
import { RowIndex } from './rowIndex';
import { unionScope } from './unionScope';
import {
  ObservabilityConfig,
  Profile,
  ResolvedEntityScope,
  readEntitySlos,
  resolveEntityScope,
  scopeQuery,
  substituteIntervals,
} from '@stagewatch/backstage-plugin-observability-node';

interface Group {
  instance: string;
  profile: Profile;
  labelNames: string[];
  members: ResolvedEntityScope[];
  sloMembers: SloMember[];
}

type MemberSlos = Map<string, Array<{ overview: OverviewSlo; burn: SloBurn }>>;

type Rows = Array<{ labels: Record<string, string>; value: number | null }>;

const rowsOf = (data: PromResult): Rows =>
  data.resultType === 'vector'
    ? data.result.map(r => ({ labels: r.metric, value: toNumber(r.value[1]) }))
    : [];

const sumOf = (rows: Rows): number | null =>
  rows.length === 0 ? null : rows.reduce((sum, r) => sum + (r.value ?? 0), 0);

/**
 * Summary rows for many entities at once. Entities that share an instance, a profile and the
 * label names of their selectors form a group; each group costs five upstream queries scoped to
 * the union of its members' selectors, grouped by those labels, and the rows are split back to
 * entities here. So 3 or 3,000 services behind one Prometheus cost the same five queries.
 */
export class OverviewService {
  constructor(
    private readonly config: ObservabilityConfig,
    private readonly executor: QueryExecutor,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  async overview(entities: Entity[]): Promise<OverviewResponse> {
    const now = this.now();
    const timeFor = (instance: string) =>
      evaluationTime(
        now,
        slotFor(
          EVALUATION_SLOT_SECONDS.overview,
          this.config.instances.find(i => i.name === instance)
            ?.scrapeIntervalSeconds ?? 15,
        ),
      );
    const time = Math.floor(now);
    const rows = new Map<string, OverviewRow>();
    const groups = new Map<string, Group>();

    for (const entity of entities) {
      const entityRef = stringifyEntityRef(entity);
      const base: OverviewRow = {
        entityRef,
        title: entity.metadata.title,
        kind: entity.kind,
        owner:
          typeof entity.spec?.owner === 'string'
            ? entity.spec.owner
            : undefined,
        system:
          typeof entity.spec?.system === 'string'
            ? entity.spec.system
            : undefined,
        health: { verdict: 'unknown', reasons: [] },
      };
      rows.set(entityRef, base);
      let target: ResolvedEntityScope;
      try {
        target = resolveEntityScope(entity, this.config);
      } catch (error) {
        base.error = (error as Error).message;
        base.health.reasons.push({
          signal: 'data',
          severity: 'unknown',
          message: base.error,
        });
        continue;
      }
      base.scope = target.scope;
      const names = target.matchers.map(m => m.name);
      // A selector with two matchers on one label cannot share a union; it gets a group alone.
      const labelNames = [...new Set(names)].sort();
      const alone = labelNames.length !== names.length ? `:${entityRef}` : '';
      const key = `${target.instance}\n${
        target.profile.name
      }\n${labelNames.join(',')}${alone}`;
      const group: Group = groups.get(key) ?? {
        instance: target.instance,
        profile: target.profile,
        labelNames,
        members: [],
        sloMembers: [],
      };
      group.members.push(target);
      const slos = readEntitySlos(entity);
      if (slos.status === 'ok')
        group.sloMembers.push({ target, slos: slos.slos });
      if (slos.status === 'invalid') base.sloError = slos.error;
      groups.set(key, group);
    }

    const warnings: string[] = [];
    let upstreamQueries = 0;
    await Promise.all(
      [...groups.values()].map(async group => {
        const plan = new GroupSloPlan(
          group.profile,
          group.labelNames,
          group.sloMembers,
        );
        upstreamQueries += 5 + plan.queries.size;
        try {
          const [values, slos] = await Promise.all([
            this.groupValues(group, timeFor(group.instance), warnings),
            this.groupSlos(group, plan, timeFor(group.instance), warnings),
          ]);
          for (const member of group.members) {
            const row = rows.get(member.entityRef)!;
            row.values = values.get(member.entityRef);
            const memberSlos = slos.get(member.entityRef);
            if (memberSlos) {
              row.slos = memberSlos
                .map(s => s.overview)
                .sort(
                  (a, b) =>
                    (a.budgetRemaining ?? Infinity) -
                    (b.budgetRemaining ?? Infinity),
                );
            }
            row.health = computeVerdict(
              row.values!,
              thresholdsFor(
                member.entityRef,
                this.config.thresholds,
                this.config.thresholdOverrides,
              ),
              sloReasons(memberSlos?.map(s => s.burn) ?? []),
            );
          }
        } catch (error) {
          for (const member of group.members) {
            const row = rows.get(member.entityRef)!;
            row.error = (error as Error).message;
            row.health = {
              verdict: 'unknown',
              reasons: [
                { signal: 'data', severity: 'unknown', message: row.error },
              ],
            };
          }
        }
      }),
    );
    return {
      time,
      rows: [...rows.values()],
      upstreamQueries,
      warnings: [...new Set(warnings)],
    };
  }

  /**
   * The group's SLOs. A failed SLO query leaves those SLOs without data (and a warning) rather
   * than failing the golden signals of the whole group.
   */
  private async groupSlos(
    group: Group,
    plan: GroupSloPlan,
    time: number,
    warnings: string[],
  ): Promise<MemberSlos> {
    if (plan.queries.size === 0) return new Map();
    const union = unionScope(
      group.members.map(m => m.matchers),
      group.labelNames,
    );
    const entries = [...plan.queries.values()];
    // Scope all of them before sending any.
    const scoped = entries.map(e =>
      scopeQuery(e.template, e.member ? e.member.matchers : union),
    );
    const settled = await Promise.allSettled(
      scoped.map(query =>
        this.executor.execute(group.instance, { kind: 'instant', query, time }),
      ),
    );
    const byKey = new Map<string, RowIndex<Rows[number]>>();
    settled.forEach((outcome, i) => {
      if (outcome.status === 'fulfilled') {
        warnings.push(...outcome.value.warnings);
        byKey.set(
          entries[i].key,
          new RowIndex(rowsOf(outcome.value.data), group.labelNames),
        );
      } else {
        warnings.push(`SLO query failed: ${(outcome.reason as Error).message}`);
      }
    });
    return plan.evaluate((key, member) => {
      const index = byKey.get(key);
      if (!index) return undefined;
      return plan.queries.get(key)?.member
        ? index.rows
        : index.matching(member.matchers);
    });
  }

  private async groupValues(group: Group, time: number, warnings: string[]) {
    const { profile, labelNames } = group;
    const scrape =
      this.config.instances.find(i => i.name === group.instance)
        ?.scrapeIntervalSeconds ?? 15;
    const union = unionScope(
      group.members.map(m => m.matchers),
      labelNames,
    );
    const by = labelNames.join(', ');
    // Interval variables first: the grouping rewrite parses the query, and `$__rate_interval`
    // is not PromQL.
    const resolve = (template: string) =>
      substituteIntervals(template, {
        stepSeconds: this.config.summaryWindowSeconds,
        scrapeIntervalSeconds: scrape,
      });
    const grouped = (template: string) =>
      addGroupingLabels(resolve(template), labelNames);
    const histogramMatchers = profile.latencyMatchers
      ? `{${profile.latencyMatchers}}`
      : '';
    const templates = {
      requestRate: grouped(profile.requestRate),
      errorRate: grouped(profile.errorRate),
      buckets: resolve(
        `sum by (le, ${by}) (rate(${profile.latencyHistogram}_bucket${histogramMatchers}[$__rate_interval]))`,
      ),
      saturation: grouped(profile.saturation.query),
      liveness: grouped(profile.liveness),
    };
    const entries = Object.entries(templates).map(([name, query]) => ({
      name,
      query: scopeQuery(query, union),
    }));
    const results = await Promise.all(
      entries.map(e =>
        this.executor.execute(group.instance, {
          kind: 'instant',
          query: e.query,
          time,
        }),
      ),
    );
    const byName = new Map<string, RowIndex<Rows[number]>>();
    results.forEach((r, i) => {
      warnings.push(...r.warnings);
      byName.set(entries[i].name, new RowIndex(rowsOf(r.data), labelNames));
    });

    const values = new Map<string, SignalValues>();
    for (const member of group.members) {
      const mine = (name: string) =>
        byName.get(name)!.matching(member.matchers);
      const requestRate = sumOf(mine('requestRate'));
      const errorRate = sumOf(mine('errorRate'));
      const buckets = new Map<number, number>();
      for (const r of mine('buckets')) {
        const le = r.labels.le === '+Inf' ? Infinity : Number(r.labels.le);
        buckets.set(le, (buckets.get(le) ?? 0) + (r.value ?? 0));
      }
      const liveness = mine('liveness');
      values.set(member.entityRef, {
        requestRate,
        errorRatio:
          requestRate && requestRate > 0
            ? (errorRate ?? 0) / requestRate
            : null,
        latencyP99: histogramQuantile(0.99, buckets),
        saturation: sumOf(mine('saturation')),
        // Several rows (a regex selector) each carry their own share up; average them.
        liveness: liveness.length ? sumOf(liveness)! / liveness.length : null,
      });
    }
    return values;
  }
}
