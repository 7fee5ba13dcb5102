/**
 * The observability plugin's rendering, shared by its backend and its scaffolder module: config,
 * signal profiles, entity scoping, alert and SLO rules, their promtool checks and tests, and the
 * Grafana dashboard. Everything here is a pure function of an entity and the config, so the
 * scaffolder writes exactly what the backend will deliver.
 *
 * @packageDocumentation
 */

export * from './config/readObservabilityConfig';
export * from './dashboards/grafanaDashboard';
export * from './entities/resolveEntityScope';
export * from './profiles/Profile';
export * from './profiles/builtinProfiles';
export * from './profiles/intervals';
export * from './profiles/signalQueries';
export * from './prometheus/LruMap';
export * from './prometheus/scopeQuery';
export * from './rules/EntityRulesService';
export * from './rules/alertRulesConfig';
export * from './rules/builtinTemplates';
export * from './rules/delivery/ruleLocation';
export * from './rules/groupFile';
export * from './rules/profileSignals';
export * from './rules/promtoolCheck';
export * from './rules/promtoolFile';
export * from './rules/renderEntityRules';
export * from './rules/ruleGroupStructure';
export * from './rules/ruleUnitTests';
export * from './rules/ruleViews';
export * from './scaffolding/serviceMonitoring';
export * from './slo/entitySlos';
export * from './slo/generateSloRules';
export * from './slo/sliQueries';
