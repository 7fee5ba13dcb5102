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
  try {
    return { status: 'ok', slos: parseSloAnnotation(text) };
  } catch (error) {
    return {
      status: 'invalid',
      error: `${stringifyEntityRef(entity)}: ${(error as Error).message}`,
    };
  }
}
