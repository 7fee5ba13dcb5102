import { createPortal } from 'react-dom';
import { makeStyles } from '@material-ui/core/styles';

/** A point drawn over a chart that can be clicked: an exemplar and its trace. @public */
export interface ChartMarker {
  key: string;
  /** Unix seconds. */
  x: number;
  /** In the chart's unit. */
  y: number;
  /** Accessible name and tooltip, e.g. "Trace 4bf9…, 812 ms". */
  label: string;
  /** What the marker stands for, e.g. a trace id. */
  ref?: string;
}

export interface PlacedMarker {
  marker: ChartMarker;
  left: number;
  top: number;
}

const SIZE = 7;

const useStyles = makeStyles(theme => ({
  dot: {
    position: 'absolute',
    width: SIZE,
    height: SIZE,
    marginLeft: -SIZE / 2,
    marginTop: -SIZE / 2,
    padding: 0,
    borderRadius: '50%',
    border: `1.5px solid ${theme.palette.background.paper}`,
    background: theme.palette.secondary.main,
    cursor: 'pointer',
    zIndex: 5,
    '&:hover, &:focus-visible': {
      transform: 'scale(1.6)',
      outline: 'none',
      boxShadow: `0 0 0 2px ${theme.palette.secondary.main}`,
    },
  },
}));

/**
 * The markers as small buttons inside uPlot's overlay element (so they sit on the plotting area
 * and follow its size), each a keyboard-reachable control with an accessible name.
 */
export const ChartMarkers = (props: {
  over: HTMLElement;
  placed: PlacedMarker[];
  onClick: (marker: ChartMarker) => void;
}) => {
  const classes = useStyles();
  return createPortal(
    <>
      {props.placed.map(({ marker, left, top }) => (
        <button
          type="button"
          key={marker.key}
          className={classes.dot}
          style={{ left, top }}
          title={marker.label}
          aria-label={marker.label}
          data-testid="chart-marker"
          // The overlay starts a drag-selection on mouse down; a click on a dot is not one.
          onMouseDown={e => e.stopPropagation()}
          onClick={() => props.onClick(marker)}
        />
      ))}
    </>,
    props.over,
  );
};

/** Where each marker sits in the plotting area, in CSS pixels; markers outside the x range are left out. */
export function placeMarkers(
  markers: ChartMarker[],
  toLeft: (x: number) => number,
  toTop: (y: number) => number,
  width: number,
  height: number,
): PlacedMarker[] {
  const placed: PlacedMarker[] = [];
  for (const marker of markers) {
    const left = toLeft(marker.x);
    const top = toTop(marker.y);
    if (!Number.isFinite(left) || left < 0 || left > width) continue;
    // Above the y range (a slow outlier): pinned to the top edge, still clickable.
    const clamped = Number.isFinite(top)
      ? Math.min(Math.max(top, 0), height)
      : 0;
    placed.push({ marker, left, top: clamped });
  }
  return placed;
}
