export { TraceWaterfall } from './TraceWaterfall';
export type { TraceWaterfallProps } from './TraceWaterfall';
export { criticalPath } from './criticalPath';
export { buildSpanTree, visibleRows } from './spanTree';
