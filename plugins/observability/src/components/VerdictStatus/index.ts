export { VerdictStatus } from './VerdictStatus';
