import { InputError } from '@backstage/errors';
import { parse } from 'yaml';
import type { SloWindow } from './alertWindows';

/**
 * What counts as a good event.
 *
 * @public
 */
export type SloIndicator =
  | { type: 'availability' }
  | { type: 'latency'; thresholdSeconds: number }
  | { type: 'ratio'; good?: string; bad?: string; total: string };

/** @public */
export interface SloSpec {
  name: string;
  /** As written, e.g. 99.9. */
  objectivePercent: number;
  /** As a fraction, e.g. 0.999. */
  objective: number;
  window: SloWindow;
  sli: SloIndicator;
}

const windows: SloWindow[] = ['7d', '28d', '30d'];

/** `300ms`, `0.3s`, `1s` → seconds. */
function parseThreshold(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(value.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) / (match[2] === 'ms' ? 1000 : 1);
  return seconds > 0 ? seconds : undefined;
}

function fail(where: string, message: string): never {
  throw new InputError(`observability/slos: ${where}: ${message}`);
}

function parseIndicator(raw: unknown, where: string): SloIndicator {
  if (raw === 'availability') return { type: 'availability' };
  if (raw === 'latency')
    fail(
      `${where} sli`,
      'a latency SLI needs a threshold: sli: { type: latency, threshold: 300ms }',
    );
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    fail(
      `${where} sli`,
      'must be "availability", { type: latency, threshold: 300ms } or { good|bad: <PromQL>, total: <PromQL> }',
    );
  }
  const sli = raw as Record<string, unknown>;
  if (sli.type === 'availability') return { type: 'availability' };
  if (sli.type === 'latency') {
    const thresholdSeconds = parseThreshold(sli.threshold);
    if (thresholdSeconds === undefined) {
      fail(
        `${where} sli.threshold`,
        `must be a duration like 300ms or 1s, got ${JSON.stringify(
          sli.threshold,
        )}`,
      );
    }
    return { type: 'latency', thresholdSeconds };
  }
  if (sli.type !== undefined) {
    fail(
      `${where} sli.type`,
      `must be availability or latency, got ${JSON.stringify(sli.type)}`,
    );
  }
  const query = (key: 'good' | 'bad' | 'total') => {
    const value = sli[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !value.trim())
      fail(`${where} sli.${key}`, 'must be a PromQL expression');
    return value.trim();
  };
  const good = query('good');
  const bad = query('bad');
  const total = query('total');
  if (!total)
    fail(
      `${where} sli.total`,
      'is required for a custom SLI (PromQL counting all events)',
    );
  if ((good === undefined) === (bad === undefined)) {
    fail(`${where} sli`, 'give exactly one of good or bad next to total');
  }
  return { type: 'ratio', good, bad, total };
}

/**
 * Parses and validates the `observability/slos` annotation: a YAML list of SLOs. Every error
 * names the SLO (by name, or position when it has none) and the field.
 *
 * @public
 */
export function parseSloAnnotation(text: string): SloSpec[] {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new InputError(
      `observability/slos: not valid YAML: ${
        (error as Error).message.split('\n')[0]
      }`,
    );
  }
  if (!Array.isArray(raw))
    fail('the annotation', 'must be a YAML list of SLOs');
  const names = new Set<string>();
  return raw.map((item, index) => {
    let where = `SLO #${index + 1}`;
    if (!item || typeof item !== 'object' || Array.isArray(item))
      fail(where, 'must be a mapping with name, objective and sli');
    const slo = item as Record<string, unknown>;
    if (
      typeof slo.name !== 'string' ||
      !/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,62}$/.test(slo.name)
    ) {
      fail(
        `${where} name`,
        'is required: letters, digits, - and _ (at most 63)',
      );
    }
    const name = slo.name;
    where = `SLO '${name}'`;
    if (names.has(name)) fail(`${where} name`, 'is used twice');
    names.add(name);
    const objectivePercent =
      typeof slo.objective === 'string'
        ? Number(slo.objective.replace(/%$/, ''))
        : slo.objective;
    if (
      typeof objectivePercent !== 'number' ||
      !(objectivePercent > 0 && objectivePercent < 100)
    ) {
      fail(
        `${where} objective`,
        `must be a percentage between 0 and 100 (exclusive), e.g. 99.9; got ${JSON.stringify(
          slo.objective,
        )}`,
      );
    }
    const window = slo.window ?? '30d';
    if (!windows.includes(window as SloWindow)) {
      fail(
        `${where} window`,
        `must be one of ${windows.join(', ')}; got ${JSON.stringify(
          slo.window,
        )}`,
      );
    }
    return {
      name,
      objectivePercent,
      // 99.9 / 100 is 0.9990000000000001 in floating point; objectives have a few decimals at most.
      objective: Math.round(objectivePercent * 1e6) / 1e8,
      window: window as SloWindow,
      sli: parseIndicator(slo.sli, where),
    };
  });
}
