import { RuleDeliveryRecord } from '../RuleDeliveryStore';
import {
  DeliveryChange,
  DeliveryPlan,
  keyOf,
  markDelivered,
  markNotDelivered,
} from './deliveryPlan';
import { DeliveryTarget } from './deliveryTargets';
import { FilesRuleDelivery } from './FilesRuleDelivery';
import { RulerClient } from './RulerClient';
import { MANAGED_PREFIX } from '@stagewatch/backstage-plugin-observability-node';

/** What delivering a plan to one instance did. */
export interface DeliveryOutcome {
  written: number;
  removed: number;
  reloads: number;
  errors: string[];
  /** Rows whose rules are gone from the instance: their records can go too. */
  deleted: RuleDeliveryRecord[];
}

/**
 * Writes, removes and (for files) reloads on one instance; records each entity's outcome in the
 * plan. A hash counts as delivered only once the reload or the ruler took it.
 */
export async function deliverPlan(
  target: DeliveryTarget,
  plan: DeliveryPlan,
  now: Date,
): Promise<DeliveryOutcome> {
  const work = {
    plan,
    now,
    changes: plan.changes.filter(c => c.record.instance === target.instance),
    removals: plan.removals.filter(r => r.instance === target.instance),
    // Every location the plan keeps, so anything else with the plugin's prefix is stray.
    keep: new Set([...plan.records.values()].map(r => r.location)),
    outcome: {
      written: 0,
      removed: 0,
      reloads: 0,
      errors: [],
      deleted: [],
    } as DeliveryOutcome,
  };
  if (target.method === 'ruler')
    await deliverToRuler(target.instance, target.ruler, work);
  else await deliverToFiles(target.instance, target.files, work);
  return work.outcome;
}

interface Work {
  plan: DeliveryPlan;
  now: Date;
  changes: DeliveryChange[];
  removals: RuleDeliveryRecord[];
  keep: Set<string>;
  outcome: DeliveryOutcome;
}

/** One namespace per entity: each store is its own success or failure, no reload. */
async function deliverToRuler(
  instance: string,
  ruler: RulerClient,
  work: Work,
) {
  const { plan, now, outcome } = work;
  for (const change of work.changes) {
    try {
      await ruler.setGroup(change.record.location, change.group);
      markDelivered(plan, change, now);
      outcome.written++;
    } catch (e) {
      markNotDelivered(plan, change.record, (e as Error).message, now);
    }
  }
  for (const row of work.removals) {
    try {
      await ruler.deleteNamespace(row.location);
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
    for (const ns of await ruler.listNamespaces()) {
      if (ns.startsWith(MANAGED_PREFIX) && !work.keep.has(ns)) {
        await ruler.deleteNamespace(ns);
        outcome.removed++;
      }
    }
  } catch (e) {
    outcome.errors.push(`${instance}: ${(e as Error).message}`);
  }
}

/** Files, then ONE reload; nothing counts as delivered (or removed) until the reload took it. */
async function deliverToFiles(
  instance: string,
  files: FilesRuleDelivery,
  work: Work,
) {
  const { plan, now, outcome } = work;
  const written: DeliveryChange[] = [];
  for (const change of work.changes) {
    try {
      await files.write(change.record.location, change.yaml);
      written.push(change);
    } catch (e) {
      markNotDelivered(
        plan,
        change.record,
        `writing ${change.record.location}: ${(e as Error).message}`,
        now,
      );
    }
  }
  const removedRows: RuleDeliveryRecord[] = [];
  for (const row of work.removals) {
    try {
      await files.remove(row.location);
      removedRows.push(row);
    } catch (e) {
      outcome.errors.push(`${instance}: ${(e as Error).message}`);
    }
  }
  let stray = 0;
  try {
    const removing = new Set(work.removals.map(r => r.location));
    for (const file of await files.managedFiles()) {
      if (!work.keep.has(file) && !removing.has(file)) {
        await files.remove(file);
        stray++;
      }
    }
  } catch (e) {
    outcome.errors.push(`${instance}: ${(e as Error).message}`);
  }
  const restored = plan.restored.has(instance);
  if (written.length + removedRows.length + stray === 0 && !restored) return;
  outcome.reloads++;
  try {
    await files.reload();
    for (const change of written) markDelivered(plan, change, now);
    outcome.written += written.length;
    outcome.deleted.push(...removedRows);
    outcome.removed += removedRows.length + stray;
  } catch (e) {
    const error = `written, not loaded: ${(e as Error).message}`;
    outcome.errors.push(`${instance}: ${error}`);
    for (const change of written)
      markNotDelivered(plan, change.record, error, now);
    // Kept until a reload takes the removal, so the next run reloads again.
    for (const row of removedRows) {
      plan.records.set(keyOf(row), { ...row, status: 'removing', error });
    }
  }
}
