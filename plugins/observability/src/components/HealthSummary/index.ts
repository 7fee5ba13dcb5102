export { HealthSummary } from './HealthSummary';
