import type uPlot from 'uplot';
import type {
  SeriesPoint,
  SignalUnit,
} from '@stagewatch/backstage-plugin-observability-common';
import { formatValue, NO_VALUE } from './formatValue';

/*
 * Pure pieces of the chart: data alignment, colours and the uPlot options. Nothing here touches
 * the DOM or imports uPlot's runtime, so it is unit-tested without a canvas and the benchmark
 * (test/bench/chart-render) renders plain uPlot with exactly these options.
 */

export interface ChartSeries {
  name: string;
  points: SeriesPoint[];
}

export interface AlignedSeries {
  /** uPlot's columns: x (unix seconds), then one column per series. */
  data: uPlot.AlignedData;
  /** Whether any series has at least one finite value. */
  hasData: boolean;
}

type Column = Array<number | null | undefined>;

const finiteOrNull = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/** True when every series has exactly the first one's timestamps, ascending and finite. */
function sharesTimestamps(series: ChartSeries[]): boolean {
  const first = series[0]?.points ?? [];
  for (let i = 0; i < first.length; i++) {
    const t = first[i]?.[0];
    if (!Number.isFinite(t)) return false;
    if (i > 0 && !((t as number) > (first[i - 1]?.[0] as number))) return false;
  }
  return series.every(
    s =>
      s.points.length === first.length &&
      s.points.every((p, i) => p?.[0] === first[i]?.[0]),
  );
}

/**
 * Puts the series on one x column for uPlot. Null, NaN and ±Infinity values become `null`
 * (a gap, with `spanGaps: false`); a timestamp that one series lacks while another has it
 * becomes `undefined`, which uPlot draws through. Points with a non-finite time are dropped.
 */
export function alignSeries(series: ChartSeries[]): AlignedSeries {
  const list = Array.isArray(series) ? series : [];
  const safe = list.map(s => ({
    name: s?.name ?? '',
    points: Array.isArray(s?.points) ? s.points : [],
  }));
  let hasData = false;

  if (sharesTimestamps(safe)) {
    // The common case (one query, one step): no map, no sort.
    const x = (safe[0]?.points ?? []).map(p => p[0]);
    const ys = safe.map(s =>
      s.points.map(p => {
        const v = finiteOrNull(p[1]);
        if (v !== null) hasData = true;
        return v;
      }),
    );
    return { data: [x, ...ys], hasData };
  }

  const times = new Set<number>();
  for (const s of safe) {
    for (const p of s.points) {
      if (Array.isArray(p) && Number.isFinite(p[0])) times.add(p[0]);
    }
  }
  const x = [...times].sort((a, b) => a - b);
  const index = new Map(x.map((t, i) => [t, i]));
  const ys = safe.map(s => {
    const column: Column = new Array(x.length).fill(undefined);
    for (const p of s.points) {
      const i = Array.isArray(p) ? index.get(p[0]) : undefined;
      if (i === undefined) continue;
      const v = finiteOrNull(p[1]);
      if (v !== null) hasData = true;
      column[i] = v;
    }
    return column;
  });
  return { data: [x, ...ys], hasData };
}

/** Pixel selection → time range in whole unix seconds; undefined for an empty selection. */
export function selectionToRange(
  u: Pick<uPlot, 'select' | 'posToVal'>,
): { from: number; to: number } | undefined {
  const { left, width } = u.select;
  if (!(width > 0)) return undefined;
  const from = Math.floor(u.posToVal(left, 'x'));
  const to = Math.ceil(u.posToVal(left + width, 'x'));
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
    return undefined;
  }
  return { from, to };
}

/** The x range: the caller's from/to when valid, else the data's extent. */
export function xRange(
  range: [number, number] | undefined,
  dataMin: number | null,
  dataMax: number | null,
): uPlot.Range.MinMax {
  if (range && Number.isFinite(range[0]) && Number.isFinite(range[1])) {
    if (range[1] > range[0]) return range;
  }
  if (dataMin === null || dataMax === null) return [0, 1];
  return dataMax > dataMin ? [dataMin, dataMax] : [dataMin - 30, dataMax + 30];
}

/** The y range: from 0 (or the minimum, if negative) to a little above the maximum. */
export function yRange(
  dataMin: number | null,
  dataMax: number | null,
): uPlot.Range.MinMax {
  if (
    dataMin === null ||
    dataMax === null ||
    !Number.isFinite(dataMin) ||
    !Number.isFinite(dataMax)
  ) {
    return [0, 1];
  }
  const lo = Math.min(0, dataMin);
  const hi = dataMax > lo ? dataMax : lo + 1;
  return [lo, hi + (hi - lo) * 0.05];
}

