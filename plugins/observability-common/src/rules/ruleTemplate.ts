/**
 * Alert-rule templates: a named, versioned rule-group skeleton plus a parameter schema. The
 * backend renders a template for an entity by filling the parameters, putting the entity's
 * profile signals where the template names them, and scoping every expression to the entity.
 */

/**
 * A JSON Schema property the renderer knows how to validate (see templateParameters.ts).
 *
 * @public
 */
export interface ParameterSchemaProperty {
  type: 'number' | 'string';
  /** `quantile` (between 0 and 1, exclusive), `ratio` (0 to 1) for numbers; `duration` or `uri` for strings. */
  format?: 'quantile' | 'ratio' | 'duration' | 'uri';
  enum?: string[];
  minimum?: number;
  maximum?: number;
  default?: number | string;
  title?: string;
  description?: string;
}

/**
 * The parameter schema of a template: a JSON Schema object with typed properties.
 *
 * @public
 */
export interface ParameterSchema {
  type: 'object';
  properties: Record<string, ParameterSchemaProperty>;
  required?: string[];
}

/**
 * One rule of the skeleton, in Prometheus' rule-file vocabulary. `expr` has no selectors; it may
 * use `${param}` (a parameter), `${param:seconds}` (a duration parameter as a number of seconds)
 * and `${signal:name}` (the entity's profile signal, see RULE_SIGNALS). `for`, `keep_firing_for`,
 * labels and annotations may use `${param}`; annotations also keep Prometheus' own
 * `{{ $labels.x }}` / `{{ $value }}` templating, evaluated by Prometheus when the alert fires.
 *
 * @public
 */
export interface RuleSkeleton {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** @public */
export interface RuleTemplateBody {
  title: string;
  description: string;
  parameters: ParameterSchema;
  rules: RuleSkeleton[];
}

/** @public */
export interface RuleTemplate extends RuleTemplateBody {
  id: string;
  /** Built-in templates live in code; custom ones in the database. */
  source: 'builtin' | 'custom';
  /** Built-in templates carry the plugin's template revision; custom ones count their edits. */
  version: number;
  deprecated?: boolean;
  /** Custom templates: who made this version and when (ISO time). */
  createdBy?: string;
  createdAt?: string;
}

/**
 * The signals a template can name with `${signal:…}`; the backend fills them from the profile.
 *
 * @public
 */
export const RULE_SIGNALS = [
  'requestRate',
  /** The request rate a week earlier (every range selector offset by 1w), for traffic drops. */
  'requestRateWeekAgo',
  'errorRate',
  'errorRatio',
  'latencyBuckets',
  'saturation',
  'liveness',
] as const;

/** @public */
export type RuleSignal = (typeof RULE_SIGNALS)[number];

/**
 * A use of a template by an entity: from config defaults or its `observability/alert-rules`.
 *
 * @public
 */
export interface RuleTemplateUse {
  template: string;
  params?: Record<string, unknown>;
  /** `false` switches a default off. */
  enabled?: boolean;
}

/**
 * Template ids: lower-case words with dashes, as in `error-ratio`.
 *
 * @public
 */
export const RULE_TEMPLATE_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
