export { observabilityApiRef } from './ObservabilityApi';
export type { AlertsQuery, ObservabilityApi } from './ObservabilityApi';
export { ObservabilityClient } from './ObservabilityClient';
