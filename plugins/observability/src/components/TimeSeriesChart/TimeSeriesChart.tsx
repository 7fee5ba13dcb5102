import { useMemo, useState } from 'react';
import type {
  SeriesPoint,
  SignalUnit,
} from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import CardHeader from '@material-ui/core/CardHeader';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import Skeleton from '@material-ui/lab/Skeleton';
import { alignSeries } from './chartOptions';
import { ChartTable } from './ChartTable';
import { UPlotChart } from './UPlotChart';
import type { ChartMarker } from './ChartMarkers';

export const DEFAULT_CHART_HEIGHT = 220;

/** @public */
export interface TimeSeriesChartProps {
  /** Card title, e.g. "Latency". */
  title: string;
  /** Unit of every series: y axis, legend and table are formatted in it. */
  unit: SignalUnit;
  /** Already named by the caller, e.g. "p99". */
  series: Array<{ name: string; points: SeriesPoint[] }>;
  /** The x-axis range, unix seconds. */
  from: number;
  to: number;
  loading?: boolean;
  /** Shown in place of the chart. */
  error?: string;
  /** Height of the plot area in px; default 220. */
  height?: number;
  /** Drag-selecting on the plot calls this with the selected range; the chart never zooms itself. */
  onZoom?: (range: { from: number; to: number }) => void;
  /** Clickable points over the lines, e.g. exemplars linking to traces. */
  markers?: ChartMarker[];
  onMarker?: (marker: ChartMarker) => void;
  /** Under the plot: a legend for the markers, an action on the selected range. */
  footer?: JSX.Element;
}

/**
 * A card with a uPlot line chart of one signal, its states (loading, error, no data) and a
 * table view for keyboard and screen-reader users. Presentational: it fetches nothing.
 */
export const TimeSeriesChart = (props: TimeSeriesChartProps) => {
  const { title, unit, series, from, to, loading, error, onZoom } = props;
  const height =
    props.height !== undefined && props.height > 0
      ? props.height
      : DEFAULT_CHART_HEIGHT;
  const [showTable, setShowTable] = useState(false);
  const { data, hasData } = useMemo(() => alignSeries(series), [series]);
  const seriesNames = useMemo(
    () => (Array.isArray(series) ? series.map(s => String(s?.name ?? '')) : []),
    [series],
  );

  let state: 'loading' | 'error' | 'empty' | 'ready' = 'ready';
  if (loading) state = 'loading';
  else if (error) state = 'error';
  else if (!hasData) state = 'empty';

  const toggle =
    state === 'ready' ? (
      <Button
        size="small"
        variant="outlined"
        aria-pressed={showTable}
        onClick={() => setShowTable(v => !v)}
      >
        {showTable ? 'Show chart' : 'Show table'}
      </Button>
    ) : undefined;

  let body: JSX.Element;
  switch (state) {
    case 'loading':
      body = (
        <Skeleton
          variant="rect"
          height={height}
          role="progressbar"
          aria-label={`Loading ${title}`}
        />
      );
      break;
    case 'error':
      body = (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      );
      break;
    case 'empty':
      body = (
        <Box
          height={height}
          display="flex"
          alignItems="center"
          justifyContent="center"
        >
          <Typography variant="body2" color="textSecondary">
            No data for this range
          </Typography>
        </Box>
      );
      break;
    default:
      body = showTable ? (
        <ChartTable
          title={title}
          unit={unit}
          seriesNames={seriesNames}
          data={data}
          maxHeight={Math.max(height, 300)}
        />
      ) : (
        <UPlotChart
          title={title}
          unit={unit}
          seriesNames={seriesNames}
          data={data}
          from={from}
          to={to}
          height={height}
          onZoom={onZoom}
          markers={props.markers}
          onMarker={props.onMarker}
        />
      );
  }

  return (
    <Card aria-busy={state === 'loading'}>
      <CardHeader
        title={title}
        titleTypographyProps={{ variant: 'h6', component: 'h3' }}
        action={toggle}
      />
      <CardContent>
        {body}
        {props.footer}
      </CardContent>
    </Card>
  );
};
