import { hasLoneSurrogate } from '@stagewatch/backstage-plugin-observability-common';
import { LABEL_NAME, PromRule, PromRuleGroup } from './ruleGroupStructure';
import { ruleFileYaml } from './renderEntityRules';

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
    !hasLoneSurrogate(value)
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
 *
 * @public
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
  return asYaml({ groups: [{ ...group, rules }] });
}

/*
 * Characters a JSON string may hold raw that a YAML reader would not read back the same: C1
 * controls, NEL and the Unicode line and paragraph separators (libyaml folds them as line
 * breaks), the byte-order mark, surrogate pairs and the non-characters.
 */
const JSON_SAFE_AS_YAML =
  /^[\t\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\uffef]*$/;

/**
 * The reduced file as JSON where that is safe: JSON is YAML (1.2 flow style with double-quoted
 * scalars, which Prometheus' yaml.v3 reads) and JSON.stringify is ten times faster than a YAML
 * emitter. A file with any other character goes through the YAML emitter instead.
 */
function asYaml(file: { groups: PromRuleGroup[] }): string {
  const json = JSON.stringify(file);
  // `\\u` escapes (C0 controls, lone surrogates) are left to the YAML emitter too.
  return JSON_SAFE_AS_YAML.test(json) && !json.includes('\\u')
    ? json
    : ruleFileYaml(file.groups);
}
