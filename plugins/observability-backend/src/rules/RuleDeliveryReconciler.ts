import { performance } from 'node:perf_hooks';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_PROMETHEUS_SELECTOR } from '@stagewatch/backstage-plugin-observability-common';
import { deliverPlan } from './delivery/deliverPlan';
import { planDelivery } from './delivery/deliveryPlan';
import { DeliveryTarget, deliveryTargets } from './delivery/deliveryTargets';
import { readBackPlan } from './delivery/readBackPlan';
import { RuleDeliveryRecord, RuleDeliveryStore } from './RuleDeliveryStore';
import { RuleTemplateCatalog } from './RuleTemplateCatalog';
import { RuleValidator } from './RuleValidator';
import {
  AlertRulesConfig,
  EntityRulesRenderer,
  ObservabilityConfig,
} from '@stagewatch/backstage-plugin-observability-node';

export interface RuleDeliveryRunResult {
  /** Entities with a Prometheus selector. */
  entities: number;
  /** Entities whose rules were written (files) or stored (ruler) in this run. */
  written: number;
  /** Entities whose rules were removed, plus stray files/namespaces of the plugin. */
  removed: number;
  unchanged: number;
  /** Entities whose current rules were not delivered (validation, write, reload or ruler error). */
  notDelivered: number;
  /** `POST /-/reload` requests made (at most one per files instance). */
  reloads: number;
  /** Run-level problems (reload, read-back, listing); per-entity ones are in the store. */
  errors: string[];
  /** Seconds spent in each stage, for logs and the benchmark. */
  stages: {
    list: number;
    plan: number;
    deliver: number;
    readBack: number;
    save: number;
  };
}

/**
 * The scheduled delivery of every entity's alert rules. Each run renders and validates the
 * desired rules, compares their content hash with what was delivered, writes only what changed,
 * removes the rules of entities that are gone, reloads each `files` instance once, and reads
 * `/api/v1/rules` back. A group that fails validation is never written: Prometheus refuses a
 * whole reload when one file is bad, so one entity's broken rule would stop everyone's. Its last
 * good rules stay. A hash is recorded as delivered only once the reload (or the ruler) took it,
 * so a run while Prometheus is down loses nothing: the next run delivers again.
 */
export class RuleDeliveryReconciler {
  private readonly targets: Map<string, DeliveryTarget>;
  private readonly now: () => Date;
  private readonly renderer: EntityRulesRenderer;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      store: RuleDeliveryStore;
      templates: RuleTemplateCatalog;
      config: ObservabilityConfig;
      rules: AlertRulesConfig;
      validator: RuleValidator;
      now?: () => Date;
    },
  ) {
    this.targets = deliveryTargets(options.config, options.rules);
    this.renderer = new EntityRulesRenderer({
      config: options.config,
      rules: options.rules,
    });
    this.now = options.now ?? (() => new Date());
  }

  async run(): Promise<RuleDeliveryRunResult> {
    const { store } = this.options;
    const now = this.now();
    const result: RuleDeliveryRunResult = {
      entities: 0,
      written: 0,
      removed: 0,
      unchanged: 0,
      notDelivered: 0,
      reloads: 0,
      errors: [],
      stages: { list: 0, plan: 0, deliver: 0, readBack: 0, save: 0 },
    };
    let mark = performance.now();
    const lap = (stage: keyof RuleDeliveryRunResult['stages']) => {
      const at = performance.now();
      result.stages[stage] = (at - mark) / 1000;
      mark = at;
    };
    const [entities, rows] = await Promise.all([
      this.listEntities(),
      store.list(),
    ]);
    result.entities = entities.length;
    lap('list');
    const plan = await planDelivery({
      entities,
      rows,
      now,
      renderer: this.renderer,
      templates: await this.options.templates.all(),
      targets: this.targets,
      validator: this.options.validator,
      logger: this.options.logger,
    });
    lap('plan');
    result.unchanged = plan.unchanged;
    const deleted: RuleDeliveryRecord[] = [];
    for (const target of this.targets.values()) {
      const outcome = await deliverPlan(target, plan, now);
      result.written += outcome.written;
      result.removed += outcome.removed;
      result.reloads += outcome.reloads;
      result.errors.push(...outcome.errors);
      deleted.push(...outcome.deleted);
    }
    for (const row of plan.removals) {
      // Rows of instances that no longer deliver: nothing can be removed there any more.
      if (!this.targets.has(row.instance)) deleted.push(row);
    }
    lap('deliver');
    for (const target of this.targets.values()) {
      const error = await readBackPlan(target, plan, now);
      if (error) result.errors.push(error);
    }
    result.notDelivered = [...plan.records.values()].filter(
      r => r.status === 'not-delivered',
    ).length;
    lap('readBack');
    await store.save([...plan.records.values()]);
    await store.remove(deleted);
    lap('save');
    return result;
  }

  private async listEntities(): Promise<Entity[]> {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${ANNOTATION_PROMETHEUS_SELECTOR}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: ['kind', 'metadata', 'spec'],
      },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    return items;
  }
}
