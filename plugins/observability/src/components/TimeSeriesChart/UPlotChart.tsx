import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
// Backstage's Jest config maps *.css to jest-css-modules and its Rspack build bundles CSS
// imports, so the stylesheet is imported here, next to the only code that needs it.
import 'uplot/dist/uPlot.min.css';
import type { SignalUnit } from '@stagewatch/backstage-plugin-observability-common';
import { alpha, makeStyles, useTheme } from '@material-ui/core/styles';
import { buildChartOptions, chartColors, ThemeLike } from './chartOptions';
import {
  ChartMarker,
  ChartMarkers,
  PlacedMarker,
  placeMarkers,
} from './ChartMarkers';

/** Width used while the container has none yet (hidden tab, jsdom); a resize corrects it. */
const FALLBACK_WIDTH = 600;

const useStyles = makeStyles(theme => ({
  plot: {
    width: '100%',
    color: theme.palette.text.primary,
    '& .u-legend': {
      fontSize: theme.typography.caption.fontSize,
      color: theme.palette.text.primary,
    },
    '& .u-select': {
      background: alpha(theme.palette.primary.main, 0.2),
    },
    '& .u-cursor-x, & .u-cursor-y': {
      borderColor: theme.palette.text.secondary,
    },
  },
}));

export interface UPlotChartProps {
  title: string;
  unit: SignalUnit;
  seriesNames: string[];
  data: uPlot.AlignedData;
  from: number;
  to: number;
  height: number;
  onZoom?: (range: { from: number; to: number }) => void;
  /** Clickable points over the lines (exemplars). */
  markers?: ChartMarker[];
  onMarker?: (marker: ChartMarker) => void;
}

function widthOf(el: HTMLElement): number {
  return el.clientWidth || el.getBoundingClientRect().width || FALLBACK_WIDTH;
}

/**
 * The canvas plot. The uPlot instance is created in an effect and destroyed on unmount; it is
 * re-created only when the series list, unit, height, theme or zoomability change, and new data
 * or a new from/to only calls setData.
 */
export const UPlotChart = (props: UPlotChartProps) => {
  const { title, unit, seriesNames, data, from, to, height, onZoom } = props;
  const { markers, onMarker } = props;
  const [over, setOver] = useState<HTMLElement>();
  const [placed, setPlaced] = useState<PlacedMarker[]>([]);
  const classes = useStyles();
  const theme = useTheme();
  const colors = useMemo(() => chartColors(theme as ThemeLike), [theme]);
  const containerRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot>();
  // What the instance currently shows, so setData is skipped right after creation.
  const shownRef = useRef<{
    data?: uPlot.AlignedData;
    from?: number;
    to?: number;
  }>({});
  // The latest props, read by the long-lived uPlot callbacks.
  const latest = useRef({ data, from, to, onZoom, seriesNames, markers });
  useEffect(() => {
    latest.current = { data, from, to, onZoom, seriesNames, markers };
  });
  /** Places the markers on the plot as drawn now (after every redraw and resize). */
  const place = useCallback((plot: uPlot) => {
    const list = latest.current.markers ?? [];
    setPlaced(
      list.length === 0
        ? []
        : placeMarkers(
            list,
            x => plot.valToPos(x, 'x'),
            y => plot.valToPos(y, 'y'),
            plot.over.clientWidth || plot.bbox.width,
            plot.over.clientHeight || plot.bbox.height,
          ),
    );
  }, []);

  const namesKey = JSON.stringify(seriesNames);
  const zoomable = Boolean(onZoom);

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return undefined;
    const current = latest.current;
    const opts = buildChartOptions({
      width: widthOf(el),
      height,
      unit,
      seriesNames: current.seriesNames,
      colors,
      getRange: () => [latest.current.from, latest.current.to],
      onSelectRange: zoomable
        ? range => latest.current.onZoom?.(range)
        : undefined,
    });
    opts.hooks = { ...opts.hooks, draw: [...(opts.hooks?.draw ?? []), place] };
    // uPlot's own name for its class is lower-case.
    // eslint-disable-next-line new-cap
    const plot = new uPlot(opts, current.data, el);
    plotRef.current = plot;
    setOver(plot.over);
    shownRef.current = {
      data: current.data,
      from: current.from,
      to: current.to,
    };

    const resize = () => {
      const width = el.clientWidth;
      if (width > 0 && width !== plot.width) plot.setSize({ width, height });
    };
    let observer: ResizeObserver | undefined;
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(resize);
      observer.observe(el);
    } else if (typeof window !== 'undefined') {
      window.addEventListener('resize', resize);
    }
    return () => {
      observer?.disconnect();
      if (!observer && typeof window !== 'undefined') {
        window.removeEventListener('resize', resize);
      }
      plot.destroy();
      plotRef.current = undefined;
      setOver(undefined);
    };
  }, [namesKey, unit, height, colors, zoomable, place]);

  useEffect(() => {
    if (plotRef.current) place(plotRef.current);
  }, [markers, place]);

  useEffect(() => {
    const plot = plotRef.current;
    const shown = shownRef.current;
    if (!plot) return;
    if (shown.data === data && shown.from === from && shown.to === to) return;
    // A different number of columns means a different series list: the effect above re-creates.
    if (data.length !== plot.series.length) return;
    plot.setData(data);
    shownRef.current = { data, from, to };
  }, [data, from, to]);

  return (
    <div
      ref={containerRef}
      className={classes.plot}
      role="figure"
      aria-label={`${title} chart`}
      data-testid="timeseries-chart-plot"
    >
      {over && onMarker && placed.length > 0 && (
        <ChartMarkers over={over} placed={placed} onClick={onMarker} />
      )}
    </div>
  );
};
