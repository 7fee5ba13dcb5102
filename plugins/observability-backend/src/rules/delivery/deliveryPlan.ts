import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { LoggerService } from '@backstage/backend-plugin-api';
import { RuleTemplate } from '@stagewatch/backstage-plugin-observability-common';
import { RuleDeliveryRecord } from '../RuleDeliveryStore';
import { RuleValidator, validationError } from '../RuleValidator';
import { DeliveryTarget } from './deliveryTargets';
import {
  EntityDesiredRules,
  EntityRulesRenderer,
  PromRuleGroup,
  groupFile,
} from '@stagewatch/backstage-plugin-observability-node';

export const keyOf = (r: { entityRef: string; instance: string }) =>
  `${r.entityRef}\n${r.instance}`;

/** An entity's new rules for one place. */
export interface DeliveryChange {
  record: RuleDeliveryRecord;
  yaml: string;
  group: PromRuleGroup;
  hash: string;
}

/** What one run does: filled by planDelivery, then updated by delivery and read-back. */
export interface DeliveryPlan {
  /** Records as they will be saved, by key. */
  records: Map<string, RuleDeliveryRecord>;
  changes: DeliveryChange[];
  /** Rows whose entity is gone (or moved, or no longer delivered here). */
  removals: RuleDeliveryRecord[];
  /** Instances where a last good file had to be put back (someone removed or edited it). */
  restored: Set<string>;
  unchanged: number;
}

export function markNotDelivered(
  plan: DeliveryPlan,
  record: RuleDeliveryRecord,
  error: string,
  now: Date,
) {
  plan.records.set(keyOf(record), {
    ...record,
    status: 'not-delivered',
    error,
    attemptedAt: now,
  });
}

export function markDelivered(
  plan: DeliveryPlan,
  change: DeliveryChange,
  now: Date,
) {
  plan.records.set(keyOf(change.record), {
    ...change.record,
    status: 'delivered',
    error: undefined,
    contentHash: change.hash,
    deliveredYaml: change.yaml,
    deliveredAt: now,
    attemptedAt: now,
  });
}

/*
 * Rendering a thousand entities takes seconds of CPU (every expression is parsed twice by the
 * scoping function). It runs in slices with a yield between them, so the backend keeps serving
 * requests, and each slice's promtool check starts as soon as the slice is rendered, so promtool
 * (another process, another core) checks one slice while the next is rendered.
 */
const SLICE = 250;
const yieldToEventLoop = () => new Promise<void>(r => setImmediate(r));

/** Renders and validates every entity's rules, for the places they are delivered to. */
async function renderAndValidate(
  entities: Entity[],
  input: {
    renderer: EntityRulesRenderer;
    templates: ReadonlyMap<string, RuleTemplate>;
    targets: ReadonlyMap<string, DeliveryTarget>;
    validator: RuleValidator;
    onRenderError(entityRef: string, error: Error): void;
  },
) {
  const slices: Array<
    Promise<{ desired: EntityDesiredRules; error?: string }[]>
  > = [];
  for (let from = 0; from < entities.length; from += SLICE) {
    const desired: EntityDesiredRules[] = [];
    for (const entity of entities.slice(from, from + SLICE)) {
      try {
        const rendered = input.renderer.render(entity, input.templates);
        // `none` instances are export only: nothing to validate or deliver here.
        if (input.targets.has(rendered.instance)) desired.push(rendered);
      } catch (e) {
        input.onRenderError(stringifyEntityRef(entity), e as Error);
      }
    }
    slices.push(
      input.validator.validateAll(desired).then(validations =>
        desired.map((d, i) => ({
          desired: d,
          error: validationError(validations[i], d.annotationError),
        })),
      ),
    );
    await yieldToEventLoop();
  }
  return (await Promise.all(slices)).flat();
}

/** What each entity should have where, compared with what was delivered. */
export async function planDelivery(input: {
  entities: Entity[];
  rows: RuleDeliveryRecord[];
  now: Date;
  renderer: EntityRulesRenderer;
  templates: ReadonlyMap<string, RuleTemplate>;
  targets: ReadonlyMap<string, DeliveryTarget>;
  validator: RuleValidator;
  logger: LoggerService;
}): Promise<DeliveryPlan> {
  const { rows, now, targets } = input;
  const rowsByKey = new Map(rows.map(r => [keyOf(r), r]));
  const plan: DeliveryPlan = {
    records: new Map(),
    changes: [],
    removals: [],
    restored: new Set(),
    unchanged: 0,
  };
  const checked = await renderAndValidate(input.entities, {
    ...input,
    // No usable scope: nothing new goes out; whatever was delivered before stays.
    onRenderError: (entityRef, e) => {
      for (const row of rows.filter(r => r.entityRef === entityRef)) {
        markNotDelivered(plan, row, e.message, now);
      }
    },
  });
  for (const { desired, error } of checked) {
    const target = targets.get(desired.instance)!;
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
    if (error) {
      markNotDelivered(
        plan,
        base,
        `not delivered, ${
          row?.contentHash
            ? 'the last good rules stay'
            : 'nothing delivered yet'
        }: ${error}`,
        now,
      );
      if (await restoreLastGood(target, base, input.logger))
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
      plan.records.set(key, { ...row, status: 'delivered', error: undefined });
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
async function restoreLastGood(
  target: DeliveryTarget,
  record: RuleDeliveryRecord,
  logger: LoggerService,
): Promise<boolean> {
  if (target.method !== 'files' || !record.deliveredYaml) return false;
  try {
    if ((await target.files.read(record.location)) === record.deliveredYaml)
      return false;
    await target.files.write(record.location, record.deliveredYaml);
    return true;
  } catch (e) {
    logger.warn(
      `Could not restore ${record.location}: ${(e as Error).message}`,
    );
    return false;
  }
}
