import type { RuleTemplate, RuleTemplateBody } from './ruleTemplate';

/**
 * A problem with one template use of one entity: it is not rendered, validated or delivered.
 *
 * @public
 */
export interface RuleProblem {
  template: string;
  entityRef: string;
  message: string;
}

/** @public */
export interface RuleValidation {
  valid: boolean;
  problems: RuleProblem[];
  /** `promtool check rules` on the rendered file; `unavailable` where promtool is not installed. */
  promtool: 'passed' | 'failed' | 'unavailable';
  promtoolMessage?: string;
}

/**
 * What Prometheus (or the ruler) reports about a delivered rule, read from `/api/v1/rules`.
 *
 * @public
 */
export interface RuleLiveState {
  /** The rule is in the instance's rule groups. */
  loaded: boolean;
  health?: 'ok' | 'err' | 'unknown';
  lastError?: string;
  /** ISO time; absent before the first evaluation. */
  lastEvaluation?: string;
  /** Alerting rules only. */
  state?: 'inactive' | 'pending' | 'firing';
  /** When the backend last read the state back. */
  checkedAt: string;
}

/** @public */
export interface RuleDeliveryView {
  instance: string;
  method: 'files' | 'ruler' | 'none';
  /** `delivered`: written and reloaded/accepted; `not-delivered`: the last attempt failed (see error); `pending`: not attempted yet; `export-only`: method none. */
  status: 'delivered' | 'not-delivered' | 'pending' | 'export-only';
  /** The file path or ruler namespace. */
  location?: string;
  deliveredAt?: string;
  contentHash?: string;
  error?: string;
}

/** @public */
export interface EntityRuleView {
  name: string;
  type: 'alerting' | 'recording';
  template: string;
  templateVersion: number;
  params: Record<string, number | string>;
  /** The expression as delivered: scoped to the entity. */
  expr: string;
  for?: string;
  severity?: string;
  /** Only an http(s) URL; anything else is dropped. */
  runbookUrl?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  live?: RuleLiveState;
}

/**
 * `GET /entities/:kind/:namespace/:name/alert-rules`
 *
 * @public
 */
export interface EntityAlertRulesResponse {
  entityRef: string;
  /** The rule group's name, `backstage:<entity ref>`. */
  group: string;
  rules: EntityRuleView[];
  validation: RuleValidation;
  /** What is wrong with the `observability/alert-rules` annotation; the defaults still apply. */
  annotationError?: string;
  delivery: RuleDeliveryView;
}

/**
 * `GET /rule-templates`
 *
 * @public
 */
export interface RuleTemplateListResponse {
  templates: RuleTemplate[];
}

/**
 * `GET /rule-templates/:id`
 *
 * @public
 */
export interface RuleTemplateResponse {
  template: RuleTemplate;
  /** Entity refs whose rules use the template (defaults or annotation). */
  usedBy: string[];
}

/**
 * `GET /rule-templates/:id/versions`, newest first.
 *
 * @public
 */
export interface RuleTemplateVersionsResponse {
  id: string;
  versions: RuleTemplate[];
}

/**
 * `POST /rule-templates` body; `PUT /rule-templates/:id` takes the body without `id`.
 *
 * @public
 */
export interface RuleTemplateWriteRequest extends RuleTemplateBody {
  id?: string;
  deprecated?: boolean;
}

/**
 * `POST /rule-templates/preview`: render for one entity without changing anything. Give a
 * `template` id (with `params`), or a `draft` template body, or an edited `annotation` (the
 * whole `observability/alert-rules` value) to see the entity's resulting rules.
 *
 * @public
 */
export interface RulePreviewRequest {
  entityRef: string;
  template?: string;
  params?: Record<string, unknown>;
  draft?: RuleTemplateBody;
  annotation?: string;
}

/** @public */
export interface RulePreviewResponse {
  yaml: string;
  rules: EntityRuleView[];
  validation: RuleValidation;
}
