/**
 * The observability backend plugin: entity-scoped Prometheus, Alertmanager, Jaeger and Tempo
 * routes, SLOs, alert history and alert-rule templates delivered to Prometheus.
 *
 * @packageDocumentation
 */
export { observabilityPlugin as default } from './plugin';
export { catalogSloRules } from './slo/catalogSloRules';
export { readObservabilityConfig } from '@stagewatch/backstage-plugin-observability-node';
export type { ObservabilityConfig } from '@stagewatch/backstage-plugin-observability-node';
