export { EntityObservabilityCard } from './EntityObservabilityCard';
