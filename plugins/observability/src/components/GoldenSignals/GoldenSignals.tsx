import type {
  ResolvedRange,
  Series,
  SignalName,
  SignalSeries,
  SignalsResponse,
} from '@stagewatch/backstage-plugin-observability-common';
import { useMemo } from 'react';
import Grid from '@material-ui/core/Grid';
import { ChartMarker, TimeSeriesChart } from '../TimeSeriesChart';
import { fillGaps } from './fillGaps';

/** A series' name: its distinguishing labels, or the fallback when it has none. */
export function seriesName(series: Series, fallback: string): string {
  const labels = Object.entries(series.labels).filter(
    ([k]) => k !== '__name__',
  );
  return labels.length
    ? labels.map(([k, v]) => `${k}=${v}`).join(', ')
    : fallback;
}

function chartSeries(
  signals: SignalSeries[],
  names: Array<[SignalName, string]>,
  range: ResolvedRange | undefined,
) {
  return names.flatMap(([name, label]) => {
    const signal = signals.find(s => s.name === name);
    return (signal?.series ?? []).map(s => ({
      name: seriesName(s, label),
      points: range ? fillGaps(s.points, range) : s.points,
    }));
  });
}

function errorOf(
  signals: SignalSeries[],
  names: SignalName[],
): string | undefined {
  const failed = signals.filter(s => names.includes(s.name) && s.error);
  return failed.length === names.length ? failed[0]?.error : undefined;
}

export interface GoldenSignalsProps {
  signals?: SignalsResponse;
  loading: boolean;
  error?: Error;
  from: number;
  to: number;
  onZoom: (range: { from: number; to: number }) => void;
  /** On the latency chart: exemplar dots that open their trace, and what goes under it. */
  latency?: {
    markers?: ChartMarker[];
    onMarker?: (marker: ChartMarker) => void;
    footer?: JSX.Element;
  };
}

/** The four golden-signal charts of the tab: latency, traffic, errors, saturation. */
export const GoldenSignals = ({
  signals,
  loading,
  error,
  from,
  to,
  onZoom,
  latency,
}: GoldenSignalsProps) => {
  const list = useMemo(() => signals?.signals ?? [], [signals]);
  const saturation = list.find(s => s.name === 'saturation');
  const common = {
    from: signals?.range.from ?? from,
    to: signals?.range.to ?? to,
    loading: loading && !signals,
    onZoom,
  };
  // Memoized: the charts only re-align their data when the signals actually change.
  const charts = useMemo(
    () => [
      {
        title: 'Latency',
        unit: 'seconds' as const,
        series: chartSeries(
          list,
          [
            ['latencyP50', 'p50'],
            ['latencyP95', 'p95'],
            ['latencyP99', 'p99'],
          ],
          signals?.range,
        ),
        error: errorOf(list, ['latencyP50', 'latencyP95', 'latencyP99']),
      },
      {
        title: 'Traffic',
        unit: 'reqps' as const,
        series: chartSeries(
          list,
          [['requestRate', 'requests']],
          signals?.range,
        ),
        error: errorOf(list, ['requestRate']),
      },
      {
        title: 'Errors',
        unit: 'ratio' as const,
        series: chartSeries(
          list,
          [['errorRatio', 'error ratio']],
          signals?.range,
        ),
        error: errorOf(list, ['errorRatio']),
      },
      {
        title: `Saturation${saturation ? ` (${saturation.title})` : ''}`,
        unit: saturation?.unit ?? ('count' as const),
        series: chartSeries(
          list,
          [['saturation', saturation?.title ?? 'saturation']],
          signals?.range,
        ),
        error: errorOf(list, ['saturation']),
      },
    ],
    [list, saturation, signals?.range],
  );
  return (
    <Grid container spacing={3}>
      {charts.map(chart => (
        <Grid item xs={12} lg={6} key={chart.title}>
          <TimeSeriesChart
            {...common}
            title={chart.title}
            unit={chart.unit}
            series={chart.series}
            error={error?.message ?? chart.error}
            {...(chart.title === 'Latency' ? latency : {})}
          />
        </Grid>
      ))}
    </Grid>
  );
};
