import {
  parsePromDuration,
  RuleSkeleton,
} from '@stagewatch/backstage-plugin-observability-common';

/**
 * A rule as Prometheus' rule files hold it: the same fields as a template's rule skeleton, with
 * every placeholder filled and the expression scoped.
 *
 * @public
 */
export type PromRule = RuleSkeleton;

/** @public */
export interface PromRuleGroup {
  name: string;
  rules: PromRule[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** @public */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const RULE_KEYS = new Set([
  'alert',
  'record',
  'expr',
  'for',
  'keep_firing_for',
  'labels',
  'annotations',
]);

/**
 * What Prometheus' rulefmt refuses when it loads a rule file (prometheus/model/rulefmt): exactly
 * one of alert/record, a non-empty expr, valid metric and label names, durations, no
 * annotations/for on recording rules, no unknown keys, no duplicate rules. Returns the problems,
 * each naming the rule; PromQL parsing is checked by scoping, templates by checkPromTemplateText.
 *
 * @public
 */
export function ruleGroupProblems(group: PromRuleGroup): string[] {
  const problems: string[] = [];
  if (!group.name) problems.push('group name is empty');
  const seen = new Set<string>();
  group.rules.forEach((rule, i) => {
    const name = rule.alert ?? rule.record ?? '';
    const where = `rule ${i + 1} (${name || 'unnamed'})`;
    for (const key of Object.keys(rule)) {
      if (!RULE_KEYS.has(key)) problems.push(`${where}: unknown field ${key}`);
    }
    if ((rule.alert === undefined) === (rule.record === undefined)) {
      problems.push(`${where}: needs exactly one of alert and record`);
    }
    if (rule.record !== undefined) {
      if (!METRIC_NAME.test(rule.record)) {
        problems.push(`${where}: record must be a valid metric name`);
      }
      if (rule.annotations !== undefined) {
        problems.push(`${where}: a recording rule cannot have annotations`);
      }
      if (rule.for !== undefined || rule.keep_firing_for !== undefined) {
        problems.push(
          `${where}: a recording rule cannot have for or keep_firing_for`,
        );
      }
    }
    if (rule.alert !== undefined && rule.alert.trim() === '') {
      problems.push(`${where}: alert name is empty`);
    }
    if (!rule.expr || rule.expr.trim() === '') {
      problems.push(`${where}: expr is empty`);
    }
    for (const key of ['for', 'keep_firing_for'] as const) {
      const value = rule[key];
      if (value !== undefined && parsePromDuration(value) === undefined) {
        problems.push(
          `${where}: ${key} must be a duration like 5m, got ${JSON.stringify(
            value,
          )}`,
        );
      }
    }
    for (const [kind, map] of [
      ['label', rule.labels],
      ['annotation', rule.annotations],
    ] as const) {
      for (const key of Object.keys(map ?? {})) {
        if (!LABEL_NAME.test(key) || key.startsWith('__')) {
          problems.push(
            `${where}: ${kind} name ${JSON.stringify(
              key,
            )} is not a valid label name`,
          );
        }
      }
    }
    // promtool's duplicate-rule lint: the same name and labels (its series would collide).
    const identity = JSON.stringify([
      rule.alert ?? null,
      rule.record ?? null,
      Object.entries(rule.labels ?? {}).sort(),
    ]);
    if (seen.has(identity)) {
      problems.push(
        `${where}: duplicates an earlier rule of the group (same name and labels)`,
      );
    }
    seen.add(identity);
  });
  return problems;
}
