import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  parseAlertRulesAnnotation,
  RuleTemplateUse,
} from '@stagewatch/backstage-plugin-observability-common';
import { stringify } from 'yaml';

/**
 * How the rendered rules of the entities on one Prometheus instance get to it.
 *
 * @public
 */
export type RuleDeliveryConfig =
  | {
      type: 'files';
      instance: string;
      /** The rule directory the backend writes, one file per entity; Prometheus globs it. */
      directory: string;
      /** The instance's base URL for `POST /-/reload` (needs `--web.enable-lifecycle`). */
      reloadUrl: string;
    }
  | {
      type: 'ruler';
      instance: string;
      /** The ruler's base URL, e.g. https://mimir.example.com */
      baseUrl: string;
      /** Prefix of the rule config API: `/prometheus` for Mimir (default), empty for Cortex, `/loki` for Loki. */
      pathPrefix: string;
      /** Tenant (`X-Scope-OrgID`) and auth headers. */
      headers: Record<string, string>;
    }
  | { type: 'none'; instance: string };

/** @public */
export interface AlertRulesConfig {
  /** Template uses every entity with a Prometheus selector gets. */
  defaults: RuleTemplateUse[];
  /** Per instance name; instances without an entry are `none` (export only). */
  delivery: Map<string, RuleDeliveryConfig>;
  /** How often the delivery task reconciles; default 1 minute. */
  intervalSeconds: number;
  /** The promtool binary to check rules with before delivery; `false` in config: none. */
  promtool?: string;
}

/**
 * Defaults when config says nothing: the golden-signal alerts most services want.
 *
 * @public
 */
export const DEFAULT_RULE_USES: RuleTemplateUse[] = [
  { template: 'error-ratio' },
  { template: 'latency' },
  { template: 'target-down' },
  { template: 'slo-burn' },
];

/**
 * Reads `observability.alertRules`; a bad value stops the backend at start-up, naming the key.
 *
 * @public
 */
export function readAlertRulesConfig(
  root: Config,
  instanceBaseUrls: Map<string, string>,
): AlertRulesConfig {
  const config = root.getOptionalConfig('observability.alertRules');
  let defaults = DEFAULT_RULE_USES;
  if (config?.has('defaults')) {
    try {
      // The same shape and checks as the annotation, so both read alike.
      defaults = parseAlertRulesAnnotation(
        stringify(config.get('defaults')),
      ).filter(use => use.enabled !== false);
    } catch (e) {
      throw new InputError(
        `observability.alertRules.defaults: ${(e as Error).message.replace(
          /^observability\/alert-rules: /,
          '',
        )}`,
      );
    }
  }
  const delivery = new Map<string, RuleDeliveryConfig>();
  for (const c of config?.getOptionalConfigArray('delivery') ?? []) {
    const instance = c.getString('instance');
    const where = `observability.alertRules.delivery '${instance}'`;
    if (!instanceBaseUrls.has(instance)) {
      throw new InputError(
        `${where}: no Prometheus instance of that name; known: ${[
          ...instanceBaseUrls.keys(),
        ].join(', ')}`,
      );
    }
    if (delivery.has(instance)) {
      throw new InputError(`${where}: configured twice`);
    }
    const type = c.getString('type');
    if (type === 'files') {
      delivery.set(instance, {
        type,
        instance,
        directory: c.getString('directory'),
        reloadUrl: (
          c.getOptionalString('reloadUrl') ?? instanceBaseUrls.get(instance)!
        ).replace(/\/+$/, ''),
      });
    } else if (type === 'ruler') {
      const baseUrl = c.getString('baseUrl').replace(/\/+$/, '');
      if (!/^https?:\/\//.test(baseUrl)) {
        throw new InputError(
          `${where}: baseUrl must start with http:// or https://`,
        );
      }
      delivery.set(instance, {
        type,
        instance,
        baseUrl,
        pathPrefix: (
          c.getOptionalString('pathPrefix') ?? '/prometheus'
        ).replace(/\/+$/, ''),
        headers: c.getOptional<Record<string, string>>('headers') ?? {},
      });
    } else if (type === 'none') {
      delivery.set(instance, { type, instance });
    } else {
      throw new InputError(
        `${where}: type must be files, ruler or none, got '${type}'`,
      );
    }
  }
  const promtool = config?.getOptional('promtool');
  if (
    promtool !== undefined &&
    promtool !== false &&
    typeof promtool !== 'string'
  ) {
    throw new InputError(
      'observability.alertRules.promtool must be a path or false',
    );
  }
  const interval = config?.getOptionalString('interval') ?? '1m';
  const match = /^(\d+)(s|m|h)$/.exec(interval);
  if (!match) {
    throw new InputError(
      `observability.alertRules.interval must be a duration like 30s or 1m, got '${interval}'`,
    );
  }
  return {
    defaults,
    delivery,
    intervalSeconds:
      Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'],
    promtool:
      promtool === false
        ? undefined
        : (promtool as string | undefined) ?? 'promtool',
  };
}
