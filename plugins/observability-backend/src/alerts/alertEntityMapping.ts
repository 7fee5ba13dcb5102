import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_ALERT_SELECTOR,
  ANNOTATION_PROMETHEUS_SELECTOR,
  LabelMatcher,
  parseSelector,
} from '@stagewatch/backstage-plugin-observability-common';

/** The label an alert carries to name its entity outright (the generated SLO rules set it). */
export const ENTITY_LABEL = 'backstage_entity';

export interface AlertRoute {
  entityRef: string;
  matchers: LabelMatcher[];
}

/**
 * Which alerts an entity claims: its `observability/alert-selector` (Alertmanager matchers), or
 * by default the equality matchers of its Prometheus selector (a regex there scopes queries well
 * but would claim alerts too loosely). Returns undefined when the entity claims nothing, or a
 * message when its selector is malformed.
 */
export function alertRouteFor(
  entity: Entity,
): AlertRoute | { entityRef: string; error: string } | undefined {
  const entityRef = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const explicit = annotations[ANNOTATION_ALERT_SELECTOR]?.trim();
  const source = explicit
    ? ANNOTATION_ALERT_SELECTOR
    : ANNOTATION_PROMETHEUS_SELECTOR;
  const text = explicit || annotations[ANNOTATION_PROMETHEUS_SELECTOR]?.trim();
  if (!text) return undefined;
  let matchers: LabelMatcher[];
  try {
    matchers = parseSelector(text, { allowNegative: Boolean(explicit) });
  } catch (error) {
    return {
      entityRef,
      error: `${entityRef}: annotation ${source} is malformed: ${
        (error as Error).message
      }`,
    };
  }
  if (!explicit) matchers = matchers.filter(m => m.op === '=');
  // A route without matchers would claim every alert.
  if (matchers.length === 0) return undefined;
  return { entityRef, matchers };
}

const regexCache = new Map<string, RegExp>();
function fullMatch(pattern: string, value: string): boolean {
  let re = regexCache.get(pattern);
  if (!re) {
    // Alertmanager, like Prometheus, anchors matcher regexes at both ends.
    re = new RegExp(`^(?:${pattern})$`);
    if (regexCache.size > 10_000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re.test(value);
}

/** Alertmanager's matcher semantics: a missing label has the value "". */
export function matchesLabels(
  matchers: LabelMatcher[],
  labels: Record<string, string>,
): boolean {
  return matchers.every(m => {
    const value = labels[m.name] ?? '';
    switch (m.op) {
      case '=':
        return value === m.value;
      case '!=':
        return value !== m.value;
      case '=~':
        return fullMatch(m.value, value);
      case '!~':
        return !fullMatch(m.value, value);
      default:
        return false;
    }
  });
}

/** Longer than any catalog entity's ref (kind, namespace and name are at most 63 each). */
const MAX_ENTITY_REF_LENGTH = 255;

/**
 * Normalises `component:checkout` to `component:default/checkout`; undefined when not a ref.
 * A `backstage_entity` label is text from Prometheus: one longer than the entity_ref column
 * (which PostgreSQL would refuse, failing the whole notification) names no entity.
 */
export function normalizeEntityRef(ref: string): string | undefined {
  try {
    const normalized = stringifyEntityRef(parseEntityRef(ref));
    return normalized.length <= MAX_ENTITY_REF_LENGTH ? normalized : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The entities an alert belongs to: the one its `backstage_entity` label names, if any;
 * otherwise every entity whose route matches its labels.
 */
export function entitiesForAlert(
  labels: Record<string, string>,
  routes: AlertRoute[],
): string[] {
  const named = labels[ENTITY_LABEL];
  if (named) {
    const ref = normalizeEntityRef(named);
    if (ref) return [ref];
  }
  return routes
    .filter(r => matchesLabels(r.matchers, labels))
    .map(r => r.entityRef)
    .sort();
}
