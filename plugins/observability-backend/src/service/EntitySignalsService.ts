import {
  EVALUATION_SLOT_SECONDS,
  evaluationTime,
  slotFor,
} from '../prometheus/evaluationTime';
import type {
  QueryRequest,
  QueryResponse,
  SignalsResponse,
  SignalValues,
  SummaryResponse,
  VerdictReason,
} from '@stagewatch/backstage-plugin-observability-common';
import { InputError } from '@backstage/errors';
import { computeVerdict, thresholdsFor } from '../health/computeVerdict';
import { QueryExecutor } from '../prometheus/QueryExecutor';
import { resolveRange } from '../prometheus/resolveRange';
import { singleValue, toSeries } from '../prometheus/toSeries';
import { sloReasons } from '../health/sloReasons';
import { SloStatusService } from '../slo/SloStatusService';
import { ResultMemo } from './ResultMemo';
import {
  EntitySlos,
  ObservabilityConfig,
  ResolvedEntityScope,
  ScopedQuery,
  scopeQuery,
  signalQueries,
  substituteIntervals,
  summarySignals,
} from '@stagewatch/backstage-plugin-observability-node';

/**
 * The entity views: each answers one API request with one batch of parallel upstream queries.
 */
export class EntitySignalsService {
  private readonly sloStatus: SloStatusService;
  /** Bodies of warm views, reused with their serialized bytes (see sendJson). */
  private readonly bodies = new ResultMemo();

