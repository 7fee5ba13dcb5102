import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  safeHttpUrl,
  TraceSpan,
} from '@internal/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { ExternalLink } from '../ExternalLink';
import { formatDurationUs } from '../TracesSection/traceFormat';
import { criticalPath } from './criticalPath';
import { SpanDetails } from './SpanDetails';
import { buildSpanTree, SpanRow, visibleRows } from './spanTree';
import { TraceMinimap, TraceWindow } from './TraceMinimap';
import { serviceColor, timeTicks } from './waterfallScale';

export const ROW_HEIGHT = 24;
const VIEWPORT_ROWS = 20;
/** Rows drawn above and below the viewport, so a fast scroll does not show blanks. */
const OVERSCAN = 10;
const LABEL_WIDTH = 320;

const useStyles = makeStyles(theme => ({
  viewport: {
    position: 'relative',
    overflowY: 'auto',
    maxHeight: ROW_HEIGHT * VIEWPORT_ROWS,
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  row: {
    position: 'absolute',
    left: 0,
    right: 0,
    height: ROW_HEIGHT,
    display: 'flex',
    alignItems: 'center',
    cursor: 'pointer',
    fontSize: 12,
    borderBottom: `1px solid ${alpha(theme.palette.divider, 0.5)}`,
    '&:hover': { background: theme.palette.action.hover },
  },
  selected: { background: theme.palette.action.selected },
  label: {
    width: LABEL_WIDTH,
    flexShrink: 0,
    display: 'flex',
    alignItems: 'center',
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
  track: { position: 'relative', flex: 1, height: '100%' },
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
    top: 4,
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
  legendDot: {
    display: 'inline-block',
    width: 10,
    height: 10,
    borderRadius: 2,
    marginRight: 4,
    verticalAlign: 'middle',
  },
}));

interface WaterfallRowProps {
  row: SpanRow;
  top: number;
  windowStartUs: number;
  windowSpanUs: number;
  collapsed: boolean;
  selected: boolean;
  critical: boolean;
  focus: boolean;
  classes: ReturnType<typeof useStyles>;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string) => void;
}

/** One span's row, memoized: rows that stay in view while scrolling are not drawn again. */
const WaterfallRow = memo((props: WaterfallRowProps) => {
  const { row, top, classes, onSelect, onToggle } = props;
  const { span } = row;
  const left =
    ((span.startUs - props.windowStartUs) / props.windowSpanUs) * 100;
  const width = (span.durationUs / props.windowSpanUs) * 100;
  const isCollapsed = props.collapsed;
  const rowClasses = [classes.row];
  if (props.selected) rowClasses.push(classes.selected);
  const barClasses = [classes.bar];
  if (props.critical) barClasses.push(classes.critical);
  if (span.status === 'error') barClasses.push(classes.error);
  return (
    <div
      role="treeitem"
      aria-level={row.depth + 1}
      aria-expanded={row.hasChildren ? !isCollapsed : undefined}
      aria-selected={props.selected}
      data-testid="waterfall-row"
      data-span-id={span.spanId}
      data-critical={props.critical || undefined}
      data-error={span.status === 'error' || undefined}
      className={rowClasses.join(' ')}
      style={{ top }}
      tabIndex={0}
      onClick={() => onSelect(span.spanId)}
      onKeyDown={e => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(span.spanId);
        } else if (
          row.hasChildren &&
          (e.key === 'ArrowLeft') !== isCollapsed &&
          (e.key === 'ArrowLeft' || e.key === 'ArrowRight')
        ) {
          onToggle(span.spanId);
        }
      }}
    >
      <div className={classes.label} style={{ paddingLeft: row.depth * 12 }}>
        {row.hasChildren ? (
          <button
            type="button"
            className={classes.toggle}
            aria-label={`${isCollapsed ? 'Expand' : 'Collapse'} ${span.name}`}
            onClick={e => {
              e.stopPropagation();
              onToggle(span.spanId);
            }}
          >
            {isCollapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span className={classes.toggle} />
        )}
        <span
          className={classes.legendDot}
          style={{ background: serviceColor(span.service) }}
        />
        <span
          title={`${span.service}: ${span.name}`}
          style={{
            fontWeight: props.focus ? 600 : 400,
            overflow: 'hidden',
            textOverflow: 'ellipsis',
          }}
        >
          {span.status === 'error' ? '⚠ ' : ''}
          {span.service} {span.name}
          {isCollapsed ? ` (+${row.descendants})` : ''}
        </span>
      </div>
      <div className={classes.track}>
        <div
          className={barClasses.join(' ')}
          style={{
            left: `${left}%`,
            width: `${width}%`,
            background: serviceColor(span.service),
          }}
        />
        <span
          className={classes.duration}
          style={{
            left: `calc(${Math.min(Math.max(left + width, 0), 92)}% + 4px)`,
          }}
        >
          {formatDurationUs(span.durationUs)}
        </span>
      </div>
    </div>
  );
});