export interface ChartColors {
  series: string[];
  axis: string;
  grid: string;
  font: string;
}

/* Categorical palettes (after Tableau 10): the dark one is lighter so lines keep contrast on
 * Backstage's dark background (#333/#424242); the light one is darker for white. */
const LIGHT = [
  '#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd',
  '#8c564b', '#e377c2', '#7f7f7f', '#a8a81a', '#17a2b8',
]; // prettier-ignore
const DARK = [
  '#6cb4f5', '#ff7b7b', '#6fdc6f', '#ffb259', '#c3a6ff',
  '#d4a68a', '#ff9ad5', '#c0c0c0', '#e0e05a', '#4fd8eb',
]; // prettier-ignore

/** Minimal view of an MUI v4 theme, so tests and the benchmark can pass a plain object. */
export interface ThemeLike {
  palette: {
    type: 'light' | 'dark';
    text: { secondary: string };
    divider: string;
  };
  typography?: { fontFamily?: string };
}

export function chartColors(theme: ThemeLike): ChartColors {
  const family =
    theme.typography?.fontFamily ?? 'system-ui, -apple-system, sans-serif';
  return {
    series: theme.palette.type === 'dark' ? DARK : LIGHT,
    axis: theme.palette.text.secondary,
    grid: theme.palette.divider,
    font: `12px ${family}`,
  };
}

export interface ChartOptionsParams {
  width: number;
  height: number;
  unit: SignalUnit;
  seriesNames: string[];
  colors: ChartColors;
  /** Read at every rescale, so a new from/to needs only setData, not a new chart. */
  getRange?: () => [number, number] | undefined;
  /** Given: drag-select is on and reports the range; uPlot itself never zooms. */
  onSelectRange?: (range: { from: number; to: number }) => void;
}

/** Room for the widest y label, estimated (~7 px a character at 12 px) rather than measured. */
function yAxisSize(_u: uPlot, values: string[] | null): number {
  const longest = (values ?? []).reduce((n, v) => Math.max(n, v.length), 0);
  return Math.max(40, Math.ceil(longest * 7 + 18));
}

export function buildChartOptions(params: ChartOptionsParams): uPlot.Options {
  const { unit, colors, getRange, onSelectRange } = params;
  const axis = (): uPlot.Axis => ({
    stroke: colors.axis,
    font: colors.font,
    grid: { stroke: colors.grid, width: 1 },
    ticks: { stroke: colors.grid, width: 1 },
  });
  const palette = colors.series.length ? colors.series : LIGHT;
  const series: uPlot.Series[] = params.seriesNames.map((name, i) => ({
    label: name,
    stroke: palette[i % palette.length],
    // 1 CSS px, not 1.5: without a GPU, Chromium rasterises a canvas on the main thread and
    // 1-px lines take Skia's hairline path; 20x2000 points paint in ~half the time (see
    // test/bench/chart-render).
    width: 1,
    spanGaps: false,
    value: (_u, v) =>
      v === null || v === undefined ? NO_VALUE : formatValue(v, unit),
  }));
  return {
    width: Math.max(1, Math.floor(params.width)),
    height: Math.max(1, Math.floor(params.height)),
    scales: {
      x: {
        time: true,
        range: (_u, min, max) => xRange(getRange?.(), min, max),
      },
      y: { range: (_u, min, max) => yRange(min, max) },
    },
    series: [
      { label: 'Time', value: '{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}' },
      ...series,
    ],
    axes: [
      axis(),
      {
        ...axis(),
        size: yAxisSize,
        values: (_u, splits) =>
          splits.map(v =>
            v === null || v === undefined ? '' : formatValue(v, unit),
          ),
      },
    ],
    legend: { show: true, live: true },
    cursor: {
      drag: { x: Boolean(onSelectRange), y: false, setScale: false, dist: 4 },
    },
    hooks: onSelectRange
      ? {
          setSelect: [
            u => {
              const range = selectionToRange(u);
              // Clear the shaded box; the caller changes from/to and the chart follows.
              u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
              if (range) onSelectRange(range);
            },
          ],
        }
      : {},
  };
}