  constructor(
    private readonly config: ObservabilityConfig,
    private readonly executor: QueryExecutor,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {
    this.sloStatus = new SloStatusService(executor, now);
  }

  private scrapeInterval(instance: string): number {
    return (
      this.config.instances.find(i => i.name === instance)
        ?.scrapeIntervalSeconds ?? 15
    );
  }

  /** Resolves interval variables for `stepSeconds`, then scopes the query to the entity. */
  private scoped(
    target: ResolvedEntityScope,
    template: string,
    stepSeconds: number,
  ): ScopedQuery {
    return scopeQuery(
      substituteIntervals(template, {
        stepSeconds,
        scrapeIntervalSeconds: this.scrapeInterval(target.instance),
      }),
      target.matchers,
    );
  }

  /** The entity's SLO burn as verdict reasons; a bad spec or a failed query is a warning. */
  private async sloVerdictReasons(
    target: ResolvedEntityScope,
    slos: EntitySlos,
    warnings: string[],
  ): Promise<VerdictReason[]> {
    if (slos.status === 'none') return [];
    if (slos.status === 'invalid') {
      warnings.push(`SLOs not evaluated: ${slos.error}`);
      return [];
    }
    try {
      const status = await this.sloStatus.status(target, slos.slos, {
        burnDown: false,
      });
      warnings.push(...status.warnings);
      return sloReasons(status.slos);
    } catch (error) {
      warnings.push(`SLOs not evaluated: ${(error as Error).message}`);
      return [];
    }
  }

  async summary(
    target: ResolvedEntityScope,
    slos: EntitySlos = { status: 'none' },
  ): Promise<SummaryResponse> {
    const time = evaluationTime(
      this.now(),
      slotFor(
        EVALUATION_SLOT_SECONDS.entity,
        this.scrapeInterval(target.instance),
      ),
    );
    const window = this.config.summaryWindowSeconds;
    const queries = signalQueries(target.profile).filter(q =>
      summarySignals.includes(q.name),
    );
    const warnings: string[] = [];
    // Scope everything first: a query the scoping rejects never leaves, and nothing is sent.
    const scoped = queries.map(q => ({
      ...q,
      query: this.scoped(target, q.template, window),
    }));
    const [results, extraReasons] = await Promise.all([
      Promise.all(
        scoped.map(q =>
          this.executor.execute(target.instance, {
            kind: 'instant',
            query: q.query,
            time,
          }),
        ),
      ),
      this.sloVerdictReasons(target, slos, warnings),
    ]);
    const values: SignalValues = {
      requestRate: null,
      errorRatio: null,
      latencyP99: null,
      saturation: null,
      liveness: null,
    };
    results.forEach((result, i) => {
      warnings.push(...result.warnings);
      values[scoped[i].name as keyof SignalValues] = singleValue(result.data);
    });
    return {
      entityRef: target.entityRef,
      scope: target.scope,
      time,
      values,
      saturationUnit: target.profile.saturation.unit,
      health: computeVerdict(
        values,
        thresholdsFor(
          target.entityRef,
          this.config.thresholds,
          this.config.thresholdOverrides,
        ),
        extraReasons,
      ),
      warnings: [...new Set(warnings)],
    };
  }

  async signals(
    target: ResolvedEntityScope,
    request: { from: number; to: number; step?: number },
  ): Promise<SignalsResponse> {
    const range = resolveRange(request, {
      maxPoints: this.config.maxPointsPerSeries,
    });
    const scoped = signalQueries(target.profile).map(q => ({
      ...q,
      query: this.scoped(target, q.template, range.step),
    }));
    // One failing signal (say a profile metric this service lacks) must not blank the others,
    // but if every signal fails the upstream is the problem and the caller gets its error.
    const settled = await Promise.allSettled(
      scoped.map(q =>
        this.executor.execute(target.instance, {
          kind: 'range',
          query: q.query,
          start: range.from,
          end: range.to,
          step: range.step,
        }),
      ),
    );
    const firstFailure = settled.find(s => s.status === 'rejected') as
      | PromiseRejectedResult
      | undefined;
    if (firstFailure && settled.every(s => s.status === 'rejected')) {
      throw firstFailure.reason;
    }
    const build = (): SignalsResponse => {
      const warnings: string[] = range.note ? [range.note] : [];
      const signals = scoped.map((q, i) => {
        const outcome = settled[i];
        const base = {
          name: q.name,
          title: q.title,
          unit: q.unit,
          query: q.query,
        };
        if (outcome.status === 'rejected') {
          return {
            ...base,
            series: [],
            error: (outcome.reason as Error).message,
          };
        }
        warnings.push(...outcome.value.warnings);
        return { ...base, series: toSeries(outcome.value.data) };
      });
      return {
        entityRef: target.entityRef,
        scope: target.scope,
        range,
        signals,
        warnings: [...new Set(warnings)],
      };
    };
    // A failed signal is not reused: its error is new each time.
    if (settled.some(s => s.status === 'rejected')) return build();
    return this.bodies.get(
      settled.map(s => (s as PromiseFulfilledResult<object>).value),
      JSON.stringify([
        'signals',
        target.entityRef,
        target.scope,
        scoped.map(q => q.query),
        range,
      ]),
      build,
    );
  }

  /**
   * The answer to `request` and until when (epoch ms) the same request may be answered with it
   * again: while its upstream result is fresh in the executor's cache, and, for an instant query
   * at "now" (no `time`), until the second it was evaluated at is over. 0: not at all.
   */
  async queryAnswer(
    target: ResolvedEntityScope,
    request: QueryRequest,
  ): Promise<{ body: QueryResponse; freshUntil: number }> {
    if (typeof request.query !== 'string' || !request.query.trim()) {
      throw new InputError('query must be a non-empty PromQL expression');
    }
    const isRange = request.from !== undefined || request.to !== undefined;
    if (isRange) {
      if (request.from === undefined || request.to === undefined) {
        throw new InputError('A range query needs both from and to');
      }
      const range = resolveRange(
        { from: request.from, to: request.to, step: request.step },
        { maxPoints: this.config.maxPointsPerSeries },
      );
      const query = this.scoped(target, request.query, range.step);
      const result = await this.executor.execute(target.instance, {
        kind: 'range',
        query,
        start: range.from,
        end: range.to,
        step: range.step,
      });
      const body = this.bodies.get(
        [result],
        JSON.stringify(['query', target.entityRef, target.scope, query, range]),
        () => ({
          entityRef: target.entityRef,
          scope: target.scope,
          scopedQuery: query,
          resultType: result.data.resultType,
          series: toSeries(result.data),
          range,
          warnings: [...(range.note ? [range.note] : []), ...result.warnings],
        }),
      );
      return { body, freshUntil: this.executor.freshUntil(result) };
    }
    const time = request.time ?? Math.floor(this.now());
    if (!Number.isFinite(time)) {
      throw new InputError('time must be a Unix time in seconds');
    }
    const query = this.scoped(
      target,
      request.query,
      this.config.summaryWindowSeconds,
    );
    const result = await this.executor.execute(target.instance, {
      kind: 'instant',
      query,
      time,
    });
    const body = this.bodies.get(
      [result],
      JSON.stringify(['instant', target.entityRef, target.scope, query, time]),
      () => ({
        entityRef: target.entityRef,
        scope: target.scope,
        scopedQuery: query,
        resultType: result.data.resultType,
        series: toSeries(result.data),
        warnings: result.warnings,
      }),
    );
    const fresh = this.executor.freshUntil(result);
    return {
      body,
      freshUntil:
        request.time === undefined ? Math.min(fresh, (time + 1) * 1000) : fresh,
    };
  }
}
