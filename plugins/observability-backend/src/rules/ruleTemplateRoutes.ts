import {
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ANNOTATION_PROMETHEUS_SELECTOR,
  mergeRuleTemplateUses,
  readAlertRulesAnnotation,
  RULE_TEMPLATE_ID_PATTERN,
  RuleTemplate,
  RuleTemplateListResponse,
  ruleTemplateManagePermission,
  RuleTemplateResponse,
  RuleTemplateVersionsResponse,
} from '@stagewatch/backstage-plugin-observability-common';
import express from 'express';
import {
  checkTemplateBody,
  createBodySchema,
  updateBodySchema,
} from './ruleTemplateBody';
import { parseInput } from '../service/parseInput';
import { isBuiltinTemplate, RuleTemplateCatalog } from './RuleTemplateCatalog';
import { checkCustomTemplateId, RuleTemplateStore } from './RuleTemplateStore';
import { previewBody, previewRules } from './ruleTemplatePreview';
import {
  AlertRulesConfig,
  ObservabilityConfig,
  builtinTemplates,
} from '@stagewatch/backstage-plugin-observability-node';

export interface RuleTemplateRoutesOptions {
  httpAuth: HttpAuthService;
  /** The plugin's own service credentials, to find every entity that uses a template. */
  auth: AuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  store: RuleTemplateStore;
  config: ObservabilityConfig;
  alertRules: AlertRulesConfig;
}

/** How many entity refs a 409 names before it says "and N more". */
const NAMED_IN_CONFLICT = 20;

const builtinImmutable = (id: string) =>
  new ConflictError(
    `'${id}' is a built-in template, defined in code: it cannot be edited or deleted; create a custom template with another id`,
  );

/**
 * Rule templates: built-in and custom, their versions, and previews against an entity. Reading
 * needs a signed-in user; writing also needs `observability.ruleTemplate.manage`, checked before
 * the body is looked at, and is attributed to the user. A body is stored only after it rendered
 * on a synthetic scope and passed promtool; a preview changes nothing.
 */
export function addRuleTemplateRoutes(
  router: express.Router,
  options: RuleTemplateRoutesOptions,
) {
  const { httpAuth, auth, permissions, catalog, store, alertRules } = options;
  const templates = new RuleTemplateCatalog(store);
  const userCredentials = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });

  /** The author of a write, after the permission check. */
  async function authorizeWrite(req: express.Request): Promise<string> {
    const credentials = await userCredentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: ruleTemplateManagePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Managing rule templates needs the ${ruleTemplateManagePermission.name} permission`,
      );
    }
    return credentials.principal.userEntityRef;
  }

  async function findTemplate(id: string): Promise<RuleTemplate> {
    const template = RULE_TEMPLATE_ID_PATTERN.test(id)
      ? (await templates.all()).get(id)
      : undefined;
    if (!template) throw new NotFoundError(`No rule template '${id}'`);
    return template;
  }

  async function findCustom(id: string): Promise<RuleTemplate> {
    if (isBuiltinTemplate(id)) throw builtinImmutable(id);
    const template = RULE_TEMPLATE_ID_PATTERN.test(id)
      ? await store.get(id)
      : undefined;
    if (!template) throw new NotFoundError(`No custom rule template '${id}'`);
    return template;
  }

  /**
   * Every entity whose rules use the template: config defaults merged with each entity's
   * annotation, over all entities with a selector (the plugin's own credentials, so a delete
   * is refused also for entities the caller cannot see).
   */
  async function usedBy(id: string): Promise<string[]> {
    const { items } = await catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${ANNOTATION_PROMETHEUS_SELECTOR}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
        ],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    return items
      .filter(entity => {
        const annotation = readAlertRulesAnnotation(entity);
        return mergeRuleTemplateUses(
          alertRules.defaults,
          annotation.status === 'valid' ? annotation.uses : [],
        ).some(use => use.template === id);
      })
      .map(entity => stringifyEntityRef(entity))
      .sort();
  }

  router.get('/rule-templates', async (req, res) => {
    await userCredentials(req);
    const body: RuleTemplateListResponse = {
      templates: [...(await templates.all()).values()],
    };
    res.json(body);
  });

  router.post('/rule-templates', async (req, res) => {
    const author = await authorizeWrite(req);
    const input = parseInput(createBodySchema, req.body, 'rule template');
    const id = checkCustomTemplateId(input.id);
    const created = await store.create(
      {
        id,
        deprecated: input.deprecated,
        ...(await checkTemplateBody(id, input, {
          promtool: alertRules.promtool,
        })),
      },
      author,
    );
    res.status(201).json({ template: created, usedBy: [] });
  });

  router.post('/rule-templates/preview', async (req, res) => {
    const credentials = await userCredentials(req);
    const input = parseInput(previewBody, req.body, 'preview');
    res.json(
      await previewRules(input, {
        credentials,
        catalog,
        config: options.config,
        alertRules,
        templates: await templates.all(),
      }),
    );
  });

  router.get('/rule-templates/:id', async (req, res) => {
    await userCredentials(req);
    const template = await findTemplate(req.params.id);
    const body: RuleTemplateResponse = {
      template,
      usedBy: await usedBy(template.id),
    };
    res.json(body);
  });

  router.put('/rule-templates/:id', async (req, res) => {
    const author = await authorizeWrite(req);
    const { id } = req.params;
    await findCustom(id);
    const input = parseInput(updateBodySchema, req.body, 'rule template');
    if (input.id !== undefined && input.id !== id) {
      throw new InputError(
        `Invalid rule template: id: is '${id}' from the path; a template cannot be renamed`,
      );
    }
    const template = await store.update(
      id,
      {
        deprecated: input.deprecated,
        ...(await checkTemplateBody(id, input, {
          promtool: alertRules.promtool,
        })),
      },
      author,
    );
    const body: RuleTemplateResponse = { template, usedBy: await usedBy(id) };
    res.json(body);
  });

  router.delete('/rule-templates/:id', async (req, res) => {
    const author = await authorizeWrite(req);
    const { id } = req.params;
    await findCustom(id);
    const users = await usedBy(id);
    if (users.length > 0) {
      const named = users.slice(0, NAMED_IN_CONFLICT).join(', ');
      const more =
        users.length > NAMED_IN_CONFLICT
          ? ` and ${users.length - NAMED_IN_CONFLICT} more`
          : '';
      throw new ConflictError(
        `Rule template '${id}' is used by ${named}${more}; remove it from their observability/alert-rules annotations (and from observability.alertRules.defaults) first`,
      );
    }
    await store.delete(id, author);
    res.status(204).end();
  });

  router.get('/rule-templates/:id/versions', async (req, res) => {
    await userCredentials(req);
    const { id } = req.params;
    const builtin = builtinTemplates.find(t => t.id === id);
    const versions = builtin ? [builtin] : await store.versions(id);
    if (versions.length === 0) {
      throw new NotFoundError(`No rule template '${id}'`);
    }
    const body: RuleTemplateVersionsResponse = { id, versions };
    res.json(body);
  });
}
