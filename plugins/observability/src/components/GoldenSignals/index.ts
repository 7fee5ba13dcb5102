export { GoldenSignals } from './GoldenSignals';
