export { observabilityPlugin as default } from './plugin';
export { catalogSloRules } from './slo/catalogSloRules';
export { readObservabilityConfig } from '@internal/backstage-plugin-observability-node';
export type { ObservabilityConfig } from '@internal/backstage-plugin-observability-node';
