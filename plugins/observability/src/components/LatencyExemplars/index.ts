export { useLatencyExemplars } from './useLatencyExemplars';
