/*
 * (1) uPlot directly, with the options of our component: buildChartOptions() from the
 * TimeSeriesChart folder (20 series, time axis, unit-formatted y axis, live legend, drag select).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { lightTheme } from '@backstage/theme';
import {
  buildChartOptions,
  chartColors,
  ThemeLike,
} from '../../../../plugins/observability/src/components/TimeSeriesChart/chartOptions';
import { generateData, SETTINGS } from '../data';
import { install } from './harness';

const { times, values, names } = generateData();
const data: uPlot.AlignedData = [times, ...values];
const from = times[0]!;
const to = times[times.length - 1]!;
const colors = chartColors(lightTheme as ThemeLike);

install(
  container => {
    const opts = buildChartOptions({
      width: SETTINGS.width,
      height: SETTINGS.height,
      unit: 'reqps',
      seriesNames: names,
      colors,
      getRange: () => [from, to],
      onSelectRange: () => {},
    });
    // eslint-disable-next-line new-cap
    const plot = new uPlot(opts, data, container);
    return () => plot.destroy();
  },
  container => {
    const canvas = container.querySelector('canvas');
    const ctx = canvas?.getContext('2d');
    let inked = 0;
    if (canvas && ctx) {
      const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) inked++;
    }
    return {
      canvas: canvas ? `${canvas.width}x${canvas.height}` : 'none',
      inkedPixels: inked,
      legendSeries:
        container.querySelectorAll('.u-legend .u-series').length - 1,
    };
  },
  SETTINGS,
);
