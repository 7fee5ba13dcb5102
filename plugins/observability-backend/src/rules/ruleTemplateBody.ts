import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  checkParameterSchema,
  ParameterError,
  ParameterSchemaProperty,
  ParameterValue,
  parsePromDuration,
  parseSelector,
  RuleTemplate,
  RuleTemplateBody,
} from '@stagewatch/backstage-plugin-observability-common';
import { z } from 'zod';
import {
  promClientHttpProfile,
  promtoolCheckRules,
  renderEntityRules,
  ruleFileYaml,
} from '@stagewatch/backstage-plugin-observability-node';

export const MAX_TEMPLATE_RULES = 50;
const MAX_PARAMETERS = 50;
const MAX_MAP_ENTRIES = 64;

/** `rules[0].expr`, as the renderer names fields. */
const textMap = (maxLength: number) =>
  z
    .record(z.string().max(maxLength, `is at most ${maxLength} characters`))
    .refine(m => Object.keys(m).length <= MAX_MAP_ENTRIES, {
      message: `has at most ${MAX_MAP_ENTRIES} entries`,
    });

const propertySchema = z
  .object({
    type: z.enum(['number', 'string']),
    format: z.enum(['quantile', 'ratio', 'duration', 'uri']).optional(),
    enum: z.array(z.string()).max(50).optional(),
    minimum: z.number().finite().optional(),
    maximum: z.number().finite().optional(),
    default: z.union([z.number(), z.string()]).optional(),
    title: z.string().max(200).optional(),
    description: z.string().max(2000).optional(),
  })
  .strict();

const parametersSchema = z
  .object({
    type: z.literal('object'),
    properties: z
      .record(propertySchema)
      .refine(p => Object.keys(p).length <= MAX_PARAMETERS, {
        message: `has at most ${MAX_PARAMETERS} parameters`,
      }),
    required: z.array(z.string()).max(MAX_PARAMETERS).optional(),
  })
  .strict();

const ruleSkeletonSchema = z
  .object({
    alert: z.string().min(1).max(200).optional(),
    record: z.string().min(1).max(200).optional(),
    expr: z
      .string()
      .trim()
      .min(1, 'must be a PromQL expression')
      .max(8192, 'is at most 8192 characters'),
    for: z.string().max(64).optional(),
    keep_firing_for: z.string().max(64).optional(),
    labels: textMap(1024).optional(),
    annotations: textMap(4096).optional(),
  })
  .strict()
  .refine(r => (r.alert === undefined) !== (r.record === undefined), {
    message: 'a rule has either alert (an alerting rule) or record, not both',
  });

const bodyFields = {
  title: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(200, 'is at most 200 characters'),
  description: z.string().max(2000, 'is at most 2000 characters').default(''),
  parameters: parametersSchema.default({ type: 'object', properties: {} }),
  rules: z
    .array(ruleSkeletonSchema)
    .min(1, 'must list at least one rule')
    .max(MAX_TEMPLATE_RULES, `has at most ${MAX_TEMPLATE_RULES} rules`),
};

/** A draft template body, as previews take it (`id` optional). */
export const draftBodySchema = z
  .object({ id: z.string().max(64).optional(), ...bodyFields })
  .strict();

/** `POST /rule-templates` */
export const createBodySchema = z
  .object({
    id: z.string({ required_error: 'is required' }).max(64),
    ...bodyFields,
    deprecated: z.boolean().optional(),
  })
  .strict();

/** `PUT /rule-templates/:id`: the id comes from the path (repeating it is allowed). */
export const updateBodySchema = z
  .object({
    id: z.string().max(64).optional(),
    ...bodyFields,
    deprecated: z.boolean().optional(),
  })
  .strict();

const bodyOf = (t: z.infer<typeof draftBodySchema>): RuleTemplateBody => ({
  title: t.title,
  description: t.description,
  parameters: t.parameters as RuleTemplateBody['parameters'],
  rules: t.rules,
});

/** A value of the parameter's kind that its own checks accept, for a trial rendering. */
function representativeValue(prop: ParameterSchemaProperty): ParameterValue {
  if (prop.default !== undefined) return prop.default;
  if (prop.enum) return prop.enum[0];
  const within = (value: number) =>
    Math.min(
      Math.max(value, prop.minimum ?? -Infinity),
      prop.maximum ?? Infinity,
    );
  if (prop.type === 'number') {
    if (prop.format === 'quantile') return within(0.99);
    if (prop.format === 'ratio') return within(0.5);
    return within(1);
  }
  if (prop.format === 'duration') {
    const seconds = within(300);
    return parsePromDuration(`${seconds}s`) !== undefined
      ? `${seconds}s`
      : '5m';
  }
  if (prop.format === 'uri') return 'https://runbooks.example.com/check';
  return 'rule-template-check';
}

/** The scope a template is tried on: no real entity, a selector only this check uses. */
const CHECK_ENTITY: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'rule-template-check', namespace: 'default' },
  spec: { owner: 'group:default/rule-template-check' },
};
const CHECK_TARGET = {
  entityRef: 'component:default/rule-template-check',
  matchers: parseSelector('{job="rule-template-check"}'),
  profile: promClientHttpProfile,
};

/**
 * Checks a template body before it is stored or previewed: the shape (zod, unknown fields
 * refused), the parameter schema, then a trial rendering on a synthetic scope with every
 * parameter given (its default or a valid value of its kind) and with required ones only, and
 * `promtool check rules` on the result where promtool is installed. Any failure is a 400 naming
 * the rule index and field (and line and column for template text).
 */
export async function checkTemplateBody(
  id: string,
  input: z.infer<typeof draftBodySchema>,
  options: {
    promtool: string | undefined;
    /** Names the body in messages: `draft.` for a preview's draft. */
    fieldPrefix?: string;
  },
): Promise<RuleTemplateBody> {
  const body = bodyOf(input);
  const prefix = options.fieldPrefix ?? '';
  const invalid = (messages: string[], context = '') =>
    new InputError(
      `Invalid rule template: ${context}${messages
        .map(m => `${prefix}${m}`)
        .join('; ')}`,
    );
  try {
    checkParameterSchema(body.parameters);
  } catch (e) {
    if (e instanceof ParameterError) throw invalid([e.message]);
    throw e;
  }
  const template: RuleTemplate = { ...body, id, source: 'custom', version: 1 };
  const templates = new Map([[id, template]]);
  const properties = Object.entries(body.parameters.properties);
  const every = Object.fromEntries(
    properties.map(([name, prop]) => [name, representativeValue(prop)]),
  );
  const requiredOnly = Object.fromEntries(
    properties
      .filter(([name]) => body.parameters.required?.includes(name))
      .map(([name, prop]) => [name, representativeValue(prop)]),
  );
  const render = (params: Record<string, ParameterValue>) =>
    renderEntityRules({
      entity: CHECK_ENTITY,
      target: CHECK_TARGET,
      uses: [{ template: id, params }],
      templates,
      slos: [],
    });
  const full = render(every);
  if (full.problems.length > 0) {
    throw invalid(full.problems.map(p => p.message));
  }
  const minimal = render(requiredOnly);
  if (minimal.problems.length > 0) {
    throw invalid(
      minimal.problems.map(p => p.message),
      'with only its required parameters given: ',
    );
  }
  const checked = await promtoolCheckRules(
    ruleFileYaml([full.group]),
    options.promtool,
  );
  if (checked.status === 'failed') {
    throw invalid([`rules: promtool check rules: ${checked.message}`]);
  }
  return body;
}
