/*
 * (3) Our real TimeSeriesChart component (MUI Card, React 18, uPlot), bundled as the app would
 * bundle it, in Backstage's light theme. The timing includes the component's own data alignment
 * of the wire-format points, the React render, the effect that creates uPlot, and the paint.
 */
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { ThemeProvider } from '@material-ui/core/styles';
import { lightTheme } from '@backstage/theme';
import type { SeriesPoint } from '@stagewatch/backstage-plugin-observability-common';
import { TimeSeriesChart } from '../../../../plugins/observability/src/components/TimeSeriesChart/TimeSeriesChart';
import { generateData, SETTINGS } from '../data';
import { install } from './harness';

const { times, values, names } = generateData();
// The wire format the component receives: [unix seconds, value] pairs per named series.
const series = values.map((v, s) => ({
  name: names[s]!,
  points: times.map((t, i): SeriesPoint => [t, v[i]!]),
}));
const from = times[0]!;
const to = times[times.length - 1]!;

install(
  container => {
    const root = createRoot(container);
    flushSync(() =>
      root.render(
        <ThemeProvider theme={lightTheme}>
          <TimeSeriesChart
            title="Requests"
            unit="reqps"
            series={series}
            from={from}
            to={to}
            height={SETTINGS.height}
            onZoom={() => {}}
          />
        </ThemeProvider>,
      ),
    );
    return () => root.unmount();
  },
  container => {
    const canvas = container.querySelector('canvas');
    return {
      canvas: canvas ? `${canvas.width}x${canvas.height}` : 'none',
      legendSeries:
        container.querySelectorAll('.u-legend .u-series').length - 1,
      cardTitle: container.querySelector('h3')?.textContent ?? '',
    };
  },
  SETTINGS,
);
