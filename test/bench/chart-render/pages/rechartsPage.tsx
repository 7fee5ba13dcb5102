/*
 * (2) The baseline: Recharts 2 (SVG), as the Roadie Prometheus plugin uses, with the same data,
 * size, colours, axes and legend. Rendered with react-dom 18 createRoot + flushSync.
 */
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { lightTheme } from '@backstage/theme';
import {
  chartColors,
  ThemeLike,
} from '../../../../plugins/observability/src/components/TimeSeriesChart/chartOptions';
import { formatValue } from '../../../../plugins/observability/src/components/TimeSeriesChart/formatValue';
import { generateData, SETTINGS } from '../data';
import { install } from './harness';

const { times, values, names } = generateData();
// Recharts wants one object per x value; built once, outside the timing.
const rows = times.map((t, i) => {
  const row: Record<string, number> = { t };
  values.forEach((v, s) => {
    row[`s${s}`] = v[i]!;
  });
  return row;
});
const colors = chartColors(lightTheme as ThemeLike);
const time = (t: number) => {
  const d = new Date(t * 1000);
  return `${String(d.getHours()).padStart(2, '0')}:${String(
    d.getMinutes(),
  ).padStart(2, '0')}`;
};

const Chart = () => (
  <LineChart width={SETTINGS.width} height={SETTINGS.height} data={rows}>
    <CartesianGrid stroke={colors.grid} />
    <XAxis
      dataKey="t"
      type="number"
      scale="time"
      domain={['dataMin', 'dataMax']}
      tickFormatter={time}
      stroke={colors.axis}
    />
    <YAxis tickFormatter={v => formatValue(v, 'reqps')} stroke={colors.axis} />
    <Tooltip />
    <Legend />
    {names.map((name, s) => (
      <Line
        key={name}
        name={name}
        dataKey={`s${s}`}
        stroke={colors.series[s % colors.series.length]}
        strokeWidth={1}
        dot={false}
        isAnimationActive={false}
        connectNulls={false}
      />
    ))}
  </LineChart>
);

install(
  container => {
    const root = createRoot(container);
    flushSync(() => root.render(<Chart />));
    return () => root.unmount();
  },
  container => ({
    lines: container.querySelectorAll('path.recharts-line-curve').length,
    pathChars: Array.from(
      container.querySelectorAll('path.recharts-line-curve'),
    ).reduce((n, p) => n + (p.getAttribute('d')?.length ?? 0), 0),
    legendItems: container.querySelectorAll('.recharts-legend-item').length,
  }),
  SETTINGS,
);
