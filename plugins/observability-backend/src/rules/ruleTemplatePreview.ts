import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ParameterError,
  parseAlertRulesAnnotation,
  resolveParameters,
  RULE_TEMPLATE_ID_PATTERN,
  RulePreviewResponse,
  RuleTemplate,
} from '@stagewatch/backstage-plugin-observability-common';
import { z } from 'zod';
import { checkTemplateBody, draftBodySchema } from './ruleTemplateBody';
import { isBuiltinTemplate } from './RuleTemplateCatalog';
import {
  AlertRulesConfig,
  ObservabilityConfig,
  desiredEntityRules,
  ruleFileYaml,
  toRuleView,
  validateRendered,
} from '@stagewatch/backstage-plugin-observability-node';

/** `POST /rule-templates/preview` body. */
export const previewBody = z
  .object({
    entityRef: z.string().min(1, 'is required').max(512),
    template: z.string().max(64).optional(),
    params: z.record(z.unknown()).optional(),
    draft: draftBodySchema.optional(),
    annotation: z
      .string()
      .max(64 * 1024)
      .optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    const given = [b.template, b.draft, b.annotation].filter(
      v => v !== undefined,
    ).length;
    if (given === 0 || (b.template !== undefined && given > 1)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['template'],
        message:
          'give one of template (with params), draft (with params or annotation) or annotation',
      });
    }
    if (b.params !== undefined && b.annotation !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['params'],
        message: 'params go into the annotation when one is given',
      });
    }
  });

/**
 * The rules an entity would get, rendered and validated, without changing anything: one
 * template's (with params), a draft's (checked like a create), or those of an edited
 * `observability/alert-rules` annotation, which may use a draft. The entity is loaded with the
 * caller's credentials (404 if they cannot see it).
 */
export async function previewRules(
  input: z.infer<typeof previewBody>,
  options: {
    credentials: BackstageCredentials;
    catalog: CatalogService;
    config: ObservabilityConfig;
    alertRules: AlertRulesConfig;
    templates: ReadonlyMap<string, RuleTemplate>;
  },
): Promise<RulePreviewResponse> {
  const { credentials, catalog, alertRules } = options;
  let ref;
  try {
    ref = parseEntityRef(input.entityRef);
  } catch (e) {
    throw new InputError(`Invalid preview: entityRef: ${(e as Error).message}`);
  }
  const entity = await catalog.getEntityByRef(ref, { credentials });
  if (!entity) {
    throw new NotFoundError(`No entity ${stringifyEntityRef(ref)}`);
  }
  const known = new Map(options.templates);
  let use: string | undefined = input.template;
  if (input.draft) {
    const id = input.draft.id ?? 'draft';
    if (!RULE_TEMPLATE_ID_PATTERN.test(id)) {
      throw new InputError(
        'Invalid preview: draft.id: must be lower-case words joined by dashes',
      );
    }
    if (isBuiltinTemplate(id)) {
      throw new InputError(
        `Invalid preview: draft.id: '${id}' is a built-in template; a draft cannot replace it`,
      );
    }
    const body = await checkTemplateBody(id, input.draft, {
      promtool: alertRules.promtool,
      fieldPrefix: 'draft.',
    });
    known.set(id, {
      ...body,
      id,
      source: 'custom',
      version: (known.get(id)?.version ?? 0) + 1,
    });
    if (input.annotation === undefined) use = id;
  }
  if (use !== undefined) {
    const template = known.get(use);
    if (!template) {
      throw new InputError(
        `Invalid preview: template: no rule template '${use}'`,
      );
    }
    try {
      resolveParameters(template.parameters, input.params);
    } catch (e) {
      if (e instanceof ParameterError) {
        throw new InputError(`Invalid preview: ${e.message}`);
      }
      throw e;
    }
  }
  if (input.annotation !== undefined) {
    try {
      parseAlertRulesAnnotation(input.annotation);
    } catch (e) {
      throw new InputError(
        `Invalid preview: annotation: ${(e as Error).message}`,
      );
    }
  }
  const rendered = desiredEntityRules(entity, {
    config: options.config,
    rules:
      use === undefined
        ? alertRules
        : {
            ...alertRules,
            defaults: [{ template: use, params: input.params }],
          },
    templates: known,
    // Only the one use: the entity's own annotation does not add to it.
    annotationOverride: use === undefined ? input.annotation : '',
  });
  return {
    yaml: ruleFileYaml([rendered.group]),
    rules: rendered.rules.map(r => toRuleView(r)),
    validation: await validateRendered(rendered, alertRules.promtool),
  };
}
