import type { Config } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ANNOTATION_ALERT_RECEIVER } from '@stagewatch/backstage-plugin-observability-common';
import { stringify } from 'yaml';

export const DEFAULT_PORTAL_RECEIVER = 'backstage';

/** An Alertmanager receiver exactly as alertmanager.yml writes it: a name and its settings. */
export interface AlertmanagerReceiver {
  name: string;
  [setting: string]: unknown;
}

export interface AlertmanagerRoutingConfig {
  /** `observability.alertmanager.receivers`: the only receivers a group may name. */
  receivers: AlertmanagerReceiver[];
  /** The receiver that posts to the portal's webhook; every alert continues to it. */
  portalReceiver: string;
}

/** A Group and the receiver its `observability/alert-receiver` annotation names. */
export interface OwningGroup {
  ref: string;
  receiver: string;
}

export interface AlertmanagerRoute {
  receiver: string;
  matchers?: string[];
  continue?: boolean;
  routes?: AlertmanagerRoute[];
}

export interface RenderedAlertmanagerRoutes {
  route: AlertmanagerRoute;
  receivers: AlertmanagerReceiver[];
  /** Groups left out, and why; also written into the YAML as comments. */
  warnings: string[];
  /** `route` and `receivers` as alertmanager.yml text, with the warnings as comments. */
  yaml: string;
}

/** Reads `observability.alertmanager.receivers` and `portalReceiver` once, at start-up. */
export function readAlertmanagerRoutingConfig(
  rootConfig: Config,
): AlertmanagerRoutingConfig {
  const config = rootConfig.getOptionalConfig('observability.alertmanager');
  const receivers: AlertmanagerReceiver[] = [];
  const names = new Set<string>();
  for (const [i, c] of (
    config?.getOptionalConfigArray('receivers') ?? []
  ).entries()) {
    const name = c.getString('name');
    if (!name.trim() || names.has(name)) {
      throw new InputError(
        `observability config: 'alertmanager.receivers[${i}].name' must be a unique non-empty name, got '${name}'`,
      );
    }
    names.add(name);
    receivers.push({ ...(c.get() as object), name });
  }
  return {
    receivers,
    portalReceiver:
      config?.getOptionalString('portalReceiver') ?? DEFAULT_PORTAL_RECEIVER,
  };
}

/** The Groups among `entities` whose annotation names a receiver (the text is not checked yet). */
export function owningGroups(entities: Entity[]): OwningGroup[] {
  return entities.flatMap(entity => {
    const receiver = entity.metadata.annotations?.[ANNOTATION_ALERT_RECEIVER];
    if (entity.kind.toLowerCase() !== 'group' || receiver === undefined) {
      return [];
    }
    return [{ ref: stringifyEntityRef(entity), receiver }];
  });
}

/**
 * Catalog text in a message or YAML comment: quoted, cut short and with everything but
 * printable ASCII escaped, so no annotation can break out of a comment line.
 */
function quoted(text: string): string {
  const short = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return JSON.stringify(short).replace(
    /[^\x20-\x7e]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A receiver with every setting shown as Alertmanager shows secrets, for readers of the tree. */
export function redactReceiver(
  receiver: AlertmanagerReceiver,
): AlertmanagerReceiver {
  const redact = (value: unknown): unknown => {
    if (typeof value === 'string') return '<secret>';
    if (Array.isArray(value)) return value.map(redact);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, redact(v)]),
      );
    }
    return value;
  };
  return { ...(redact(receiver) as object), name: receiver.name };
}

/**
 * The Alertmanager `route` subtree and `receivers` that send each owning group's alerts to the
 * receiver its Group names: one route per group matching the `owner` label that every rendered
 * rule carries, each with `continue: true`, then a catch-all route to the portal's receiver, so
 * every alert also reaches the portal. A group naming a receiver that is not configured (the
 * name must match exactly) is left out and reported; the others are unaffected.
 */
export function renderAlertmanagerRoutes(
  groups: OwningGroup[],
  routing: AlertmanagerRoutingConfig,
  options: { redactSecrets?: boolean } = {},
): RenderedAlertmanagerRoutes {
  const configured = new Map(routing.receivers.map(r => [r.name, r]));
  const warnings: string[] = [];
  const routes: AlertmanagerRoute[] = [];
  const used = new Set<string>();
  const sorted = [...groups].sort((a, b) => a.ref.localeCompare(b.ref));
  for (const { ref, receiver } of sorted) {
    if (!configured.has(receiver)) {
      warnings.push(
        `${ref} is left out: its ${ANNOTATION_ALERT_RECEIVER} annotation names receiver ${quoted(
          receiver,
        )}, which is not in observability.alertmanager.receivers (${
          [...configured.keys()].map(quoted).join(', ') || 'none configured'
        }); its alerts reach only the portal`,
      );
      continue;
    }
    // That group's alerts reach the portal anyway; a second route would notify it twice.
    if (receiver === routing.portalReceiver) continue;
    used.add(receiver);
    routes.push({
      receiver,
      matchers: [`owner=${JSON.stringify(ref)}`],
      continue: true,
    });
  }
  routes.push({ receiver: routing.portalReceiver, continue: true });
  const receivers = routing.receivers
    .filter(r => used.has(r.name) || r.name === routing.portalReceiver)
    .map(r => (options.redactSecrets ? redactReceiver(r) : r));
  const route: AlertmanagerRoute = { receiver: routing.portalReceiver, routes };
  const header = [
    'Alertmanager routes by owning group, rendered by Backstage observability from the catalog',
    `(Groups' ${ANNOTATION_ALERT_RECEIVER} annotation) and observability.alertmanager.receivers.`,
    ...(configured.has(routing.portalReceiver)
      ? []
      : [
          `Receiver ${quoted(
            routing.portalReceiver,
          )} (the portal's webhook) is not among them: define it in alertmanager.yml.`,
        ]),
    ...(options.redactSecrets
      ? [
          'Receiver settings are shown as <secret>; service credentials get them in full.',
        ]
      : []),
    ...warnings.map(w => `WARNING: ${w}`),
  ];
  const yaml = `${header.map(line => `# ${line}`).join('\n')}\n${stringify(
    { route, receivers },
    { lineWidth: 0 },
  )}`;
  return { route, receivers, warnings, yaml };
}
