import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { SpanRow } from './spanTree';
import { ROW_HEIGHT, VIEWPORT_ROWS, WaterfallClasses } from './waterfallStyles';
import { RowMoveKey, WaterfallRow } from './WaterfallRow';

/** Rows drawn above and below the viewport, so a fast scroll does not show blanks. */
const OVERSCAN = 10;
/** The most rows in the DOM at once: the viewport (partly scrolled) and both overscans. */
const WINDOW_ROWS = VIEWPORT_ROWS + 2 * OVERSCAN + 1;

export interface WaterfallRowsProps {
  rows: SpanRow[];
  windowStartUs: number;
  windowSpanUs: number;
  collapsed: ReadonlySet<string>;
  selectedId?: string;
  critical: ReadonlySet<string>;
  focusService?: string;
  classes: WaterfallClasses;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string) => void;
}

/**
 * The scrolling part of the waterfall: only the rows in view (and an overscan) are in the DOM.
 * It holds the scroll position itself, so a scroll re-renders these rows and nothing else of
 * the waterfall (header, legend, minimap). Rows are keyed by their slot in the window rather
 * than by span: a row scrolled out hands its DOM nodes to the one scrolled in, which React
 * updates in place instead of building new nodes, and a row that stays in view keeps its slot
 * and is not drawn again. The DOM keeps the rows' order, for screen readers.
 *
 * Keyboard: the tree is one tab stop (a roving tab index, as WAI-ARIA's tree pattern has it);
 * Up, Down, Home and End move between rows, scrolling the one they reach into view, so every
 * span is reachable though only a window of them is in the DOM.
 */
export const WaterfallRows = memo((props: WaterfallRowsProps) => {
  const { rows, collapsed, critical, selectedId, focusService } = props;
  const [scrollTop, setScrollTop] = useState(0);
  const [focusIndex, setFocusIndex] = useState(0);
  const viewport = useRef<HTMLDivElement>(null);
  const frame = useRef<number>();
  /** Set by a key that moved between rows: focus the row it reached once it is drawn. */
  const focusPending = useRef(false);
  const rowCount = useRef(rows.length);
  rowCount.current = rows.length;

  const move = useCallback((from: number, key: RowMoveKey) => {
    const lastIndex = rowCount.current - 1;
    let target = from;
    if (key === 'Home') target = 0;
    else if (key === 'End') target = lastIndex;
    else if (key === 'ArrowDown') target = Math.min(from + 1, lastIndex);
    else target = Math.max(from - 1, 0);
    const el = viewport.current;
    if (el) {
      const top = target * ROW_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
        el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
      setScrollTop(el.scrollTop);
    }
    focusPending.current = true;
    setFocusIndex(target);
  }, []);
  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    viewport.current
      ?.querySelector<HTMLElement>(`[data-index="${focusIndex}"]`)
      ?.focus({ preventScroll: true });
  });

  const onScroll = useCallback(() => {
    if (frame.current !== undefined) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = undefined;
      // Commit before this frame paints, so it shows the rows of the new position.
      flushSync(() => setScrollTop(viewport.current?.scrollTop ?? 0));
    });
  }, []);
  useEffect(
    () => () => {
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    },
    [],
  );

  // Always the same number of rows (but at the ends), so scrolling never adds or drops a slot.
  const first = Math.max(
    0,
    Math.min(
      Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN,
      rows.length - WINDOW_ROWS,
    ),
  );
  const last = Math.min(rows.length, first + WINDOW_ROWS);
  // The tree's one tab stop: the row last focused, or the first in view once it scrolled away.
  const tabStop =
    focusIndex >= first && focusIndex < last
      ? focusIndex
      : Math.min(Math.floor(scrollTop / ROW_HEIGHT), rows.length - 1);
  const shown: JSX.Element[] = [];
  for (let index = first; index < last; index++) {
    const row = rows[index]!;
    const spanId = row.span.spanId;
    shown.push(
      <WaterfallRow
        key={index % WINDOW_ROWS}
        row={row}
        index={index}
        tabbable={index === tabStop}
        top={index * ROW_HEIGHT}
        windowStartUs={props.windowStartUs}
        windowSpanUs={props.windowSpanUs}
        collapsed={collapsed.has(spanId)}
        selected={spanId === selectedId}
        critical={critical.has(spanId)}
        focus={row.span.service === focusService}
        classes={props.classes}
        onSelect={props.onSelect}
        onToggle={props.onToggle}
        onMove={move}
        onFocusRow={setFocusIndex}
      />,
    );
  }
  return (
    <div
      ref={viewport}
      className={props.classes.viewport}
      // A small trace takes the room it needs; a big one scrolls within VIEWPORT_ROWS rows.
      style={{
        height: Math.min(rows.length, VIEWPORT_ROWS) * ROW_HEIGHT + 1,
      }}
      onScroll={onScroll}
      role="tree"
      aria-label="Spans"
      data-testid="waterfall-viewport"
    >
      <div style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
        {shown}
      </div>
    </div>
  );
});
