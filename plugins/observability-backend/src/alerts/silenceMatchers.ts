import { SilenceMatcher } from './AlertmanagerClient';
import { TRUNCATION_MARKER } from './sanitizeAlertText';

/** Go's regexp.QuoteMeta: Alertmanager matches regex matchers with RE2, anchored. */
const quoteMeta = (s: string) => s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');

/**
 * Matchers for exactly one stored alert: every label as an equality matcher. A label the store
 * holds truncated or with replaced characters (sanitizeAlertText) no longer equals the value
 * Alertmanager has, so it becomes a regex on what is known: the kept prefix, any one
 * character where one was replaced, anything after the cut. A label whose name was changed
 * cannot be matched by name and is left out (the other labels still single the alert out).
 */
export function silenceMatchers(
  labels: Record<string, string>,
): SilenceMatcher[] {
  const matchers: SilenceMatcher[] = [];
  for (const [name, value] of Object.entries(labels)) {
    if (name.includes('\uFFFD') || TRUNCATION_MARKER.test(name)) continue;
    const truncated = TRUNCATION_MARKER.test(value);
    if (!truncated && !value.includes('\uFFFD')) {
      matchers.push({ name, value, isRegex: false, isEqual: true });
      continue;
    }
    const kept = truncated ? value.replace(TRUNCATION_MARKER, '') : value;
    const pattern = kept.split('\uFFFD').map(quoteMeta).join('(?s:.)');
    matchers.push({
      name,
      value: truncated ? `${pattern}(?s:.*)` : pattern,
      isRegex: true,
      isEqual: true,
    });
  }
  return matchers;
}
