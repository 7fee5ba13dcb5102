/**
 * Scaffolder actions that prewire monitoring into new services: observability annotations,
 * rendered and promtool-tested alert and SLO rules, and a Grafana dashboard.
 *
 * @packageDocumentation
 */

export { scaffolderModule as default } from './module';
export { createAnnotationsAction } from './actions/annotations';
export { createRenderRulesAction } from './actions/renderRules';
export { createGrafanaDashboardAction } from './actions/grafanaDashboard';
