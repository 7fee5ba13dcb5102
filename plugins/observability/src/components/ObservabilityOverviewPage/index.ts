export { ObservabilityOverviewPage } from './ObservabilityOverviewPage';
