/** An ISO time as Unix seconds, for RelativeTime; undefined when absent or unreadable. */
export function isoSeconds(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/** Where a validation message points: the backend writes "line N, column M" for template text. */
export interface ProblemPosition {
  /** The field before the position, e.g. `rules[0].expr`, when the message names one. */
  field?: string;
  line: number;
  column: number;
}

const POSITION = /(?:(\S+) \()?line (\d+), column (\d+)\)?/;

export function problemPosition(message: string): ProblemPosition | undefined {
  const match = POSITION.exec(message);
  if (!match) return undefined;
  return {
    field: match[1],
    line: Number(match[2]),
    column: Number(match[3]),
  };
}

/**
 * The text a field path such as `rules[0].expr` or `rules[1].annotations.summary` names in a
 * template body; undefined when the path leads nowhere or not to text.
 */
export function fieldText(body: unknown, field: string): string | undefined {
  const parts = field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
  let at: unknown = body;
  for (const part of parts) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return typeof at === 'string' ? at : undefined;
}

/** The parameters as `name=value`, in the order the backend gave them. */
export function formatParams(
  params: Record<string, number | string>,
): string[] {
  return Object.entries(params).map(([name, value]) => `${name}=${value}`);
}
