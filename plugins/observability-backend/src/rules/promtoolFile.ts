import { PromRule, PromRuleGroup } from './ruleGroupStructure';
import { ruleFileYaml } from './renderEntityRules';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether promtool could refuse this label or annotation. Prometheus' rulefmt checks an entry's
 * name (a legacy label name, not `__name__`), a label value's UTF-8, and, on alerting rules,
 * parses every value as a Go template. Text without `{{` parses as plain text whatever it
 * holds, so an entry with a valid name, no `{{` and no lone surrogate cannot fail any check.
 */
function cannotFail(name: string, value: string): boolean {
  return (
    LABEL_NAME.test(name) &&
    !name.startsWith('__') &&
    !value.includes('{{') &&
    !LONE_SURROGATE.test(value)
  );
}

function withoutPlainEntries(
  map: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!map) return map;
  const kept = Object.entries(map).filter(([k, v]) => !cannotFail(k, v));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/**
 * The file promtool checks first: the group as delivered, less the labels and annotations that
 * cannot fail. Prometheus builds a template expander for every label and annotation of an
 * alerting rule, about a tenth of a millisecond each; a thousand entities carry tens of
 * thousands, most of them plain (severity, owner, template). Everything else (names,
 * expressions, durations, every value with a template) is checked as delivered. promtool's
 * duplicate-rule lint would now see rules that differ only in dropped labels as duplicates, so
 * the check runs with `--lint=none`; ruleGroupProblems makes the same duplicate check on the
 * real group. A file that fails here is checked again whole (promtoolCheck's callers), so its
 * verdict and message are promtool's on the file as delivered.
 */
export function promtoolCheckFile(group: PromRuleGroup): string {
  const rules = group.rules.map((rule): PromRule => {
    const { labels, annotations, ...rest } = rule;
    const keptLabels = withoutPlainEntries(labels);
    // A recording rule's annotations are an error whatever they say: leave them to be found.
    const keptAnnotations =
      rule.alert !== undefined ? withoutPlainEntries(annotations) : annotations;
    return {
      ...rest,
      ...(keptLabels ? { labels: keptLabels } : {}),
      ...(keptAnnotations ? { annotations: keptAnnotations } : {}),
    };
  });
  return ruleFileYaml([{ ...group, rules }]);
}
