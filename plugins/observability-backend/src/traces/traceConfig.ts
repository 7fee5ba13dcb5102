import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { TraceLinkTemplates } from '@stagewatch/backstage-plugin-observability-common';
import { readDurationSeconds } from '@stagewatch/backstage-plugin-observability-node';

export interface TraceInstanceConfig {
  name: string;
  type: 'jaeger' | 'tempo';
  /** Without a trailing slash. */
  baseUrl: string;
  headers: Record<string, string>;
  timeoutMs: number;
  links: TraceLinkTemplates;
}

const TYPES = new Set(['jaeger', 'tempo']);

/** Reads `observability.traces.instances`; a bad entry stops the backend at start-up, named. */
export function readTraceInstances(root: Config): TraceInstanceConfig[] {
  const entries =
    root.getOptionalConfigArray('observability.traces.instances') ?? [];
  const names = new Set<string>();
  return entries.map(c => {
    const name = c.getString('name');
    const where = `observability.traces.instances '${name}'`;
    if (names.has(name)) {
      throw new InputError(
        `observability.traces.instances: duplicate name '${name}'`,
      );
    }
    names.add(name);
    const type = c.getString('type');
    if (!TYPES.has(type)) {
      throw new InputError(
        `${where}: type must be jaeger or tempo, got '${type}'`,
      );
    }
    const baseUrl = c.getString('baseUrl').replace(/\/+$/, '');
    if (!/^https?:\/\//.test(baseUrl)) {
      throw new InputError(
        `${where}: baseUrl must start with http:// or https://`,
      );
    }
    const links: TraceLinkTemplates = {};
    for (const key of ['trace', 'logs'] as const) {
      const template = c.getOptionalString(`links.${key}`);
      if (template === undefined) continue;
      if (!/^https?:\/\//.test(template)) {
        throw new InputError(
          `${where}: links.${key} must be an http(s) URL template, got '${template}'`,
        );
      }
      links[key] = template;
    }
    return {
      name,
      type: type as 'jaeger' | 'tempo',
      baseUrl,
      headers: c.getOptional<Record<string, string>>('headers') ?? {},
      timeoutMs: readDurationSeconds(c, 'timeout', 15) * 1000,
      links,
    };
  });
}
