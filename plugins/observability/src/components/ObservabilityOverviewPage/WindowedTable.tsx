import {
  CSSProperties,
  memo,
  ReactNode,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';

/** One column of a {@link WindowedTable}. */
export interface WindowedColumn<T> {
  id: string;
  title: string;
  /** Right-aligned, as Backstage's table aligns numbers. */
  numeric?: boolean;
  /** Bold cells and a contrasting title, Backstage's `highlight`. */
  highlight?: boolean;
  width?: CSSProperties['width'];
  cellStyle?: CSSProperties;
  headerStyle?: CSSProperties;
  /** The ascending order; a column without one does not sort. */
  compare?: (a: T, b: T) => number;
  render: (row: T) => ReactNode;
}

export type SortDirection = 'asc' | 'desc';
export interface TableSort {
  column: string;
  direction: SortDirection;
}

/**
 * The next sort after a click on a column's title, as Backstage's table cycles it: ascending,
 * descending, then back to the rows' own order.
 */
export const nextSort = (
  sort: TableSort | undefined,
  column: string,
): TableSort | undefined => {
  if (sort?.column !== column) return { column, direction: 'asc' };
  return sort.direction === 'asc' ? { column, direction: 'desc' } : undefined;
};

/** The rows in the order `sort` asks for; a stable sort, so ties keep the rows' own order. */
export function sortRows<T>(
  rows: readonly T[],
  columns: readonly WindowedColumn<T>[],
  sort: TableSort | undefined,
): T[] {
  const compare = columns.find(c => c.id === sort?.column)?.compare;
  if (!sort || !compare) return [...rows];
  return sort.direction === 'asc'
    ? [...rows].sort(compare)
    : [...rows].sort((a, b) => compare(b, a));
}

/**
 * Every row is at least this tall, so the rows above and below the window are spacers of a known
 * height and the scroll position alone says which rows to render. Cells hold a value and at most a
 * caption; the first rendered rows are measured once in case a theme's fonts make them taller. A
 * rare row that wraps anyway (a long SLO name) only shifts the rows after it inside the window.
 */
export const ROW_HEIGHT = 52;
/** Rows rendered beyond each edge of the viewport, so a fast scroll or Tab shows no gap. */
export const OVERSCAN = 6;
/**
 * Rows the viewport is assumed to show while it has no height (jsdom has no layout, a hidden
 * tab): as many as the paged table showed.
 */
export const FALLBACK_VISIBLE_ROWS = 20;

const useStyles = makeStyles(theme => ({
  scroller: {
    overflow: 'auto',
    // Tall enough for a screenful of rows, short enough that the header and the filters stay in
    // view while the rows scroll.
    maxHeight: 'max(360px, calc(100vh - 280px))',
  },
  header: {
    // As Backstage's table header, but sticky: the rows scroll under it.
    position: 'sticky',
    top: 0,
    zIndex: 1,
    backgroundColor: theme.palette.background.paper,
    padding: theme.spacing(1, 2, 1, 2.5),
    borderTop: `1px solid ${theme.palette.grey.A100}`,
    borderBottom: `1px solid ${theme.palette.grey.A100}`,
    fontWeight: theme.typography.fontWeightBold as number,
    wordBreak: 'normal',
    textTransform: 'uppercase',
  },
  highlightHeader: {
    color: theme.palette.textContrast,
  },
  highlightCell: {
    fontWeight: theme.typography.fontWeightBold as number,
  },
  // Backstage stripes rows with `:nth-of-type(odd)`, which the spacer row would flip at every
  // scrolled row; the stripe follows the row's index instead. `:nth-of-type(n)` matches every row
  // and gives these the theme's specificity.
  stripe: {
    '&:nth-of-type(n)': { backgroundColor: theme.palette.background.default },
  },
  plain: {
    '&:nth-of-type(n)': { backgroundColor: theme.palette.background.paper },
  },
  spacer: {
    padding: 0,
    border: 0,
  },
}));

type Classes = ReturnType<typeof useStyles>;

interface RowProps<T> {
  row: T;
  /** 1-based among all rows, header included, for `aria-rowindex`. */
  rowIndex: number;
  height: number;
  columns: readonly WindowedColumn<T>[];
  classes: Classes;
}

function RowOfCells<T>({
  row,
  rowIndex,
  height,
  columns,
  classes,
}: RowProps<T>) {
  return (
    <TableRow
      aria-rowindex={rowIndex}
      data-row
      // The first row (index 2, after the header) is striped, as Backstage's first odd row.
      className={rowIndex % 2 === 0 ? classes.stripe : classes.plain}
      style={{ height }}
    >
      {columns.map(column => (
        <TableCell
          key={column.id}
          align={column.numeric ? 'right' : 'left'}
          className={column.highlight ? classes.highlightCell : undefined}
          style={column.cellStyle}
        >
          {column.render(row)}
        </TableCell>
      ))}
    </TableRow>
  );
}
/** Memoized: a scroll re-renders only the rows that enter the window. */
const Row = memo(RowOfCells) as typeof RowOfCells;

/** A spacer standing for rows outside the window; hidden from assistive technology. */
const Spacer = ({
  height,
  colSpan,
  className,
}: {
  height: number;
  colSpan: number;
  className: string;
}) =>
  height > 0 ? (
    <tr aria-hidden style={{ height }}>
      <td colSpan={colSpan} className={className} />
    </tr>
  ) : null;

export interface WindowedTableProps<T> {
  rows: readonly T[];
  columns: readonly WindowedColumn<T>[];
  rowKey: (row: T) => string;
  sort?: TableSort;
  onSortChange: (sort: TableSort | undefined) => void;
  /** Shown in one full-width row when there are no rows. */
  emptyContent: ReactNode;
  /** The id of the element that names the table. */
  labelledBy?: string;
}

/**
 * A table that renders only the rows in its scroll viewport (and a few beyond), so ten thousand
 * rows cost as much to filter and repaint as thirty. A real `<table>` with column headers and
 * `aria-rowcount`/`aria-rowindex`, so assistive technology knows the rows it does not see.
 */
export function WindowedTable<T>({
  rows,
  columns,
  rowKey,
  sort,
  onSortChange,
  emptyContent,
  labelledBy,
}: WindowedTableProps<T>) {
  const classes = useStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  const measured = useRef(false);
  const [rowHeight, setRowHeight] = useState(ROW_HEIGHT);
  const [firstVisible, setFirstVisible] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);

  // The spacers make the content as tall as every row together whatever the window, so the
  // viewport's height changes with the number of rows, never with which ones are rendered.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    setViewportHeight(element.clientHeight);
    if (measured.current || !body.current) return;
    const rendered = [
      ...body.current.querySelectorAll<HTMLElement>('tr[data-row]'),
    ];
    const tallest = Math.max(
      0,
      ...rendered.map(tr => tr.getBoundingClientRect().height),
    );
    if (tallest > 0) {
      // Once only: a row given a height may still measure a border taller, and must not grow
      // the height again on every render.
      measured.current = true;
      if (tallest > rowHeight + 1) setRowHeight(Math.ceil(tallest));
    }
  }, [rows.length, rowHeight]);
  useEffect(() => {
    const onResize = () =>
      setViewportHeight(scroller.current?.clientHeight ?? 0);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  // A new filter or order starts at its first row, as the paged table went back to page one.
  useLayoutEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setFirstVisible(0);
  }, [rows]);

  const visibleRows =
    viewportHeight > 0
      ? Math.ceil(viewportHeight / rowHeight)
      : FALLBACK_VISIBLE_ROWS;
  // The sticky header covers the top of the viewport; the overscan covers the row it hides.
  const top = Math.min(firstVisible, Math.max(0, rows.length - visibleRows));
  const start = Math.max(0, top - OVERSCAN);
  const end = Math.min(rows.length, top + visibleRows + OVERSCAN);

  return (
    <div
      ref={scroller}
      className={classes.scroller}
      data-testid="windowed-table-scroller"
      onScroll={e =>
        setFirstVisible(Math.floor(e.currentTarget.scrollTop / rowHeight))
      }
    >
      <Table
        size="small"
        aria-labelledby={labelledBy}
        aria-rowcount={rows.length + 1}
      >
        <TableHead>
          <TableRow aria-rowindex={1}>
            {columns.map(column => {
              const active = sort?.column === column.id;
              return (
                <TableCell
                  key={column.id}
                  align={column.numeric ? 'right' : 'left'}
                  className={
                    column.highlight
                      ? `${classes.header} ${classes.highlightHeader}`
                      : classes.header
                  }
                  style={{ width: column.width, ...column.headerStyle }}
                  sortDirection={active ? sort.direction : false}
                >
                  {column.compare ? (
                    <TableSortLabel
                      active={active}
                      direction={active ? sort.direction : 'asc'}
                      onClick={() => onSortChange(nextSort(sort, column.id))}
                    >
                      {column.title}
                    </TableSortLabel>
                  ) : (
                    column.title
                  )}
                </TableCell>
              );
            })}
          </TableRow>
        </TableHead>
        <TableBody ref={body}>
          {rows.length === 0 ? (
            <TableRow>
              <TableCell colSpan={columns.length}>{emptyContent}</TableCell>
            </TableRow>
          ) : (
            <>
              <Spacer
                height={start * rowHeight}
                colSpan={columns.length}
                className={classes.spacer}
              />
              {rows.slice(start, end).map((row, i) => (
                <Row
                  key={rowKey(row)}
                  row={row}
                  rowIndex={start + i + 2}
                  height={rowHeight}
                  columns={columns}
                  classes={classes}
                />
              ))}
              <Spacer
                height={(rows.length - end) * rowHeight}
                colSpan={columns.length}
                className={classes.spacer}
              />
            </>
          )}
        </TableBody>
      </Table>
    </div>
  );
}
