export { TimeRangeControls } from './TimeRangeControls';