export interface TraceWaterfallProps {
  spans: TraceSpan[];
  /** The entity's service: its spans' labels are bold. */
  focusService?: string;
  /** The trace in the instance's own UI; a link only when http(s). */
  traceUrl?: string;
  instanceLabel?: string;
  /** Logs of the trace (no span) or of one span; a link only when http(s). */
  logsUrl?: (span?: TraceSpan) => string | undefined;
  initialSelectedSpanId?: string;
}

/**
 * One trace as a waterfall: the span tree on a shared time axis, services in colour, errors
 * outlined, the critical path underlined. Rows are virtualized (only those in view are in the
 * DOM), so a 10,000-span trace paints as fast as a small one; the minimap zooms the time axis.
 */
export const TraceWaterfall = (props: TraceWaterfallProps) => {
  const { spans, focusService, traceUrl, instanceLabel, logsUrl } = props;
  const classes = useStyles();
  const tree = useMemo(() => buildSpanTree(spans), [spans]);
  const critical = useMemo(() => criticalPath(spans), [spans]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const rows = useMemo(
    () => visibleRows(tree.rows, collapsed),
    [tree.rows, collapsed],
  );
  const [selectedId, setSelectedId] = useState(props.initialSelectedSpanId);
  const [view, setView] = useState<TraceWindow>({ from: 0, to: 1 });
  const [scrollTop, setScrollTop] = useState(0);
  const [copied, setCopied] = useState(false);
  const viewport = useRef<HTMLDivElement>(null);
  const frame = useRef<number>();

  const onScroll = useCallback(() => {
    if (frame.current !== undefined) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = undefined;
      setScrollTop(viewport.current?.scrollTop ?? 0);
    });
  }, []);
  useEffect(
    () => () => {
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const services = useMemo(
    () => [...new Set(tree.rows.map(r => r.span.service))].sort(),
    [tree.rows],
  );
  const total = Math.max(tree.endUs - tree.startUs, 1);
  const windowStart = tree.startUs + view.from * total;
  const windowSpan = Math.max((view.to - view.from) * total, 1);
  const ticks = timeTicks(windowStart - tree.startUs, windowSpan);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(
    rows.length,
    Math.ceil((scrollTop + ROW_HEIGHT * VIEWPORT_ROWS) / ROW_HEIGHT) + OVERSCAN,
  );
  const selected = useMemo(
    () =>
      selectedId
        ? tree.rows.find(r => r.span.spanId === selectedId)?.span
        : undefined,
    [tree.rows, selectedId],
  );
  const traceId = spans[0]?.traceId ?? '';
  const traceLogs = safeHttpUrl(logsUrl?.());
  const errors = useMemo(
    () => tree.rows.filter(r => r.span.status === 'error').length,
    [tree.rows],
  );

  const toggle = useCallback(
    (spanId: string) =>
      setCollapsed(current => {
        const next = new Set(current);
        if (next.has(spanId)) next.delete(spanId);
        else next.add(spanId);
        return next;
      }),
    [],
  );
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(traceId);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  if (spans.length === 0) {
    return <Alert severity="info">This trace has no spans.</Alert>;
  }
  return (
    <Box data-testid="trace-waterfall">
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        mb={1}
        style={{ gap: 12 }}
      >
        <Typography variant="body2">
          {tree.rows.length} spans · {services.length} services ·{' '}
          {formatDurationUs(tree.endUs - tree.startUs)}
          {errors > 0 && ` · ${errors} in error`}
        </Typography>
        <Button size="small" onClick={copy} aria-label="Copy trace id">
          {copied ? 'Copied' : 'Copy trace id'}
        </Button>
        <Button size="small" onClick={() => setCollapsed(new Set())}>
          Expand all
        </Button>
        <Button
          size="small"
          onClick={() =>
            setCollapsed(
              new Set(
                tree.rows
                  .filter(r => r.depth === 0 && r.hasChildren)
                  .map(r => r.span.spanId),
              ),
            )
          }
        >
          Collapse all
        </Button>
        {(view.from > 0 || view.to < 1) && (
          <Button size="small" onClick={() => setView({ from: 0, to: 1 })}>
            Reset zoom
          </Button>
        )}
        {traceUrl && (
          <ExternalLink url={traceUrl}>
            Open in {instanceLabel ?? 'the trace UI'}
          </ExternalLink>
        )}
        {traceLogs && (
          <ExternalLink url={traceLogs}>Logs for this trace</ExternalLink>
        )}
      </Box>
      <Box mb={1}>
        {services.map(s => (
          <Typography key={s} variant="caption" style={{ marginRight: 12 }}>
            <span
              className={classes.legendDot}
              style={{ background: serviceColor(s) }}
            />
            {s}
          </Typography>
        ))}
        <Typography variant="caption" color="textSecondary">
          underlined: critical path · outlined: error
        </Typography>
      </Box>
      {tree.orphans > 0 && (
        <Box mb={1}>
          <Alert severity="warning" data-testid="orphan-note">
            {tree.orphans} span{tree.orphans === 1 ? "'s" : "s'"} parent is not
            in this trace (a partial trace): shown as roots.
          </Alert>
        </Box>
      )}
      <TraceMinimap
        rows={tree.rows}
        startUs={tree.startUs}
        totalUs={total}
        value={view}
        onChange={setView}
        labelWidth={LABEL_WIDTH}
      />
      <Box display="flex" style={{ gap: 16 }}>
        <Box flex={1} minWidth={0}>
          <div className={classes.axis} aria-hidden>
            {ticks.map(t => (
              <span
                key={t}
                className={classes.tick}
                style={{
                  left: `${
                    ((t - (windowStart - tree.startUs)) / windowSpan) * 100
                  }%`,
                }}
              >
                {formatDurationUs(t)}
              </span>
            ))}
          </div>
          <div
            ref={viewport}
            className={classes.viewport}
            // A small trace takes the room it needs; a big one scrolls within 20 rows.
            style={{
              height: Math.min(rows.length, VIEWPORT_ROWS) * ROW_HEIGHT + 1,
            }}
            onScroll={onScroll}
            role="tree"
            aria-label="Spans"
            data-testid="waterfall-viewport"
          >
            <div
              style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}
            >
              {rows.slice(first, last).map((row, i) => (
                <WaterfallRow
                  key={row.span.spanId}
                  row={row}
                  top={(first + i) * ROW_HEIGHT}
                  windowStartUs={windowStart}
                  windowSpanUs={windowSpan}
                  collapsed={collapsed.has(row.span.spanId)}
                  selected={row.span.spanId === selectedId}
                  critical={critical.has(row.span.spanId)}
                  focus={row.span.service === focusService}
                  classes={classes}
                  onSelect={setSelectedId}
                  onToggle={toggle}
                />
              ))}
            </div>
          </div>
        </Box>
        {selected && (
          <Paper
            variant="outlined"
            style={{
              width: 380,
              flexShrink: 0,
              maxHeight: ROW_HEIGHT * VIEWPORT_ROWS + 18,
              overflowY: 'auto',
            }}
          >
            <SpanDetails
              span={selected}
              traceStartUs={tree.startUs}
              onCriticalPath={critical.has(selected.spanId)}
              logsUrl={safeHttpUrl(logsUrl?.(selected))}
              onClose={() => setSelectedId(undefined)}
            />
          </Paper>
        )}
      </Box>
    </Box>
  );
};
