import {
  EntityAlertRulesResponse,
  RuleDeliveryView,
  RuleLiveState,
  RuleValidation,
} from '@stagewatch/backstage-plugin-observability-common';
import { DeliveryTarget } from './delivery/deliveryTargets';
import { LiveRule, RuleDeliveryRecord } from './RuleDeliveryStore';
import { validationError } from './RuleValidator';
import {
  AlertRulesConfig,
  EntityDesiredRules,
  contentHash,
  ruleFileYaml,
  toRuleView,
} from '@stagewatch/backstage-plugin-observability-node';

/** Where the entity's rules stand, from its delivery record and its current rendering. */
export function deliveryView(options: {
  desired: EntityDesiredRules;
  validation: RuleValidation;
  rules: AlertRulesConfig;
  target?: DeliveryTarget;
  record?: RuleDeliveryRecord;
}): RuleDeliveryView {
  const { desired, validation, target, record } = options;
  const method = options.rules.delivery.get(desired.instance)?.type ?? 'none';
  if (!target || method === 'none') {
    return {
      instance: desired.instance,
      method: 'none',
      status: 'export-only',
    };
  }
  const view: RuleDeliveryView = {
    instance: desired.instance,
    method: target.method,
    status:
      record?.status === 'removing' ? 'pending' : record?.status ?? 'pending',
    location: record?.location ?? target.location(desired.entityRef),
    ...(record?.deliveredAt
      ? { deliveredAt: record.deliveredAt.toISOString() }
      : {}),
    ...(record?.contentHash ? { contentHash: record.contentHash } : {}),
    ...(record?.error ? { error: record.error } : {}),
  };
  const invalid = validationError(validation, desired.annotationError);
  if (invalid) {
    return {
      ...view,
      status: 'not-delivered',
      error: record?.error ?? `not delivered: ${invalid}`,
    };
  }
  const current = contentHash(ruleFileYaml([desired.group]));
  if (view.status === 'delivered' && record?.contentHash !== current) {
    // Rendered differently since the last run (a template or annotation changed): next run.
    return { ...view, status: 'pending' };
  }
  return view;
}

/** Live states matched to rendered rules by type and name, in group order. */
function liveStates(
  desired: EntityDesiredRules,
  record?: RuleDeliveryRecord,
): Array<RuleLiveState | undefined> {
  if (!record?.live || !record.liveCheckedAt)
    return desired.rules.map(() => undefined);
  const checkedAt = record.liveCheckedAt.toISOString();
  const unused: LiveRule[] = [...record.live];
  return desired.rules.map(({ rule }) => {
    const type = rule.alert !== undefined ? 'alerting' : 'recording';
    const name = rule.alert ?? rule.record;
    const i = unused.findIndex(l => l.type === type && l.name === name);
    if (i < 0) return { loaded: false, checkedAt };
    const [live] = unused.splice(i, 1);
    return {
      loaded: true,
      ...(live.health ? { health: live.health } : {}),
      ...(live.lastError ? { lastError: live.lastError } : {}),
      ...(live.lastEvaluation ? { lastEvaluation: live.lastEvaluation } : {}),
      ...(live.state ? { state: live.state } : {}),
      checkedAt,
    };
  });
}

export function entityAlertRulesResponse(options: {
  desired: EntityDesiredRules;
  validation: RuleValidation;
  rules: AlertRulesConfig;
  target?: DeliveryTarget;
  record?: RuleDeliveryRecord;
}): EntityAlertRulesResponse {
  const { desired, validation } = options;
  const live = liveStates(desired, options.record);
  return {
    entityRef: desired.entityRef,
    group: desired.group.name,
    rules: desired.rules.map((r, i) => toRuleView(r, live[i])),
    validation,
    ...(desired.annotationError
      ? { annotationError: desired.annotationError }
      : {}),
    delivery: deliveryView(options),
  };
}
