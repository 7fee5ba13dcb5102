export { observabilityPlugin as default } from './plugin';
export { catalogSloRules } from './slo/catalogSloRules';
export { readObservabilityConfig } from '@stagewatch/backstage-plugin-observability-node';
export type { ObservabilityConfig } from '@stagewatch/backstage-plugin-observability-node';
