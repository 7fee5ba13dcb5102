import { basename } from 'node:path';
import { DeliveryPlan, keyOf } from './deliveryPlan';
import { DeliveryTarget } from './deliveryTargets';
import { readRuleGroups } from './readRuleGroups';
import { ruleGroupName } from '@stagewatch/backstage-plugin-observability-node';

/**
 * Delivered is not loaded: reads the instance's rule groups back and records each entity's
 * rules as Prometheus runs them. Answers the run-level error, if any.
 */
export async function readBackPlan(
  target: DeliveryTarget,
  plan: DeliveryPlan,
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
