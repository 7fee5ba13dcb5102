import type { Entity } from '@backstage/catalog-model';

/** PromQL label matchers naming the entity's series; turns the plugin on for the entity. @public */
export const ANNOTATION_PROMETHEUS_SELECTOR =
  'observability/prometheus-selector';
/** Which configured Prometheus-compatible instance to ask; default the first. @public */
export const ANNOTATION_PROMETHEUS_INSTANCE =
  'observability/prometheus-instance';
/** Which signal profile computes the golden signals. @public */
export const ANNOTATION_PROFILE = 'observability/profile';
/** YAML list of the entity's SLOs. @public */
export const ANNOTATION_SLOS = 'observability/slos';
/** Alertmanager matchers for the entity's alerts; default the selector's equality matchers. @public */
export const ANNOTATION_ALERT_SELECTOR = 'observability/alert-selector';
/**
 * On a Group: the name of the Alertmanager receiver its alerts go to, one defined in the
 * portal's config (`observability.alertmanager.receivers`); settings and secrets stay there.
 * @public
 */
export const ANNOTATION_ALERT_RECEIVER = 'observability/alert-receiver';
/**
 * The OpenTelemetry `service.name` of the entity's spans: which traces belong to the entity.
 * Turns the traces section on. @public
 */
export const ANNOTATION_TRACE_SERVICE = 'observability/trace-service';
/** Which configured trace instance (Jaeger or Tempo) to ask; default the first. @public */
export const ANNOTATION_TRACE_INSTANCE = 'observability/trace-instance';

/** The raw selector annotation, or undefined when absent or blank. @public */
export function getPrometheusSelectorAnnotation(
  entity: Entity,
): string | undefined {
  const value = entity.metadata.annotations?.[ANNOTATION_PROMETHEUS_SELECTOR];
  return value && value.trim() ? value : undefined;
}

/**
 * Whether the observability tab and card apply to the entity: it has a selector annotation.
 * A malformed selector still counts, so the page can show what is wrong with it.
 * @public
 */
export function isObservabilityAvailable(entity: Entity): boolean {
  return getPrometheusSelectorAnnotation(entity) !== undefined;
}
