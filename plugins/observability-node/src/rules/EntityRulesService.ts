import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_PROMETHEUS_SELECTOR,
  mergeRuleTemplateUses,
  readAlertRulesAnnotation,
  RuleTemplate,
  RuleTemplateUse,
} from '@stagewatch/backstage-plugin-observability-common';
import { ObservabilityConfig } from '../config/readObservabilityConfig';
import { resolveEntityScope } from '../entities/resolveEntityScope';
import { readEntitySlos } from '../slo/entitySlos';
import { AlertRulesConfig } from './alertRulesConfig';
import { RenderedEntityRules, renderEntityRules } from './renderEntityRules';

/** @public */
export interface EntityDesiredRules extends RenderedEntityRules {
  /** The Prometheus instance the entity's rules go to. */
  instance: string;
  /** What is wrong with `observability/alert-rules`; the defaults are rendered anyway. */
  annotationError?: string;
  uses: RuleTemplateUse[];
}

/**
 * The rules an entity should have: config defaults plus its `observability/alert-rules`
 * annotation, rendered for its scope and profile. A malformed annotation breaks nothing else:
 * the entity keeps its defaults and the result says what is wrong. Throws (InputError) only
 * when the entity has no usable scope at all (no or malformed selector).
 *
 * @public
 */
export function desiredEntityRules(
  entity: Entity,
  options: {
    config: ObservabilityConfig;
    rules: AlertRulesConfig;
    templates: ReadonlyMap<string, RuleTemplate>;
    /** Replaces the annotation, for previews of an edited one. */
    annotationOverride?: string;
  },
): EntityDesiredRules {
  const target = resolveEntityScope(entity, options.config);
  const subject =
    options.annotationOverride === undefined
      ? entity
      : {
          ...entity,
          metadata: {
            ...entity.metadata,
            annotations: {
              ...entity.metadata.annotations,
              'observability/alert-rules': options.annotationOverride,
            },
          },
        };
  const annotation = readAlertRulesAnnotation(subject);
  const uses = mergeRuleTemplateUses(
    options.rules.defaults,
    annotation.status === 'valid' ? annotation.uses : [],
  );
  const slos = readEntitySlos(entity);
  const usesWithoutEmptySlo =
    slos.status === 'none' ? uses.filter(u => u.template !== 'slo-burn') : uses;
  const rendered = renderEntityRules({
    entity,
    target,
    uses: usesWithoutEmptySlo,
    templates: options.templates,
    slos: sloInput(slos),
  });
  return {
    ...rendered,
    instance: target.instance,
    uses: usesWithoutEmptySlo,
    ...(annotation.status === 'invalid'
      ? { annotationError: annotation.error }
      : {}),
  };
}

function sloInput(slos: ReturnType<typeof readEntitySlos>) {
  if (slos.status === 'ok') return slos.slos;
  if (slos.status === 'invalid') return { error: slos.error };
  return [];
}

/**
 * Whether the entity gets rules at all: it has a Prometheus selector.
 *
 * @public
 */
export const hasRuleScope = (entity: Entity) =>
  !!entity.metadata.annotations?.[ANNOTATION_PROMETHEUS_SELECTOR]?.trim();

/**
 * desiredEntityRules with a memory: rendering is a pure function of the entity's ref,
 * annotations and owner, the templates (each id's version) and the process's config, and the
 * delivery task renders every entity every interval. An entity whose inputs did not change is
 * not rendered (nor scoped, nor parsed) again. Callers must not modify the results.
 *
 * @public
 */
export class EntityRulesRenderer {
  private readonly memory = new Map<string, EntityDesiredRules>();

  constructor(
    private readonly options: {
      config: ObservabilityConfig;
      rules: AlertRulesConfig;
      maxEntries?: number;
    },
  ) {}

  render(
    entity: Entity,
    templates: ReadonlyMap<string, RuleTemplate>,
  ): EntityDesiredRules {
    const signature = [...templates.values()]
      .map(t => `${t.source}:${t.id}@${t.version}`)
      .join(',');
    const key = JSON.stringify([
      entity.kind,
      entity.metadata.namespace ?? 'default',
      entity.metadata.name,
      entity.metadata.annotations ?? {},
      (entity.spec as { owner?: unknown } | undefined)?.owner ?? null,
      signature,
    ]);
    const known = this.memory.get(key);
    if (known) {
      // Most recently used last, so the oldest is dropped first.
      this.memory.delete(key);
      this.memory.set(key, known);
      return known;
    }
    const rendered = desiredEntityRules(entity, { ...this.options, templates });
    if (this.memory.size >= (this.options.maxEntries ?? 20_000)) {
      const oldest = this.memory.keys().next().value;
      if (oldest !== undefined) this.memory.delete(oldest);
    }
    this.memory.set(key, rendered);
    return rendered;
  }
}
