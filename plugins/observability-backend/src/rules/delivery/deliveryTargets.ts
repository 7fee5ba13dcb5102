import { FilesRuleDelivery } from './FilesRuleDelivery';
import { RulerClient } from './RulerClient';
import {
  AlertRulesConfig,
  ObservabilityConfig,
  ruleLocationStem,
} from '@stagewatch/backstage-plugin-observability-node';

/** One instance's way of receiving rules, and where its `/api/v1/rules` is read back. */
export type DeliveryTarget = {
  instance: string;
  location(entityRef: string): string;
  readBack: { apiBaseUrl: string; headers: Record<string, string> };
} & (
  | { method: 'files'; files: FilesRuleDelivery }
  | { method: 'ruler'; ruler: RulerClient }
);

/** The targets of every instance whose delivery is `files` or `ruler` (not `none`). */
export function deliveryTargets(
  config: ObservabilityConfig,
  rules: AlertRulesConfig,
): Map<string, DeliveryTarget> {
  const targets = new Map<string, DeliveryTarget>();
  for (const delivery of rules.delivery.values()) {
    const instance = config.instances.find(i => i.name === delivery.instance);
    if (delivery.type === 'files') {
      const files = new FilesRuleDelivery(delivery);
      targets.set(delivery.instance, {
        instance: delivery.instance,
        method: 'files',
        files,
        location: ref => files.location(ref),
        readBack: {
          apiBaseUrl: instance?.apiBaseUrl ?? delivery.reloadUrl,
          headers: instance?.headers ?? {},
        },
      });
    } else if (delivery.type === 'ruler') {
      const ruler = new RulerClient(delivery);
      targets.set(delivery.instance, {
        instance: delivery.instance,
        method: 'ruler',
        ruler,
        location: ruleLocationStem,
        readBack: ruler.readBack,
      });
    }
  }
  return targets;
}
