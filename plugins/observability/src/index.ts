/**
 * Observability for catalog entities: health, golden signals, SLOs and alerts on the entity page.
 *
 * @packageDocumentation
 */
export { observabilityPlugin as default } from './plugin';
export * from './api';
export {
  legacyObservabilityPlugin as observabilityPlugin,
  EntityObservabilityContent,
  EntityObservabilityHealthCard,
  ObservabilityPage,
  ObservabilityRuleTemplatesPage,
} from './legacy';
export { isObservabilityAvailable } from '@stagewatch/backstage-plugin-observability-common';
