import { CSSProperties, memo } from 'react';
import { formatDurationUs } from '../TracesSection/traceFormat';
import type { SpanRow } from './spanTree';
import { LABEL_WIDTH, WaterfallClasses } from './waterfallStyles';
import { serviceColor } from './waterfallScale';

/** The keys that move focus between rows. */
export type RowMoveKey = 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';
const MOVE_KEYS: ReadonlySet<string> = new Set<RowMoveKey>([
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
]);

export interface WaterfallRowProps {
  row: SpanRow;
  /** Its place among the visible rows. */
  index: number;
  /** The tree's one tab stop. */
  tabbable: boolean;
  top: number;
  windowStartUs: number;
  windowSpanUs: number;
  collapsed: boolean;
  selected: boolean;
  critical: boolean;
  focus: boolean;
  classes: WaterfallClasses;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string) => void;
  onMove: (fromIndex: number, key: RowMoveKey) => void;
  onFocusRow: (index: number) => void;
}

/** One span's row, memoized: rows that stay in view while scrolling are not drawn again. */
export const WaterfallRow = memo((props: WaterfallRowProps) => {
  const { row, top, classes, onSelect, onToggle } = props;
  const { span } = row;
  const left =
    ((span.startUs - props.windowStartUs) / props.windowSpanUs) * 100;
  const width = (span.durationUs / props.windowSpanUs) * 100;
  const isCollapsed = props.collapsed;
  const color = serviceColor(span.service);
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
      data-index={props.index}
      tabIndex={props.tabbable ? 0 : -1}
      onClick={() => onSelect(span.spanId)}
      onFocus={() => props.onFocusRow(props.index)}
      onKeyDown={e => {
        if (MOVE_KEYS.has(e.key)) {
          e.preventDefault();
          props.onMove(props.index, e.key as RowMoveKey);
        } else if (e.key === 'Enter' || e.key === ' ') {
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
      <div
        className={classes.label}
        // A leaf has no toggle: its name starts where a toggle would end.
        style={{ paddingLeft: row.depth * 12 + (row.hasChildren ? 0 : 16) }}
      >
        {row.hasChildren && (
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
        )}
        <span
          className={classes.name}
          title={`${span.service}: ${span.name}`}
          // The service's dot is the name's ::before, coloured by this variable: one element less.
          style={
            {
              '--service-color': color,
              fontWeight: props.focus ? 600 : 400,
            } as CSSProperties
          }
        >
          {`${span.status === 'error' ? '⚠ ' : ''}${span.service} ${span.name}${
            isCollapsed ? ` (+${row.descendants})` : ''
          }`}
        </span>
      </div>
      {/* Bar and duration sit on the row itself, at a fraction of the width after the label. */}
      <div
        className={barClasses.join(' ')}
        style={{
          left: `calc(${LABEL_WIDTH}px + (100% - ${LABEL_WIDTH}px) * ${
            left / 100
          })`,
          width: `calc((100% - ${LABEL_WIDTH}px) * ${width / 100})`,
          background: color,
        }}
      />
      <span
        className={classes.duration}
        style={{
          left: `calc(${LABEL_WIDTH + 4}px + (100% - ${LABEL_WIDTH}px) * ${
            Math.min(Math.max(left + width, 0), 92) / 100
          })`,
        }}
      >
        {formatDurationUs(span.durationUs)}
      </span>
    </div>
  );
});
