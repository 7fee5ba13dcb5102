import { performance } from 'node:perf_hooks';
import { basename } from 'node:path';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_PROMETHEUS_SELECTOR } from '@internal/backstage-plugin-observability-common';
import { ObservabilityConfig } from '../config/readObservabilityConfig';
import { AlertRulesConfig } from './alertRulesConfig';
import { DeliveryTarget, deliveryTargets } from './delivery/deliveryTargets';
import { readRuleGroups } from './delivery/readRuleGroups';
import { MANAGED_PREFIX } from './delivery/ruleLocation';
import { EntityRulesRenderer } from './EntityRulesService';
import { groupFile } from './groupFile';
import { ruleGroupName } from './renderEntityRules';
import { PromRuleGroup } from './ruleGroupStructure';
import { RuleDeliveryRecord, RuleDeliveryStore } from './RuleDeliveryStore';
import { RuleTemplateCatalog } from './RuleTemplateCatalog';
import { RuleValidator, validationError } from './RuleValidator';

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

const keyOf = (r: { entityRef: string; instance: string }) =>
  `${r.entityRef}\n${r.instance}`;

interface Change {
  record: RuleDeliveryRecord;
  yaml: string;
  group: PromRuleGroup;
  hash: string;
}

interface Plan {
  /** Records as they will be saved, by key. */
  records: Map<string, RuleDeliveryRecord>;
  changes: Change[];
  /** Rows whose entity is gone (or moved, or no longer delivered here). */
  removals: RuleDeliveryRecord[];
  /** Instances where a last good file had to be put back (someone removed or edited it). */
  restored: Set<string>;
  unchanged: number;
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
    const plan = await this.plan(entities, rows, now);
    lap('plan');
    result.unchanged = plan.unchanged;
    const deleted: RuleDeliveryRecord[] = [];
    for (const target of this.targets.values()) {
      const outcome = await this.deliver(target, plan, now);
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
      const error = await this.readBack(target, plan, now);
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

  /** What each entity should have where, compared with what was delivered. */
  private async plan(
    entities: Entity[],
    rows: RuleDeliveryRecord[],
    now: Date,
  ): Promise<Plan> {
    const { validator } = this.options;
    const templates = await this.options.templates.all();
    const rowsByKey = new Map(rows.map(r => [keyOf(r), r]));
    const plan: Plan = {
      records: new Map(),
      changes: [],
      removals: [],
      restored: new Set(),
      unchanged: 0,
    };
    const notDelivered = (record: RuleDeliveryRecord, error: string) =>
      plan.records.set(keyOf(record), {
        ...record,
        status: 'not-delivered',
        error,
        attemptedAt: now,
      });

    const rendered = [];
    for (const entity of entities) {
      const entityRef = stringifyEntityRef(entity);
      try {
        rendered.push(this.renderer.render(entity, templates));
      } catch (e) {
        // No usable scope: nothing new goes out; whatever was delivered before stays.
        for (const row of rows.filter(r => r.entityRef === entityRef)) {
          notDelivered(row, (e as Error).message);
        }
      }
    }
    // `none` instances are export only: nothing to validate or deliver here.
    const delivered = rendered.filter(d => this.targets.has(d.instance));
    const validations = await validator.validateAll(delivered);
    for (const [i, desired] of delivered.entries()) {
      const target = this.targets.get(desired.instance)!;
      const location = target.location(desired.entityRef);
      const key = keyOf({
        entityRef: desired.entityRef,
        instance: target.instance,
      });
      const row = rowsByKey.get(key);
      const base: RuleDeliveryRecord = row
        ? { ...row, location: row.contentHash ? row.location : location }
        : {
            entityRef: desired.entityRef,
            instance: target.instance,
            method: target.method,
            location,
            status: 'pending',
          };
      const error = validationError(validations[i], desired.annotationError);
      if (error) {
        notDelivered(
          base,
          `not delivered, ${
            row?.contentHash
              ? 'the last good rules stay'
              : 'nothing delivered yet'
          }: ${error}`,
        );
        if (await this.restoreLastGood(target, base))
          plan.restored.add(target.instance);
        continue;
      }
      const { yaml, hash } = groupFile(desired.group);
      const onDisk =
        target.method === 'files' && row?.contentHash === hash
          ? await target.files.read(row.location)
          : undefined;
      const same =
        row?.contentHash === hash &&
        row.location === location &&
        (target.method !== 'files' || onDisk === yaml);
      if (same) {
        plan.unchanged++;
        plan.records.set(key, {
          ...row,
          status: 'delivered',
          error: undefined,
        });
      } else {
        const record = { ...base, location };
        plan.records.set(key, record);
        plan.changes.push({ record, yaml, group: desired.group, hash });
      }
    }
    for (const row of rows) {
      if (!plan.records.has(keyOf(row))) plan.removals.push(row);
    }
    return plan;
  }

  /** An undeliverable entity's last good file, put back when it went missing or was edited. */
  private async restoreLastGood(
    target: DeliveryTarget,
    record: RuleDeliveryRecord,
  ): Promise<boolean> {
    if (target.method !== 'files' || !record.deliveredYaml) return false;
    try {
      if ((await target.files.read(record.location)) === record.deliveredYaml)
        return false;
      await target.files.write(record.location, record.deliveredYaml);
      return true;
    } catch (e) {
      this.options.logger.warn(
        `Could not restore ${record.location}: ${(e as Error).message}`,
      );
      return false;
    }
  }

  /** Writes, removes and reloads on one instance; records each entity's outcome in the plan. */
  private async deliver(target: DeliveryTarget, plan: Plan, now: Date) {
    const outcome = {
      written: 0,
      removed: 0,
      reloads: 0,
      errors: [] as string[],
      deleted: [] as RuleDeliveryRecord[],
    };
    const changes = plan.changes.filter(
      c => c.record.instance === target.instance,
    );
    const removals = plan.removals.filter(r => r.instance === target.instance);
    const keep = new Set([...plan.records.values()].map(r => r.location));
    const fail = (record: RuleDeliveryRecord, error: string) =>
      plan.records.set(keyOf(record), {
        ...record,
        status: 'not-delivered',
        error,
        attemptedAt: now,
      });
    const delivered = (change: Change) =>
      plan.records.set(keyOf(change.record), {
        ...change.record,
        status: 'delivered',
        error: undefined,
        contentHash: change.hash,
        deliveredYaml: change.yaml,
        deliveredAt: now,
        attemptedAt: now,
      });

    if (target.method === 'ruler') {
      for (const change of changes) {
        try {
          await target.ruler.setGroup(change.record.location, change.group);
          delivered(change);
          outcome.written++;
        } catch (e) {
          fail(change.record, (e as Error).message);
        }
      }
      for (const row of removals) {
        try {
          await target.ruler.deleteNamespace(row.location);
          outcome.deleted.push(row);
          outcome.removed++;
        } catch (e) {
          plan.records.set(keyOf(row), {
            ...row,
            status: 'removing',
            error: (e as Error).message,
          });
        }
      }
      try {
        for (const ns of await target.ruler.listNamespaces()) {
          if (ns.startsWith(MANAGED_PREFIX) && !keep.has(ns)) {
            await target.ruler.deleteNamespace(ns);
            outcome.removed++;
          }
        }
      } catch (e) {
        outcome.errors.push(`${target.instance}: ${(e as Error).message}`);
      }
      return outcome;
    }

    const written: Change[] = [];
    for (const change of changes) {
      try {
        await target.files.write(change.record.location, change.yaml);
        written.push(change);
      } catch (e) {
        fail(
          change.record,
          `writing ${change.record.location}: ${(e as Error).message}`,
        );
      }
    }
    const removedRows: RuleDeliveryRecord[] = [];
    for (const row of removals) {
      try {
        await target.files.remove(row.location);
        removedRows.push(row);
      } catch (e) {
        outcome.errors.push(`${target.instance}: ${(e as Error).message}`);
      }
    }
    let stray = 0;
    try {
      for (const file of await target.files.managedFiles()) {
        if (!keep.has(file) && !removals.some(r => r.location === file)) {
          await target.files.remove(file);
          stray++;
        }
      }
    } catch (e) {
      outcome.errors.push(`${target.instance}: ${(e as Error).message}`);
    }
    const restored = plan.restored.has(target.instance);
    if (written.length + removedRows.length + stray === 0 && !restored) {
      return outcome;
    }
    outcome.reloads++;
    try {
      await target.files.reload();
      written.forEach(delivered);
      outcome.written += written.length;
      outcome.deleted.push(...removedRows);
      outcome.removed += removedRows.length + stray;
    } catch (e) {
      const error = `written, not loaded: ${(e as Error).message}`;
      outcome.errors.push(`${target.instance}: ${error}`);
      for (const change of written) fail(change.record, error);
      // Kept until a reload takes the removal, so the next run reloads again.
      for (const row of removedRows) {
        plan.records.set(keyOf(row), { ...row, status: 'removing', error });
      }
    }
    return outcome;
  }

  /** Reads the instance's rule groups back and records each entity's rules as it runs them. */
  private async readBack(
    target: DeliveryTarget,
    plan: Plan,
    now: Date,
  ): Promise<string | undefined> {
    const records = [...plan.records.values()].filter(
      r => r.instance === target.instance && r.status !== 'removing',
    );
    if (records.length === 0) return undefined;
    try {
      const groups = await readRuleGroups(target.readBack);
      const byName = new Map(
        groups.map(g => [`${g.name}\n${basename(g.file)}`, g]),
      );
      for (const record of records) {
        // Prometheus reports the path as its rule_files glob expanded it, which may be a
        // different mount of the same directory: match the file name.
        const group = byName.get(
          `${ruleGroupName(record.entityRef)}\n${basename(record.location)}`,
        );
        plan.records.set(keyOf(record), {
          ...record,
          live: group?.rules ?? [],
          liveCheckedAt: now,
        });
      }
      return undefined;
    } catch (e) {
      return `${target.instance}: reading rules back: ${(e as Error).message}`;
    }
  }
}
