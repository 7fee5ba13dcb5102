import { useCallback, useMemo, useState } from 'react';
import {
  safeHttpUrl,
  TraceSpan,
} from '@stagewatch/backstage-plugin-observability-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { ExternalLink } from '../ExternalLink';
import { formatDurationUs } from '../TracesSection/traceFormat';
import { criticalPath } from './criticalPath';
import { SpanDetails } from './SpanDetails';
import { buildSpanTree, visibleRows } from './spanTree';
import { TraceMinimap, TraceWindow } from './TraceMinimap';
import { serviceColor, timeTicks } from './waterfallScale';
import {
  LABEL_WIDTH,
  ROW_HEIGHT,
  useWaterfallStyles,
  VIEWPORT_ROWS,
} from './waterfallStyles';
import { WaterfallRows } from './WaterfallRows';

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
  const classes = useWaterfallStyles();
  const tree = useMemo(() => buildSpanTree(spans), [spans]);
  const critical = useMemo(() => criticalPath(spans), [spans]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const rows = useMemo(
    () => visibleRows(tree.rows, collapsed),
    [tree.rows, collapsed],
  );
  const [selectedId, setSelectedId] = useState(props.initialSelectedSpanId);
  const [view, setView] = useState<TraceWindow>({ from: 0, to: 1 });
  const [copied, setCopied] = useState(false);

  const services = useMemo(
    () => [...new Set(tree.rows.map(r => r.span.service))].sort(),
    [tree.rows],
  );
  const total = Math.max(tree.endUs - tree.startUs, 1);
  const windowStart = tree.startUs + view.from * total;
  const windowSpan = Math.max((view.to - view.from) * total, 1);
  const ticks = timeTicks(windowStart - tree.startUs, windowSpan);
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
          <WaterfallRows
            rows={rows}
            windowStartUs={windowStart}
            windowSpanUs={windowSpan}
            collapsed={collapsed}
            selectedId={selectedId}
            critical={critical}
            focusService={focusService}
            classes={classes}
            onSelect={setSelectedId}
            onToggle={toggle}
          />
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
