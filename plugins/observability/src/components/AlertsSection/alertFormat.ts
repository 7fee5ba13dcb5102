import { parseEntityRef } from '@backstage/catalog-model';
import type {
  AlertEventType,
  FiringAlertCount,
} from '@stagewatch/backstage-plugin-observability-common';

/** How urgent a severity label is: page/critical, ticket/warning, or anything else. */
export type SeverityLevel = 'critical' | 'warning' | 'other';

export function severityLevel(
  severity: string | null | undefined,
): SeverityLevel {
  const s = severity?.toLocaleLowerCase('en-US');
  if (s === 'critical' || s === 'page') return 'critical';
  if (s === 'warning' || s === 'ticket') return 'warning';
  return 'other';
}

const levelRank: Record<SeverityLevel, number> = {
  critical: 0,
  warning: 1,
  other: 2,
};

/** The most urgent level among counted severities; undefined when nothing fires. */
export function worstLevel(
  count: FiringAlertCount | undefined,
): SeverityLevel | undefined {
  const levels = Object.entries(count?.bySeverity ?? {})
    .filter(([, n]) => n > 0)
    .map(([severity]) => severityLevel(severity));
  if (levels.length === 0)
    return count && count.total > 0 ? 'other' : undefined;
  return levels.sort((a, b) => levelRank[a] - levelRank[b])[0];
}

/** "2 alerts firing (1 critical, 1 warning)", "No alerts firing". */
export function describeFiringCount(count: FiringAlertCount): string {
  if (count.total === 0) return 'No alerts firing';
  const parts = Object.entries(count.bySeverity)
    .filter(([, n]) => n > 0)
    .sort(
      ([a], [b]) =>
        levelRank[severityLevel(a)] - levelRank[severityLevel(b)] ||
        // `none` (no severity label) last among the rest.
        Number(a === 'none') - Number(b === 'none') ||
        a.localeCompare(b),
    )
    .map(([severity, n]) =>
      severity === 'none' ? `${n} without severity` : `${n} ${severity}`,
    );
  const head = `${count.total} alert${count.total === 1 ? '' : 's'} firing`;
  return parts.length ? `${head} (${parts.join(', ')})` : head;
}

const UNITS: Array<[seconds: number, suffix: string]> = [
  [86400, 'd'],
  [3600, 'h'],
  [60, 'm'],
  [1, 's'],
];

/** The two largest units: 252 s → "4m 12s", 3780 s → "1h 3m", 3600 s → "1h"; null → "—". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds))
    return '—';
  let rest = Math.max(0, Math.round(seconds));
  if (rest === 0) return '0s';
  const parts: string[] = [];
  for (const [size, suffix] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    // Once the largest unit is found, the next one is the last shown, even when zero.
    if (n > 0 || parts.length > 0) parts.push(`${n}${suffix}`);
    if (parts.length === 2) break;
  }
  if (parts.length === 2 && parts[1].startsWith('0')) parts.pop();
  return parts.join(' ');
}

/** "5m ago", "in 55m", "just now". */
export function formatRelative(time: number, now: number): string {
  const diff = now - time;
  if (Math.abs(diff) < 30) return 'just now';
  return diff > 0
    ? `${formatDuration(diff)} ago`
    : `in ${formatDuration(-diff)}`;
}

/** A local date and time, for tooltips and the timeline. */
export function formatTime(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'medium',
  });
}

const ALERTMANAGER_ACTORS = new Set(['webhook', 'reconciler']);

/**
 * Who did it, readable: `user:default/jane` → "jane", `user:ops/jane` → "ops/jane", the backend's
 * own sources → "Alertmanager"; anything else as it came.
 */
export function formatActor(actor: string | null | undefined): string | null {
  if (!actor) return null;
  if (ALERTMANAGER_ACTORS.has(actor)) return 'Alertmanager';
  try {
    const ref = parseEntityRef(actor);
    const name =
      ref.namespace === 'default' ? ref.name : `${ref.namespace}/${ref.name}`;
    return ref.kind.toLocaleLowerCase('en-US') === 'user'
      ? name
      : `${ref.kind.toLocaleLowerCase('en-US')}:${name}`;
  } catch {
    return actor;
  }
}

export const eventLabels: Record<AlertEventType, string> = {
  fired: 'Fired',
  acknowledged: 'Acknowledged',
  unacknowledged: 'Unacknowledged',
  silenced: 'Silenced',
  silence_expired: 'Silence expired',
  resolved: 'Resolved',
};

const DURATION_WORDS: Record<string, string> = {
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
};

/** A silence preset in words: `30m` → "30 minutes", `1d` → "1 day". */
export function describePreset(duration: string): string {
  const match = /^(\d+)([mhdw])$/.exec(duration);
  if (!match) return duration;
  const n = Number(match[1]);
  return `${n} ${DURATION_WORDS[match[2]]}${n === 1 ? '' : 's'}`;
}

/** The Alerts section's element id, so other sections of the tab can scroll to it. */
export const ALERTS_SECTION_ID = 'observability-alerts';
