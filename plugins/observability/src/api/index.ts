export { observabilityApiRef } from './ObservabilityApi';
export type {
  AlertsQuery,
  ObservabilityApi,
  TracesQuery,
} from './ObservabilityApi';
export { ObservabilityClient } from './ObservabilityClient';
