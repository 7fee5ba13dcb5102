import { useEffect, useRef, useState } from 'react';
import { alpha, makeStyles } from '@material-ui/core/styles';
import type { SpanRow } from './spanTree';
import { serviceColor } from './waterfallScale';

/** The part of the trace the time axis shows, as fractions of its duration. */
export interface TraceWindow {
  from: number;
  to: number;
}

const HEIGHT = 36;

const useStyles = makeStyles(theme => ({
  minimap: {
    position: 'relative',
    height: HEIGHT,
    marginBottom: 4,
    background: alpha(theme.palette.text.primary, 0.04),
    cursor: 'crosshair',
    userSelect: 'none',
  },
  canvas: { position: 'absolute', inset: 0, width: '100%', height: '100%' },
  shade: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    background: alpha(theme.palette.text.primary, 0.15),
    pointerEvents: 'none',
  },
}));

/**
 * The whole trace in one strip (every span a line, drawn on a canvas so 10,000 spans cost one
 * draw); dragging across it selects the window the waterfall zooms to.
 */
export const TraceMinimap = (props: {
  rows: SpanRow[];
  startUs: number;
  totalUs: number;
  value: TraceWindow;
  onChange: (window: TraceWindow) => void;
  labelWidth: number;
}) => {
  const { rows, startUs, totalUs, value, onChange, labelWidth } = props;
  const classes = useStyles();
  const canvas = useRef<HTMLCanvasElement>(null);
  const strip = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ from: number; to: number }>();

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext?.('2d');
    if (!el || !ctx) return;
    const width = (el.width = el.clientWidth || 600);
    const height = (el.height = HEIGHT);
    ctx.clearRect(0, 0, width, height);
    const perRow = height / Math.max(rows.length, 1);
    rows.forEach((row, i) => {
      ctx.fillStyle = serviceColor(row.span.service);
      const x = ((row.span.startUs - startUs) / totalUs) * width;
      const w = Math.max((row.span.durationUs / totalUs) * width, 1);
      ctx.fillRect(x, i * perRow, w, Math.max(perRow, 1));
    });
  }, [rows, startUs, totalUs]);

  const fraction = (clientX: number) => {
    const box = strip.current!.getBoundingClientRect();
    return Math.min(Math.max((clientX - box.left) / (box.width || 1), 0), 1);
  };
  const shown = drag
    ? { from: Math.min(drag.from, drag.to), to: Math.max(drag.from, drag.to) }
    : value;
  return (
    <div style={{ marginLeft: labelWidth }}>
      <div
        ref={strip}
        className={classes.minimap}
        data-testid="trace-minimap"
        role="slider"
        tabIndex={0}
        aria-label="Trace minimap: drag to zoom the time axis"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(shown.from * 100)}
        aria-valuetext={`${Math.round(shown.from * 100)}% to ${Math.round(
          shown.to * 100,
        )}% of the trace`}
        onMouseDown={e => {
          const f = fraction(e.clientX);
          setDrag({ from: f, to: f });
        }}
        onMouseMove={e => drag && setDrag({ ...drag, to: fraction(e.clientX) })}
        onMouseUp={() => {
          if (drag && Math.abs(drag.to - drag.from) > 0.005) onChange(shown);
          setDrag(undefined);
        }}
        onMouseLeave={() => setDrag(undefined)}
      >
        <canvas ref={canvas} className={classes.canvas} />
        <div
          className={classes.shade}
          style={{ left: 0, width: `${shown.from * 100}%` }}
        />
        <div
          className={classes.shade}
          style={{ left: `${shown.to * 100}%`, right: 0 }}
        />
      </div>
    </div>
  );
};
