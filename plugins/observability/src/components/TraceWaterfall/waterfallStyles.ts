import { alpha, makeStyles } from '@material-ui/core/styles';

export const ROW_HEIGHT = 24;
/** A big trace scrolls within this many rows. */
export const VIEWPORT_ROWS = 20;
export const LABEL_WIDTH = 320;

/** A service's colour dot: in the legend, and before each span's name. */
const SERVICE_DOT = {
  display: 'inline-block',
  width: 10,
  height: 10,
  borderRadius: 2,
  marginRight: 4,
  verticalAlign: 'middle',
} as const;

export const useWaterfallStyles = makeStyles(theme => ({
  viewport: {
    position: 'relative',
    overflowY: 'auto',
    maxHeight: ROW_HEIGHT * VIEWPORT_ROWS,
    borderTop: `1px solid ${theme.palette.divider}`,
    // Rows come and go as it scrolls: keep their layout and paint inside the viewport.
    contain: 'strict',
  },
  row: {
    position: 'absolute',
    left: 0,
    right: 0,
    height: ROW_HEIGHT,
    // Block layout with a line height, not flex: cheaper for rows that are replaced every frame.
    lineHeight: `${ROW_HEIGHT - 1}px`,
    cursor: 'pointer',
    fontSize: 12,
    borderBottom: `1px solid ${alpha(theme.palette.divider, 0.5)}`,
    // Its layout and paint stay inside it: a row that changes does not lay out its neighbours.
    contain: 'layout paint style',
    '&:hover': { background: theme.palette.action.hover },
  },
  selected: { background: theme.palette.action.selected },
  label: {
    width: LABEL_WIDTH,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    textOverflow: 'ellipsis',
  },
  toggle: {
    width: 16,
    border: 'none',
    background: 'none',
    padding: 0,
    color: theme.palette.text.secondary,
    cursor: 'pointer',
    fontSize: 11,
  },
  name: {
    '&::before': {
      ...SERVICE_DOT,
      content: '""',
      background: 'var(--service-color)',
    },
  },
  bar: {
    position: 'absolute',
    top: 6,
    height: ROW_HEIGHT - 12,
    minWidth: 2,
    borderRadius: 2,
  },
  critical: { boxShadow: `0 -3px 0 0 ${theme.palette.text.primary} inset` },
  error: { outline: '2px solid #d32f2f', outlineOffset: 1 },
  duration: {
    position: 'absolute',
    top: 0,
    fontSize: 11,
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
  },
  axis: {
    position: 'relative',
    height: 18,
    marginLeft: LABEL_WIDTH,
    fontSize: 11,
    color: theme.palette.text.secondary,
  },
  tick: { position: 'absolute', transform: 'translateX(-50%)' },
  legendDot: SERVICE_DOT,
}));

export type WaterfallClasses = ReturnType<typeof useWaterfallStyles>;
