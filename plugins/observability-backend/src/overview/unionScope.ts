import type { LabelMatcher } from '@stagewatch/backstage-plugin-observability-common';

const escapeRegex = (value: string) =>
  value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One matcher per label that admits exactly the series of any of the given entities' matchers on
 * that label: `job=~"checkout|payments"`. Values are regex-escaped, and regex matchers are
 * wrapped in groups, so the union never admits more than its parts.
 */
export function unionScope(
  scopes: LabelMatcher[][],
  labelNames: string[],
): LabelMatcher[] {
  return labelNames.map(name => {
    const parts = new Set<string>();
    for (const matchers of scopes) {
      for (const m of matchers.filter(x => x.name === name)) {
        parts.add(m.op === '=' ? escapeRegex(m.value) : `(?:${m.value})`);
      }
    }
    return { name, op: '=~' as const, value: [...parts].join('|') };
  });
}

// Compiled once per pattern: the overview tests a selector's regex against every row of its
// group. Bounded, since the patterns come from annotations.
const compiled = new Map<string, RegExp>();
const anchored = (pattern: string): RegExp => {
  let re = compiled.get(pattern);
  if (!re) {
    if (compiled.size >= 1000) compiled.clear();
    re = new RegExp(`^(?:${pattern})$`);
    compiled.set(pattern, re);
  }
  return re;
};

/** Whether a series' labels satisfy every matcher (Prometheus regexes are fully anchored). */
export function labelsMatch(
  labels: Record<string, string>,
  matchers: LabelMatcher[],
): boolean {
  return matchers.every(m => {
    const value = labels[m.name] ?? '';
    switch (m.op) {
      case '=':
        return value === m.value;
      case '!=':
        return value !== m.value;
      case '=~':
        return anchored(m.value).test(value);
      case '!~':
        return !anchored(m.value).test(value);
      default:
        return false;
    }
  });
}
