import {
  EntityRuleView,
  RuleLiveState,
  RuleValidation,
  safeHttpUrl,
} from '@internal/backstage-plugin-observability-common';
import { promtoolCheckRuleFiles, promtoolCheckRules } from './promtoolCheck';
import {
  RenderedEntityRules,
  RenderedRule,
  ruleFileYaml,
} from './renderEntityRules';

/** A rendered rule as the API shows it; `live` comes from the read-back of `/api/v1/rules`. */
export function toRuleView(
  rendered: RenderedRule,
  live?: RuleLiveState,
): EntityRuleView {
  const { rule } = rendered;
  const runbookUrl = safeHttpUrl(rule.annotations?.runbook_url);
  return {
    name: rule.alert ?? rule.record ?? '',
    type: rule.alert !== undefined ? 'alerting' : 'recording',
    template: rendered.template,
    templateVersion: rendered.templateVersion,
    params: rendered.params,
    expr: rule.expr,
    ...(rule.for !== undefined ? { for: rule.for } : {}),
    ...(rule.labels?.severity !== undefined && rule.alert !== undefined
      ? { severity: rule.labels.severity }
      : {}),
    ...(runbookUrl ? { runbookUrl } : {}),
    labels: rule.labels ?? {},
    annotations: rule.annotations ?? {},
    ...(live ? { live } : {}),
  };
}

/**
 * The validation of an entity's rendered group: the renderer's problems, then promtool on the
 * file that would be delivered. The group is valid only when both pass (promtool unavailable
 * counts as passing: the plugin's own checks ran).
 */
export async function validateRendered(
  rendered: RenderedEntityRules,
  promtool: string | undefined,
): Promise<RuleValidation> {
  const result =
    rendered.group.rules.length > 0
      ? await promtoolCheckRules(ruleFileYaml([rendered.group]), promtool)
      : ({ status: 'passed' } as const);
  return {
    valid: rendered.problems.length === 0 && result.status !== 'failed',
    problems: rendered.problems,
    promtool: result.status,
    ...(result.status === 'failed' ? { promtoolMessage: result.message } : {}),
  };
}

/**
 * validateRendered for many entities with ONE promtool run (a delivery run over a thousand
 * entities would otherwise start a thousand processes). Keyed by entity ref.
 */
export async function validateRenderedAll(
  all: ReadonlyArray<RenderedEntityRules>,
  promtool: string | undefined,
): Promise<Map<string, RuleValidation>> {
  const withRules = all.filter(r => r.group.rules.length > 0);
  const checked = await promtoolCheckRuleFiles(
    withRules.map(r => ({ key: r.entityRef, yaml: ruleFileYaml([r.group]) })),
    promtool,
  );
  const validations = new Map<string, RuleValidation>();
  for (const rendered of all) {
    const result =
      checked.get(rendered.entityRef) ?? ({ status: 'passed' } as const);
    validations.set(rendered.entityRef, {
      valid: rendered.problems.length === 0 && result.status !== 'failed',
      problems: rendered.problems,
      promtool: result.status,
      ...(result.status === 'failed'
        ? { promtoolMessage: result.message }
        : {}),
    });
  }
  return validations;
}
