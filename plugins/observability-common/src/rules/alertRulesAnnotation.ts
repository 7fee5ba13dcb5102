import type { Entity } from '@backstage/catalog-model';
import { parse } from 'yaml';
import { RULE_TEMPLATE_ID_PATTERN, RuleTemplateUse } from './ruleTemplate';

/** YAML list of rule-template uses: which alert rules the entity gets beyond the defaults. @public */
export const ANNOTATION_ALERT_RULES = 'observability/alert-rules';

/** Annotations are small; a list past this is a mistake, not a configuration. */
const MAX_USES = 50;
const MAX_LENGTH = 64 * 1024;

/** @public */
export class AlertRulesAnnotationError extends Error {
  constructor(message: string) {
    super(`${ANNOTATION_ALERT_RULES}: ${message}`);
    this.name = 'AlertRulesAnnotationError';
  }
}

/** @public */
export type AlertRulesAnnotation =
  | { status: 'none' }
  | { status: 'valid'; uses: RuleTemplateUse[] }
  | { status: 'invalid'; error: string };

/**
 * Parses `observability/alert-rules`. Each item is `{ template, params?, enabled? }`; an error
 * names the item (1-based), its template and the field. Whether the template exists and the
 * params fit its schema is checked when the rules are resolved, against the known templates.
 *
 * @public
 */
export function parseAlertRulesAnnotation(raw: string): RuleTemplateUse[] {
  if (raw.length > MAX_LENGTH) {
    throw new AlertRulesAnnotationError(
      `is longer than ${MAX_LENGTH} characters`,
    );
  }
  let doc: unknown;
  try {
    doc = parse(raw, { maxAliasCount: 10 });
  } catch (e) {
    throw new AlertRulesAnnotationError(
      `is not valid YAML: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  if (doc === null || doc === undefined) return [];
  if (!Array.isArray(doc)) {
    throw new AlertRulesAnnotationError(
      'must be a YAML list of { template, params, enabled } items',
    );
  }
  if (doc.length > MAX_USES) {
    throw new AlertRulesAnnotationError(`has more than ${MAX_USES} items`);
  }
  const seen = new Set<string>();
  return doc.map((item, i) => {
    const where = `item ${i + 1}`;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      throw new AlertRulesAnnotationError(
        `${where}: must be a mapping like { template: error-ratio, params: { threshold: 0.02 } }`,
      );
    }
    const { template, params, enabled, ...rest } = item as Record<
      string,
      unknown
    >;
    if (
      typeof template !== 'string' ||
      !RULE_TEMPLATE_ID_PATTERN.test(template)
    ) {
      throw new AlertRulesAnnotationError(
        `${where}: template must be a template id like error-ratio, got ${JSON.stringify(
          template,
        )}`,
      );
    }
    const named = `${where} (${template})`;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) {
      throw new AlertRulesAnnotationError(
        `${named}: unknown field ${unknown[0]} (fields are template, params, enabled)`,
      );
    }
    if (seen.has(template)) {
      throw new AlertRulesAnnotationError(`${named}: template is listed twice`);
    }
    seen.add(template);
    if (
      params !== undefined &&
      (params === null || typeof params !== 'object' || Array.isArray(params))
    ) {
      throw new AlertRulesAnnotationError(`${named}: params must be a mapping`);
    }
    if (enabled !== undefined && typeof enabled !== 'boolean') {
      throw new AlertRulesAnnotationError(
        `${named}: enabled must be true or false`,
      );
    }
    const use: RuleTemplateUse = { template };
    if (params !== undefined) use.params = params as Record<string, unknown>;
    if (enabled !== undefined) use.enabled = enabled;
    return use;
  });
}

/** The entity's `observability/alert-rules`, parsed; never throws. @public */
export function readAlertRulesAnnotation(entity: Entity): AlertRulesAnnotation {
  const raw = entity.metadata.annotations?.[ANNOTATION_ALERT_RULES];
  if (raw === undefined || raw.trim() === '') return { status: 'none' };
  try {
    return { status: 'valid', uses: parseAlertRulesAnnotation(raw) };
  } catch (e) {
    return { status: 'invalid', error: (e as Error).message };
  }
}

/**
 * The uses an entity renders: config defaults, then the annotation's items, which override a
 * default's params (merged) or switch it off (`enabled: false`), or add templates.
 *
 * @public
 */
export function mergeRuleTemplateUses(
  defaults: RuleTemplateUse[],
  annotation: RuleTemplateUse[],
): RuleTemplateUse[] {
  const merged = new Map<string, RuleTemplateUse>();
  for (const use of defaults) merged.set(use.template, { ...use });
  for (const use of annotation) {
    const base = merged.get(use.template);
    merged.set(use.template, {
      template: use.template,
      params: { ...(base?.params ?? {}), ...(use.params ?? {}) },
      enabled: use.enabled ?? base?.enabled ?? true,
    });
  }
  return [...merged.values()].filter(use => use.enabled !== false);
}
