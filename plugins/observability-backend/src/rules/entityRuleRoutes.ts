import { HttpAuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_PROMETHEUS_SELECTOR } from '@stagewatch/backstage-plugin-observability-common';
import express from 'express';
import { z } from 'zod';
import { parseInput } from '../service/parseInput';
import { deliveryTargets } from './delivery/deliveryTargets';
import { entityAlertRulesResponse } from './entityRuleViews';
import { RuleDeliveryStore } from './RuleDeliveryStore';
import { RuleTemplateCatalog } from './RuleTemplateCatalog';
import { RuleValidator, validationError } from './RuleValidator';
import {
  AlertRulesConfig,
  ObservabilityConfig,
  PromRuleGroup,
  desiredEntityRules,
  ruleFileYaml,
} from '@stagewatch/backstage-plugin-observability-node';

export interface EntityRuleRouteDeps {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  config: ObservabilityConfig;
  rules: AlertRulesConfig;
  templates: RuleTemplateCatalog;
  store: RuleDeliveryStore;
  validator: RuleValidator;
  /** The route's entity, loaded with the caller's credentials (404 when they may not see it). */
  loadEntity: (req: express.Request) => Promise<Entity>;
}

const fileQuery = z.object({
  owner: z.string().min(1).optional(),
  system: z.string().min(1).optional(),
});

/** Every line of a message as a YAML comment: nothing in it can become YAML. */
const comment = (text: string) =>
  text
    .split(/\r?\n|\r/)
    .map(line => `#   ${line}`)
    .join('\n');

function ruleFile(
  groups: PromRuleGroup[],
  leftOut: Array<{ entityRef: string; error: string }>,
): string {
  const header = leftOut.length
    ? `# Left out, their rules fail validation:\n${leftOut
        .map(l => `# - ${l.entityRef}\n${comment(l.error)}`)
        .join('\n')}\n`
    : '';
  return `${header}${ruleFileYaml(groups)}`;
}

/**
 * The entity rule routes: an entity's rules with their delivery and live state, its rule file,
 * and one rule file for many entities (GitOps: the YAML goes into a repository).
 */
export function addEntityRuleRoutes(
  router: express.Router,
  deps: EntityRuleRouteDeps,
) {
  const targets = deliveryTargets(deps.config, deps.rules);

  async function render(entity: Entity) {
    const desired = desiredEntityRules(entity, {
      config: deps.config,
      rules: deps.rules,
      templates: await deps.templates.all(),
    });
    const validation = await deps.validator.validate(desired);
    return { desired, validation };
  }

  router.get(
    '/entities/:kind/:namespace/:name/alert-rules',
    async (req, res) => {
      const { desired, validation } = await render(await deps.loadEntity(req));
      const records = await deps.store.forEntity(desired.entityRef);
      res.json(
        entityAlertRulesResponse({
          desired,
          validation,
          rules: deps.rules,
          target: targets.get(desired.instance),
          record: records.find(r => r.instance === desired.instance),
        }),
      );
    },
  );

  router.get(
    '/entities/:kind/:namespace/:name/alert-rules/file',
    async (req, res) => {
      const { desired, validation } = await render(await deps.loadEntity(req));
      const error = validationError(validation, desired.annotationError);
      res
        .type('text/yaml')
        .send(
          error
            ? ruleFile([], [{ entityRef: desired.entityRef, error }])
            : ruleFile([desired.group], []),
        );
    },
  );

  router.get('/alert-rules/file', async (req, res) => {
    const q = parseInput(fileQuery, req.query, 'alert-rules file query');
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const filter: Record<string, string | symbol> = {
      [`metadata.annotations.${ANNOTATION_PROMETHEUS_SELECTOR}`]:
        CATALOG_FILTER_EXISTS,
    };
    try {
      if (q.owner) {
        filter['relations.ownedBy'] = stringifyEntityRef(
          parseEntityRef(q.owner, { defaultKind: 'group' }),
        );
      }
      if (q.system) {
        filter['relations.partOf'] = stringifyEntityRef(
          parseEntityRef(q.system, { defaultKind: 'system' }),
        );
      }
    } catch (e) {
      throw new InputError(
        `Invalid alert-rules file query: ${(e as Error).message}`,
      );
    }
    const { items } = await deps.catalog.getEntities(
      { filter, fields: ['kind', 'metadata', 'spec'] },
      { credentials },
    );
    const groups: PromRuleGroup[] = [];
    const leftOut: Array<{ entityRef: string; error: string }> = [];
    const sorted = [...items].sort((a, b) =>
      stringifyEntityRef(a).localeCompare(stringifyEntityRef(b)),
    );
    for (const entity of sorted) {
      try {
        const { desired, validation } = await render(entity);
        const error = validationError(validation, desired.annotationError);
        if (error) leftOut.push({ entityRef: desired.entityRef, error });
        else if (desired.group.rules.length > 0) groups.push(desired.group);
      } catch (e) {
        leftOut.push({
          entityRef: stringifyEntityRef(entity),
          error: (e as Error).message,
        });
      }
    }
    res.type('text/yaml').send(ruleFile(groups, leftOut));
  });
}
