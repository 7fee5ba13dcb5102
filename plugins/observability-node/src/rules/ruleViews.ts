import { availableParallelism } from 'node:os';
import {
  EntityRuleView,
  RuleLiveState,
  RuleValidation,
  safeHttpUrl,
} from '@stagewatch/backstage-plugin-observability-common';
import { groupFile } from './groupFile';
import {
  promtoolCheckRuleFiles,
  promtoolCheckRules,
  PromtoolResult,
} from './promtoolCheck';
import { promtoolCheckFile } from './promtoolFile';
import { RenderedEntityRules, RenderedRule } from './renderEntityRules';

/**
 * A rendered rule as the API shows it; `live` comes from the read-back of `/api/v1/rules`.
 *
 * @public
 */
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
 * file that would be delivered (first less the entries that cannot fail: promtoolFile). The group is valid only when both pass (promtool unavailable
 * counts as passing: the plugin's own checks ran).
 *
 * @public
 */
export async function validateRendered(
  rendered: RenderedEntityRules,
  promtool: string | undefined,
): Promise<RuleValidation> {
  let result: PromtoolResult = { status: 'passed' };
  if (rendered.group.rules.length > 0) {
    result = await promtoolCheckRules(
      promtoolCheckFile(rendered.group),
      promtool,
    );
    // promtool's verdict and message on the file as delivered.
    if (result.status === 'failed') {
      result = await promtoolCheckRules(
        groupFile(rendered.group).yaml,
        promtool,
      );
    }
  }
  return {
    valid: rendered.problems.length === 0 && result.status !== 'failed',
    problems: rendered.problems,
    promtool: result.status,
    ...(result.status === 'failed' ? { promtoolMessage: result.message } : {}),
  };
}

/** promtool is single-threaded for a rule check; use the machine's cores, within reason. */
const PROMTOOL_PROCESSES = Math.max(1, Math.min(4, availableParallelism()));

/**
 * validateRendered for many entities with one promtool run per core (a delivery run over a thousand
 * entities would otherwise start a thousand processes). Keyed by entity ref.
 *
 * @public
 */
export async function validateRenderedAll(
  all: ReadonlyArray<RenderedEntityRules>,
  promtool: string | undefined,
): Promise<Map<string, RuleValidation>> {
  const withRules = all.filter(r => r.group.rules.length > 0);
  // A few promtool processes side by side, each checking its share of the files.
  const files = withRules.map(r => ({
    key: r.entityRef,
    yaml: promtoolCheckFile(r.group),
  }));
  const parallel = files.length > 50 ? PROMTOOL_PROCESSES : 1;
  const share = Math.ceil(files.length / parallel);
  const checked = new Map(
    (
      await Promise.all(
        Array.from({ length: parallel }, (_, i) =>
          promtoolCheckRuleFiles(
            files.slice(i * share, (i + 1) * share),
            promtool,
          ),
        ),
      )
    ).flatMap(results => [...results]),
  );
  // What failed reduced is checked again whole: the verdict and message are on the real file.
  const failed = withRules.filter(
    r => checked.get(r.entityRef)?.status === 'failed',
  );
  const rechecked = await promtoolCheckRuleFiles(
    failed.map(r => ({ key: r.entityRef, yaml: groupFile(r.group).yaml })),
    promtool,
  );
  for (const [key, result] of rechecked) checked.set(key, result);
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
