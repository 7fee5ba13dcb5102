export { TimeSeriesChart, DEFAULT_CHART_HEIGHT } from './TimeSeriesChart';
export type { TimeSeriesChartProps } from './TimeSeriesChart';
export { formatValue, formatTime } from './formatValue';
export {
  alignSeries,
  buildChartOptions,
  chartColors,
  selectionToRange,
} from './chartOptions';
export type {
  ChartSeries,
  ChartColors,
  ChartOptionsParams,
} from './chartOptions';
export type { ChartMarker } from './ChartMarkers';
