import { Config } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { RuleValidation } from '@stagewatch/backstage-plugin-observability-common';
import { readObservabilityConfig } from '../config/readObservabilityConfig';
import { grafanaDashboard } from '../dashboards/grafanaDashboard';
import { resolveEntityScope } from '../entities/resolveEntityScope';
import { readAlertRulesConfig } from '../rules/alertRulesConfig';
import { builtinTemplates } from '../rules/builtinTemplates';
import { desiredEntityRules } from '../rules/EntityRulesService';
import { ruleFileYaml } from '../rules/renderEntityRules';
import { ruleUnitTests } from '../rules/ruleUnitTests';
import { validateRendered } from '../rules/ruleViews';
import { readEntitySlos } from '../slo/entitySlos';

/**
 * What the rule renderer reports for a new entity's rules.
 *
 * @public
 */
export interface ServiceRuleFiles {
  entityRef: string;
  /** The Prometheus instance the backend will deliver the rules to once the entity exists. */
  instance: string;
  ruleFileName: string;
  /** The rule file, exactly the group the backend delivers for the entity. */
  ruleFile: string;
  /** A `promtool test rules` file for `ruleFile`, or why there is none. */
  testFile?: string;
  tests: string[];
  testsSkipped?: string;
  alerts: number;
  recordingRules: number;
  /** The renderer's problems and `promtool check rules` on the file. */
  validation: RuleValidation;
}

/**
 * The config the backend itself runs with, read the same way, so a rendering in the scaffolder
 * is the one the backend will deliver (same profiles, instances and rule defaults).
 */
function readConfigs(config: Config) {
  const observability = readObservabilityConfig(config);
  const rules = readAlertRulesConfig(
    config,
    new Map(observability.instances.map(i => [i.name, i.apiBaseUrl])),
  );
  return { observability, rules };
}

const fileSafe = (entityRef: string) =>
  entityRef.replace(/[^a-zA-Z0-9_.-]+/g, '-');

/**
 * Renders an entity's alert and SLO rules with the code and config the backend delivers with
 * (built-in templates; a custom template is known to the backend's database only, and an entity
 * using one gets it when the backend delivers), checks them with promtool and writes a unit-test
 * file for them. An entity without a usable scope is an InputError naming the annotation.
 *
 * @public
 */
export async function renderServiceRules(options: {
  entity: Entity;
  config: Config;
}): Promise<ServiceRuleFiles> {
  const { observability, rules } = readConfigs(options.config);
  const templates = new Map(builtinTemplates.map(t => [t.id, t]));
  const desired = desiredEntityRules(options.entity, {
    config: observability,
    rules,
    templates,
  });
  if (desired.annotationError) {
    throw new InputError(desired.annotationError);
  }
  const slos = readEntitySlos(options.entity);
  if (slos.status === 'invalid') throw new InputError(slos.error);
  const target = resolveEntityScope(options.entity, observability);
  const ruleFileName = `${fileSafe(desired.entityRef)}.rules.yml`;
  const validation = await validateRendered(desired, rules.promtool);
  const tests = ruleUnitTests({
    ruleFileName,
    rendered: desired,
    matchers: target.matchers,
    profile: target.profile,
    slos: slos.status === 'ok' ? slos.slos : [],
  });
  return {
    entityRef: desired.entityRef,
    instance: desired.instance,
    ruleFileName,
    ruleFile: ruleFileYaml([desired.group]),
    ...('file' in tests
      ? { testFile: tests.file, tests: tests.tests }
      : { tests: [], testsSkipped: tests.skipped }),
    alerts: desired.group.rules.filter(r => r.alert).length,
    recordingRules: desired.group.rules.filter(r => r.record).length,
    validation,
  };
}

/**
 * The entity's Grafana dashboard, as `GET /entities/…/dashboards/grafana` serves it. `config` is
 * the root config: the portal's `app.baseUrl` links the dashboard back to the entity's page.
 *
 * @public
 */
export function serviceGrafanaDashboard(options: {
  entity: Entity;
  config: Config;
}) {
  const { observability } = readConfigs(options.config);
  return entityGrafanaDashboard(
    options.entity,
    observability,
    options.config.getOptionalString('app.baseUrl'),
  );
}

/** @public */
export function entityGrafanaDashboard(
  entity: Entity,
  observability: ReturnType<typeof readObservabilityConfig>,
  appBaseUrl: string | undefined,
) {
  const target = resolveEntityScope(entity, observability);
  const slos = readEntitySlos(entity);
  if (slos.status === 'invalid') throw new InputError(slos.error);
  const namespace = entity.metadata.namespace ?? 'default';
  return grafanaDashboard({
    entityRef: stringifyEntityRef(entity),
    title: entity.metadata.title ?? entity.metadata.name,
    matchers: target.matchers,
    profile: target.profile,
    slos: slos.status === 'ok' ? slos.slos : [],
    entityUrl: appBaseUrl
      ? `${appBaseUrl.replace(/\/+$/, '')}/catalog/${encodeURIComponent(
          namespace,
        )}/${encodeURIComponent(
          entity.kind.toLocaleLowerCase('en-US'),
        )}/${encodeURIComponent(entity.metadata.name)}`
      : undefined,
  });
}
