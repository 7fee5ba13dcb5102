import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_SLOS,
  parseSloAnnotation,
  SloSpec,
} from '@stagewatch/backstage-plugin-observability-common';

/** @public */
export type EntitySlos =
  | { status: 'none' }
  | { status: 'ok'; slos: SloSpec[] }
  | { status: 'invalid'; error: string };

/**
 * The entity's SLOs without throwing: the summary and overview show a bad spec, they don't fail.
 *
 * @public
 */
export function readEntitySlos(entity: Entity): EntitySlos {
  const text = entity.metadata.annotations?.[ANNOTATION_SLOS];
  if (!text?.trim()) return { status: 'none' };
  const parsed = parseCached(text);
  return 'slos' in parsed
    ? { status: 'ok', slos: parsed.slos }
    : {
        status: 'invalid',
        error: `${stringifyEntityRef(entity)}: ${parsed.error}`,
      };
}

/**
 * Parsed annotations by their text, most recently used last. The overview reads every entity's
 * SLOs on each request, and parsing the YAML was half of its work at 10,000 services; the text
 * rarely changes. Bounded, so a catalog of many distinct texts costs at most this many entries.
 */
const parsedByText = new Map<string, { slos: SloSpec[] } | { error: string }>();
const PARSED_LIMIT = 20_000;

function parseCached(text: string): { slos: SloSpec[] } | { error: string } {
  const hit = parsedByText.get(text);
  if (hit) {
    parsedByText.delete(text);
    parsedByText.set(text, hit);
    return hit;
  }
  let parsed: { slos: SloSpec[] } | { error: string };
  try {
    // Frozen: every caller shares these objects, so none may change them.
    parsed = { slos: deepFreeze(parseSloAnnotation(text)) };
  } catch (error) {
    parsed = { error: (error as Error).message };
  }
  parsedByText.set(text, parsed);
  if (parsedByText.size > PARSED_LIMIT) {
    parsedByText.delete(parsedByText.keys().next().value!);
  }
  return parsed;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
