import type { SeriesPoint } from '@stagewatch/backstage-plugin-observability-common';
import { useTheme } from '@material-ui/core/styles';

/**
 * A tiny line of the last hour. One SVG polyline is plenty for ~240 points; the full charts on
 * the Observability tab use a canvas library.
 */
export const Sparkline = ({
  points,
  label,
}: {
  points: SeriesPoint[];
  label: string;
}) => {
  const theme = useTheme();
  const values = points.filter((p): p is [number, number] => p[1] !== null);
  if (values.length < 2) return null;
  const width = 120;
  const height = 28;
  const xs = values.map(p => p[0]);
  const ys = values.map(p => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => ((x - x0) / (x1 - x0 || 1)) * width;
  const sy = (y: number) =>
    height - 2 - ((y - y0) / (y1 - y0 || 1)) * (height - 4);
  const path = values
    .map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`)
    .join(' ');
  return (
    <svg width={width} height={height} role="img" aria-label={label}>
      <polyline
        fill="none"
        stroke={theme.palette.primary.main}
        strokeWidth={1.5}
        points={path}
      />
    </svg>
  );
};
