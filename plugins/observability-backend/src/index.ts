export { observabilityPlugin as default } from './plugin';
export { catalogSloRules } from './slo/catalogSloRules';
export { readObservabilityConfig } from './config/readObservabilityConfig';
export type { ObservabilityConfig } from './config/readObservabilityConfig';
